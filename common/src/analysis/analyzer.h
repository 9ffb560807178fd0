// The analysis pipeline: segment (tokenizer.h) → normalise (normalizer.h) → stem (stemmer.h).
// One Analyzer serves indexing, query building and snippets alike, so the three always agree
// on what a word becomes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/stemmer.h"
#include "polsearch/language.h"
#include "text/tokenizer.h"

namespace polsearch {

/// Longest normalised word that becomes a term (Xapian's limit is 245 bytes per term, and the
/// field prefixes need room). Longer "words" are runs of characters, not words: not indexed.
inline constexpr std::size_t max_word_bytes = 100;

/// A word of the text after analysis.
struct AnalyzedWord {
    std::size_t begin = 0;  ///< byte offsets in the analysed text
    std::size_t end = 0;
    std::string word;        ///< normalised form: the positional, unprefixed term
    std::string match_term;  ///< what a query word matches: "Z" + stem, or the word itself
    /// For Kazakh words: "Z#" + the search key of the stem, what Latin-script queries match.
    std::string key_term;
    Language language = Language::unknown;  ///< whose stemmer made match_term
    /// A Kazakh word written in Latin letters: the Cyrillic word of the same search key, which
    /// is indexed at the same position so that Cyrillic phrases match Latin text.
    std::string cyrillic_word;
    bool is_number = false;
    bool hyphen_to_next = false;    ///< joined by a hyphen to the next word
    bool apostrophe_after = false;  ///< followed by an apostrophe (Token::apostrophe_after)
};

/// The word as Kazakh Latin spells it: `word.word` and, when an apostrophe followed it in the
/// text and its last letter takes one in the 2017 alphabet (a g i n o s u y c), that apostrophe
/// (qai', -nyn'). What a word's Kazakh reading (its key, its Cyrillic word) is made from.
std::string kazakh_latin_spelling(const AnalyzedWord& word);

/// The parts of a hyphenated word written together: "anti-soft" → "antisoft".
struct AnalyzedCompound {
    std::size_t first = 0;  ///< index of its first part in the word list
    std::size_t last = 0;   ///< index of its last part
    std::string word;
    std::string match_term;
    std::string key_term;                   ///< as AnalyzedWord::key_term
    Language language = Language::unknown;  ///< whose stemmer made match_term
};

struct Analysis {
    std::vector<AnalyzedWord> words;
    std::vector<AnalyzedCompound> compounds;
};

/// The prefix of stemmed terms, as in Xapian's TermGenerator.
inline constexpr std::string_view stem_prefix = "Z";

/// Marks the stem terms of Kazakh search keys: "Z#" + key ("Z" + field prefix + "#" + key).
inline constexpr std::string_view kazakh_key_marker = "#";

/// "Z#" + key.
std::string kazakh_key_term(const std::string& key);

/// Whether a normalised Cyrillic word is a Russian or Kazakh word: in either dictionary
/// (dictionary.h) or seen in Kazakh text. What Latin look-alikes must spell to be read as
/// Cyrillic (CCCP, a Latin c for the preposition с).
bool russian_or_kazakh_word(const std::string& word);

class Analyzer {
  public:
    /// Analyses `text`, whose language is `language` (Language::unknown: per word, by script).
    Analysis analyze(std::string_view text, Language language);

    /// The match term of `word` stemmed in exactly `stem_language` ("Z" + stem), or the word
    /// itself for Language::unknown.
    std::string match_term_in(const std::string& word, Language stem_language);

    Stemmer& stemmer() { return stemmer_; }

  private:
    /// A Latin word of Kazakh text: the Cyrillic word it spells, or its search key; false
    /// when it reads as English instead.
    bool analyze_latin_kazakh(AnalyzedWord& word);

    Stemmer stemmer_;
};

}  // namespace polsearch
