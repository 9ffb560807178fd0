#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <memory>
#include <utility>
#include <vector>

#include "kazakh/kazakh_script.h"
#include "text/normalizer.h"

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
