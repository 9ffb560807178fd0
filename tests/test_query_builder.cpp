#include <algorithm>
#include <catch2/catch.hpp>

#include "polsearch/error.h"
#include "search/query_builder.h"

using namespace polsearch;

namespace {

std::size_t error_position(const std::string& query) {
    QueryBuilder builder;
    try {
        builder.build(query);
    } catch (const QueryError& error) {
        return error.position();
    }
    FAIL("no QueryError for: " << query);
    return 0;
}

bool has_term(const BuiltQuery& built, const std::string& term) {
    return std::binary_search(built.terms.terms.begin(), built.terms.terms.end(), term);
}

// How many of the query's terms are Kazakh search keys ("Z#" + key).
std::ptrdiff_t key_terms(const BuiltQuery& built) {
    return std::count_if(built.terms.terms.begin(), built.terms.terms.end(),
                         [](const std::string& term) { return term.rfind("Z#", 0) == 0; });
}

}  // namespace

TEST_CASE("without a field, a word is one synonym of its terms in every text field",
          "[query_builder]") {
    QueryBuilder builder;
    // ...and, for names, the word's name key (name_key.h); the same key in the text's names
    // of the other script comes at the thesaurus's weight (see the test on names below).
    CHECK(builder.build("power", /*expand=*/false).query.get_description() ==
          "Query(((Zpower SYNONYM ZSpower SYNONYM ZKpower SYNONYM ZApower) SYNONYM XNpover))");
    CHECK(builder.build("\"soft power\"").query.get_description() ==
          "Query(((soft PHRASE 2 power) SYNONYM (Ssoft PHRASE 2 Spower) SYNONYM "
          "(Ksoft PHRASE 2 Kpower) SYNONYM (Asoft PHRASE 2 Apower)))");
}

TEST_CASE("every quote style makes the same phrase", "[query_builder]") {
    QueryBuilder builder;
    const std::string plain = builder.build("\"soft power\" Kazakhstan").query.get_description();
    CHECK(plain.find("PHRASE 2") != std::string::npos);
    for (const std::string query :
         {"«soft power» Kazakhstan", "“soft power” Kazakhstan", "„soft power“ Kazakhstan"}) {
        CHECK(builder.build(query).query.get_description() == plain);
    }
}

TEST_CASE("a hyphenated word matches its parts as a phrase or written together",
          "[query_builder]") {
    QueryBuilder builder;
    const BuiltQuery built = builder.build("anti-soft power");
    const std::string description = built.query.get_description();
    CHECK(description.find("((anti PHRASE 2 soft) OR Zantisoft)") != std::string::npos);
    CHECK(description.find("((Santi PHRASE 2 Ssoft) OR ZSantisoft)") != std::string::npos);
    CHECK(built.terms.phrases == std::vector<std::vector<std::string>>{{"anti", "soft"}});
    CHECK(has_term(built, "Zantisoft"));
    CHECK_FALSE(has_term(built, "soft"));  // "soft" alone does not match
    CHECK(has_term(built, "Zpower"));
    // Unicode dashes too.
    CHECK(builder.build("anti‐soft power").query.get_description() == description);
}

TEST_CASE("words match stems and Cyrillic words without Kazakh letters try Russian and Kazakh",
          "[query_builder]") {
    QueryBuilder builder;
    const BuiltQuery russian = builder.build("мягкой силы");
    CHECK(has_term(russian, "Zмягкий"));  // Russian lemma
    CHECK(has_term(russian, "Zмягкой"));  // as a Kazakh word (unstemmed for now)
    CHECK(russian.language == Language::ru);
    const BuiltQuery kazakh = builder.build("жұмсақ күш", /*expand=*/false);
    CHECK(has_term(kazakh, "Zжұмсақ"));
    CHECK(kazakh.terms.terms.size() == 2);
    CHECK(kazakh.language == Language::kk);
    // Capitalised words are stemmed like the rest (QueryParser's STEM_SOME would not).
    CHECK(has_term(builder.build("Powers"), "Zpower"));
    CHECK(has_term(builder.build("России"), "Zроссия"));
}

TEST_CASE("queries that cannot be parsed name the place", "[query_builder]") {
    CHECK(error_position("\"soft power Kazakhstan") == 0);
    CHECK(error_position("soft «power") == 5);
    CHECK(error_position("") == 0);
    CHECK(error_position("  ,, ") == 0);
    CHECK(error_position("\"\" power") == 1);
    CHECK(error_position(std::string("soft\0power", 10)) == 4);
    CHECK(error_position("soft \xff power") == 5);
    CHECK(error_position(std::string(max_query_bytes + 1, 'a')) == max_query_bytes);
    QueryBuilder builder;
    CHECK_NOTHROW(builder.build(std::string(max_query_bytes / 10, 'x') + " power"));
}

TEST_CASE("fields restrict words and phrases and filters narrow", "[query_builder]") {
    QueryBuilder builder;
    CHECK(builder.build("title:power").query.get_description() == "Query(ZSpower)");
    CHECK(builder.build("title:\"soft power\"").query.get_description() ==
          "Query((Ssoft PHRASE 2 Spower))");
    CHECK(builder.build("author:Gubaidullina").query.get_description() ==
          "Query((ZAgubaidullina SYNONYM XNgubaidulina))");
    CHECK(builder.build("keyword:anti-soft").query.get_description() ==
          "Query(((Kanti PHRASE 2 Ksoft) OR ZKantisoft))");
    // Highlighting still knows the words.
    CHECK(builder.build("title:power").terms.terms == std::vector<std::string>{"Zpower"});
    CHECK(builder.build("abstract:power").query.get_description() == "Query(Zpower)");
    CHECK(builder.build("abstract:power year:2025").query.get_description() ==
          "Query((Zpower FILTER Y2025))");
    CHECK(builder.build("lang:RUS").query.get_description() == "Query(0 * Lru)");
    CHECK(builder.build("doi:https://doi.org/10.1/ABC").query.get_description() ==
          "Query(0 * XDOI10.1/abc)");
}

TEST_CASE("a colon that ends a word is punctuation, not a field", "[query_builder]") {
    // Regression: natural-language queries ("Three types of networks are distinguished:
    // search service ...", a CISI query) failed with "unknown field".
    QueryBuilder builder;
    CHECK(builder.build("networks are distinguished: search service").query.get_description() ==
          builder.build("networks are distinguished search service").query.get_description());
    CHECK(builder.build("Биотикалық факторлар:").query.get_description() ==
          builder.build("Биотикалық факторлар").query.get_description());
}

TEST_CASE("bad fields and filter values name the place", "[query_builder]") {
    CHECK(error_position("power foo:bar") == 6);
    CHECK(error_position("power title:") == 6);
    CHECK(error_position("title: power") == 0);
    CHECK(error_position("year:abc") == 5);
    CHECK(error_position("soft year:20201") == 10);
    CHECK(error_position("lang:de power") == 5);
    CHECK(error_position("doi:nonsense") == 4);
}

TEST_CASE("Kazakh typed on a Russian keyboard matches the Kazakh words it stands for",
          "[query_builder]") {
    QueryBuilder builder;
    // Every Kazakh letter typed as its Russian look-alike: the Kazakh word of the same search
    // key that running text has (жумсак → жұмсақ), ң typed as н too (заны → заңы).
    const BuiltQuery typed = builder.build("жумсак куш", /*expand=*/false);
    CHECK(has_term(typed, "Zжұмсақ"));
    CHECK(typed.language == Language::kk);  // its Kazakh versions are the ones shown
    CHECK(builder.build("мягкая сила", false).language == Language::ru);
    // Names and words that neither dictionary has do not count against Kazakh (Ақан сері,
    // Сұлтанмахмұт), nor do words both languages have (гранты, эти); Russian words that
    // Kazakh lacks do (обучение, реформы).
    CHECK(builder.build("Акан сери омири", false).language == Language::kk);
    CHECK(builder.build("Султанмахмут олендери", false).language == Language::kk);
    CHECK(builder.build("гранты на обучение", false).language == Language::ru);
    CHECK(builder.build("эти реформы", false).language == Language::ru);
    CHECK(has_term(typed, "Zкүш"));
    CHECK(has_term(builder.build("заны", false), "Zзаң"));
    // A word that running text has not seen in any spelling, in a query that reads as Kazakh:
    // the search keys of its stems, as for Kazakh typed in Latin letters (records index the
    // key of each Kazakh stem).
    const BuiltQuery unseen = builder.build("Қазақстанның жаңа зымыранкоргау", false);
    CHECK(has_term(unseen, "Z#zymyrankorgau"));
    // A phrase also as the Kazakh words it spells.
    CHECK(builder.build("\"жумсак куш\"", false)
              .query.get_description()
              .find("жұмсақ PHRASE 2 күш") != std::string::npos);
    // Some of the letters typed: кұш for күш.
    CHECK(has_term(builder.build("жұмсақ кұш", false), "Zкүш"));
    // Russian words are no Kazakh word's spelling: a Russian query has no such terms, not even
    // for a word whose search key a Kazakh word has (элиты, елі).
    const BuiltQuery russian = builder.build("Политика России в Центральной Азии", false);
    CHECK(std::none_of(russian.terms.terms.begin(), russian.terms.terms.end(),
                       [](const std::string& term) { return term.rfind("Z#", 0) == 0; }));
    for (const std::string& term : builder.build("политика элиты", false).terms.terms) {
        INFO(term);
        CHECK((term.rfind("Zполитик", 0) == 0 || term.rfind("Zэлит", 0) == 0));
    }
    // Stopwords typed so are stopwords (жане for және).
    const std::string description =
        builder.build("сырткы саясат жане Ресей", false).query.get_description();
    CHECK(description.find("Zжане") == std::string::npos);
    CHECK(description.find("Zсыртқы") != std::string::npos);
    // A Kazakh word seen in text keeps its own terms only.
    CHECK(builder.build("саясат", false).terms.terms.size() == 1);
}

TEST_CASE("Kazakh typed in Latin letters matches the word it spells, else the keys of its stems",
          "[query_builder]") {
    QueryBuilder builder;
    // küşi spells күші, a word seen in text: its stem, and no looser key matches beside it.
    const BuiltQuery seen = builder.build("Qazaqstan küşi", false);
    CHECK(has_term(seen, "Zкүш"));
    CHECK(key_terms(seen) == 0);
    // A word seen in no spelling falls back on the keys of the stems it may have.
    const BuiltQuery unseen = builder.build("Qazaqstan zymyrankorğau", false);
    CHECK(has_term(unseen, "Z#zymyrankorgau"));
}

TEST_CASE("a hyphenated Kazakh word typed in Latin letters is respelt like a single word",
          "[query_builder]") {
    QueryBuilder builder;
    // Its parts as the Cyrillic words they spell, in a row: ıs-şaralar as іс-шаралар.
    const BuiltQuery events = builder.build("KSRO-da ıs-şaralar", false);
    CHECK(events.query.get_description().find("(іс PHRASE 2 шаралар)") != std::string::npos);
    CHECK(std::find(events.terms.phrases.begin(), events.terms.phrases.end(),
                    std::vector<std::string>{"іс", "шаралар"}) != events.terms.phrases.end());
    // A part the word list has not seen (an abbreviation): the keys of the joined word's
    // stems, BŪŪ-nyñ as БҰҰ-ның (UN's), which Kazakh text has under the key of бұұ.
    CHECK(has_term(builder.build("BŪŪ-nyñ ştab-päterı", false), "Z#buu"));
    CHECK(has_term(builder.build("BUU-nyng shtab-pateri qaida", false), "Z#buu"));
    // An English hyphenated word is not respelt.
    CHECK(builder.build("anti-soft power", false).terms.phrases.size() == 1);
}

TEST_CASE("an abbreviation or a number with a Kazakh case ending after a hyphen is Kazakh",
          "[query_builder]") {
    QueryBuilder builder;
    // Typed in plain letters, alone: KSRO-da (in the USSR), BUU-nyng (the UN's).
    for (const char* query : {"KSRO-da", "BUU-nyng"}) {
        INFO(query);
        const BuiltQuery built = builder.build(query, false);
        CHECK(built.language == Language::kk);
        CHECK(key_terms(built) > 0);
    }
    CHECK(has_term(builder.build("KSRO-da", false), "Z#ksro"));
    // English hyphenated words stay English: no capitals before the hyphen, or no case ending.
    for (const char* query : {"log-in", "top-ten", "COVID-19", "UN-led reforms"}) {
        INFO(query);
        const BuiltQuery built = builder.build(query, false);
        CHECK(built.language == Language::en);
        CHECK(key_terms(built) == 0);
    }
}

TEST_CASE("a hyphenated Cyrillic word without Kazakh letters is tried as Russian and Kazakh",
          "[query_builder]") {
    QueryBuilder builder;
    // КСРО-да (in the USSR): Kazakh КСРО + -да, not a Russian word "ксрод".
    const BuiltQuery built = builder.build("КСРО-да", false);
    CHECK(has_term(built, "Zксро"));
    CHECK(has_term(built, "Zксрод"));
}

TEST_CASE("a query leaves its stopwords out when it has other words", "[query_builder]") {
    QueryBuilder builder;
    const BuiltQuery built = builder.build("What is the soft power of Russia?");
    const std::string description = built.query.get_description();
    CHECK(description.find("Zpower") != std::string::npos);
    CHECK(description.find("Zrussia") != std::string::npos);
    for (const std::string term : {"Zthe", "Zwhat", "Zof", "Zis"}) {
        INFO(term);
        CHECK(description.find(term) == std::string::npos);
        CHECK_FALSE(has_term(built, term));  // nor are they marked in snippets
    }
    // Russian, Kazakh, and Kazakh typed in Latin letters.
    const std::string russian = builder.build("мягкая сила в Казахстане").query.get_description();
    CHECK(russian.find("Zв ") == std::string::npos);
    CHECK(russian.find("Zсил") != std::string::npos);
    const std::string kazakh = builder.build("Ресей мен Қазақстан").query.get_description();
    CHECK(kazakh.find("Zмен") == std::string::npos);
    CHECK(kazakh.find("Zресей") != std::string::npos);
    const std::string latin = builder.build("Reseı men Qazaqstan").query.get_description();
    CHECK(latin.find("Zmen") == std::string::npos);
    CHECK(latin.find("qazaqstan") != std::string::npos);
}

TEST_CASE("stopwords are kept where the query asks for them", "[query_builder]") {
    QueryBuilder builder;
    // Nothing else to search for.
    CHECK(has_term(builder.build("the who"), "Zthe"));
    CHECK(builder.build("что это").query.get_description().find("Zчто") != std::string::npos);
    // In a phrase, in a field, with +, and next to NEAR.
    CHECK(builder.build("\"the power\" Russia").query.get_description().find("the PHRASE 2") !=
          std::string::npos);
    CHECK(builder.build("title:the power").query.get_description().find("Sthe") !=
          std::string::npos);
    CHECK(builder.build("+the power").query.get_description().find("Zthe") != std::string::npos);
    CHECK(builder.build("the NEAR power").query.get_description().find("the NEAR") !=
          std::string::npos);
    // A stopword left out does not take the term of the same word asked for with +.
    CHECK(has_term(builder.build("+the power the"), "Zthe"));
}

TEST_CASE("a query word also looks for names of the other script at the thesaurus's weight",
          "[query_builder]") {
    QueryBuilder builder;
    // A Cyrillic word: the Latin-script names its word and its Russian and Kazakh bases spell,
    // one synonym: a record that has both is not counted twice.
    const BuiltQuery russian = builder.build("назарбаева");
    const std::string description = russian.query.get_description();
    CHECK(description.find("0.5 * (XLnazarbaeva SYNONYM XLnazarbaev)") != std::string::npos);
    // Written with a capital, as names are: its skeleton too, in the same synonym, when no
    // key is in the database.
    CHECK(builder.build("Назарбаева").query.get_description().find("XPL") == std::string::npos);
    {
        QueryBuilder no_keys;
        no_keys.set_term_filter([](const std::string& term) { return !term.starts_with("XL"); });
        CHECK(no_keys.build("Назарбаева").query.get_description().find("0.5 * XPLnzrbv") !=
              std::string::npos);
        CHECK(no_keys.build("назарбаева").query.get_description().find("XPL") == std::string::npos);
    }
    CHECK(std::count(russian.expanded_terms.terms.begin(), russian.expanded_terms.terms.end(),
                     "XLnazarbaev") == 1);
    // Its own words are not name terms: snippets mark them as the query's own.
    CHECK(std::count(russian.terms.terms.begin(), russian.terms.terms.end(), "XLnazarbaev") == 0);
    // A Latin word: the Cyrillic-script names.
    CHECK(builder.build("Nazarbayev").query.get_description().find("XCnazarbaev") !=
          std::string::npos);
    // Not for stopwords, numbers, short words, words named by a concept of the thesaurus, nor
    // with --no-expand.
    for (const char* query : {"the 2020 EU", "Kazakhstan", "мягкая сила"}) {
        INFO(query);
        const std::string built = builder.build(query).query.get_description();
        CHECK(built.find("XL") == std::string::npos);
        CHECK(built.find("XC") == std::string::npos);
        CHECK(built.find("XP") == std::string::npos);
    }
    CHECK(builder.build("Назарбаев", /*expand=*/false).query.get_description().find("XL") ==
          std::string::npos);
    // A Latin query read as Kazakh reaches Cyrillic text through its search keys already.
    CHECK(builder.build("jūmsaq küş").query.get_description().find("XC") == std::string::npos);
}

TEST_CASE("an English clitic is not the apostrophe of Kazakh's 2017 alphabet", "[query_builder]") {
    QueryBuilder builder;
    // Read as Kazakh, each word would also match Kazakh words of the same search key (Z#).
    for (const char* query : {"Russia's soft power", "we don't know", "China's bank"}) {
        INFO(query);
        CHECK(builder.build(query).query.get_description().find("Z#") == std::string::npos);
    }
    // The 2017 alphabet itself still reads as Kazakh: ku's'i is күші.
    CHECK(builder.build("jumsaq ku's'i").query.get_description().find("Zкүш") != std::string::npos);
}

TEST_CASE("a Kazakh phrase typed in Latin letters is respelt around its numbers",
          "[query_builder]") {
    QueryBuilder builder;
    // "2020 jyly" (in 2020) also as 2020 жылы: a number is the same in every script.
    CHECK(builder.build("\"2020 jyly\"").query.get_description().find("2020 PHRASE 2 жылы") !=
          std::string::npos);
    // An English phrase is not respelt.
    CHECK(builder.build("\"2020 elections\"").query.get_description().find("OR") ==
          std::string::npos);
}

TEST_CASE("a Latin phrase with a word text has in no spelling also matches all its words",
          "[query_builder]") {
    QueryBuilder builder;
    // Aqtaban and şūbyryndy are in no spelling in the word list: no Cyrillic phrase can be spelt,
    // so each word's respelt terms, all of them, match too.
    const std::string unseen = builder.build("«Aqtaban şūbyryndy»").query.get_description();
    CHECK(unseen.find("(aqtaban PHRASE 2 şūbyryndy)") != std::string::npos);
    CHECK(unseen.find(" AND ") != std::string::npos);
    CHECK(unseen.find("Z#aktaban") != std::string::npos);
    // A phrase whose words were all seen is respelt as a phrase only.
    const std::string seen = builder.build("«jūmsaq küşi»").query.get_description();
    CHECK(seen.find("(жұмсақ PHRASE 2 күші)") != std::string::npos);
    CHECK(seen.find(" AND ") == std::string::npos);
    // Cyrillic words with their Kazakh letters are written as text has them: a phrase still.
    CHECK(builder.build("«Ақтабан шұбырынды»").query.get_description().find(" AND ") ==
          std::string::npos);
}

TEST_CASE("Kazakh in plain Latin letters is a Kazakh query and English words stay English",
          "[query_builder]") {
    QueryBuilder builder;
    // The detector reads these as English; their words are Kazakh and no English words, so the
    // Kazakh versions of the records are the ones shown.
    CHECK(builder.build("jumsaq kush", false).language == Language::kk);
    CHECK(builder.build("zhumsak kush", false).language == Language::kk);
    CHECK(builder.build("syrtqy saiasat", false).language == Language::kk);
    // Words that may be Kazakh (банк, реформа) but are English, or a q in an English name.
    CHECK(builder.build("bank reform", false).language == Language::en);
    CHECK(builder.build("Iraq war", false).language == Language::en);
    CHECK(builder.build("soft power Qazaqstan", false).language == Language::en);
    // Most words seen in text only with other endings (parlamenttegi, natizhelerin: парламент,
    // нәтиже), one of them with й typed as y: Kazakh, and each word matches its Cyrillic stem.
    const BuiltQuery inflected = builder.build("parlamentterindegi saylaudyng natizhelerin", false);
    CHECK(inflected.language == Language::kk);
    CHECK(has_term(inflected, "Zсайла"));
    CHECK(has_term(inflected, "Zнәтиже"));
    // Words known to no dictionary say nothing; the English words then keep it English.
    CHECK(builder.build("Tokayev visits Brussels", false).language == Language::en);
    CHECK(builder.build("natizhelerin soft power", false).language == Language::en);
}

TEST_CASE("a 2017 Latin word's last letter keeps its apostrophe in a query", "[query_builder]") {
    QueryBuilder builder;
    // ku's' is күш (power), not құс (bird); Qazaqstannyn' the genitive of Қазақстан.
    const BuiltQuery built = builder.build("jumsaq ku's' Qazaqstannyn'", false);
    CHECK(has_term(built, "Zкүш"));
    CHECK_FALSE(has_term(built, "Zқұс"));
    CHECK(has_term(built, "Zқазақстан"));
    // A single quote around a Kazakh word is no letter mark: 'Qazaqstan' stays Қазақстан, and
    // a mark after the quote is closed is one again.
    const BuiltQuery quoted = builder.build("'Qazaqstan' jumsaq ku's'", false);
    CHECK(has_term(quoted, "Zқазақстан"));
    CHECK(has_term(quoted, "Zкүш"));
    CHECK(has_term(builder.build("‘Qazaqstan’ jumsaq ku's'", false), "Zқазақстан"));
}

TEST_CASE("a Cyrillic word typed in Latin look-alikes also matches the Cyrillic word",
          "[query_builder]") {
    QueryBuilder builder;
    // CCCP is СССР copied from a Latin font or typed on the wrong keyboard: a Russian word and
    // no English one.
    const BuiltQuery lone = builder.build("CCCP", false);
    CHECK(has_term(lone, "Zссср"));
    CHECK(has_term(builder.build("распад CCCP", false), "Zссср"));
    // An English word of look-alikes stays English: cope is not соре, nor peace реасе.
    for (const char* query : {"cope", "peace", "Expo"}) {
        INFO(query);
        const BuiltQuery built = builder.build(query, false);
        REQUIRE_FALSE(built.terms.terms.empty());
        for (const std::string& term : built.terms.terms)
            CHECK(script_of(std::string_view(term).substr(1)) == Script::latin);
    }
}

TEST_CASE("an English qu is no mark of Kazakh Latin in a query", "[query_builder]") {
    QueryBuilder builder;
    const auto cyrillic_terms = [&](const char* query) {
        std::size_t count = 0;
        for (const std::string& term : builder.build(query, false).terms.terms)
            count += script_of(std::string_view(term).substr(1)) == Script::cyrillic;
        return count;
    };
    // quality and technique are English; bank alone does not make the query Kazakh.
    CHECK(cyrillic_terms("bank quality") == 0);
    CHECK(cyrillic_terms("banking techniques") == 0);
    // A q before anything else is Kazakh's (Qazaqstan, qoğam): bank is банк there too.
    CHECK(cyrillic_terms("Qazaqstan bank") > 0);
}

TEST_CASE("groups nest at most 32 deep, and long operator chains cost no stack",
          "[query_builder]") {
    // 4,997 nested parentheses overflowed a 4 MB stack (3,000 in the sanitizer build).
    const auto nested = [](std::size_t depth) {
        return std::string(depth, '(') + "power" + std::string(depth, ')');
    };
    QueryBuilder builder;
    CHECK_NOTHROW(builder.build(nested(max_query_depth)));
    CHECK(error_position(nested(max_query_depth + 1)) == max_query_depth);
    CHECK(error_position(nested(max_query_bytes / 2 - 3)) == max_query_depth);
    // A thousand words joined by OR, AND or NOT: one operator over them all.
    for (const std::string op : {" OR ", " AND ", " NOT "}) {
        std::string chain = "power";
        for (int i = 0; i < 1000; ++i) chain += op + "w" + std::to_string(i);
        REQUIRE(chain.size() < max_query_bytes);
        const std::string description = builder.build(chain, false).query.get_description();
        int depth = 0, deepest = 0;
        for (const char c : description) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            deepest = std::max(deepest, depth);
        }
        CHECK(deepest < 10);  // one operator over all the words, not 1,000 nested pairs
    }
    CHECK(builder.build("a AND b NOT c AND d", false).query.get_description() ==
          builder.build("(a AND b AND d) NOT c", false).query.get_description());
}

TEST_CASE("a pasted DOI finds its record and another link is words", "[query_builder]") {
    QueryBuilder builder;
    for (const std::string query : {"https://doi.org/10.1/ABC", "HTTPS://DOI.ORG/10.1/abc",
                                    "http://dx.doi.org/10.1/abc", "10.1/abc"}) {
        INFO(query);
        CHECK(builder.build(query).query.get_description() == "Query(0 * XDOI10.1/abc)");
    }
    CHECK(builder.build("soft power https://doi.org/10.1/abc")
              .query.get_description()
              .find("FILTER XDOI10.1/abc") != std::string::npos);
    const std::string link =
        builder.build("https://journal.example.kz/article").query.get_description();
    CHECK(link.find("journal") != std::string::npos);
}

TEST_CASE("a query has at most 8 wildcards", "[query_builder]") {
    QueryBuilder builder;
    std::string query;
    for (std::size_t i = 0; i < max_query_wildcards; ++i) query += "ab" + std::to_string(i) + "* ";
    CHECK_NOTHROW(builder.build(query));
    CHECK(error_position(query + "cd*") == query.size());
    CHECK_NOTHROW(builder.build(query));  // counted per query
}

TEST_CASE("the builder's Xapian query for every operator", "[query_builder]") {
    // Without expansion (thesaurus, names of the other script), which the tests above cover.
    const std::string power =
        "((Zpower SYNONYM ZSpower SYNONYM ZKpower SYNONYM ZApower) SYNONYM XNpover)";
    const std::string soft =
        "((Zsoft SYNONYM ZSsoft SYNONYM ZKsoft SYNONYM ZAsoft) SYNONYM XNsoft)";
    const std::string water =
        "((Zwater SYNONYM ZSwater SYNONYM ZKwater SYNONYM ZAwater) SYNONYM XNvater)";
    const std::string energy =
        "((Zenergi SYNONYM ZSenergi SYNONYM ZKenergi SYNONYM ZAenergi) SYNONYM XNenergi)";
    const std::string china =
        "((Zchina SYNONYM ZSchina SYNONYM ZKchina SYNONYM ZAchina) SYNONYM XNchina)";
    // clang-format off
    const std::pair<std::string, std::string> table[] = {
        // A word: its stem in every text field as one synonym, and its name key.
        {"power", "Query(" + power + ")"},
        // Words side by side: any of them, a bonus for all (their AND OR-ed in beside them),
        // and for an English or Russian query one for each two consecutive words near each
        // other (their word forms).
        {"soft power", "Query(((" + soft + " OR " + power + " OR (" + soft + " AND " + power + ")) AND_MAYBE 0.25 * ((Ssoft NEAR 8 Spower) SYNONYM (soft NEAR 8 power) SYNONYM (Ksoft NEAR 8 Kpower))))"},
        {"\"soft power\"", "Query(((soft PHRASE 2 power) SYNONYM (Ssoft PHRASE 2 Spower) SYNONYM (Ksoft PHRASE 2 Kpower) SYNONYM (Asoft PHRASE 2 Apower)))"},
        // A phrase of function words, which most records have: its fields OR-ed (Xapian then
        // reads its positions only where a record could rank) and out of the all-words bonus.
        {"\"of the\"", "Query(((of PHRASE 2 the) OR (Sof PHRASE 2 Sthe) OR (Kof PHRASE 2 Kthe) OR (Aof PHRASE 2 Athe)))"},
        {"soft power \"of the\"", "Query(((" + soft + " OR " + power + " OR ((of PHRASE 2 the) OR (Sof PHRASE 2 Sthe) OR (Kof PHRASE 2 Kthe) OR (Aof PHRASE 2 Athe)) OR (" + soft + " AND " + power + ")) AND_MAYBE 0.25 * ((Ssoft NEAR 8 Spower) SYNONYM (soft NEAR 8 power) SYNONYM (Ksoft NEAR 8 Kpower))))"},
        {"anti-soft", "Query((((anti PHRASE 2 soft) OR Zantisoft) SYNONYM ((Santi PHRASE 2 Ssoft) OR ZSantisoft) SYNONYM ((Kanti PHRASE 2 Ksoft) OR ZKantisoft) SYNONYM ((Aanti PHRASE 2 Asoft) OR ZAantisoft)))"},
        {"title:power", "Query(ZSpower)"},
        {"author:Gubaidullina", "Query((ZAgubaidullina SYNONYM XNgubaidulina))"},
        {"+power soft", "Query((" + power + " AND_MAYBE " + soft + "))"},
        {"power -China", "Query((" + power + " AND_NOT " + china + "))"},
        {"polit*", "Query((WILDCARD SYNONYM polit SYNONYM WILDCARD SYNONYM Spolit SYNONYM WILDCARD SYNONYM Kpolit SYNONYM WILDCARD SYNONYM Apolit))"},
        {"title:econ*", "Query(WILDCARD SYNONYM Secon)"},
        {"Russia NEAR Kazakhstan", "Query(((russia NEAR 10 kazakhstan) SYNONYM (Srussia NEAR 10 Skazakhstan) SYNONYM (Krussia NEAR 10 Kkazakhstan) SYNONYM (Arussia NEAR 10 Akazakhstan)))"},
        {"water NEAR/3 security", "Query(((water NEAR 4 security) SYNONYM (Swater NEAR 4 Ssecurity) SYNONYM (Kwater NEAR 4 Ksecurity) SYNONYM (Awater NEAR 4 Asecurity)))"},
        // Filters alone weigh nothing; beside words they filter.
        {"year:2025", "Query(0 * Y2025)"},
        {"year:2015..2020", "Query(VALUE_RANGE 1 \\xcf\\xdf \\xcf\\xe4)"},
        {"year:..2010", "Query(VALUE_LE 1 \\xcf\\xda)"},
        {"date:2020-03", "Query(VALUE_RANGE 0 20200300 20200399)"},
        {"date:2019-09..2020-03-15", "Query(VALUE_RANGE 0 20190900 20200315)"},
        {"lang:kk", "Query(0 * Lkk)"},
        {"doi:10.1/ABC", "Query(0 * XDOI10.1/abc)"},
        {"power year:2025", "Query((" + power + " FILTER Y2025))"},
        // Operators.
        {"water AND energy", "Query((" + water + " AND " + energy + "))"},
        {"water OR energy", "Query((" + water + " OR " + energy + "))"},
        {"water NOT China", "Query((" + water + " AND_NOT " + china + "))"},
        {"(water OR energy) AND security", "Query((((" + water.substr(1, water.size() - 2) + ") OR (" + energy.substr(1, energy.size() - 2) + ")) AND ((Zsecur SYNONYM ZSsecur SYNONYM ZKsecur SYNONYM ZAsecur) SYNONYM XNsecuriti)))"},
        // Stopwords out when there is more; Russian and Kazakh stems.
        {"the power", "Query(" + power + ")"},
        // (Russian's lemma and the Kazakh stem are one term here.)
        {"сила", "Query(((Zсила SYNONYM ZSсила SYNONYM ZKсила SYNONYM ZAсила) SYNONYM XNsila))"},
        {"күш", "Query(((Zкүш SYNONYM ZSкүш SYNONYM ZKкүш SYNONYM ZAкүш) SYNONYM XNkush))"},
    };
    // clang-format on
    QueryBuilder builder;
    for (const auto& [query, description] : table) {
        INFO(query);
        CHECK(builder.build(query, /*expand=*/false).query.get_description() == description);
    }

    // What facets are counted over: the same records without the bonuses, inside the same
    // filters, exclusions and operators.
    // clang-format off
    const std::pair<std::string, std::string> matched[] = {
        {"soft power", "Query((" + soft + " OR " + power + "))"},
        {"soft power year:2025 -China", "Query((((" + soft + " OR " + power + ") FILTER Y2025) AND_NOT " + china + "))"},
        {"(soft power) AND water", "Query(((" + soft + " OR " + power + ") AND " + water + "))"},
        {"power", "Query(" + power + ")"},
    };
    // clang-format on
    for (const auto& [query, description] : matched) {
        INFO(query);
        CHECK(builder.build(query, /*expand=*/false).matched.get_description() == description);
    }
}

TEST_CASE("a phrase only one field has is that field's phrase, not a synonym of it",
          "[query_builder]") {
    // Under an OP_SYNONYM Xapian would read the positions of every record with all the
    // phrase's words ("the people": 39 ms on 172,460 records, 6 ms alone).
    QueryBuilder builder;
    builder.set_term_filter([](const std::string& term) {
        return !term.starts_with("S") && !term.starts_with("K") && !term.starts_with("A");
    });
    CHECK(builder.build("\"soft power\"", false).query.get_description() ==
          "Query((soft PHRASE 2 power))");
    CHECK(builder.build("+\"soft power\" water", false).query.get_description() ==
          "Query(((soft PHRASE 2 power) AND_MAYBE ((Zwater SYNONYM ZSwater SYNONYM ZKwater SYNONYM "
          "ZAwater) SYNONYM XNvater)))");
    // In two fields it stays one synonym: one term for BM25 across them.
    builder.set_term_filter([](const std::string& term) { return !term.starts_with("K"); });
    CHECK(builder.build("\"soft power\"", false).query.get_description() ==
          "Query(((soft PHRASE 2 power) SYNONYM (Ssoft PHRASE 2 Spower) SYNONYM (Asoft PHRASE 2 "
          "Apower)))");
}

TEST_CASE("a quoted phrase matches the forms of its words that share their stems",
          "[query_builder]") {
    QueryBuilder builder;
    std::vector<std::string> asked;
    builder.set_word_terms([&asked](const std::string& prefix) {
        asked.push_back(prefix);
        const std::vector<std::string> database = {
            "мягкая", "мягкий", "мягкой", "мягко", "мягкость", "сила", "силой", "силы", "сильный"};
        std::vector<std::string> found;
        for (const auto& word : database)
            if (word.starts_with(prefix)) found.push_back(word);
        return found;
    });
    const BuiltQuery built = builder.build("title:\"мягкая сила\"", false);
    // What the word and its lemma begin with (мягк: мягкая, мягкий), less the lemma's last
    // letter where all of it begins the word (сил: сила). Of those, the words of its lemma
    // (the lexicon's: мягко is мягкий's too; мягкость and сильный are not).
    CHECK(asked == std::vector<std::string>{"мягк", "сил"});
    CHECK(built.query.get_description() ==
          "Query(((Sмягкая OR Sмягкий OR Sмягкой OR Sмягко) PHRASE 2 (Sсила OR Sсилой OR "
          "Sсилы)))");
    // The snippets mark the phrase in its words' match terms too.
    CHECK(built.terms.phrases ==
          std::vector<std::vector<std::string>>{{"мягкая", "сила"}, {"Zмягкий", "Zсила"}});
    // A single quoted word is that word as written; numbers too.
    asked.clear();
    CHECK(builder.build("title:\"мягкая\"", false).query.get_description() == "Query(Sмягкая)");
    CHECK(builder.build("title:\"сила 2020\"", false).query.get_description() ==
          "Query(((Sсила OR Sсилой OR Sсилы) PHRASE 2 S2020))");
    // A phrase of more than 16 words is matched as written (each word would scan the
    // database's words).
    asked.clear();
    std::string long_phrase = "title:\"сила";
    for (int i = 0; i < 16; ++i) long_phrase += " сила";
    CHECK(builder.build(long_phrase + "\"", false).query.get_description().find("Sсилы") ==
          std::string::npos);
    CHECK(asked.empty());
    CHECK(builder.build("title:\"сила 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\"", false)
              .query.get_description()
              .find("Sсилы") != std::string::npos);
    // An English phrase is its words as written (inflected, "the statements" would also be
    // "the statement", which every UN speech's title has: p99 27 -> 59 ms on the bench).
    asked.clear();
    CHECK(builder.build("title:\"soft powers\"", false).query.get_description() ==
          "Query((Ssoft PHRASE 2 Spowers))");
    CHECK(asked.empty());
    // Without the database's words (no set_word_terms): the words as written.
    CHECK(QueryBuilder().build("title:\"мягкая сила\"", false).query.get_description() ==
          "Query((Sмягкая PHRASE 2 Sсила))");
}

TEST_CASE("punctuation beside a group is left out, not a query with no words", "[query_builder]") {
    // A question ending in a bracket ("... турбину (в градусах Цельсия)?") failed with "the
    // query has no words to search for": the "?" after the group was a run of its own.
    QueryBuilder builder;
    const std::string grouped = builder.build("soft (power)", false).query.get_description();
    for (const char* query :
         {"soft (power)?", "soft (power) .", "soft (power) -", "soft ? (power)"}) {
        INFO(query);
        CHECK(builder.build(query, false).query.get_description() == grouped);
    }
    CHECK(builder.build("(power)?", false).query.get_description() ==
          builder.build("(power)", false).query.get_description());
    // With nothing beside it, punctuation is still no query.
    CHECK(error_position("?") == 0);
    CHECK(error_position("soft (?)") == 6);
}

TEST_CASE("errors that need analysis are the builder's", "[query_builder]") {
    // The parser cannot tell these: they depend on what analysis finds in the words.
    CHECK(error_position("  ,, ") == 0);                  // no words to search for
    CHECK(error_position("x AND (,,)") == 7);             // ... in a group
    CHECK(error_position("-China") == 0);                 // only words to leave out
    CHECK(error_position("\"\" power") == 1);             // the quoted phrase has no words
    CHECK(error_position("anti-soft NEAR power") == 10);  // NEAR needs a single word
    CHECK(error_position("power NEAR anti-soft") == 6);
    CHECK(error_position("a* power") == 0);  // a wildcard needs two letters
}

TEST_CASE("the proximity bonus pairs consecutive plain words of English and Russian queries",
          "[query_builder]") {
    QueryBuilder builder;
    const auto description = [&](const std::string& query) {
        return builder.build(query).query.get_description();
    };
    const auto has = [](const std::string& description, const std::string& part) {
        return description.find(part) != std::string::npos;
    };
    // Stopwords left out do not part their neighbours ("power in Kazakhstan").
    const std::string english = description("soft power in Kazakhstan");
    CHECK(has(english,
              "0.25 * (((Ssoft NEAR 8 Spower) SYNONYM (soft NEAR 8 power) SYNONYM "
              "(Ksoft NEAR 8 Kpower)) OR ((Spower NEAR 8 Skazakhstan) SYNONYM "
              "(power NEAR 8 kazakhstan) SYNONYM (Kpower NEAR 8 Kkazakhstan)))"));
    CHECK_FALSE(has(english, "Asoft NEAR"));  // not in authors
    // Word forms, as typed (normalised): stems have no positions.
    CHECK(has(description("мягкая сила России"), "(мягкая NEAR 8 сила) SYNONYM"));
    CHECK(has(description("мягкая сила России"), "(сила NEAR 8 россии) SYNONYM"));
    // Latin words of a Russian question (a name) are paired too.
    CHECK(has(description("Когда был запущен сервис Sky Digital?"), "(sky NEAR 8 digital)"));
    // Kazakh, in any spelling: none (a Kazakh word has too many forms).
    for (const std::string query : {"жұмсақ күш Қазақстанда", "су қауіпсіздігі", "жумсак куш",
                                    "jumsaq kush", "Resei jumsaq kushi Qazaqstanda"}) {
        INFO(query);
        CHECK(builder.build(query).language == Language::kk);
        CHECK_FALSE(has(description(query), "NEAR"));
    }
    // Not phrases, hyphenated words, numbers, fields, + or -, nor a word beside itself; each of
    // them parts the words around it.
    for (const std::string query :
         {"\"soft power\" Kazakhstan", "anti-soft power", "power 2025 Kazakhstan",
          "title:soft power", "+soft power", "soft -power", "power power", "power",
          "water \"soft power\" Kazakhstan"}) {
        INFO(query);
        CHECK_FALSE(has(description(query), "NEAR"));
    }
    // --no-expand leaves it on: it is ranking, not expansion.
    CHECK(has(builder.build("soft power", /*expand=*/false).query.get_description(),
              "soft NEAR 8 power"));
}
