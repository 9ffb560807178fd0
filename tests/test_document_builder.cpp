#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "index/document_builder.h"
#include "index/index_writer.h"
#include "index/record_data.h"
#include "index/schema.h"
#include "polsearch/error.h"
#include "support.h"

using namespace polsearch;

namespace {
Record parse(const char* text) {
    return record_from_json(nlohmann::json::parse(text));
}
}  // namespace

TEST_CASE("boolean terms of long values stay apart", "[document_builder]") {
    const std::string shared(240, 'a');
    const std::string one = schema::boolean_term(schema::oai_prefix, shared + "-one");
    const std::string two = schema::boolean_term(schema::oai_prefix, shared + "-two");
    CHECK(one.size() <= schema::max_boolean_term_bytes);
    CHECK(two.size() <= schema::max_boolean_term_bytes);
    CHECK(one != two);
    CHECK(schema::boolean_term(schema::oai_prefix, shared + "-one") == one);  // stable
    // Short values are the prefix and the value, as before.
    CHECK(schema::boolean_term(schema::oai_prefix, "oai:x:1") ==
          std::string(schema::oai_prefix) + "oai:x:1");
    // A cut never splits a character: 2-byte letters throughout.
    std::string cyrillic;
    for (int i = 0; i < 150; ++i) cyrillic += "ж";
    const std::string term = schema::boolean_term(schema::journal_prefix, cyrillic);
    CHECK(term.size() <= schema::max_boolean_term_bytes);
    const std::string value =
        term.substr(schema::journal_prefix.size(), term.find('#') - schema::journal_prefix.size());
    CHECK(value.size() % 2 == 0);
}

TEST_CASE("a deletion notice for a long OAI identifier deletes its record only",
          "[document_builder]") {
    // Terms were cut at 240 bytes: identifiers sharing their first 236 bytes were one term,
    // and one deletion deleted both records.
    test::TempDir dir;
    const std::string shared = "oai:repository.example.kz:" + std::string(230, 'x');
    {
        IndexWriter writer(dir / "db");
        for (const std::string end : {"1", "2"}) {
            writer.add(
                record_from_json(nlohmann::json{{"title", "Record " + end},
                                                {"doi", "10.1234/" + end},
                                                {"oai_identifier", shared + "/article/" + end}}));
        }
        writer.commit();
        CHECK(writer.document_count() == 2);
        CHECK(writer.remove(shared + "/article/1"));
        writer.commit();
        CHECK(writer.document_count() == 1);
        CHECK_FALSE(writer.remove(shared + "/article/1"));
        CHECK(writer.remove(shared + "/article/2"));
    }
}

TEST_CASE("resolve_languages detects unknown versions and the record language wins",
          "[document_builder]") {
    Record mixed = parse(R"({"id": "r1", "title": "Мягкая сила России",
                             "abstract": "Қазақстанның сыртқы саясаты"})");
    resolve_languages(mixed);
    CHECK(mixed.title[0].language == Language::ru);
    CHECK(mixed.abstract[0].language == Language::kk);
    CHECK(mixed.language == Language::kk);  // the abstract's

    Record declared = parse(R"({"id": "r1", "title": "Мягкая сила", "language": "kk"})");
    resolve_languages(declared);
    CHECK(declared.title[0].language == Language::kk);
}

TEST_CASE("a record's document data reads back as the record", "[document_builder]") {
    Record record = parse(R"({"id": "r1", "title": {"en": "Soft power", "ru": "Мягкая сила"},
        "abstract": {"kk": "Жұмсақ күш\nжәне \"тырнақша\""}, "keywords": {"en": ["a", "b"],
        "ru": ["в"]}, "authors": ["Gubaidullina, M.", "Губайдуллина М."], "date": "2020-05-02",
        "doi": "10.1/x", "journal": "J", "volume": "3", "issue": "4", "pages": "1-2",
        "section": "S", "url": "https://example.kz/a", "oai_identifier": "oai:x:1",
        "language": "ru"})");
    const auto same = [](const Record& a, const Record& b) {
        return record_to_json(a).dump() == record_to_json(b).dump();
    };
    const std::string data = encode_record(record);
    CHECK(same(decode_record(data), record));
    CHECK(data.size() < record_to_json(record).dump().size());
    Record bare;
    bare.id = "x";
    bare.title.push_back({Language::unknown, "t"});
    CHECK(same(decode_record(encode_record(bare)), bare));
    CHECK_FALSE(decode_record(encode_record(bare)).year);
    // Data written before the compact form: the record's JSON.
    CHECK(same(decode_record(record_to_json(record).dump()), record));
    // Damaged data is an error, never a crash or a half record.
    for (std::size_t cut = 0; cut < data.size(); ++cut)
        CHECK_THROWS_AS(decode_record(data.substr(0, cut)), DatabaseError);
    CHECK_THROWS_AS(decode_record(data + "x"), DatabaseError);
    CHECK_THROWS_AS(decode_record("not a record"), DatabaseError);
}

TEST_CASE("a record's facets are one packed value, no slot of their own each",
          "[document_builder]") {
    // xapian-tcpsrv sends a document's data and each of its values as a message of its own:
    // the hits' records over a remote shard cost a message per value. (The writer adds the
    // content hash, schema::content_hash_slot.)
    const Record record = parse(R"({"id": "r1", "title": {"en": "Soft power", "ru": "Сила"},
        "keywords": ["a", "b"], "authors": ["Gubaidullina, M."], "date": "2020-05-02",
        "journal": "J", "section": "S", "language": "en"})");
    DocumentBuilder builder;
    const Xapian::Document document = builder.build(record);
    std::vector<Xapian::valueno> slots;
    for (auto it = document.values_begin(); it != document.values_end(); ++it)
        slots.push_back(it.get_valueno());
    CHECK(slots == std::vector<Xapian::valueno>{schema::date_slot, schema::year_slot,
                                                schema::language_slot, schema::id_slot,
                                                schema::date_sort_slot, schema::facets_slot});
    const std::string sep(1, schema::facet_value_separator);
    // Year, languages, journal, section, keywords, authors (schema::packed_facet_slots).
    CHECK(document.get_value(schema::facets_slot) ==
          "2020" + sep + join_facet_items({"en", "ru"}) + sep + "J" + sep + "S" + sep +
              join_facet_items({"a", "b"}) + sep + join_facet_items({"Gubaidullina, M."}));
}
