#include "text/html_entities.h"

#include <cstdint>
#include <string>
#include <unordered_map>

#include "text/utf8.h"

namespace polsearch {

// common/data/html-entities.tsv, compiled in.
extern const char* const html_entity_table_text;

namespace {

// The longest name in the table is 31 letters ("CounterClockwiseContourIntegral").
constexpr std::size_t longest_name = 32;

// The table: name → its text as UTF-8.
const std::unordered_map<std::string, std::string>& named_references() {
    static const std::unordered_map<std::string, std::string> table = [] {
        std::unordered_map<std::string, std::string> out;
        std::string_view rest = html_entity_table_text;
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            const auto tab = line.find('\t');
            if (line.empty() || line.front() == '#' || tab == std::string_view::npos) continue;
            std::string text;
            std::string_view points = line.substr(tab + 1);
            while (!points.empty()) {
                const auto space = points.find(' ');
                const std::string hex(points.substr(0, space));
                utf8_append(text, static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
                points =
                    space == std::string_view::npos ? std::string_view() : points.substr(space + 1);
            }
            out.emplace(std::string(line.substr(0, tab)), std::move(text));
        }
        return out;
    }();
    return table;
}

// HTML5's replacements for the numbers 0x80-0x9F (windows-1252); 0 where it keeps the number.
constexpr char32_t windows_1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_digit(char c, bool hex) {
    return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A numeric reference at `text[at]` ("&#171;", "&#xAB;"): its length, and its character
// appended to `out`; 0 when there is none there.
std::size_t numeric_reference(std::string_view text, std::size_t at, std::string& out) {
    std::size_t i = at + 2;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex) ++i;
    const std::size_t digits = i;
    std::uint32_t value = 0;
    bool too_big = false;
    for (; i < text.size() && is_digit(text[i], hex); ++i) {
        const char c = text[i];
        const std::uint32_t digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        value = value * (hex ? 16 : 10) + digit;
        if (value > 0x10FFFF) {
            too_big = true;
            value = 0x10FFFF;  // keeps the arithmetic bounded; the digits are still read
        }
    }
    if (i == digits) return 0;
    if (i < text.size() && text[i] == ';') ++i;
    char32_t c = static_cast<char32_t>(value);
    if (too_big || c == 0 || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c >= 0x80 && c <= 0x9F && windows_1252[c - 0x80]) c = windows_1252[c - 0x80];
    utf8_append(out, c);
    return i - at;
}

// A named reference at `text[at]` ("&ndash;"): its length, and its text appended to `out`; 0
// when there is none there.
std::size_t named_reference(std::string_view text, std::size_t at, std::string& out) {
    std::size_t i = at + 1;
    while (i < text.size() && i - at <= longest_name && is_alnum(text[i])) ++i;
    if (i == at + 1 || i >= text.size() || text[i] != ';') return 0;
    const auto& table = named_references();
    const auto found = table.find(std::string(text.substr(at + 1, i - at - 1)));
    if (found == table.end()) return 0;
    out += found->second;
    return i + 1 - at;
}

}  // namespace

std::string decode_html_entities(std::string_view text) {
    if (text.find('&') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '&') {
            const std::size_t length = i + 1 < text.size() && text[i + 1] == '#'
                                           ? numeric_reference(text, i, out)
                                           : named_reference(text, i, out);
            if (length > 0) {
                i += length;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

}  // namespace polsearch
