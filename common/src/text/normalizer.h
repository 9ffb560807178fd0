// Normalisation, the first stage of analysis: turns a word as written into the form that is
// indexed and searched (Unicode NFKC with case folding, ё→е, apostrophes unified), and turns
// the typographic variants of dashes and quotes into their ASCII forms.
#pragma once

#include <string>
#include <string_view>

#include "text/tokenizer.h"

namespace polsearch {

/// NFKC + case folding (ICU's nfkc_cf), ё→е, every apostrophe look-alike (’ ʼ ‘ ` ´ ʹ) → '.
/// The input is one word; valid UTF-8 is expected (invalid bytes become U+FFFD).
std::string normalize_word(std::string_view word);

/// Repairs homoglyphs in a normalised word that mixes scripts: Latin a c e o p x y i h inside
/// a Cyrillic word become а с е о р х у і һ ("cилa" → "сила"), and those Cyrillic letters
/// inside a Latin word become Latin. A word whose letters of the other script are not all
/// look-alikes is left as it is.
std::string repair_homoglyphs(std::string_view word);

/// Repairs homoglyphs in a word written in capitals that mixes scripts (an abbreviation), before
/// normalisation: capitals have look-alikes that small letters lack (B H K M T and В Н К М Т),
/// so "MBД" → "МВД" and "CШA" → "США". Left as it is when the word has a small letter, when
/// both scripts have a letter without a look-alike, or when neither has.
std::string repair_capital_homoglyphs(std::string_view word);

/// True when each Latin or Cyrillic letter of a normalised word has a look-alike in the other
/// script (a c e o p x y i h and а с е о р х у і һ): "cop", "сор", "cор".
bool only_lookalikes(std::string_view word);

/// A normalised word with each look-alike letter of the other script turned into `script`'s
/// (Script::latin or Script::cyrillic): "cop" → "сор" toward Cyrillic, "соре" → "cope" toward
/// Latin. Empty when a letter of the other script has no look-alike ("sор"), or for another
/// `script`.
std::string lookalikes_in(std::string_view word, Script script);

/// Replaces Unicode dashes (U+2010–U+2015, U+2212, U+FE58, U+FE63, U+FF0D) with '-', double
/// quotes of every style (“ ” „ ‟ « » ″ ＂) with '"' and single ones (‘ ’ ‚ ‛ ‹ ›) with '\''.
/// Everything else is left alone, so byte offsets of other text shift only by those characters.
std::string normalize_punctuation(std::string_view text);

/// True for a code point that joins the parts of a hyphenated word: '-' and the Unicode dashes
/// above (and the soft hyphen).
bool is_hyphen(char32_t c);

/// True for a code point that opens or closes a quoted phrase in a query: '"', “ ” „ ‟ « » ＂.
bool is_double_quote(char32_t c);

}  // namespace polsearch
