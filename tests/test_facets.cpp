#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "index/index_writer.h"
#include "polsearch/error.h"
#include "search/facets.h"
#include "search/searcher.h"
#include "support.h"

using namespace polsearch;

namespace {

Record make(const std::string& text) {
    return record_from_json(nlohmann::json::parse(text));
}

const Facet& facet(const SearchResult& result, const std::string& name) {
    for (const auto& each : result.facets) {
        if (each.name == name) return each;
    }
    FAIL("no facet " << name);
    throw std::logic_error("unreachable");
}

std::vector<std::pair<std::string, std::size_t>> pairs(const Facet& facet) {
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& value : facet.values) out.emplace_back(value.value, value.count);
    return out;
}

}  // namespace

TEST_CASE("multi-valued facets are kept as one value, each item once", "[facets]") {
    CHECK(join_facet_items({"soft power", "Soft Power", "Russia", "", "Kazakhstan"}) ==
          "soft power\x1fRussia\x1fKazakhstan");
    CHECK(split_facet_items("soft power\x1fRussia\x1fKazakhstan") ==
          std::vector<std::string>{"soft power", "Russia", "Kazakhstan"});
    CHECK(split_facet_items("").empty());
}

TEST_CASE("facet filters name their problem", "[facets]") {
    CHECK(facet_filter("year", "2019").get_description() == "Query(Y2019)");
    CHECK(facet_filter("language", "kaz").get_description() == "Query(Lkk)");
    // The facet and the problem, for each program to name the filter its own way (the
    // command line "--filter year: …", the HTTP service "f.year: …").
    try {
        facet_filter("year", "abc");
        FAIL("no error for year abc");
    } catch (const FilterError& error) {
        CHECK(error.facet() == "year");
        CHECK(error.problem() == "needs a four-digit year, not 'abc'");
    }
    CHECK_THROWS_WITH(facet_filter("decade", "1995"),
                      Catch::Contains("needs a decade such as 1990s"));
    CHECK_THROWS_AS(facet_filter("colour", "red"), UsageError);
}

TEST_CASE("facet counts are exact, multi-valued ones included, on one database or on shards",
          "[facets]") {
    test::TempDir dir;
    const std::vector<std::string> records = {
        R"({"id": "a", "title": "Water politics", "year": 2019, "keywords": ["water", "Central Asia"],
            "authors": ["Seitkali, A.", "Omarova, Zh."], "journal": "Central Asian Survey", "language": "en"})",
        R"({"id": "b", "title": "Water and power", "year": 2021, "keywords": ["Water", "energy"],
            "authors": ["Seitkali, A."], "journal": "central asian survey", "section": "Articles", "language": "en"})",
        R"({"id": "c", "title": "Водная политика", "year": 2021, "keywords": {"ru": ["вода"], "en": ["water"]},
            "journal": "Вестник", "language": "ru"})",
        R"({"id": "d", "title": "Oil", "year": 2008, "keywords": ["oil"], "language": "en"})",
    };
    WriterOptions sharded;
    sharded.shards = 2;
    for (const char* name : {"one", "two"}) {
        IndexWriter writer(dir / name, name == std::string("two") ? sharded : WriterOptions{});
        for (const auto& record : records) writer.add(make(record));
        writer.commit();
    }
    for (const char* name : {"one", "two"}) {
        INFO(name);
        Searcher searcher(dir / name);
        SearchRequest request{"water", 0, 10};
        request.facets = true;
        const SearchResult result = searcher.search(request);
        REQUIRE(result.total == 3);
        using Pairs = std::vector<std::pair<std::string, std::size_t>>;
        CHECK(pairs(facet(result, "year")) == Pairs{{"2021", 2}, {"2019", 1}});
        CHECK(pairs(facet(result, "decade")) == Pairs{{"2020s", 2}, {"2010s", 1}});
        CHECK(pairs(facet(result, "language")) == Pairs{{"en", 2}, {"ru", 1}});  // by version
        // "water" and "Water" are one keyword; "water" is the commoner spelling.
        CHECK(pairs(facet(result, "keyword")) ==
              Pairs{{"water", 3}, {"Central Asia", 1}, {"energy", 1}, {"вода", 1}});
        CHECK(pairs(facet(result, "author")) == Pairs{{"Seitkali, A.", 2}, {"Omarova, Zh.", 1}});
        CHECK(facet(result, "journal").values.at(0).count == 2);
        CHECK(pairs(facet(result, "section")) == Pairs{{"Articles", 1}});

        // A filter keeps the order of what remains.
        SearchRequest filtered = request;
        filtered.filters = {{"keyword", "CENTRAL ASIA"}};
        const SearchResult narrowed = searcher.search(filtered);
        REQUIRE(narrowed.total == 1);
        CHECK(narrowed.hits.at(0).record.id == "a");
        filtered.filters = {{"decade", "2020s"}, {"author", "seitkali, a."}};
        CHECK(searcher.search(filtered).total == 1);
    }
}
