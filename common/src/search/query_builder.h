// The one place where a query string becomes a Xapian query.
//
// A query is words, hyphenated words and quoted phrases (quotes of any style: " “ ” « » „),
// each of which may be restricted to a field (title:, abstract:, keyword:, author:), and
// filters (year:2025, lang:ru, doi:10.…).
// Each word matches its stem in every language it may be in (a Cyrillic word without a Kazakh
// letter is tried as Russian and as Kazakh); a hyphenated word matches its parts as a phrase
// or its parts written together; a phrase matches its exact words in order. Words are OR-ed
// and ranked by BM25, and records that hold every word of the query get a bonus.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "polsearch/language.h"
#include "index/schema.h"
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
    std::vector<QueryWord> words;
    Language language = Language::unknown;  ///< the language the query is written in
    QueryTerms terms;                       ///< what the query's own words match
    QueryTerms expanded_terms;              ///< the same and the thesaurus labels it added
};

/// A wildcard (polit*) matches at most this many words per field, the commonest.
inline constexpr Xapian::termcount max_wildcard_terms = 100;


/// How much a match through the thesaurus (a concept named in another language) counts,
/// against 1 for the query's own words: records in the query's language rank first.
inline constexpr double expansion_weight = 0.5;

class QueryBuilder {
  public:
    explicit QueryBuilder(const Thesaurus* thesaurus = &Thesaurus::built_in())
        : thesaurus_(thesaurus) {}

    /// Throws QueryError (with the byte offset of the problem) for a query that cannot be
    /// parsed: invalid UTF-8, NUL bytes, an unbalanced quote, no words, too long, an unknown
    /// field, a bad filter value.
    /// With `expand`, concepts of the thesaurus named in the query's plain words (not in quotes
    /// or fields) also match their labels in the other languages, and the other plain words
    /// names written in the other script (name_key.h), at expansion_weight.
    BuiltQuery build(std::string_view query, bool expand = true);

    Analyzer& analyzer() { return analyzer_; }

    /// Text terms for which `exists` is false are left out of the queries built (they match
    /// nothing anyway). Xapian 1.4 weights a synonym that holds a term absent from every
    /// document differently on one database and on a stub of shards; leaving such terms out
    /// gives the same scores whatever the layout.
    void set_term_filter(std::function<bool(const std::string&)> exists) {
        term_filter_ = std::move(exists);
    }

  private:
    /// The Xapian query of a node of the syntax tree, what it matches added to `out`.
    Xapian::Query build_node(std::string_view query, const QueryNode& node, bool expand,
                             BuiltQuery& out);
    /// A run of clauses side by side (query_syntax.h).
    BuiltQuery build_run(std::string_view query, const QueryNode& run, bool expand);
    // `field`: the one text field searched, nullptr for all of them.
    Xapian::Query across_fields(const schema::TextField* field,
                                const std::function<Xapian::Query(std::string_view)>& make);
    /// `text`: the analysed text that `word` is in.
    Xapian::Query word_query(const AnalyzedWord& word, std::string_view text,
                             const schema::TextField* field, QueryTerms& terms);
    /// `analysis` of `text`, which starts at `offset` in the query string. `stopwords`, when
    /// given, gets one entry per query returned: the match terms of a stopword, else nothing.
    std::vector<Xapian::Query> text_queries(
        const Analysis& analysis, std::string_view text, std::size_t offset,
        const schema::TextField* field, BuiltQuery& built,
        std::vector<std::vector<std::string>>* stopwords = nullptr);
    Xapian::Query phrase_query(std::string_view text, std::size_t offset,
                               const schema::TextField* field, QueryTerms& terms);
    Xapian::Query filter(const FilterValue& value) const;
    /// `start*`: the words that begin with `start` (normalised), in `field` or all fields.
    Xapian::Query wildcard_query(std::string_view start, std::size_t offset,
                                 const schema::TextField* field, QueryTerms& terms);

    std::vector<std::string> alternatives(const AnalyzedWord& word);
    /// Adds to `out` the terms of `word` read as Kazakh in a spelling of its own (Latin letters,
    /// a Russian keyboard): the stem of the word of the same search key that running text has
    /// (or of the longest of its key stems it has: küşiniñ → күші), else the search keys of
    /// the stems it may have.
    void add_kazakh_spelling(const std::string& word, std::vector<std::string>& out);
    /// Whether a query word is Kazakh in a spelling that Kazakh text does not have, to be
    /// respelt (add_kazakh_spelling, kazakh_cyrillic_word): a Latin word of a query read as
    /// Kazakh; a Cyrillic word the word list has not seen, with a Kazakh letter (кұш) or in a
    /// query read as Kazakh (жумсак). The one rule for words, stopwords and phrases.
    bool respelt_as_kazakh(const AnalyzedWord& word) const;
    /// The Cyrillic words that the words [first, end) spell when at least one of them is
    /// respelt_as_kazakh and the word list has seen each respelt one (kazakh_cyrillic_word);
    /// other Cyrillic words and numbers stay as they are. Empty otherwise.
    std::vector<std::string> kazakh_cyrillic_words(
        std::vector<AnalyzedWord>::const_iterator first,
        std::vector<AnalyzedWord>::const_iterator end) const;
    /// Whether a query word is a stopword (stopwords.h) of every language it may be in.
    bool is_query_stopword(const AnalyzedWord& word) const;
    Xapian::Query leaf(const std::string& term) const;
    Xapian::Query phrase_of(std::string_view prefix, const std::vector<std::string>& words) const;
    /// Sets latin_kazakh_ and plain_kazakh_ for `query`, from one analysis of its words.
    void read_kazakh_spellings(std::string_view query);
    /// Whether more of latin_kazakh_words_ are no English word than of latin_other_words_ are
    /// English words (asks the English dictionary).
    bool latin_words_say_kazakh() const;
    /// The language of `query` (detect_language), Kazakh for Kazakh typed without its letters
    /// or in plain Latin letters.
    /// Call after the query is built: it may set plain_kazakh_ and latin_kazakh_ again.
    Language query_language(std::string_view query);

    const Thesaurus* thesaurus_;
    Analyzer analyzer_;
    /// This query's Latin words may be Kazakh (set by build): they also match Kazakh stems.
    bool latin_kazakh_ = false;
    /// Most of this query's Cyrillic words are Kazakh (set by build): its words without Kazakh
    /// letters may be Kazakh typed without them (add_kazakh_spelling).
    bool plain_kazakh_ = false;
    /// This query's Latin words (set by build) that may be Kazakh (a mark of a Kazakh Latin
    /// alphabet, a search key seen in Kazakh text, or, when those are too few, a key stem
    /// seen: kazakh_cyrillic_form), and the others.
    std::vector<std::string> latin_kazakh_words_;
    std::vector<std::string> latin_other_words_;
    /// The text the flags above were read from.
    std::string kazakh_spellings_of_;
    std::function<bool(const std::string&)> term_filter_;
};

}  // namespace polsearch
