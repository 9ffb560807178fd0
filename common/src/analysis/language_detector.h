// Language identification for a field or a query: English, Russian or Kazakh.
//
// The backbone is the alphabet: Latin text is English unless enough of its words carry the
// letters of Kazakh's Latin alphabets (then Kazakh); Cyrillic text with any of the letters
// only Kazakh has (ә ғ қ ң ө ұ ү һ і) is Kazakh; other Cyrillic text is Russian unless its
// function words are Kazakh ones (мен, бен, деп, осы, ...), or, when function words do not
// decide, most of its words are forms seen in Kazakh running text (Жарайды, Немене, жаным?).
#pragma once

#include <string_view>
#include <vector>

#include "polsearch/language.h"
#include "text/tokenizer.h"

namespace polsearch {

/// True when a normalised Latin word has a letter of Kazakh's Latin alphabets that English
/// has not (2021: ä ğ ı ñ ö ū ü ş; 2018: á ǵ ń ó ú ý), or a q not followed by u (Qazaqstan,
/// syrtqy; not Iraq's neighbours "quota", "question").
bool has_kazakh_latin_letter(std::string_view word);

/// Whether a normalised Latin word has the apostrophe of the 2017 Kazakh alphabet (a' g' n' s'
/// ...), which an English clitic at the end of a word is not: Russia's, don't, we're, I'll. A
/// final s' stays a mark: it is the 2017 ш (ku's') as often as an English plural possessive.
bool has_2017_apostrophe(std::string_view word);

/// True when `text` is Kazakh written in Latin letters: of its Latin words, at least 4 in 10
/// and at least two have has_kazakh_latin_letter or has_2017_apostrophe (or, in a text of one or
/// two Latin words, all of them do). An English abstract that names Qatar or Erdoğan stays English.
/// (In Kazakh sentences of the word lists' corpus, 55% of the words have such a letter, and 90% of
/// the sentences have at least a third.)
bool is_latin_kazakh_text(std::string_view text);

/// The same for a text already segmented into `tokens`.
bool is_latin_kazakh_text(std::string_view text, const std::vector<Token>& tokens);

/// The language of `text`, or Language::unknown when it has no letters.
Language detect_language(std::string_view text);

}  // namespace polsearch
