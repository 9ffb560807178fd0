// The four programs' shared options layer (programs/common): whole numbers, seconds and
// enumerations parsed the same way everywhere.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

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
