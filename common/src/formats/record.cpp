#include "polsearch/record.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "polsearch/error.h"
#include "text/date.h"
#include "text/text.h"

namespace polsearch {
namespace {

using nlohmann::json;

std::string type_name(const json& value) {
    return value.type_name();
}

std::string require_string(const json& value, const std::string& field) {
    if (value.is_string()) return trim(value.get<std::string>());
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    // A whole number written as a float (2020.0, as some exporters write every number).
    if (value.is_number_float()) {
        const double number = value.get<double>();
        if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15)
            return std::to_string(static_cast<long long>(number));
    }
    throw RecordError("field '" + field + "' must be a string or a whole number, not " +
                      type_name(value) + (value.is_number() ? " " + excerpt(value.dump()) : ""));
}

Language require_language_key(const std::string& key, const std::string& field) {
    if (auto language = parse_language(key)) return *language;
    if (key == "und") return Language::unknown;  // ISO 639-2 "undetermined"
    throw RecordError("field '" + field + "' has an unknown language key '" + excerpt(key) +
                      "' (expected en, ru or kk)");
}

std::vector<LocalizedText> read_localized(const json& value, const std::string& field) {
    std::vector<LocalizedText> versions;
    if (value.is_null()) return versions;
    if (value.is_string()) {
        std::string text = trim(value.get<std::string>());
        if (!text.empty()) versions.push_back({Language::unknown, std::move(text)});
        return versions;
    }
    if (value.is_object()) {
        for (const auto& [key, text] : value.items()) {
            const Language language = require_language_key(key, field);
            std::string content = require_string(text, field + "." + key);
            if (!content.empty()) versions.push_back({language, std::move(content)});
        }
        return versions;
    }
    throw RecordError("field '" + field +
                      "' must be a string or a map from language to text, not " + type_name(value));
}

std::vector<std::string> read_string_list(const json& value, const std::string& field,
                                          std::string_view separators) {
    if (value.is_null()) return {};
    if (value.is_string()) return split_list(value.get<std::string>(), separators);
    if (value.is_array()) {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < value.size(); ++i) {
            std::string item = require_string(value[i], field + "[" + std::to_string(i) + "]");
            if (!item.empty()) items.push_back(std::move(item));
        }
        return items;
    }
    throw RecordError("field '" + field + "' must be a list of strings or a string, not " +
                      type_name(value));
}

std::vector<LocalizedKeywords> read_keywords(const json& value) {
    std::vector<LocalizedKeywords> versions;
    if (value.is_object()) {
        for (const auto& [key, list] : value.items()) {
            const Language language = require_language_key(key, "keywords");
            auto keywords = read_string_list(list, "keywords." + key, ",;");
            if (!keywords.empty()) versions.push_back({language, std::move(keywords)});
        }
        return versions;
    }
    auto keywords = read_string_list(value, "keywords", ",;");
    if (!keywords.empty()) versions.push_back({Language::unknown, std::move(keywords)});
    return versions;
}

int parse_year(std::string_view text, const std::string& field) {
    int year = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (error != std::errc() || end != text.data() + text.size() || text.size() != 4) {
        throw RecordError("field '" + field + "' must be a four-digit year, not '" + excerpt(text) +
                          "'");
    }
    return year;
}

std::string validate_date(const std::string& date) {
    if (parse_date(date)) return date;
    bool shape = date.size() == 4 || date.size() == 7 || date.size() == 10;
    for (std::size_t at = 0; shape && at < date.size(); ++at) {
        const char c = date[at];
        shape = at == 4 || at == 7 ? c == '-' : c >= '0' && c <= '9';
    }
    if (!shape) {
        throw RecordError("field 'date' must be YYYY-MM-DD or YYYY, not '" + excerpt(date) + "'");
    }
    const int month = date.size() >= 7 ? std::stoi(date.substr(5, 2)) : 0;
    if (date.size() >= 7 && (month < 1 || month > 12))
        throw RecordError("field 'date' has a bad month: '" + date + "'");
    throw RecordError("field 'date' has a bad day: '" + date + "' (no such day in that month)");
}

// The key of a language version in a language map ("und": undetermined).
std::string language_key(Language language) {
    const std::string_view code = language_code(language);
    return code.empty() ? "und" : std::string(code);
}

json localized_to_json(const std::vector<LocalizedText>& versions) {
    json object = json::object();
    for (const auto& version : versions) object[language_key(version.language)] = version.text;
    return object;
}

// Fields that are plain strings, read and written as they are.
constexpr std::pair<const char*, std::string Record::*> plain_fields[] = {
    {"journal", &Record::journal},
    {"volume", &Record::volume},
    {"issue", &Record::issue},
    {"pages", &Record::pages},
    {"section", &Record::section},
    {"url", &Record::url},
    {"oai_identifier", &Record::oai_identifier},
};

}  // namespace

std::string normalize_doi(std::string_view text) {
    std::string doi = trim(text);
    for (const std::string_view prefix :
         {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
          "doi.org/", "doi:", "doi "}) {
        if (doi.size() > prefix.size() &&
            std::equal(prefix.begin(), prefix.end(), doi.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            doi = trim(doi.substr(prefix.size()));
            break;
        }
    }
    if (doi.size() < 4 || doi.compare(0, 3, "10.") != 0 || doi.find('/') == std::string::npos) {
        return {};
    }
    for (char& c : doi) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return doi;
}

Record record_from_json(const json& object) {
    if (!object.is_object()) {
        throw RecordError("a record must be a JSON object, not " + type_name(object));
    }
    Record record;
    const auto field = [&](const char* name) -> const json& {
        static const json null_value;
        const auto it = object.find(name);
        return it == object.end() ? null_value : *it;
    };

    if (!field("id").is_null()) {
        record.id = require_string(field("id"), "id");
        if (record.id.empty()) throw RecordError("field 'id' is empty");
    }
    record.title = read_localized(field("title"), "title");
    record.abstract = read_localized(field("abstract"), "abstract");
    record.keywords = read_keywords(field("keywords"));
    record.authors = read_string_list(field("authors"), "authors", ";");

    if (!field("language").is_null()) {
        const std::string code = require_string(field("language"), "language");
        auto language = parse_language(code);
        if (!language) {
            throw RecordError("field 'language' must be en, ru or kk, not '" + excerpt(code) + "'");
        }
        record.language = *language;
    }
    if (!field("date").is_null())
        record.date = validate_date(require_string(field("date"), "date"));
    if (!field("year").is_null()) {
        record.year = parse_year(require_string(field("year"), "year"), "year");
    }
    if (!record.date.empty()) {
        const int date_year = parse_year(std::string_view(record.date).substr(0, 4), "date");
        if (record.year && *record.year != date_year) {
            throw RecordError("field 'year' (" + std::to_string(*record.year) +
                              ") does not match field 'date' (" + record.date + ")");
        }
        record.year = date_year;
    }
    if (!field("doi").is_null()) {
        const std::string doi = require_string(field("doi"), "doi");
        record.doi = normalize_doi(doi);
        if (record.doi.empty() && !doi.empty()) {
            throw RecordError("field 'doi' is not a DOI: '" + excerpt(doi) + "'");
        }
    }
    for (const auto& [name, member] : plain_fields) {
        if (!field(name).is_null()) record.*member = require_string(field(name), name);
    }
    assign_record_id(record);
    validate_record(record);
    return record;
}

std::string normalize_date(std::string_view text) {
    const auto date = read_date(text);
    return date ? format_date(*date) : std::string();
}

void set_record_date(Record& record, std::string_view text, std::string_view field) {
    const auto date = read_date(text);
    if (!date) {
        throw RecordError("field '" + std::string(field) + "' is not a date: '" +
                          excerpt(trim(text)) + "'");
    }
    record.date = format_date(*date);
    record.year = date->year;
}

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

void assign_record_id(Record& record) {
    if (!record.id.empty()) return;
    if (!record.doi.empty()) {
        record.id = record.doi;
        return;
    }
    if (!record.oai_identifier.empty()) {
        record.id = record.oai_identifier;
        return;
    }
    // Title (else abstract), year and authors, separated by bytes that UTF-8 text never holds.
    const auto& texts = record.title.empty() ? record.abstract : record.title;
    std::string key = texts.empty() ? std::string() : texts.front().text;
    key += '\x01';
    if (record.year) key += std::to_string(*record.year);
    for (const auto& author : record.authors) key += '\x01' + author;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(stable_hash(key)));
    record.id = std::string("hash-") + hex;
}

void validate_record(const Record& record) {
    if (record.id.size() > 200) throw RecordError("the id is longer than 200 bytes");
    if (record.title.empty() && record.abstract.empty()) {
        throw RecordError("record '" + record.id + "' has neither a title nor an abstract");
    }
}

json record_to_json(const Record& record) {
    json object = json::object();
    object["id"] = record.id;
    if (!record.title.empty()) object["title"] = localized_to_json(record.title);
    if (!record.abstract.empty()) object["abstract"] = localized_to_json(record.abstract);
    if (!record.keywords.empty()) {
        json keywords = json::object();
        for (const auto& version : record.keywords) {
            keywords[language_key(version.language)] = version.keywords;
        }
        object["keywords"] = std::move(keywords);
    }
    object["authors"] = record.authors;
    if (record.year) object["year"] = *record.year;
    const auto put = [&](const char* name, const std::string& value) {
        if (!value.empty()) object[name] = value;
    };
    put("date", record.date);
    put("doi", record.doi);
    for (const auto& [name, member] : plain_fields) put(name, record.*member);
    put("language", std::string(language_code(record.language)));
    return object;
}

const LocalizedText* pick_version(const std::vector<LocalizedText>& versions, Language language,
                                  Language fallback) {
    for (const auto& version : versions) {
        if (version.language == language) return &version;
    }
    for (const auto& version : versions) {
        if (version.language == fallback) return &version;
    }
    return versions.empty() ? nullptr : &versions.front();
}

}  // namespace polsearch
