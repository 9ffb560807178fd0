#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "kazakh/kazakh_script.h"
#include "support.h"
#include "text/normalizer.h"
#include "text/utf8.h"

using namespace polsearch;

namespace {
// Every spelling, normalised as the analysis does, gives one key.
void all_give(std::initializer_list<const char*> spellings, const std::string& key) {
    for (const char* spelling : spellings) {
        INFO(spelling);
        CHECK(kazakh_key(normalize_word(spelling)) == key);
    }
}
}  // namespace

TEST_CASE("Cyrillic and the Latin alphabets of 2017, 2018 and 2021 share one key",
          "[kazakh_script]") {
    //        Cyrillic      2021          2018          2017            plain keyboard
    all_give({"Қазақстан", "Qazaqstan", "Qazaqstan", "Qazaqstan"}, "qazaqstan");
    all_give({"жұмсақ", "jūmsaq", "jumsaq", "jumsaq", "zhumsaq"}, "jumsaq");
    all_give({"күш", "küş", "kúsh", "ku'sh"}, "küsh");
    all_give({"шығыс", "şyğys", "shyǵys", "s'yg'ys", "shyghys"}, "shyğys");
    all_give({"әлем", "älem", "álem", "a'lem"}, "älem");
    all_give({"үкімет", "ükımet", "úkimet", "u'kimet"}, "ükimet");
    all_give({"мұң", "mūñ", "muń", "mun'"}, "mung");
    all_give({"Ресей", "Resei", "Reseı", "Resei'"}, "resei");
    all_give({"хабар", "habar", "khabar"}, "habar");
}

TEST_CASE("apostrophe look-alikes are one apostrophe", "[kazakh_script]") {
    all_give({"a'lem", "a’lem", "aʼlem", "a`lem"}, "älem");
}

TEST_CASE("Russian-only letters fold as in the table", "[kazakh_script]") {
    all_give({"щука"}, "shchuka");
    all_give({"цирк"}, "tsirk");
    all_give({"юрта", "iurta"}, "iurta");
    all_give({"объект"}, "obekt");
}

TEST_CASE("the search key is the key as a plain keyboard types it", "[kazakh_script]") {
    for (const char* spelling : {"Қазақстанда", "Qazaqstanda", "Kazakstanda"}) {
        INFO(spelling);
        CHECK(kazakh_search_key(normalize_word(spelling)) == "kazakstanda");
    }
    CHECK(kazakh_search_key(normalize_word("күші")) == kazakh_search_key("kushi"));
    CHECK(kazakh_search_key(normalize_word("әлем")) == "alem");
}

TEST_CASE("й after a vowel meets its plain-keyboard y in the search key", "[kazakh_script]") {
    // A keyboard, BGN and English habit write й as y (qanday, Abay, Korey), the 2021 and 2018
    // alphabets as i and ı (qandai, qandaı): all meet the Cyrillic word.
    const std::pair<const char*, std::vector<const char*>> words[] = {
        {"қандай", {"qanday", "qandai", "qandaı", "kanday"}},
        {"пайдалы", {"paydaly", "paidaly", "paıdaly"}},
        {"Абайдың", {"Abaydyng", "Abaidyñ", "Abaıdyń"}},
        {"ұйымы", {"uyymy", "ūiymy", "uıymy"}},
        {"үйі", {"uyi", "üiı", "úıi"}},
        {"алюминий", {"alyuminiy", "aliuminii"}},
        {"аяқ", {"ayaq", "aiaq"}},
    };
    for (const auto& [cyrillic, latins] : words) {
        for (const char* latin : latins) {
            INFO(cyrillic << " ~ " << latin);
            CHECK(kazakh_search_key(normalize_word(latin)) ==
                  kazakh_search_key(normalize_word(cyrillic)));
        }
    }
    // ы stays apart from і after a consonant: қалы is not қалі, and -ы -і come off үйі, үйы
    // alike (the stem keeps its y).
    CHECK(kazakh_search_key(normalize_word("қалы")) != kazakh_search_key(normalize_word("қалі")));
    CHECK(kazakh_search_key(normalize_word("үйі")).starts_with(kazakh_search_key("үй")));
}

TEST_CASE("ICU's BGN/PCGN romanisation meets the Cyrillic in the search key", "[kazakh_script]") {
    // Romanised here by ICU's own Kazakh-Latin/BGN transliterator, as a catalogue would.
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> bgn(
        icu::Transliterator::createInstance("Kazakh-Latin/BGN", UTRANS_FORWARD, status));
    REQUIRE(U_SUCCESS(status));
    for (const char* cyrillic :
         {"Ресей", "жұмсақ", "күші", "Қазақстанда", "ғылыми", "өңір", "шығыс", "әлем", "һәм",
          "Азия", "аюдың", "ёлка", "съезд", "мектебі", "ұйымы", "экономика", "қиялы"}) {
        icu::UnicodeString text = icu::UnicodeString::fromUTF8(cyrillic);
        bgn->transliterate(text);
        std::string latin;
        text.toUTF8String(latin);
        INFO(cyrillic << " -> " << latin);
        CHECK(kazakh_search_key(normalize_word(latin)) ==
              kazakh_search_key(normalize_word(cyrillic)));
    }
    CHECK(kazakh_search_key(normalize_word("Aziya")) == kazakh_search_key(normalize_word("Азия")));
}

namespace {

// The key's rules as ICU transliterator rules: what kazakh_key was until ICU's set-up cost
// showed (about 140 million instructions to build it, in every command-line search). The
// specification the code is checked against.
const char16_t* const icu_rules =
    uR"RULES(
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

std::string icu_key(icu::Transliterator& rules, const std::string& word) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
    rules.transliterate(text);
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

TEST_CASE("kazakh_key gives what the ICU rules give, for every word and every short string",
          "[kazakh_script]") {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> rules(
        icu::Transliterator::createFromRules("polsearch-kazakh-key", icu::UnicodeString(icu_rules),
                                             UTRANS_FORWARD, parse_error, status));
    REQUIRE(U_SUCCESS(status));
    std::set<std::string> words;
    // Every form of the word lists and of the golden stems, as Cyrillic and in each alphabet.
    for (const char* list : {"common/data/kazakh-words.tsv", "common/data/kazakh-names.txt",
                             "tests/golden/kazakh-stems.txt"}) {
        std::ifstream in(test::source_path(list));
        REQUIRE(in);
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#') continue;
            words.insert(line.substr(0, line.find('\t')));
        }
    }
    REQUIRE(words.size() > 15000);
    for (const char* word : {"qazaqstan", "jūmsaq", "kúsh", "ku'sh", "s'yg'ys", "shyghys", "mun'",
                             "khabar", "a\u0301lem", "g\u0301", "a\u2019lem", "i\u0307", "\u00b7",
                             "Қазақ", "\xff\xfe", "a\xe2\x80", ""}) {
        words.insert(word);
    }
    // Every string of one and two code points, and many longer ones, over the letters the
    // rules name and a few they do not.
    std::u32string alphabet;
    for (const char16_t* c = icu_rules; *c; ++c) {
        if (*c > 0x7f || (*c >= 'a' && *c <= 'z') || *c == '\'') alphabet += *c;
    }
    alphabet += U"\u0301\u2019\u02bc\u0060\u00b4\u02b9\u2032\u0307\u00b7AQ1 -\uFFFD";
    std::sort(alphabet.begin(), alphabet.end());
    alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
    words.merge(test::strings_over(alphabet));
    std::size_t differ = 0;
    for (const std::string& word : words) {
        const std::string expected = icu_key(*rules, word);
        if (kazakh_key(word) != expected && ++differ <= 20) {
            INFO(word);
            CHECK(kazakh_key(word) == expected);
        }
    }
    CHECK(differ == 0);
}
