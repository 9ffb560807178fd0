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
// Safe: one writer at a time. Every writer first takes the polsearch lock of the database, an
// flock(2) on the file PATH.lock beside it ("database is locked by another indexing job"), and
// holds it until it is destroyed, through a compaction and the swap of folders that ends it: a
// lock inside PATH would stay with the old folder when the compacted one takes its name, and
// Xapian's own locks are one per shard. The kernel releases it when a writer dies. Xapian's lock
// of each database is still taken under it. A commit is atomic: a process killed at any moment
// leaves the database as of its last commit.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "index/document_builder.h"
#include "polsearch/error.h"
#include "polsearch/record.h"

namespace polsearch {

/// A record turned into its document, ready to be written. Made on any thread, each with its
/// own DocumentBuilder.
struct PreparedDocument {
    std::string id;
    Xapian::Document document;
};

/// The content hash of `record` as read (before its languages are resolved), with
/// schema::analysis_version in it: 16 hexadecimal digits.
std::string content_hash(const Record& record);

/// Resolves the record's languages and builds its document, storing `hash` in it.
PreparedDocument prepare_document(DocumentBuilder& builder, Record record, const std::string& hash);

enum class WriteOutcome { added, replaced };

struct WriterOptions {
    /// Shards of a new database (0: one plain database). An existing database keeps its
    /// layout; asking for another count is a UsageError unless `any_layout`.
    unsigned shards = 0;
    /// `shards` says only how to build a new database: an existing one of another layout is
    /// written as it is (for a job that compacts it into one database anyway).
    bool any_layout = false;
    /// Wait for another indexing job to finish (its lock) instead of failing at once; `on_wait`
    /// is called once when waiting starts.
    bool wait_lock = false;
    std::function<void()> on_wait;
    /// Create the database when there is none (false: DatabaseError "no database at PATH").
    bool create = true;
    /// Told what the writer did to finish or roll back a compaction that a killed job left
    /// half done (a sentence), before it opened the database.
    std::function<void(const std::string&)> on_note;
    /// A new database (none at PATH, and `shards` 0) is built in this many parts, one per
    /// thread, merged into one compact database at the end (finish_build()); 0 or 1: written
    /// in place. A database being built is a sharded one with a file PATH/polsearch-building:
    /// a killed job leaves it so, and the next job goes on with it and finishes it.
    unsigned build_parts = 0;
};

class IndexWriter {
  public:
    /// Opens (or creates) the database at `path` for writing: takes the lock, then finishes or
    /// rolls back the swap of a compaction killed on the way (PATH.compacting,
    /// PATH.before-compact; see compact()), then opens. Throws DatabaseError (and
    /// DatabaseLockedError when another job holds it and wait_lock is off).
    explicit IndexWriter(const std::string& path, const WriterOptions& options = {});
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Whether a record with `id` is in the database with content hash `hash` (including what
    /// was written but not yet committed).
    bool unchanged(const std::string& id, const std::string& hash);

    /// Adds or replaces a prepared document.
    WriteOutcome write(const PreparedDocument& prepared);

    /// Convenience for callers without a pipeline: prepare and write (unless unchanged).
    void add(Record record);

    /// Deletes the record whose id, or else OAI identifier, is `key`. False when there is none.
    bool remove(const std::string& key);

    /// Makes everything written so far durable and visible to readers: every shard, then the
    /// side spelling database of a sharded database, which is then in step with them.
    void commit();
    /// Likewise for one shard. A killed job leaves each shard at its own last commit (a shard
    /// may hold records that come later in the input than some another shard lost); running
    /// it again completes them. The side spelling database is left out of step (it counts the
    /// words of records that other shards had not committed): the next writer that opens the
    /// database recounts it from the shards' spelling tables, which are committed with their
    /// records.
    void commit_shard(unsigned shard);

    /// Commits, merges the database (plain or sharded) into one compact glass database and puts
    /// it in the place of PATH, all under the writer's lock: a job waiting for the lock writes
    /// into the compacted database, never into the one it replaces. The writer then writes to
    /// the compacted database (one shard). Call it with no other thread using the writer.
    /// Killed at any moment, it leaves what the next writer completes: the old database, or the
    /// compacted one; it marks the copy complete (PATH.compacting/polsearch-compacted) and syncs
    /// it before the first rename, and syncs the folder after each rename.
    void compact();

    /// Whether the database is being built in parts (WriterOptions::build_parts): records are
    /// added without looking for them (the parts are new, and a record seen twice is looked up),
    /// and the spelling table is counted once at the end.
    bool building() const { return building_; }
    /// Commits and merges the parts of a database being built into one compact database whose
    /// spelling table is counted from its terms (compact()); then it is an ordinary database.
    void finish_build();

    /// Whether the database is as the last compaction (or finish_build()) left it.
    bool compacted() const { return compacted_; }

    unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }
    /// The shard a record with this id goes to.
    unsigned shard_index(const std::string& id) const;
    Xapian::doccount document_count() const;
    const std::string& path() const { return path_; }

  private:
    /// flock(2) on PATH.lock, held while it lives.
    class Lock {
      public:
        Lock(const std::string& location, const std::string& shown, const WriterOptions& options);
        ~Lock();
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;
        /// Whether another job held it when it was taken.
        bool waited() const { return waited_; }

      private:
        int fd_ = -1;
        bool waited_ = false;
    };

    /// Opens the database at location_ (layout as `options` say for a new one).
    void open(const WriterOptions& options);
    /// compact(), counting the copy's spelling table from its terms when `count_spelling`.
    void compact(bool count_spelling);
    /// Closes every database (the lock stays).
    void close();

    // Every method takes the lock of the shard it works on: one thread may write a shard while
    // another checks or writes a different one (Xapian objects are not thread-safe).
    std::string path_;  ///< as given: messages name it
    /// path_ made absolute, without a trailing '/': the folder that gets renamed, and the base
    /// of the names beside it (PATH.lock, PATH.compacting, PATH.before-compact).
    std::string location_;
    Lock lock_;  // taken before the databases open, released after they close
    std::vector<Xapian::WritableDatabase> shards_;
    /// Sharded databases: PATH/spelling, the spelling table of every record (schema.h), which
    /// a searcher of remote shards reads beside their stub. Taken after a shard's lock.
    std::optional<Xapian::WritableDatabase> spelling_;
    std::mutex spelling_lock_;
    Xapian::WritableDatabase* side_spelling() { return spelling_ ? &*spelling_ : nullptr; }
    /// The shards' revisions, "12 9 …".
    std::string shard_revisions() const;
    /// Recounts the side spelling database from the shards' spelling tables unless it is in
    /// step with them; returns the number of words whose count changed.
    std::size_t bring_side_spelling_in_step();
    mutable std::vector<std::unique_ptr<std::mutex>> locks_;
    void make_locks();
    bool building_ = false;
    bool compacted_ = false;  // by the last compact(), nothing written since
    /// Per shard, while it is new in this job: hashes of the ids written to it, so that only a
    /// record seen before is looked up. Empty when the shard was not new.
    std::vector<std::optional<std::unordered_set<std::uint64_t>>> written_;
    DocumentBuilder builder_;  // for add()
};

/// Thrown when another indexing job holds the database's lock.
class DatabaseLockedError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// Whether there is a database at `path`, or what a compaction killed on the way left of one
/// (which a writer recovers).
bool database_exists(const std::string& path);

/// Merges the database at `path` (plain or sharded) into one compact glass database that
/// replaces it: IndexWriter::compact() with a writer of its own (so it fails with
/// DatabaseLockedError while another job writes). For tests only: with the environment variable
/// POLSEARCH_TEST_PAUSE_BEFORE_SWAP=FILE a compaction waits, once the compacted copy is written
/// and before it swaps the folders, until FILE exists (two minutes at most).
void compact_database(const std::string& path);

}  // namespace polsearch
