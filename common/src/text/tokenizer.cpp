#include "text/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

#include "text/normalizer.h"

namespace polsearch {
namespace {

icu::BreakIterator& word_break_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> it(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status) || !it) throw std::runtime_error("ICU: cannot create word breaker");
        return it;
    }();
    return *iterator;
}

// The code point at `offset`, or -1 past the end.
UChar32 code_point_at(std::string_view text, std::size_t offset, std::size_t* next) {
    const auto n = static_cast<int32_t>(text.size());
    auto i = static_cast<int32_t>(offset);
    if (i >= n) return -1;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, n, c);
    *next = static_cast<std::size_t>(i);
    return c;
}

// The code point that ends before byte `offset` of `text` and sets *start to where it starts;
// -1 at the start of the text.
UChar32 code_point_before(std::string_view text, std::size_t offset, std::size_t* start) {
    auto i = static_cast<int32_t>(offset);
    if (i <= 0) return -1;
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    *start = static_cast<std::size_t>(i);
    return c;
}

bool is_apostrophe(UChar32 c) {
    return c == U'\'' || c == 0x2019 || c == 0x02BC;
}

}  // namespace

bool is_kazakh_letter(char32_t c) {
    switch (c) {
        case U'ә':
        case U'Ә':
        case U'ғ':
        case U'Ғ':
        case U'қ':
        case U'Қ':
        case U'ң':
        case U'Ң':
        case U'ө':
        case U'Ө':
        case U'ұ':
        case U'Ұ':
        case U'ү':
        case U'Ү':
        case U'һ':
        case U'Һ':
        case U'і':
        case U'І':
            return true;
        default:
            return false;
    }
}

bool has_kazakh_letter(std::string_view word) {
    const auto n = static_cast<int32_t>(word.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c >= 0 && is_kazakh_letter(static_cast<char32_t>(c))) return true;
    }
    return false;
}

LetterCounts count_letters(std::string_view text) {
    LetterCounts counts;
    const auto n = static_cast<int32_t>(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    for (int32_t i = 0; i < n;) {
        if (bytes[i] < 0x80) {  // ASCII: only its letters are Latin, and nothing else counts
            const auto c = bytes[i++];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++counts.latin;
            continue;
        }
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0 || !u_isalpha(c)) continue;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (script == USCRIPT_LATIN) ++counts.latin;
        if (script == USCRIPT_CYRILLIC) {
            ++counts.cyrillic;
            if (is_kazakh_letter(static_cast<char32_t>(c))) ++counts.kazakh;
        }
    }
    return counts;
}

Script script_of(std::string_view word) {
    const LetterCounts counts = count_letters(word);
    if (counts.latin > 0 && counts.cyrillic > 0) return Script::mixed;
    if (counts.latin > 0) return Script::latin;
    if (counts.cyrillic > 0) return Script::cyrillic;
    return Script::other;
}

std::vector<Token> segment(std::string_view text) {
    std::vector<Token> tokens;
    if (text.empty()) return tokens;

    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU: cannot open text for segmentation");
    icu::BreakIterator& breaker = word_break_iterator();
    breaker.setText(utext, status);
    if (U_FAILURE(status)) {
        utext_close(utext);
        throw std::runtime_error("ICU: cannot segment text");
    }

    // With a UTF-8 UText, boundaries are byte offsets into `text`.
    bool single_quote_open = false;
    int32_t start = breaker.first();
    for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
         start = end, end = breaker.next()) {
        const int32_t status_value = breaker.getRuleStatus();
        if (status_value < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
        Token token;
        token.begin = static_cast<std::size_t>(start);
        token.end = static_cast<std::size_t>(end);
        token.is_number = status_value < UBRK_WORD_NUMBER_LIMIT;
        token.script = script_of(token.text(text));
        if (!tokens.empty()) {
            // Joined by a hyphen: exactly one dash between the previous token and this one.
            Token& previous = tokens.back();
            std::size_t after = 0;
            const UChar32 between = code_point_at(text, previous.end, &after);
            if (between >= 0 && after == token.begin && is_hyphen(static_cast<char32_t>(between))) {
                previous.hyphen_to_next = true;
            }
        }
        // An apostrophe or ‘ before a word, after no letter, opens a single quote ('soft
        // power', ‘soft power’); the next apostrophe after a word closes it, and is no 2017
        // letter mark.
        std::size_t before_start = 0;
        const UChar32 before = code_point_before(text, token.begin, &before_start);
        if (before == 0x2018) {
            single_quote_open = true;
        } else if (is_apostrophe(before)) {
            std::size_t ignored = 0;
            const UChar32 previous = code_point_before(text, before_start, &ignored);
            if (previous < 0 || !u_isalpha(previous)) single_quote_open = true;
        }
        std::size_t after = 0;
        if (is_apostrophe(code_point_at(text, token.end, &after))) {
            std::size_t beyond = 0;
            const UChar32 following = code_point_at(text, after, &beyond);
            if (following < 0 || !u_isalpha(following)) {
                token.apostrophe_after = token.script == Script::latin && !single_quote_open;
                single_quote_open = false;
            }
        }
        tokens.push_back(token);
    }
    utext_close(utext);
    breaker.setText(icu::UnicodeString());  // drop the reference to `text`
    return tokens;
}

}  // namespace polsearch
