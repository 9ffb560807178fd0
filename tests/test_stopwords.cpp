#include <catch2/catch.hpp>

#include "analysis/stopwords.h"

using namespace polsearch;

TEST_CASE("function words are stopwords of their language only", "[stopwords]") {
    CHECK(is_stopword("the", Language::en));
    CHECK(is_stopword("what", Language::en));
    CHECK_FALSE(is_stopword("power", Language::en));
    CHECK_FALSE(is_stopword("will", Language::en));  // political will
    CHECK(is_stopword("в", Language::ru));
    CHECK(is_stopword("которые", Language::ru));
    CHECK_FALSE(is_stopword("сила", Language::ru));
    CHECK_FALSE(is_stopword("в", Language::en));
    CHECK(is_stopword("және", Language::kk));
    CHECK(is_stopword("қандай", Language::kk));
    CHECK(is_stopword("үшін", Language::kk));
    CHECK_FALSE(is_stopword("бір", Language::kk));  // also the number one
    CHECK_FALSE(is_stopword("жыл", Language::kk));
    CHECK_FALSE(is_stopword("the", Language::unknown));
}

TEST_CASE("stopwords are matched in their normalised form", "[stopwords]") {
    // The list writes её and ещё; the analyzer gives ее and еще, and so does the list once read.
    CHECK(is_stopword("ее", Language::ru));
    CHECK(is_stopword("еще", Language::ru));
    CHECK_FALSE(is_stopword("The", Language::en));
}
