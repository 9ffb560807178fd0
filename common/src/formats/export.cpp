#include "polsearch/export.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace polsearch {
namespace {

// The title in the record's language, else the first.
std::string main_text(const std::vector<LocalizedText>& versions, Language language) {
    const LocalizedText* version = pick_version(versions, language, language);
    return version ? version->text : std::string();
}

std::vector<std::string> all_keywords(const Record& record) {
    std::vector<std::string> keywords;
    for (const auto& version : record.keywords) {
        keywords.insert(keywords.end(), version.keywords.begin(), version.keywords.end());
    }
    return keywords;
}

// "145-159" → ("145", "159"); "e12" → ("e12", "").
std::pair<std::string, std::string> page_range(const std::string& pages) {
    const auto dash = pages.find('-');
    if (dash == std::string::npos) return {pages, ""};
    return {pages.substr(0, dash), pages.substr(dash + 1)};
}

// One line per field: a value may not hold a line break in RIS.
std::string one_line(const std::string& text) {
    std::string out;
    for (const char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

std::string bibtex_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '\\':
                out += "\\textbackslash{}";
                break;
            case '{':
                out += "\\{";
                break;
            case '}':
                out += "\\}";
                break;
            case '&':
                out += "\\&";
                break;
            case '%':
                out += "\\%";
                break;
            case '$':
                out += "\\$";
                break;
            case '#':
                out += "\\#";
                break;
            case '_':
                out += "\\_";
                break;
            case '~':
                out += "\\textasciitilde{}";
                break;
            case '^':
                out += "\\textasciicircum{}";
                break;
            case '\n':
            case '\r':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A citation key of ASCII letters, digits and - _ : . from the id; unique in the export.
std::string bibtex_key(const Record& record, std::set<std::string>& used) {
    std::string key;
    for (const char c : record.id) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == ':' || c == '.') {
            key += c;
        }
    }
    if (std::none_of(key.begin(), key.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); })) {
        // An id in another script ("запись-1"): a stable key made from its hash.
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08llx",
                      static_cast<unsigned long long>(stable_hash(record.id) >> 32));
        key = std::string("record-") + hex;
    }
    std::string unique = key;
    for (int n = 2; used.count(unique); ++n) unique = key + "-" + std::to_string(n);
    used.insert(unique);
    return unique;
}

}  // namespace

ExportFormat parse_export_format(const std::string& name) {
    if (name == "ris") return ExportFormat::ris;
    if (name == "bibtex") return ExportFormat::bibtex;
    if (name == "csl-json") return ExportFormat::csl_json;
    throw UsageError("unknown export format '" + name + "' (expected ris, bibtex or csl-json)");
}

void write_ris(std::ostream& out, const std::vector<Record>& records) {
    for (const Record& record : records) {
        const auto field = [&](const char* tag, const std::string& value) {
            if (!value.empty()) out << tag << "  - " << one_line(value) << "\r\n";
        };
        field("TY", "JOUR");
        field("TI", main_text(record.title, record.language));
        for (const auto& author : record.authors) field("AU", author);
        field("AB", main_text(record.abstract, record.language));
        for (const auto& keyword : all_keywords(record)) field("KW", keyword);
        if (record.year) field("PY", std::to_string(*record.year));
        if (record.date.size() == 10) {
            std::string date = record.date;
            for (char& c : date) c = c == '-' ? '/' : c;
            field("DA", date);
        }
        field("T2", record.journal);
        field("VL", record.volume);
        field("IS", record.issue);
        const auto [start, end] = page_range(record.pages);
        field("SP", start);
        field("EP", end);
        field("DO", record.doi);
        field("UR", record.url);
        field("LA", std::string(language_code(record.language)));
        field("ID", record.id);
        out << "ER  - \r\n\r\n";
    }
}

void write_bibtex(std::ostream& out, const std::vector<Record>& records) {
    std::set<std::string> keys;
    for (const Record& record : records) {
        out << "@article{" << bibtex_key(record, keys);
        const auto field = [&](const char* name, const std::string& value) {
            if (!value.empty()) out << ",\n  " << name << " = {" << bibtex_escape(value) << "}";
        };
        field("title", main_text(record.title, record.language));
        std::string authors;
        for (const auto& author : record.authors)
            authors += (authors.empty() ? "" : " and ") + author;
        field("author", authors);
        field("journal", record.journal);
        if (record.year) field("year", std::to_string(*record.year));
        field("volume", record.volume);
        field("number", record.issue);
        const auto [start, end] = page_range(record.pages);
        field("pages", end.empty() ? start : start + "--" + end);
        field("doi", record.doi);
        field("url", record.url);
        std::string keywords;
        for (const auto& keyword : all_keywords(record))
            keywords += (keywords.empty() ? "" : ", ") + keyword;
        field("keywords", keywords);
        field("abstract", main_text(record.abstract, record.language));
        field("language", std::string(language_code(record.language)));
        out << "\n}\n\n";
    }
}

void write_csl_json(std::ostream& out, const std::vector<Record>& records) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const Record& record : records) {
        nlohmann::ordered_json item;
        item["id"] = record.id;
        item["type"] = "article-journal";
        item["title"] = main_text(record.title, record.language);
        nlohmann::ordered_json authors = nlohmann::ordered_json::array();
        for (const auto& author : record.authors) {
            // "Family, Given" as bibliographic data writes it; other forms as one literal name.
            const auto comma = author.find(',');
            if (comma != std::string::npos) {
                authors.push_back(
                    {{"family", author.substr(0, comma)},
                     {"given", author.substr(author.find_first_not_of(' ', comma + 1))}});
            } else {
                authors.push_back({{"literal", author}});
            }
        }
        item["author"] = std::move(authors);
        const auto put = [&](const char* name, const std::string& value) {
            if (!value.empty()) item[name] = value;
        };
        put("container-title", record.journal);
        put("volume", record.volume);
        put("issue", record.issue);
        put("page", record.pages);
        put("DOI", record.doi);
        put("URL", record.url);
        put("abstract", main_text(record.abstract, record.language));
        std::string keywords;
        for (const auto& keyword : all_keywords(record))
            keywords += (keywords.empty() ? "" : ", ") + keyword;
        put("keyword", keywords);
        put("language", std::string(language_code(record.language)));
        if (record.year) {
            nlohmann::ordered_json parts = nlohmann::ordered_json::array({*record.year});
            if (record.date.size() >= 7) parts.push_back(std::stoi(record.date.substr(5, 2)));
            if (record.date.size() == 10) parts.push_back(std::stoi(record.date.substr(8, 2)));
            item["issued"] = {{"date-parts", nlohmann::ordered_json::array({parts})}};
        }
        items.push_back(std::move(item));
    }
    out << items.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_export(std::ostream& out, const std::vector<Record>& records, ExportFormat format) {
    switch (format) {
        case ExportFormat::ris:
            return write_ris(out, records);
        case ExportFormat::bibtex:
            return write_bibtex(out, records);
        case ExportFormat::csl_json:
            return write_csl_json(out, records);
    }
}

}  // namespace polsearch
