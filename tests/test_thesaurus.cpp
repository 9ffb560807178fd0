#include <catch2/catch.hpp>

#include "polsearch/error.h"
#include "search/query_builder.h"
#include "search/thesaurus.h"
#include "support.h"

using namespace polsearch;

namespace {

// The concepts named in a query, as "id:first-last" strings.
std::vector<std::string> concepts_in(const Thesaurus& thesaurus, const std::string& query) {
    QueryBuilder builder(&thesaurus);
    Analyzer analyzer;
    std::vector<std::vector<std::string>> alternatives;
    for (const AnalyzedWord& word : analyzer.analyze(query, Language::unknown).words) {
        std::vector<std::string> terms{word.match_term};
        if (word.language == Language::ru) {
            terms.push_back(analyzer.match_term_in(word.word, Language::kk));
        }
        alternatives.push_back(terms);
    }
    std::vector<std::string> out;
    for (const auto& match : thesaurus.find(alternatives)) {
        out.push_back(match.entry->id + ":" + std::to_string(match.first) + "-" +
                      std::to_string(match.last));
    }
    return out;
}

}  // namespace

TEST_CASE("the built-in thesaurus finds concepts in any inflection", "[thesaurus]") {
    const Thesaurus& thesaurus = Thesaurus::built_in();
    CHECK(thesaurus.size() >= 200);
    CHECK(concepts_in(thesaurus, "мягкая сила") == std::vector<std::string>{"soft-power:0-1"});
    CHECK(concepts_in(thesaurus, "политика мягкой силы") ==
          std::vector<std::string>{"soft-power:1-2"});
    CHECK(concepts_in(thesaurus, "Soft Powers of Russia") ==
          std::vector<std::string>{"soft-power:0-1", "russia:3-3"});
    CHECK(concepts_in(thesaurus, "жұмсақ күші") == std::vector<std::string>{"soft-power:0-1"});
    // Longest label first: "Russian Federation" is one concept, not "Russia" + a word.
    CHECK(concepts_in(thesaurus, "Russian Federation") == std::vector<std::string>{"russia:0-1"});
}

TEST_CASE("every label of the built-in thesaurus names its own concept", "[thesaurus]") {
    // A label that analyses to other terms than a query with the same words (a typo in the
    // file, a label swallowed by a longer one) would never expand anything.
    const Thesaurus& thesaurus = Thesaurus::built_in();
    Analyzer analyzer;
    std::size_t labels = 0;
    for (const Concept& entry : thesaurus.concepts()) {
        for (const ThesaurusLabel& label : entry.labels) {
            INFO(entry.id << ": " << label.text);
            const std::size_t words = analyzer.analyze(label.text, Language::unknown).words.size();
            REQUIRE(words > 0);
            CHECK(concepts_in(thesaurus, label.text) ==
                  std::vector<std::string>{entry.id + ":0-" + std::to_string(words - 1)});
            ++labels;
        }
    }
    CHECK(labels >= 3 * thesaurus.size());
}

TEST_CASE("a user thesaurus adds concepts and labels and bad lines name the line",
          "[thesaurus]") {
    test::TempDir dir;
    test::write_file(dir / "mine.txt",
                     "# my library's concepts\n"
                     "steppe-empire\ten: steppe empire\tru: степная империя\tkk: дала империясы\n"
                     "soft-power\ten: attraction power\n");
    Thesaurus thesaurus = Thesaurus::built_in();
    const std::size_t before = thesaurus.size();
    thesaurus.add_file(dir / "mine.txt");
    CHECK(thesaurus.size() == before + 1);
    CHECK(concepts_in(thesaurus, "степной империи") ==
          std::vector<std::string>{"steppe-empire:0-1"});
    CHECK(concepts_in(thesaurus, "attraction power") ==
          std::vector<std::string>{"soft-power:0-1"});

    test::write_file(dir / "bad.txt", "ok\ten: fine\n\nbroken\tde: weiche Macht\n");
    CHECK_THROWS_WITH(thesaurus.add_file(dir / "bad.txt"),
                      Catch::Contains("bad.txt:3") && Catch::Contains("en:, ru: or kk:"));
    CHECK_THROWS_AS(thesaurus.add_file(dir / "missing.txt"), InputError);
}

TEST_CASE("expansion adds other-language labels at a lower weight", "[thesaurus][query_builder]") {
    QueryBuilder builder;
    const std::string expanded = builder.build("soft power").query.get_description();
    CHECK(expanded.find("0.5 *") != std::string::npos);
    CHECK(expanded.find("Zмягк") != std::string::npos);
    CHECK(expanded.find("Zжұмсақ") != std::string::npos);
    // Not expanded: --no-expand, quoted phrases, hyphenated words, fields.
    for (const auto& [query, expand] : std::vector<std::pair<std::string, bool>>{
             {"soft power", false}, {"\"soft power\"", true}, {"anti-soft power", true},
             {"title:soft title:power", true}}) {
        INFO(query);
        CHECK(builder.build(query, expand).query.get_description().find("Zмягк") ==
              std::string::npos);
    }
}

TEST_CASE("Kazakh typed in a Latin alphabet names concepts as the Cyrillic does",
          "[thesaurus][query_builder]") {
    QueryBuilder builder;
    // The thesaurus once knew only the Cyrillic stems: a query in the 2021
    // alphabet or on a plain keyboard found the records by their search keys but was never
    // expanded, and ranked them differently from the same query in Cyrillic.
    for (const char* query : {"жұмсақ күші", "jūmsaq küşi", "zhumsak kushi"}) {
        INFO(query);
        const std::string expanded = builder.build(query).query.get_description();
        CHECK(expanded.find("0.5 *") != std::string::npos);
        CHECK(expanded.find("Zsoft") != std::string::npos);
        CHECK(expanded.find("Zмягк") != std::string::npos);
    }
}

TEST_CASE("the built-in thesaurus, analysed at build time, is the thesaurus file analysed now",
          "[thesaurus]") {
    // The library carries the labels' analysis made by polsearch-make-thesaurus, so that a
    // search analyses none at start-up: it must be what analysing the file gives.
    Thesaurus fresh;
    fresh.add_file(test::source_path("common/data/thesaurus.txt"));
    const Thesaurus& built_in = Thesaurus::built_in();
    REQUIRE(built_in.size() == fresh.size());
    CHECK(built_in.compiled() == fresh.compiled());
    // And what compiled() writes reads back as it was.
    Thesaurus again;
    again.add_compiled(fresh.compiled(), "round trip");
    CHECK(again.compiled() == fresh.compiled());
    CHECK(concepts_in(again, "мягкой силы") == std::vector<std::string>{"soft-power:0-1"});
    CHECK_THROWS_WITH(again.add_compiled("soft-power\ten\tsoft power\n", "bad"),
                      Catch::Contains("bad:1"));
}
