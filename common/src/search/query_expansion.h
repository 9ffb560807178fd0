// Query expansion: what a query's words also match beyond their own stems. Kazakh typed in a
// spelling of its own (Latin letters of any alphabet, a Russian keyboard, some letters left
// out) also matches the Kazakh words it spells; a concept of the thesaurus named in one
// language also matches its labels in the other two; a name also matches its spellings in the
// other script (index/name_terms.h). The query builder (query_builder.h) asks it word by word
// and run by run.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "polsearch/language.h"
#include "search/thesaurus.h"
#include "search/translations.h"

namespace polsearch {

class QueryExpansion {
  public:
    QueryExpansion(Analyzer& analyzer, const Thesaurus* thesaurus, const Translations* translations)
        : analyzer_(analyzer), thesaurus_(thesaurus), translations_(translations) {}

    /// The match terms of a query word: its stem in every language it may be in, and the
    /// Kazakh word it spells in a spelling of its own.
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

    /// Sets latin_kazakh_ and plain_kazakh_ for `query`, from one analysis of its words.
    void read_kazakh_spellings(std::string_view query);

    /// The language of `query` (detect_language), Kazakh for Kazakh typed without its letters
    /// or in plain Latin letters.
    /// Call after the query is built: it may set plain_kazakh_ and latin_kazakh_ again.
    Language query_language(std::string_view query);

    /// What the thesaurus and the other script add to a run of the query: queries to be
    /// weighted at expansion_weight, and their terms.
    struct Expansions {
        std::vector<Xapian::Query> queries;
        std::vector<std::string> terms;
        std::vector<std::string> translated;  ///< those of `terms` that translations added
    };
    /// The expansions of a run's plain words (`plain_words`: each word's match terms, an empty
    /// entry between runs of plain words; `plain_names`: the same words' name spellings;
    /// `capitalised`: whether each was written with a capital, which looks for its name
    /// skeleton when `leaf` finds none of its keys). `in_any_field` makes the query of a term in
    /// any text field, `leaf` of a term alone.
    Expansions expand(const std::vector<std::vector<std::string>>& plain_words,
                      const std::vector<std::vector<std::string>>& plain_names,
                      const std::vector<bool>& capitalised,
                      const std::function<Xapian::Query(const std::string&)>& in_any_field,
                      const std::function<Xapian::Query(const std::string&)>& leaf) const;

  private:
    /// Whether more of latin_kazakh_words_ are no English word than of latin_other_words_ are
    /// English words (asks the English dictionary).
    bool latin_words_say_kazakh() const;

    Analyzer& analyzer_;
    const Thesaurus* thesaurus_;
    const Translations* translations_;
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
};

}  // namespace polsearch
