// Writes records into a database: one Xapian glass database, or N shards (glass databases
// PATH/shard-0 … PATH/shard-N-1) joined by the stub database file PATH/XAPIANDB, which any
// Xapian reader (and polsearch-search --db PATH) opens as one. A record goes to the shard
// given by a hash of its id, so indexing again finds it there.
//
// Incremental: each document keeps a content hash of its record as read (schema.h); a record
// whose id is there with the same hash is unchanged and is not analysed again.
//
// Threads: the methods may be called from several threads at once; calls on one shard are
// serialised by that shard's lock.
//
// Safe: Xapian's lock lets one writer at a time open a database ("database is locked by
// another indexing job"), and a commit is atomic: a process killed at any moment leaves the
// database as of its last commit.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "polsearch/document_builder.h"
#include "polsearch/error.h"
#include "polsearch/record.h"

namespace polsearch {

/// A record turned into its document, ready to be written. Made on any thread, each with its
/// own DocumentBuilder.
struct PreparedDocument {
    std::string id;
    Xapian::Document document;
    std::vector<std::string> spelling_words;  ///< each once
};

/// The content hash of `record` as read (before its languages are resolved), with
/// schema::analysis_version in it: 16 hexadecimal digits.
std::string content_hash(const Record& record);

/// Resolves the record's languages and builds its document, storing `hash` in it.
PreparedDocument prepare_document(DocumentBuilder& builder, Record record, const std::string& hash);

enum class WriteOutcome { added, replaced };

struct WriterOptions {
    /// Shards of a new database (0: one plain database). An existing database keeps its
    /// layout; asking for another count is a UsageError.
    unsigned shards = 0;
    /// Wait for another indexing job to finish instead of failing at once; `on_wait` is called
    /// once when waiting starts.
    bool wait_lock = false;
    std::function<void()> on_wait;
};

class IndexWriter {
  public:
    /// Opens (or creates) the database at `path` for writing. Throws DatabaseError (and
    /// DatabaseLockedError when another job holds it and wait_lock is off).
    explicit IndexWriter(const std::string& path, const WriterOptions& options = {});

    /// Whether a record with `id` is in the database with content hash `hash` (including what
    /// was written but not yet committed).
    bool unchanged(const std::string& id, const std::string& hash);

    /// Adds or replaces a prepared document.
    WriteOutcome write(const PreparedDocument& prepared);

    /// Convenience for callers without a pipeline: prepare and write (unless unchanged).
    void add(Record record);

    /// Deletes the record whose id, or else OAI identifier, is `key`. False when there is none.
    bool remove(const std::string& key);

    /// Makes everything written so far durable and visible to readers.
    void commit();
    /// Likewise for one shard.
    void commit_shard(unsigned shard);

    unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }
    /// The shard a record with this id goes to.
    unsigned shard_index(const std::string& id) const;
    Xapian::doccount document_count() const;
    const std::string& path() const { return path_; }

  private:
    // Every method takes the lock of the shard it works on: one thread may write a shard while
    // another checks or writes a different one (Xapian objects are not thread-safe).
    std::string path_;
    std::vector<Xapian::WritableDatabase> shards_;
    /// Sharded databases: PATH/spelling, the spelling table of every record (schema.h), which
    /// a searcher of remote shards reads beside their stub. Taken after a shard's lock.
    std::optional<Xapian::WritableDatabase> spelling_;
    std::mutex spelling_lock_;
    Xapian::WritableDatabase* side_spelling() { return spelling_ ? &*spelling_ : nullptr; }
    mutable std::vector<std::unique_ptr<std::mutex>> locks_;
    void make_locks();
    DocumentBuilder builder_;  // for add()
};

/// Thrown when another indexing job holds the database's lock.
class DatabaseLockedError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// Merges the database at `path` (plain or sharded) into one compact glass database that
/// replaces it. Run with no writer open. For tests only: with the environment variable
/// POLSEARCH_TEST_PAUSE_BEFORE_SWAP=FILE it waits, once the compacted copy is written and before
/// it swaps the folders, until FILE exists (two minutes at most).
void compact_database(const std::string& path);

}  // namespace polsearch
