// UTF-8 to code points and back, for the analysis stages that work letter by letter.
#pragma once

#include <string>
#include <string_view>

namespace polsearch {

/// Code points of `text`; invalid bytes become U+FFFD.
std::u32string utf8_decode(std::string_view text);

/// Appends `c` to `out` as UTF-8 (U+FFFD for a value that is not a code point).
void utf8_append(std::string& out, char32_t c);

std::string utf8_encode(std::u32string_view text);

/// The byte offset of the first invalid UTF-8 sequence in `text`, or text.size() if it is
/// all valid.
std::size_t utf8_invalid_offset(std::string_view text);

/// Number of code points in `text`.
std::size_t utf8_length(std::string_view text);

/// Whether the first letter of `text` is upper case ("Kazakhstan", "Қазақстан").
bool starts_upper(std::string_view text);

/// `text` with its first code point in title case ("қазақстан" → "Қазақстан").
std::string title_case(std::string_view text);

}  // namespace polsearch
