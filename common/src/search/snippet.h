// Snippets: the passage of a text that best shows why a record matched, cut at word
// boundaries, with the matched words (in whatever inflection the text has them) marked.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"
#include "polsearch/search.h"
#include "search/query_builder.h"

namespace polsearch {

/// Words in a snippet at most.
inline constexpr std::size_t snippet_words = 36;

/// The best excerpt of `text` (written in `language`) for a query that matches `terms`.
/// Without any match: the beginning of the text.
Snippet make_snippet(Analyzer& analyzer, std::string_view text, Language language,
                     const QueryTerms& terms);

/// The same, for a text already analysed (`analysis` is the analysis of `text`).
Snippet make_snippet(const Analysis& analysis, std::string_view text, const QueryTerms& terms);

/// For each word of an analysed text, what of `terms` it matches (a term, a phrase or a
/// prefix of them, as an opaque pointer), or nullptr.
std::vector<const void*> match_words(const Analysis& analysis, std::string_view text,
                                     const QueryTerms& terms);

/// How many words match, of what match_words gave.
std::size_t count_matched(const std::vector<const void*>& matched);

/// The snippet of an analysed text whose words' matches match_words gave.
Snippet make_snippet(const Analysis& analysis, std::string_view text,
                     const std::vector<const void*>& matched);

/// Long texts are analysed for a snippet a piece of about this many bytes at a time, up to
/// snippet_max_pieces pieces, stopping at the first piece with a match: the analysis (ICU
/// segmentation, normalisation, stemming) is most of the time a search takes, and with BM25
/// the long records are often among the hits.
inline constexpr std::size_t snippet_piece_bytes = 3000;
inline constexpr std::size_t snippet_max_pieces = 4;

/// A text longer than this is first scanned for the query's words (SnippetScan), and only
/// the part of it where they are is analysed.
inline constexpr std::size_t snippet_scan_bytes = 900;

/// Where in a long text the query's words are, found without analysing it: each word's stem (its
/// first four letters) looked for in the text folded to lower case. A part of about 600 bytes
/// around the densest place is then analysed instead of the whole text; where the scan cannot
/// tell (Kazakh, whose stems may change a letter of the word; keys and names of the other
/// script), or finds nothing, the text is analysed as before.
class SnippetScan {
  public:
    explicit SnippetScan(const QueryTerms& terms);
    /// The part of `text` (in `language`) to analyse: its start and length; nullopt when the
    /// scan cannot tell.
    std::optional<std::pair<std::size_t, std::size_t>> part(std::string_view text,
                                                            Language language) const;

  private:
    std::vector<std::string> keys_;
};

/// The piece of `text` that starts at byte `begin`: about snippet_piece_bytes, ending at a
/// space (or at the end of the text).
std::string_view snippet_piece(std::string_view text, std::size_t begin);

/// A snippet made from the piece of a longer text that starts at byte `begin` and is
/// `piece_bytes` long, with "…" added where the piece cuts the text.
void place_in_text(Snippet& snippet, std::size_t begin, std::size_t piece_bytes,
                   std::size_t text_bytes);

/// How many words of an analysed text (`analysis` of `text`) match `terms`.
std::size_t count_matches(const Analysis& analysis, std::string_view text, const QueryTerms& terms);

/// The snippet as HTML: text escaped, highlights in <mark>…</mark>.
std::string snippet_html(const Snippet& snippet);

/// The snippet with highlights between `open` and `close` (ANSI codes, or "*" and "*").
std::string snippet_marked(const Snippet& snippet, std::string_view open, std::string_view close);

}  // namespace polsearch
