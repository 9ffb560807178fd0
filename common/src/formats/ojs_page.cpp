#include "formats/ojs_page.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "polsearch/error.h"
#include "text/date.h"
#include "text/html_entities.h"
#include "text/normalizer.h"
#include "text/scan.h"
#include "text/text.h"

namespace polsearch {
namespace {

enum class Section {
    none,
    authors,
    doi,
    keywords,
    abstract,
    downloads,
    published,
    how_to_cite,
    issue,
    section,
    ignored
};

// Headings of an OJS article page, in the interface languages Kazakhstani journals use.
const std::map<std::string, Section>& headings() {
    static const std::map<std::string, Section> map = {
        {"authors", Section::authors},
        {"author", Section::authors},
        {"авторы", Section::authors},
        {"авторлар", Section::authors},
        {"doi", Section::doi},
        {"keywords", Section::keywords},
        {"ключевые слова", Section::keywords},
        {"кілт сөздер", Section::keywords},
        {"түйін сөздер", Section::keywords},
        {"abstract", Section::abstract},
        {"аннотация", Section::abstract},
        {"аңдатпа", Section::abstract},
        {"downloads", Section::downloads},
        {"загрузки", Section::downloads},
        {"published", Section::published},
        {"опубликован", Section::published},
        {"жарияланды", Section::published},
        {"how to cite", Section::how_to_cite},
        {"как цитировать", Section::how_to_cite},
        {"issue", Section::issue},
        {"выпуск", Section::issue},
        {"section", Section::section},
        {"раздел", Section::section},
        {"бөлім", Section::section},
        {"references", Section::ignored},
        {"license", Section::ignored},
        {"author biographies", Section::ignored},
        {"similar articles", Section::ignored},
        {"most read articles by the same author(s)", Section::ignored},
    };
    return map;
}

// The heading a line is, with any text after "Heading:" (or a full-width colon) on the same
// line. The colon is found in the line itself: normalising the heading may change its length in
// bytes (a byte-order mark or a soft hyphen inside a word is dropped), so an offset in the
// normalised text is no offset in the line.
std::pair<Section, std::string> heading_of(const std::string& line) {
    constexpr std::string_view wide_colon = "\uFF1A";
    std::size_t colon = line.find(':');
    std::size_t colon_size = 1;
    if (const auto wide = line.find(wide_colon); wide < colon) {
        colon = wide;
        colon_size = wide_colon.size();
    }
    const std::string head = trim(normalize_word(line.substr(0, colon)));
    const auto it = headings().find(head);
    if (it == headings().end()) return {Section::none, {}};
    std::string rest = colon == std::string::npos ? "" : trim(line.substr(colon + colon_size));
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
        "universit", "университет", "institut", "институт", "academ",   "академ",
        "college",   "колледж",     "school",   "мектеп",   "ministry", "министерств",
        "center",    "centre",      "центр",    "орталығы", "лицей"};
    const std::string lower = normalize_word(line);
    for (const char* marker : markers) {
        if (lower.find(marker) != std::string::npos) return true;
    }
    return false;
}

// APA author list: "Gubaidullina, M., & Paizova, A." → {"Gubaidullina, M.", "Paizova, A."}.
std::vector<std::string> parse_apa_authors(std::string text) {
    std::vector<std::string> pieces;
    // "&" with the spaces around it is a space.
    std::string joined;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            joined += text[i];
            continue;
        }
        while (!joined.empty() && detail::is_ascii_space(joined.back())) joined.pop_back();
        while (i + 1 < text.size() && detail::is_ascii_space(text[i + 1])) ++i;
        joined += ' ';
    }
    text = std::move(joined);
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
        const bool next_is_initials =
            i + 1 < pieces.size() && pieces[i + 1].size() <= 12 && pieces[i + 1].back() == '.';
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

// The head of an APA citation: "AUTHORS (YYYY). REST" at the first "(YYYY)." that follows
// some text; false when there is none.
bool citation_head(std::string_view text, std::string& authors, int& year, std::string& rest) {
    for (std::size_t open = text.find('(', 1); open != std::string_view::npos;
         open = text.find('(', open + 1)) {
        detail::Scanner scan(text, open + 1);
        const std::string_view digits = scan.digits(4, 4);
        if (digits.empty() || !scan.one(')') || !scan.one('.')) continue;
        std::string_view before = text.substr(0, open);
        while (before.size() > 1 && detail::is_ascii_space(before.back())) before.remove_suffix(1);
        authors = std::string(before);
        year = std::stoi(std::string(digits));
        scan.skip_spaces();
        rest = std::string(scan.rest());
        return true;
    }
    return false;
}

// ", VOLUME (ISSUE), PAGES." in `text`, the first such; where it starts, or npos.
std::size_t citation_numbers(std::string_view text, Citation& citation) {
    std::size_t close = 0;  // the first ')' at or after the issue's start: found once per ')'
    for (std::size_t comma = text.find(','); comma != std::string_view::npos;
         comma = text.find(',', comma + 1)) {
        detail::Scanner scan(text, comma + 1);
        scan.skip_spaces();
        const std::string_view volume = scan.digits();
        if (volume.empty()) continue;
        scan.skip_spaces();
        if (!scan.one('(')) continue;
        const std::size_t issue_start = scan.at();
        if (close != std::string_view::npos && close < issue_start)
            close = text.find(')', issue_start);
        if (close == std::string_view::npos) break;
        if (close == issue_start) continue;
        detail::Scanner after(text, close + 1);
        if (!after.one(',')) continue;
        after.skip_spaces();
        const std::size_t pages_start = after.at();
        if (after.digits().empty()) continue;
        if (after.one('-') && after.digits().empty()) continue;
        const std::size_t pages_end = after.at();
        if (!after.one('.')) continue;
        citation.volume = std::string(volume);
        citation.issue = std::string(text.substr(issue_start, close - issue_start));
        citation.pages = std::string(text.substr(pages_start, pages_end - pages_start));
        return comma;
    }
    return std::string_view::npos;
}

Citation parse_citation(const std::string& raw, const std::string& title) {
    Citation citation;
    const std::string text = normalize_punctuation(raw);
    std::string authors, rest;
    int year = 0;
    if (!citation_head(text, authors, year, rest)) return citation;
    citation.authors = parse_apa_authors(authors);
    citation.year = year;
    const std::size_t numbers = citation_numbers(rest, citation);
    if (numbers != std::string::npos) {
        std::string before = rest.substr(0, numbers);
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

// Whether a line is the page's view counter ("Views: 123").
bool is_views_line(const std::string& line) {
    const std::string lower = normalize_word(line.substr(0, 64));
    for (const std::string_view label : {"views:", "просмотров:", "қаралды:"}) {
        if (lower.rfind(label, 0) == 0) return true;
    }
    return false;
}

// The first "D.M.YYYY" or "DD.MM.YYYY" date in `text`, else the first "YYYY-MM-DD", as
// "YYYY-MM-DD"; "" when there is none (or it names no real day).
std::string published_date(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!detail::is_ascii_digit(text[i])) continue;
        // Two digits, else one, for the day and for the month, as a regex would try them.
        for (const std::size_t day_length : {2, 1}) {
            for (const std::size_t month_length : {2, 1}) {
                detail::Scanner scan(text, i);
                const std::string_view day = scan.digits(day_length, day_length);
                if (day.empty() || !scan.one('.')) continue;
                const std::string_view month = scan.digits(month_length, month_length);
                if (month.empty() || !scan.one('.')) continue;
                const std::string_view year = scan.digits(4, 4);
                if (year.empty()) continue;
                std::string iso(year);
                for (const std::string_view part : {month, day}) {
                    iso += part.size() == 1 ? "-0" : "-";
                    iso += part;
                }
                const auto date = parse_date(iso);
                return date ? format_date(*date) : std::string();
            }
        }
    }
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
        detail::Scanner scan(text, i);
        if (scan.digits(4, 4).empty() || !scan.one('-') || scan.digits(2, 2).empty() ||
            !scan.one('-') || scan.digits(2, 2).empty())
            continue;
        const auto date = parse_date(text.substr(i, 10));
        return date ? format_date(*date) : std::string();
    }
    return {};
}

// The number after the first of `labels` (ASCII letters without case) that has one:
// "Vol. 150" → "150".
std::string number_after(std::string_view text, std::initializer_list<std::string_view> labels) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (const std::string_view label : labels) {
            detail::Scanner scan(text, i);
            if (!scan.literal_icase(label)) continue;
            scan.skip_spaces();
            const std::string_view digits = scan.digits();
            if (!digits.empty()) return std::string(digits);
        }
    }
    return {};
}

// The first "(YYYY)" in `text`.
std::optional<int> year_in_parentheses(std::string_view text) {
    for (std::size_t open = text.find('('); open != std::string_view::npos;
         open = text.find('(', open + 1)) {
        detail::Scanner scan(text, open + 1);
        const std::string_view digits = scan.digits(4, 4);
        if (!digits.empty() && scan.one(')')) return std::stoi(std::string(digits));
    }
    return std::nullopt;
}

// The first "https://doi.org/…" (or http) link in `text`.
std::string doi_link(std::string_view text) {
    for (std::size_t at = text.find("http"); at != std::string_view::npos;
         at = text.find("http", at + 1)) {
        detail::Scanner scan(text, at + 4);
        scan.one('s');
        if (!scan.literal("://doi.org/")) continue;
        const std::string_view rest = scan.word();
        if (!rest.empty()) return std::string(text.substr(at, scan.at() - at));
    }
    return {};
}

}  // namespace

Record parse_ojs_page(std::string_view text, const std::string& name) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        // A page saved as text keeps the HTML character references some OJS themes write.
        lines.push_back(trim(decode_html_entities(
            text.substr(start, end == std::string_view::npos ? end : end - start))));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    if (!lines.empty() && lines.front().rfind("\xEF\xBB\xBF", 0) == 0) lines.front().erase(0, 3);

    std::string title;
    std::map<Section, std::vector<std::string>> sections;
    Section current = Section::none;
    for (const std::string& line : lines) {
        if (line.empty() || is_views_line(line)) continue;
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

    record.date = published_date(join(sections[Section::published], " "));
    if (!record.date.empty()) record.year = std::stoi(record.date.substr(0, 4));

    const std::string issue = join(sections[Section::issue], " ");
    // "Vol." before "Т." and "Том": the labels an issue line of any interface language uses.
    record.volume = number_after(issue, {"Vol.", "Vol", "Том", "Т."});
    record.issue = number_after(issue, {"No.", "No", "№"});
    if (!record.year) record.year = year_in_parentheses(issue);
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
        if (record.doi.empty()) record.doi = normalize_doi(doi_link(how_to_cite));
    }
    if (!record.doi.empty()) record.url = "https://doi.org/" + record.doi;
    record.id = record.doi.empty() ? name : record.doi;
    return record;
}

}  // namespace polsearch
