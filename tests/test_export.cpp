#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "polsearch/export.h"
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
    CHECK(entries[0].key == "gubaidullina2025russia");  // author, year, title word
    CHECK(entries[0].fields.at("author") == "Gubaidullina, M. and Paizova, A.");
    CHECK(entries[0].fields.at("pages") == "145--159");
    CHECK(entries[0].fields.at("year") == "2025");
    CHECK(entries[0].fields.at("abstract") == "Education, language and media.");
    CHECK(
        entries[1].fields.at("title") ==
        "Мягкая сила: R\\&D 100\\% \\$5 \\#1 snake\\_case \\textasciitilde{}x\\textasciicircum{}y "
        "\\{a\\} back\\textbackslash{}slash");
    CHECK(entries[1].fields.at("author") == "Иванов П.");
    // Keys are ASCII and unique even when names and titles are not ASCII.
    CHECK(entries[1].key == "ivanov2019magkaa");
    CHECK(entries[2].key == "vtoraa");
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
    CHECK(items[1]["author"][0] == nlohmann::json({{"family", "Иванов"}, {"given", "П."}}));
    CHECK(items[1]["issued"]["date-parts"][0] == nlohmann::json::array({2019}));
    CHECK_THROWS_AS(parse_export_format("endnote"), UsageError);
}

namespace {

// The CSL-JSON schema (csl-data.json of the Citation Style Language, v1.0), the part that
// polsearch writes, as checks: written from the schema's text as we know it, not downloaded
// (no network here). An item: "id" (string or number) and "type" (one of the CSL item types)
// are required; name variables are arrays of objects with only the name-part keys, each a
// string; date variables objects with "date-parts": an array of one or two arrays of one to
// three numbers (or numeric strings); standard variables strings (volume, issue, page and a
// few more also numbers). The problems found, empty when none.
std::vector<std::string> csl_schema_problems(const nlohmann::json& items) {
    std::vector<std::string> problems;
    const auto problem = [&](const std::string& where, const std::string& what) {
        problems.push_back(where + ": " + what);
    };
    if (!items.is_array()) return {"the document is not an array of items"};
    static const std::set<std::string> types = {"article",
                                                "article-journal",
                                                "article-magazine",
                                                "article-newspaper",
                                                "bill",
                                                "book",
                                                "broadcast",
                                                "chapter",
                                                "classic",
                                                "collection",
                                                "dataset",
                                                "document",
                                                "entry",
                                                "entry-dictionary",
                                                "entry-encyclopedia",
                                                "event",
                                                "figure",
                                                "graphic",
                                                "hearing",
                                                "interview",
                                                "legal_case",
                                                "legislation",
                                                "manuscript",
                                                "map",
                                                "motion_picture",
                                                "musical_score",
                                                "pamphlet",
                                                "paper-conference",
                                                "patent",
                                                "performance",
                                                "periodical",
                                                "personal_communication",
                                                "post",
                                                "post-weblog",
                                                "regulation",
                                                "report",
                                                "review",
                                                "review-book",
                                                "software",
                                                "song",
                                                "speech",
                                                "standard",
                                                "thesis",
                                                "treaty",
                                                "webpage"};
    static const std::set<std::string> strings = {
        "title",    "container-title", "DOI",  "URL",  "language",    "keyword",
        "abstract", "publisher",       "ISSN", "note", "title-short", "container-title-short",
        "source"};
    static const std::set<std::string> strings_or_numbers = {"volume", "issue", "page",
                                                             "number-of-pages"};
    static const std::set<std::string> names = {"author", "editor", "translator"};
    static const std::set<std::string> name_parts = {
        "family",     "given",        "dropping-particle", "non-dropping-particle",
        "suffix",     "comma-suffix", "static-ordering",   "literal",
        "parse-names"};
    static const std::set<std::string> dates = {"issued", "accessed"};
    for (std::size_t n = 0; n < items.size(); ++n) {
        const auto& item = items[n];
        const std::string where = "item " + std::to_string(n);
        if (!item.is_object()) {
            problem(where, "not an object");
            continue;
        }
        if (!item.contains("id") || !(item["id"].is_string() || item["id"].is_number()))
            problem(where, "no id (string or number)");
        if (!item.contains("type") || !item["type"].is_string() ||
            !types.count(item["type"].get<std::string>()))
            problem(where, "no type of the CSL types");
        for (const auto& [key, value] : item.items()) {
            const std::string at = where + "." + key;
            if (key == "id" || key == "type") continue;
            if (strings.count(key)) {
                if (!value.is_string()) problem(at, "not a string");
            } else if (strings_or_numbers.count(key)) {
                if (!value.is_string() && !value.is_number()) problem(at, "not a string or number");
            } else if (names.count(key)) {
                if (!value.is_array()) {
                    problem(at, "not an array of names");
                    continue;
                }
                for (const auto& name : value) {
                    if (!name.is_object() || name.empty()) problem(at, "a name is not an object");
                    for (const auto& [part, text] : name.items()) {
                        if (!name_parts.count(part))
                            problem(at, "unknown name part " + part);
                        else if (part != "static-ordering" && part != "parse-names" &&
                                 !text.is_string())
                            problem(at + "." + part, "not a string");
                        else if (text.is_string() && text.get<std::string>().empty())
                            problem(at + "." + part, "empty");
                    }
                }
            } else if (dates.count(key)) {
                if (!value.is_object() || !value.contains("date-parts")) {
                    problem(at, "a date without date-parts");
                    continue;
                }
                const auto& parts = value["date-parts"];
                if (!parts.is_array() || parts.empty() || parts.size() > 2)
                    problem(at, "date-parts is not an array of one or two dates");
                for (const auto& date : parts) {
                    if (!date.is_array() || date.empty() || date.size() > 3)
                        problem(at, "a date is not one to three parts");
                    for (const auto& part : date)
                        if (!part.is_number_integer() && !part.is_string())
                            problem(at, "a date part is not a number");
                }
            } else {
                problem(at, "not a variable of the schema's item");
            }
        }
    }
    return problems;
}

std::string bibtex_of(const std::vector<Record>& records) {
    std::ostringstream out;
    write_bibtex(out, records);
    return out.str();
}

nlohmann::json csl_of(const std::vector<Record>& records) {
    std::ostringstream out;
    write_csl_json(out, records);
    return nlohmann::json::parse(out.str());
}

std::vector<std::string> ris_lines(const std::vector<Record>& records, const std::string& tag) {
    std::ostringstream out;
    write_ris(out, records);
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind(tag + "  - ", 0) == 0) lines.push_back(line.substr(tag.size() + 4));
    }
    return lines;
}

}  // namespace

TEST_CASE("BibTeX: doi and url verbatim, braces balanced", "[export]") {
    const auto entries = parse_bibtex(bibtex_of({make(
        R"({"id": "v-1", "title": "Verbatim", "doi": "10.1002/(SICI)1097-4571_x%25y#z&w",
            "url": "https://example.org/a_b?x=1&y=%20#frag~1", "language": "en"})")}));
    REQUIRE(entries.size() == 1);
    // biblatex reads doi and url verbatim: escaping would put the backslashes into the link.
    CHECK(entries[0].fields.at("doi") ==
          "10.1002/(sici)1097-4571_x%25y#z&w");  // DOIs are kept lower-case
    CHECK(entries[0].fields.at("url") == "https://example.org/a_b?x=1&y=%20#frag~1");
    CHECK(entries[0].fields.at("title") == "Verbatim");

    // An unbalanced brace cannot be written verbatim: it is percent-encoded, and a comment
    // says so.
    const std::string odd = bibtex_of({make(
        R"({"id": "v-2", "title": "Odd", "doi": "10.1234/abc}def", "url": "https://x.example/{a", "language": "en"})")});
    const auto odd_entries = parse_bibtex(odd);
    REQUIRE(odd_entries.size() == 1);
    CHECK(odd_entries[0].fields.at("doi") == "10.1234/abc%7Ddef");
    CHECK(odd_entries[0].fields.at("url") == "https://x.example/%7Ba");
    CHECK_THAT(odd, Catch::Contains("% doi: an unbalanced brace is percent-encoded"));
    // Balanced braces stay as they are.
    const auto balanced = parse_bibtex(bibtex_of(
        {make(R"({"id": "v-3", "title": "B", "doi": "10.1234/a{b}c", "language": "en"})")}));
    CHECK(balanced.at(0).fields.at("doi") == "10.1234/a{b}c");
}

TEST_CASE("BibTeX: citation keys of author, year and title word, unique in an export", "[export]") {
    std::vector<Record> records = sample();
    records.push_back(make(
        R"({"id": "x-1", "title": "Russia and the soft power of water", "authors": ["Gubaidullina, M."], "year": 2025, "language": "en"})"));
    records.push_back(make(
        R"({"id": "x-2", "title": "Russia again", "authors": ["Gubaidullina, M."], "year": 2025, "language": "en"})"));
    records.push_back(make(
        R"({"id": "x-3", "title": "Жұмсақ күш және Қазақстан", "authors": ["Әбішұлы Ұ."], "year": 2021, "language": "kk"})"));
    records.push_back(make(R"({"id": "x-4", "title": "The 2019 elections", "language": "en"})"));
    const auto entries = parse_bibtex(bibtex_of(records));
    REQUIRE(entries.size() == 7);
    CHECK(entries[0].key == "gubaidullina2025russia");
    CHECK(entries[1].key == "ivanov2019magkaa");  // ICU Any-Latin; Latin-ASCII
    CHECK(entries[2].key == "vtoraa");            // no author, no year
    CHECK(entries[3].key == "gubaidullina2025russiaa");
    CHECK(entries[4].key == "gubaidullina2025russiab");
    CHECK(entries[5].key == "abisuly2021zumsaq");  // Kazakh letters too
    CHECK(entries[6].key == "2019");               // "The" is not significant; a number is a word
    for (const auto& entry : entries) {
        for (const char c : entry.key) {
            CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')));
        }
    }
}

TEST_CASE("CSL-JSON: names split into family and given where their form allows", "[export]") {
    const auto items = csl_of({make(R"({"id": "n-1", "title": "Names", "language": "ru",
        "authors": ["Gubaidullina, M.", "Иванов П.", "Петров И. О.", "Laruelle M.-C.",
                    "Marlene Laruelle", "Иванов Иван Иванович", "Нұрсұлтан Әбішұлы Назарбаев",
                    "Institute of Economics", "UNESCO", "Smith J.R.", "Jean-Paul Sartre",
                    "van der Berg, Jan"]})")});
    const auto& authors = items.at(0).at("author");
    REQUIRE(authors.size() == 12);
    using nlohmann::json;
    CHECK(authors[0] == json({{"family", "Gubaidullina"}, {"given", "M."}}));
    CHECK(authors[1] == json({{"family", "Иванов"}, {"given", "П."}}));
    CHECK(authors[2] == json({{"family", "Петров"}, {"given", "И. О."}}));
    CHECK(authors[3] == json({{"family", "Laruelle"}, {"given", "M.-C."}}));
    CHECK(authors[4] == json({{"family", "Laruelle"}, {"given", "Marlene"}}));
    CHECK(authors[5] == json({{"family", "Иванов"}, {"given", "Иван Иванович"}}));
    CHECK(authors[6] == json({{"family", "Назарбаев"}, {"given", "Нұрсұлтан Әбішұлы"}}));
    CHECK(authors[7] == json({{"literal", "Institute of Economics"}}));
    CHECK(authors[8] == json({{"literal", "UNESCO"}}));
    CHECK(authors[9] == json({{"family", "Smith"}, {"given", "J.R."}}));
    CHECK(authors[10] == json({{"family", "Sartre"}, {"given", "Jean-Paul"}}));
    CHECK(authors[11] == json({{"family", "van der Berg"}, {"given", "Jan"}}));
}

TEST_CASE("CSL-JSON export holds to the CSL-JSON schema", "[export]") {
    std::vector<Record> records = sample();
    records.push_back(make(R"({"id": "n-2", "title": "Only a title"})"));
    const auto items = csl_of(records);
    const auto problems = csl_schema_problems(items);
    CHECK(problems == std::vector<std::string>{});
    // The check itself finds what breaks the schema.
    auto broken = items;
    broken[0]["author"][0]["first"] = "M.";
    broken[0]["issued"]["date-parts"] = nlohmann::json::array({2025});
    broken[1].erase("type");
    broken[2]["volume"] = nlohmann::json::array();
    CHECK(csl_schema_problems(broken).size() == 4);
}

TEST_CASE("RIS: translated titles in TT, one AU per person", "[export]") {
    const std::vector<Record> records = {make(
        R"({"id": "r-1", "title": {"en": "Soft power", "ru": "Мягкая сила", "kk": "Жұмсақ күш"},
            "authors": ["Gubaidullina, M.", "Губайдуллина М.", "Paizova, A.", "Пайзова А."],
            "language": "en"})")};
    CHECK(ris_lines(records, "TI") == std::vector<std::string>{"Soft power"});
    CHECK(ris_lines(records, "TT") == std::vector<std::string>{"Жұмсақ күш", "Мягкая сила"});
    // The authors written in both scripts are two people, not four: the record's language's
    // spelling in AU, the other in a note.
    CHECK(ris_lines(records, "AU") == std::vector<std::string>{"Gubaidullina, M.", "Paizova, A."});
    CHECK(ris_lines(records, "N1") ==
          std::vector<std::string>{"Authors also written: Губайдуллина М.; Пайзова А."});
    // A Russian record keeps the Cyrillic spellings.
    const std::vector<Record> russian = {make(
        R"({"id": "r-2", "title": "Мягкая сила", "authors": ["Gubaidullina, M.", "Губайдуллина М.", "Иванов П."],
            "language": "ru"})")};
    CHECK(ris_lines(russian, "AU") == std::vector<std::string>{"Губайдуллина М.", "Иванов П."});
    // As sample_corpus/trilingual.jsonl holds one (tri-016), names written out.
    const std::vector<Record> written_out = {make(
        R"({"id": "r-3", "title": "Soft power", "authors": ["Timur Iskakov", "Тимур Ысқақов"], "language": "en"})")};
    CHECK(ris_lines(written_out, "AU") == std::vector<std::string>{"Timur Iskakov"});
    CHECK(ris_lines(written_out, "N1") ==
          std::vector<std::string>{"Authors also written: Тимур Ысқақов"});
    // BibTeX and CSL-JSON count the same people.
    CHECK(parse_bibtex(bibtex_of(records)).at(0).fields.at("author") ==
          "Gubaidullina, M. and Paizova, A.");
    CHECK(csl_of(records).at(0).at("author").size() == 2);
}
