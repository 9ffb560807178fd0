#include <algorithm>
#include <catch2/catch.hpp>

#include "analysis/name_key.h"
#include "index/name_terms.h"
#include "text/normalizer.h"

using namespace polsearch;

namespace {
void all_give(std::initializer_list<const char*> spellings, const std::string& key) {
    for (const char* spelling : spellings) {
        INFO(spelling);
        CHECK(name_key(normalize_word(spelling)) == key);
    }
}
}  // namespace

TEST_CASE("a name in Cyrillic and its transliterations share one key", "[name_key]") {
    all_give({"Губайдуллина", "Gubaidullina", "Gubaydullina", "Gubaidulina"}, "gubaidulina");
    all_give({"Пайзова", "Paizova", "Payzova"}, "paizova");
    all_give({"Жумабаев", "Zhumabaev", "Zhumabayev", "Dzhumabaev", "Jumabaev"}, "jumabaev");
    all_give({"Ерлан", "Erlan", "Yerlan"}, "erlan");
    all_give({"Хасанов", "Khasanov", "Hasanov"}, "hasanov");
    all_give({"Дмитрий", "Dmitriy", "Dmitrii"}, "dmitri");
    all_give({"Қасымов", "Kasymov", "Qasymov"}, "kasimov");
    all_give({"Сейткали", "Seitkali", "Seytkali", "Сейітқали"}, "seitkali");
}

TEST_CASE("library and European romanisations meet the others", "[name_key]") {
    // ISO 9 and catalogue carons, the German and Polish j for й, w for в.
    all_give({"Губайдуллина", "Gubajdullina", "Gubaĭdullina"}, "gubaidulina");
    all_give({"Жумабаев", "Žumabaev"}, "jumabaev");
    all_give({"Шарипов", "Šaripov", "Sharipov"}, "sharipov");
    all_give({"Чечен", "Čečen", "Chechen"}, "chechen");
    all_give({"Николай", "Nikolaj", "Nikolay"}, "nikolai");
    all_give({"Иванов", "Iwanow", "Ivanov"}, "ivanov");
    // A j before a vowel stays the ж of Kazakh Latin: Jaqsylyq is Жақсылық.
    all_give({"Жақсылық", "Jaqsylyq", "Zhaksylyk"}, "jaksilik");
    // A Cyrillic ж before a consonant stays ж: Аждар is not Айдар.
    all_give({"Аждар", "Azhdar"}, "ajdar");
    all_give({"Айдар", "Ajdar", "Aidar"}, "aidar");
}

TEST_CASE("words without letters have an empty key", "[name_key]") {
    CHECK(name_key("").empty());
    CHECK(name_key("-").empty());
}

TEST_CASE("the base of a name: Russian surnames and Kazakh names lose their endings",
          "[name_key]") {
    CHECK(name_base("назарбаева", Language::ru) == "назарбаев");
    CHECK(name_base("путиным", Language::ru) == "путин");
    CHECK(name_base("лаврову", Language::ru) == "лавров");
    CHECK(name_base("достоевского", Language::ru) == "достоевский");
    CHECK(name_base("москвы", Language::ru) == "москвы");  // not a surname: as it is
    CHECK(name_base("вина", Language::ru) == "вина");      // too short to be -ин + -а
    CHECK(name_base("назарбаевтың", Language::kk) == "назарбаев");
    CHECK(name_base("nazarbayev's", Language::en) == "nazarbayev");
    CHECK(name_base("soviets'", Language::en) == "soviets");
}

namespace {
// The analysed word of `surface` in `text`, as the analyser gives it (normalised: е for ё).
AnalyzedWord word_in(std::string_view text, std::string_view surface) {
    AnalyzedWord word;
    word.begin = text.find(surface);
    word.end = word.begin + surface.size();
    word.word = normalize_word(surface);
    word.language = Language::ru;
    return word;
}
}  // namespace

TEST_CASE("a name written with ё has keys for its е and its yo spellings", "[name_key]") {
    const std::string text = "Президент Мирзиёев, ПЁТР и Путин";
    CHECK(name_spellings(word_in(text, "Мирзиёев"), text) ==
          std::vector<std::string>{"мирзиеев", "мирзиёев"});
    CHECK(name_spellings(word_in(text, "ПЁТР"), text) == std::vector<std::string>{"петр", "пётр"});
    CHECK(name_spellings(word_in(text, "Путин"), text) == std::vector<std::string>{"путин"});
    // ё is yo in the key, as Mirziyoyev and Pyotr write it; е stays e (Gorbachev).
    CHECK(name_key("мирзиёев") == name_key(normalize_word("Mirziyoyev")));
    CHECK(name_key("пётр") == name_key(normalize_word("Pyotr")));
    CHECK(name_key("петр") == name_key(normalize_word("Petr")));
    // Russian text mostly writes ё as е: a Latin yo (not the first letters: York) is also e.
    const std::string latin = "President Mirziyoyev, Pyotr and York";
    const std::vector<std::string> mirziyoyev = name_spellings(word_in(latin, "Mirziyoyev"), latin);
    REQUIRE(mirziyoyev.size() == 2);
    CHECK(name_key(mirziyoyev[1]) == name_key("мирзиеев"));
    const std::vector<std::string> pyotr = name_spellings(word_in(latin, "Pyotr"), latin);
    REQUIRE(pyotr.size() == 2);
    CHECK(name_key(pyotr[1]) == name_key("петр"));
    CHECK(name_spellings(word_in(latin, "York"), latin).size() == 1);
    // Text terms of both spellings, for the word and its base.
    const std::string sentence = "реформы, начатые Мирзиёевым";
    const std::vector<std::string> terms =
        text_name_terms(word_in(sentence, "Мирзиёевым"), sentence);
    for (const char* term : {"XCmirzievim", "XCmirziev", "XCmirzioevim", "XCmirzioev"}) {
        INFO(term);
        CHECK(std::find(terms.begin(), terms.end(), term) != terms.end());
    }
}
