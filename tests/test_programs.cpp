// The four programs' shared options layer (programs/common): whole numbers, seconds and
// enumerations parsed the same way everywhere.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "polsearch/engine.h"
#include "support.h"

using namespace polsearch;

namespace {

struct Call {
    std::string program;
    std::string arguments;  // the option under test, with what the program needs besides
};

// The program's standard error for `call`; it must exit 2 (bad usage) at once. `timeout`
// ends a program that took the bad value and went on to serve.
std::string usage_error(const Call& call) {
    const auto result =
        test::run("timeout 10 " + test::program(call.program) + " " + call.arguments);
    INFO(call.program << " " << call.arguments << "\n" << result.err);
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    return result.err;
}

}  // namespace

TEST_CASE("every whole-number option of every program refuses a negative number", "[programs]") {
    // --threads -1 was read as 4294967295: polsearch-index aborted trying to start that many
    // threads, and polsearch-serve took --max-connections -1 as no cap at all.
    test::TempDir dir;
    const std::string db = test::shell_quote(dir / "db");
    const std::string input = test::shell_quote(test::source_path("sample_corpus/en.jsonl"));
    const std::string sample = test::shell_quote(test::sample_database());
    const std::vector<std::pair<Call, std::string>> calls = {
        {{"polsearch-index", "--db " + db + " --threads -1 " + input}, "--threads"},
        {{"polsearch-index", "--db " + db + " --shards -1 " + input}, "--shards"},
        {{"polsearch-index", "--db " + db + " --commit-every -1 " + input}, "--commit-every"},
        {{"polsearch-index", "--db " + db + " --max-record-bytes -1 " + input},
         "--max-record-bytes"},
        {{"polsearch-search", "--db " + sample + " --limit -1 power"}, "--limit"},
        {{"polsearch-search", "--db " + sample + " --offset -1 power"}, "--offset"},
        {{"polsearch-search", "--db " + sample + " --facet-limit -1 --facets power"},
         "--facet-limit"},
        {{"polsearch-search", "--db " + sample + " --expand-from-top -1 power"},
         "--expand-from-top"},
        {{"polsearch-serve", "--db " + sample + " --listen 127.0.0.1:0 --threads -1"}, "--threads"},
        {{"polsearch-serve", "--db " + sample + " --listen 127.0.0.1:0 --keep-alive-requests -1"},
         "--keep-alive-requests"},
        {{"polsearch-serve", "--db " + sample + " --listen 127.0.0.1:0 --max-connections -1"},
         "--max-connections"},
        {{"polsearch-serve",
          "--db " + sample + " --listen 127.0.0.1:0 --max-connections-per-client -1"},
         "--max-connections-per-client"},
    };
    for (const auto& [call, option] : calls) {
        CHECK_THAT(usage_error(call),
                   Catch::Contains(option + " must be a whole number (digits only), not '-1'"));
    }
    CHECK_FALSE(std::filesystem::exists(dir / "db"));
    // Seconds are not negative either.
    CHECK_THAT(usage_error({"polsearch-search", "--db " + sample + " --time-limit -1 power"}),
               Catch::Contains("--time-limit must be a number of seconds (2, 0.5), not '-1'"));
    CHECK_THAT(usage_error({"polsearch-serve",
                            "--db " + sample + " --listen 127.0.0.1:0 --read-timeout -5"}),
               Catch::Contains("--read-timeout must be a number of seconds (2, 0.5), not '-5'"));
}

TEST_CASE("polsearch-search --expand-from-top: at most 50, with a query, and 0 is off",
          "[programs]") {
    const std::string sample = test::shell_quote(test::sample_database());
    CHECK_THAT(usage_error({"polsearch-search", "--db " + sample + " --expand-from-top 51 power"}),
               Catch::Contains("--expand-from-top must be at most 50, not 51"));
    CHECK_THAT(usage_error({"polsearch-search",
                            "--db " + sample + " --expand-from-top 5 --similar en-001"}),
               Catch::Contains("--expand-from-top goes with a QUERY"));
    const std::string search =
        test::program("polsearch-search") + " --db " + sample + " --format json --limit 100 ";
    const auto total = [&](const std::string& arguments) {
        const auto result = test::run(search + arguments);
        INFO(arguments << "\n" << result.err);
        REQUIRE(result.status == 0);
        return nlohmann::json::parse(result.out).at("total").get<std::size_t>();
    };
    const std::size_t plain = total("'water politics'");
    CHECK(total("--expand-from-top 0 'water politics'") == plain);
    CHECK(total("--expand-from-top 3 'water politics'") > plain);
}

TEST_CASE("a misspelt value of an enumeration gets the same message from every program",
          "[programs]") {
    test::TempDir dir;
    const std::string db = test::shell_quote(dir / "db");
    const std::string input = test::shell_quote(test::source_path("sample_corpus/en.jsonl"));
    const std::string sample = test::shell_quote(test::sample_database());
    const std::vector<std::pair<Call, std::string>> calls = {
        {{"polsearch-index", "--db " + db + " --on-error skp " + input},
         "--on-error must be skip or fail, not 'skp'"},
        {{"polsearch-index", "--db " + db + " --summary jsn " + input},
         "--summary must be text or json, not 'jsn'"},
        {{"polsearch-index", "--db " + db + " --format jsnl " + input},
         "--format must be auto, jsonl, oai, ris, csv or ojs, not 'jsnl'"},
        {{"polsearch-search", "--db " + sample + " --format xml power"},
         "--format must be text, json, ris, bibtex or csl-json, not 'xml'"},
        {{"polsearch-search", "--db " + sample + " --sort newest power"},
         "--sort must be relevance, date or -date, not 'newest'"},
        {{"polsearch-analyze", "--format xml power"}, "--format must be text or json, not 'xml'"},
        {{"polsearch-analyze", "--lang de power"}, "--lang must be auto, en, ru or kk, not 'de'"},
    };
    for (const auto& [call, message] : calls) {
        CHECK(usage_error(call) ==
              call.program + ": " + message + "\nTry '" + call.program + " --help'.\n");
    }
}

namespace {

// Writes a configuration file into `dir` and gives its path, quoted for the shell.
std::string config_file(const test::TempDir& dir, const std::string& text) {
    const std::string path = dir / "polsearch.conf";
    test::write_file(path, text);
    return test::shell_quote(path);
}

std::size_t hits_in(const std::string& json_text) {
    return nlohmann::json::parse(json_text).at("hits").size();
}

}  // namespace

TEST_CASE("the programs read their options from a configuration file, after the command line",
          "[programs]") {
    test::TempDir dir;
    const std::string sample = test::sample_database();
    const std::string search = "env -u POLSEARCH_DB " + test::program("polsearch-search");
    const std::string config = config_file(dir,
                                           "# the database every program uses\n"
                                           "db = " +
                                               sample +
                                               "\n"
                                               "[search]\n"
                                               "limit = 2   # hits\n"
                                               "format = json\n"
                                               "no-expand = true\n"
                                               "[serve]\n"
                                               "threads = 4\n");
    // db at the top, limit and format in [search]; [serve] is not polsearch-search's.
    const auto configured = test::run(search + " --config " + config + " power");
    INFO(configured.err);
    REQUIRE(configured.status == 0);
    CHECK(hits_in(configured.out) == 2);
    // The command line wins, then $POLSEARCH_DB for the database.
    CHECK(hits_in(test::run(search + " --config " + config + " --limit 3 power").out) == 3);
    const auto elsewhere =
        test::run("POLSEARCH_DB=" + test::shell_quote(dir / "none") + " " +
                  test::program("polsearch-search") + " --config " + config + " power");
    CHECK(elsewhere.status == 1);
    CHECK_THAT(elsewhere.err, Catch::Contains("no database at '" + (dir / "none") + "'"));
    CHECK(test::run("POLSEARCH_DB=" + test::shell_quote(dir / "none") + " " +
                    test::program("polsearch-search") + " --config " + config + " --db " +
                    test::shell_quote(sample) + " power")
              .status == 0);
    // A switch set in the file: --no-expand leaves out the English record that only the
    // thesaurus finds.
    const auto expanded = test::run(search + " --db " + test::shell_quote(sample) +
                                    " --format json --limit 100 'мягкая сила'");
    const auto plain = test::run(search + " --config " + config + " --limit 100 'мягкая сила'");
    CHECK(hits_in(plain.out) < hits_in(expanded.out));

    // polsearch-index and polsearch-analyze read it too, each its own section.
    const std::string index_config =
        config_file(dir, "db = " + (dir / "new-db") + "\n[index]\nsummary = json\nthreads = 1\n");
    const auto indexed =
        test::run(test::program("polsearch-index") + " --config " + index_config + " " +
                  test::shell_quote(test::source_path("sample_corpus/en.jsonl")));
    CHECK(indexed.status == 0);
    CHECK(nlohmann::json::parse(indexed.out).at("threads") == 1);
    CHECK(std::filesystem::exists(dir / "new-db"));
    const std::string analyze_config =
        config_file(dir, "db = /nowhere\n[analyze]\nformat = json\n");
    const auto analyzed =
        test::run(test::program("polsearch-analyze") + " --config " + analyze_config + " power");
    CHECK(analyzed.status == 0);
    CHECK(nlohmann::json::parse(analyzed.out).at("tokens").size() == 1);
}

TEST_CASE("a configuration file with a mistake is an error that names the file and the line",
          "[programs]") {
    test::TempDir dir;
    const std::string path = dir / "polsearch.conf";
    const std::string sample = test::shell_quote(test::sample_database());
    struct Mistake {
        std::string program;
        std::string text;
        std::string message;
    };
    const std::vector<Mistake> mistakes = {
        {"polsearch-search", "\n[search]\nlimit = 2\ncolour = red\n",
         path + ":4: unknown option 'colour' in [search] (polsearch-search --help lists its "
                "options)"},
        {"polsearch-search", "# comment\nthreads = 4\n",
         path + ":2: unknown option 'threads' at the top of the file"},
        {"polsearch-index", "[indexer]\nthreads = 4\n",
         path + ":1: unknown section [indexer]: the sections are [index], [search], [serve] "
                "and [analyze]"},
        {"polsearch-search", "[search]\n\nformat = xml\n",
         path + ":3: format must be text, json, ris, bibtex or csl-json, not 'xml'"},
        {"polsearch-search", "[search]\nlimit = -1\n",
         path + ":2: limit must be a whole number (digits only), not '-1'"},
        {"polsearch-search", "[search]\nlimit = 2\nlimit = 3\n",
         path + ":2: 'limit' is set more than once (also on line 3)"},
        {"polsearch-search", "[search]\nlimit 2\n",
         path + ":2: not a 'name = value' line nor a [section]: 'limit 2'"},
        {"polsearch-serve", "[serve]\nhelp = true\n",
         path + ":2: unknown option 'help' in [serve]"},
        {"polsearch-analyze", "[analyze]\nlang = de\n",
         path + ":2: lang must be auto, en, ru or kk, not 'de'"},
    };
    for (const Mistake& mistake : mistakes) {
        test::write_file(path, mistake.text);
        const std::string db = mistake.program == "polsearch-analyze" ? "" : " --db " + sample;
        const auto result = test::run("timeout 10 " + test::program(mistake.program) + db +
                                      " --config " + test::shell_quote(path) + " power");
        INFO(mistake.program << ": " << mistake.text);
        CHECK(result.status == 2);
        CHECK_THAT(result.err, Catch::StartsWith(mistake.program + ": " + mistake.message));
    }
    const auto missing = test::run(test::program("polsearch-search") + " --config " +
                                   test::shell_quote(dir / "none.conf") + " power");
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("cannot read the configuration file " +
                                            (dir / "none.conf") + ": No such file or directory"));
}

TEST_CASE("without --db no program uses a path of the build tree", "[programs]") {
    // polsearch-search and polsearch-serve looked in the source tree's var/demo-db, compiled
    // in (POLSEARCH_DEMO_DB): an installed program must not.
    const std::string no_config = "env -u POLSEARCH_DB ";
    const std::string options = " --config /dev/null ";
    const auto searched =
        test::run(no_config + test::program("polsearch-search") + options + "power");
    const auto served = test::run("timeout 10 " + no_config + test::program("polsearch-serve") +
                                  options + "--listen 127.0.0.1:0");
    for (const auto* result : {&searched, &served}) {
        INFO(result->err);
        CHECK(result->err.find(POLSEARCH_SOURCE_DIR) == std::string::npos);
        if (!std::filesystem::exists("/var/lib/polsearch/db")) {
            CHECK(result->status == 1);
            CHECK_THAT(result->err, Catch::Contains("no database at '/var/lib/polsearch/db'"));
        }
    }
    // polsearch-index writes only where it is told to.
    const auto indexed = test::run(no_config + test::program("polsearch-index") + options +
                                   test::shell_quote(test::source_path("sample_corpus/en.jsonl")));
    CHECK(indexed.status == 2);
    CHECK_THAT(indexed.err, Catch::Contains("no database to write: give --db PATH"));
}

TEST_CASE("every program prints its version, Xapian's, ICU's and the analysis's with --version",
          "[programs]") {
    CHECK(std::regex_match(polsearch::analysis_version(), std::regex(R"(\d+)")));
    for (const std::string name :
         {"polsearch-index", "polsearch-search", "polsearch-analyze", "polsearch-serve"}) {
        const auto result = test::run(test::program(name) + " --version");
        INFO(result.err);
        CHECK(result.status == 0);
        CHECK(std::regex_match(
            result.out, std::regex(name + " " + POLSEARCH_VERSION +
                                   R"( \(Xapian 1\.4\.\d+, ICU \d+\.\d+(\.\d+)?, analysis )" +
                                   polsearch::analysis_version() + R"(\)\n)")));
    }
}
