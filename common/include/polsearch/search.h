// A search: what a search asks (SearchRequest) and what it answers (SearchResult), the types
// the library API (engine.h), the command line and the HTTP service share. No Xapian or ICU
// types here: this header is part of the installed API.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "polsearch/language.h"
#include "polsearch/record.h"

namespace polsearch {

struct Snippet {
    std::string text;  ///< an excerpt of the source text, with "…" where it was cut
    std::vector<std::pair<std::size_t, std::size_t>> highlights;  ///< byte ranges in `text`
    std::size_t matched_words = 0;  ///< how many words of the excerpt matched
};

struct FacetValue {
    std::string value;
    std::size_t count = 0;
};

struct Facet {
    std::string name;  ///< "year", "decade", "language", "journal", "section", "keyword", "author"
    std::vector<FacetValue> values;  ///< commonest first (years and decades: latest first)
};

/// The order of hits: by relevance (equal scores by record id), or by date, oldest or newest
/// first (records without a date last; equal dates by relevance).
enum class SortOrder { relevance, date, date_descending };

/// "relevance", "date", "-date"; throws UsageError otherwise.
SortOrder parse_sort_order(const std::string& text);

struct SearchRequest {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    /// cross-language expansion: the thesaurus, names in the other script, translations
    bool expand = true;
    bool facets = false;  ///< count the matching records by facet (facets.h)
    /// Count facets over every match however many there are, instead of over a sample when
    /// more than SearcherOptions::facet_sample_limit records match.
    bool exact_facets = false;
    std::size_t facet_limit = 20;  ///< values per facet
    /// (facet, value) pairs: each narrows the hits without changing their order.
    std::vector<std::pair<std::string, std::string>> filters = {};
    SortOrder sort = SortOrder::relevance;
    /// When set, `query` is ignored: the hits are the records most like this one (relevance
    /// feedback on its terms), for "more like this".
    std::string similar_to = {};
    /// The language whose title and snippet a hit shows when the record has that version
    /// (a portal's interface language); Language::unknown: the query's language.
    Language language = Language::unknown;
    bool explain = false;  ///< say for each hit which stems matched, in which fields
    /// Seconds after which Xapian stops counting every match exactly (the total and facets
    /// then are estimates); 0 for no limit.
    double time_limit = 2.0;
    /// Pseudo-relevance feedback: when not 0, the query is run, the most telling stems of its
    /// best `expand_from_top` hits that the query does not have are added to it, below its own
    /// words, and it is run again. At most max_expand_from_top; ignored with `similar_to`.
    std::size_t expand_from_top = 0;
};

/// The most hits SearchRequest::expand_from_top may take its terms from.
inline constexpr std::size_t max_expand_from_top = 50;

/// Why a hit matched: a stem of the query (or of a thesaurus label it added) and how often the
/// record has it in each field.
/// How a hit came to match a term: the query's own words, a label of the thesaurus, or a name
/// written in the other script (name_key.h).
/// Where a matched stem came from: the query's own words, a concept of the thesaurus, a name in
/// the other script, or a translation of a word (Mueller's English-Russian dictionary).
enum class MatchedVia { query, thesaurus, name, translation };

struct MatchedTerm {
    std::string stem;  ///< for MatchedVia::name, the name key
    MatchedVia via = MatchedVia::query;
    /// (field name, occurrences); empty for a name, whose terms are not kept per field
    std::vector<std::pair<std::string, unsigned>> fields;
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first hit of the whole result
    double score = 0;
    Record record;
    std::string title;  ///< in the query's language when the record has it
    Language title_language = Language::unknown;  ///< the language of `title`
    Language snippet_language = Language::unknown;
    Snippet snippet;
    std::vector<MatchedTerm> explanation;  ///< with SearchRequest::explain
};

/// Where a search's time went, in milliseconds, each part timed on its own (bench/run's
/// breakdown reads them; polsearch-query-latency --json prints their means).
struct SearchTimes {
    double query = 0;       ///< analysing the query and building Xapian's (term checks included)
    double match = 0;       ///< Xapian's match: the hits ranked and the total counted
    double hit_data = 0;    ///< the hits' records read and decoded
    double snippets = 0;    ///< each hit's snippet chosen, analysed and cut
    double facets = 0;      ///< the facets counted
    double suggestion = 0;  ///< "did you mean"
};

struct SearchResult {
    std::string query;
    Language query_language = Language::unknown;
    /// How many records match: exact when `total_exact` (whenever at most exact_total_limit
    /// records match, and with facets up to facet_sample_limit), else Xapian's estimate.
    std::size_t total = 0;
    bool total_exact = true;
    /// The query with each word that matches nothing replaced by the commonest word of the
    /// database within a small edit distance; empty when there is nothing to suggest.
    std::string did_you_mean;
    std::size_t offset = 0;
    std::vector<Hit> hits;
    std::vector<Facet> facets;  ///< when asked for
    /// Whether the facet counts are exact; false when more records matched than
    /// SearcherOptions::facet_sample_limit: the counts are then those of a sample of about
    /// that many matches (by a hash of the record id), scaled up to all of them.
    bool facets_exact = true;
    /// With SearcherOptions::allow_partial: some shards did not answer (named in
    /// missing_shards as the stub names them) and the hits come from the others.
    bool partial = false;
    std::vector<std::string> missing_shards;
    SearchTimes times;
};

/// A completion of what a user is typing in a search box.
struct Completion {
    std::string text;       ///< a keyword, an author or a title, as the record has it
    std::string field;      ///< "keyword", "author" or "title"
    std::size_t count = 0;  ///< how many of the best matching records have it
};

struct RemoteTimeouts {
    unsigned connect_ms = 2000;
    unsigned answer_ms = 10000;
};

struct SearcherOptions {
    /// A shard of a stub database that does not answer is left out (SearchResult::partial)
    /// instead of failing the search.
    bool allow_partial = false;
    RemoteTimeouts timeouts;
    /// Up to this many matching records, facets are counted over every match; above it, over
    /// a sample of about this many (SearchResult::facets_exact), unless the request asks for
    /// exact_facets. 0: always exact. Measured in docs/benchmarks.md ("Facets").
    std::size_t facet_sample_limit = 1000;
};

}  // namespace polsearch
