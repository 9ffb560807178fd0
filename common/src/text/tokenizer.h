// Segmentation, the second stage of analysis: finds the words and numbers in a text with ICU's
// word break rules (UAX #29) and notes which of them are joined by a hyphen, so that
// "anti-soft" can be indexed as "anti", "soft" and "antisoft".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polsearch {

enum class Script { other, latin, cyrillic, mixed };

struct Token {
    std::size_t begin = 0;  ///< byte offset of the token in the text
    std::size_t end = 0;    ///< byte offset one past its end
    bool is_number = false;
    Script script = Script::other;
    /// The next token follows after exactly one hyphen or dash, with no space: the two are
    /// parts of one hyphenated word.
    bool hyphen_to_next = false;
    /// A Latin token followed by an apostrophe (' ’ ʼ) that no letter follows: in the 2017
    /// Kazakh Latin alphabet the mark of its last letter (qai' is қай, -nyn' is -ның), which
    /// word segmentation leaves out of the word.
    bool apostrophe_after = false;

    std::string_view text(std::string_view source) const {
        return source.substr(begin, end - begin);
    }
};

/// True for a letter that Kazakh Cyrillic has and Russian does not (either case).
bool is_kazakh_letter(char32_t c);

/// True when `word` holds one of those letters.
bool has_kazakh_letter(std::string_view word);

/// How many letters of a text are Latin and how many Cyrillic (and of those, Kazakh-only).
struct LetterCounts {
    std::size_t latin = 0;
    std::size_t cyrillic = 0;
    std::size_t kazakh = 0;  ///< ә ғ қ ң ө ұ ү һ і, either case
};
LetterCounts count_letters(std::string_view text);

/// The script of a word: latin, cyrillic, mixed (letters of both), or other.
Script script_of(std::string_view word);

/// Splits `text` (UTF-8) into words and numbers. Punctuation and spaces are dropped.
/// Thread-safe: each thread uses its own ICU break iterator.
std::vector<Token> segment(std::string_view text);

}  // namespace polsearch
