#include "text/text.h"

#include <unicode/utf8.h>

#include <cstdio>

#include "text/utf8.h"

namespace polsearch {
namespace {

constexpr std::string_view no_break_space = "\xC2\xA0";

bool space_at_front(std::string_view text, std::size_t* length) {
    if (text.empty()) return false;
    const char c = text.front();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *length = 1;
        return true;
    }
    if (text.substr(0, no_break_space.size()) == no_break_space) {
        *length = no_break_space.size();
        return true;
    }
    return false;
}

bool space_at_back(std::string_view text, std::size_t* length) {
    if (text.empty()) return false;
    const char c = text.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *length = 1;
        return true;
    }
    if (text.size() >= no_break_space.size() &&
        text.substr(text.size() - no_break_space.size()) == no_break_space) {
        *length = no_break_space.size();
        return true;
    }
    return false;
}

}  // namespace

std::string trim(std::string_view text) {
    std::size_t length = 0;
    while (space_at_front(text, &length)) text.remove_prefix(length);
    while (space_at_back(text, &length)) text.remove_suffix(length);
    return std::string(text);
}

std::vector<std::string> split_list(std::string_view text, std::string_view separators) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find_first_of(separators, start);
        std::string item =
            trim(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (!item.empty()) items.push_back(std::move(item));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return items;
}

std::vector<std::string_view> split_all(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size() && out.size() < max_bytes) {
        const auto byte = static_cast<unsigned char>(text[i]);
        // The length of a valid character here, 0 for an invalid byte.
        std::size_t length = 1;
        if (byte >= 0x80) {
            length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
            if (length != 0 &&
                (i + length > text.size() || utf8_invalid_offset(text.substr(i, length)) != length))
                length = 0;
        }
        if (length == 0 || byte < 0x20 || byte == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            out += escaped;
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    if (i < text.size()) out += "…(" + std::to_string(text.size()) + " bytes)";
    return out;
}

void append_escaped(std::string& out, std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < n;) {
        const char c = text[static_cast<std::size_t>(i)];
        if (static_cast<unsigned char>(c) >= 0x80) {
            // XML 1.0 has no U+FFFE or U+FFFF (nor surrogates, which are not UTF-8 either);
            // an invalid sequence becomes U+FFFD, as everywhere else.
            const int32_t start = i;
            UChar32 code_point;
            U8_NEXT(bytes, i, n, code_point);
            if (code_point < 0)
                out += "\xEF\xBF\xBD";
            else if (code_point != 0xFFFE && code_point != 0xFFFF)
                out.append(text.substr(static_cast<std::size_t>(start),
                                       static_cast<std::size_t>(i - start)));
            continue;
        }
        ++i;
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    break;
                out += c;
        }
    }
}

}  // namespace polsearch
