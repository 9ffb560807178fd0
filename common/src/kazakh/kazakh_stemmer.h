// A light Kazakh stemmer: strips inflectional suffixes so that the forms of a word meet
// (қаланың, қалада, қалалар → қала; болады, болған, болуға → бол). No public search engine has
// one (../shared/notes/peers.md). It plugs into Xapian as a StemImplementation, so indexing,
// queries and snippets share it.
//
// Suffixes come off from the end of the word inwards, in the order Kazakh stacks them:
// predicative (person) → case → possessive → plural → verb forms (participles, tenses, verbal
// noun). A suffix comes off only when
// - its vowels agree with the stem's last vowel (front ә е ө ү і, back а о ұ ы; stems with
//   only и у or no vowel, often loanwords, accept both);
// - what is left has at least three letters, one of them a vowel (қала, бала, ана, ата stay);
// - the suffix's own condition holds (-нда, -на, -н only after the 3rd person possessive ы/і:
//   маманда → маман, not мама);
// - the word is not a proper name, or what is left is one too (Алматы stays, Алматыда →
//   алматы): names come from common/data/kazakh-names.txt.
// A stem that ends in б, г or ғ gets back the п, к or қ the suffix voiced (кітабы → кітап).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace polsearch {

/// The stem of a normalised (lower-case) Kazakh word.
std::string stem_kazakh(const std::string& word);

/// For a Kazakh word typed in Latin letters, as its search key (kazakh_search_key), the stems
/// it may have: the key itself and the key without the endings that can come off it (in
/// search-key spelling), at most two deep. Kazakh harmony and consonant classes are partly
/// lost in Latin typing, so this lists candidates instead of choosing one.
std::vector<std::string> kazakh_key_stems(const std::string& key);

/// For a Kazakh word written in Latin letters (normalised), the Cyrillic word of exactly the
/// same search key seen most often in running text ("küşi" → "күші"); empty when none was.
std::string kazakh_cyrillic_word(std::string_view latin_word);

/// For a Kazakh word written in Latin letters (normalised), the Cyrillic word of the same
/// search key seen most often in running text ("küşi" → "күші", "qazaqstannyñ" →
/// "қазақстанның"), else that of the longest of its kazakh_key_stems that was seen
/// ("küşiniñ" → "күші"); empty when none was.
std::string kazakh_cyrillic_form(std::string_view latin_word);

/// True when `key` (a search key) is the key of a Kazakh word seen in running text.
bool kazakh_key_attested(const std::string& key);

/// True when `key` (a search key) is that of a Kazakh case ending of two letters or more that
/// begins with a consonant: -nyng, -ga, -da, -dan, -men, ... (БҰҰ-ның, КСРО-да).
bool kazakh_case_ending_key(const std::string& key);

/// True when `word` (normalised, Cyrillic) is a form seen in Kazakh running text (the word list
/// common/data/kazakh-words.tsv, built from ../shared/data/text).
bool kazakh_word_seen(const std::string& word);

/// True when running text has a word of `stem` (a stem_kazakh result): the stem itself, or,
/// for the root of a verb (кездес, сайла, дамы), its verbal noun (кездесу, сайлау, даму).
bool kazakh_stem_seen(const std::string& stem);

class KazakhStemImplementation : public Xapian::StemImplementation {
  public:
    std::string operator()(const std::string& word) override { return stem_kazakh(word); }
    std::string get_description() const override { return "kazakh (polsearch light stemmer)"; }
};

}  // namespace polsearch
