#include <catch2/catch.hpp>

#include "analysis/dictionary.h"

using namespace polsearch;

TEST_CASE("the Russian dictionary knows Russian words in any form and Kazakh ones not",
          "[dictionary]") {
    CHECK(russian_dictionary_has("сила"));
    CHECK(russian_dictionary_has("гранты"));  // an inflected form
    CHECK(russian_dictionary_has("россия"));  // a name, asked in lower case
    CHECK(russian_dictionary_has("ссср"));    // an abbreviation, asked in lower case
    CHECK(russian_dictionary_has("еще"));     // ё written as е, as normalised words are
    CHECK_FALSE(russian_dictionary_has("жұмсақ"));
    CHECK_FALSE(russian_dictionary_has("жумсак"));  // Kazakh on a Russian keyboard
    CHECK_FALSE(russian_dictionary_has(""));
}

TEST_CASE("the Kazakh dictionary knows Kazakh words, names and words without Kazakh letters",
          "[dictionary]") {
    CHECK(kazakh_dictionary_has("қазақстан"));
    CHECK(kazakh_dictionary_has("немене"));
    CHECK(kazakh_dictionary_has("жаным"));
    CHECK_FALSE(kazakh_dictionary_has("мягкая"));
    CHECK_FALSE(kazakh_dictionary_has("жумсак"));
}

TEST_CASE("the English dictionary knows English words and names but no Kazakh", "[dictionary]") {
    CHECK(english_dictionary_has("reform"));
    CHECK(english_dictionary_has("reforms"));
    CHECK(english_dictionary_has("iraq"));  // as a name: Iraq
    CHECK(english_dictionary_has("nato"));  // as an abbreviation: NATO
    CHECK_FALSE(english_dictionary_has("jumsaq"));
    CHECK_FALSE(english_dictionary_has("saiasat"));
}
