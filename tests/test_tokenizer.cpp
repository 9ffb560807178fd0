#include <catch2/catch.hpp>

#include "text/tokenizer.h"

using namespace polsearch;

namespace {
std::vector<std::string> texts(std::string_view source) {
    std::vector<std::string> out;
    for (const Token& token : segment(source)) out.emplace_back(token.text(source));
    return out;
}
}  // namespace

TEST_CASE("segment finds words with byte offsets and drops punctuation", "[tokenizer]") {
    const std::string text = "Мягкая сила, «soft power»!";
    const auto tokens = segment(text);
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].text(text) == "Мягкая");
    CHECK(tokens[0].begin == 0);
    CHECK(tokens[0].end == 12);  // six Cyrillic letters, two bytes each
    CHECK(tokens[2].text(text) == "soft");
    CHECK(tokens[3].text(text) == "power");
    CHECK(tokens[0].script == Script::cyrillic);
    CHECK(tokens[2].script == Script::latin);
}

TEST_CASE("segment marks hyphenated words, whatever the dash", "[tokenizer]") {
    for (const std::string text : {"anti-soft power", "anti‐soft power", "anti–soft power"}) {
        const auto tokens = segment(text);
        REQUIRE(tokens.size() == 3);
        CHECK(tokens[0].hyphen_to_next);
        CHECK_FALSE(tokens[1].hyphen_to_next);
        CHECK_FALSE(tokens[2].hyphen_to_next);
    }
    // A dash between spaces is not a hyphen.
    const auto spaced = segment("Kazakhstan - Russia");
    REQUIRE(spaced.size() == 2);
    CHECK_FALSE(spaced[0].hyphen_to_next);
}

TEST_CASE("segment splits slashed words into neighbours", "[tokenizer]") {
    CHECK(texts("soft/anti-soft power") ==
          std::vector<std::string>{"soft", "anti", "soft", "power"});
    const auto tokens = segment("soft/anti-soft");
    CHECK_FALSE(tokens[0].hyphen_to_next);
    CHECK(tokens[1].hyphen_to_next);
}

TEST_CASE("segment keeps apostrophes inside words and tells numbers", "[tokenizer]") {
    CHECK(texts("Russia's and Russia’s") ==
          std::vector<std::string>{"Russia's", "and", "Russia’s"});
    const std::string text = "БҰҰ-ның 2020-жылы";
    const auto tokens = segment(text);
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].hyphen_to_next);
    CHECK(tokens[2].is_number);
    CHECK(tokens[2].hyphen_to_next);
    CHECK_FALSE(tokens[3].is_number);
}

TEST_CASE("segment notes an apostrophe after a Latin word that is no closing quote",
          "[tokenizer]") {
    // The 2017 Kazakh alphabet marks a last letter with an apostrophe (қай: qai', күш: ku's'),
    // which word segmentation leaves out of the word; a quote closed after a word is no mark.
    const std::string text = "qai' bolg'an ku's' 'soft power' don't Қай' states’ ‘Qazaqstan’";
    const auto tokens = segment(text);
    std::vector<std::string> marked;
    for (const Token& token : tokens)
        if (token.apostrophe_after) marked.emplace_back(token.text(text));
    CHECK(marked == std::vector<std::string>{"qai", "ku's", "states"});
}

TEST_CASE("segment of empty or punctuation-only text is empty", "[tokenizer]") {
    CHECK(segment("").empty());
    CHECK(segment(" «» — ").empty());
}

TEST_CASE("script_of", "[tokenizer]") {
    CHECK(script_of("power") == Script::latin);
    CHECK(script_of("сила") == Script::cyrillic);
    CHECK(script_of("сила") == Script::cyrillic);
    CHECK(script_of("cилa") == Script::mixed);  // Latin c and a among Cyrillic letters
    CHECK(script_of("2020") == Script::other);
}
