// The layout of a polsearch database: which terms, values and data a record becomes.
//
// Xapian 1.4 facts behind it (../shared/notes/xapian-1.4.md): QueryParser holds one stemmer
// and TermGenerator does not use ICU, so we build terms and queries ourselves with one Analyzer.
//
// - Each text field is indexed once, under its own prefix: words with positions (prefix +
//   word) and stems (Z + prefix + stem). The abstract, the bulk of the text, is unprefixed;
//   title, keywords and authors have short prefixes. All language versions of a field go to
//   the same terms, each at its own position range (no phrase crosses versions or fields).
//   Searching "all fields" is an OP_SYNONYM of the fields' terms made at query time
//   (query_builder.h): BM25 then sees one term whose wdf is the sum over the fields, as if the
//   fields had been indexed together. Title and keyword words have wdf 2, so they count more.
//   Indexing the abstract a second time under a field prefix tripled indexing time on ungd-passages
//   (906 → 310 records/s), which is why there is no "all fields" copy.
// - Author words also give XN + their name key (name_key.h): Губайдуллина ~ Gubaidullina.
// - Hyphenated words: their parts at consecutive positions and the parts written together
//   ("antisoft") at the first part's position.
// - Boolean terms: Q + id (unique, so indexing again replaces), L + language, Y + year,
//   XDOI + doi, XK + whole keyword, XAU + whole author name.
// - Spelling table (local databases only: Xapian 1.4's remote backend has none): every word of
//   titles, abstracts and keywords once per record, for "did you mean" (spelling_word()).
//   A sharded database also keeps all its shards' spelling in the side database PATH/spelling,
//   which searches over remote shards read (docs/scaling.md).
// - Boolean terms also: XOAI + OAI identifier (harvested records).
// - Boolean terms for facet filters: XJ + journal, XSE + section (normalised).
// - Values: date (YYYYMMDD), year (sortable), language, id, content hash, and the facets (year
//   as text, journal, section, keyword and author lists); document data: the record, in the
//   compact form of record_data.h.
#pragma once

#include <xapian.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/date.h"

namespace polsearch::schema {

// Field prefixes (words and stems).
inline constexpr std::string_view abstract_prefix = "";
inline constexpr std::string_view title_prefix = "S";
inline constexpr std::string_view keyword_prefix = "K";
inline constexpr std::string_view author_prefix = "A";

/// A text field, with how much a word in it counts (its wdf per occurrence): title and keywords
/// say what a record is about.
struct TextField {
    std::string_view name;
    std::string_view prefix;
    Xapian::termcount weight;
};
inline constexpr std::array<TextField, 4> text_fields = {{
    {"abstract", abstract_prefix, 1},
    {"title", title_prefix, 2},
    {"keyword", keyword_prefix, 2},
    {"author", author_prefix, 1},
}};

/// The text field with `prefix`.
constexpr const TextField& text_field(std::string_view prefix) {
    for (const auto& field : text_fields) {
        if (field.prefix == prefix) return field;
    }
    return text_fields[0];
}

/// The name key of each word of an author (name_key.h), so that names meet across scripts and
/// transliterations.
inline constexpr std::string_view name_key_prefix = "XN";
/// The name key of each capitalised word of a title, abstract or keyword (name_key.h:
/// text_name_term), by the script the word is written in: what a query in the other script
/// looks for.
inline constexpr std::string_view latin_name_prefix = "XL";
inline constexpr std::string_view cyrillic_name_prefix = "XC";
/// The name skeleton of the same words (name_key.h: name_skeleton), by script: a looser key,
/// for the names whose vowels the other language writes differently (Panthers, Пэнтерс).
inline constexpr std::string_view latin_skeleton_prefix = "XPL";
inline constexpr std::string_view cyrillic_skeleton_prefix = "XPC";

// Boolean terms.
inline constexpr std::string_view id_prefix = "Q";
inline constexpr std::string_view language_prefix = "L";
inline constexpr std::string_view year_prefix = "Y";
inline constexpr std::string_view doi_prefix = "XDOI";
inline constexpr std::string_view whole_keyword_prefix = "XK";
inline constexpr std::string_view whole_author_prefix = "XAU";
/// Whole journal and section names (normalised), for facet filters.
inline constexpr std::string_view journal_prefix = "XJ";
inline constexpr std::string_view section_prefix = "XSE";
/// The OAI identifier of a harvested record, so that a deletion notice finds it.
inline constexpr std::string_view oai_prefix = "XOAI";
/// Each record is in one of sample_buckets buckets, by a hash of its id (sample_term): facets
/// of a search with many matches are counted over the matches in a few buckets, a sample that
/// does not depend on the order records were indexed in (facets.h).
inline constexpr std::string_view sample_prefix = "XB";
inline constexpr unsigned sample_buckets = 64;
/// The bucket of a record id (FNV-1a, so the same on every machine and in every version).
unsigned sample_bucket(std::string_view id);
/// The term of a bucket: sample_prefix and its number.
std::string sample_term(unsigned bucket);

// Value slots.
inline constexpr Xapian::valueno date_slot = 0;      ///< "YYYYMMDD"; "00" for unknown parts
inline constexpr Xapian::valueno year_slot = 1;      ///< Xapian::sortable_serialise(year)
inline constexpr Xapian::valueno language_slot = 2;  ///< "en", "ru", "kk"
/// The record's id: breaks ties between equal scores, so that hits come in the same order
/// whatever the document numbers (1 or N threads, 1 or N shards).
inline constexpr Xapian::valueno id_slot = 3;
/// The content hash of the record as read (index_writer.h): unchanged records are skipped.
inline constexpr Xapian::valueno content_hash_slot = 4;
// Facets (facets.h), counted by Xapian's ValueCountMatchSpy: the year as text, the journal and
// section as written, keywords and authors as lists (facets.h: join_facet_items). Written until
// 2026-12-07, now only packed into facets_slot; read for records indexed before analysis 44,
// which have no facets_slot.
inline constexpr Xapian::valueno year_text_slot = 5;
inline constexpr Xapian::valueno journal_slot = 6;
inline constexpr Xapian::valueno section_slot = 7;
inline constexpr Xapian::valueno keywords_slot = 8;
inline constexpr Xapian::valueno authors_slot = 9;
/// Every language a title or abstract version is written in (what the language filter and
/// the L terms mean), as a list.
inline constexpr Xapian::valueno languages_slot = 10;
/// The date again ("YYYYMMDD"), or "~" for a record without one, so that sorting oldest first
/// puts those last with a plain value sort: Xapian 1.4's remote backend has no KeyMaker.
inline constexpr Xapian::valueno date_sort_slot = 11;
/// The six facet values again, in one value, so that counting facets reads one value per
/// record instead of six (Xapian decodes a value stream entry by entry up to each match):
/// year text, languages, journal, section, keywords, authors, each as in its own slot,
/// joined by U+001E (facets.h).
inline constexpr Xapian::valueno facets_slot = 12;
/// The slots facets_slot packs, in its order.
inline constexpr Xapian::valueno packed_facet_slots[] = {
    year_text_slot, languages_slot, journal_slot, section_slot, keywords_slot, authors_slot};
inline constexpr char facet_value_separator = '\x1e';

/// Goes into every content hash: raise it when the analysis or this layout changes, so that
/// the next indexing job analyses every record again instead of skipping it as unchanged.
inline constexpr std::string_view analysis_version = "polsearch-analysis-46";

/// BM25 parameters: the usual k1 = 1.2 and Xapian's default b = 0.5. The length BM25
/// normalises by is that of the record's longest language version (see length_term), not of
/// the whole record: a record with English, Russian and Kazakh versions is not three times as
/// verbose as one in English. With the plain record length, b = 0.5 and even b = 0.05 put the
/// trilingual seed article below shorter monolingual records for "soft power" Kazakhstan; with
/// b = 0 (no normalisation), nothing favoured focused records over long ones. With b = 0.75
/// the seed's 208-word English abstract, long beside sample_corpus's 30-word ones, put it 2nd
/// for "soft power" Kazakhstan. bench/ measures the effect (docs/design.md, "Ranking").
inline constexpr double bm25_k1 = 1.2;
inline constexpr double bm25_b = 0.5;

/// Xapian 1.4 knows one length per document, the sum of its wdfs, and a remote server only the
/// built-in weights, so the length is set at indexing: this term's wdf raises a record's length
/// to length_scale times (its authors' words + the words of its longest language version:
/// title, keywords and abstract in one language), each word counted with its field's weight.
/// Words, not terms, so that a Kazakh version (a search key per word besides the stem) is not
/// longer than the same text in English. A term no query asks for.
inline constexpr std::string_view length_term = "XLENGTH";
/// At least the wdf a word can add (the word, its stem, its search key, its Cyrillic spelling:
/// 4) times the languages a record can carry (3), so that the length set is never below the
/// wdf the record's terms already sum to.
inline constexpr Xapian::termcount length_scale = 12;

/// Positions left empty between fields and language versions, so that no phrase or NEAR query
/// matches across them.
inline constexpr Xapian::termpos field_gap = 100;

/// Boolean terms longer than this are cut, with a hash of the whole value in place of the end
/// (Xapian's limit is 245 bytes).
inline constexpr std::size_t max_boolean_term_bytes = 240;

/// The unique id term of a record.
std::string id_term(std::string_view id);

/// The word of a title, abstract or keyword word term ("power", "Spower", "Kpower"), which
/// goes to the spelling table; empty for every other term (stems, authors, boolean terms,
/// numbers).
std::string_view spelling_word(std::string_view term);

/// `prefix` + `value`; when longer than max_boolean_term_bytes, its start (cut at a UTF-8
/// character boundary) and "#" and a hash of the whole value, so that long values stay apart.
std::string boolean_term(std::string_view prefix, std::string_view value);

/// The date slot's value of a record's date: YYYYMMDD, an unknown month or day as 00.
std::string date_value(const Date& date);

/// A date a query names ("2020", "2020-03", "2020-03-15") as a bound on the date slot: its
/// unwritten month or day 00 where a range starts, 99 where it ends (so that a record dated
/// 2020 or 2020-03 falls inside the year or month); nullopt when it is no date that exists.
std::optional<std::string> date_bound(std::string_view text, bool start);

}  // namespace polsearch::schema

namespace polsearch {

/// The items of a multi-valued facet (keywords, authors, languages) as one value slot's value
/// ("a\x1fb"), each once (as normalize_word sees them), in order; and back.
std::string join_facet_items(const std::vector<std::string>& items);
std::vector<std::string> split_facet_items(std::string_view joined);

}  // namespace polsearch
