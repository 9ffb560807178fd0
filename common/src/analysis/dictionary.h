// The Russian, Kazakh and English spelling dictionaries that Debian ships (hunspell-ru,
// LibreOffice's Russian dictionary by A. Lebedev; hunspell-kk; hunspell-en-us, SCOWL), asked
// one question: is this a word of the language, in any of its inflected forms? polsearch uses
// them where it must tell Russian from Kazakh typed without Kazakh letters (a short text, a
// query, a line of dialogue), and English from Kazakh typed in plain Latin letters (a query).
//
// The answers come from the word lists made from those dictionaries at build time and compiled
// in (lexicon.h): every form hunspell accepts, so nothing is read or loaded at run time and a
// lookup is safe from any thread.
#pragma once

#include <string_view>

namespace polsearch {

/// True when the Russian dictionary has `word` (a normalised word: lower case, ё as е), as it
/// is, capitalised (a name: Россия, Москва) or in capitals (an abbreviation: СССР).
bool russian_dictionary_has(std::string_view word);

/// The same for the Kazakh dictionary (Қазақстан, Немене, жаным).
bool kazakh_dictionary_has(std::string_view word);

/// The same for the English dictionary (bank, Iraq, NATO).
bool english_dictionary_has(std::string_view word);

}  // namespace polsearch
