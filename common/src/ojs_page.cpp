#include "polsearch/ojs_page.h"

#include <algorithm>
#include <optional>
#include <map>
#include <regex>
#include <vector>

#include "polsearch/error.h"
#include "polsearch/normalizer.h"
#include "polsearch/text.h"

namespace polsearch {
namespace {

enum class Section {
    none, authors, doi, keywords, abstract, downloads, published, how_to_cite, issue, section,
    ignored
};

// Headings of an OJS article page, in the interface languages Kazakhstani journals use.
const std::map<std::string, Section>& headings() {
    static const std::map<std::string, Section> map = {
        {"authors", Section::authors},          {"author", Section::authors},
        {"авторы", Section::authors},           {"авторлар", Section::authors},
        {"doi", Section::doi},
        {"keywords", Section::keywords},        {"ключевые слова", Section::keywords},
        {"кілт сөздер", Section::keywords},     {"түйін сөздер", Section::keywords},
        {"abstract", Section::abstract},        {"аннотация", Section::abstract},
        {"аңдатпа", Section::abstract},
        {"downloads", Section::downloads},      {"загрузки", Section::downloads},
        {"published", Section::published},      {"опубликован", Section::published},
        {"жарияланды", Section::published},
        {"how to cite", Section::how_to_cite},  {"как цитировать", Section::how_to_cite},
        {"issue", Section::issue},              {"выпуск", Section::issue},
        {"section", Section::section},          {"раздел", Section::section},
        {"бөлім", Section::section},
        {"references", Section::ignored},       {"license", Section::ignored},
        {"author biographies", Section::ignored}, {"similar articles", Section::ignored},
        {"most read articles by the same author(s)", Section::ignored},
    };
    return map;
}

// The heading a line is, with any text after "Heading:" on the same line.
std::pair<Section, std::string> heading_of(const std::string& line) {
    const std::string lower = normalize_word(line);
    const auto colon = lower.find(':');
    const std::string head = trim(colon == std::string::npos ? lower : lower.substr(0, colon));
    const auto it = headings().find(head);
    if (it == headings().end()) return {Section::none, {}};
    std::string rest = colon == std::string::npos ? "" : trim(line.substr(colon + 1));
    // "DOI: https://doi.org/..." is a heading with its value; "Abstract: see below" is not a
    // heading at all but is rare enough that we accept it as one.
    return {it->second, rest};
}

std::string join(const std::vector<std::string>& lines, const char* separator) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += separator;
        out += line;
    }
    return out;
}

// An Authors section lists names, often each followed by its institution.
bool looks_like_affiliation(const std::string& line) {
    static const char* const markers[] = {
        "universit", "университет", "institut", "институт", "academ", "академ", "college",
        "колледж", "school", "мектеп", "ministry", "министерств", "center", "centre", "центр",
        "орталығы", "лицей"};
    const std::string lower = normalize_word(line);
    for (const char* marker : markers) {
        if (lower.find(marker) != std::string::npos) return true;
    }
    return false;
}

// APA author list: "Gubaidullina, M., & Paizova, A." → {"Gubaidullina, M.", "Paizova, A."}.
std::vector<std::string> parse_apa_authors(std::string text) {
    std::vector<std::string> pieces;
    text = std::regex_replace(text, std::regex(R"(\s*&\s*)"), " ");
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(',', start);
        std::string piece = trim(text.substr(start, end == std::string::npos ? end : end - start));
        if (!piece.empty()) pieces.push_back(piece);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    std::vector<std::string> authors;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        // Initials are short and end in a dot (also Cyrillic "М.").
        const bool next_is_initials = i + 1 < pieces.size() && pieces[i + 1].size() <= 12 &&
                                      pieces[i + 1].back() == '.';
        if (next_is_initials) {
            authors.push_back(pieces[i] + ", " + pieces[i + 1]);
            ++i;
        } else {
            authors.push_back(pieces[i]);
        }
    }
    return authors;
}

struct Citation {
    std::vector<std::string> authors;
    std::string journal, volume, issue, pages;
    std::optional<int> year;
};

Citation parse_citation(const std::string& raw, const std::string& title) {
    Citation citation;
    const std::string text = normalize_punctuation(raw);
    static const std::regex head(R"(^(.+?)\s*\((\d{4})\)\.\s*(.*)$)");
    std::smatch match;
    if (!std::regex_match(text, match, head)) return citation;
    citation.authors = parse_apa_authors(match[1]);
    citation.year = std::stoi(match[2]);
    std::string rest = match[3];
    static const std::regex numbers(R"(,\s*(\d+)\s*\(([^)]+)\),\s*([\d]+(?:-\d+)?)\.)");
    std::smatch found;
    if (std::regex_search(rest, found, numbers)) {
        citation.volume = found[1];
        citation.issue = found[2];
        citation.pages = found[3];
        std::string before = rest.substr(0, static_cast<std::size_t>(found.position(0)));
        const std::string plain_title = normalize_punctuation(title);
        if (before.compare(0, plain_title.size(), plain_title) == 0) {
            std::string journal = trim(before.substr(plain_title.size()));
            while (!journal.empty() && (journal.front() == '.' || journal.front() == ' ')) {
                journal.erase(0, 1);
            }
            while (!journal.empty() && journal.back() == '.') journal.pop_back();
            citation.journal = trim(journal);
        }
    }
    return citation;
}

}  // namespace

Record parse_ojs_page(std::string_view text, const std::string& name) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        lines.push_back(trim(text.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    if (!lines.empty() && lines.front().rfind("\xEF\xBB\xBF", 0) == 0) lines.front().erase(0, 3);

    std::string title;
    std::map<Section, std::vector<std::string>> sections;
    Section current = Section::none;
    static const std::regex views(R"(^(Views|Просмотров|Қаралды):.*)", std::regex::icase);
    for (const std::string& line : lines) {
        if (line.empty() || std::regex_match(line, views)) continue;
        auto [section, rest] = heading_of(line);
        if (section != Section::none) {
            current = section;
            if (!rest.empty()) sections[current].push_back(rest);
            continue;
        }
        if (current == Section::none) {
            if (title.empty()) title = line;
            continue;
        }
        sections[current].push_back(line);
    }

    Record record;
    if (!title.empty()) record.title.push_back({Language::unknown, title});
    const std::string abstract = join(sections[Section::abstract], "\n");
    if (!abstract.empty()) record.abstract.push_back({Language::unknown, abstract});
    if (record.title.empty() && record.abstract.empty()) {
        throw RecordError("not an OJS article page: no title and no Abstract section");
    }
    for (const auto& line : sections[Section::doi]) {
        record.doi = normalize_doi(line);
        if (!record.doi.empty()) break;
    }
    std::vector<std::string> keywords = split_list(join(sections[Section::keywords], ", "), ",;");
    if (!keywords.empty()) record.keywords.push_back({Language::unknown, std::move(keywords)});
    for (const auto& line : sections[Section::authors]) {
        if (!looks_like_affiliation(line)) record.authors.push_back(line);
    }

    const std::string published = join(sections[Section::published], " ");
    std::smatch match;
    static const std::regex dotted(R"((\d{1,2})\.(\d{1,2})\.(\d{4}))");
    static const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
    if (std::regex_search(published, match, dotted)) {
        const auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
        record.date = std::string(match[3]) + "-" + two(match[2]) + "-" + two(match[1]);
    } else if (std::regex_search(published, match, iso)) {
        record.date = match[0];
    }
    if (!record.date.empty()) record.year = std::stoi(record.date.substr(0, 4));

    const std::string issue = join(sections[Section::issue], " ");
    static const std::regex volume_pattern(R"((?:Vol\.?|Том|Т\.)\s*(\d+))", std::regex::icase);
    static const std::regex number_pattern(R"((?:No\.?|№)\s*(\d+))", std::regex::icase);
    static const std::regex year_pattern(R"(\((\d{4})\))");
    if (std::regex_search(issue, match, volume_pattern)) record.volume = match[1];
    if (std::regex_search(issue, match, number_pattern)) record.issue = match[1];
    if (!record.year && std::regex_search(issue, match, year_pattern)) {
        record.year = std::stoi(match[1]);
    }
    record.section = join(sections[Section::section], " ");

    const std::string how_to_cite = join(sections[Section::how_to_cite], " ");
    if (!how_to_cite.empty()) {
        Citation citation = parse_citation(how_to_cite, title);
        if (record.authors.empty()) record.authors = std::move(citation.authors);
        if (record.journal.empty()) record.journal = citation.journal;
        if (record.volume.empty()) record.volume = citation.volume;
        if (record.issue.empty()) record.issue = citation.issue;
        if (record.pages.empty()) record.pages = citation.pages;
        if (!record.year) record.year = citation.year;
        if (record.doi.empty()) {
            static const std::regex doi_pattern(R"(https?://doi\.org/\S+)");
            if (std::regex_search(how_to_cite, match, doi_pattern)) {
                record.doi = normalize_doi(match[0].str());
            }
        }
    }
    if (!record.doi.empty()) record.url = "https://doi.org/" + record.doi;
    record.id = record.doi.empty() ? name : record.doi;
    return record;
}

}  // namespace polsearch
