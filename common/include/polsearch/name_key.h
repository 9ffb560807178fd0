// One key for a personal name whatever script and transliteration it is written in, so that
// Губайдуллина finds Gubaidullina and Gubaydulina, Жумабаев finds Zhumabayev and Dzhumabaev.
// Cyrillic (Russian and Kazakh letters) is romanised, accents dropped, and the usual variants
// made to meet: kh/h → h, zh/dzh/j → j, ye/e → e, y/i → i (so ay/ai and iy/ii meet), q → k,
// ts, sh, ch kept; doubled letters are written once. Library and European romanisations meet
// them too: ž š č ŝ (ISO 9) → zh sh ch shch, w → v, and a j after a vowel and before a consonant
// or the end → i (Gubajdullina, Nikolaj).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "polsearch/analyzer.h"
#include "polsearch/language.h"

namespace polsearch {

/// The name key of one normalised word of a name ("" for a word without letters).
/// Thread-safe: each thread uses its own ICU transliterator.
std::string name_key(std::string_view word);

/// The spellings of an analysed word that its name keys are made from: the normalised word
/// and, where `text` (the analysed text) wrote ё, that spelling too. Normalising writes е for
/// ё, which keeps Горбачёв with Gorbachev; the ё keeps Мирзиёев with Mirziyoyev (ё is yo in a
/// key) and Пётр with Pyotr. A Latin word with yo after its first letter also has it written
/// e, as Russian text mostly writes ё: Mirziyoyev meets Мирзиеев, Pyotr Петр.
std::vector<std::string> name_spellings(const AnalyzedWord& word, std::string_view text);

// Names in the text meet across scripts too: a capitalised word of a title, abstract or
// keyword is also indexed under the name key of its base, with a prefix for its script
// (schema.h: latin_name_prefix, cyrillic_name_prefix), and a query word looks for the key
// in the other script only, so that Назарбаев finds Nazarbayev's and Nazarbayev finds
// Назарбаевтың without touching how words of the query's own script match.

/// The form of a name word that its spellings in another script share, from a normalised
/// word: a Russian surname without its case ending (назарбаева → назарбаев, достоевского →
/// достоевский), a Kazakh word without its endings (назарбаевтың → назарбаев), a Latin word
/// without a possessive (nazarbayev's → nazarbayev). Other words come back as they are.
std::string name_base(std::string_view word, Language language);

/// The name terms of a capitalised word of a text in `language` (normalised `word`): the
/// script's prefix + the name key of the word, and of its base where that differs (Ирина may
/// be Irina, not only Irin); none for a word of neither script, a number or a stopword.
std::vector<std::string> text_name_terms(std::string_view word, Language language);

/// The name terms of a word of an analysed `text` (text_name_terms of each of its
/// name_spellings) when it is capitalised there and no number; none otherwise. Indexing and
/// snippets both ask this, so that a snippet marks what was indexed.
std::vector<std::string> text_name_terms(const AnalyzedWord& word, std::string_view text);

/// The name terms of the other script that a query word (normalised) may stand for: for a
/// Cyrillic word, the Latin-script terms of the word and of its Russian and Kazakh bases; for
/// a Latin word, the Cyrillic-script terms of the word and its base. None for numbers,
/// stopwords and words under three letters.
std::vector<std::string> other_script_name_terms(std::string_view word);

}  // namespace polsearch
