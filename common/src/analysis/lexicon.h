// The word lists made from hunspell's Russian, Kazakh and English dictionaries at build time
// (common/lexicon/make_lexicon.cpp) and compiled into the library: every form each dictionary
// accepts, and the lemmas of every Russian form. They answer as hunspell does for the words
// they hold, with no dictionary to load: a lookup walks an automaton in read-only memory that
// the program maps with its code (about 3 MB, paged in as it is used), and is safe from any
// thread. Format: lexicon_format.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polsearch {

enum class LexiconLanguage { russian, kazakh, english };

/// Whether `language`'s dictionary has the word, which must be in lower case (as normalised
/// words are; a name or an abbreviation of the dictionary is found in lower case too: россия,
/// ссср, nato). ё and е are different letters here, as in the dictionary (which has еще and ещё).
bool lexicon_has(LexiconLanguage language, std::string_view lower_case_word);

/// The lemmas of a normalised Russian word (lower case, ё as е): the dictionary entries it is
/// a form of, written the same way, the one with the most forms first (стали: стать, сталь);
/// empty when the dictionary does not have the word.
std::vector<std::string> russian_lemmas(std::string_view word);

/// The lemma class of a normalised Russian word, what indexing and queries match: the lemma
/// that stands for its own and every entry joined to it through a form they share (права:
/// право and правый; политики: политик and политика) or an irregular form the dictionary lists
/// as a word of its own (концов and конец; времени and время), the one with the most forms.
/// So every form of a lemma has the same class, whichever reading a shared form has. Empty
/// when the dictionary does not have the word.
std::string russian_lemma_class(std::string_view word);

/// The size in bytes of the compiled-in lists.
std::size_t lexicon_bytes();

}  // namespace polsearch
