#include "text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <span>
#include <stdexcept>

#include "text/utf8.h"

namespace polsearch {
namespace {

const icu::Normalizer2& nfkc_casefold() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU: cannot load nfkc_cf normaliser");
        return n;
    }();
    return *instance;
}

bool is_apostrophe(char32_t c) {
    return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'`' ||
           c == U'\u00B4' || c == U'\u02B9' || c == U'\u2032';
}

bool is_single_quote(char32_t c) {
    return c == U'\u2018' || c == U'\u2019' || c == U'\u201A' || c == U'\u201B' || c == U'\u2039' ||
           c == U'\u203A';
}

}  // namespace

bool is_hyphen(char32_t c) {
    return c == U'-' || (c >= U'\u2010' && c <= U'\u2015') || c == U'\u2212' || c == U'\uFE58' ||
           c == U'\uFE63' || c == U'\uFF0D' || c == U'\u00AD';
}

bool is_double_quote(char32_t c) {
    return c == U'"' || c == U'\u201C' || c == U'\u201D' || c == U'\u201E' || c == U'\u201F' ||
           c == U'\u00AB' || c == U'\u00BB' || c == U'\uFF02' || c == U'\u2033';
}

std::string normalize_word(std::string_view word) {
    // Fast path: plain ASCII letters and digits only need lower-casing.
    bool ascii = true;
    for (unsigned char c : word) {
        if (c >= 0x80 || c == '`') {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        std::string out(word);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }

    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
    if (U_FAILURE(status)) folded = source;

    std::string utf8;
    folded.toUTF8String(utf8);
    std::string out;
    out.reserve(utf8.size());
    int32_t i = 0;
    const int32_t n = static_cast<int32_t>(utf8.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    while (i < n) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) c = 0xFFFD;
        if (c == U'ё') c = U'е';
        if (is_apostrophe(static_cast<char32_t>(c))) c = U'\'';
        utf8_append(out, static_cast<char32_t>(c));
    }
    return out;
}

namespace {

// Lower-case look-alikes: Latin letter, Cyrillic letter.
constexpr std::pair<char32_t, char32_t> homoglyphs[] = {
    {U'a', U'а'}, {U'c', U'с'}, {U'e', U'е'}, {U'o', U'о'}, {U'p', U'р'},
    {U'x', U'х'}, {U'y', U'у'}, {U'i', U'і'}, {U'h', U'һ'},
};

bool is_latin_letter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'à' && c <= U'ɏ');
}
bool is_cyrillic_letter(char32_t c) {
    return c >= U'\u0400' && c <= U'\u052F';
}

// Capital look-alikes: Latin letter, Cyrillic letter.
constexpr std::pair<char32_t, char32_t> capital_homoglyphs[] = {
    {U'A', U'А'}, {U'B', U'В'}, {U'C', U'С'}, {U'E', U'Е'}, {U'H', U'Н'},
    {U'K', U'К'}, {U'M', U'М'}, {U'O', U'О'}, {U'P', U'Р'}, {U'T', U'Т'},
    {U'X', U'Х'}, {U'Y', U'У'}, {U'I', U'І'},
};

// The repair of a word that mixes scripts, with the look-alikes of `table`: of the letters that
// count (`is_letter`), those of the script whose letters are all look-alikes turn into the
// other script's. A word of one script, or whose scripts both have (or both lack) a letter
// without a look-alike, stays as it is: no way to tell which is meant.
template <typename IsLetter>
std::string repair_mixed(std::string_view word,
                         std::span<const std::pair<char32_t, char32_t>> table, IsLetter is_letter) {
    std::u32string letters = utf8_decode(word);
    bool latin = false;
    bool cyrillic = false;
    bool latin_all_lookalikes = true;
    bool cyrillic_all_lookalikes = true;
    for (const char32_t c : letters) {
        if (!is_letter(c)) continue;
        bool lookalike = false;
        if (is_cyrillic_letter(c)) {
            cyrillic = true;
            for (const auto& [l, k] : table) lookalike = lookalike || c == k;
            cyrillic_all_lookalikes = cyrillic_all_lookalikes && lookalike;
        } else {
            latin = true;
            for (const auto& [l, k] : table) lookalike = lookalike || c == l;
            latin_all_lookalikes = latin_all_lookalikes && lookalike;
        }
    }
    if (!latin || !cyrillic || latin_all_lookalikes == cyrillic_all_lookalikes)
        return std::string(word);
    for (char32_t& c : letters) {
        for (const auto& [l, k] : table) {
            if (latin_all_lookalikes && c == l) c = k;
            if (cyrillic_all_lookalikes && c == k) c = l;
        }
    }
    return utf8_encode(letters);
}

}  // namespace

std::string repair_homoglyphs(std::string_view word) {
    return repair_mixed(word, homoglyphs,
                        [](char32_t c) { return is_latin_letter(c) || is_cyrillic_letter(c); });
}

std::string repair_capital_homoglyphs(std::string_view word) {
    for (const char32_t c : utf8_decode(word)) {
        if (u_islower(static_cast<UChar32>(c))) return std::string(word);
    }
    return repair_mixed(word, capital_homoglyphs,
                        [](char32_t c) { return u_isupper(static_cast<UChar32>(c)) != 0; });
}

bool only_lookalikes(std::string_view word) {
    const auto n = static_cast<int32_t>(word.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) return false;
        const auto letter = static_cast<char32_t>(c);
        if (!is_latin_letter(letter) && !is_cyrillic_letter(letter)) continue;
        bool found = false;
        for (const auto& [l, k] : homoglyphs) found = found || letter == l || letter == k;
        if (!found) return false;
    }
    return true;
}

std::string lookalikes_in(std::string_view word, Script script) {
    if (script != Script::latin && script != Script::cyrillic) return {};
    const bool to_cyrillic = script == Script::cyrillic;
    std::u32string letters = utf8_decode(word);
    for (char32_t& c : letters) {
        if (to_cyrillic ? !is_latin_letter(c) : !is_cyrillic_letter(c)) continue;
        bool found = false;
        for (const auto& [l, k] : homoglyphs) {
            if (c == (to_cyrillic ? l : k)) {
                c = to_cyrillic ? k : l;
                found = true;
                break;
            }
        }
        if (!found) return {};
    }
    return utf8_encode(letters);
}

std::string normalize_punctuation(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    int32_t i = 0;
    const int32_t n = static_cast<int32_t>(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    while (i < n) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";
            continue;
        }
        const auto ch = static_cast<char32_t>(c);
        if (ch != U'\u00AD' && is_hyphen(ch)) {
            out += '-';
        } else if (is_double_quote(ch)) {
            out += '"';
        } else if (is_single_quote(ch)) {
            out += '\'';
        } else {
            out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
        }
    }
    return out;
}

}  // namespace polsearch
