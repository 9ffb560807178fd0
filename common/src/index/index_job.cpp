#include "index/index_job.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace polsearch {
namespace fs = std::filesystem;

namespace {

// Documents analysed or being analysed but not yet written, per analysis thread: enough to keep
// the threads busy while the writer works, few enough to keep memory small.
constexpr std::uint64_t in_flight_per_thread = 64;

// Documents waiting for a shard writer, per shard.
constexpr std::size_t shard_queue_limit = 64;

// Adds the time from its construction to its end to `into` (nanoseconds).
class Timed {
  public:
    explicit Timed(std::atomic<std::int64_t>& into) : into_(into) {}
    ~Timed() {
        into_ += std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now() - start_)
                     .count();
    }
    Timed(const Timed&) = delete;
    Timed& operator=(const Timed&) = delete;

  private:
    std::atomic<std::int64_t>& into_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

double seconds(const std::atomic<std::int64_t>& nanoseconds) {
    return static_cast<double>(nanoseconds.load()) / 1e9;
}

std::uint64_t size_of(const std::string& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

IndexJob::IndexJob(IndexWriter& writer, const IndexJobOptions& options)
    : writer_(writer), options_(options) {
    if (options_.threads == 0) options_.threads = 1;
    if (writer_.shard_count() > 1) {
        // Xapian writes one database on one thread: each shard has its own, which also
        // analyses its records, so that no thread waits for one writer.
        shard_queues_.resize(writer_.shard_count());
        for (unsigned shard = 0; shard < writer_.shard_count(); ++shard)
            shard_writers_.emplace_back([this, shard] { write_shard(shard); });
    } else if (options_.threads > 1) {
        for (unsigned i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { work(); });
    }
}

IndexJob::~IndexJob() {
    try {
        finish();
    } catch (...) {
        // finish() is called explicitly where errors matter; here only the threads must end.
    }
    stop_workers();
    stop_shard_writers();
}

void IndexJob::stop_workers() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
    workers_.clear();
}

void IndexJob::stop_shard_writers() {
    {
        std::lock_guard lock(shard_mutex_);
        shards_closing_ = true;
    }
    shard_work_.notify_all();
    for (auto& thread : shard_writers_) {
        if (thread.joinable()) thread.join();
    }
    shard_writers_.clear();
}

IndexJobStats IndexJob::stats() const {
    IndexJobStats copy = stats_;
    copy.added = added_;
    copy.unchanged += unchanged_;
    copy.replaced = replaced_;
    copy.commits = commits_;
    // What the reading thread spent outside handing records on is reading and parsing.
    copy.times.reading = seconds(clock_.reading) - seconds(clock_.handing);
    copy.times.checking = seconds(clock_.checking);
    copy.times.analysis = seconds(clock_.analysis);
    copy.times.adding = seconds(clock_.adding);
    copy.times.committing = seconds(clock_.committing);
    copy.times.merging = seconds(clock_.merging);
    return copy;
}

void IndexJob::plan(const std::vector<std::string>& inputs) {
    for (const auto& input : inputs) {
        // Standard input, or a pipe named as a file (/dev/stdin, <(zcat ...)): its size is
        // unknown, and so is the whole input's.
        std::error_code error;
        if (input == "-" || (fs::exists(input, error) && !fs::is_regular_file(input, error) &&
                             !fs::is_directory(input, error))) {
            stats_.bytes_total = 0;
            return;
        }
        try {
            for (const auto& file : input_files(input, options_.format)) {
                stats_.bytes_total += size_of(file.path);
            }
        } catch (const InputError&) {
            // read() reports it.
        }
    }
}

void IndexJob::read(const std::string& input) {
    RecordSinks sinks;
    sinks.on_record = [this](Record&& record, const std::string& where) {
        const Timed timed(clock_.handing);
        submit(std::move(record), where);
    };
    sinks.on_delete = [this](const std::string& key, const std::string& where) {
        const Timed timed(clock_.handing);
        remove(key, where);
    };
    sinks.on_error = [this](const InputError& error) { skip(error); };
    sinks.on_position = [this](std::uint64_t bytes) {
        stats_.bytes_done = bytes_before_file_ + bytes;
    };
    sinks.on_file = [this](const std::string& file) {
        if (!current_file_.empty()) bytes_before_file_ += size_of(current_file_);
        current_file_ = file;
    };
    try {
        const Timed timed(clock_.reading);
        read_records(input, options_.format, sinks, options_.read);
    } catch (const InputError&) {
        ++stats_.failed_inputs;
        throw;
    }
    if (!current_file_.empty()) bytes_before_file_ += size_of(current_file_);
    current_file_.clear();
    stats_.bytes_done = bytes_before_file_;
}

void IndexJob::skip(const InputError& error) {
    ++stats_.skipped;
    if (on_skip) on_skip(error);
}

void IndexJob::submit(Record&& record, const std::string&) {
    ++stats_.read;
    std::string hash;
    {
        const Timed timed(clock_.checking);
        hash = content_hash(record);
    }
    if (!shard_writers_.empty()) {
        // The shard's thread checks it against the database, analyses and writes it: in input
        // order for each id, which always goes to the same shard.
        const unsigned shard = writer_.shard_index(record.id);
        std::unique_lock lock(shard_mutex_);
        shard_done_.wait(
            lock, [&] { return shard_queues_[shard].size() < shard_queue_limit || shard_error_; });
        if (shard_error_) std::rethrow_exception(shard_error_);
        shard_queues_[shard].push_back(Task{0, std::move(record), std::move(hash)});
        ++shard_pending_;
        lock.unlock();
        shard_work_.notify_all();
        if (on_progress) on_progress(stats());
        return;
    }
    // A record whose id is still being analysed or written is compared with what is being
    // written, not with the database: it counts as changed.
    bool in_flight;
    {
        std::lock_guard lock(shard_mutex_);
        in_flight = in_flight_.count(record.id) > 0;
    }
    bool unchanged = false;
    if (!options_.force && !in_flight) {
        const Timed timed(clock_.checking);
        unchanged = writer_.unchanged(record.id, hash);
    }
    if (unchanged) {
        ++stats_.unchanged;
        if (on_progress) on_progress(stats());
        return;
    }
    {
        std::lock_guard lock(shard_mutex_);
        ++in_flight_[record.id];
    }
    if (workers_.empty()) {
        write(prepare(builder_, std::move(record), hash));
        return;
    }
    while (next_sequence_ - next_write_ >= in_flight_per_thread * workers_.size())
        write_ready(true);
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(Task{next_sequence_++, std::move(record), std::move(hash)});
    }
    work_ready_.notify_one();
    write_ready(false);
}

void IndexJob::landed(const std::string& id) {
    std::lock_guard lock(shard_mutex_);
    if (auto it = in_flight_.find(id); it != in_flight_.end() && --it->second == 0) {
        in_flight_.erase(it);
    }
}

void IndexJob::work() {
    DocumentBuilder builder;
    while (true) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [this] { return closing_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        Result result;
        try {
            result.prepared = prepare(builder, std::move(task.record), task.hash);
        } catch (...) {
            result.error = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            results_.emplace(task.sequence, std::move(result));
        }
        result_ready_.notify_one();
    }
}

bool IndexJob::write_ready(bool wait) {
    bool wrote = false;
    while (true) {
        Result result;
        {
            std::unique_lock lock(mutex_);
            if (next_write_ == next_sequence_) return wrote;
            auto it = results_.find(next_write_);
            if (it == results_.end()) {
                if (!wait) return wrote;
                result_ready_.wait(lock, [this] { return results_.count(next_write_) > 0; });
                it = results_.find(next_write_);
            }
            result = std::move(it->second);
            results_.erase(it);
            ++next_write_;
        }
        wait = false;  // one written: the others only if they are ready
        if (result.error) std::rethrow_exception(result.error);
        write(std::move(result.prepared));
        wrote = true;
    }
}

void IndexJob::drain() {
    while (next_write_ < next_sequence_) write_ready(true);
    wait_for_shards();
}

PreparedDocument IndexJob::prepare(DocumentBuilder& builder, Record&& record,
                                   const std::string& hash) {
    const Timed timed(clock_.analysis);
    return prepare_document(builder, std::move(record), hash);
}

WriteOutcome IndexJob::add(const PreparedDocument& prepared) {
    const Timed timed(clock_.adding);
    return writer_.write(prepared);
}

void IndexJob::write(PreparedDocument&& prepared) {
    const std::string id = prepared.id;
    ++(add(prepared) == WriteOutcome::added ? added_ : replaced_);
    landed(id);
    maybe_commit();
    if (on_progress) on_progress(stats());
}

std::size_t IndexJob::commit_interval(std::size_t shards) const {
    if (options_.commit_every == 0) return 0;
    // Each shard commits after its share of commit_every, so memory stays bounded as before.
    const std::size_t share = std::max<std::size_t>(1, options_.commit_every / shards);
    return options_.flush_every == 0 ? share : std::min(share, options_.flush_every);
}

bool IndexJob::too_soon(std::chrono::steady_clock::time_point& last) const {
    if (writer_.building() || options_.min_commit_gap.count() <= 0) return false;
    const auto now = std::chrono::steady_clock::now();
    if (last != std::chrono::steady_clock::time_point{} && now - last < options_.min_commit_gap)
        return true;
    last = now;
    return false;
}

void IndexJob::write_shard(unsigned shard) {
    const std::size_t commit_every = commit_interval(writer_.shard_count());
    std::size_t since_commit = 0;
    std::chrono::steady_clock::time_point last_commit{};
    DocumentBuilder builder;
    while (true) {
        Task task;
        {
            std::unique_lock lock(shard_mutex_);
            shard_work_.wait(lock,
                             [&] { return shards_closing_ || !shard_queues_[shard].empty(); });
            if (shard_queues_[shard].empty()) return;
            task = std::move(shard_queues_[shard].front());
            shard_queues_[shard].pop_front();
        }
        std::exception_ptr error;
        try {
            bool unchanged = false;
            if (!options_.force) {
                const Timed timed(clock_.checking);
                unchanged = writer_.unchanged(task.record.id, task.hash);
            }
            if (unchanged) {
                ++unchanged_;
            } else {
                const PreparedDocument prepared =
                    prepare(builder, std::move(task.record), task.hash);
                ++(add(prepared) == WriteOutcome::added ? added_ : replaced_);
                if (commit_every != 0 && ++since_commit >= commit_every) {
                    since_commit = 0;
                    if (!too_soon(last_commit)) {  // else the next commit point commits
                        const Timed timed(clock_.committing);
                        writer_.commit_shard(shard);
                        ++commits_;
                    }
                }
            }
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard lock(shard_mutex_);
            if (error && !shard_error_) shard_error_ = error;
            --shard_pending_;
        }
        shard_done_.notify_all();
    }
}

void IndexJob::wait_for_shards() {
    if (shard_writers_.empty()) return;
    std::unique_lock lock(shard_mutex_);
    shard_done_.wait(lock, [this] { return shard_pending_ == 0; });
    if (shard_error_) std::rethrow_exception(shard_error_);
}

void IndexJob::maybe_commit() {
    const std::size_t interval = commit_interval(1);
    if (interval == 0 || ++since_commit_ < interval) return;
    since_commit_ = 0;
    if (too_soon(last_commit_)) return;  // the next commit point commits
    const Timed timed(clock_.committing);
    writer_.commit();
    ++commits_;
}

void IndexJob::remove(const std::string& key, const std::string&) {
    drain();  // a deletion comes after the records read before it
    bool removed;
    {
        const Timed timed(clock_.adding);
        removed = writer_.remove(key);
    }
    ++(removed ? stats_.deleted : stats_.not_found);
    maybe_commit();
}

void IndexJob::finish() {
    if (finished_) return;
    finished_ = true;
    // What was analysed is written and committed even when something failed on the way.
    std::exception_ptr failure;
    try {
        drain();
    } catch (...) {
        failure = std::current_exception();
        // What the shard writers hold is still written before the commit.
        std::unique_lock lock(shard_mutex_);
        shard_done_.wait(lock, [this] { return shard_pending_ == 0; });
    }
    if (on_phase) on_phase("committing");
    {
        const Timed timed(clock_.committing);
        writer_.commit();
    }
    ++commits_;
    // A database built in parts becomes one (its spelling table counted from its terms).
    if (writer_.building()) {
        if (on_phase) on_phase("compacting");
        const Timed timed(clock_.merging);
        writer_.finish_build();
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace polsearch
