#include <catch2/catch.hpp>

#include "analysis/analyzer.h"
#include "search/query_builder.h"
#include "search/translations.h"

using namespace polsearch;

namespace {

bool has(const std::vector<std::string_view>& terms, std::string_view term) {
    return std::find(terms.begin(), terms.end(), term) != terms.end();
}

// A few entries in the form of Mueller's dictionary as dictd serves it (written for the test).
const char* const dictionary = R"(00-database-short
     A test dictionary
_n.
   noun существительное
power
   [ˈpaʊə]
   1. _n.
      1) сила; мощность, энергия; by power механической силой
      2) власть (тж. государственная); влияние; supreme power верховная власть
      3) полномочие
      4) держава; the Great Powers великие державы
drought
   [draʊt] _n.
   засуха
the
   _definite article_ этот, тот
ice cream
   мороженое
)";

}  // namespace

TEST_CASE("a Mueller entry's translations: its first senses, without examples and notes",
          "[translations]") {
    struct Case {
        const char* body;
        std::size_t senses;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases = {
        // Senses in order; an example (an English word first) ends its sense.
        {"1) сила; мощность, энергия; by power силой\n2) власть; влияние",
         3,
         {"сила", "мощность", "энергия", "власть", "влияние"}},
        // Only the first `senses` senses that give a translation.
        {"1) сила; мощность\n2) власть\n3) полномочие\n4) держава",
         2,
         {"сила", "мощность", "власть"}},
        // Transcriptions, notes in parentheses and grammar marks are not words.
        {"[draʊt] _n. засуха (тж. перен.)", 3, {"засуха"}},
        // Phrases and words with other characters are left out; a word once.
        {"1) картинная галерея; галерея\n2) галерея", 3, {"галерея"}},
        // Parts of speech (1., 2.) part senses as 1), 2) do.
        {"1. _n. выигрыш\n2. _v. выиграть; победить", 3, {"выигрыш", "выиграть", "победить"}},
        // No Russian at all.
        {"_pl. of ox", 3, {}},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        CHECK(mueller_translations(c.body, c.senses) == c.expected);
    }
}

TEST_CASE("translation tables go both ways between the match terms", "[translations]") {
    Analyzer analyzer;
    const TranslationTables tables = make_translation_tables(dictionary, analyzer);
    // power and drought; not the dictionary's own entries, a stopword, or a phrase.
    CHECK(tables.headwords == 2);
    const Translations translations(tables.russian_english, tables.english_russian);
    const std::string power = analyzer.analyze("power", Language::en).words.at(0).match_term;
    const std::string drought = analyzer.analyze("drought", Language::en).words.at(0).match_term;
    const std::string sila = analyzer.analyze("силы", Language::ru).words.at(0).match_term;
    const std::string zasukha = analyzer.analyze("засухи", Language::ru).words.at(0).match_term;
    CHECK(translations.english_of(sila) == std::vector<std::string_view>{power});
    CHECK(translations.english_of(zasukha) == std::vector<std::string_view>{drought});
    const auto russian = translations.russian_of(power);
    CHECK(russian.size() == 6);  // сила мощность энергия; власть влияние; полномочие
    CHECK(has(russian, sila));
    // The fourth sense is past translation_senses.
    CHECK_FALSE(has(russian, analyzer.analyze("держава", Language::ru).words.at(0).match_term));
    // Not from examples ("верховная власть", "великие державы") or the note "государственная".
    CHECK_FALSE(has(russian, analyzer.analyze("верховная", Language::ru).words.at(0).match_term));
    CHECK_FALSE(
        has(russian, analyzer.analyze("государственная", Language::ru).words.at(0).match_term));
    CHECK(
        translations.english_of(analyzer.analyze("мороженое", Language::ru).words.at(0).match_term)
            .empty());
    CHECK(translations.russian_of("Zthe").empty());
    CHECK(translations.english_of("").empty());
    const Translations none("", "");
    CHECK(none.empty());
    CHECK(none.english_of(sila).empty());
}

TEST_CASE("the built-in translations are Mueller's dictionary", "[translations]") {
    const Translations& built_in = Translations::built_in();
    REQUIRE_FALSE(built_in.empty());
    Analyzer analyzer;
    const auto term = [&](const char* word, Language language) {
        return analyzer.analyze(word, language).words.at(0).match_term;
    };
    CHECK(has(built_in.english_of(term("власть", Language::ru)), term("power", Language::en)));
    CHECK(has(built_in.english_of(term("засухи", Language::ru)), term("drought", Language::en)));
    CHECK(has(built_in.russian_of(term("elections", Language::en)), term("выборы", Language::ru)));
}

TEST_CASE("a query's words also match their translations, one synonym a word", "[translations]") {
    // A Russian word no concept covers: its English translations, below the word.
    QueryBuilder builder;
    const std::string with = builder.build("засуха").query.get_description();
    CHECK(with.find("Zdrought") != std::string::npos);
    CHECK(with.find("0.5 * ") != std::string::npos);
    // Not with expansion off, nor without translations.
    CHECK(builder.build("засуха", false).query.get_description().find("Zdrought") ==
          std::string::npos);
    QueryBuilder without(&Thesaurus::built_in(), nullptr);
    CHECK(without.build("засуха").query.get_description().find("Zdrought") == std::string::npos);
    // Only into a language some record is written in (a language term in the database).
    QueryBuilder english_only;
    english_only.set_term_filter([](const std::string& term) { return term != "Lru"; });
    CHECK(english_only.build("drought").query.get_description().find("Zзасуха") ==
          std::string::npos);
    CHECK(english_only.build("засуха").query.get_description().find("Zdrought") !=
          std::string::npos);
}
