// The one place where a query string becomes a Xapian query.
//
// A query is words, hyphenated words and quoted phrases (quotes of any style: " “ ” « » „),
// each of which may be restricted to a field (title:, abstract:, keyword:, author:), and
// filters (year:2025, lang:ru, doi:10.…).
// Each word matches its stem in every language it may be in (a Cyrillic word without a Kazakh
// letter is tried as Russian and as Kazakh); a hyphenated word matches its parts as a phrase
// or its parts written together; a phrase matches its exact words in order. Words are OR-ed
// and ranked by BM25, and records that hold every word of the query get a bonus, as do, in an
// English or Russian query, records where two consecutive words stand near each other.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "index/schema.h"
#include "polsearch/language.h"
#include "search/query_expansion.h"
#include "search/query_syntax.h"
#include "search/thesaurus.h"

namespace polsearch {

/// What a query matches, for highlighting: single terms, and phrases of normalised words that
/// match only in a row.
struct QueryTerms {
    std::vector<std::string> terms;  ///< sorted, unique
    std::vector<std::vector<std::string>> phrases;
    std::vector<std::string> prefixes;  ///< the words before the * of wildcards (normalised)
};

/// A plain word of the query (not in a phrase or a hyphenated word) and every term that
/// matches it, for spelling suggestions.
struct QueryWord {
    std::size_t begin = 0;  ///< byte offsets in the query string
    std::size_t end = 0;
    std::string word;  ///< normalised
    bool is_number = false;
    std::vector<std::string> terms;
};

struct BuiltQuery {
    Xapian::Query query;
    /// The same records as `query` without what only adds weight (the all-words and
    /// proximity bonuses), for counting facets: `query` itself when it has no bonus; empty
    /// for a query the builder did not make (Searcher's similar_query), which is counted as
    /// it is.
    Xapian::Query matched;
    std::vector<QueryWord> words;
    Language language = Language::unknown;  ///< the language the query is written in
    QueryTerms terms;                       ///< what the query's own words match
    QueryTerms expanded_terms;              ///< the same and the thesaurus labels it added
    /// Terms of expanded_terms that translations added (translations.h), sorted.
    std::vector<std::string> translated_terms;
};

/// A wildcard (polit*) matches at most this many words per field, the commonest.
inline constexpr Xapian::termcount max_wildcard_terms = 100;

/// How much a match through the thesaurus (a concept named in another language) counts,
/// against 1 for the query's own words: records in the query's language rank first.
inline constexpr double expansion_weight = 0.5;

/// How much a stem added by pseudo-relevance feedback (SearchRequest::expand_from_top)
/// counts, against 1 for the query's own words.
inline constexpr double feedback_weight = 0.3;

/// The proximity bonus of an English or Russian query: each two consecutive plain words
/// (stopwords left out; not numbers, phrases, hyphenated words or fields) also match as an
/// OP_NEAR of their word forms within proximity_window words in the title, abstract or
/// keywords, at proximity_weight against 1 for the words. Word forms, because stems have no
/// positions: a Kazakh word has too many forms for this to reward the words rather than the
/// forms, so only a query read as English or Russian gets it, and only between English or
/// Russian words (docs/design.md, "The proximity bonus for English and Russian queries").
inline constexpr double proximity_weight = 0.25;
inline constexpr Xapian::termcount proximity_window = 8;

class QueryBuilder {
  public:
    /// `thesaurus` and `translations` (nullptr: none) lead a query to the other languages.
    explicit QueryBuilder(const Thesaurus* thesaurus = &Thesaurus::built_in(),
                          const Translations* translations = &Translations::built_in())
        : expansion_(analyzer_, thesaurus, translations) {}
    // The expansion holds the builder's analyzer.
    QueryBuilder(const QueryBuilder&) = delete;
    QueryBuilder& operator=(const QueryBuilder&) = delete;

    /// Throws QueryError (with the byte offset of the problem) for a query that cannot be
    /// parsed: invalid UTF-8, NUL bytes, an unbalanced quote, no words, too long, an unknown
    /// field, a bad filter value.
    /// With `expand`, concepts of the thesaurus named in the query's plain words (not in quotes
    /// or fields) also match their labels in the other languages, and the other plain words
    /// names written in the other script (name_key.h), at expansion_weight.
    /// `feedback`: stems ("Z" + stem) that pseudo-relevance feedback adds (Searcher), each
    /// searched in every field, OR-ed in at feedback_weight beside the words and inside
    /// the query's +, - and filters; a query with AND, OR, NOT or parentheses only has its
    /// hits reordered by them.
    BuiltQuery build(std::string_view query, bool expand = true,
                     const std::vector<std::string>& feedback = {});

    Analyzer& analyzer() { return analyzer_; }

    /// Text terms for which `exists` is false are left out of the queries built (they match
    /// nothing anyway). Xapian 1.4 weights a synonym that holds a term absent from every
    /// document differently on one database and on a stub of shards; leaving such terms out
    /// gives the same scores whatever the layout.
    void set_term_filter(std::function<bool(const std::string&)> exists) {
        term_filter_ = std::move(exists);
    }

    /// The word terms of the database that begin with a prefix (at most a few hundred), for
    /// the inflected forms a quoted phrase also matches. Without it, phrases match their
    /// words as written only.
    void set_word_terms(std::function<std::vector<std::string>(const std::string&)> starting) {
        word_terms_ = std::move(starting);
    }

  private:
    /// A node's query, and the same without what only adds weight (BuiltQuery::matched).
    struct NodeQuery {
        Xapian::Query query;
        Xapian::Query matched;
    };
    /// The Xapian query of a node of the syntax tree, what it matches added to `out`.
    NodeQuery build_node(std::string_view query, const QueryNode& node, bool expand,
                         BuiltQuery& out);
    /// A run of clauses side by side (query_syntax.h).
    BuiltQuery build_run(std::string_view query, const QueryNode& run, bool expand,
                         const std::vector<std::string>& feedback = {});
    /// The feedback stems as one query, each stem in every field; empty for none.
    Xapian::Query feedback_query(const std::vector<std::string>& feedback) const;
    struct Run;
    // `field`: the one text field searched, nullptr for all of them.
    Xapian::Query across_fields(const schema::TextField* field,
                                const std::function<Xapian::Query(std::string_view)>& make);
    /// `text`: the analysed text that `word` is in.
    Xapian::Query word_query(const AnalyzedWord& word, std::string_view text,
                             const schema::TextField* field, QueryTerms& terms);
    /// `analysis` of `text`, which starts at `offset` in the query string. `stopwords`, when
    /// given, gets one entry per query returned: the match terms of a stopword, else nothing;
    /// `near_words` the word that the proximity bonus may pair (an English or Russian word,
    /// not a number), else nothing.
    std::vector<Xapian::Query> text_queries(
        const Analysis& analysis, std::string_view text, std::size_t offset,
        const schema::TextField* field, BuiltQuery& built,
        std::vector<std::vector<std::string>>* stopwords = nullptr,
        std::vector<std::string>* near_words = nullptr);
    /// Whether the proximity bonus may pair a plain query word: English or Russian, not a
    /// number, not read as Kazakh.
    bool pairs_by_proximity(const AnalyzedWord& word) const;
    /// `function_words_only`, when given, is set to whether every word of the phrase is a
    /// function word (is_query_stopword): "of the".
    Xapian::Query phrase_query(std::string_view text, std::size_t offset,
                               const schema::TextField* field, QueryTerms& terms,
                               bool* function_words_only = nullptr);
    Xapian::Query filter(const FilterValue& value) const;
    /// `start*`: the words that begin with `start` (normalised), in `field` or all fields.
    Xapian::Query wildcard_query(std::string_view start, std::size_t offset,
                                 const schema::TextField* field, QueryTerms& terms);

    /// Whether a query word is a stopword (stopwords.h) of every language it may be in.
    bool is_query_stopword(const AnalyzedWord& word) const;
    Xapian::Query leaf(const std::string& term) const;
    Xapian::Query phrase_of(std::string_view prefix, const std::vector<std::string>& words) const;
    /// A phrase whose positions may each be any of several words (its inflected forms).
    Xapian::Query phrase_of(std::string_view prefix,
                            const std::vector<std::vector<std::string>>& forms) const;
    /// `word` and the words of the database with its stem in its language (set_word_terms):
    /// мягкая, мягкой, мягкую; the word alone for a number, an English word (docs/design.md,
    /// "Phrases") or a word of no known language.
    std::vector<std::string> inflections(const AnalyzedWord& word);
    Analyzer analyzer_;
    QueryExpansion expansion_;
    std::function<bool(const std::string&)> term_filter_;
    std::function<std::vector<std::string>(const std::string&)> word_terms_;
};

}  // namespace polsearch
