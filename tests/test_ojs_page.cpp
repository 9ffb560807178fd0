#include <catch2/catch.hpp>

#include "formats/ojs_page.h"
#include "polsearch/error.h"
#include "support.h"

using namespace polsearch;

TEST_CASE("an OJS page with an empty Authors section takes them from How to Cite", "[ojs_page]") {
    const std::string text =
        test::read_file(test::source_path("tests/fixtures/ojs/citation-authors.txt"));
    const Record record = parse_ojs_page(text, "citation-authors");
    REQUIRE(record.title.size() == 1);
    CHECK(record.title[0].text ==
          "Water diplomacy of “small” states: Kyrgyzstan's bargaining over the Toktogul reservoir");
    CHECK(record.id == "10.5555/fixture.2022.7-1-12");
    CHECK(record.doi == "10.5555/fixture.2022.7-1-12");
    CHECK(record.authors == std::vector<std::string>{"Asanova, B. K.", "Orlov, P.", "Kim, S.-J."});
    CHECK(record.journal == "Journal of Fixture Studies. Series of Tests");
    CHECK(record.volume == "7");
    CHECK(record.issue == "1");
    CHECK(record.pages == "12-30");
    CHECK(record.date == "2022-09-05");
    CHECK(record.year == 2022);
    CHECK(record.section == "Regional Studies");
    REQUIRE(record.keywords.size() == 1);
    CHECK(record.keywords[0].keywords ==
          std::vector<std::string>{"water diplomacy", "Kyrgyzstan", "Toktogul", "small states"});
    REQUIRE(record.abstract.size() == 1);
    CHECK(
        record.abstract[0].text ==
        "Small upstream states bargain with their downstream neighbours over reservoir releases.\n"
        "This fixture abstract spans two lines.");
}

TEST_CASE("an OJS page with a Russian interface and affiliations that are not authors",
          "[ojs_page]") {
    const std::string text =
        test::read_file(test::source_path("tests/fixtures/ojs/russian-interface.txt"));
    const Record record = parse_ojs_page(text, "russian-interface");
    CHECK(record.id == "russian-interface");  // no DOI: the file name
    CHECK(record.title[0].text == "Многовекторность как стратегия: тестовая страница");
    CHECK(record.authors == std::vector<std::string>{"Айдана Тестова", "Игорь Проверкин"});
    CHECK(record.keywords[0].keywords ==
          std::vector<std::string>{"многовекторность", "внешняя политика"});
    CHECK(record.abstract[0].text ==
          "Тестовая аннотация о многовекторной внешней политике Казахстана.");
    CHECK(record.date == "2019-12-01");
    CHECK(record.volume == "3");
    CHECK(record.issue == "4");
    CHECK(record.section == "Внешняя политика");
}

TEST_CASE("a text that is not an OJS page is a RecordError", "[ojs_page]") {
    const std::string text =
        test::read_file(test::source_path("tests/fixtures/ojs/not-a-page.txt"));
    CHECK_THROWS_AS(parse_ojs_page(text, "not-a-page"), RecordError);
    CHECK_THROWS_AS(parse_ojs_page("", "empty"), RecordError);
}

TEST_CASE("a title that begins with a guillemet keeps it", "[ojs_page]") {
    // Regression: the line trim took the lead byte of « for a no-break space.
    const Record record =
        parse_ojs_page("«Мягкая сила» России\n\nAbstract\n\nТекст.\n", "guillemet");
    REQUIRE(record.title.size() == 1);
    CHECK(record.title[0].text == "«Мягкая сила» России");
}

TEST_CASE("a heading with a character that normalising drops keeps the text after its colon",
          "[ojs_page]") {
    // Regression (found by scripts/fuzz): the colon's offset was taken in the normalised line,
    // three bytes shorter here, so the text after "Keywords:" began inside the byte-order mark
    // and a keyword was not valid UTF-8.
    const Record record = parse_ojs_page(
        "A title\n\nKeyword\xEF\xBB\xBFs: water diplomacy, Toktogul\n\nAbstract\n\nText.\n",
        "bom-in-heading");
    REQUIRE(record.keywords.size() == 1);
    CHECK(record.keywords[0].keywords == std::vector<std::string>{"water diplomacy", "Toktogul"});
    // A full-width colon ends a heading too.
    const Record wide =
        parse_ojs_page("A title\n\nDOI\xEF\xBC\x9A 10.5555/wide.1\n\nAbstract\n\nText.\n", "wide");
    CHECK(wide.doi == "10.5555/wide.1");
}
