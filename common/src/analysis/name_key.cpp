#include "analysis/name_key.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "kazakh/kazakh_stemmer.h"
#include "text/memo.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

// What a name's letters become, in three steps (each a transliterator of ICU's once; ICU's
// compound rules with "::NFD" and the like initialise ICU's registry of transliterators, about
// 140 million instructions, which every command-line search paid for its first name key; the
// normalisation steps are now code and the rest rules with no such step).
// 1. Scholarly and library romanisations (ISO 9, the Czech-style carons of European catalogues)
//    before the marks go: ž š č ŝ are zh sh ch shch, not z s c s. A ё (name_spellings keeps it
//    where the text wrote it) is the yo of Mirziyoyev and Pyotr.
// 2. NFD, nonspacing marks removed, lower case, NFC.
// 3. Cyrillic (NFD turned й into и + breve: the mark is gone), and apostrophes and hyphens
//    dropped:
constexpr const char16_t* rules =
    uR"RULES(
щ > shch ; ш > sh ; ч > ch ; ц > ts ; ю > iu ; я > ia ; ж > zh ; х > h ; һ > h ;
ң > ng ; ә > a ; ғ > g ; қ > k ; ө > o ; ұ > u ; ү > u ; і > i ; ы > y ; э > e ;
а > a ; б > b ; в > v ; г > g ; д > d ; е > e ; з > z ; и > i ; к > k ; л > l ; м > m ;
н > n ; о > o ; п > p ; р > r ; с > s ; т > t ; у > u ; ф > f ; ъ > ; ь > ;
[\u0027 \u2019 \u02BC \u002D] > ;
)RULES";

// Steps 1 and 2.
icu::UnicodeString plain_letters(std::string_view word) {
    static const icu::Normalizer2* const nfd = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* made = icu::Normalizer2::getNFDInstance(status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFD normaliser");
        return made;
    }();
    static const icu::Normalizer2* const nfc = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* made = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFC normaliser");
        return made;
    }();
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    static constexpr std::pair<char16_t, std::u16string_view> before_marks[] = {
        {u'ž', u"zh"}, {u'Ž', u"zh"},   {u'š', u"sh"},   {u'Š', u"sh"}, {u'č', u"ch"},
        {u'Č', u"ch"}, {u'ŝ', u"shch"}, {u'Ŝ', u"shch"}, {u'ё', u"yo"}, {u'Ё', u"yo"}};
    icu::UnicodeString romanised;
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        const auto* found = std::find_if(std::begin(before_marks), std::end(before_marks),
                                         [c](const auto& pair) { return pair.first == c; });
        if (found == std::end(before_marks)) {
            romanised.append(c);
        } else {
            romanised.append(found->second.data(), static_cast<int32_t>(found->second.size()));
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = nfd->normalize(romanised, status);
    icu::UnicodeString unmarked;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) != U_NON_SPACING_MARK) unmarked.append(c);
    }
    unmarked.toLower(icu::Locale::getRoot());
    icu::UnicodeString out = nfc->normalize(unmarked, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU: cannot normalise a name");
    return out;
}

// Latin spelling variants, applied after the romanisation, longest first. A j after a vowel
// and before a consonant or the end is the German, Polish and ISO 9 й (Gubajdullina), not
// the ж of Kazakh's Latin alphabets (Jumabaev), which stands before a vowel; likewise w is в.
// (Cyrillic ж arrives here as zh, so Аждар keeps its ж: the j that zh becomes is not read
// again.)
constexpr const char16_t* variant_rules =
    uR"RULES(
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

namespace {

std::string name_key_uncached(std::string_view word) {
    thread_local std::unique_ptr<icu::Transliterator> romanise(build("polsearch-name", rules));
    thread_local std::unique_ptr<icu::Transliterator> variants(
        build("polsearch-name-variants", variant_rules));
    icu::UnicodeString text = plain_letters(word);
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

}  // namespace

std::string name_key(std::string_view word) {
    // Every capitalised word of every record is keyed, and names recur.
    thread_local detail::Memo made;
    return detail::remembered(made, word, name_key_uncached);
}

std::string name_skeleton(std::string_view key) {
    const auto at = [&](std::size_t i) { return i < key.size() ? key[i] : '\0'; };
    const auto is_vowel = [](char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    };
    // English spelling as it sounds, letter by letter.
    std::string sounds;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const char next = at(i + 1);
        if (c == 's' && next == 'c' && at(i + 2) == 'h') {
            sounds += "sh";
            i += 2;
        } else if (c == 't' && next == 'h') {
            sounds += 't';
            ++i;
        } else if (c == 'p' && next == 'h') {
            sounds += 'f';
            ++i;
        } else if (c == 'c' && next == 'k') {
            sounds += 'k';
            ++i;
        } else if (c == 'g' && next == 'h') {
            // silent after a vowel (Knight, Hugh), a g elsewhere (Pittsburgh, Afghanistan)
            if (sounds.empty() || !is_vowel(sounds.back())) sounds += 'g';
            ++i;
        } else if (c == 'x') {
            sounds += "ks";
        } else if (c == 'c' && next == 'h') {
            sounds += "ch";
            ++i;
        } else if (c == 'c') {
            sounds += (next == 'e' || next == 'i') ? 's' : 'k';
        } else if (c == 't' && (next == 's' || next == 'z')) {
            sounds += 's';
            ++i;
        } else if (c == 'h' && !sounds.empty() && sounds.back() != 's' && sounds.back() != 'c' &&
                   sounds.back() != 'j' && sounds.back() != 'z') {
            // an h that only marks a vowel or a consonant (Rhodes, Sarah, Bhutan)
        } else {
            sounds += c;
        }
    }
    std::string skeleton;
    for (std::size_t i = 0; i < sounds.size(); ++i) {
        const char c = sounds[i];
        if (i > 0 && is_vowel(c)) continue;
        if (!skeleton.empty() && skeleton.back() == c) continue;
        skeleton += c;
    }
    return skeleton.size() < 3 ? std::string() : skeleton;
}

namespace {

bool ends_with(std::string_view word, std::string_view ending) {
    return word.size() > ending.size() && word.substr(word.size() - ending.size()) == ending;
}

// A Russian surname in a case other than the nominative: -ов -ев -ин -ын take noun endings
// (Назарбаева, Путиным), -ский adjective ones (Достоевского). Normalised words have е for ё.
std::string russian_name_base(std::string_view word) {
    static constexpr std::pair<std::string_view, std::string_view> adjectival[] = {
        {"ского", "ский"}, {"скому", "ский"}, {"ским", "ский"},
        {"ском", "ский"},  {"ской", "ская"},  {"скую", "ская"}};
    for (const auto& [ending, nominative] : adjectival) {
        if (ends_with(word, ending) && utf8_length(word) > utf8_length(ending) + 2) {
            return std::string(word.substr(0, word.size() - ending.size())).append(nominative);
        }
    }
    static constexpr std::string_view endings[] = {"ыми", "ых", "ым", "ой", "ою",
                                                   "а",   "у",  "е",  "ы"};
    static constexpr std::string_view suffixes[] = {"ов", "ев", "ин", "ын"};
    for (const std::string_view ending : endings) {
        if (!ends_with(word, ending)) continue;
        const std::string_view rest = word.substr(0, word.size() - ending.size());
        if (utf8_length(rest) < 4) break;
        for (const std::string_view suffix : suffixes) {
            if (ends_with(rest, suffix)) return std::string(rest);
        }
        break;
    }
    return std::string(word);
}

}  // namespace

std::string name_base(std::string_view word, Language language) {
    const Script script = script_of(word);
    if (script == Script::latin) {
        for (const std::string_view possessive : {"'s", "'"}) {
            if (ends_with(word, possessive))
                return std::string(word.substr(0, word.size() - possessive.size()));
        }
        return std::string(word);
    }
    if (script != Script::cyrillic) return std::string(word);
    if (language == Language::kk) return stem_kazakh(std::string(word));
    return russian_name_base(word);
}

namespace {

// The normalised word with the ё that `text` wrote, or "" when it wrote none.
std::string yo_spelling(const AnalyzedWord& word, std::string_view text) {
    if (word.end > text.size() || word.begin > word.end) return {};
    const std::string_view surface = text.substr(word.begin, word.end - word.begin);
    if (surface.find("ё") == std::string_view::npos && surface.find("Ё") == std::string_view::npos)
        return {};
    // Letter by letter: the normalised word has е where the text has ё. Normalising that
    // changed the number of letters (a soft hyphen dropped, say) leaves the ё out.
    const std::u32string written = utf8_decode(surface);
    std::u32string with_yo = utf8_decode(word.word);
    if (written.size() != with_yo.size()) return {};
    for (std::size_t i = 0; i < written.size(); ++i) {
        if ((written[i] == U'ё' || written[i] == U'Ё') && with_yo[i] == U'е') with_yo[i] = U'ё';
    }
    std::string spelling = utf8_encode(with_yo);
    if (spelling == word.word) return {};
    return spelling;
}

// A Latin word's yo after its first letter written e (Mirziyoyev → mirzieyev, Pyotr → petr),
// or "" when it has none: Russian text mostly writes ё as е (Мирзиеев, Петр), whose key has e.
std::string latin_yo_as_e(std::string_view word) {
    if (word.find("yo", 1) == std::string_view::npos || script_of(word) != Script::latin) return {};
    std::string spelling(word.substr(0, 1));
    for (std::size_t i = 1; i < word.size(); ++i) {
        if (word.compare(i, 2, "yo") == 0) {
            spelling += 'e';
            ++i;
        } else {
            spelling += word[i];
        }
    }
    return spelling;
}

}  // namespace

std::string other_name_spelling(const AnalyzedWord& word, std::string_view text) {
    if (std::string yo = yo_spelling(word, text); !yo.empty()) return yo;
    return latin_yo_as_e(word.word);
}

std::vector<std::string> name_spellings(const AnalyzedWord& word, std::string_view text) {
    std::vector<std::string> spellings{word.word};
    if (std::string other = other_name_spelling(word, text); !other.empty())
        spellings.push_back(std::move(other));
    return spellings;
}

}  // namespace polsearch
