#include "kazakh/kazakh_script.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "text/memo.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

// The key's rules, tried in this order at each position of the word (in NFC); the first that
// matches replaces what it matched, and the next position is the one after it. A code point
// no rule matches is kept. They were ICU transliterator rules until ICU's set-up cost showed:
// building the transliterator initialises ICU's registry of transliterators (about 140
// million instructions) and each word cost thousands more, paid by every command-line search
// for the Kazakh word lists' keys. tests/test_kazakh_script.cpp keeps the ICU rules and
// checks that both give the same key for every word of the word lists and for every short
// string over the letters they name.
struct KeyRule {
    char32_t first;
    char32_t second;  // 0: a rule of one code point
    std::string_view out;
};

// clang-format off
constexpr KeyRule key_rules[] = {
    // Apostrophe look-alikes (the normaliser already made most of them '), U+0307, middle dot.
    {U'\u2019', 0, "'"}, {U'\u02BC', 0, "'"}, {U'\u0060', 0, "'"}, {U'\u00B4', 0, "'"},
    {U'\u02B9', 0, "'"}, {U'\u2032', 0, "'"}, {U'\u0307', 0, ""}, {U'\u00B7', 0, ""},
    // Cyrillic.
    {U'щ', 0, "shch"}, {U'ш', 0, "sh"}, {U'ч', 0, "ch"}, {U'ц', 0, "ts"}, {U'ю', 0, "iu"},
    {U'я', 0, "ia"}, {U'ң', 0, "ng"}, {U'ә', 0, "\u00e4"}, {U'ғ', 0, "\u011f"}, {U'ж', 0, "j"},
    {U'и', 0, "i"}, {U'й', 0, "i"}, {U'і', 0, "i"}, {U'ө', 0, "\u00f6"}, {U'у', 0, "u"},
    {U'ұ', 0, "u"}, {U'ү', 0, "\u00fc"}, {U'ы', 0, "y"}, {U'х', 0, "h"}, {U'һ', 0, "h"},
    {U'қ', 0, "q"}, {U'э', 0, "e"}, {U'ё', 0, "e"}, {U'ъ', 0, ""}, {U'ь', 0, ""}, {U'а', 0, "a"},
    {U'б', 0, "b"}, {U'в', 0, "v"}, {U'г', 0, "g"}, {U'д', 0, "d"}, {U'е', 0, "e"}, {U'з', 0, "z"},
    {U'к', 0, "k"}, {U'л', 0, "l"}, {U'м', 0, "m"}, {U'н', 0, "n"}, {U'о', 0, "o"}, {U'п', 0, "p"},
    {U'р', 0, "r"}, {U'с', 0, "s"}, {U'т', 0, "t"}, {U'ф', 0, "f"},
    // 2017 Latin: a letter and an apostrophe.
    {U'a', U'\'', "\u00e4"}, {U'g', U'\'', "\u011f"}, {U'i', U'\'', "i"}, {U'n', U'\'', "ng"},
    {U'o', U'\'', "\u00f6"}, {U'u', U'\'', "\u00fc"}, {U'y', U'\'', "u"}, {U's', U'\'', "sh"},
    {U'c', U'\'', "ch"},
    // 2018 Latin: acute accents (also as a letter and U+0301).
    {U'á', 0, "\u00e4"}, {U'ǵ', 0, "\u011f"}, {U'ń', 0, "ng"}, {U'ó', 0, "\u00f6"}, {U'ý', 0, "u"},
    {U'ú', 0, "\u00fc"}, {U'a', U'\u0301', "\u00e4"}, {U'g', U'\u0301', "\u011f"},
    {U'n', U'\u0301', "ng"}, {U'o', U'\u0301', "\u00f6"}, {U'y', U'\u0301', "u"},
    {U'u', U'\u0301', "\u00fc"},
    // 2021 Latin.
    {U'ñ', 0, "ng"}, {U'ş', 0, "sh"}, {U'ū', 0, "u"}, {U'ı', 0, "i"},
    // Plain keyboard.
    {U'z', U'h', "j"}, {U'g', U'h', "\u011f"}, {U'k', U'h', "h"},
};
// clang-format on

// The rules whose first code point is c, in their order (none for most code points).
class KeyRuleIndex {
  public:
    KeyRuleIndex() {
        for (const KeyRule& rule : key_rules) {
            if (rule.first >= limit) throw std::logic_error("kazakh_key: a rule beyond the index");
            ++count_[rule.first];
        }
        std::uint8_t next = 0;
        for (char32_t c = 0; c < limit; ++c) {
            start_[c] = next;
            next = static_cast<std::uint8_t>(next + count_[c]);
        }
        std::array<std::uint8_t, limit> filled{};
        for (const KeyRule& rule : key_rules)
            rules_[start_[rule.first] + filled[rule.first]++] = rule;
    }
    std::span<const KeyRule> of(char32_t c) const {
        if (c >= limit) return {};
        return {rules_.data() + start_[c], count_[c]};
    }

  private:
    static constexpr char32_t limit = 0x2040;
    std::array<KeyRule, std::size(key_rules)> rules_{};
    std::array<std::uint8_t, limit> start_{};
    std::array<std::uint8_t, limit> count_{};
};

std::string kazakh_key_uncached(std::string_view word) {
    static const KeyRuleIndex index;
    static const icu::Normalizer2* const nfc = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* made = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) {
            throw std::runtime_error(std::string("ICU: no NFC normaliser: ") + u_errorName(status));
        }
        return made;
    }();
    std::string composed;
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(word.data(), static_cast<int32_t>(word.size()));
    if (!nfc->isNormalizedUTF8(piece, status) || U_FAILURE(status)) {
        status = U_ZERO_ERROR;
        icu::StringByteSink<std::string> sink(&composed);
        nfc->normalizeUTF8(0, piece, sink, nullptr, status);
        if (U_FAILURE(status)) composed.assign(word);  // invalid UTF-8: decoded as U+FFFD below
        word = composed;
    }
    const std::u32string letters = utf8_decode(word);
    std::string out;
    out.reserve(word.size() + 4);
    for (std::size_t i = 0; i < letters.size();) {
        const char32_t c = letters[i];
        bool replaced = false;
        for (const KeyRule& rule : index.of(c)) {
            if (rule.second == 0) {
                out += rule.out;
                i += 1;
            } else if (i + 1 < letters.size() && letters[i + 1] == rule.second) {
                out += rule.out;
                i += 2;
            } else {
                continue;
            }
            replaced = true;
            break;
        }
        if (!replaced) {
            utf8_append(out, c);
            ++i;
        }
    }
    return out;
}

}  // namespace

// A key per word, remembered per thread: a query's every Latin word asks for its key, and
// running text repeats its words.
std::string kazakh_key(std::string_view word) {
    thread_local detail::Memo made;
    return detail::remembered(made, word,
                              [](const std::string& w) { return kazakh_key_uncached(w); });
}

std::string kazakh_search_key(std::string_view word) {
    const std::string key = kazakh_key(word);
    // Letters of the keyboard key, of other alphabets and of ICU's BGN/PCGN romanisation
    // (Kazakh-Latin/BGN), longest first: ī̆ is how BGN writes й.
    static constexpr std::pair<std::string_view, std::string_view> folds[] = {
        {"\u012b\u0306", "i"},  // ī̆ (BGN й)
        {"\u00e4", "a"},
        {"\u00f6", "o"},
        {"\u00fc", "u"},
        {"\u011f", "g"},
        {"\u012b", "i"},  // ī (BGN и)
        {"\u00eb", "e"},  // ë (BGN ё)
        {"\u0117", "e"},  // ė (BGN э)
        {"\u02ba", ""},   // ʺ (BGN ъ)
        {"\u02b9", ""},   // ʹ (BGN ь)
        {"q", "k"},
    };
    std::string out;
    out.reserve(key.size());
    for (std::size_t i = 0; i < key.size();) {
        const std::string_view rest = std::string_view(key).substr(i);
        bool folded = false;
        for (const auto& [from, to] : folds) {
            if (rest.starts_with(from)) {
                out += to;
                i += from.size();
                folded = true;
                break;
            }
        }
        if (!folded) out += key[i++];
    }
    // я and ю are ia and iu in the key; BGN and keyboards write ya and yu.
    for (std::size_t at = 0; (at = out.find('y', at)) != std::string::npos; ++at) {
        if (at + 1 < out.size() && (out[at + 1] == 'a' || out[at + 1] == 'u')) out[at] = 'i';
    }
    // After a vowel, й is y on a keyboard and in BGN (qanday, Abay), i or ı in the 2021 and 2018
    // alphabets (qandai, qandaı): an i after a, e, o, u or i is y. Little else is lost: Kazakh
    // has ы after a vowel letter only after у (болуы, оқуы: "uy" either way), and і only after
    // и (киім, "kiym", now meets қиын).
    for (std::size_t at = 1; (at = out.find('i', at)) != std::string::npos; ++at) {
        if (std::string_view("aeoui").find(out[at - 1]) != std::string_view::npos) out[at] = 'y';
    }
    return out;
}

}  // namespace polsearch
