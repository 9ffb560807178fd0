// Formatting search results for people (text) and for programs (JSON).
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polsearch/search.h"

namespace polsearch {

struct TextStyle {
    bool color = false;     ///< ANSI bold for highlights and titles (on a terminal)
    std::size_t width = 0;  ///< lines are fitted to this many columns; 0: not at all
};

/// The columns `text` takes in a terminal: ANSI escape sequences none, combining marks none,
/// wide (East Asian) characters two, every other character one.
std::size_t display_width(std::string_view text);

/// `text` (one line, which may hold ANSI escapes) broken at spaces into lines of at most
/// `width` columns, every line after the first indented by `hanging` spaces. A word wider
/// than the line gets a line of its own. `width` 0 leaves the text as it is.
std::string fit_to_width(std::string_view text, std::size_t width, std::size_t hanging);

/// {"query", "query_language", "total", "offset", "hits": [{"rank", "id", "score", "title",
///  "authors", "year", "doi", "journal", "language", "title_language", "snippet_language",
///  "snippet"}]}; "snippet" is HTML with <mark> highlights; languages are codes or null.
nlohmann::ordered_json result_to_json(const SearchResult& result);

/// One record whole: every language version of its title, abstract and keywords, and its
/// metadata.
void write_record_text(std::ostream& out, const Record& record, const TextStyle& style);

/// What a text result's first line says it is for besides its query: the filters, and for
/// "more like this" the record it started from.
struct TextHeading {
    std::vector<std::pair<std::string, std::string>> filters = {};  ///< (facet, value)
    std::string similar_to = {};     ///< the id of the record the hits are like
    std::string similar_title = {};  ///< and its title, when known
};

/// Hits as numbered blocks for reading in a terminal, after a line that says what they are
/// for: "Hits 1–10 of 25 for мягкая сила, filtered by language:ru".
void write_text(std::ostream& out, const SearchResult& result, const TextStyle& style,
                const TextHeading& heading = {});

}  // namespace polsearch
