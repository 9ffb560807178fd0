#include "polsearch/name_key.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

namespace polsearch {
namespace {

constexpr const char16_t* rules = uR"RULES(
# Scholarly and library romanisations (ISO 9, the Czech-style carons of European catalogues)
# before the marks go: ž š č ŝ are zh sh ch shch, not z s c s.
[žŽ] > zh ; [šŠ] > sh ; [čČ] > ch ; [ŝŜ] > shch ;
:: NFD ;
:: [:Nonspacing Mark:] Remove ;
:: Lower ;
:: NFC ;
# Cyrillic (NFD above turned й into и + breve and ё into е + diaeresis: both marks are gone).
щ > shch ; ш > sh ; ч > ch ; ц > ts ; ю > iu ; я > ia ; ж > zh ; х > h ; һ > h ;
ң > ng ; ә > a ; ғ > g ; қ > k ; ө > o ; ұ > u ; ү > u ; і > i ; ы > y ; э > e ;
а > a ; б > b ; в > v ; г > g ; д > d ; е > e ; з > z ; и > i ; к > k ; л > l ; м > m ;
н > n ; о > o ; п > p ; р > r ; с > s ; т > t ; у > u ; ф > f ; ъ > ; ь > ;
[\u0027 \u2019 \u02BC \u002D] > ;
)RULES";

// Latin spelling variants, applied after the romanisation, longest first. A j after a vowel
// and before a consonant or the end is the German, Polish and ISO 9 й (Gubajdullina), not
// the ж of Kazakh's Latin alphabets (Jumabaev), which stands before a vowel; likewise w is в.
// (Cyrillic ж arrives here as zh, so Аждар keeps its ж: the j that zh becomes is not read
// again.)
constexpr const char16_t* variant_rules = uR"RULES(
$vowel = [aeiouy] ;
$vowel { j } [^aeiouy] > i ;
$vowel { j } $ > i ;
w > v ;
dzh > j ; zh > j ; kh > h ; q > k ;
ye > e ; yu > iu ; ya > ia ;
y > i ;
)RULES";

icu::Transliterator* build(const char* id, const char16_t* text) {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createFromRules(
        id, icu::UnicodeString(text), UTRANS_FORWARD, parse_error, status);
    if (U_FAILURE(status) || !t) {
        throw std::runtime_error(std::string("ICU: cannot build the name key rules: ") +
                                 u_errorName(status));
    }
    return t;
}

}  // namespace

std::string name_key(std::string_view word) {
    thread_local std::unique_ptr<icu::Transliterator> romanise(build("polsearch-name", rules));
    thread_local std::unique_ptr<icu::Transliterator> variants(
        build("polsearch-name-variants", variant_rules));
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    romanise->transliterate(text);
    // "ye" and "ya" begin names (Yerlan, Yakov) as often as they stand after a vowel; both
    // meet their plain-vowel spellings (Erlan).
    variants->transliterate(text);
    std::string latin;
    text.toUTF8String(latin);
    std::string key;
    for (char c : latin) {
        const bool letter = (c >= 'a' && c <= 'z');
        if (!letter && !(c >= '0' && c <= '9')) continue;
        if (!key.empty() && key.back() == c) continue;  // doubled letters written once
        key += c;
    }
    return key;
}

}  // namespace polsearch
