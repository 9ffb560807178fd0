// Searching a polsearch database: ranked hits with snippets.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "polsearch/facets.h"
#include "polsearch/query_builder.h"
#include "polsearch/record.h"
#include "polsearch/snippet.h"
#include "polsearch/stub.h"

namespace polsearch {

/// The order of hits: by relevance (equal scores by record id), or by date, oldest or newest
/// first (records without a date last; equal dates by relevance).
enum class SortOrder { relevance, date, date_descending };

/// "relevance", "date", "-date"; throws UsageError otherwise.
SortOrder parse_sort_order(const std::string& text);

struct SearchRequest {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool expand = true;            ///< cross-language expansion through the thesaurus
    bool facets = false;           ///< count the matching records by facet (facets.h)
    std::size_t facet_limit = 20;  ///< values per facet
    /// (facet, value) pairs: each narrows the hits without changing their order.
    std::vector<std::pair<std::string, std::string>> filters = {};
    SortOrder sort = SortOrder::relevance;
    /// When set, `query` is ignored: the hits are the records most like this one (relevance
    /// feedback on its terms), for "more like this".
    std::string similar_to = {};
    bool explain = false;  ///< say for each hit which stems matched, in which fields
    /// Seconds after which Xapian stops counting every match exactly (the total and facets
    /// then are estimates); 0 for no limit.
    double time_limit = 2.0;
};

/// Why a hit matched: a stem of the query (or of a thesaurus label it added) and how often the
/// record has it in each field.
struct MatchedTerm {
    std::string stem;
    bool from_thesaurus = false;
    std::vector<std::pair<std::string, unsigned>> fields;  ///< (field name, occurrences)
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first hit of the whole result
    double score = 0;
    Record record;
    std::string title;  ///< in the query's language when the record has it
    Language snippet_language = Language::unknown;
    Snippet snippet;
    std::vector<MatchedTerm> explanation;  ///< with SearchRequest::explain
};

struct SearchResult {
    std::string query;
    Language query_language = Language::unknown;
    /// How many records match: exact when `total_exact` (always with facets, and whenever at
    /// most exact_total_limit records match), else Xapian's estimate.
    std::size_t total = 0;
    bool total_exact = true;
    /// The query with each word that matches nothing replaced by the commonest word of the
    /// database within a small edit distance; empty when there is nothing to suggest.
    std::string did_you_mean;
    std::size_t offset = 0;
    std::vector<Hit> hits;
    std::vector<Facet> facets;  ///< when asked for
    /// With SearcherOptions::allow_partial: some shards did not answer (named in
    /// missing_shards as the stub names them) and the hits come from the others.
    bool partial = false;
    std::vector<std::string> missing_shards;
};

struct SearcherOptions {
    /// A shard of a stub database that does not answer is left out (SearchResult::partial)
    /// instead of failing the search.
    bool allow_partial = false;
    RemoteTimeouts timeouts;
};

/// How many of a record's most telling stems make the query of the records like it.
inline constexpr Xapian::termcount similar_terms = 25;

/// Up to this many matching records the total is counted exactly (SearchResult::total).
inline constexpr Xapian::doccount exact_total_limit = 1000;

/// Where polsearch-search looks without --db: $POLSEARCH_DB, else the demo's database.
std::string default_database_path();

class Searcher {
  public:
    /// Opens the database (a folder, or a stub file or folder of local or remote shards)
    /// read-only. Throws DatabaseError, naming the shard that cannot be opened.
    explicit Searcher(const std::string& path, const Thesaurus* thesaurus = &Thesaurus::built_in(),
                      const SearcherOptions& options = {});
    Searcher(const Searcher&) = delete;  // its query builder asks this object's database
    Searcher& operator=(const Searcher&) = delete;

    /// Throws QueryError for a query that cannot be parsed, DatabaseError when reading fails,
    /// NotFoundError when `similar_to` names no record.
    SearchResult search(const SearchRequest& request);

    /// The record with this id; nullopt when there is none. With allow_partial, a record on a
    /// shard that does not answer is a DatabaseError naming the shard, not "none".
    std::optional<Record> record(const std::string& id);

    Xapian::doccount document_count() const { return database_.get_doccount(); }

  private:
    /// Opens every shard; with allow_partial, those that do not answer are left out and named
    /// in missing_.
    void open();
    SearchResult search_once(const SearchRequest& request);
    /// Runs `body` on the shards, opening them again first when one failed or was left out;
    /// when a shard stops answering: a DatabaseError, or with allow_partial `body` once more on
    /// those that still answer.
    template <class Body>
    auto over_shards(Body&& body) -> decltype(body());
    /// The query of the records like `id`: its most telling stems (Xapian's expand set).
    BuiltQuery similar_query(const std::string& id);
    SearchResult run(const SearchRequest& request, const BuiltQuery& built);
    Hit make_hit(const Xapian::MSetIterator& match, const BuiltQuery& built);
    std::vector<MatchedTerm> explain(const Xapian::Document& document, const BuiltQuery& built);
    std::string suggest(const std::string& query, const BuiltQuery& built);

    std::string path_;
    SearcherOptions options_;
    Xapian::Database database_;
    std::vector<std::string> missing_;
    bool has_remote_ = false;  ///< some shard is on a server
    /// Over remote shards: the side spelling database beside the stub, when there is one.
    std::optional<Xapian::Database> spelling_;
    bool reopen_ = false;  ///< a shard failed: open every shard again before the next search
    QueryBuilder builder_;
};

}  // namespace polsearch
