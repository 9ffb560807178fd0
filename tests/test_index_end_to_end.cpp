// End-to-end: polsearch-index as a nightly job runs it, on the fixtures of every format, with
// a lock held by another job, and killed with SIGKILL in the middle of its work.
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/index_writer.h"
#include "index/schema.h"
#include "support.h"

using namespace polsearch;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string index_command(const std::string& db) {
    return test::program("polsearch-index") + " --summary json --db " + test::shell_quote(db) + " ";
}

std::vector<std::string> search_ids(const std::string& db, const std::string& query) {
    const auto result =
        test::run(test::program("polsearch-search") + " --format json --limit 50 --db " +
                  test::shell_quote(db) + " " + test::shell_quote(query));
    REQUIRE(result.status == 0);
    const json parsed = json::parse(result.out);
    std::vector<std::string> ids;
    for (const auto& hit : parsed["hits"]) ids.push_back(hit["id"]);
    return ids;
}

// `count` short records r0, r1, ... in a JSON Lines file.
std::string many_records(const test::TempDir& dir, int count) {
    std::string lines;
    for (int i = 0; i < count; ++i) {
        lines += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Soft power " +
                 std::to_string(i) + "\", \"abstract\": \"Kazakhstan and Central Asia, part " +
                 std::to_string(i % 97) + ".\"}\n";
    }
    const std::string path = dir / "many.jsonl";
    test::write_file(path, lines);
    return path;
}

Xapian::doccount count_records(const std::string& db) {
    try {
        return Xapian::Database(db).get_doccount();
    } catch (const Xapian::Error&) {
        return 0;  // not created yet
    }
}

// Every record of the database is r0 ... r(N-1): the records of the first N lines, no others.
bool holds_a_prefix_of_the_input(const std::string& db) {
    Xapian::Database database(db);
    for (Xapian::doccount i = 0; i < database.get_doccount(); ++i) {
        if (!database.term_exists("Qr" + std::to_string(i))) return false;
    }
    return true;
}

// Waits until a killed process has stopped: gone, or a zombie that nobody has reaped yet.
void wait_until_gone(pid_t pid) {
    // A zombie whose other threads have exited too: the thread group's leader turns zombie
    // while its other threads may still be exiting, and they share its open files, the
    // database lock among them. Regression: the next job of the kill test once found the
    // database "locked by another indexing job" (scripts/test, 2026-12-08).
    const std::string proc = "/proc/" + std::to_string(pid);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
        const std::string stat = test::read_file(proc + "/stat");
        const auto state = stat.rfind(')');
        if (state != std::string::npos && stat.size() > state + 2 && stat[state + 2] == 'Z') {
            std::error_code error;
            std::size_t threads = 0;
            for (auto it = fs::directory_iterator(proc + "/task", error);
                 !error && it != fs::directory_iterator(); it.increment(error))
                ++threads;
            if (threads <= 1) return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// A JSON Lines file of `count` short records PREFIX0, PREFIX1, ...
std::string records_named(const test::TempDir& dir, const std::string& prefix, int count) {
    std::string lines;
    for (int i = 0; i < count; ++i) {
        lines += "{\"id\": \"" + prefix + std::to_string(i) + "\", \"title\": \"Water policy " +
                 std::to_string(i) + "\", \"abstract\": \"Rivers of Central Asia.\"}\n";
    }
    const std::string path = dir / (prefix + ".jsonl");
    test::write_file(path, lines);
    return path;
}

// Starts a shell command in the background; its exit status is written to `status_file` when
// it ends.
void start(const std::string& command, const std::string& status_file) {
    const std::string line = "( " + command + "; echo $? >" + test::shell_quote(status_file) +
                             ".tmp; mv " + test::shell_quote(status_file) + ".tmp " +
                             test::shell_quote(status_file) + " ) </dev/null >/dev/null 2>&1 &";
    REQUIRE(std::system(line.c_str()) == 0);
}

// Waits (two minutes at most) until `done` is true.
template <class Condition>
bool eventually(Condition done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

int exit_status_in(const std::string& status_file) {
    REQUIRE(eventually([&] { return std::filesystem::exists(status_file); }));
    return std::stoi(test::read_file(status_file));
}

bool has_record(const std::string& db, const std::string& id) {
    return Xapian::Database(db).term_exists(schema::id_term(id));
}

}  // namespace

TEST_CASE("every format's fixtures are indexed and searchable", "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const auto result = test::run(
        index_command(db) + test::shell_quote(test::source_path("tests/fixtures/oai-harvest")) +
        " " + test::shell_quote(test::source_path("tests/fixtures/ris")) + " " +
        test::shell_quote(test::source_path("tests/fixtures/csv/scopus.csv")));
    INFO(result.err);
    REQUIRE(result.status == 0);
    const json summary = json::parse(result.out);
    CHECK(summary["added"] == 4 + 3 + 3);
    CHECK(summary["deleted"] == 1);
    CHECK(summary["not_found"] == 1);
    CHECK(summary["records"] == 9);
    CHECK(search_ids(db, "water diplomacy").at(0) == "10.32523/2616-6887-2025-150-1-10-25");
    CHECK(search_ids(db, "су дипломатиясы").at(0) == "10.32523/2616-6887-2025-150-1-10-25");
    CHECK(search_ids(db, "Semipalatinsk") == std::vector<std::string>{"2-s2.0-85060000001"});
    CHECK(search_ids(db, "Электоральные реформы").empty());
    CHECK(search_ids(db, "author:Nurgaliyeva") ==
          std::vector<std::string>{"10.37178/ca-c.21.2.05"});
    CHECK(search_ids(db, "избирательного законодательства").empty());  // deleted on page 2

    // Deleting by OAI identifier and by id, from the command line and from a file.
    test::write_file(dir / "withdrawn.txt",
                     "# withdrawn in December\n2-s2.0-85060000001\n\nno-such-id\n");
    const auto deleted =
        test::run(index_command(db) + "--delete oai:journal.example.kz:article/101 --delete-from " +
                  test::shell_quote(dir / "withdrawn.txt"));
    REQUIRE(deleted.status == 0);
    const json after = json::parse(deleted.out);
    CHECK(after["deleted"] == 2);
    CHECK(after["not_found"] == 1);
    CHECK(after["records"] == 7);
    CHECK(deleted.err.find(dir / "withdrawn.txt" +
                           ":4: no record with id 'no-such-id' to delete") != std::string::npos);
    const auto left = search_ids(db, "water diplomacy");
    CHECK(std::find(left.begin(), left.end(), "10.32523/2616-6887-2025-150-1-10-25") == left.end());
}

TEST_CASE("bad input: exit 3 with each record named, exit 1 for a damaged file",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string ris = test::source_path("tests/fixtures/malformed/broken.ris");
    const auto skipped = test::run(index_command(dir / "db") + test::shell_quote(ris));
    CHECK(skipped.status == 3);
    CHECK(skipped.err.find("skipped " + ris + ":10: invalid UTF-8 (byte 0xFF)") !=
          std::string::npos);
    const json summary = json::parse(skipped.out);
    CHECK(summary["added"] == 2);
    CHECK(summary["skipped"] == 6);
    CHECK(summary["skips"][3]["where"] == ris + ":12");
    CHECK(summary["skips"][3]["reason"] == "field 'DO' is not a DOI: 'n/a'");

    const std::string truncated = test::source_path("tests/fixtures/malformed/oai-truncated.xml");
    const auto failed = test::run(index_command(dir / "db2") + test::shell_quote(truncated));
    CHECK(failed.status == 1);
    CHECK(failed.err.find(truncated + ":11: malformed XML") != std::string::npos);
    CHECK(json::parse(failed.out)["added"] == 1);  // the record before the damage is kept
    CHECK(search_ids(dir / "db2", "complete record") == std::vector<std::string>{"oai:x:1"});
}

TEST_CASE("a damaged .gz: exit 1 naming file, member and line, none of that member indexed",
          "[index_end_to_end]") {
    // Records of a member were committed before its CRC was checked at its end: a flipped byte
    // gave garbled records in the database.
    test::TempDir dir;
    const std::string first = dir / "first.jsonl";
    test::write_file(first, test::read_file(many_records(dir, 1000)));
    std::string second_lines;
    for (int i = 1000; i < 3000; ++i) {
        second_lines += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Soft power " +
                        std::to_string(i * 7919) + "\"}\n";
    }
    const std::string second = dir / "second.jsonl";
    test::write_file(second, second_lines);
    REQUIRE(std::system(("gzip -9 " + test::shell_quote(first) + " " + test::shell_quote(second))
                            .c_str()) == 0);
    const std::string good = test::read_file(first + ".gz");
    std::string damaged = test::read_file(second + ".gz");
    SECTION("truncated") {
        damaged.resize(damaged.size() * 2 / 3);
    }
    SECTION("a byte flipped") {
        damaged[damaged.size() / 2] ^= 0x08;
    }
    const std::string input = dir / "input.jsonl.gz";
    test::write_file(input, good + damaged);
    for (const bool standard_input : {false, true}) {
        INFO(standard_input);
        const std::string db = dir / (standard_input ? "db-stdin" : "db-file");
        const auto result = test::run(
            standard_input ? index_command(db) + "--commit-every 10 - < " + test::shell_quote(input)
                           : index_command(db) + "--commit-every 10 " + test::shell_quote(input));
        CHECK(result.status == 1);
        const std::string shown = standard_input ? "-" : input;
        CHECK(result.err.find("polsearch-index: " + shown + ":1001: ") != std::string::npos);
        CHECK(result.err.find("gzip member 2") != std::string::npos);
        const json summary = json::parse(result.out);
        CHECK(summary["added"] == 1000);
        CHECK(summary["records"] == 1000);
        CHECK(summary["failed_inputs"] == 1);
        CHECK(holds_a_prefix_of_the_input(db));
    }
}

TEST_CASE("a second indexing job fails at once, or waits with --wait-lock", "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string input = test::shell_quote(test::source_path("tests/fixtures/ris/zotero.ris"));
    auto holder = std::make_unique<IndexWriter>(db);  // another job holds the lock
    const auto refused = test::run(index_command(db) + input);
    CHECK(refused.status == 1);
    CHECK(refused.err ==
          "polsearch-index: database '" + db +
              "' is locked by another indexing job (wait for it with --wait-lock)\n");

    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        holder.reset();
    });
    const auto started = std::chrono::steady_clock::now();
    const auto waited = test::run(index_command(db) + "--wait-lock " + input);
    release.join();
    CHECK(waited.status == 0);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1400));
    CHECK(waited.err.find("waiting for another indexing job to finish") != std::string::npos);
    CHECK(json::parse(waited.out)["added"] == 2);
}

TEST_CASE("kill -9 leaves a database of the last commit, and running again completes it",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const int total = 6000;
    const std::string input = many_records(dir, total);
    // One database written in place (--shards 1): a new one is otherwise built in parts, whose
    // kills the crash drill covers (scripts/crash-drill).
    const std::string command = test::program("polsearch-index") +
                                " --quiet --threads 2 --shards 1 --commit-every 50 --db " +
                                test::shell_quote(db) + " " + test::shell_quote(input);
    Xapian::doccount last = 0;
    for (int round = 0; round < 2; ++round) {
        // Started in the background; killed once it has committed 50 records more (its first
        // commit: the next comes a second later at the soonest, IndexJobOptions::min_commit_gap).
        const std::string pid_file = dir / "pid";
        const std::string err_file = dir / ("stderr-" + std::to_string(round));
        REQUIRE(std::system((command + " >/dev/null 2>" + test::shell_quote(err_file) +
                             " & echo $! >" + test::shell_quote(pid_file))
                                .c_str()) == 0);
        const pid_t pid = std::stoi(test::read_file(pid_file));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (count_records(db) < last + 50 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        // Still running: a job that ended early says why on its standard error.
        INFO("round " << round << ": " << count_records(db)
                      << " records, the job's stderr: " << test::read_file(err_file));
        REQUIRE(::kill(pid, SIGKILL) == 0);
        wait_until_gone(pid);
        const Xapian::doccount count = count_records(db);
        INFO("round " << round << ": " << count << " records after the kill");
        CHECK(count >= last + 50);
        CHECK(count < static_cast<Xapian::doccount>(total));  // killed before the end
        CHECK(count % 50 == 0);                               // a commit point
        CHECK(holds_a_prefix_of_the_input(db));
        last = count;
    }
    const auto rerun = test::run(index_command(db) + "--wait-lock " + test::shell_quote(input));
    REQUIRE(rerun.status == 0);
    const json summary = json::parse(rerun.out);
    CHECK(summary["unchanged"] == last);
    CHECK(summary["added"] == total - static_cast<int>(last));
    CHECK(summary["records"] == total);
    CHECK(holds_a_prefix_of_the_input(db));
}

TEST_CASE("shards and threads give the same hits in the same order as one database",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string corpus = test::shell_quote(test::source_path("sample_corpus"));
    REQUIRE(test::run(index_command(dir / "one") + "--threads 1 " + corpus).status == 0);
    const auto sharded =
        test::run(index_command(dir / "sharded") + "--threads 2 --shards 3 " + corpus);
    REQUIRE(sharded.status == 0);
    CHECK(json::parse(sharded.out)["shards"] == 3);
    const auto compacted =
        test::run(index_command(dir / "compact") + "--threads 2 --shards 2 --compact " + corpus);
    REQUIRE(compacted.status == 0);
    CHECK(json::parse(compacted.out)["shards"] == 1);
    for (const char* query : {"anti-soft power Kazakhstan", "мягкая сила России в Казахстане",
                              "жұмсақ күш", "Central Asia", "water", "year:2020 policy"}) {
        INFO(query);
        const auto expected = search_ids(dir / "one", query);
        CHECK(!expected.empty());
        CHECK(search_ids(dir / "sharded", query) == expected);
        CHECK(search_ids(dir / "compact", query) == expected);
    }
}

TEST_CASE("a job waiting behind --compact writes into the compacted database",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(test::run(index_command(db) + test::shell_quote(records_named(dir, "a", 200))).status ==
            0);
    // The compacting job stops before it swaps the folders until the file "go" exists.
    start("POLSEARCH_TEST_PAUSE_BEFORE_SWAP=" + test::shell_quote(dir / "go") + " " +
              index_command(db) + "--compact " + test::shell_quote(records_named(dir, "c", 5)) +
              " >" + test::shell_quote(dir / "c.out") + " 2>" + test::shell_quote(dir / "c.err"),
          dir / "c.status");
    REQUIRE(eventually([&] { return std::filesystem::exists(db + ".compacting"); }));
    // Meanwhile a job that waits for the lock.
    start(index_command(db) + "--wait-lock " + test::shell_quote(records_named(dir, "w", 5)) +
              " >" + test::shell_quote(dir / "w.out") + " 2>" + test::shell_quote(dir / "w.err"),
          dir / "w.status");
    REQUIRE(eventually([&] {
        return std::filesystem::exists(dir / "w.status") ||
               test::read_file(dir / "w.err").find("waiting for another indexing job") !=
                   std::string::npos;
    }));
    test::write_file(dir / "go", "");
    const int compacting = exit_status_in(dir / "c.status");
    const int waiting = exit_status_in(dir / "w.status");
    INFO("compacting job: " << test::read_file(dir / "c.err"));
    INFO("waiting job: " << test::read_file(dir / "w.err"));
    CHECK(compacting == 0);
    CHECK(waiting == 0);
    CHECK(Xapian::Database(db).get_doccount() == 210);
    for (const char* id : {"a0", "a199", "c0", "c4", "w0", "w4"}) {
        INFO(id);
        CHECK(has_record(db, id));
    }
    CHECK_FALSE(std::filesystem::exists(db + ".compacting"));
    CHECK_FALSE(std::filesystem::exists(db + ".before-compact"));
}

TEST_CASE("a --compact job killed between its two renames is finished by the next run",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(test::run(index_command(db) + test::shell_quote(records_named(dir, "a", 50))).status ==
            0);
    // What a job killed between the renames leaves: no PATH, the old database and its complete
    // compacted copy (with the marker that says it is complete).
    const std::string more = records_named(dir, "b", 10);
    REQUIRE(test::run(index_command(dir / "copy") + test::shell_quote(more)).status == 0);
    {
        Xapian::Database both(db);
        both.add_database(Xapian::Database(dir / "copy"));
        both.compact(db + ".compacting");
    }
    test::write_file(db + ".compacting/polsearch-compacted", "");
    std::filesystem::rename(db, db + ".before-compact");

    const auto search =
        test::run(test::program("polsearch-search") + " --db " + test::shell_quote(db) + " water");
    CHECK(search.status == 1);
    CHECK(search.err.find("no database at '" + db + "'") != std::string::npos);

    const auto rerun = test::run(index_command(db) + "--compact " + test::shell_quote(more));
    INFO(rerun.err);
    REQUIRE(rerun.status == 0);
    CHECK(json::parse(rerun.out)["records"] == 60);
    CHECK(Xapian::Database(db).get_doccount() == 60);
    CHECK(has_record(db, "a0"));
    CHECK(has_record(db, "b9"));
    CHECK_FALSE(std::filesystem::exists(db + ".compacting"));
    CHECK_FALSE(std::filesystem::exists(db + ".before-compact"));
}

TEST_CASE("a sharded job killed -9: every shard at a commit, and running again completes it",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const int total = 4000;
    const std::string input = many_records(dir, total);
    const std::string command = test::program("polsearch-index") +
                                " --quiet --shards 2 --threads 2 --commit-every 50 --db " +
                                test::shell_quote(db) + " " + test::shell_quote(input);
    REQUIRE(std::system((command + " >/dev/null 2>" + test::shell_quote(dir / "err") +
                         " & echo $! >" + test::shell_quote(dir / "pid"))
                            .c_str()) == 0);
    const pid_t pid = std::stoi(test::read_file(dir / "pid"));
    REQUIRE(eventually(
        [&] { return std::filesystem::exists(db + "/XAPIANDB") && count_records(db) >= 400; }));
    INFO("the job's stderr: " << test::read_file(dir / "err"));
    REQUIRE(::kill(pid, SIGKILL) == 0);
    wait_until_gone(pid);

    // Each shard holds the records of its last commit: in input order, a prefix of what it
    // will hold (the other shard may have committed more of the input: holes, until a rerun).
    const auto ids_of = [](const std::string& shard) {
        Xapian::Database database(shard);
        std::vector<std::string> ids;
        for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it)
            ids.push_back(database.get_document(*it).get_value(schema::id_slot));
        return ids;
    };
    const auto before_0 = ids_of(db + "/shard-0");
    const auto before_1 = ids_of(db + "/shard-1");
    const auto before = before_0.size() + before_1.size();
    CHECK(before >= 400);
    CHECK(before < static_cast<std::size_t>(total));

    const auto rerun = test::run(index_command(db) + "--wait-lock " + test::shell_quote(input));
    INFO(rerun.err);
    REQUIRE(rerun.status == 0);
    const json summary = json::parse(rerun.out);
    CHECK(summary["unchanged"] == before);
    CHECK(summary["added"] == total - static_cast<int>(before));
    CHECK(summary["records"] == total);
    const auto after_0 = ids_of(db + "/shard-0");
    const auto after_1 = ids_of(db + "/shard-1");
    CHECK(std::equal(before_0.begin(), before_0.end(), after_0.begin()));
    CHECK(std::equal(before_1.begin(), before_1.end(), after_1.begin()));
    CHECK(after_0.size() + after_1.size() == static_cast<std::size_t>(total));
    CHECK(holds_a_prefix_of_the_input(db));

    // The side spelling database (for remote shards) counts each record once, as the shards'
    // own spelling tables do, whatever the kill left in it.
    std::map<std::string, Xapian::doccount> shards, side;
    for (const char* shard : {"/shard-0", "/shard-1"}) {
        Xapian::Database database(db + shard);
        for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it)
            shards[*it] += it.get_termfreq();
    }
    Xapian::Database spelling(db + "/spelling");
    for (auto it = spelling.spellings_begin(); it != spelling.spellings_end(); ++it)
        side[*it] = it.get_termfreq();
    CHECK(shards.at("soft") == static_cast<Xapian::doccount>(total));
    CHECK(side.at("soft") == shards.at("soft"));
    CHECK(side == shards);
}

TEST_CASE("the JSON summary is written whatever bytes a reason, a file name or --db holds",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string input = dir / "export-\xfe.jsonl";
    test::write_file(
        input, "{\"id\": \"a\", \"title\": \"Fine\"}\n{\"id\": \"b\", \"title\": \"\xff\"}\n");
    const std::string db = dir / "db-\xfd";
    const auto result = test::run(index_command(db) + test::shell_quote(input));
    INFO(result.err);
    CHECK(result.status == 3);
    const std::string replacement = "\xef\xbf\xbd";  // U+FFFD
    const json summary = json::parse(result.out);
    CHECK(summary["added"] == 1);
    CHECK(summary["skipped"] == 1);
    CHECK(summary["records"] == 1);
    CHECK(summary["database"] == dir / ("db-" + replacement));
    CHECK(summary["skips"][0]["where"] == dir / ("export-" + replacement + ".jsonl:2"));
    CHECK(summary["skips"][0]["reason"].get<std::string>().find("invalid JSON") == 0);
}

TEST_CASE("a folder for --delete-from is an error, a bad line is reported with its file and line",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(test::run(index_command(db) + test::shell_quote(records_named(dir, "a", 3))).status ==
            0);
    const auto folder =
        test::run(index_command(db) + "--delete-from " + test::shell_quote(dir.path()));
    CHECK(folder.status == 1);
    CHECK(folder.err == "polsearch-index: " + dir.path().string() +
                            ": is a folder, not a file of ids to delete (one a line)\n");
    CHECK(folder.out.empty());

    const std::string list = dir / "withdrawn.txt";
    test::write_file(list, "a0\nbad-\xff-id\n" + std::string(201, 'x') + "\nno-such-id\n");
    const auto deleted = test::run(index_command(db) + "--delete-from " + test::shell_quote(list));
    INFO(deleted.err);
    CHECK(deleted.status == 3);
    CHECK(deleted.err.find("polsearch-index: skipped " + list +
                           ":2: invalid UTF-8 (byte 0xFF)\n") != std::string::npos);
    CHECK(deleted.err.find("polsearch-index: skipped " + list +
                           ":3: the id is longer than 200 bytes\n") != std::string::npos);
    CHECK(deleted.err.find(list + ":4: no record with id 'no-such-id' to delete") !=
          std::string::npos);
    const json summary = json::parse(deleted.out);
    CHECK(summary["deleted"] == 1);
    CHECK(summary["not_found"] == 1);
    CHECK(summary["skipped"] == 2);
    CHECK(summary["skips"][0]["where"] == list + ":2");
    CHECK(summary["skips"][1]["reason"] == "the id is longer than 200 bytes");
    CHECK(summary["records"] == 2);
}

TEST_CASE("compacting alone (no INPUT) compacts an existing database", "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(test::run(index_command(db) + "--shards 2 " +
                      test::shell_quote(records_named(dir, "a", 40)))
                .status == 0);
    const auto compacted = test::run(index_command(db) + "--compact");
    INFO(compacted.err);
    REQUIRE(compacted.status == 0);
    const json summary = json::parse(compacted.out);
    CHECK(summary["records"] == 40);
    CHECK(summary["shards"] == 1);
    CHECK(std::filesystem::exists(db + "/iamglass"));
    CHECK_FALSE(std::filesystem::exists(db + "/XAPIANDB"));
    CHECK(Xapian::Database(db).get_doccount() == 40);

    const auto missing = test::run(index_command(dir / "nothing") + "--compact");
    CHECK(missing.status == 1);
    CHECK(missing.err == "polsearch-index: no database at '" + dir / "nothing" + "' to compact\n");
    CHECK_FALSE(std::filesystem::exists(dir / "nothing"));
}

TEST_CASE("a --shards --compact job run again after its compaction landed completes",
          "[index_end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string command = index_command(db) + "--shards 2 --compact " +
                                test::shell_quote(records_named(dir, "a", 30));
    REQUIRE(test::run(command).status == 0);
    // As a rerun after a kill during the swap would: the database is one compacted database.
    const auto again = test::run(command);
    INFO(again.err);
    CHECK(again.status == 0);
    const json summary = json::parse(again.out);
    CHECK(summary["unchanged"] == 30);
    CHECK(summary["records"] == 30);
    CHECK(summary["shards"] == 1);
    // Without --compact, --shards still refuses a plain database.
    CHECK(
        test::run(index_command(db) + "--shards 2 " + test::shell_quote(dir / "a.jsonl")).status ==
        2);
}
