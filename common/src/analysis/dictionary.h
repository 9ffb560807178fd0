// The Russian, Kazakh and English spelling dictionaries that Debian ships (hunspell-ru,
// LibreOffice's Russian dictionary by A. Lebedev; hunspell-kk; hunspell-en-us, SCOWL), asked
// one question: is this a word of the language, in any of its inflected forms? polsearch uses
// them where it must tell Russian from Kazakh typed without Kazakh letters (a short text, a
// query, a line of dialogue), and English from Kazakh typed in plain Latin letters (a query).
//
// The files are read from POLSEARCH_HUNSPELL_DIR (set at build time, /usr/share/hunspell by
// default) the first time a word is looked up; a missing file is an Error that names it.
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

/// Reads the dictionaries now rather than at the first word looked up (about 240 ms, 190 of
/// them and 28 MB for Russian and Kazakh): a server calls it at start so that no query waits for
/// them. Throws Error for a missing file.
void load_dictionaries();

}  // namespace polsearch
