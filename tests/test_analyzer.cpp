#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "analysis/analyzer.h"
#include "support.h"

using namespace polsearch;

namespace {

std::string words_of(const Analysis& analysis) {
    std::string out;
    for (const auto& word : analysis.words) out += (out.empty() ? "" : " ") + word.word;
    return out;
}

std::string terms_of(const Analysis& analysis) {
    std::string out;
    for (const auto& word : analysis.words) out += (out.empty() ? "" : " ") + word.match_term;
    return out;
}

std::string compounds_of(const Analysis& analysis) {
    std::string out;
    for (const auto& compound : analysis.compounds) {
        out += (out.empty() ? "" : " ") + compound.word + "=" + compound.match_term;
    }
    return out;
}

}  // namespace

TEST_CASE("hyphenated, spaced and slashed forms share their terms", "[analyzer]") {
    Analyzer analyzer;
    const Analysis hyphen = analyzer.analyze("anti-soft power", Language::en);
    const Analysis spaced = analyzer.analyze("anti soft power", Language::en);
    const Analysis slashed = analyzer.analyze("soft/anti-soft power", Language::en);
    CHECK(words_of(hyphen) == "anti soft power");
    CHECK(words_of(spaced) == "anti soft power");
    CHECK(words_of(slashed) == "soft anti soft power");
    CHECK(compounds_of(hyphen) == "antisoft=Zantisoft");
    CHECK(compounds_of(spaced).empty());
    CHECK(compounds_of(slashed) == "antisoft=Zantisoft");
    REQUIRE(slashed.compounds.size() == 1);
    CHECK(slashed.compounds[0].first == 1);
    CHECK(slashed.compounds[0].last == 2);
}

TEST_CASE("a Kazakh compound has the search key of its stem in either script", "[analyzer]") {
    Analyzer analyzer;
    // What a Latin query's key stems meet (query_builder.h): БҰҰ-ның is бұұ's, under the key buu.
    const Analysis cyrillic = analyzer.analyze("БҰҰ-ның штаб-пәтері", Language::kk);
    REQUIRE(cyrillic.compounds.size() == 2);
    CHECK(cyrillic.compounds[0].match_term == "Zбұұ");
    CHECK(cyrillic.compounds[0].key_term == "Z#buu");
    CHECK(cyrillic.compounds[0].language == Language::kk);
    // In Kazakh Latin text the compound is read as the Latin words are, not stemmed as Cyrillic.
    const Analysis latin = analyzer.analyze("BŪŪ-nyñ Jenevadağy keñsesı", Language::kk);
    REQUIRE(latin.compounds.size() == 1);
    CHECK(latin.compounds[0].key_term == "Z#buunyng");
    // Other languages' compounds have none.
    const Analysis english = analyzer.analyze("anti-soft power", Language::en);
    REQUIRE(english.compounds.size() == 1);
    CHECK(english.compounds[0].key_term.empty());
}

TEST_CASE("words keep their offsets in the source text", "[analyzer]") {
    Analyzer analyzer;
    const std::string text = "Russia’s «soft power»";
    const Analysis analysis = analyzer.analyze(text, Language::en);
    REQUIRE(analysis.words.size() == 3);
    CHECK(text.substr(analysis.words[0].begin, analysis.words[0].end - analysis.words[0].begin) ==
          "Russia’s");
    CHECK(analysis.words[0].word == "russia's");
    CHECK(analysis.words[0].match_term == "Zrussia");
}

TEST_CASE("a word whose compatibility form holds a space gives terms without one", "[analyzer]") {
    // Regression (found by fuzz/thesaurus.cpp): NFKC turns ͺ (U+037A, a letter inside a word)
    // into a space and ι, and ﹶ (U+FE76) into a space and a fatha, so one word became a term
    // with a space in it, which the compiled thesaurus cannot hold and no query can type.
    Analyzer analyzer;
    for (const auto& [text, language] : {std::pair{"өңірліͺ", Language::kk},
                                         {"waterͺ", Language::en},
                                         {"суͺлар", Language::kk},
                                         {"aﹶb", Language::en},
                                         {"ͺ", Language::en}}) {
        INFO(text);
        const Analysis analysis = analyzer.analyze(text, language);
        REQUIRE(analysis.words.size() == 1);
        const AnalyzedWord& word = analysis.words[0];
        for (const std::string* term : {&word.word, &word.match_term, &word.key_term})
            CHECK(term->find(' ') == std::string::npos);
    }
}

TEST_CASE("Latin words in a Russian field are stemmed as English", "[analyzer]") {
    Analyzer analyzer;
    const Analysis analysis = analyzer.analyze("политика soft powers", Language::ru);
    CHECK(terms_of(analysis) == "Zполитик Zsoft Zpower");
}

TEST_CASE("a word wholly in look-alike letters takes the script of its text", "[analyzer]") {
    Analyzer analyzer;
    const auto words = [&](std::string_view text) {
        return words_of(analyzer.analyze(text, Language::unknown));
    };
    // Latin look-alikes in Russian text that spell a Russian word: a Latin c typed for с, an
    // abbreviation in Latin capitals.
    CHECK(words("Сотрудничество c Китаем") == "сотрудничество с китаем");
    CHECK(words("Политика CCCP") == "политика ссср");
    // Cyrillic look-alikes in English text that spell no Russian or Kazakh word.
    CHECK(words("They hope for реасе") == "they hope for peace");
    // Look-alikes of both scripts in one word: the text's script.
    CHECK(words("Хор и cор") == "хор и сор");
    // A Latin word that is no Russian word stays Latin; a Russian word stays Cyrillic.
    CHECK(words("Выставка Expo в Астане") == "выставка expo в астане");
    CHECK(words("the Russian word сор") == "the russian word сор");
    // Capitals that mix scripts: B, H, K, M, T have look-alikes only as capitals.
    CHECK(words("Сотрудники MBД и KГБ") == "сотрудники мвд и кгб");
    // Roman numerals, typed in either alphabet, are written in Latin letters.
    CHECK(words("ХХ ғасыр мен XIX ғасыр") == "xx ғасыр мен xix ғасыр");
    CHECK(words("ХІХ век") == "xix век");
    CHECK(words("Part II") == "part ii");
}

TEST_CASE("Kazakh in Latin letters is indexed as the Cyrillic words it spells", "[analyzer]") {
    Analyzer analyzer;
    // 2021 alphabet, and the same words in Cyrillic: the same stems.
    const Analysis latin = analyzer.analyze("Reseidiñ jūmsaq küşi Qazaqstanda", Language::kk);
    const Analysis cyrillic = analyzer.analyze("Ресейдің жұмсақ күші Қазақстанда", Language::kk);
    CHECK(terms_of(latin) == terms_of(cyrillic));
    for (const auto& word : latin.words) CHECK(word.language == Language::kk);
    // 2018 (acute accents) too.
    CHECK(terms_of(analyzer.analyze("Reseıdiń jumsaq kúshi", Language::kk)) ==
          terms_of(analyzer.analyze("Ресейдің жұмсақ күші", Language::kk)));
    // 2017 (apostrophes), a mark on the last letter too: ku's' is күш, not құс.
    CHECK(terms_of(analyzer.analyze("Qazaqstandag'y Resei'din' jumsaq ku's'", Language::kk)) ==
          terms_of(analyzer.analyze("Қазақстандағы Ресейдің жұмсақ күш", Language::kk)));
    // English words in Latin Kazakh text stay English; a Kazakh word the word list has not seen
    // is kept by its search key.
    const Analysis mixed =
        analyzer.analyze("Qazaqstannyñ «soft power» saiasaty qūbyjyqtyñ", Language::kk);
    REQUIRE(mixed.words.size() == 5);
    CHECK(mixed.words[1].match_term == "Zsoft");
    CHECK(mixed.words[2].match_term == "Zpower");
    CHECK(mixed.words[1].language == Language::en);
    CHECK(mixed.words[4].match_term == "Z#kubyjyktyng");
    // Latin words in Cyrillic Kazakh text are not Kazakh unless they look it.
    const Analysis names = analyzer.analyze("Мақалада soft power ұғымы талданады", Language::kk);
    CHECK(names.words[1].match_term == "Zsoft");
}

TEST_CASE("over-long words are not indexed and do not join their neighbours", "[analyzer]") {
    Analyzer analyzer;
    const std::string long_word(max_word_bytes + 1, 'a');
    const Analysis analysis = analyzer.analyze("anti-" + long_word + "-soft power", Language::en);
    CHECK(words_of(analysis) == "anti soft power");
    CHECK(analysis.compounds.empty());
}

// Golden files: tests/golden/analysis-<language>.txt hold cases of
//   input: TEXT
//   words: normalised words
//   terms: match terms
//   compounds: word=term ... (may be empty)
// reviewed like code. The language of the file's name is the field language.
TEST_CASE("analysis golden files", "[analyzer][golden]") {
    for (const std::string language : {"en", "ru", "kk"}) {
        const std::string path = test::source_path("tests/golden/analysis-" + language + ".txt");
        std::ifstream in(path);
        REQUIRE(in.good());
        Analyzer analyzer;
        std::string line;
        std::string input;
        Analysis analysis;
        int cases = 0;
        int line_number = 0;
        while (std::getline(in, line)) {
            ++line_number;
            if (line.empty() || line[0] == '#') continue;
            const auto colon = line.find(": ");
            const std::string key =
                line.substr(0, colon == std::string::npos ? line.size() - 1 : colon);
            const std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
            INFO(path << ":" << line_number << " input: " << input);
            if (key == "input") {
                input = value;
                analysis = analyzer.analyze(input, *parse_language(language));
                ++cases;
            } else if (key == "words") {
                CHECK(words_of(analysis) == value);
            } else if (key == "terms") {
                CHECK(terms_of(analysis) == value);
            } else if (key == "compounds") {
                CHECK(compounds_of(analysis) == value);
            } else {
                FAIL("unknown key '" << key << "'");
            }
        }
        CHECK(cases >= 5);
    }
}
