#include <algorithm>
#include <catch2/catch.hpp>

#include "index/name_terms.h"

using namespace polsearch;

TEST_CASE("a capitalised word of a text is a name term of its script", "[name_terms]") {
    // Each key followed by its skeleton (name_skeleton), once.
    CHECK(text_name_terms("nazarbayev's", Language::en) ==
          std::vector<std::string>{"XLnazarbaevs", "XPLnzrbvs", "XLnazarbaev", "XPLnzrbv"});
    CHECK(text_name_terms("назарбаева", Language::ru) ==
          std::vector<std::string>{"XCnazarbaeva", "XPCnzrbv", "XCnazarbaev"});
    CHECK(text_name_terms("тоқаевтың", Language::kk) ==
          std::vector<std::string>{"XCtokaevting", "XPCtkvtng", "XCtokaev", "XPCtkv"});
    CHECK(text_name_terms("путин", Language::ru) == std::vector<std::string>{"XCputin", "XPCptn"});
    CHECK(text_name_terms("lee", Language::en) == std::vector<std::string>{"XLle"});
    // Stopwords ("The" opens sentences) and words without letters are no names.
    CHECK(text_name_terms("the", Language::en).empty());
    CHECK(text_name_terms("в", Language::ru).empty());
    CHECK(text_name_terms("2020", Language::en).empty());
}

TEST_CASE("a query word looks for the name terms of the other script", "[name_terms]") {
    // Every spelling of a name meets the others' text terms.
    const auto has = [](const std::vector<std::string>& terms, const std::string& term) {
        return std::find(terms.begin(), terms.end(), term) != terms.end();
    };
    for (const char* word : {"назарбаев", "назарбаева", "назарбаевтың"}) {
        INFO(word);
        CHECK(has(other_script_name_terms(word), "XLnazarbaev"));
    }
    CHECK(other_script_name_terms("nazarbayev") == std::vector<std::string>{"XCnazarbaev"});
    CHECK(other_script_name_terms("tokayev") == std::vector<std::string>{"XCtokaev"});
    CHECK(other_script_name_terms("the").empty());
    CHECK(other_script_name_terms("eu").empty());  // under three letters
    // With skeletons (a word written with a capital), its skeleton's terms too.
    CHECK(other_script_name_terms("пэнтерс", true) ==
          std::vector<std::string>{"XLpenters", "XPLpntrs"});
    CHECK(other_script_name_terms("panthers", true) ==
          std::vector<std::string>{"XCpanthers", "XPCpntrs"});
}
