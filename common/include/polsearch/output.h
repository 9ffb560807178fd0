// Formatting search results for people (text) and for programs (JSON).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <ostream>

#include "polsearch/searcher.h"

namespace polsearch {

struct TextStyle {
    bool color = false;  ///< ANSI bold for highlights and titles (on a terminal)
};

/// {"query", "total", "offset", "hits": [{"rank", "id", "score", "title", "authors", "year",
///  "doi", "journal", "language", "snippet"}]}; "snippet" is HTML with <mark> highlights.
nlohmann::ordered_json result_to_json(const SearchResult& result);

/// One record whole: every language version of its title, abstract and keywords, and its
/// metadata.
void write_record_text(std::ostream& out, const Record& record, const TextStyle& style);

/// Hits as numbered blocks for reading in a terminal.
void write_text(std::ostream& out, const SearchResult& result, const TextStyle& style);

}  // namespace polsearch
