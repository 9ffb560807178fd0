#include <catch2/catch.hpp>

#include "text/normalizer.h"

using namespace polsearch;

TEST_CASE("normalize_word lower-cases with Unicode case folding and NFKC", "[normalizer]") {
    CHECK(normalize_word("Kazakhstan") == "kazakhstan");
    CHECK(normalize_word("ҚАЗАҚСТАН") == "қазақстан");
    CHECK(normalize_word("РОССИИ") == "россии");
    CHECK(normalize_word("Straße") == "strasse");       // case folding, not just lower-casing
    CHECK(normalize_word("ﬁnance") == "finance");       // NFKC expands the ligature
    CHECK(normalize_word("Ｋａｚａｋｈ") == "kazakh");  // full-width letters
}

TEST_CASE("normalize_word folds ё to е", "[normalizer]") {
    CHECK(normalize_word("ещё") == "еще");
    CHECK(normalize_word("Ёлка") == "елка");
    CHECK(normalize_word("партнёрство") == "партнерство");
}

TEST_CASE("normalize_word unifies apostrophes", "[normalizer]") {
    CHECK(normalize_word("Russia’s") == "russia's");
    CHECK(normalize_word("Russiaʼs") == "russia's");
    CHECK(normalize_word("Russia's") == "russia's");
}

TEST_CASE("normalize_word keeps composed Cyrillic letters", "[normalizer]") {
    // NFKC must keep й and the Kazakh letters as single code points.
    CHECK(normalize_word("Жұмсақ") == "жұмсақ");
    CHECK(normalize_word("сыртқы") == "сыртқы");
    CHECK(normalize_word("Йод") == "йод");
}

TEST_CASE("normalize_punctuation turns typographic dashes and quotes into ASCII", "[normalizer]") {
    CHECK(normalize_punctuation("«soft power»") == "\"soft power\"");
    CHECK(normalize_punctuation("“soft power”") == "\"soft power\"");
    CHECK(normalize_punctuation("„мягкая сила“") == "\"мягкая сила\"");
    CHECK(normalize_punctuation("anti‐soft") == "anti-soft");  // U+2010
    CHECK(normalize_punctuation("2010–2020") == "2010-2020");  // en dash
    CHECK(normalize_punctuation("Russia’s") == "Russia's");
    CHECK(normalize_punctuation("plain text") == "plain text");
}

TEST_CASE("is_hyphen and is_double_quote", "[normalizer]") {
    CHECK(is_hyphen(U'-'));
    CHECK(is_hyphen(U'\u2011'));
    CHECK(is_hyphen(U'\u2212'));
    CHECK_FALSE(is_hyphen(U'/'));
    CHECK(is_double_quote(U'«'));
    CHECK(is_double_quote(U'„'));
    CHECK_FALSE(is_double_quote(U'\''));
}

TEST_CASE("homoglyphs are repaired toward the word's own script", "[normalizer]") {
    CHECK(repair_homoglyphs("cилa") == "сила");            // Latin c and a in a Russian word
    CHECK(repair_homoglyphs("қaзaқcтaн") == "қазақстан");  // Latin a and c in a Kazakh word
    CHECK(repair_homoglyphs("pоwer") == "power");          // Cyrillic о in an English word
    CHECK(repair_homoglyphs("сила") == "сила");            // one script: unchanged
    CHECK(repair_homoglyphs("power") == "power");
    // Only look-alikes on both sides: no way to tell, unchanged.
    CHECK(repair_homoglyphs("cор") == "cор");
}

TEST_CASE("a word of look-alikes turns into the other script", "[normalizer]") {
    CHECK(only_lookalikes("cop"));
    CHECK(only_lookalikes("сор"));
    CHECK(only_lookalikes("cор"));  // mixed
    CHECK(only_lookalikes("expo"));
    CHECK_FALSE(only_lookalikes("power"));  // w has none
    CHECK_FALSE(only_lookalikes("сила"));   // и, л have none
    CHECK(lookalikes_in("cop", Script::cyrillic) == "сор");
    CHECK(lookalikes_in("реасе", Script::latin) == "peace");
    CHECK(lookalikes_in("cор", Script::cyrillic) == "сор");
    CHECK(lookalikes_in("cор", Script::latin) == "cop");
    CHECK(lookalikes_in("сила", Script::latin).empty());
    CHECK(lookalikes_in("cop", Script::other).empty());
}

TEST_CASE("capitals that mix scripts are repaired before case folding", "[normalizer]") {
    CHECK(repair_capital_homoglyphs("MBД") == "МВД");  // Latin M and B in a Cyrillic word
    CHECK(repair_capital_homoglyphs("CШA") == "США");
    CHECK(repair_capital_homoglyphs("NАТО") == "NATO");  // Cyrillic А, Т, О in a Latin word
    CHECK(repair_capital_homoglyphs("MВД") == "МВД");
    // Left alone: a small letter, one script, look-alikes only on both sides.
    CHECK(repair_capital_homoglyphs("Mвд") == "Mвд");
    CHECK(repair_capital_homoglyphs("МВД") == "МВД");
    CHECK(repair_capital_homoglyphs("CМ") == "CМ");
}
