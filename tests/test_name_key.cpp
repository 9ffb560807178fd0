#include <catch2/catch.hpp>

#include "polsearch/name_key.h"
#include "polsearch/normalizer.h"

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

TEST_CASE("words without letters have an empty key", "[name_key]") {
    CHECK(name_key("").empty());
    CHECK(name_key("-").empty());
}
