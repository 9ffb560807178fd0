#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "formats/record_io.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "polsearch/error.h"
#include "search/facets.h"
#include "search/output.h"
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

// Three records on water, with years, keywords and an author to count.
void write_water_records(const std::string& path) {
    IndexWriter writer(path);
    writer.add(make(R"({"id": "a", "title": "Water politics", "year": 2019,
        "keywords": ["water", "Central Asia"], "authors": ["Seitkali, A."], "language": "en"})"));
    writer.add(make(R"({"id": "b", "title": "Water and power", "year": 2021,
        "keywords": ["Water", "energy"], "language": "en"})"));
    writer.add(make(R"({"id": "c", "title": "Water again", "year": 2021, "keywords": ["water"],
        "language": "en"})"));
    writer.commit();
}

// Record b of write_water_records changes its year and keywords in place (the same document
// number).
void change_water_record(const std::string& path) {
    IndexWriter writer(path);
    writer.add(make(R"({"id": "b", "title": "Water and drought", "year": 2005,
                        "keywords": ["drought"], "language": "en"})"));
    writer.commit();
}

void check_same_counts(const SearchResult& a, const SearchResult& b) {
    for (const char* name : {"year", "decade", "language", "keyword", "author"}) {
        INFO(name);
        CHECK(pairs(facet(a, name)) == pairs(facet(b, name)));
    }
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

TEST_CASE("a searcher counts facets from what it read before, and anew after a commit",
          "[facets]") {
    test::TempDir dir;
    write_water_records(dir / "db");
    using Pairs = std::vector<std::pair<std::string, std::size_t>>;
    SearchRequest request{"water", 0, 10};
    request.facets = true;
    Searcher searcher(dir / "db");
    const SearchResult first = searcher.search(request);
    const SearchResult again = searcher.search(request);  // from the values read the first time
    check_same_counts(again, first);
    CHECK(pairs(facet(again, "keyword")) ==
          Pairs{{"water", 3}, {"Central Asia", 1}, {"energy", 1}});

    // Record b changes in place: the same searcher counts the new values.
    change_water_record(dir / "db");
    const SearchResult updated = searcher.search(request);
    CHECK(pairs(facet(updated, "year")) == Pairs{{"2021", 1}, {"2019", 1}, {"2005", 1}});
    CHECK(pairs(facet(updated, "keyword")) ==
          Pairs{{"water", 2}, {"Central Asia", 1}, {"drought", 1}});

    // A record numbered beyond what the searcher keeps is read each time, and counted the same.
    {
        Xapian::WritableDatabase database(dir / "db");
        const Xapian::Document document = database.get_document(1);
        database.replace_document(FacetValueCache::max_docid + 1, document);
        database.delete_document(1);
        database.commit();
    }
    for (int round = 0; round < 2; ++round) {
        const SearchResult far = searcher.search(request);
        REQUIRE(far.total == 3);
        CHECK(pairs(facet(far, "keyword")) ==
              Pairs{{"water", 2}, {"Central Asia", 1}, {"drought", 1}});
        CHECK(pairs(facet(far, "author")) == Pairs{{"Seitkali, A.", 1}});
    }
}

TEST_CASE("searchers that share a facet cache read each value once, each revision anew",
          "[facets]") {
    test::TempDir dir;
    write_water_records(dir / "db");
    using Pairs = std::vector<std::pair<std::string, std::size_t>>;
    SearchRequest request{"water", 0, 10};
    request.facets = true;
    const auto latest = [&] {
        const Xapian::Database database(dir / "db");
        return std::pair{database.get_uuid(), database.get_revision()};
    };
    auto shared = std::make_shared<SharedFacetValueCache>();
    Searcher one(dir / "db", &Thesaurus::built_in(), {}, shared);
    Searcher other(dir / "db", &Thesaurus::built_in(), {}, shared);

    const SearchResult first = one.search(request);
    const auto [uuid, revision] = latest();
    const std::shared_ptr<FacetValueCache> cache = shared->at(uuid, revision);
    CHECK(cache->reads() == 3);
    const SearchResult second = other.search(request);  // from what the first one read
    CHECK(cache->reads() == 3);
    check_same_counts(second, first);
    CHECK(pairs(facet(second, "keyword")) ==
          Pairs{{"water", 3}, {"Central Asia", 1}, {"energy", 1}});

    // Record b changes in place: a new revision, counted anew by both.
    change_water_record(dir / "db");
    const Pairs years = {{"2021", 1}, {"2019", 1}, {"2005", 1}};
    const Pairs keywords = {{"water", 2}, {"Central Asia", 1}, {"drought", 1}};
    const SearchResult updated = other.search(request);
    CHECK(pairs(facet(updated, "year")) == years);
    CHECK(pairs(facet(updated, "keyword")) == keywords);
    const SearchResult also = one.search(request);
    CHECK(pairs(facet(also, "year")) == years);
    CHECK(pairs(facet(also, "keyword")) == keywords);
    const auto [new_uuid, new_revision] = latest();
    REQUIRE(new_revision > revision);
    const std::shared_ptr<FacetValueCache> new_cache = shared->at(new_uuid, new_revision);
    CHECK(new_cache != cache);
    CHECK(new_cache->reads() == 3);
    CHECK(cache->reads() == 3);  // the old revision's, left as it was for counts under way
}

TEST_CASE("above the sample limit facets are counted over a sample, scaled, and say so",
          "[facets]") {
    test::TempDir dir;
    // 60 records, the first the best matches for "water" (the word most often in the shortest
    // abstracts): a search for the top 10 need not see the later ones once it has seen enough.
    {
        IndexWriter writer(dir / "db");
        for (int i = 0; i < 60; ++i) {
            std::string abstract;
            for (int w = 0; w < 60 - i; ++w) abstract += "water ";
            for (int w = 0; w < i * 4; ++w) abstract += "river" + std::to_string(w) + " ";
            nlohmann::json record = {{"id", "r" + std::to_string(100 + i)},
                                     {"title", "Record " + std::to_string(i)},
                                     {"abstract", abstract},
                                     {"year", i < 40 ? 2020 : 2010},
                                     {"keywords", {i % 2 ? "odd" : "even"}},
                                     {"language", "en"}};
            writer.add(record_from_json(record));
        }
        writer.commit();
    }
    using Pairs = std::vector<std::pair<std::string, std::size_t>>;
    SearchRequest request{"water", 0, 10};
    request.facets = true;

    const SearchResult exact = Searcher(dir / "db").search(request);  // the default limit
    CHECK(exact.facets_exact);
    CHECK(exact.total == 60);
    CHECK(pairs(facet(exact, "year")) == Pairs{{"2020", 40}, {"2010", 20}});

    SearcherOptions sampled;
    sampled.facet_sample_limit = 10;
    Searcher searcher(dir / "db", &Thesaurus::built_in(), sampled);
    const SearchResult estimate = searcher.search(request);
    CHECK_FALSE(estimate.facets_exact);
    REQUIRE(estimate.hits.size() == 10);
    CHECK(estimate.hits.at(0).record.id == "r100");
    // The records of the first `buckets` sample buckets, enough for about 10 of the 60, each
    // count multiplied by 64 / buckets.
    REQUIRE(estimate.total == 60);
    const unsigned buckets = 11;  // 10 / 60 of 64, rounded up
    std::map<std::string, std::size_t> sample;
    for (int i = 0; i < 60; ++i) {
        if (schema::sample_bucket("r" + std::to_string(100 + i)) < buckets)
            ++sample[i < 40 ? "2020" : "2010"];
    }
    Pairs expected;
    for (const std::string year : {"2020", "2010"}) {
        if (sample[year] > 0)
            expected.emplace_back(year, std::lround(sample[year] * 64.0 / buckets));
    }
    CHECK(pairs(facet(estimate, "year")) == expected);

    const nlohmann::json json = nlohmann::json::parse(result_to_json(estimate).dump());
    CHECK(json.at("facets_exact") == false);
    CHECK(nlohmann::json::parse(result_to_json(exact).dump()).at("facets_exact") == true);
    std::ostringstream text;
    write_text(text, estimate, TextStyle{});
    CHECK(text.str().find("Facets (about: counted over a sample of the matches)") !=
          std::string::npos);
    std::ostringstream exact_text;
    write_text(exact_text, exact, TextStyle{});
    CHECK(exact_text.str().find("Facets\n") != std::string::npos);

    // Asked for, every match is counted.
    request.exact_facets = true;
    const SearchResult counted = searcher.search(request);
    CHECK(counted.facets_exact);
    CHECK(pairs(facet(counted, "year")) == Pairs{{"2020", 40}, {"2010", 20}});
    CHECK(pairs(facet(counted, "keyword")) == Pairs{{"even", 30}, {"odd", 30}});

    // Records without a bucket (indexed by an older version and skipped as unchanged since)
    // would be missing from every sample: then every match is counted.
    {
        Xapian::WritableDatabase database(dir / "db");
        for (Xapian::docid id = 1; id <= 30; ++id) {
            Xapian::Document document = database.get_document(id);
            for (unsigned b = 0; b < schema::sample_buckets; ++b) {
                try {
                    document.remove_term(schema::sample_term(b));
                } catch (const Xapian::InvalidArgumentError&) {
                }
            }
            database.replace_document(id, document);
        }
        database.commit();
    }
    request.exact_facets = false;
    const SearchResult old_records =
        Searcher(dir / "db", &Thesaurus::built_in(), sampled).search(request);
    CHECK(old_records.facets_exact);
    CHECK(pairs(facet(old_records, "year")) == Pairs{{"2020", 40}, {"2010", 20}});

    // Records of three layouts in one database: 1 to 20 as written now (the packed facet
    // value only), 21 to 30 as written by analysis 44 and 45 until 2026-12-07 (the packed
    // value and each facet in its own slot: counted once), 31 to 60 as written before
    // analysis 44 (each in its own slot only: counted from those).
    {
        Xapian::WritableDatabase database(dir / "db");
        for (Xapian::docid id = 21; id <= 60; ++id) {
            Xapian::Document document = database.get_document(id);
            const std::string packed = document.get_value(schema::facets_slot);
            REQUIRE(!packed.empty());
            CHECK(document.get_value(schema::year_text_slot).empty());  // not written now
            std::size_t from = 0;
            for (const Xapian::valueno slot : schema::packed_facet_slots) {
                const std::size_t to =
                    std::min(packed.find(schema::facet_value_separator, from), packed.size());
                if (to > from) document.add_value(slot, packed.substr(from, to - from));
                from = to + 1;
            }
            if (id > 30) document.remove_value(schema::facets_slot);
            database.replace_document(id, document);
        }
        database.commit();
    }
    const SearchResult unpacked =
        Searcher(dir / "db", &Thesaurus::built_in(), sampled).search(request);
    CHECK(unpacked.facets_exact);
    CHECK(pairs(facet(unpacked, "year")) == Pairs{{"2020", 40}, {"2010", 20}});
    CHECK(pairs(facet(unpacked, "keyword")) == Pairs{{"even", 30}, {"odd", 30}});
}

TEST_CASE("a record's sample bucket is a hash of its id, the same everywhere", "[facets]") {
    // FNV-1a of the id's bytes, modulo 64: computed by hand (Python) for these ids.
    CHECK(schema::sample_bucket("enu-bulletin-2025-150-1-145") == 13);
    CHECK(schema::sample_bucket("ungd-ARG-1-1946-001") == 59);
    CHECK(schema::sample_bucket("") == 5);
    CHECK(schema::sample_term(7) == "XB7");
    std::vector<unsigned> sizes(schema::sample_buckets);
    for (int i = 0; i < 6400; ++i) ++sizes.at(schema::sample_bucket("id-" + std::to_string(i)));
    for (const unsigned size : sizes) CHECK((size > 50 && size < 150));  // spread, not lumped
}
