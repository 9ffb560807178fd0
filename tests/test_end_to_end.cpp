// End-to-end: the real programs on sample_corpus/.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "polsearch/record.h"
#include "search/output.h"
#include "support.h"
#include "text/normalizer.h"

using namespace polsearch;
using nlohmann::json;

namespace {

const std::string seed_id = "enu-bulletin-2025-150-1-145";

// The sample corpus indexed once for all the tests in this file.
const std::string& sample_database() {
    static test::TempDir dir;
    static const std::string path = [] {
        const std::string db = dir / "sample-db";
        const auto result = test::run(test::program("polsearch-index") + " --db " + db + " " +
                                      test::shell_quote(test::source_path("sample_corpus")));
        if (result.status != 0)
            throw std::runtime_error("indexing sample_corpus failed: " + result.err);
        return db;
    }();
    return path;
}

json search_json(const std::string& query, const std::string& extra = "") {
    const auto result = test::run(test::program("polsearch-search") + " --db " + sample_database() +
                                  " --format json " + extra + " -- " + test::shell_quote(query));
    INFO(result.err);
    REQUIRE(result.status == 0);
    return json::parse(result.out);
}

std::vector<std::string> hit_ids(const json& result) {
    std::vector<std::string> ids;
    for (const auto& hit : result["hits"]) ids.push_back(hit["id"]);
    return ids;
}

// Each query finds its record (an id) among its first 100 hits, and does not with --no-expand:
// what leads there is the expansion across languages.
void check_found_only_through_expansion(
    const std::vector<std::pair<std::string, std::string>>& cases) {
    const auto has = [](const std::vector<std::string>& ids, const std::string& id) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    for (const auto& [query, id] : cases) {
        INFO(query << " -> " << id);
        CHECK(has(hit_ids(search_json(query, "--limit 100")), id));
        CHECK_FALSE(has(hit_ids(search_json(query, "--limit 100 --no-expand")), id));
    }
}

}  // namespace

TEST_CASE("the seed article is hit 1 whatever the hyphenation or quote style", "[end_to_end]") {
    for (const std::string query : {"anti-soft power Kazakhstan", "\"soft power\" Kazakhstan",
                                    "«soft power» Kazakhstan", "“soft power” Russia Kazakhstan"}) {
        INFO(query);
        const json result = search_json(query);
        REQUIRE(!result["hits"].empty());
        CHECK(result["hits"][0]["id"] == seed_id);
        CHECK(result["hits"][0]["rank"] == 1);
        CHECK(result["hits"][0]["doi"] == "10.32523/2616-6887-2025-150-1-145-159");
        CHECK(result["hits"][0]["title"] ==
              "Russia's \"soft power\" policy towards Kazakhstan in the research field on Central "
              "Asia");
    }
}

TEST_CASE("a Russian query finds the records on its topic whatever their inflection",
          "[end_to_end]") {
    // Records on Russia's soft power in Kazakhstan, judged by reading them.
    const std::set<std::string> on_topic = {"ru-001", "ru-003", "ru-014", seed_id};
    const json result = search_json("мягкая сила России в Казахстане", "--limit 5");
    const auto ids = hit_ids(result);
    REQUIRE(ids.size() == 5);
    for (std::size_t i = 0; i < on_topic.size(); ++i) {
        INFO("hit " << i + 1 << ": " << ids[i]);
        CHECK(on_topic.count(ids[i]) == 1);
    }
    // ru-001 says "мягкой силы России в Казахстане": other forms of every query word but the
    // stopword в, which the query leaves out (stopwords.h).
    const auto ru001 = std::find(ids.begin(), ids.end(), "ru-001") - ids.begin();
    CHECK(result["hits"][ru001]["snippet"].get<std::string>().find(
              "<mark>мягкой силы России</mark> в <mark>Казахстане</mark>") != std::string::npos);
}

TEST_CASE("a quoted phrase finds its words in a row in any inflection", "[end_to_end]") {
    // ru-003, ru-014 and the seed say «мягкой силы», not "мягкая сила".
    const auto has = [](const std::vector<std::string>& ids, const std::string& id) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    const json nominative = search_json("\"мягкая сила\"", "--limit 100");
    const auto ids = hit_ids(nominative);
    for (const std::string& id : {std::string("ru-003"), std::string("ru-014"), seed_id}) {
        INFO(id);
        CHECK(has(ids, id));
    }
    CHECK(hit_ids(search_json("\"мягкой силы\"", "--limit 100")).size() == ids.size());
    // The inflected phrase is what the snippet marks (ru-013's abstract).
    bool marked = false;
    for (const auto& hit : nominative["hits"]) {
        if (hit["id"] == "ru-013") {
            marked = hit["snippet"].get<std::string>().find("<mark>мягкой силы</mark>") !=
                     std::string::npos;
        }
    }
    CHECK(marked);
    // Still a phrase: its words apart do not match ("сила" alone, "мягкая" elsewhere).
    CHECK_FALSE(has(hit_ids(search_json("\"сила мягкая\"", "--limit 100")), "ru-014"));
}

TEST_CASE("a Kazakh query with exact word forms finds its Kazakh records", "[end_to_end]") {
    const json result = search_json("Ресейдің жұмсақ күші", "--limit 2");
    const auto ids = hit_ids(result);
    CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
          std::set<std::string>{"kk-001", seed_id});
    // The seed shows its Kazakh title and a Kazakh snippet to a Kazakh query.
    for (const auto& hit : result["hits"]) {
        if (hit["id"] == seed_id) {
            CHECK(hit["title"].get<std::string>().find("жұмсақ күш") != std::string::npos);
            CHECK(hit["snippet"].get<std::string>().find("<mark>Ресейдің жұмсақ күш") !=
                  std::string::npos);
        }
    }
}

TEST_CASE(
    "Kazakh in Cyrillic, in the 2021 Latin alphabet, in BGN and on a plain keyboard finds the seed",
    "[end_to_end]") {
    std::vector<std::string> first_hits;
    for (const std::string query :
         {"Ресей жұмсақ күші Қазақстанда", "Resei jūmsaq küşi Qazaqstanda",
          "Reseī̆ zhumsaq küshi Qazaqstanda", "Resei zhumsak kushi Kazakstanda"}) {
        INFO(query);
        const auto ids = hit_ids(search_json(query, "--limit 2"));
        REQUIRE(ids.size() == 2);
        CHECK(ids[0] == seed_id);
        CHECK(ids[1] == "kk-001");
    }
    // An English query is not read as Kazakh.
    const auto english = search_json("anti-soft power Kazakhstan", "--limit 3");
    for (const auto& hit : english["hits"]) CHECK(hit["language"] != "kk");
}

TEST_CASE("names in the text meet across scripts", "[end_to_end]") {
    // en-020, in English only, traces a concept "from Nazarbayev's early speeches".
    for (const std::string query : {"Назарбаев", "Нұрсұлтан Назарбаев", "Назарбаевтың"}) {
        INFO(query);
        const json result = search_json(query);
        REQUIRE(hit_ids(result) == std::vector<std::string>{"en-020"});
        CHECK(result["hits"][0]["snippet"].get<std::string>().find("<mark>Nazarbayev's</mark>") !=
              std::string::npos);
    }
    CHECK(hit_ids(search_json("Назарбаев", "--no-expand")).empty());
}

TEST_CASE("author names meet across scripts and transliterations", "[end_to_end]") {
    // The seed's authors are "Gubaidullina, M." and "Paizova, A."
    for (const std::string query :
         {"Губайдуллина", "author:Губайдуллина", "Gubaydullina", "Пайзова"}) {
        INFO(query);
        const auto ids = hit_ids(search_json(query));
        REQUIRE(!ids.empty());
        CHECK(ids.front() == seed_id);
    }
    // Seitkali / Сейітқали / Сейткали: records by the same names in both scripts.
    const auto ids = hit_ids(search_json("author:Seytkali", "--limit 10"));
    CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
          std::set<std::string>{"en-002", "kk-002", "kk-020", "ru-021",
                                "10.5555/ojs-tur-2023-12-2-33-48"});
}

TEST_CASE("a concept named in one language finds records written only in another, below",
          "[end_to_end]") {
    const std::string english_only = "en-021";  // on soft power, in English only
    for (const auto& [query, language] : std::vector<std::pair<std::string, std::string>>{
             {"мягкая сила", "ru"}, {"жұмсақ күш", "kk"}}) {
        INFO(query);
        const auto ids = hit_ids(search_json(query, "--limit 100"));
        const auto at = std::find(ids.begin(), ids.end(), english_only);
        REQUIRE(at != ids.end());
        // The records that name the concept in the query's own language (both of its words
        // marked in their snippet, in any inflection) all rank above it.
        const json own = search_json(query + " lang:" + language, "--limit 100 --no-expand");
        std::size_t naming = 0;
        for (const auto& hit : own["hits"]) {
            std::string marked;
            const std::string snippet = hit["snippet"];
            for (std::size_t at_mark = snippet.find("<mark>"); at_mark != std::string::npos;
                 at_mark = snippet.find("<mark>", at_mark + 1)) {
                marked +=
                    snippet.substr(at_mark + 6, snippet.find("</mark>", at_mark) - at_mark - 6);
                marked += ' ';
            }
            const bool both = language == "ru" ? (marked.find("ягк") != std::string::npos &&
                                                  (marked.find("сил") != std::string::npos ||
                                                   marked.find("Сил") != std::string::npos))
                                               : (marked.find("жұмсақ") != std::string::npos &&
                                                  marked.find("үш") != std::string::npos);
            if (!both) continue;
            ++naming;
            INFO(hit["id"]);
            CHECK(std::find(ids.begin(), ids.end(), hit["id"].get<std::string>()) < at);
        }
        CHECK(naming >= 3);
        // Without expansion the English-only record is not found.
        const auto plain = hit_ids(search_json(query, "--limit 100 --no-expand"));
        CHECK(std::find(plain.begin(), plain.end(), english_only) == plain.end());
    }
}

TEST_CASE("concepts of the grown thesaurus lead across languages, both ways",
          "[end_to_end][thesaurus]") {
    // Concepts added when the thesaurus grew past 1,000 (issue 26): the records are written in
    // one language only, and the query's words are not in them; without the thesaurus nothing
    // leads there.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"гендерные квоты", "en-037"},  // Russian to English
        {"отключение интернета", "en-028"},
        {"возврат активов", "en-038"},
        {"интернетті өшіру", "en-028"},  // Kazakh to English
        {"гендерлік квота", "en-037"},
        {"parliamentary elections", "ru-016"},  // English to Russian
        {"UN Security Council", "kk-029"},      // English to Kazakh
    };
    check_found_only_through_expansion(cases);
}

TEST_CASE("a place's adjective leads to records naming the place in another language",
          "[end_to_end][thesaurus]") {
    // The countries and regions of the thesaurus carry their adjectives as labels (российский,
    // ресейлік, Chinese ...): a query with the adjective reaches records that name the place
    // in another language, with the noun or the adjective; without the thesaurus it does not.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"российский", "en-004"},     // "Russia's hard power": no "Russian" in it
        {"ресейлік", "en-004"},       // Kazakh to English
        {"Chinese", "ru-004"},        // "Мягкая сила Китая"
        {"қытайлық", "en-013"},       // "the China-Kazakhstan border"
        {"казахстанский", "kk-004"},  // "Қазақстанның ... сыртқы саясаты"
    };
    check_found_only_through_expansion(cases);
}

TEST_CASE("general words lead across Russian and English through the dictionary",
          "[end_to_end][translations]") {
    // Words no concept of the thesaurus names: Mueller's dictionary (translations.h) leads a
    // Russian word to the English record that has its translation, and an English word to
    // the Russian record; without expansion it does not.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"засуха", "en-006"},      // drought
        {"стипендии", "en-001"},   // scholarships
        {"сухой порт", "en-013"},  // dry port
        {"scholarships", "ru-002"}, {"school", "ru-004"},
    };
    check_found_only_through_expansion(cases);
}

TEST_CASE("a title in one language finds its record written only in another",
          "[end_to_end][thesaurus]") {
    // bench/crosslang_eval.py on three of the trilingual records: each kept in one language
    // (title, abstract and keywords), among the other records of sample_corpus, is found by its
    // title in each other language. The thesaurus leads there (Kazakhstan, China, OSCE, the
    // Assembly of People of Kazakhstan), and a number (2010) for one of them: with the
    // thesaurus off, 10 of the 18 queries miss their record and the mean is 0.375.
    const std::vector<std::string> languages = {"en", "ru", "kk"};
    std::vector<json> records;
    {
        std::ifstream in(test::source_path("sample_corpus/trilingual.jsonl"));
        for (std::string line; std::getline(in, line);) {
            json record = json::parse(line);
            const std::string id = record["id"];
            if (id == "tri-005" || id == "tri-008" || id == "tri-012") records.push_back(record);
        }
    }
    REQUIRE(records.size() == 3);
    test::TempDir dir;
    double reciprocal_ranks = 0;
    int queries = 0;
    for (const std::string& record_language : languages) {
        const std::string input = dir / ("records-" + record_language + ".jsonl");
        {
            std::ofstream out(input);
            for (json record : records) {
                for (const char* field : {"title", "abstract", "keywords"})
                    record[field] = json{{record_language, record[field][record_language]}};
                record["language"] = record_language;
                out << record.dump() << "\n";
            }
        }
        const std::string db = dir / ("db-" + record_language);
        std::string command =
            test::program("polsearch-index") + " --quiet --db " + db + " " + input;
        for (const char* distractors : {"en.jsonl", "ru.jsonl", "kk.jsonl"})
            command += " " + test::shell_quote(test::source_path("sample_corpus/") + distractors);
        const auto indexed = test::run(command);
        INFO(indexed.err);
        REQUIRE(indexed.status == 0);
        for (const std::string& query_language : languages) {
            if (query_language == record_language) continue;
            for (const json& record : records) {
                const std::string query = record["title"][query_language];
                const auto result =
                    test::run(test::program("polsearch-search") + " --db " + db +
                              " --format json --limit 10 -- " + test::shell_quote(query));
                REQUIRE(result.status == 0);
                const auto ids = hit_ids(json::parse(result.out));
                const auto at = std::find(ids.begin(), ids.end(), record["id"]);
                INFO(query_language << " -> " << record_language << ": " << query);
                CHECK(at != ids.end());  // in the top 10
                if (at != ids.end()) reciprocal_ranks += 1.0 / double(at - ids.begin() + 1);
                ++queries;
            }
        }
    }
    REQUIRE(queries == 18);
    // 0.93 when written (most are first); 0.29 with --no-expand (no thesaurus, no names).
    CHECK(reciprocal_ranks / queries >= 0.8);
}

TEST_CASE("OJS pages in sample_corpus are indexed with authors from How to Cite", "[end_to_end]") {
    const json result = search_json("Turkic integration Astana", "--limit 1");
    REQUIRE(result["hits"].size() == 1);
    const auto& hit = result["hits"][0];
    CHECK(hit["id"] == "10.5555/ojs-tur-2023-12-2-33-48");
    CHECK(hit["authors"] == json::array({"Seitkali, D.", "Kaya, M.", "Abenov, N."}));
    CHECK(hit["journal"] == "Journal of Turkic Studies");
    CHECK(hit["year"] == 2023);
}

TEST_CASE("indexing the same input twice leaves the record count unchanged", "[end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string command = test::program("polsearch-index") + " --summary json --db " + db +
                                " " + test::shell_quote(test::source_path("sample_corpus"));
    const auto first = test::run(command);
    const auto second = test::run(command);
    REQUIRE(first.status == 0);
    REQUIRE(second.status == 0);
    const json a = json::parse(first.out);
    const json b = json::parse(second.out);
    CHECK(a["records"].get<int>() >= 124);
    CHECK(a["added"] == a["records"]);
    CHECK(b["records"] == a["records"]);
    CHECK(b["added"] == 0);
    // Nothing changed: every record is recognised by its content hash and not analysed again.
    CHECK(b["replaced"] == 0);
    CHECK(b["unchanged"] == a["records"]);
    // Where the time went, in seconds of each thread: the second run analysed nothing.
    for (const char* phase :
         {"reading", "checking", "analysis", "adding", "committing", "merging"}) {
        INFO(phase);
        CHECK(a["thread_seconds"][phase].get<double>() > 0);
    }
    CHECK(b["thread_seconds"]["analysis"].get<double>() == 0);
}

TEST_CASE("a progress line only on a terminal or with --progress", "[end_to_end]") {
    test::TempDir dir;
    const std::string input = dir / "many.jsonl";
    std::string lines;
    for (int i = 0; i < 1200; ++i) {
        lines += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Record number " +
                 std::to_string(i) + "\"}\n";
    }
    test::write_file(input, lines);
    const std::string index = test::program("polsearch-index") + " --db " + (dir / "db") + " ";
    // "polsearch-index: 1 records, 2,345 records/s, 0%, ETA 3 s" (the summary says "records in";
    // no ETA once the whole input is read).
    const std::regex progress_line(
        R"(polsearch-index: [\d,]+ records, [\d,]+ records/s, \d+%(, ETA \d+ s)?\n)");
    const auto quiet_pipe = test::run(index + input);
    CHECK(quiet_pipe.status == 0);
    CHECK_FALSE(std::regex_search(quiet_pipe.err, progress_line));
    // --progress when standard error is not a terminal: whole lines (the first at once, then
    // every 5 s), no carriage returns or escape codes.
    const auto forced = test::run(index + "--progress --force " + input);
    CHECK(forced.status == 0);
    CHECK(std::regex_search(forced.err, progress_line));
    CHECK(forced.err.find('\r') == std::string::npos);
    CHECK(forced.err.find("0 added, 1,200 replaced, 0 unchanged") != std::string::npos);
    const auto quiet = test::run(index + "--progress --quiet --force " + input);
    CHECK(quiet.status == 0);
    CHECK(quiet.err.empty());
}

TEST_CASE("a malformed JSONL line is reported with file and line and the rest is indexed",
          "[end_to_end]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string input = test::source_path("tests/fixtures/malformed.jsonl");
    const auto result = test::run(test::program("polsearch-index") + " --summary json --db " + db +
                                  " " + test::shell_quote(input));
    CHECK(result.status == 3);
    CHECK(result.err.find(input + ":2: invalid JSON") != std::string::npos);
    CHECK(result.err.find(input + ":4: record 'no-text' has neither a title nor an abstract") !=
          std::string::npos);
    CHECK(result.err.find(input + ":5: field 'date' must be YYYY-MM-DD or YYYY") !=
          std::string::npos);
    const json summary = json::parse(result.out);
    CHECK(summary["added"] == 2);
    CHECK(summary["skipped"] == 3);
    const auto search = test::run(test::program("polsearch-search") + " --format json --db " + db +
                                  " pastures glacier");
    REQUIRE(search.status == 0);
    CHECK(json::parse(search.out)["total"] == 2);

    // --on-error=fail stops at the first bad record but keeps what came before it.
    test::TempDir other;
    const auto stopped = test::run(test::program("polsearch-index") + " --on-error=fail --db " +
                                   (other / "db") + " " + test::shell_quote(input));
    CHECK(stopped.status == 1);
    const auto kept = test::run(test::program("polsearch-search") + " --format json --db " +
                                (other / "db") + " glacier pastures");
    CHECK(hit_ids(json::parse(kept.out)) == std::vector<std::string>{"good-1"});
}

TEST_CASE("exit statuses and messages of polsearch-search", "[end_to_end]") {
    const std::string search = test::program("polsearch-search");
    const auto missing = test::run(search + " --db /nonexistent/db power");
    CHECK(missing.status == 1);
    CHECK(missing.err.find("/nonexistent/db") != std::string::npos);

    const auto unbalanced = test::run(search + " --db " + sample_database() + " '\"soft power'");
    CHECK(unbalanced.status == 2);
    CHECK(unbalanced.err.find("never closed") != std::string::npos);

    CHECK(test::run(search + " --db " + sample_database()).status == 2);
    CHECK(test::run(search + " --no-such-option x").status == 2);
    CHECK(test::run(search + " --db " + sample_database() + " --format xml power").status == 2);

    const auto help = test::run(search + " --help");
    CHECK(help.status == 0);
    CHECK(help.out.find("Examples:") != std::string::npos);

    // Without --db: $POLSEARCH_DB.
    const auto from_env =
        test::run("POLSEARCH_DB=" + sample_database() + " " + search + " --format json Kashagan");
    CHECK(from_env.status == 0);
    CHECK(hit_ids(json::parse(from_env.out)).front() == "en-007");
}

TEST_CASE("Kazakh typed on a Russian keyboard finds what the Kazakh letters find", "[end_to_end]") {
    // All Kazakh letters left out, some of them, or і typed as a Latin i.
    for (const auto& [typed, written] :
         {std::pair<std::string, std::string>{"жумсак куш", "жұмсақ күш"},
          {"Казакстаннын сырткы саясаты", "Қазақстанның сыртқы саясаты"},
          {"жұмсақ кұш", "жұмсақ күш"},
          {"\"жумсак куш\"", "\"жұмсақ күш\""},
          {"Казакстаннын сыртқы саясатi", "Қазақстанның сыртқы саясаты"}}) {
        INFO(typed);
        const json plain = search_json(typed);
        const json kazakh = search_json(written);
        CHECK(plain["total"].get<int>() > 0);
        CHECK(plain["total"] == kazakh["total"]);
        CHECK(hit_ids(plain) == hit_ids(kazakh));
    }
}

TEST_CASE("did you mean, in English, Russian and Kazakh", "[end_to_end]") {
    CHECK(search_json("Kazakstan soft pover")["did_you_mean"] == "Kazakhstan soft power");
    CHECK(search_json("мягкая сила Казахстне")["did_you_mean"] == "мягкая сила Казахстане");
    CHECK(search_json("Қазақстнның сыртқы саясаты")["did_you_mean"] ==
          "Қазақстанның сыртқы саясаты");
    CHECK(search_json("Ресей жұмсақ күші Қазақстанда")["did_you_mean"].is_null());
    CHECK(search_json("Resei jūmsaq küşi")["did_you_mean"].is_null());
    const auto text = test::run(test::program("polsearch-search") + " --db " + sample_database() +
                                " --limit 1 'polisy Kazakhstan'");
    CHECK(text.out.rfind("Did you mean: policy Kazakhstan?\n", 0) == 0);
}

TEST_CASE("did you mean: Russian typed in Latin letters is read in Cyrillic, whole",
          "[end_to_end]") {
    // "mygkaya sila" suggested "mygkaya silk": sila matched nothing and silk is a word of the
    // database one letter away, while mygkaya had no neighbour.
    CHECK(search_json("mygkaya sila")["did_you_mean"] == "мягкая сила");
    CHECK(search_json("myagkaya sila")["did_you_mean"] == "мягкая сила");
    CHECK(search_json("vneshnyaya politika Kazakhstana")["did_you_mean"] ==
          "внешняя политика Казахстана");
    // What the suggestion asks finds records.
    CHECK(search_json("мягкая сила")["total"].get<int>() > 0);
    // English stays English: a misspelt English word, or a query with an English word.
    CHECK(search_json("Kazakstan soft pover")["did_you_mean"] == "Kazakhstan soft power");
    CHECK(search_json("polisy Kazakhstan")["did_you_mean"] == "policy Kazakhstan");
    // Kazakh in a Latin alphabet is searched as Kazakh, without a suggestion.
    CHECK(search_json("Resei jūmsaq küşi")["did_you_mean"].is_null());
}

TEST_CASE("did you mean: Kazakh typed without its letters gets the Kazakh spelling",
          "[end_to_end]") {
    // The README's example: the query already finds what жұмсақ күш finds (its Kazakh
    // spelling), but no suggestion showed the spelling, since every word matched.
    CHECK(search_json("жұмсақ кұш")["did_you_mean"] == "жұмсақ күш");
    CHECK(search_json("жумсак куш")["did_you_mean"] == "жұмсақ күш");
    // Words the database has as typed, Russian ones too, are left alone.
    CHECK(search_json("Ресей жұмсақ күші Қазақстанда")["did_you_mean"].is_null());
    CHECK(search_json("мягкой силы России")["did_you_mean"].is_null());
}

TEST_CASE("text output for a pipe is plain, with marked words", "[end_to_end]") {
    const auto result = test::run(test::program("polsearch-search") + " --db " + sample_database() +
                                  " --limit 1 Kashagan");
    REQUIRE(result.status == 0);
    CHECK(result.out.find("\033[") == std::string::npos);
    CHECK(result.out.find("1. Kashagan and the political economy of oil in Kazakhstan (2012)") !=
          std::string::npos);
    CHECK(result.out.find("*Kashagan*") != std::string::npos);
}

TEST_CASE("text output on a terminal is coloured and fitted to its width", "[end_to_end]") {
    // script(1) runs the program on a pseudo-terminal; COLUMNS sets its width.
    const std::string command = "COLUMNS=60 " + test::program("polsearch-search") + " --db " +
                                sample_database() + " --limit 3 --facets 'soft power'";
    const auto result = test::run("script -qec " + test::shell_quote(command) + " /dev/null");
    REQUIRE(result.status == 0);
    CHECK(result.out.find("\033[1;33m") != std::string::npos);  // highlighted words
    std::istringstream lines(result.out);
    std::size_t lines_seen = 0;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        INFO(line);
        ++lines_seen;
        // Only a single word too long for any line may pass the edge.
        if (display_width(line) > 60)
            CHECK(line.find(' ', line.find_first_not_of(' ')) == std::string::npos);
    }
    CHECK(lines_seen > 15);
    // The same search into a pipe: one line per snippet, however long.
    const auto piped = test::run(command);
    std::size_t widest = 0;
    std::istringstream piped_lines(piped.out);
    for (std::string line; std::getline(piped_lines, line);)
        widest = std::max(widest, display_width(line));
    CHECK(widest > 60);
}

TEST_CASE("NO_COLOR turns off bold and colours on a terminal", "[end_to_end]") {
    // https://no-color.org: set and not empty, no ANSI escapes; they were written regardless.
    const std::string search =
        test::program("polsearch-search") + " --db " + sample_database() + " --limit 2 ";
    for (const std::string& arguments : {std::string("'soft power'"), "--id " + seed_id}) {
        INFO(arguments);
        const auto plain = test::run_in_terminal("NO_COLOR=1 " + search + arguments);
        CHECK(plain.status == 0);
        CHECK(plain.out.find('\033') == std::string::npos);
        const auto coloured = test::run_in_terminal("NO_COLOR= " + search + arguments);
        CHECK(coloured.out.find("\033[1m") != std::string::npos);
    }
    // Still fitted to the terminal's width, and matched words still marked.
    const auto plain = test::run_in_terminal("NO_COLOR=1 " + search + "'soft power'");
    CHECK(plain.out.find("*soft power*") != std::string::npos);
}

TEST_CASE("the text header names the active filters, and the record of --similar", "[end_to_end]") {
    const std::string search =
        test::program("polsearch-search") + " --db " + sample_database() + " --limit 1 ";
    // "Hits 1–1 of 7 for soft power" did not say that only Russian records of the 2020s were
    // counted.
    const auto filtered =
        test::run(search + "--filter language:ru --filter decade:2020s 'soft power'");
    REQUIRE(filtered.status == 0);
    CHECK(
        std::regex_search(filtered.out, std::regex("^Hits 1–1 of \\d+ for soft power, filtered by "
                                                   "language:ru and decade:2020s\n")));
    const auto none = test::run(search + "--filter 'keyword:soft power' zzqqxx");
    CHECK_THAT(none.out,
               Catch::StartsWith("No hits for zzqqxx, filtered by keyword:\"soft power\""));
    // --similar: "Hits 1–3 of 15 for " with nothing after "for".
    const auto similar = test::run(search + "--similar " + seed_id);
    REQUIRE(similar.status == 0);
    CHECK(std::regex_search(similar.out,
                            std::regex("^Hits 1–1 of \\d+ like " + seed_id +
                                       " \\(Russia's \"soft power\" policy towards Kazakhstan "
                                       "in the…\\)\n")));
}

TEST_CASE("polsearch-analyze shows each stage and has a stemming mode for tools", "[end_to_end]") {
    const auto result =
        test::run(test::program("polsearch-analyze") + " --format json 'soft/anti-soft power'");
    REQUIRE(result.status == 0);
    const json analysis = json::parse(result.out);
    CHECK(analysis["language"] == "en");
    REQUIRE(analysis["tokens"].size() == 4);
    CHECK(analysis["tokens"][1]["token"] == "anti");
    CHECK(analysis["tokens"][3]["term"] == "Zpower");
    CHECK(analysis["compounds"][0]["normalized"] == "antisoft");

    const auto kazakh =
        test::run(test::program("polsearch-analyze") + " --format json --lang kk 'Қазақстанда'");
    REQUIRE(kazakh.status == 0);
    const json token = json::parse(kazakh.out)["tokens"][0];
    CHECK(token["normalized"] == "қазақстанда");
    CHECK(token["folded"] == "kazakstanda");
    CHECK(token["term"] == "Zқазақстан");
    CHECK(token["key_term"] == "Z#kazakstan");

    const auto stems = test::run("printf 'powers\\n\\nсилы\\nРоссии\\n' | " +
                                 test::program("polsearch-analyze") + " --stem");
    CHECK(stems.status == 0);
    CHECK(stems.out == "power\n\nсила\nроссия\n");

    const auto languages = test::run("printf 'Soft power\\nМягкая сила\\nЖұмсақ күш\\n2025\\n' | " +
                                     test::program("polsearch-analyze") + " --detect");
    CHECK(languages.status == 0);
    CHECK(languages.out == "en\nru\nkk\n\n");
}

TEST_CASE("polsearch-analyze reads a long text in blocks, with memory bounded", "[end_to_end]") {
    // A 10 MB line in --format json took 3.65 GB: the whole text, then all its tokens in one
    // JSON document, were held in memory.
    test::TempDir dir;
#if defined(POLSEARCH_SANITIZE)
    constexpr std::size_t repeats = 8000;  // the sanitizer build is slow and needs its memory
    const std::string limit;
#else
    constexpr std::size_t repeats = 20000;  // 0.7 MB; the old way needed about 270 MB for it
    const std::string limit = "ulimit -v 150000; ";
#endif
    std::string text;
    for (std::size_t i = 0; i < repeats; ++i) text += "soft power of anti-soft Қазақстан ";
    test::write_file(dir / "in.txt", text);
    const auto result = test::run(limit + test::program("polsearch-analyze") + " --format json < " +
                                  test::shell_quote(dir / "in.txt"));
    REQUIRE(result.status == 0);
    const json analysis = json::parse(result.out);
    CHECK(analysis["language"] == "en");
    REQUIRE(analysis["tokens"].size() == repeats * 6);
    CHECK(analysis["compounds"].size() == repeats);
    // Positions and byte offsets run on across the blocks.
    for (const std::size_t i : {std::size_t{0}, repeats * 3 + 1, repeats * 6 - 1}) {
        const json& token = analysis["tokens"][i];
        CHECK(token["position"] == i + 1);
        const std::size_t start = token["start"], end = token["end"];
        CHECK(text.substr(start, end - start) == token["token"].get<std::string>());
    }
    CHECK(analysis["compounds"].back()["first"] == repeats * 6 - 2);
}

TEST_CASE("facet counts agree with counts made from the sample_corpus files", "[end_to_end]") {
    // Expected: the JSON Lines records of 2019, counted here from the files.
    std::map<std::string, std::map<std::string, int>> expected;
    int records = 0;
    for (const char* file : {"en.jsonl", "ru.jsonl", "kk.jsonl", "trilingual.jsonl"}) {
        std::ifstream in(test::source_path("sample_corpus/" + std::string(file)));
        std::string line;
        while (std::getline(in, line)) {
            const Record record = record_from_json(json::parse(line));
            if (record.year != 2019) continue;
            ++records;
            std::set<std::string> keywords, authors;
            for (const auto& version : record.keywords) {
                for (const auto& keyword : version.keywords)
                    keywords.insert(normalize_word(keyword));
            }
            for (const auto& author : record.authors) authors.insert(normalize_word(author));
            for (const auto& keyword : keywords) ++expected["keyword"][keyword];
            for (const auto& author : authors) ++expected["author"][author];
            if (!record.journal.empty()) ++expected["journal"][normalize_word(record.journal)];
            std::set<std::string> languages;
            for (const auto* versions : {&record.title, &record.abstract}) {
                for (const auto& version : *versions) {
                    const Language language =
                        version.language != Language::unknown ? version.language : record.language;
                    REQUIRE(language != Language::unknown);  // else detection would decide
                    languages.insert(std::string(language_code(language)));
                }
            }
            for (const auto& language : languages) ++expected["language"][language];
            ++expected["year"]["2019"];
            ++expected["decade"]["2010s"];
        }
    }
    REQUIRE(records > 5);
    const auto result = test::run(test::program("polsearch-search") +
                                  " --format json --facets --facet-limit 1000 --db " +
                                  sample_database() + " year:2019");
    REQUIRE(result.status == 0);
    const json parsed = json::parse(result.out);
    CHECK(parsed["total"] == records);
    for (const char* facet : {"year", "decade", "keyword", "author", "journal", "language"}) {
        INFO(facet);
        std::map<std::string, int> counted;
        for (const auto& value : parsed["facets"][facet]) {
            const std::string name = facet;
            counted[name == "year" || name == "decade" || name == "language"
                        ? value["value"].get<std::string>()
                        : normalize_word(value["value"].get<std::string>())] +=
                value["count"].get<int>();
        }
        CHECK(counted == expected[facet]);
    }
}

TEST_CASE("filters narrow the hits and keep their order", "[end_to_end]") {
    const std::string search =
        test::program("polsearch-search") + " --format json --limit 200 --db " + sample_database();
    const json all = json::parse(test::run(search + " 'soft power'").out);
    const json ru =
        json::parse(test::run(search + " --facets --filter language:ru 'soft power'").out);
    const json recent = json::parse(
        test::run(search + " --filter decade:2020s --filter language:ru 'soft power'").out);
    std::vector<std::string> expected;
    const json russian = json::parse(test::run(search + " lang:ru 'soft power'").out);
    std::set<std::string> in_russian;
    for (const auto& hit : russian["hits"]) in_russian.insert(hit["id"]);
    for (const auto& hit : all["hits"]) {
        if (in_russian.count(hit["id"])) expected.push_back(hit["id"]);
    }
    CHECK(!expected.empty());
    CHECK(hit_ids(ru) == expected);  // the Russian hits, in the order they had
    // Every hit is written in Russian (some in other languages too).
    for (const auto& value : ru["facets"]["language"]) {
        if (value["value"] == "ru") CHECK(value["count"] == ru["total"]);
    }
    CHECK(recent["total"].get<int>() <= ru["total"].get<int>());
    for (const auto& hit : recent["hits"]) CHECK(hit["year"].get<int>() >= 2020);

    const auto bad = test::run(test::program("polsearch-search") + " --db " + sample_database() +
                               " --filter colour:red power");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--filter: unknown field 'colour'") != std::string::npos);
    const auto bad_year = test::run(test::program("polsearch-search") + " --db " +
                                    sample_database() + " --filter year:abc power");
    CHECK(bad_year.status == 2);
    // The command line names the filter as its option (the HTTP service as f.year).
    CHECK(bad_year.err.find("--filter year: needs a four-digit year, not 'abc'") !=
          std::string::npos);
}

TEST_CASE("a date range finds the records dated inside it in the sample_corpus files",
          "[end_to_end]") {
    // Expected: read from the JSON Lines files as written, a record known only by its year
    // dated at the year's start (docs/query-syntax.md).
    std::set<std::string> expected;
    for (const char* file : {"en.jsonl", "ru.jsonl", "kk.jsonl", "trilingual.jsonl"}) {
        std::ifstream in(test::source_path("sample_corpus/" + std::string(file)));
        std::string line;
        while (std::getline(in, line)) {
            const json record = json::parse(line);
            std::string date;
            if (record.contains("date")) {
                date = record["date"].get<std::string>();
            } else if (record.contains("year")) {
                date = std::to_string(record["year"].get<int>()) + "-00-00";
            }
            if (!date.empty() && date >= "2021-06-00" && date <= "2022-09-99")
                expected.insert(record["id"].get<std::string>());
        }
    }
    REQUIRE(expected.size() > 5);
    const json result = search_json("date:2021-06..2022-09", "--limit 200");
    const std::vector<std::string> ids = hit_ids(result);
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == expected);
    CHECK(result["total"] == expected.size());
}

TEST_CASE("sorting by date, oldest or newest first, from the command line", "[end_to_end]") {
    const std::string search =
        test::program("polsearch-search") + " --format json --limit 200 --db " + sample_database();
    for (const char* order : {"date", "-date"}) {
        INFO(order);
        const json result =
            json::parse(test::run(search + " --sort " + order + " 'Central Asia'").out);
        std::vector<int> years;
        for (const auto& hit : result["hits"]) {
            if (!hit["year"].is_null()) years.push_back(hit["year"]);
        }
        REQUIRE(years.size() > 10);
        if (order == std::string("date")) {
            CHECK(std::is_sorted(years.begin(), years.end()));
        } else {
            CHECK(std::is_sorted(years.rbegin(), years.rend()));
        }
    }
    const auto bad = test::run(search + " --sort newest power");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--sort must be relevance, date or -date, not 'newest'") !=
          std::string::npos);
}

TEST_CASE("one record by --id, and records like it by --similar", "[end_to_end]") {
    const std::string search = test::program("polsearch-search") + " --db " + sample_database();
    const auto shown = test::run(search + " --format json --id " + seed_id);
    REQUIRE(shown.status == 0);
    const json record = json::parse(shown.out);
    CHECK(record["id"] == seed_id);
    CHECK(record["doi"] == "10.32523/2616-6887-2025-150-1-145-159");
    CHECK(record["title"].size() == 3);  // en, kk, ru
    const auto text = test::run(search + " --id " + seed_id);
    CHECK(text.out.find("authors: Gubaidullina, M.; Paizova, A.") != std::string::npos);
    const auto missing = test::run(search + " --id no-such-record");
    CHECK(missing.status == 1);
    CHECK(missing.err == "polsearch-search: no record with id 'no-such-record'\n");

    const json like =
        json::parse(test::run(search + " --format json --limit 5 --similar " + seed_id).out);
    const auto ids = hit_ids(like);
    REQUIRE(ids.size() == 5);
    CHECK(std::find(ids.begin(), ids.end(), seed_id) == ids.end());
    // Records on Russia's soft power in Kazakhstan, in any language, come first.
    CHECK(std::find(ids.begin(), ids.end(), "kk-001") != ids.end());
    CHECK(test::run(search + " --id " + seed_id + " power").status == 2);
}

TEST_CASE("search results exported as RIS, BibTeX and CSL-JSON", "[end_to_end]") {
    test::TempDir dir;
    const std::string search =
        test::program("polsearch-search") + " --limit 7 --db " + sample_database();
    const auto ris = test::run(search + " --format ris 'мягкая сила'");
    REQUIRE(ris.status == 0);
    test::write_file(dir / "hits.ris", ris.out);
    std::size_t read = 0;
    RecordSinks sinks;
    sinks.on_record = [&](Record&&, const std::string&) { ++read; };
    sinks.on_error = [&](const InputError& error) { FAIL(error.what()); };
    read_ris(dir / "hits.ris", sinks, {});
    CHECK(read == 7);
    const auto bibtex = test::run(search + " --format bibtex 'мягкая сила'");
    CHECK(bibtex.status == 0);
    CHECK(std::count(bibtex.out.begin(), bibtex.out.end(), '@') == 7);
    CHECK(std::count(bibtex.out.begin(), bibtex.out.end(), '{') ==
          std::count(bibtex.out.begin(), bibtex.out.end(), '}'));
    const auto csl = test::run(search + " --format csl-json --id " + seed_id);
    CHECK(json::parse(csl.out)[0]["DOI"] == "10.32523/2616-6887-2025-150-1-145-159");
    CHECK(test::run(search + " --format endnote power").status == 2);
}

TEST_CASE("queries that cannot be parsed exit 2 and say where, through the program",
          "[end_to_end]") {
    const std::string search =
        test::program("polsearch-search") + " --db " + sample_database() + " ";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"'\"soft power'", "bad query: the quote that opens a phrase is never closed (at byte 0)"},
        {"'«soft power'", "bad query: the quote that opens a phrase is never closed (at byte 0)"},
        {"'(soft power'", "bad query: this parenthesis is never closed (at byte 0)"},
        {"'soft power)'", "bad query: this parenthesis closes nothing (at byte 10)"},
        {"'colour:red power'", "bad query: unknown field 'colour:'"},
        {"'year:abc power'", "bad query: year: needs a four-digit year, not 'abc' (at byte 5)"},
        {"\"$(printf 'power \\377')\"", "bad query: the query is not valid UTF-8 (at byte 6)"},
        {"'power AND'",
         "bad query: AND needs a word, a phrase or a group on each side (at byte 6)"},
        {std::string(10001, 'a'), "bad query: the query is longer than 10000 bytes"},
    };
    for (const auto& [query, message] : cases) {
        INFO(query.substr(0, 40));
        const auto result = test::run(search + query);
        CHECK(result.status == 2);
        CHECK(result.err.find(message) != std::string::npos);
        CHECK(result.out.empty());
    }
    // Just under the limit is searched, not refused.
    CHECK(test::run(search + std::string(9990, 'a') + " power").status == 0);
}

TEST_CASE("explain through the program, in text and JSON", "[end_to_end]") {
    const std::string search =
        test::program("polsearch-search") + " --limit 1 --explain --db " + sample_database();
    const json result = json::parse(test::run(search + " --format json 'мягкая сила России'").out);
    const json& explain = result["hits"][0]["explain"];
    REQUIRE(explain.is_array());
    bool russian = false, through_thesaurus = false;
    for (const auto& term : explain) {
        CHECK(!term["fields"].empty());
        russian = russian || (term["stem"] == "россия" && term["via"] == "query");
        through_thesaurus = through_thesaurus || term["via"] == "thesaurus";
    }
    CHECK(russian);
    CHECK(through_thesaurus);
    CHECK(test::run(search + " 'мягкая сила'").out.find("matched: ") != std::string::npos);
}
