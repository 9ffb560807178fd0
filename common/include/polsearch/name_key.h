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

namespace polsearch {

/// The name key of one normalised word of a name ("" for a word without letters).
/// Thread-safe: each thread uses its own ICU transliterator.
std::string name_key(std::string_view word);

}  // namespace polsearch
