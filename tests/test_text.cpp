#include <catch2/catch.hpp>

#include "text/text.h"

using namespace polsearch;

TEST_CASE("trim removes spaces and no-break spaces, and nothing else", "[text]") {
    CHECK(trim("  soft power \t\r\n") == "soft power");
    CHECK(trim("\xC2\xA0soft\xC2\xA0") == "soft");
    // Regression: a byte-wise trim took the first byte of « (C2 AB) for part of U+00A0.
    CHECK(trim("«Мягкая сила»") == "«Мягкая сила»");
    CHECK(trim("   ").empty());
}

TEST_CASE("split_list and split_all", "[text]") {
    CHECK(split_list("a, b;; c ,", ",;") == std::vector<std::string>{"a", "b", "c"});
    CHECK(split_list("", ",").empty());
    CHECK(split_all("a\t\tb", '\t') == std::vector<std::string_view>{"a", "", "b"});
}

TEST_CASE("escaping for HTML and XML: markup characters, and no forbidden controls", "[text]") {
    std::string out = "kept: ";
    append_escaped(out, "«soft power» & <b>\"Russia's\"</b>\x01\x1f\ttab\nline");
    CHECK(out == "kept: «soft power» &amp; &lt;b&gt;&quot;Russia's&quot;&lt;/b&gt;\ttab\nline");
    // U+FFFE and U+FFFF are no XML characters either; bytes that are not UTF-8 become U+FFFD.
    out.clear();
    append_escaped(out,
                   "a\xEF\xBF\xBE b\xEF\xBF\xBF c\xEF\xBF\xBD d\xFF e\xED\xA0\x80 f\x7F жұмсақ");
    CHECK(out ==
          "a b c\xEF\xBF\xBD d\xEF\xBF\xBD e\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD f\x7F жұмсақ");
}
