// Searching a polsearch database: ranked hits with snippets.
#pragma once

#include <sys/types.h>
#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/remote_documents.h"
#include "index/stub.h"
#include "polsearch/record.h"
#include "polsearch/search.h"
#include "search/facets.h"
#include "search/query_builder.h"

namespace polsearch {

/// How many of a record's most telling stems make the query of the records like it.
inline constexpr Xapian::termcount similar_terms = 25;

/// How many stems pseudo-relevance feedback (SearchRequest::expand_from_top) adds to a query.
inline constexpr Xapian::termcount feedback_terms = 10;

/// Completions are gathered from this many of the best matching records.
inline constexpr Xapian::doccount completion_records = 100;

/// Up to this many matching records the total is counted exactly (SearchResult::total).
inline constexpr Xapian::doccount exact_total_limit = 1000;
/// Connections of its own per remote shard on which a search reads its hits' records at once
/// (Searcher::hit_data, RemoteDocuments). Each is a process of xapian-tcpsrv while it is open.
/// Two read a page of 10 hits faster than one or four on the 2-core VM (docs/scaling.md).
inline constexpr std::size_t remote_readers = 2;

class Searcher {
  public:
    /// Opens the database (a folder, or a stub file or folder of local or remote shards)
    /// read-only. Throws DatabaseError, naming the shard that cannot be opened.
    /// `facet_cache`: the packed facet values other searchers of the same database read (an
    /// Engine's pool shares one); by default its own.
    explicit Searcher(const std::string& path, const Thesaurus* thesaurus = &Thesaurus::built_in(),
                      const SearcherOptions& options = {},
                      std::shared_ptr<SharedFacetValueCache> facet_cache = nullptr);
    Searcher(const Searcher&) = delete;  // its query builder asks this object's database
    Searcher& operator=(const Searcher&) = delete;

    /// Throws QueryError for a query that cannot be parsed, DatabaseError when reading fails,
    /// NotFoundError when `similar_to` names no record.
    SearchResult search(const SearchRequest& request);

    /// The record with this id; nullopt when there is none. With allow_partial, a record on a
    /// shard that does not answer is a DatabaseError naming the shard, not "none".
    std::optional<Record> record(const std::string& id);

    /// Completions of what a user is typing (`prefix`, its last word maybe unfinished): the
    /// keywords, authors and titles of the records it matches best that hold its words in a
    /// row, commonest first. Empty while the last word has fewer than two letters.
    std::vector<Completion> complete(const std::string& prefix, std::size_t limit = 10);

    /// How many records the database holds at its latest commit.
    Xapian::doccount document_count();

    /// The latest commit's identity (Engine::revision): the database's UUID and revision, or
    /// each shard's, and the shards left out; empty with a remote shard.
    std::string revision();
    /// The number of the latest commit (Xapian's revision); nullopt for a database of several
    /// shards or a remote one.
    std::optional<Xapian::rev> revision_number();

  private:
    /// Opens every shard; with allow_partial, those that do not answer are left out and named
    /// in missing_.
    void open();
    /// Whether the database folder, the stub or a local shard is no longer the one opened.
    bool replaced() const;
    SearchResult search_once(const SearchRequest& request);
    /// Whether a term is in the database, remembered for the rest of the search.
    bool term_exists(const std::string& term);
    /// Learns whether each of `terms` exists in one match: over remote shards, one round trip
    /// to each shard instead of one per term (Xapian sends the statistics of every term of a
    /// query with the match). Nothing to gain on local shards: it does nothing there.
    void learn_terms(std::vector<std::string> terms);
    /// The terms that building `request`'s query asks about, learnt in one match (remote only).
    void learn_query_terms(const SearchRequest& request);
    /// Runs `body` on the shards, opening them again first when one failed or was left out;
    /// when a shard stops answering: a DatabaseError, or with allow_partial `body` once more on
    /// those that still answer.
    template <class Body>
    auto over_shards(Body&& body) -> decltype(body());
    /// The query of the records like `id`: its most telling stems (Xapian's expand set).
    BuiltQuery similar_query(const std::string& id);
    SearchResult run(const SearchRequest& request, const BuiltQuery& built);
    /// Counts the facets of the matches of `query` into `result` (facets, facets_exact, and
    /// the total when every match was counted).
    void count_facets(const SearchRequest& request, const Xapian::Query& query,
                      SearchResult& result);
    /// `query` narrowed by the request's facet filters.
    static Xapian::Query filtered(const SearchRequest& request, const Xapian::Query& query);
    /// Pseudo-relevance feedback: the most telling stems of the best `expand_from_top` hits
    /// of `built` (Xapian's expand set) that the query does not have.
    std::vector<std::string> feedback_stems(const SearchRequest& request, const BuiltQuery& built);
    /// `shown`: the language whose title and abstract the hit shows when the record has it.
    /// The hit at `match`; adds the time its record and its snippet took to `times`.
    /// `data`: the record's stored data (hit_data).
    Hit make_hit(const Xapian::MSetIterator& match, const std::string& data,
                 const BuiltQuery& built, Language shown, SearchTimes& times);
    /// The stored data of every hit of `matches`, in order. Over remote shards, each shard's
    /// hits are asked for together on up to remote_readers connections of their own
    /// (RemoteDocuments): Xapian 1.4's remote backend answers one document per round trip.
    std::vector<std::string> hit_data(const Xapian::MSet& matches);
    std::vector<MatchedTerm> explain(const Xapian::Document& document, const BuiltQuery& built);
    std::string suggest(const std::string& query, const BuiltQuery& built);
    /// The whole query in Cyrillic when it is Russian typed in Latin letters, else "".
    std::string russian_suggestion(const Xapian::Database& speller, const std::string& query,
                                   const BuiltQuery& built);
    /// Each word that matches nothing, or a Cyrillic word found through its Kazakh spelling,
    /// replaced by the database's nearest word; "" when there is none.
    std::string word_suggestions(const Xapian::Database& speller, const std::string& query,
                                 const BuiltQuery& built);
    /// Whether a Cyrillic query word matched through its own Russian or Kazakh stem: a form of
    /// a word the records have, not a Kazakh word found through another spelling.
    bool matches_as_typed(const QueryWord& word);

    std::string path_;
    SearcherOptions options_;
    Xapian::Database database_;
    std::vector<std::string> missing_;
    /// The shards of a stub, as opened (they share their state with database_); nullopt for a
    /// remote one. Empty for a database folder.
    std::vector<std::optional<Xapian::Database>> shards_;
    /// Where each of shards_ is, and for a remote one the connections that read hits' data
    /// (hit_data), opened when first needed.
    std::vector<ShardLocation> locations_;
    std::vector<std::unique_ptr<RemoteDocuments>> readers_;  ///< remote_readers per shard
    bool has_remote_ = false;                                ///< some shard is on a server
    /// Whether terms exist, for the search under way (cleared by each search).
    std::unordered_map<std::string, bool> term_known_;
    /// The database's words under a prefix (inflected phrases), for the search under way.
    std::unordered_map<std::string, std::vector<std::string>> words_known_;
    /// Over remote shards: the side spelling database beside the stub, when there is one.
    std::optional<Xapian::Database> spelling_;
    bool reopen_ = false;  ///< a shard failed: open every shard again before the next search
    /// The packed facet values read so far, of one local database at its latest revision.
    std::shared_ptr<SharedFacetValueCache> facet_cache_;
    /// The database's folder, or the stub and its local shards, with their identities
    /// (device, inode) when opened.
    std::vector<std::pair<std::string, std::pair<dev_t, ino_t>>> watched_;
    QueryBuilder builder_;
};

}  // namespace polsearch
