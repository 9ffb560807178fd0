// An indexing job: records read from inputs, checked against the database (unchanged records
// are skipped before any analysis), analysed on N threads, and written in input order by one
// writer per database (per shard: the shards of a database are written in parallel), with a
// commit every `commit_every` records. Written in input order, each database is the same
// whatever the number of threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "formats/record_reader.h"
#include "index/index_writer.h"

namespace polsearch {

struct IndexJobOptions {
    InputFormat format = InputFormat::automatic;
    ReadOptions read;
    /// Threads that analyse records for a database of one shard, the caller's writing them in
    /// input order (1: analyse on the caller's thread too). A database of several shards (or
    /// one being built in parts) has one thread per shard instead, which analyses and writes
    /// the records of that shard.
    unsigned threads = 1;
    std::size_t commit_every = 10000;  ///< records written between commits (0: at the end only)
    /// Records written to one database or shard between commits at most, whatever
    /// commit_every says (unless it is 0): Xapian holds them in memory until then, and it
    /// inverts a batch of 1,000 documents faster than one of 10,000 (docs/benchmarks.md).
    std::size_t flush_every = 1000;
    /// Between two commits of a database written in place (or of one of its shards) at least
    /// this long, whatever commit_every and flush_every say (0: no floor): a commit point that
    /// comes sooner is passed over, and its records wait for the next one. A search that a commit
    /// overtakes is read again (search/despite_commits.h), but Xapian 1.4 keeps only the revision
    /// before the latest, so a job committing more often than a search takes overtakes every try:
    /// beside jobs of 3,000 records committing every 5, polsearch-serve answered 503 to 30 of 240
    /// searches once they matched 6,000 to 18,000 records (0 of 361 with the floor). Not for a
    /// database being built in parts, which no search reads before it is merged.
    std::chrono::milliseconds min_commit_gap{1000};
    bool force = false;  ///< analyse and write even unchanged records
};

/// One record skipped, and why.
struct Skip {
    std::string where;
    std::string reason;
};

/// Where a job's time went, in seconds of the threads that spent it: summed over the threads
/// that analyse or write at once, so with several they add up to more than the job's wall time
/// (bench/run's indexing breakdown).
struct IndexTimes {
    double reading = 0;     ///< inputs read and parsed into records (the reading thread)
    double checking = 0;    ///< each record's content hash, and whether the database has it as is
    double analysis = 0;    ///< records analysed into documents (every analysing thread)
    double adding = 0;      ///< documents given to Xapian (added, replaced or deleted in memory)
    double committing = 0;  ///< commits: where Xapian inverts and writes what it holds
    double merging = 0;     ///< the parts of a new database merged into one (and compaction)
};

struct IndexJobStats {
    std::size_t read = 0;  ///< records read (added + replaced + unchanged)
    std::size_t added = 0;
    std::size_t replaced = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    std::size_t not_found = 0;  ///< deletions of records that were not in the database
    std::size_t skipped = 0;    ///< bad records (each reported)
    std::size_t failed_inputs = 0;
    std::size_t commits = 0;
    std::uint64_t bytes_done = 0;   ///< input bytes read so far (compressed bytes for .gz)
    std::uint64_t bytes_total = 0;  ///< input bytes in all, 0 when unknown (standard input, a pipe)
    IndexTimes times;
};

class IndexJob {
  public:
    IndexJob(IndexWriter& writer, const IndexJobOptions& options);
    ~IndexJob();
    IndexJob(const IndexJob&) = delete;
    IndexJob& operator=(const IndexJob&) = delete;

    /// Called for each bad record as it is met (it may throw to stop the job: what was read
    /// before is still written by finish()).
    std::function<void(const InputError&)> on_skip;
    /// Called after each record with the stats so far (for a progress line).
    std::function<void(const IndexJobStats&)> on_progress;
    /// Called as finish() starts a phase: "committing", then, for a database built in parts,
    /// "compacting" (merging them into one).
    std::function<void(const char* phase)> on_phase;

    /// Sums the sizes of the inputs, for progress; call before reading them.
    void plan(const std::vector<std::string>& inputs);

    /// Reads every record of `input` (a file, a folder or "-"). A file that cannot be read or
    /// decompressed to its end throws InputError, after the records before the damage.
    void read(const std::string& input);

    /// Reports a bad entry met outside the inputs (a line of a list of ids to delete) as a bad
    /// record is reported: counted as skipped, and given to on_skip.
    void skip(const InputError& error);

    /// Deletes the record with this id (or OAI identifier).
    void remove(const std::string& key, const std::string& where);

    /// Writes what is still being analysed and commits. Called by the destructor too, but
    /// call it to see errors.
    void finish();

    /// The figures so far (a copy: writer threads update some of them).
    IndexJobStats stats() const;

  private:
    struct Task {
        std::uint64_t sequence = 0;
        Record record;
        std::string hash;
    };
    /// Commits between commits of one database (or shard, of `shards`).
    std::size_t commit_interval(std::size_t shards) const;
    /// Whether a commit after one at `last` would come too soon (min_commit_gap); if not,
    /// `last` becomes now.
    bool too_soon(std::chrono::steady_clock::time_point& last) const;
    struct Result {
        PreparedDocument prepared;
        std::exception_ptr error;
    };
    void stop_workers();
    void stop_shard_writers();
    void write_shard(unsigned shard);
    /// Waits until the shard writers have written everything given to them.
    void wait_for_shards();
    void landed(const std::string& id);

    void submit(Record&& record, const std::string& where);
    /// prepare_document and writer_.write, timed (IndexTimes).
    PreparedDocument prepare(DocumentBuilder& builder, Record&& record, const std::string& hash);
    WriteOutcome add(const PreparedDocument& prepared);
    void write(PreparedDocument&& prepared);
    /// Writes analysed documents in sequence order; with `wait`, waits for the next one.
    bool write_ready(bool wait);
    void drain();
    void work();
    void maybe_commit();

    IndexWriter& writer_;
    IndexJobOptions options_;
    IndexJobStats stats_;
    DocumentBuilder builder_;  // when analysing on the caller's thread
    std::size_t since_commit_ = 0;
    std::chrono::steady_clock::time_point last_commit_{};
    std::uint64_t bytes_before_file_ = 0;  // bytes of the files already read
    std::string current_file_;

    // The pipeline (threads > 1).
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable result_ready_;
    std::deque<Task> tasks_;
    std::map<std::uint64_t, Result> results_;
    std::uint64_t next_sequence_ = 0;
    std::uint64_t next_write_ = 0;
    bool closing_ = false;
    std::vector<std::thread> workers_;
    std::unordered_map<std::string, unsigned> in_flight_;  // ids submitted, not yet written
    bool finished_ = false;

    // One thread per shard (a database of several shards), which analyses and writes the
    // records whose id hashes to it. Their queues and the counters below are guarded by
    // shard_mutex_.
    std::mutex shard_mutex_;
    std::condition_variable shard_work_;
    std::condition_variable shard_done_;
    std::vector<std::deque<Task>> shard_queues_;
    std::vector<std::thread> shard_writers_;
    std::size_t shard_pending_ = 0;  // given to shard writers, not yet written
    bool shards_closing_ = false;
    std::exception_ptr shard_error_;
    std::atomic<std::size_t> added_{0};
    std::atomic<std::size_t> unchanged_{0};
    std::atomic<std::size_t> replaced_{0};
    std::atomic<std::size_t> commits_{0};

    // IndexTimes, in nanoseconds, added to by every thread.
    struct Clock {
        std::atomic<std::int64_t> reading{0}, handing{0}, checking{0}, analysis{0}, adding{0},
            committing{0}, merging{0};
    };
    Clock clock_;
};

}  // namespace polsearch
