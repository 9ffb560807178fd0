// What polsearch-index shows while it works and when it ends: the progress line on a terminal
// (a pseudo-terminal here) and with --progress, and the summary.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "support.h"

using namespace polsearch;

namespace {

// `count` records with long abstracts: slow to analyse, so that when the input has been read
// the last ones are still being analysed and written.
std::string slow_records(int count) {
    std::string words;
    for (int i = 0; i < 400; ++i)
        words += "Regional water politics and energy security of Central Asian states ";
    std::string lines;
    for (int i = 0; i < count; ++i) {
        lines += R"({"id": "slow-)" + std::to_string(i) + R"(", "title": "Record )" +
                 std::to_string(i) + R"(", "abstract": ")" + words + R"("})" + "\n";
    }
    return lines;
}

std::string small_records(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i) {
        lines += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Record number " +
                 std::to_string(i) + "\"}\n";
    }
    return lines;
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

TEST_CASE("on a terminal the progress line is cleared before the summary, after a committing line",
          "[index_output]") {
    // The summary was written onto the progress line ("300 records, 45 records/s, 99%, ETA 0
    // spolsearch-index: 300 added, ...") when the progress line was drawn again while the
    // last records were written, after it had been cleared.
    test::TempDir dir;
    test::write_file(dir / "slow.jsonl", slow_records(300));
    const auto result =
        test::run_in_terminal(test::program("polsearch-index") + " --threads 2 --db " +
                              (dir / "db") + " " + (dir / "slow.jsonl"));
    INFO(result.out);
    REQUIRE(result.status == 0);
    const auto summary = result.out.find("polsearch-index: 300 added, 0 replaced");
    REQUIRE(summary != std::string::npos);
    const std::string before = result.out.substr(0, summary);
    // The summary begins a line of its own: the progress line cleared, or a line ended.
    CHECK((ends_with(before, "\r\033[K") || ends_with(before, "\n")));
    // The last states shown before it: every record read, the last ones being committed, then
    // the new database's two parts (--threads 2) merged; not "100%, ETA 0 s" as if all were
    // done.
    CHECK(before.find("\rpolsearch-index: 300 records read, committing\033[K") !=
          std::string::npos);
    const auto last_drawn = before.rfind("\rpolsearch-index: ");
    REQUIRE(last_drawn != std::string::npos);
    CHECK_THAT(before.substr(last_drawn),
               Catch::StartsWith("\rpolsearch-index: 300 records read, compacting\033[K"));
    CHECK(result.out.find("100%") == std::string::npos);
    // Nothing drawn after the summary.
    CHECK(result.out.find("\rpolsearch-index", summary) == std::string::npos);
}

TEST_CASE(
    "with --progress each line has the time, a committing line comes last, counts have commas",
    "[index_output]") {
    test::TempDir dir;
    test::write_file(dir / "many.jsonl", small_records(1200));
    const std::string index =
        test::program("polsearch-index") + " --db " + (dir / "db") + " " + (dir / "many.jsonl");
    REQUIRE(test::run(index + " --quiet").status == 0);
    const auto result = test::run(index + " --progress --force");
    INFO(result.err);
    REQUIRE(result.status == 0);
    const std::string time = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ )";
    // "2026-11-28T14:03:30Z polsearch-index: 1 records, 2,345 records/s, 0%, ETA 3 s" (no ETA
    // once the input is read and records are still analysed)
    CHECK(std::regex_search(
        result.err,
        std::regex("(^|\n)" + time +
                   R"(polsearch-index: [\d,]+ records, [\d,]+ records/s, \d+%(, ETA \d+ s)?\n)")));
    // Then, as the last progress line, right before the summary, the commit; and the summary
    // writes numbers as the progress line does.
    CHECK(std::regex_search(
        result.err,
        std::regex(time + "polsearch-index: 1,200 records read, committing\n"
                          "polsearch-index: 0 added, 1,200 replaced, 0 unchanged, 0 deleted, 0 "
                          "skipped; 1,200 records in ")));
}

TEST_CASE("reading a pipe, whose size is unknown, the progress shows records and a rate only",
          "[index_output]") {
    // With a pipe beside a file, the bytes read from the pipe were counted against the size of
    // the file alone: "100%, ETA 0 s" while the pipe was still being read.
    test::TempDir dir;
    test::write_file(dir / "first.jsonl", small_records(50));
    test::write_file(dir / "rest.jsonl", small_records(300));
    REQUIRE(mkfifo((dir / "pipe").c_str(), 0600) == 0);
    const auto result =
        test::run("cat " + (dir / "rest.jsonl") + " > " + (dir / "pipe") + " & " +
                  test::program("polsearch-index") + " --progress --format jsonl --db " +
                  (dir / "db") + " " + (dir / "first.jsonl") + " " + (dir / "pipe"));
    INFO(result.err);
    REQUIRE(result.status == 0);
    CHECK_THAT(result.err, Catch::Contains(" records/s\n"));
    CHECK(result.err.find('%') == std::string::npos);
    CHECK(result.err.find("ETA") == std::string::npos);
    // Standard input likewise.
    const auto piped =
        test::run("cat " + (dir / "rest.jsonl") + " | " + test::program("polsearch-index") +
                  " --progress --force --db " + (dir / "db") + " -");
    CHECK(piped.status == 0);
    CHECK(piped.err.find('%') == std::string::npos);
    // --help says so.
    const auto help = test::run(test::program("polsearch-index") + " --help");
    CHECK_THAT(help.out, Catch::Contains("whose size is unknown"));
}
