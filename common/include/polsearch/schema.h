// The layout of a polsearch database: which terms, values and data a record becomes.
//
// Xapian 1.4 facts behind it (../shared/notes/xapian-1.4.md): snippets, phrases and spelling
// work on unprefixed terms, so every searchable text is indexed unprefixed with positions;
// QueryParser holds one stemmer, so we build terms and queries ourselves with one Analyzer.
//
// - Unprefixed word terms with positions: title, keywords, abstract and authors, all language
//   versions, each field and version at its own position range (no phrase crosses them). The
//   wdf of a word is multiplied by its field's weight, which is how BM25 ranks title and
//   keyword matches above abstract matches.
// - "Z" + stem: the stemmed term a query word matches (stem of the word's language).
// - Field copies for field search: prefix + word (positions) and "Z" + prefix + stem.
// - Hyphenated words: their parts at consecutive positions and the parts written together
//   ("antisoft") at the first part's position.
// - Boolean terms: Q + id (unique, so indexing again replaces), L + language, Y + year,
//   XDOI + doi, XK + whole keyword, XAU + whole author name.
// - Values: date (YYYYMMDD), year (sortable), language; document data: the record's JSON.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace polsearch::schema {

// Field prefixes (words and stems).
inline constexpr std::string_view title_prefix = "S";
inline constexpr std::string_view abstract_prefix = "XA";
inline constexpr std::string_view keyword_prefix = "K";
inline constexpr std::string_view author_prefix = "A";

// Boolean terms.
inline constexpr std::string_view id_prefix = "Q";
inline constexpr std::string_view language_prefix = "L";
inline constexpr std::string_view year_prefix = "Y";
inline constexpr std::string_view doi_prefix = "XDOI";
inline constexpr std::string_view whole_keyword_prefix = "XK";
inline constexpr std::string_view whole_author_prefix = "XAU";

// Value slots.
inline constexpr Xapian::valueno date_slot = 0;      ///< "YYYYMMDD"; "00" for unknown parts
inline constexpr Xapian::valueno year_slot = 1;      ///< Xapian::sortable_serialise(year)
inline constexpr Xapian::valueno language_slot = 2;  ///< "en", "ru", "kk"

// How much a word counts in each field (wdf multiplier).
inline constexpr Xapian::termcount title_weight = 3;
inline constexpr Xapian::termcount keyword_weight = 3;
inline constexpr Xapian::termcount abstract_weight = 1;
inline constexpr Xapian::termcount author_weight = 1;

/// BM25 parameters. k1 is the usual 1.2 (Lucene's, Elasticsearch's). b, the share of document
/// length normalisation, is low on purpose: a record's length here varies mostly with how many
/// language versions of its title, abstract and keywords it carries (a trilingual record is
/// three times as long as the same record in one language), not with verbosity, and Xapian 1.4
/// has one length per document (no BM25F) among the weights a remote server knows. With
/// Xapian's default b = 0.5 a trilingual record lost to monolingual ones that mention the
/// query's words fewer times. bench/ measures the effect on the evaluation collections.
inline constexpr double bm25_k1 = 1.2;
inline constexpr double bm25_b = 0.1;

/// Positions left empty between fields and language versions, so that no phrase or NEAR query
/// matches across them.
inline constexpr Xapian::termpos field_gap = 100;

/// Boolean terms longer than this are cut (Xapian's limit is 245 bytes).
inline constexpr std::size_t max_boolean_term_bytes = 240;

/// The unique id term of a record.
std::string id_term(std::string_view id);

/// `prefix` + `value`, cut at a UTF-8 character boundary to fit Xapian's term limit.
std::string boolean_term(std::string_view prefix, std::string_view value);

}  // namespace polsearch::schema
