#include "search/output.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "search/snippet.h"

namespace polsearch {

namespace {
using Json = nlohmann::ordered_json;

// null for an empty string, so programs can tell "none" from "".
Json or_null(const std::string& value) {
    return value.empty() ? Json() : Json(value);
}
}  // namespace

Json result_to_json(const SearchResult& result) {
    Json hits = Json::array();
    for (const Hit& hit : result.hits) {
        const Record& record = hit.record;
        Json item;
        item["rank"] = hit.rank;
        item["id"] = record.id;
        item["score"] = std::round(hit.score * 10000) / 10000;
        item["title"] = hit.title;
        item["authors"] = record.authors;
        item["year"] = record.year ? Json(*record.year) : Json();
        item["doi"] = or_null(record.doi);
        item["journal"] = or_null(record.journal);
        item["language"] = language_code(record.language);
        // The languages of the title and the snippet shown, which may differ from the
        // record's (a Russian title of an English record): for lang attributes.
        item["title_language"] = or_null(std::string(language_code(hit.title_language)));
        item["snippet_language"] = or_null(std::string(language_code(hit.snippet_language)));
        item["snippet"] = snippet_html(hit.snippet);
        if (!hit.explanation.empty()) {
            Json explanation = Json::array();
            for (const MatchedTerm& term : hit.explanation) {
                Json fields = Json::object();
                for (const auto& [name, count] : term.fields) fields[name] = count;
                const char* via = term.via == MatchedVia::thesaurus     ? "thesaurus"
                                  : term.via == MatchedVia::name        ? "name"
                                  : term.via == MatchedVia::translation ? "translation"
                                                                        : "query";
                explanation.push_back(
                    {{"stem", term.stem}, {"via", via}, {"fields", std::move(fields)}});
            }
            item["explain"] = std::move(explanation);
        }
        hits.push_back(std::move(item));
    }
    Json out = {{"query", result.query},
                {"query_language", or_null(std::string(language_code(result.query_language)))},
                {"total", result.total},
                {"total_exact", result.total_exact},
                {"offset", result.offset},
                {"did_you_mean", or_null(result.did_you_mean)},
                {"partial", result.partial},
                {"missing_shards", result.missing_shards},
                {"hits", std::move(hits)}};
    if (!result.facets.empty()) {
        Json facets = Json::object();
        for (const Facet& facet : result.facets) {
            Json values = Json::array();
            for (const FacetValue& value : facet.values) {
                values.push_back({{"value", value.value}, {"count", value.count}});
            }
            facets[facet.name] = std::move(values);
        }
        out["facets"] = std::move(facets);
        out["facets_exact"] = result.facets_exact;
    }
    return out;
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '\033' && i + 1 < text.size() && text[i + 1] == '[') {
            // CSI: parameters, then one final byte in @..~
            i += 2;
            while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
            ++i;
            continue;
        }
        UChar32 c = 0;
        const auto length = static_cast<int32_t>(text.size());
        auto at = static_cast<int32_t>(i);
        U8_NEXT(text.data(), at, length, c);
        i = static_cast<std::size_t>(at);
        if (c < 0) {
            ++width;  // shown as one replacement character
            continue;
        }
        const int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
            type == U_CONTROL_CHAR) {
            continue;
        }
        const int east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
    }
    return width;
}

std::string fit_to_width(std::string_view text, std::size_t width, std::size_t hanging) {
    if (width == 0) return std::string(text);
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;  // the first line's own indent stays
    std::string out(text.substr(0, i));
    // The words; a label ("doi:") stays with the word after it.
    std::vector<std::string_view> words;
    std::vector<std::size_t> spaces_before;  // two spaces in a row stay two inside a line
    std::size_t spaces = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++spaces;
            ++i;
            continue;
        }
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos) end = text.size();
        if (!words.empty() && words.back().back() == ':' && spaces == 1 &&
            display_width(words.back()) < 12) {
            words.back() = text.substr(words.back().data() - text.data(),
                                       end - std::size_t(words.back().data() - text.data()));
        } else {
            words.push_back(text.substr(i, end - i));
            spaces_before.push_back(words.size() == 1 ? 0 : spaces);
        }
        spaces = 0;
        i = end;
    }
    std::size_t line_width = out.size();
    bool line_has_word = false;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const std::size_t word_width = display_width(words[k]);
        if (line_has_word && line_width + spaces_before[k] + word_width > width) {
            out += '\n';
            out.append(hanging, ' ');
            line_width = hanging;
            line_has_word = false;
        }
        if (line_has_word) {
            out.append(spaces_before[k], ' ');
            line_width += spaces_before[k];
        }
        out.append(words[k]);
        line_width += word_width;
        line_has_word = true;
    }
    return out;
}

namespace {

// Writes `line` fitted to `style.width`, continuation lines indented by `hanging`.
void put_line(std::ostream& out, const std::string& line, std::size_t hanging,
              const TextStyle& style) {
    out << fit_to_width(line, style.width, hanging) << "\n";
}

void write_facets(std::ostream& out, const SearchResult& result, const std::string& bold,
                  const std::string& reset, const TextStyle& style) {
    if (result.facets.empty()) return;
    out << bold << "Facets" << reset
        << (result.facets_exact ? "" : " (about: counted over a sample of the matches)") << "\n";
    for (const Facet& facet : result.facets) {
        if (facet.values.empty()) continue;
        std::string line = std::string(2, ' ').append(facet.name).append(": ");
        for (std::size_t i = 0; i < facet.values.size(); ++i) {
            if (i) line += ", ";
            line += facet.values[i].value + " (" + std::to_string(facet.values[i].count) + ")";
        }
        put_line(out, line, 4, style);
    }
}

// `text` cut after a word so that it takes at most `columns` with the "…" that ends it.
std::string shortened(const std::string& text, std::size_t columns) {
    if (display_width(text) <= columns) return text;
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space = std::min(text.find(' ', at + 1), text.size());
        if (!out.empty() && display_width(text.substr(0, space)) + 1 > columns) break;
        out = text.substr(0, space);
        at = space;
    }
    return out + "…";
}

// What the hits are for: " for QUERY" or " like ID (TITLE)", and the filters.
std::string subject(const SearchResult& result, const TextHeading& heading) {
    std::string text;
    if (!heading.similar_to.empty()) {
        text = " like " + heading.similar_to;
        if (!heading.similar_title.empty())
            text += " (" + shortened(heading.similar_title, 60) + ")";
    } else {
        text = " for " + result.query;
    }
    for (std::size_t i = 0; i < heading.filters.size(); ++i) {
        const auto& [facet, value] = heading.filters[i];
        text += i == 0 ? ", filtered by " : i + 1 == heading.filters.size() ? " and " : ", ";
        text += facet + ":" + (value.find(' ') == std::string::npos ? value : "\"" + value + "\"");
    }
    return text;
}

}  // namespace

void write_record_text(std::ostream& out, const Record& record, const TextStyle& style) {
    const std::string bold = style.color ? "\033[1m" : "";
    const std::string reset = style.color ? "\033[0m" : "";
    for (const auto& title : record.title) {
        out << bold << title.text << reset << "  [" << language_code(title.language) << "]\n";
    }
    const auto line = [&](const char* name, const std::string& value) {
        if (!value.empty()) out << name << ": " << value << "\n";
    };
    std::string authors;
    for (const auto& author : record.authors) authors += (authors.empty() ? "" : "; ") + author;
    line("authors", authors);
    std::string source = record.journal;
    if (!record.volume.empty()) source += ", vol. " + record.volume;
    if (!record.issue.empty()) source += ", no. " + record.issue;
    if (!record.pages.empty()) source += ", pp. " + record.pages;
    line("source", source);
    line("date", record.date.empty() && record.year ? std::to_string(*record.year) : record.date);
    line("doi", record.doi);
    line("url", record.url);
    line("section", record.section);
    line("id", record.id);
    for (const auto& version : record.keywords) {
        std::string keywords;
        for (const auto& keyword : version.keywords)
            keywords += (keywords.empty() ? "" : "; ") + keyword;
        out << "keywords [" << language_code(version.language) << "]: " << keywords << "\n";
    }
    for (const auto& abstract : record.abstract) {
        out << "\n"
            << bold << "abstract [" << language_code(abstract.language) << "]" << reset << "\n";
        put_line(out, abstract.text, 0, style);
    }
}

void write_text(std::ostream& out, const SearchResult& result, const TextStyle& style,
                const TextHeading& heading) {
    const std::string bold = style.color ? "\033[1m" : "";
    const std::string dim = style.color ? "\033[2m" : "";
    const std::string reset = style.color ? "\033[0m" : "";
    const std::string mark_open = style.color ? "\033[1;33m" : "*";
    const std::string mark_close = style.color ? "\033[0m" : "*";

    if (result.partial) {
        std::string names;
        for (const std::string& name : result.missing_shards)
            names.append(names.empty() ? "" : ", ").append(name);
        put_line(out,
                 "Partial results: no answer from shard" +
                     std::string(result.missing_shards.size() == 1 ? " " : "s ") + names +
                     "; the hits come from the others.",
                 2, style);
    }
    if (!result.did_you_mean.empty()) {
        out << "Did you mean: " << bold << result.did_you_mean << reset << "?\n";
    }
    if (result.hits.empty()) {
        put_line(
            out,
            "No hits" + subject(result, heading) + " (" + std::to_string(result.total) + " in all)",
            2, style);
        write_facets(out, result, bold, reset, style);
        return;
    }
    std::ostringstream header;
    header << "Hits " << result.offset + 1 << "–" << result.offset + result.hits.size() << " of "
           << (result.total_exact ? "" : "about ") << result.total << subject(result, heading);
    put_line(out, header.str(), 2, style);
    out << "\n";
    for (const Hit& hit : result.hits) {
        const Record& record = hit.record;
        std::ostringstream title;
        title << std::setw(3) << hit.rank << ". " << bold << hit.title << reset;
        if (record.year) title << " (" << *record.year << ")";
        put_line(out, title.str(), 5, style);
        std::string byline;
        for (std::size_t i = 0; i < record.authors.size(); ++i) {
            if (i > 0) byline += "; ";
            byline += record.authors[i];
        }
        if (!record.journal.empty()) byline += (byline.empty() ? "" : " · ") + record.journal;
        const std::string indent(5, ' ');
        if (!byline.empty()) put_line(out, indent + byline, 5, style);
        if (!hit.snippet.text.empty()) {
            put_line(out, indent + snippet_marked(hit.snippet, mark_open, mark_close), 5, style);
        }
        if (!hit.explanation.empty()) {
            std::string matched = indent + dim + "matched:";
            for (const MatchedTerm& term : hit.explanation) {
                matched.append(" ").append(term.stem).append(" (");
                for (std::size_t i = 0; i < term.fields.size(); ++i) {
                    if (i) matched += ", ";
                    matched.append(term.fields[i].first)
                        .append(" ")
                        .append(std::to_string(term.fields[i].second));
                }
                matched += term.via == MatchedVia::thesaurus     ? "; thesaurus)"
                           : term.via == MatchedVia::name        ? "name in the other script)"
                           : term.via == MatchedVia::translation ? "; translation)"
                                                                 : ")";
            }
            put_line(out, matched + reset, 5, style);
        }
        std::ostringstream ids;
        ids << "     " << dim << "id: " << record.id;
        if (!record.doi.empty()) ids << "  doi: " << record.doi;
        ids << "  language: " << language_code(record.language) << "  score: " << std::fixed
            << std::setprecision(3) << hit.score << reset;
        put_line(out, ids.str(), 5, style);
        out << "\n";
    }
    write_facets(out, result, bold, reset, style);
}

}  // namespace polsearch
