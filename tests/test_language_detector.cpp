#include <catch2/catch.hpp>

#include "analysis/language_detector.h"

using namespace polsearch;

TEST_CASE("detect_language tells English, Russian and Kazakh apart", "[language_detector]") {
    CHECK(detect_language("Russia's soft power policy towards Kazakhstan") == Language::en);
    CHECK(detect_language("Мягкая сила России в Казахстане") == Language::ru);
    CHECK(detect_language("Қазақстанның сыртқы саясаты") == Language::kk);
    CHECK(detect_language("2020 — 2025") == Language::unknown);
}

TEST_CASE("detect_language uses Kazakh function words when no Kazakh letter is present",
          "[language_detector]") {
    // Kazakh text without any of ә ғ қ ң ө ұ ү һ і.
    CHECK(detect_language("Ресей мен Америка туралы") == Language::kk);
    CHECK(detect_language("Россия и Америка") == Language::ru);
}

TEST_CASE("short Cyrillic text without function words is Kazakh when its words are Kazakh ones",
          "[language_detector]") {
    // Neither text has a Kazakh letter or a function word of either language.
    CHECK(detect_language("Парламент сайлауы") == Language::kk);
    CHECK(detect_language("Сайлау") == Language::kk);
    CHECK(detect_language("Сайлауларда") == Language::kk);  // not in the word list; its stem is
    // A Russian loanword seen in Kazakh text is not enough when the other word is Russian.
    CHECK(detect_language("Парламент России") == Language::ru);
    CHECK(detect_language("Выборы президента") == Language::ru);
}

TEST_CASE("short Cyrillic text is Kazakh when more of its words only Kazakh has than only Russian",
          "[language_detector]") {
    // Spoken Kazakh without Kazakh letters, in no word list of running text, but in the Kazakh
    // spelling dictionary and not in the Russian one.
    CHECK(detect_language("Немене, балам?") == Language::kk);
    CHECK(detect_language("Рахмет, жаным") == Language::kk);
    CHECK(detect_language("Ойбай, тамаша") == Language::kk);
    // Russian words that Kazakh lacks.
    CHECK(detect_language("Концепция развития") == Language::ru);
    CHECK(detect_language("Мягкая сила") == Language::ru);
}

TEST_CASE("a Kazakh name does not make a long Russian text Kazakh", "[language_detector]") {
    std::string text = "В статье рассматривается политика ";
    for (int i = 0; i < 20; ++i) text += "государства в области образования и культуры, ";
    text += "а также взгляды Қасым-Жомарт Тоқаев.";
    CHECK(detect_language(text) == Language::ru);
}

TEST_CASE("Kazakh in Latin letters is Kazakh, English that names Qatar is not",
          "[language_detector]") {
    CHECK(detect_language("Qazaqstannyñ syrtqy saiasaty jäne Reseimen qarym-qatynasy") ==
          Language::kk);                                                               // 2021
    CHECK(detect_language("Qazaqstannyń syrtqy saıasaty men Reseı") == Language::kk);  // 2018
    CHECK(detect_language("Qazaqstan") == Language::kk);
    CHECK(detect_language("Jūmsaq küş") == Language::kk);
    CHECK(detect_language("Relations between Qatar, Iraq and Turkey under Erdoğan") ==
          Language::en);
    CHECK(detect_language("A quick question about quotas") == Language::en);
    CHECK(detect_language("soft power") == Language::en);
    CHECK(has_kazakh_latin_letter("syrtqy"));
    CHECK(has_kazakh_latin_letter("iraq"));
    CHECK_FALSE(has_kazakh_latin_letter("question"));
    CHECK_FALSE(has_kazakh_latin_letter("saiasaty"));
}

TEST_CASE("has_kazakh_letter", "[language_detector]") {
    CHECK(has_kazakh_letter("жұмсақ"));
    CHECK(has_kazakh_letter("ҚАЗАҚ"));
    CHECK_FALSE(has_kazakh_letter("казах"));
    CHECK_FALSE(has_kazakh_letter("soft"));
}
