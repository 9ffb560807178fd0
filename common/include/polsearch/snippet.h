// Snippets: the passage of a text that best shows why a record matched, cut at word
// boundaries, with the matched words (in whatever inflection the text has them) marked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polsearch/analyzer.h"
#include "polsearch/query_builder.h"

namespace polsearch {

struct Snippet {
    std::string text;  ///< an excerpt of the source text, with "…" where it was cut
    std::vector<std::pair<std::size_t, std::size_t>> highlights;  ///< byte ranges in `text`
    std::size_t matched_words = 0;  ///< how many words of the excerpt matched
};

/// Words in a snippet at most.
inline constexpr std::size_t snippet_words = 36;

/// The best excerpt of `text` (written in `language`) for a query that matches `terms`.
/// Without any match: the beginning of the text.
Snippet make_snippet(Analyzer& analyzer, std::string_view text, Language language,
                     const QueryTerms& terms);

/// The same, for a text already analysed (`analysis` is the analysis of `text`).
Snippet make_snippet(const Analysis& analysis, std::string_view text, const QueryTerms& terms);

/// How many words of an analysed text match `terms`.
std::size_t count_matches(const Analysis& analysis, const QueryTerms& terms);

/// The snippet as HTML: text escaped, highlights in <mark>…</mark>.
std::string snippet_html(const Snippet& snippet);

/// The snippet with highlights between `open` and `close` (ANSI codes, or "*" and "*").
std::string snippet_marked(const Snippet& snippet, std::string_view open, std::string_view close);

}  // namespace polsearch
