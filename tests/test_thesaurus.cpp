#include <catch2/catch.hpp>
#include <iostream>
#include <set>
#include <sstream>

#include "analysis/dictionary.h"
#include "kazakh/kazakh_stemmer.h"
#include "polsearch/error.h"
#include "search/query_builder.h"
#include "search/thesaurus.h"
#include "support.h"

using namespace polsearch;

namespace {

// The concepts named in a query, as "id:first-last" strings.
std::vector<std::string> concepts_in(const Thesaurus& thesaurus, const std::string& query) {
    QueryBuilder builder(&thesaurus);
    Analyzer analyzer;
    std::vector<std::vector<std::string>> alternatives;
    for (const AnalyzedWord& word : analyzer.analyze(query, Language::unknown).words) {
        std::vector<std::string> terms{word.match_term};
        if (word.language == Language::ru) {
            terms.push_back(analyzer.match_term_in(word.word, Language::kk));
        }
        alternatives.push_back(terms);
    }
    std::vector<std::string> out;
    for (const auto& match : thesaurus.find(alternatives)) {
        out.push_back(match.entry->id + ":" + std::to_string(match.first) + "-" +
                      std::to_string(match.last));
    }
    return out;
}

}  // namespace

TEST_CASE("the built-in thesaurus finds concepts in any inflection", "[thesaurus]") {
    const Thesaurus& thesaurus = Thesaurus::built_in();
    CHECK(thesaurus.size() >= 200);
    CHECK(concepts_in(thesaurus, "мягкая сила") == std::vector<std::string>{"soft-power:0-1"});
    CHECK(concepts_in(thesaurus, "политика мягкой силы") ==
          std::vector<std::string>{"soft-power:1-2"});
    CHECK(concepts_in(thesaurus, "Soft Powers of Russia") ==
          std::vector<std::string>{"soft-power:0-1", "russia:3-3"});
    CHECK(concepts_in(thesaurus, "жұмсақ күші") == std::vector<std::string>{"soft-power:0-1"});
    // Longest label first: "Russian Federation" is one concept, not "Russia" + a word.
    CHECK(concepts_in(thesaurus, "Russian Federation") == std::vector<std::string>{"russia:0-1"});
}

TEST_CASE("every label of the built-in thesaurus names its own concept", "[thesaurus]") {
    // A label that analyses to other terms than a query with the same words (a typo in the
    // file, a label swallowed by a longer one) would never expand anything.
    const Thesaurus& thesaurus = Thesaurus::built_in();
    Analyzer analyzer;
    std::size_t labels = 0;
    for (const Concept& entry : thesaurus.concepts()) {
        for (const ThesaurusLabel& label : entry.labels) {
            INFO(entry.id << ": " << label.text);
            const std::size_t words = analyzer.analyze(label.text, Language::unknown).words.size();
            REQUIRE(words > 0);
            CHECK(concepts_in(thesaurus, label.text) ==
                  std::vector<std::string>{entry.id + ":0-" + std::to_string(words - 1)});
            ++labels;
        }
    }
    CHECK(labels >= 3 * thesaurus.size());
}

TEST_CASE("a user thesaurus adds concepts and labels and bad lines name the line", "[thesaurus]") {
    test::TempDir dir;
    test::write_file(dir / "mine.txt",
                     "# my library's concepts\n"
                     "steppe-empire\ten: steppe empire\tru: степная империя\tkk: дала империясы\n"
                     "soft-power\ten: attraction power\n");
    Thesaurus thesaurus = Thesaurus::built_in();
    const std::size_t before = thesaurus.size();
    thesaurus.add_file(dir / "mine.txt");
    CHECK(thesaurus.size() == before + 1);
    CHECK(concepts_in(thesaurus, "степной империи") ==
          std::vector<std::string>{"steppe-empire:0-1"});
    CHECK(concepts_in(thesaurus, "attraction power") == std::vector<std::string>{"soft-power:0-1"});

    test::write_file(dir / "bad.txt", "ok\ten: fine\n\nbroken\tde: weiche Macht\n");
    CHECK_THROWS_WITH(thesaurus.add_file(dir / "bad.txt"),
                      Catch::Contains("bad.txt:3") && Catch::Contains("en:, ru: or kk:"));
    CHECK_THROWS_AS(thesaurus.add_file(dir / "missing.txt"), InputError);
}

TEST_CASE("a thesaurus line that is not UTF-8 is an error naming the line", "[thesaurus]") {
    // Regression (found by fuzz/thesaurus.cpp): a label cut inside a character, or in another
    // encoding, was kept as it was, bytes that are no text in the query's analysis and in JSON.
    Thesaurus thesaurus;
    CHECK_THROWS_WITH(thesaurus.add_text("ok\ten: fine\nrights\tru: \xD0\xBF\xD1\n", "cp.txt"),
                      Catch::Contains("cp.txt:2") && Catch::Contains("not UTF-8 at byte 14"));
    CHECK_THROWS_WITH(thesaurus.add_text("\xEF\xBB\xBF\xFFid\ten: x\n", "bom.txt"),
                      Catch::Contains("bom.txt:1") && Catch::Contains("byte 4"));
}

TEST_CASE("expansion adds other-language labels at a lower weight", "[thesaurus][query_builder]") {
    QueryBuilder builder;
    const std::string expanded = builder.build("soft power").query.get_description();
    CHECK(expanded.find("0.5 *") != std::string::npos);
    CHECK(expanded.find("Zмягк") != std::string::npos);
    CHECK(expanded.find("Zжұмсақ") != std::string::npos);
    // Not expanded: --no-expand, quoted phrases, hyphenated words, fields.
    for (const auto& [query, expand] :
         std::vector<std::pair<std::string, bool>>{{"soft power", false},
                                                   {"\"soft power\"", true},
                                                   {"anti-soft power", true},
                                                   {"title:soft title:power", true}}) {
        INFO(query);
        CHECK(builder.build(query, expand).query.get_description().find("Zмягк") ==
              std::string::npos);
    }
}

TEST_CASE("Kazakh typed in a Latin alphabet names concepts as the Cyrillic does",
          "[thesaurus][query_builder]") {
    QueryBuilder builder;
    // The thesaurus once knew only the Cyrillic stems: a query in the 2021
    // alphabet or on a plain keyboard found the records by their search keys but was never
    // expanded, and ranked them differently from the same query in Cyrillic.
    for (const char* query : {"жұмсақ күші", "jūmsaq küşi", "zhumsak kushi"}) {
        INFO(query);
        const std::string expanded = builder.build(query).query.get_description();
        CHECK(expanded.find("0.5 *") != std::string::npos);
        CHECK(expanded.find("Zsoft") != std::string::npos);
        CHECK(expanded.find("Zмягк") != std::string::npos);
    }
}

TEST_CASE("the built-in thesaurus, analysed at build time, is the thesaurus file analysed now",
          "[thesaurus]") {
    // The library carries the labels' analysis made by polsearch-make-thesaurus, so that a
    // search analyses none at start-up: it must be what analysing the file gives.
    Thesaurus fresh;
    fresh.add_file(test::source_path("common/data/thesaurus.txt"));
    const Thesaurus& built_in = Thesaurus::built_in();
    REQUIRE(built_in.size() == fresh.size());
    CHECK(built_in.compiled() == fresh.compiled());
    // And what compiled() writes reads back as it was.
    Thesaurus again;
    again.add_compiled(fresh.compiled(), "round trip");
    CHECK(again.compiled() == fresh.compiled());
    CHECK(concepts_in(again, "мягкой силы") == std::vector<std::string>{"soft-power:0-1"});
    CHECK_THROWS_WITH(again.add_compiled("soft-power\ten\tsoft power\n", "bad"),
                      Catch::Contains("bad:1"));
}

namespace {

bool has_kazakh_letter_in(const std::string& word) {
    for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"})
        if (word.find(letter) != std::string::npos) return true;
    return false;
}

bool ends_with(const std::string& word, const std::string& end) {
    return word.size() > end.size() && word.compare(word.size() - end.size(), end.size(), end) == 0;
}

// An English word of the labels: a word of hunspell-en-us, or the British spelling of one
// (organisation, labour, centre, defence, programme, ageing).
bool english_known(const std::string& word) {
    if (english_dictionary_has(word)) return true;
    static const std::pair<const char*, const char*> british[] = {
        {"isation", "ization"}, {"ise", "ize"},           {"our", "or"},      {"centre", "center"},
        {"defence", "defense"}, {"programme", "program"}, {"ageing", "aging"}};
    for (const auto& [from, to] : british) {
        const std::size_t at = word.find(from);
        if (at == std::string::npos) continue;
        std::string american = word;
        american.replace(at, std::string(from).size(), to);
        if (english_dictionary_has(american)) return true;
    }
    return false;
}

// A Russian word: of hunspell-ru, or a known word after a bound prefix that the dictionary
// lists no compounds of (кибербезопасность, геоэкономика, многополярный).
bool russian_known(const std::string& word) {
    if (russian_dictionary_has(word)) return true;
    for (const std::string prefix :
         {"кибер",  "гео",    "био",   "медиа", "нео",   "пост", "анти",
          "нарко",  "мульти", "супер", "полу",  "много", "одно", "де",
          "энерго", "меж",    "транс", "контр", "само",  "пан",  "импорто"}) {
        if (word.size() > prefix.size() + 6 && word.compare(0, prefix.size(), prefix) == 0 &&
            russian_dictionary_has(word.substr(prefix.size())))
            return true;
    }
    return false;
}

// A Kazakh word: of hunspell-kk, or seen in running Kazakh text (the compiled KazNERD word
// list), or a form whose stem is; or an international word written as Russian writes it
// (Kazakh spelling keeps them: идеология, диаспора), bare or with a Kazakh ending
// (диаспорасы, либералдық, имиджі).
bool kazakh_known(const std::string& word) {
    if (kazakh_dictionary_has(word) || kazakh_word_seen(word)) return true;
    const std::string stem = stem_kazakh(word);
    if (stem != word && (kazakh_dictionary_has(stem) || kazakh_stem_seen(stem))) return true;
    if (!has_kazakh_letter_in(word) && russian_dictionary_has(word)) return true;
    for (const std::string ending :
         {"сы",  "ы",      "і",   "лық", "лік",     "дық",  "дік",  "тық",        "тік",
          "лы",  "лі",     "ды",  "ді",  "тар",     "тер",  "лар",  "лер",        "дар",
          "дер", "шылдық", "шыл", "шіл", "ландыру", "дану", "тану", "сыздандыру", "лау",
          "леу", "ыр",     "ық",  "ік",  "ліг",     "ілік", "ылық", "дік"}) {
        if (!ends_with(word, ending)) continue;
        const std::string base = word.substr(0, word.size() - ending.size());
        if (base.size() < 6) continue;
        for (const std::string& candidate : {base, base + "а", base + "ия", base + "ь"}) {
            if (!has_kazakh_letter_in(candidate) && russian_dictionary_has(candidate)) return true;
        }
        if (kazakh_dictionary_has(base) || kazakh_word_seen(base)) return true;
    }
    return false;
}

// The words of the built-in thesaurus's labels that no rule above finds: "lang<TAB>word".
std::set<std::string> unchecked_label_words(std::size_t& words) {
    std::set<std::string> missing, seen;
    Analyzer analyzer;
    for (const Concept& entry : Thesaurus::built_in().concepts()) {
        for (const ThesaurusLabel& label : entry.labels) {
            for (const AnalyzedWord& word : analyzer.analyze(label.text, label.language).words) {
                if (word.is_number) continue;
                const std::string key =
                    std::string(language_code(label.language)) + "\t" + word.word;
                if (!seen.insert(key).second) continue;
                const bool known = label.language == Language::en   ? english_known(word.word)
                                   : label.language == Language::ru ? russian_known(word.word)
                                                                    : kazakh_known(word.word);
                if (!known) missing.insert(key);
            }
        }
    }
    words = seen.size();
    return missing;
}

}  // namespace

TEST_CASE("each word of each label is a word of its language's dictionary or a listed exception",
          "[thesaurus]") {
    // The labels are written by hand; a misspelt or invented word would match nothing. Each
    // word must be known to hunspell's dictionary of its language (the compiled-in lexicon;
    // for Kazakh, whose dictionary is small, also to the Kazakh word list of running text), or
    // be one of tests/data/thesaurus-exceptions.txt: names, acronyms and terms the dictionaries
    // lack, each read and kept on purpose. An exception no longer needed must go.
    std::set<std::string> exceptions;
    std::istringstream list(
        test::read_file(test::source_path("tests/data/thesaurus-exceptions.txt")));
    for (std::string line; std::getline(list, line);) {
        if (line.empty() || line[0] == '#') continue;
        exceptions.insert(line.substr(0, line.find('\t', line.find('\t') + 1)));
    }
    std::size_t words = 0;
    const std::set<std::string> missing = unchecked_label_words(words);
    for (const std::string& word : missing) {
        INFO("not in the dictionary nor an exception: " << word);
        CHECK(exceptions.count(word) == 1);
    }
    for (const std::string& word : exceptions) {
        INFO("an exception the dictionaries now know: " << word);
        CHECK(missing.count(word) == 1);
    }
    CHECK(words > 3000);
    CHECK(exceptions.size() * 5 < words);  // a fifth at most
}

TEST_CASE("dump the label words no dictionary knows", "[.dump]") {
    std::size_t words = 0;
    for (const std::string& word : unchecked_label_words(words)) std::cout << word << "\n";
    std::cout << "# " << words << " words\n";
}
