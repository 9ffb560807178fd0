// The query parser alone: no analysis, no database (search/query_syntax.h). A table of query →
// tree, and every syntax error of docs/query-syntax.md with its offset.
#include <catch2/catch.hpp>

#include "polsearch/error.h"
#include "search/query_syntax.h"

using namespace polsearch;

namespace {

std::string tree(const std::string& query) {
    return describe(parse_query(query));
}

std::string error_of(const std::string& query) {
    try {
        parse_query(query);
    } catch (const QueryError& error) {
        return std::to_string(error.position()) + " " + error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("a query becomes a tree of runs, clauses and operators", "[query_syntax]") {
    // clang-format off
    const std::pair<const char*, const char*> table[] = {
        {"soft power", R"t((run [word "soft"@0] [word "power"@5]))t"},
        {"  soft   power  ", R"t((run [word "soft"@2] [word "power"@9]))t"},
        {"", "(run)"},
        {"   ", "(run)"},
        // Phrases, with the quotes they were written with.
        {"\"soft power\" Kazakhstan", R"t((run [phrase "soft power"@1 ""] [word "Kazakhstan"@13]))t"},
        {"«мягкая сила» “soft power” „сила“",
         R"t((run [phrase "мягкая сила"@2 «»] [phrase "soft power"@29 “”] [phrase "сила"@46 „“]))t"},
        // A chunk between spaces is one clause, its punctuation and hyphens kept for analysis.
        {"anti-soft power,", R"t((run [word "anti-soft"@0] [word "power,"@10]))t"},
        // + and -; a lone one right before a phrase is the phrase's, elsewhere punctuation.
        {"+Kazakhstan -China power", R"t((run [+word "Kazakhstan"@1] [-word "China"@13] [word "power"@19]))t"},
        {"-\"hard power\" +\"soft power\"", R"t((run [-phrase "hard power"@2 ""] [+phrase "soft power"@16 ""]))t"},
        {"Russia - Kazakhstan", R"t((run [word "Russia"@0] [word "Kazakhstan"@9]))t"},
        // Wildcards and fields.
        {"polit* title:econ*", R"t((run [wildcard "polit"@0] [wildcard title: "econ"@13]))t"},
        {"title:power abstract:\"soft power\" keyword:anti-soft author:Gubaidullina",
         R"t((run [word title: "power"@6] [phrase abstract: "soft power"@22 ""] [word keyword: "anti-soft"@42] [word author: "Gubaidullina"@59]))t"},
        {"title: \"soft power\"", R"t((run [phrase title: "soft power"@8 ""]))t"},
        {"TITLE:power", R"t((run [word title: "power"@6]))t"},
        {"distinguished: search", R"t((run [word "distinguished:"@0] [word "search"@15]))t"},
        {"https://journal.example.kz/a", R"t((run [word "https://journal.example.kz/a"@0]))t"},
        // NEAR (a lone dash between is punctuation).
        {"Russia NEAR Kazakhstan", R"t((run [near "Russia"@0 NEAR window 10 "Kazakhstan"@12]))t"},
        {"water NEAR/3 security", R"t((run [near "water"@0 NEAR window 4 "security"@13]))t"},
        {"a - NEAR b", R"t((run [near "a"@0 NEAR window 10 "b"@9]))t"},
        // Filters, their values checked and ready for the value slots.
        {"year:2025 year:..2010 year:2015..", R"t((run [filter year: "2025"@5 = 2025] [filter year: "..2010"@15 = *..2010] [filter year: "2015.."@27 = 2015..*]))t"},
        {"year:2015..2020", R"t((run [filter year: "2015..2020"@5 = 2015..2020]))t"},
        {"date:2020-03 date:2019-09..2020-03-15 date:..2019-12",
         R"t((run [filter date: "2020-03"@5 = 20200300..20200399] [filter date: "2019-09..2020-03-15"@18 = 20190900..20200315] [filter date: "..2019-12"@43 = *..20191299]))t"},
        {"lang:KK doi:10.1/ABC", R"t((run [filter lang: "KK"@5 = kk] [filter doi: "10.1/ABC"@12 = 10.1/abc]))t"},
        {"year:\"2020\"", R"t((run [filter year: "2020"@6 = 2020]))t"},
        // A pasted DOI is a doi: filter.
        {"https://doi.org/10.1/abc 10.1/x", R"t((run [filter doi: "https://doi.org/10.1/abc"@0 = 10.1/abc] [filter doi: "10.1/x"@25 = 10.1/x]))t"},
        // Operators: OR loosest, then AND and NOT; groups; parts side by side.
        {"water AND energy", R"t((all (run [word "water"@0]) (run [word "energy"@10])))t"},
        {"water OR energy", R"t((any (run [word "water"@0]) (run [word "energy"@9])))t"},
        {"Central Asia NOT China", R"t((all (run [word "Central"@0] [word "Asia"@8]) (not (run [word "China"@17]))))t"},
        {"a AND b NOT c AND d", R"t((all (run [word "a"@0]) (run [word "b"@6]) (run [word "d"@18]) (not (run [word "c"@12]))))t"},
        {"a OR b AND c", R"t((any (run [word "a"@0]) (all (run [word "b"@5]) (run [word "c"@11]))))t"},
        {"(Kazakhstan OR Uzbekistan) AND \"water policy\" NOT China",
         R"t((all (group@0 (any (run [word "Kazakhstan"@1]) (run [word "Uzbekistan"@15]))) (run [phrase "water policy"@32 ""]) (not (run [word "China"@50]))))t"},
        {"((a))", R"t((group@0 (group@1 (run [word "a"@2]))))t"},
        {"a(b)c", R"t((side (run [word "a"@0]) (group@1 (run [word "b"@2])) (run [word "c"@4])))t"},
        // Quotes protect everything inside them; lower-case operators are words.
        {"\"war (and peace)\" AND x", R"t((all (run [phrase "war (and peace)"@1 ""]) (run [word "x"@22])))t"},
        {"war and peace or not", R"t((run [word "war"@0] [word "and"@4] [word "peace"@8] [word "or"@14] [word "not"@17]))t"},
    };
    // clang-format on
    for (const auto& [query, expected] : table) {
        INFO(query);
        CHECK(tree(query) == expected);
    }
}

TEST_CASE("every syntax error is the parser's, with its offset", "[query_syntax]") {
    // clang-format off
    const std::pair<std::string, const char*> table[] = {
        {std::string(max_query_bytes + 1, 'a'), "10000 the query is longer than 10000 bytes"},
        {"soft\xffpower", "4 the query is not valid UTF-8"},
        {std::string("soft\0power", 10), "4 the query contains a NUL character"},
        {"\"soft power", "0 the quote that opens a phrase is never closed"},
        {"soft «power", "5 the quote that opens a phrase is never closed"},
        {"title: power", "0 title: needs a word or a quoted phrase right after it"},
        {"power title:", "6 title: needs a word or a quoted phrase right after it"},
        {"foo:bar power", "0 unknown field 'foo:' (fields: title, abstract, keyword, author, year, date, lang, doi)"},
        {"year:abc", "5 year: needs a four-digit year, not 'abc'"},
        {"year:20201", "5 year: needs a four-digit year, not '20201'"},
        {"year:2020..2015", "5 year: needs a range such as 2015..2020, not '2020..2015'"},
        {"year:..", "5 year: needs a range such as 2015..2020, not '..'"},
        {"date:2020-13", "5 date: needs a date written 2020, 2020-03 or 2020-03-15, not '2020-13'"},
        {"date:2020-02-30", "5 date: needs a date written 2020, 2020-03 or 2020-03-15, not '2020-02-30'"},
        {"date:2020..2019", "5 date: needs a range such as 2019-09..2020-03-15, not '2020..2019'"},
        {"lang:de", "5 lang: needs en, ru or kk, not 'de'"},
        {"doi:nonsense", "4 doi: needs a DOI (10.…/…), not 'nonsense'"},
        {"NEAR b", "0 NEAR needs a single word on each side"},
        {"a NEAR", "2 NEAR needs a single word on each side"},
        {"a NEAR NEAR b", "7 NEAR needs a single word on each side"},
        {"a NEAR \"b c\"", "2 NEAR needs a single word on each side"},
        {"a NEAR title:b", "2 NEAR needs a single word on each side"},
        {"a NEAR b*", "2 NEAR needs a single word on each side"},
        {"+a NEAR b", "3 NEAR needs a single word on each side"},
        {"a NEAR/0 b", "2 NEAR/ needs a number of words from 1 to 999"},
        {"a NEAR/1000 b", "2 NEAR/ needs a number of words from 1 to 999"},
        {"a1* a2* a3* a4* a5* a6* a7* a8* a9*", "32 a query may have at most 8 wildcards (word*)"},
        {"(", "0 this parenthesis is never closed"},
        {"(a", "0 this parenthesis is never closed"},
        {")", "0 this parenthesis closes nothing"},
        {"a)", "1 this parenthesis closes nothing"},
        {"()", "1 the parentheses hold nothing"},
        {"a AND", "2 AND needs a word, a phrase or a group on each side"},
        {"AND b", "0 AND needs a word, a phrase or a group on each side"},
        {"a AND OR b", "6 OR needs a word, a phrase or a group on each side"},
        {"NOT b", "0 NOT needs a word, a phrase or a group on each side (use -word to leave a word out)"},
        {std::string(33, '(') + "a" + std::string(33, ')'), "32 groups are nested more than 32 deep"},
    };
    // clang-format on
    for (const auto& [query, expected] : table) {
        INFO(query.substr(0, 60));
        CHECK(error_of(query) == expected);
    }
    // Errors inside parentheses name their place in the whole query.
    CHECK(error_of("(a OR b) AND (c year:x)") == "21 year: needs a four-digit year, not 'x'");
    CHECK(error_of("x AND \"y") == "6 the quote that opens a phrase is never closed");
}
