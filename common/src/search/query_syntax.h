// Query syntax: a query string read into a small tree, with the byte offset of every part, and
// every syntax error reported (docs/query-syntax.md), with no analysis and no database. What
// the words mean (stems, languages, stopwords, expansion) is the builder's (query_builder.h).
//
// A query is runs of clauses side by side, combined by AND, OR and NOT and grouped by
// parentheses:
//
//   query  := any
//   any    := all ("OR" all)*           OR binds loosest
//   all    := side ("AND" side | "NOT" side)*
//   side   := (run | "(" any ")")+      parts side by side
//   run    := clause+                   the text between parentheses and operators
//
// A clause is a word or words (a chunk between spaces: "anti-soft", "power,"), a quoted phrase
// (any quote style: " “ ” « » „), a wildcard (polit*), two words joined by NEAR or NEAR/N, or a
// filter (year:, date:, lang:, doi:, a pasted DOI). Words, phrases and wildcards may be marked +
// or - and restricted to a field (title:, abstract:, keyword:, author:).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polsearch {

/// Longest query accepted, in bytes.
inline constexpr std::size_t max_query_bytes = 10000;

/// Deepest nesting of parenthesised groups accepted: each level costs stack in the parser and
/// in Xapian, and no one writes more than a few.
inline constexpr std::size_t max_query_depth = 32;

/// Wildcards (word*) in one query at most: each is expanded in every field before the match
/// starts, which the time limit cannot stop.
inline constexpr std::size_t max_query_wildcards = 8;

/// A filter's value, checked: a year, a range of years or of dates, a language, a DOI.
struct FilterValue {
    enum class Kind { year, year_range, date_range, language, doi } kind = Kind::year;
    std::string value;      ///< year: "2020"; language: "ru"; doi: "10.1/x" (normalised)
    std::string low, high;  ///< ranges: the bounds as their value slot holds them, "" if open
};

struct Clause {
    enum class Kind { words, phrase, wildcard, near, filter } kind = Kind::words;
    std::size_t begin = 0;       ///< where the clause starts (its field or modifier)
    std::string_view text;       ///< the words; the phrase inside its quotes; the wildcard's
                                 ///< start without the *; NEAR's left word; a filter's value
    std::size_t text_begin = 0;  ///< where `text` starts in the query
    char modifier = 0;           ///< '+' (every hit has it), '-' (no hit has it) or 0
    std::string field;           ///< title, abstract, keyword, author, or a filter's name; ""
    // A phrase: the quotes it was written with.
    std::string_view open_quote, close_quote;
    // NEAR: the right word, and the window (the number of words + 1).
    std::string_view right;
    std::size_t right_begin = 0;
    unsigned window = 10;
    std::size_t near_at = 0;  ///< where the NEAR is
    FilterValue filter;       ///< a filter's checked value
};

struct QueryNode {
    enum class Kind {
        run,           ///< `clauses` side by side; `begin`, `end`: the text they came from
        side_by_side,  ///< `children` side by side (any of them)
        all,           ///< `children` all, none of `excluded`
        any,           ///< any of `children`
        group          ///< `children[0]` in parentheses at `begin` and `end` - 1
    } kind = Kind::run;
    std::size_t begin = 0, end = 0;
    std::vector<Clause> clauses;
    std::vector<QueryNode> children;
    std::vector<QueryNode> excluded;
};

/// Reads `query` into its tree. Throws QueryError, with the byte offset of the problem, for a
/// query that cannot be parsed: too long, not UTF-8 or with a NUL, an unclosed quote,
/// parentheses that do not match or nest too deep, an operator without a side, an unknown
/// field or one with nothing after it, NEAR without a word on each side, a bad filter value,
/// too many wildcards. A query that is all spaces is one empty run.
QueryNode parse_query(std::string_view query);

/// The tree as text, for tests and for reading: (run [word "soft"] [phrase "soft power"]),
/// (any …), (all … (not …)), (group …), with fields, modifiers and offsets.
std::string describe(const QueryNode& node);

}  // namespace polsearch
