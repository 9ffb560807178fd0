// The library API: a polsearch database opened for searching from any number of threads.
//
//     polsearch::Engine engine("/srv/polsearch/db");
//     polsearch::SearchRequest request;
//     request.query = "мягкая сила";
//     for (const polsearch::Hit& hit : engine.search(request).hits) std::cout << hit.title;
//
// docs/library.md has a whole program. The installed headers (engine.h, search.h, record.h,
// language.h, error.h, export.h) hold no Xapian or ICU types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "polsearch/error.h"
#include "polsearch/record.h"
#include "polsearch/search.h"

namespace polsearch {

/// One search as a server's metrics count it (EngineOptions::on_search).
struct SearchTiming {
    double seconds = 0;    ///< the whole search: matching, facet counts, snippets
    bool facets = false;   ///< it counted facets (SearchRequest::facets), while matching
    bool similar = false;  ///< "more like this" (SearchRequest::similar_to)
    bool failed = false;   ///< it threw
};

struct EngineOptions {
    /// A shard of a stub database that does not answer is left out (SearchResult::partial,
    /// missing_shards) instead of failing the search.
    bool allow_partial = false;
    RemoteTimeouts timeouts;
    /// Thesaurus files (docs/thesaurus.md) added to the built-in thesaurus.
    std::vector<std::string> thesaurus_files = {};
    /// Kept for programs written against earlier versions, which read hunspell's dictionaries
    /// here; they are compiled into the library now, so there is nothing to read either way.
    bool preload_dictionaries = true;
    /// Called after each search, from the thread that searched (for a server's metrics).
    std::function<void(const SearchTiming&)> on_search = {};
};

class Engine {
  public:
    /// Opens the database (a folder, or a stub of local or remote shards) read-only. Throws
    /// DatabaseError naming the database or shard that cannot be opened, InputError for a bad
    /// thesaurus file.
    explicit Engine(const std::string& path, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;

    /// Safe to call from many threads at once; each search sees the latest commit of an
    /// indexing job that writes into the database meanwhile. Throws QueryError (a query that
    /// cannot be parsed, with the byte offset), UsageError (a bad filter), NotFoundError
    /// (`similar_to` names no record), DatabaseError.
    SearchResult search(const SearchRequest& request) const;

    /// The record with this id, or nullopt.
    std::optional<Record> record(const std::string& id) const;

    /// The records most like the record `id` (hits offset+1 to offset+limit). Throws
    /// NotFoundError when there is no such record.
    SearchResult similar(const std::string& id, std::size_t offset = 0,
                         std::size_t limit = 10) const;

    /// Completions of what a user is typing: keywords, authors and titles.
    std::vector<Completion> complete(const std::string& prefix, std::size_t limit = 10) const;

    /// How many records the database holds (at its latest commit).
    std::size_t record_count() const;

    /// What identifies the database's latest commit: changes with each commit, and when the
    /// database is replaced (a compacted copy); for a stub of shards, made of each shard's.
    /// Empty when it cannot be told: a stub with a remote shard (Xapian 1.4's remote backend
    /// keeps no revision). For caches: the HTTP service's ETags (docs/http.md).
    std::string revision() const;

    /// The number of the database's latest commit (Xapian's revision: it grows with each
    /// commit), for /metrics; nullopt for a database of several shards or a remote one.
    std::optional<std::uint64_t> revision_number() const;

    /// Opens the database again and reads the thesaurus files again, for the searches that
    /// start after it (those under way finish with what they had): a server's SIGHUP. Throws
    /// what the constructor throws, and then keeps what it had.
    void reopen();

    const std::string& path() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// The JSON of a search result, with the keys of `polsearch-search --format json`.
std::string result_json(const SearchResult& result);

/// The canonical JSON of a record (docs/record-format.md), as `polsearch-search --id` prints.
std::string record_json(const Record& record);

/// The version of polsearch, "0.1.0".
std::string version();

/// The version of polsearch's analysis, "46": it goes up when the terms a text gives change,
/// and a database indexed with a lower one should be indexed again (an indexing job then
/// analyses every record again).
std::string analysis_version();

}  // namespace polsearch
