#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "index/document_builder.h"
#include "polsearch/error.h"
#include "polsearch/record.h"

using namespace polsearch;
using nlohmann::json;

namespace {
Record parse(const char* text) {
    return record_from_json(json::parse(text));
}

std::string error_of(const char* text) {
    try {
        parse(text);
    } catch (const RecordError& error) {
        return error.what();
    }
    return "";
}
}  // namespace

TEST_CASE("a minimal record needs a title or an abstract", "[record]") {
    const Record record = parse(R"({"id": "r1", "title": "Soft power"})");
    CHECK(record.id == "r1");
    REQUIRE(record.title.size() == 1);
    CHECK(record.title[0].text == "Soft power");
    CHECK(record.title[0].language == Language::unknown);
    CHECK(parse(R"({"id": 42, "abstract": "x"})").id == "42");

    CHECK(error_of(R"({"id": "", "title": "x"})") == "field 'id' is empty");
    CHECK(error_of(R"({"id": "r1"})") == "record 'r1' has neither a title nor an abstract");
    CHECK(error_of(R"({"id": "r1", "title": ""})") ==
          "record 'r1' has neither a title nor an abstract");
    CHECK(error_of(R"([1, 2])") == "a record must be a JSON object, not array");
}

TEST_CASE("a record without an id takes its DOI, else its OAI identifier, else a hash",
          "[record]") {
    CHECK(parse(R"({"title": "x", "doi": "doi:10.1/AB"})").id == "10.1/ab");
    CHECK(parse(R"({"title": "x", "oai_identifier": "oai:j.kz:article/7"})").id ==
          "oai:j.kz:article/7");
    const std::string hashed =
        parse(R"({"title": "Soft power", "year": 2020, "authors": ["A"]})").id;
    CHECK(hashed.size() == 21);
    CHECK(hashed.rfind("hash-", 0) == 0);
    // Stable: the same title, year and authors give the same id; any of them changed, another.
    CHECK(parse(R"({"title": "Soft power", "year": 2020, "authors": ["A"], "journal": "J"})").id ==
          hashed);
    CHECK(parse(R"({"title": "Soft power", "year": 2021, "authors": ["A"]})").id != hashed);
    CHECK(parse(R"({"title": "Soft power", "year": 2020, "authors": ["B"]})").id != hashed);
    CHECK(parse(R"({"title": "Hard power", "year": 2020, "authors": ["A"]})").id != hashed);
    // FNV-1a 64 of "a", a published test vector: the hash may not change between versions.
    CHECK(stable_hash("a") == 0xaf63dc4c8601ec8cull);
}

TEST_CASE("title, abstract and keywords may be language maps", "[record]") {
    const Record record = parse(R"({"id": "r1",
        "title": {"en": "Soft power", "ru": "Мягкая сила", "kk": "Жұмсақ күш"},
        "keywords": {"en": ["soft power", "Russia"], "ru": "мягкая сила; Россия"}})");
    // Versions come in the order of their language codes: en, kk, ru.
    REQUIRE(record.title.size() == 3);
    CHECK(record.title[2].language == Language::ru);
    CHECK(record.title[2].text == "Мягкая сила");
    REQUIRE(record.keywords.size() == 2);
    CHECK(record.keywords[0].keywords == std::vector<std::string>{"soft power", "Russia"});
    CHECK(record.keywords[1].keywords == std::vector<std::string>{"мягкая сила", "Россия"});
    CHECK(error_of(R"({"id": "r1", "title": {"de": "Weiche Macht"}})") ==
          "field 'title' has an unknown language key 'de' (expected en, ru or kk)");
    CHECK(error_of(R"({"id": "r1", "title": 5})") ==
          "field 'title' must be a string or a map from language to text, not number");
}

TEST_CASE("dates, years, DOIs and languages are checked", "[record]") {
    const Record record = parse(R"({"id": "r1", "title": "t", "date": "2025-03-31",
        "doi": "https://doi.org/10.32523/2616-6887-2025-150-1-145-159", "language": "EN"})");
    CHECK(record.year == 2025);
    CHECK(record.date == "2025-03-31");
    CHECK(record.doi == "10.32523/2616-6887-2025-150-1-145-159");
    CHECK(record.language == Language::en);
    CHECK(parse(R"({"id": "r", "title": "t", "year": "1999"})").year == 1999);
    CHECK(error_of(R"({"id": "r", "title": "t", "date": "31.03.2025"})") ==
          "field 'date' must be YYYY-MM-DD or YYYY, not '31.03.2025'");
    CHECK(error_of(R"({"id": "r", "title": "t", "date": "2025-13-01"})") ==
          "field 'date' has a bad month: '2025-13-01'");
    CHECK(error_of(R"({"id": "r", "title": "t", "year": "abc"})") ==
          "field 'year' must be a four-digit year, not 'abc'");
    CHECK(error_of(R"({"id": "r", "title": "t", "year": 2020, "date": "2021"})") ==
          "field 'year' (2020) does not match field 'date' (2021)");
    CHECK(error_of(R"({"id": "r", "title": "t", "language": "de"})") ==
          "field 'language' must be en, ru or kk, not 'de'");
    CHECK(error_of(R"({"id": "r", "title": "t", "doi": "not a doi"})") ==
          "field 'doi' is not a DOI: 'not a doi'");
}

TEST_CASE("normalize_doi", "[record]") {
    CHECK(normalize_doi("10.1000/ABC") == "10.1000/abc");
    CHECK(normalize_doi("doi:10.1000/abc") == "10.1000/abc");
    CHECK(normalize_doi("https://dx.doi.org/10.1000/abc") == "10.1000/abc");
    CHECK(normalize_doi("11.1000/abc").empty());
    CHECK(normalize_doi("10.1000").empty());
}

TEST_CASE("records survive a round trip through their stored JSON", "[record]") {
    Record record = parse(R"({"id": "r1", "title": {"en": "Soft power", "ru": "Мягкая сила"},
        "abstract": "About soft power.", "authors": ["Gubaidullina, M."], "year": 2025,
        "doi": "10.1/x", "journal": "J", "volume": "1", "issue": "2", "pages": "3-4",
        "section": "S", "url": "https://example.org/1", "keywords": "a, b"})");
    resolve_languages(record);
    const Record again = record_from_json(record_to_json(record));
    CHECK(record_to_json(again) == record_to_json(record));
    CHECK(again.title.size() == 2);
    CHECK(again.keywords[0].keywords == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a date names a day that exists", "[record]") {
    CHECK(parse(R"({"id": "r", "title": "t", "date": "2024-02-29"})").date == "2024-02-29");
    CHECK(error_of(R"({"id": "r", "title": "t", "date": "2025-02-30"})") ==
          "field 'date' has a bad day: '2025-02-30' (no such day in that month)");
    CHECK(error_of(R"({"id": "r", "title": "t", "date": "2023-02-29"})") ==
          "field 'date' has a bad day: '2023-02-29' (no such day in that month)");
    CHECK(error_of(R"({"id": "r", "title": "t", "date": "2025-04-31"})") ==
          "field 'date' has a bad day: '2025-04-31' (no such day in that month)");
    CHECK(parse(R"({"id": "r", "title": "t", "year": 2020})").year == 2020);
    CHECK(parse(R"({"id": "r", "title": "t", "year": 2020, "date": "2020-05"})").date == "2020-05");
    // A whole number written as a float, as some exporters write every number.
    CHECK(parse(R"({"id": "r", "title": "t", "year": 2020.0})").year == 2020);
    CHECK(error_of(R"({"id": "r", "title": "t", "year": 2020.5})") ==
          "field 'year' must be a string or a whole number, not number 2020.5");
}

TEST_CASE("normalize_date reads the dates exports write", "[record]") {
    // clang-format off
    const std::pair<std::string, std::string> table[] = {
        {"2025-03-31", "2025-03-31"},           {"2025-03-31T12:00:00Z", "2025-03-31"},
        {"2025/03/31", "2025-03-31"},           {"2025/3/1/", "2025-03-01"},
        {"2025///", "2025"},                    {"2025-03", "2025-03"},
        {" 2025 ", "2025"},                     {"2025 spring", "2025"},
        {"2025-02-30", ""},                     {"2024/02/29", "2024-02-29"},
        {"2025-13", ""},                        {"MMXX", ""},
        {"20255", ""},                          {"2025-123", ""},
        {"2025////", ""},                       {"", ""},
    };
    // clang-format on
    for (const auto& [text, date] : table) {
        INFO(text);
        CHECK(normalize_date(text) == date);
    }
    // Long text after a date is read in linear time (std::regex recursed per character).
    CHECK(normalize_date("2020 " + std::string(1 << 20, 'x')) == "2020");
    CHECK(normalize_date(std::string(1 << 20, '2')).empty());
}
