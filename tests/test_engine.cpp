// The library API: the engine over a real database of the sample corpus, from many threads,
// while an indexing job commits.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "formats/record_io.h"
#include "index/index_writer.h"
#include "polsearch/engine.h"
#include "search/searcher.h"
#include "support.h"

using namespace polsearch;

namespace {

std::string summary(const SearchResult& result) {
    std::string out = std::to_string(result.total) + ":";
    for (const Hit& hit : result.hits) out += " " + hit.record.id + "[" + hit.snippet.text + "]";
    return out;
}

bool has_completion(const std::vector<Completion>& found, const std::string& text,
                    const std::string& field) {
    for (const Completion& completion : found)
        if (completion.text == text && completion.field == field) return true;
    return false;
}

// A copy of the sample database to write into, with an engine open on it that has checked
// the word "quokkanomics" is not there yet.
struct WritableCopy {
    test::TempDir dir;
    std::string path = dir / "db";
    std::optional<Engine> engine;
    std::size_t before = 0;
    WritableCopy() {
        std::filesystem::copy(test::sample_database(), path);
        engine.emplace(path);
        before = engine->record_count();
        CHECK(engine->search({"quokkanomics", 0, 10}).total == 0);
    }
};

}  // namespace

TEST_CASE("an engine gives many threads at once the answers it gives one", "[engine]") {
    const Engine engine(test::sample_database());
    const std::vector<std::string> queries = {
        "anti-soft power Kazakhstan", "мягкая сила",          "жұмсақ күш",
        "water Central Asia",         "\"public diplomacy\"", "Губайдуллина"};
    std::vector<std::string> expected;
    for (const auto& query : queries) expected.push_back(summary(engine.search({query, 0, 10})));
    REQUIRE(expected[0].find("enu-bulletin-2025-150-1-145") != std::string::npos);

    std::vector<std::vector<std::string>> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                for (const auto& query : queries)
                    seen[t].push_back(summary(engine.search({query, 0, 10})));
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& answers : seen) {
        REQUIRE(answers.size() == queries.size() * 5);
        for (std::size_t i = 0; i < answers.size(); ++i)
            CHECK(answers[i] == expected[i % queries.size()]);
    }
}

TEST_CASE("an engine's searchers count the same facets from many threads while a job commits",
          "[engine]") {
    // The searchers share one cache of facet values (search/facets.h), started anew at each
    // commit while other searchers still count with the one before. First the year of a
    // matching record changes in place (the same document number), and back: a count from the
    // values of the revision before gives the old answer. Then threads count at once, round
    // after round, each round on a new revision.
    WritableCopy copy;
    const Engine& engine = *copy.engine;
    const std::vector<std::string> queries = {"water Central Asia", "мягкая сила", "жұмсақ күш"};
    const auto facets = [&](const std::string& query) {
        SearchRequest request{query, 0, 3};
        request.facets = true;
        const SearchResult result = engine.search(request);
        std::string out = std::to_string(result.total);
        for (const Facet& facet : result.facets) {
            out += " " + facet.name + ":";
            for (const FacetValue& value : facet.values)
                out += value.value + "=" + std::to_string(value.count) + ",";
        }
        return out;
    };
    const auto all = [&] {
        std::vector<std::string> out;
        for (const auto& query : queries) out.push_back(facets(query));
        return out;
    };
    const SearchResult first = engine.search({queries[0], 0, 1});
    REQUIRE(first.hits.size() == 1);
    const Record as_it_was = first.hits[0].record;
    Record moved = as_it_was;
    moved.year = 1901;
    IndexWriter writer(copy.path);
    const auto write = [&](const Record& record) {
        writer.add(record);
        writer.commit();
    };
    const std::vector<std::string> before = all();
    write(moved);
    const std::vector<std::string> after = all();
    REQUIRE(after[0] != before[0]);
    REQUIRE(after[0].find("1900s=1") != std::string::npos);
    write(as_it_was);
    REQUIRE(all() == before);

    // Six threads count at once, then a job commits a record no query matches: 20 rounds,
    // each on a new revision. (Commits during the threads' searches are left out: there
    // Xapian 1.4.22 reads blocks being rewritten, which the sanitizer build reports inside
    // libxapian, with or without facets.)
    for (int i = 0; i < 20; ++i) {
        std::vector<std::vector<std::string>> seen(6);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < seen.size(); ++t) {
            threads.emplace_back([&, t] {
                for (const auto& query : queries) seen[t].push_back(facets(query));
            });
        }
        for (auto& thread : threads) thread.join();
        for (const auto& answers : seen) {
            REQUIRE(answers.size() == queries.size());
            for (std::size_t q = 0; q < answers.size(); ++q) CHECK(answers[q] == before[q]);
        }
        write(record_from_json(nlohmann::json::parse(
            R"({"id": "late-)" + std::to_string(i) +
            R"(", "title": "Quokkanomics", "year": 2026, "keywords": ["quokka"]})")));
    }
    CHECK(engine.record_count() == copy.before + 20);
}

TEST_CASE("a searcher opens while an indexing job commits", "[engine]") {
    // The engine opens another searcher when every one is busy. Opening reads the latest
    // revision, which a job committing twice meanwhile discards (DatabaseModifiedError): that
    // was "cannot open database", thrown out of a server's thread.
    WritableCopy copy;
    std::atomic<bool> done = false;
    std::thread job([&] {
        IndexWriter writer(copy.path);
        for (int i = 0; i < 300; ++i) {
            writer.add(record_from_json(nlohmann::json::parse(
                R"({"id": "late", "title": "Quokkanomics )" + std::to_string(i) + R"("})")));
            writer.commit();
        }
        done = true;
    });
    int opened = 0;
    std::string failure;
    while (!done && failure.empty()) {
        try {
            Searcher searcher(copy.path);
            ++opened;
        } catch (const DatabaseError& error) {
            failure = error.what();
        }
    }
    job.join();
    INFO(failure);
    CHECK(failure.empty());
    CHECK(opened > 0);
}

TEST_CASE("an engine sees what an indexing job commits after it was opened", "[engine]") {
    WritableCopy copy;
    {
        IndexWriter writer(copy.path);
        writer.add(record_from_json(nlohmann::json::parse(
            R"({"id": "late", "title": "Quokkanomics in Central Asia", "year": 2026})")));
        writer.commit();
    }
    const SearchResult after = copy.engine->search({"quokkanomics", 0, 10});
    REQUIRE(after.hits.size() == 1);
    CHECK(after.hits[0].record.id == "late");
    CHECK(copy.engine->record_count() == copy.before + 1);
    CHECK(copy.engine->record("late").has_value());
}

TEST_CASE("an engine sees a database compacted into a new folder of the same name", "[engine]") {
    // polsearch-index --compact swaps folders: reopen() alone kept reading the old files and
    // answered no hits for the new records while counting them.
    WritableCopy copy;
    const std::string& path = copy.path;
    const Engine& engine = *copy.engine;
    test::write_file(copy.dir / "late.jsonl",
                     R"({"id": "late", "title": "Quokkanomics in Central Asia", "year": 2026})"
                     "\n");
    const auto indexed = test::run(test::program("polsearch-index") + " --quiet --compact --db " +
                                   path + " " + (copy.dir / "late.jsonl"));
    REQUIRE(indexed.status == 0);
    REQUIRE(std::filesystem::exists(path + "/iamglass"));
    const SearchResult after = engine.search({"quokkanomics", 0, 10});
    REQUIRE(after.hits.size() == 1);
    CHECK(after.hits[0].record.id == "late");
    CHECK(engine.record_count() == copy.before + 1);
    CHECK(engine.search({"water", 0, 10}).total > 0);
}

TEST_CASE("an engine fetches records and the records like one", "[engine]") {
    const Engine engine(test::sample_database());
    const auto seed = engine.record("enu-bulletin-2025-150-1-145");
    REQUIRE(seed);
    CHECK(seed->authors.front() == "Gubaidullina, M.");
    CHECK_FALSE(engine.record("no-such-record"));
    const SearchResult similar = engine.similar("enu-bulletin-2025-150-1-145", 0, 5);
    REQUIRE_FALSE(similar.hits.empty());
    for (const Hit& hit : similar.hits) CHECK(hit.record.id != "enu-bulletin-2025-150-1-145");
    CHECK_THROWS_AS(engine.similar("no-such-record"), NotFoundError);
    test::TempDir dir;
    CHECK_THROWS_AS(Engine(dir / "nothing-here"), DatabaseError);
    CHECK_THROWS_AS(engine.search({"title:(soft", 0, 10}), QueryError);
    // The JSON has the keys of polsearch-search --format json.
    const auto json = nlohmann::json::parse(result_json(similar));
    CHECK(json.at("hits").size() == similar.hits.size());
    CHECK(nlohmann::json::parse(record_json(*seed)).at("id") == "enu-bulletin-2025-150-1-145");
}

TEST_CASE("a search shows the hits in the language asked for", "[engine]") {
    const Engine engine(test::sample_database());
    SearchRequest request{"soft power Kazakhstan", 0, 10};
    const SearchResult english = engine.search(request);
    request.language = Language::ru;
    const SearchResult russian = engine.search(request);
    REQUIRE(english.hits.size() == russian.hits.size());
    bool seed_seen = false;
    for (std::size_t i = 0; i < english.hits.size(); ++i) {
        CHECK(english.hits[i].record.id == russian.hits[i].record.id);  // the same order
        if (russian.hits[i].record.id != "enu-bulletin-2025-150-1-145") continue;
        seed_seen = true;
        CHECK(english.hits[i].title.rfind("Russia's", 0) == 0);
        CHECK(russian.hits[i].title.rfind("Политика «мягкой силы»", 0) == 0);
    }
    CHECK(seed_seen);
}

TEST_CASE("completions of what is typed: keywords, authors and titles in three languages",
          "[engine]") {
    const Engine engine(test::sample_database());
    CHECK(has_completion(engine.complete("public dipl"), "public diplomacy", "keyword"));
    CHECK(has_completion(engine.complete("публичная дип"), "публичная дипломатия", "keyword"));
    CHECK(has_completion(engine.complete("қоғамдық дип"), "қоғамдық дипломатия", "keyword"));
    CHECK(has_completion(engine.complete("Gubai"), "Gubaidullina, M.", "author"));
    // Every completion holds what was typed, the last word as a word start.
    for (const Completion& completion : engine.complete("central as", 20)) {
        INFO(completion.text);
        CHECK((completion.text.find("Central Asia") != std::string::npos ||
               completion.text.find("central Asia") != std::string::npos));
    }
    CHECK(engine.complete("p").empty());  // one letter: too little to go on
    CHECK(engine.complete("").empty());
    CHECK(engine.complete("public diplomacy", 3).size() <= 3);
}

TEST_CASE("an engine reopened reads its thesaurus files again, and keeps them when it cannot",
          "[engine]") {
    test::TempDir dir;
    const std::string thesaurus = dir / "thesaurus.txt";
    test::write_file(thesaurus, "# none yet\n");
    EngineOptions options;
    options.thesaurus_files = {thesaurus};
    Engine engine(test::sample_database(), options);
    CHECK(engine.search({"quokkanomics", 0, 10}).total == 0);
    test::write_file(thesaurus, "quokka\ten: quokkanomics\tru: мягкая сила\n");
    engine.reopen();
    const std::size_t found = engine.search({"quokkanomics", 0, 10}).total;
    CHECK(found > 0);
    test::write_file(thesaurus, "not a concept\n");
    CHECK_THROWS_AS(engine.reopen(), InputError);
    CHECK(engine.search({"quokkanomics", 0, 10}).total == found);
}

TEST_CASE("an engine says the number of its database's latest commit and times each search",
          "[engine]") {
    WritableCopy copy;
    const auto before = copy.engine->revision_number();
    REQUIRE(before.has_value());
    {
        IndexWriter writer(copy.path);
        writer.add(record_from_json(nlohmann::json::parse(
            R"({"id": "late", "title": "Quokkanomics in Central Asia", "year": 2026})")));
        writer.commit();
    }
    CHECK(copy.engine->revision_number() > before);
    std::vector<SearchTiming> timings;
    EngineOptions options;
    options.on_search = [&](const SearchTiming& timing) { timings.push_back(timing); };
    const Engine timed(copy.path, options);
    SearchRequest request{"quokkanomics", 0, 10};
    request.facets = true;
    timed.search(request);
    CHECK_THROWS_AS(timed.search({"\"quokkanomics", 0, 10}), QueryError);
    REQUIRE(timings.size() == 2);
    CHECK(timings[0].facets);
    CHECK_FALSE(timings[0].failed);
    CHECK(timings[0].seconds > 0);
    CHECK(timings[1].failed);
}
