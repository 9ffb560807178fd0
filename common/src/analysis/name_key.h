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

#include "analysis/analyzer.h"
#include "polsearch/language.h"

namespace polsearch {

/// The name key of one normalised word of a name ("" for a word without letters).
/// Thread-safe: each thread uses its own ICU transliterator.
std::string name_key(std::string_view word);

/// The consonants of a name key (name_key's output), the part of a foreign name that English
/// and Russian spellings of it share: the first letter, then the consonants, after English
/// spelling is read as it sounds (th → t, ph → f, ck → k, x → ks, gh silent after a vowel and
/// g elsewhere, sch → sh, c → s
/// before e and i and k elsewhere, ts and tz → s, an h after any letter but s, c, j or z
/// dropped), doubled letters once. So Panthers and Пэнтерс (penters) are both pntrs, Thomas
/// and Томас tms, Davis and Дэвис dvs, Cincinnati and Цинциннати snsnt: the vowels, which the
/// two languages write differently, are left out. "" when it has fewer than three letters
/// (Найт, Lee): too short to tell names apart. A looser key than name_key, for names of the
/// other script only (name_terms.h).
std::string name_skeleton(std::string_view key);

/// The spellings of an analysed word that its name keys are made from: the normalised word
/// and, where `text` (the analysed text) wrote ё, that spelling too. Normalising writes е for
/// ё, which keeps Горбачёв with Gorbachev; the ё keeps Мирзиёев with Mirziyoyev (ё is yo in a
/// key) and Пётр with Pyotr. A Latin word with yo after its first letter also has it written
/// e, as Russian text mostly writes ё: Mirziyoyev meets Мирзиеев, Pyotr Петр.
std::vector<std::string> name_spellings(const AnalyzedWord& word, std::string_view text);

/// The form of a name word that its spellings in another script share, from a normalised
/// word: a Russian surname without its case ending (назарбаева → назарбаев, достоевского →
/// достоевский), a Kazakh word without its endings (назарбаевтың → назарбаев), a Latin word
/// without a possessive (nazarbayev's → nazarbayev). Other words come back as they are.
std::string name_base(std::string_view word, Language language);

/// The other spelling of `word` in `text` that a name key is also made from (name_spellings):
/// its ё, or its Latin yo written e; "" when it has none.
std::string other_name_spelling(const AnalyzedWord& word, std::string_view text);

}  // namespace polsearch
