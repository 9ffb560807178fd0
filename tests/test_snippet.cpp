#include <catch2/catch.hpp>

#include "search/query_builder.h"
#include "search/snippet.h"

using namespace polsearch;

namespace {
Snippet snippet_for(const std::string& text, Language language, const std::string& query) {
    QueryBuilder builder;
    const BuiltQuery built = builder.build(query);
    return make_snippet(builder.analyzer(), text, language, built.terms);
}
}  // namespace

TEST_CASE("snippets highlight the inflected forms that matched", "[snippet]") {
    const Snippet snippet = snippet_for("Анализируются инструменты мягкой силы России в регионе.",
                                        Language::ru, "мягкая сила Россия");
    CHECK(snippet_marked(snippet, "[", "]") ==
          "Анализируются инструменты [мягкой силы России] в регионе.");
    CHECK(snippet.matched_words == 3);
}

TEST_CASE("snippets are cut at word boundaries around the best passage", "[snippet]") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "filler" + std::to_string(i) + " words here. ";
    text += "Russian soft power in Kazakhstan is the topic.";
    for (int i = 0; i < 40; ++i) text += " more" + std::to_string(i) + " text";
    const Snippet snippet = snippet_for(text, Language::en, "\"soft power\" Kazakhstan");
    const std::string marked = snippet_marked(snippet, "[", "]");
    CHECK(marked.rfind("… ", 0) == 0);
    CHECK(marked.find("[soft power] in [Kazakhstan]") != std::string::npos);
    CHECK(marked.size() >= 7);
    CHECK(marked.substr(marked.size() - 4) == " …");
    // Cut between words: the text right after "… " begins a word of the source.
    const std::string first_word = marked.substr(4, marked.find(' ', 4) - 4);
    CHECK(text.find(" " + first_word + " ") != std::string::npos);
}

TEST_CASE("hyphenated words highlight whole", "[snippet]") {
    const Snippet snippet =
        snippet_for("Keywords: soft/anti-soft power, Russia", Language::en, "anti-soft power");
    CHECK(snippet_marked(snippet, "[", "]") == "Keywords: soft/[anti-soft power], Russia");
}

TEST_CASE("snippet HTML escapes the text and marks highlights", "[snippet]") {
    const Snippet snippet = snippet_for("Soft power & <hard> power", Language::en, "hard");
    CHECK(snippet_html(snippet) == "Soft power &amp; &lt;<mark>hard</mark>&gt; power");
}

TEST_CASE("a text without matches gives its beginning", "[snippet]") {
    const Snippet snippet = snippet_for("Nothing relevant here at all.", Language::en, "power");
    CHECK(snippet.text == "Nothing relevant here at all.");
    CHECK(snippet.highlights.empty());
}

TEST_CASE("wildcards highlight every word they begin", "[snippet]") {
    const Snippet snippet =
        snippet_for("Political parties and politicians shape policy; the polity is young.",
                    Language::en, "polit* young");
    CHECK(snippet_marked(snippet, "[", "]") ==
          "[Political] parties and [politicians] shape policy; the [polity] is [young].");
    // In a field, and beside a phrase in a parenthesised query.
    const Snippet fielded = snippet_for("Политика и политология в Казахстане.", Language::ru,
                                        "(abstract:полит* OR \"in Kazakhstan\")");
    CHECK(snippet_marked(fielded, "[", "]") == "[Политика] и [политология] в Казахстане.");
}

TEST_CASE(
    "long texts are cut into pieces at spaces, and snippets of a piece say where they were cut",
    "[snippet]") {
    std::string text;
    while (text.size() < 3 * snippet_piece_bytes) text += "word ";
    const std::string_view first = snippet_piece(text, 0);
    CHECK(first.size() >= snippet_piece_bytes);
    CHECK(first.size() < snippet_piece_bytes + 10);
    CHECK(text[first.size()] == ' ');
    // The rest is one piece when a second cut would leave a short last piece.
    const std::string_view last = snippet_piece(text, 2 * snippet_piece_bytes);
    CHECK(last.size() == text.size() - 2 * snippet_piece_bytes);
    CHECK(snippet_piece(text, text.size()).empty());

    Snippet snippet;
    snippet.text = "the [soft power] here";
    snippet.highlights = {{4, 16}};
    place_in_text(snippet, 100, 50, 500);
    CHECK(snippet.text == "… the [soft power] here …");
    CHECK(snippet.text.substr(snippet.highlights[0].first, 12) == "[soft power]");
}

TEST_CASE("a name found in the other script is marked", "[snippet]") {
    const std::string text = "The article traces the concept from Nazarbayev's early speeches.";
    const Snippet found = [&] {
        QueryBuilder builder;
        const BuiltQuery built = builder.build("Назарбаев");
        return make_snippet(builder.analyzer(), text, Language::en, built.expanded_terms);
    }();
    CHECK(snippet_marked(found, "[", "]") ==
          "The article traces the concept from [Nazarbayev's] early speeches.");
    // Only a capitalised word is a name.
    const Snippet lower = [&] {
        QueryBuilder builder;
        const BuiltQuery built = builder.build("Трейсес");  // "traces", spelt in Cyrillic
        return make_snippet(builder.analyzer(), text, Language::en, built.expanded_terms);
    }();
    CHECK(lower.matched_words == 0);
}
