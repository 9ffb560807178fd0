#include "kazakh/kazakh_script.h"

#include "text/memo.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <utility>
#include <stdexcept>

namespace polsearch {
namespace {

// Longer patterns first: ICU tries the rules in order at each position.
constexpr const char16_t* rules = uR"RULES(
:: NFC ;
# Apostrophe look-alikes (the normaliser already made most of them '), U+0307, middle dot.
[\u2019 \u02BC \u0060 \u00B4 \u02B9 \u2032] > \u0027 ;
[\u0307 \u00B7] > ;
# Cyrillic, longest first.
щ > shch ;
ш > sh ; ч > ch ; ц > ts ; ю > iu ; я > ia ; ң > ng ;
ә > ä ; ғ > ğ ; ж > j ; и > i ; й > i ; і > i ; ө > ö ; у > u ; ұ > u ; ү > ü ;
ы > y ; х > h ; һ > h ; қ > q ; э > e ; ё > e ; ъ > ; ь > ;
а > a ; б > b ; в > v ; г > g ; д > d ; е > e ; з > z ; к > k ; л > l ; м > m ; н > n ;
о > o ; п > p ; р > r ; с > s ; т > t ; ф > f ;
# 2017 Latin: a letter and an apostrophe.
a \u0027 > ä ; g \u0027 > ğ ; i \u0027 > i ; n \u0027 > ng ; o \u0027 > ö ; u \u0027 > ü ;
y \u0027 > u ; s \u0027 > sh ; c \u0027 > ch ;
# 2018 Latin: acute accents (also as a letter and U+0301).
á > ä ; ǵ > ğ ; ń > ng ; ó > ö ; ý > u ; ú > ü ;
a \u0301 > ä ; g \u0301 > ğ ; n \u0301 > ng ; o \u0301 > ö ; y \u0301 > u ; u \u0301 > ü ;
# 2021 Latin.
ñ > ng ; ş > sh ; ū > u ; ı > i ;
# Plain keyboard.
zh > j ; gh > ğ ; kh > h ;
)RULES";

icu::Transliterator& transliterator() {
    thread_local std::unique_ptr<icu::Transliterator> instance = [] {
        UParseError parse_error;
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
            "polsearch-kazakh-key", icu::UnicodeString(rules), UTRANS_FORWARD, parse_error,
            status));
        if (U_FAILURE(status) || !t) {
            throw std::runtime_error(std::string("ICU: cannot build the Kazakh key rules: ") +
                                     u_errorName(status) + " at rule line " +
                                     std::to_string(parse_error.line) + ", offset " +
                                     std::to_string(parse_error.offset));
        }
        return t;
    }();
    return *instance;
}

}  // namespace

namespace {

std::string kazakh_key_uncached(std::string_view word) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    transliterator().transliterate(text);
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

// A transliteration per word, remembered per thread: a query's every Latin word asks for its
// key, and running text repeats its words.
std::string kazakh_key(std::string_view word) {
    thread_local detail::Memo made;
    return detail::remembered(made, word, [](const std::string& w) { return kazakh_key_uncached(w); });
}

std::string kazakh_search_key(std::string_view word) {
    const std::string key = kazakh_key(word);
    // Letters of the keyboard key, of other alphabets and of ICU's BGN/PCGN romanisation
    // (Kazakh-Latin/BGN), longest first: ī̆ is how BGN writes й.
    static constexpr std::pair<std::string_view, std::string_view> folds[] = {
        {"\u012b\u0306", "i"},  // ī̆ (BGN й)
        {"\u00e4", "a"}, {"\u00f6", "o"}, {"\u00fc", "u"}, {"\u011f", "g"},
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
