#include "text/utf8.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace polsearch {

std::u32string utf8_decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    const auto n = static_cast<int32_t>(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
    }
    return out;
}

void utf8_append(std::string& out, char32_t c) {
    char buffer[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, static_cast<UChar32>(c), error);
    if (error) {
        out += "\xEF\xBF\xBD";
        return;
    }
    out.append(buffer, static_cast<std::size_t>(length));
}

std::size_t utf8_invalid_offset(std::string_view text) {
    const auto n = static_cast<int32_t>(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    for (int32_t i = 0; i < n;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) return static_cast<std::size_t>(start);
    }
    return text.size();
}

std::string utf8_encode(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (char32_t c : text) utf8_append(out, c);
    return out;
}

std::size_t utf8_length(std::string_view text) {
    return utf8_decode(text).size();
}

bool starts_upper(std::string_view text) {
    const std::u32string letters = utf8_decode(text);
    return !letters.empty() && u_isupper(static_cast<UChar32>(letters.front()));
}

std::string title_case(std::string_view text) {
    std::u32string letters = utf8_decode(text);
    if (!letters.empty()) {
        letters.front() = static_cast<char32_t>(u_totitle(static_cast<UChar32>(letters.front())));
    }
    return utf8_encode(letters);
}

}  // namespace polsearch
