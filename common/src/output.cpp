#include "polsearch/output.h"

#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>

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
        item["snippet"] = snippet_html(hit.snippet);
        if (!hit.explanation.empty()) {
            Json explanation = Json::array();
            for (const MatchedTerm& term : hit.explanation) {
                Json fields = Json::object();
                for (const auto& [name, count] : term.fields) fields[name] = count;
                explanation.push_back({{"stem", term.stem},
                                       {"via", term.from_thesaurus ? "thesaurus" : "query"},
                                       {"fields", std::move(fields)}});
            }
            item["explain"] = std::move(explanation);
        }
        hits.push_back(std::move(item));
    }
    Json out = {{"query", result.query},
                {"total", result.total},
                {"offset", result.offset},
                {"did_you_mean", or_null(result.did_you_mean)},
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
    }
    return out;
}

namespace {

void write_facets(std::ostream& out, const SearchResult& result, const std::string& bold,
                  const std::string& reset) {
    if (result.facets.empty()) return;
    out << bold << "Facets" << reset << "\n";
    for (const Facet& facet : result.facets) {
        if (facet.values.empty()) continue;
        out << "  " << facet.name << ": ";
        for (std::size_t i = 0; i < facet.values.size(); ++i) {
            out << (i ? ", " : "") << facet.values[i].value << " (" << facet.values[i].count << ")";
        }
        out << "\n";
    }
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
            << bold << "abstract [" << language_code(abstract.language) << "]" << reset << "\n"
            << abstract.text << "\n";
    }
}

void write_text(std::ostream& out, const SearchResult& result, const TextStyle& style) {
    const std::string bold = style.color ? "\033[1m" : "";
    const std::string dim = style.color ? "\033[2m" : "";
    const std::string reset = style.color ? "\033[0m" : "";
    const std::string mark_open = style.color ? "\033[1;33m" : "*";
    const std::string mark_close = style.color ? "\033[0m" : "*";

    if (!result.did_you_mean.empty()) {
        out << "Did you mean: " << bold << result.did_you_mean << reset << "?\n";
    }
    if (result.hits.empty()) {
        out << "No hits for " << result.query << " (" << result.total << " in all)\n";
        write_facets(out, result, bold, reset);
        return;
    }
    out << "Hits " << result.offset + 1 << "–" << result.offset + result.hits.size() << " of "
        << result.total << " for " << result.query << "\n\n";
    for (const Hit& hit : result.hits) {
        const Record& record = hit.record;
        out << std::setw(3) << hit.rank << ". " << bold << hit.title << reset;
        if (record.year) out << " (" << *record.year << ")";
        out << "\n";
        std::string byline;
        for (std::size_t i = 0; i < record.authors.size(); ++i) {
            if (i > 0) byline += "; ";
            byline += record.authors[i];
        }
        if (!record.journal.empty()) byline += (byline.empty() ? "" : " · ") + record.journal;
        if (!byline.empty()) out << "     " << byline << "\n";
        if (!hit.snippet.text.empty()) {
            out << "     " << snippet_marked(hit.snippet, mark_open, mark_close) << "\n";
        }
        if (!hit.explanation.empty()) {
            out << "     " << dim << "matched:";
            for (const MatchedTerm& term : hit.explanation) {
                out << " " << term.stem << " (";
                for (std::size_t i = 0; i < term.fields.size(); ++i) {
                    out << (i ? ", " : "") << term.fields[i].first << " " << term.fields[i].second;
                }
                out << (term.from_thesaurus ? "; thesaurus)" : ")");
            }
            out << reset << "\n";
        }
        out << "     " << dim << "id: " << record.id;
        if (!record.doi.empty()) out << "  doi: " << record.doi;
        out << "  language: " << language_code(record.language) << "  score: " << std::fixed
            << std::setprecision(3) << hit.score << std::defaultfloat << reset << "\n\n";
    }
    write_facets(out, result, bold, reset);
}

}  // namespace polsearch
