#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "polsearch/export.h"
#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "support.h"

using namespace polsearch;

namespace {

Record make(const std::string& text) {
    return record_from_json(nlohmann::json::parse(text));
}

std::vector<Record> sample() {
    return {
        make(
            R"({"id": "enu-2025-1", "title": {"en": "Russia's soft power in Kazakhstan", "ru": "Мягкая сила России"},
                "abstract": {"en": "Education,\nlanguage and media.", "ru": "Образование."},
                "authors": ["Gubaidullina, M.", "Paizova, A."], "keywords": {"en": ["soft power"], "ru": ["мягкая сила"]},
                "date": "2025-03-31", "doi": "10.32523/2616-6887-2025-150-1-145-159", "journal": "Bulletin",
                "volume": "150", "issue": "1", "pages": "145-159", "language": "en"})"),
        make(
            R"({"id": "запись-1", "title": "Мягкая сила: R&D 100% $5 #1 snake_case ~x^y {a} back\\slash",
                "authors": ["Иванов П."], "year": 2019, "language": "ru"})"),
        make(R"({"id": "запись-2", "title": "Вторая запись", "language": "ru"})"),
    };
}

// A small BibTeX reader: entries of "@type{key," and "name = {value}" fields, braces balanced.
struct BibEntry {
    std::string type, key;
    std::map<std::string, std::string> fields;
};

std::vector<BibEntry> parse_bibtex(const std::string& text) {
    std::vector<BibEntry> entries;
    std::size_t at = 0;
    while ((at = text.find('@', at)) != std::string::npos) {
        BibEntry entry;
        const auto open = text.find('{', at);
        entry.type = text.substr(at + 1, open - at - 1);
        const auto comma = text.find(',', open);
        entry.key = text.substr(open + 1, comma - open - 1);
        at = comma + 1;
        while (true) {
            while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == ','))
                ++at;
            if (text.at(at) == '}') {
                ++at;
                break;
            }
            const auto equals = text.find(" = {", at);
            const std::string name = text.substr(at, equals - at);
            std::size_t depth = 1, i = equals + 4;
            for (; depth > 0; ++i) {
                if (text.at(i) == '\\') {
                    ++i;  // an escaped character is not a brace
                    continue;
                }
                if (text[i] == '{') ++depth;
                if (text[i] == '}') --depth;
            }
            entry.fields[name] = text.substr(equals + 4, i - 1 - (equals + 4));
            at = i;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace

TEST_CASE("RIS export is read back by the RIS reader", "[export]") {
    test::TempDir dir;
    std::ostringstream out;
    write_ris(out, sample());
    test::write_file(dir / "export.ris", out.str());
    std::vector<Record> back;
    std::vector<std::string> errors;
    RecordSinks sinks;
    sinks.on_record = [&](Record&& record, const std::string&) {
        back.push_back(std::move(record));
    };
    sinks.on_error = [&](const InputError& error) { errors.push_back(error.what()); };
    read_ris(dir / "export.ris", sinks, {});
    CHECK(errors.empty());
    REQUIRE(back.size() == 3);
    const Record& first = back[0];
    CHECK(first.id == "10.32523/2616-6887-2025-150-1-145-159");
    CHECK(first.title.at(0).text == "Russia's soft power in Kazakhstan");
    CHECK(first.abstract.at(0).text == "Education, language and media.");
    CHECK(first.authors == std::vector<std::string>{"Gubaidullina, M.", "Paizova, A."});
    CHECK(first.keywords.at(0).keywords == std::vector<std::string>{"soft power", "мягкая сила"});
    CHECK(first.date == "2025-03-31");
    CHECK(first.journal == "Bulletin");
    CHECK(first.volume == "150");
    CHECK(first.issue == "1");
    CHECK(first.pages == "145-159");
    CHECK(first.language == Language::en);
    CHECK(back[1].title.at(0).text ==
          "Мягкая сила: R&D 100% $5 #1 snake_case ~x^y {a} back\\slash");
    CHECK(back[1].language == Language::ru);
}

TEST_CASE("BibTeX export escapes what LaTeX needs escaped and keeps Cyrillic", "[export]") {
    std::ostringstream out;
    write_bibtex(out, sample());
    const auto entries = parse_bibtex(out.str());
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].type == "article");
    CHECK(entries[0].key == "enu-2025-1");
    CHECK(entries[0].fields.at("author") == "Gubaidullina, M. and Paizova, A.");
    CHECK(entries[0].fields.at("pages") == "145--159");
    CHECK(entries[0].fields.at("year") == "2025");
    CHECK(entries[0].fields.at("abstract") == "Education, language and media.");
    CHECK(
        entries[1].fields.at("title") ==
        "Мягкая сила: R\\&D 100\\% \\$5 \\#1 snake\\_case \\textasciitilde{}x\\textasciicircum{}y "
        "\\{a\\} back\\textbackslash{}slash");
    CHECK(entries[1].fields.at("author") == "Иванов П.");
    // Keys are ASCII and unique even when ids are not ASCII.
    CHECK(entries[1].key.rfind("record-", 0) == 0);
    CHECK(entries[1].key.size() == 15);
    CHECK(entries[2].key.rfind("record-", 0) == 0);
    CHECK(entries[1].key != entries[2].key);
}

TEST_CASE("CSL-JSON export", "[export]") {
    std::ostringstream out;
    write_csl_json(out, sample());
    const auto items = nlohmann::json::parse(out.str());
    REQUIRE(items.size() == 3);
    CHECK(items[0]["type"] == "article-journal");
    CHECK(items[0]["author"][0] == nlohmann::json({{"family", "Gubaidullina"}, {"given", "M."}}));
    CHECK(items[0]["issued"]["date-parts"] ==
          nlohmann::json::array({nlohmann::json::array({2025, 3, 31})}));
    CHECK(items[0]["DOI"] == "10.32523/2616-6887-2025-150-1-145-159");
    CHECK(items[0]["page"] == "145-159");
    CHECK(items[1]["author"][0] == nlohmann::json({{"literal", "Иванов П."}}));
    CHECK(items[1]["issued"]["date-parts"][0] == nlohmann::json::array({2019}));
    CHECK_THROWS_AS(parse_export_format("endnote"), UsageError);
}
