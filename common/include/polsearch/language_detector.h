// Language identification for a field or a query: English, Russian or Kazakh.
//
// The backbone is the alphabet: Latin text is English; Cyrillic text with any of the letters
// only Kazakh has (ә ғ қ ң ө ұ ү һ і) is Kazakh; other Cyrillic text is Russian unless its
// function words are Kazakh ones (мен, бен, деп, осы, ...). A later issue refines this for
// short titles and two-word queries.
#pragma once

#include <string_view>

#include "polsearch/language.h"

namespace polsearch {

/// True for a letter that Kazakh Cyrillic has and Russian does not (either case).
bool is_kazakh_letter(char32_t c);

/// True when `word` holds one of those letters.
bool has_kazakh_letter(std::string_view word);

/// The language of `text`, or Language::unknown when it has no letters.
Language detect_language(std::string_view text);

}  // namespace polsearch
