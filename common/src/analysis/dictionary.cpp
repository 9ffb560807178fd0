#include "analysis/dictionary.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "analysis/lexicon.h"

namespace polsearch {
namespace {

// The word in lower case, code point by code point (the lists hold lower-case forms; a caller
// may pass a capitalised word).
std::string lower_case(std::string_view word) {
    const auto n = static_cast<int32_t>(word.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
    std::string result;
    result.reserve(word.size());
    for (int32_t i = 0; i < n;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) {
            result.append(
                word.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
            continue;
        }
        char out[U8_MAX_LENGTH];
        int32_t length = 0;
        U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(out), length, u_tolower(c));
        result.append(out, static_cast<std::size_t>(length));
    }
    return result;
}

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// Hunspell takes a number for a word of any language: digits, with single dots, commas or
// hyphens between them (2020, 1.5, 1,000, 1-2).
bool hunspell_number(std::string_view word) {
    if (word.empty() || !digit(word.front()) || !digit(word.back())) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (digit(word[i])) continue;
        if ((word[i] != '.' && word[i] != ',' && word[i] != '-') || !digit(word[i + 1]))
            return false;
    }
    return true;
}

// And hunspell-en-us's compound rules make English ordinals of numbers: 21st, 102nd, 111th
// (digits, then 1 and [0-9]th; or digits, then a digit other than 1 and an ordinal of one
// digit); 1st to 9th and 0th are words of their own.
bool english_ordinal(std::string_view word) {
    if (word.size() < 3 || !std::all_of(word.begin(), word.end() - 2, digit)) return false;
    const std::string_view end = word.substr(word.size() - 3);
    static constexpr std::string_view own[] = {"0th", "1st", "2nd", "3rd", "4th",
                                               "5th", "6th", "7th", "8th", "9th"};
    const bool one_digit = std::find(std::begin(own), std::end(own), end) != std::end(own);
    if (word.size() == 3) return one_digit;
    const char before = word[word.size() - 4];
    if (before == '1') return end.substr(1) == "th";  // 11th, 12th, 13th, 111th
    return one_digit;
}

bool has(LexiconLanguage language, std::string_view word);

// Hunspell's default BREAK rules: a word with a hyphen is a word when its parts are (and a
// hyphen at either end is left out).
bool hyphenated_has(LexiconLanguage language, std::string_view word) {
    if (word.front() == '-') return has(language, word.substr(1));
    if (word.back() == '-') return has(language, word.substr(0, word.size() - 1));
    const std::size_t hyphen = word.find('-');
    return has(language, word.substr(0, hyphen)) && has(language, word.substr(hyphen + 1));
}

bool has(LexiconLanguage language, std::string_view word) {
    if (word.empty()) return false;
    if (word.back() == '.') {
        // Hunspell leaves out the dots at the end of a word (and takes an abbreviation with one).
        const std::size_t end = word.find_last_not_of('.');
        if (end == std::string_view::npos) return true;  // as hunspell answers "..."
        const std::string_view bare = word.substr(0, end + 1);
        return has(language, bare) || lexicon_has(language, lower_case(std::string(bare) + "."));
    }
    if (digit(word.front()) &&
        (hunspell_number(word) || (language == LexiconLanguage::english && english_ordinal(word))))
        return true;
    if (word.find('-') != std::string_view::npos) {
        const std::string lower = lower_case(word);
        return lexicon_has(language, lower) || hyphenated_has(language, lower);
    }
    for (const char c : word) {
        if (static_cast<unsigned char>(c) >= 'A' && static_cast<unsigned char>(c) <= 'Z') {
            return lexicon_has(language, lower_case(word));
        }
        if (static_cast<unsigned char>(c) >= 0x80) {  // a letter that may be a capital
            return lexicon_has(language, lower_case(word));
        }
    }
    return lexicon_has(language, word);
}

}  // namespace

bool russian_dictionary_has(std::string_view word) {
    return has(LexiconLanguage::russian, word);
}

bool kazakh_dictionary_has(std::string_view word) {
    return has(LexiconLanguage::kazakh, word);
}

bool english_dictionary_has(std::string_view word) {
    return has(LexiconLanguage::english, word);
}

}  // namespace polsearch
