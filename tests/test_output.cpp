#include <catch2/catch.hpp>
#include <sstream>

#include "search/output.h"

using namespace polsearch;

namespace {
// The widest line of `text`, in columns.
std::size_t widest_line(const std::string& text) {
    std::size_t widest = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        widest = std::max(widest, display_width(line));
    return widest;
}
}  // namespace

TEST_CASE("display width counts columns, not bytes or escape codes", "[output]") {
    CHECK(display_width("power") == 5);
    CHECK(display_width("Қазақстан") == 9);                // two bytes a letter
    CHECK(display_width("\033[1;33mмягкой\033[0m") == 6);  // colour codes take no room
    CHECK(display_width("e\xcc\x81") == 1);                // e + combining acute
    CHECK(display_width("中国") == 4);                     // wide characters
    CHECK(display_width("") == 0);
}

TEST_CASE("lines are broken at spaces to fit the width, with a hanging indent", "[output]") {
    const std::string text =
        "  1. Russia's soft power policy towards Kazakhstan in the research field on Central Asia";
    const std::string fitted = fit_to_width(text, 40, 5);
    CHECK(fitted ==
          "  1. Russia's soft power policy towards\n"
          "     Kazakhstan in the research field on\n"
          "     Central Asia");
    CHECK(widest_line(fitted) <= 40);
    // Width 0: as it was; a line that fits: as it was.
    CHECK(fit_to_width(text, 0, 5) == text);
    CHECK(fit_to_width(text, 200, 5) == text);
}

TEST_CASE("fitting keeps labels with their values, double spaces inside lines, long words whole",
          "[output]") {
    CHECK(fit_to_width("     id: tri-016  doi: 10.32523/2616-6887  language: en", 30, 5) ==
          "     id: tri-016\n"
          "     doi: 10.32523/2616-6887\n"
          "     language: en");
    CHECK(fit_to_width("a  b", 10, 0) == "a  b");
    CHECK(fit_to_width("short averyveryverylongword end", 10, 2) ==
          "short\n  averyveryverylongword\n  end");
    // Cyrillic counts by letters: five words of six letters and four spaces take 34 columns.
    CHECK(fit_to_width("мягкой мягкой мягкой мягкой мягкой", 34, 0) ==
          "мягкой мягкой мягкой мягкой мягкой");
    CHECK(fit_to_width("мягкой мягкой мягкой мягкой мягкой", 33, 0) ==
          "мягкой мягкой мягкой мягкой\nмягкой");
}
