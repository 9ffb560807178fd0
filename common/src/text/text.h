// Small helpers for plain text: trimming and splitting, shared by the readers, and escaping
// for HTML and XML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace polsearch {

/// `text` without spaces, tabs, line ends and no-break spaces (U+00A0) at either end.
std::string trim(std::string_view text);

/// The trimmed, non-empty pieces of `text` between any of the `separators` bytes.
std::vector<std::string> split_list(std::string_view text, std::string_view separators);

/// Every piece of `text` between `separator` bytes, empty ones too (untrimmed).
std::vector<std::string_view> split_all(std::string_view text, char separator);

/// `text` fit to quote in a message: at most `max_bytes` of it (cut at a character boundary,
/// then "…" and the size in all), control characters, DEL and invalid UTF-8 bytes written as
/// \xNN, so that no input can flood a log or drive a terminal.
std::string excerpt(std::string_view text, std::size_t max_bytes = 80);

/// Appends `text` escaped for HTML and XML element content and double-quoted attributes
/// (& < > "), without the characters XML 1.0 forbids: the controls below U+0020 but tab, line
/// feed and carriage return, and U+FFFE and U+FFFF. A byte sequence that is not UTF-8 becomes
/// U+FFFD. So every XML document made of escaped text is well-formed.
void append_escaped(std::string& out, std::string_view text);

}  // namespace polsearch
