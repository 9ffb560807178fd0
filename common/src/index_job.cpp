#include "polsearch/index_job.h"

#include <filesystem>

namespace polsearch {
namespace fs = std::filesystem;

namespace {

// Documents analysed or being analysed but not yet written, per analysis thread: enough to keep
// the threads busy while the writer works, few enough to keep memory small.
constexpr std::uint64_t in_flight_per_thread = 64;

std::uint64_t size_of(const std::string& file) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

IndexJob::IndexJob(IndexWriter& writer, const IndexJobOptions& options)
    : writer_(writer), options_(options) {
    if (options_.threads == 0) options_.threads = 1;
    if (options_.threads > 1) {
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

void IndexJob::plan(const std::vector<std::string>& inputs) {
    for (const auto& input : inputs) {
        if (input == "-") {
            stats_.bytes_total = 0;
            return;
        }
        try {
            for (const auto& file : input_files(input, options_.format))
                stats_.bytes_total += size_of(file);
        } catch (const InputError&) {
            // read() reports it.
        }
    }
}

void IndexJob::read(const std::string& input) {
    RecordSinks sinks;
    sinks.on_record = [this](Record&& record, const std::string& where) {
        submit(std::move(record), where);
    };
    sinks.on_delete = [this](const std::string& key, const std::string& where) {
        remove(key, where);
    };
    sinks.on_error = [this](const InputError& error) {
        ++stats_.skipped;
        if (on_skip) on_skip(error);
    };
    sinks.on_position = [this](std::uint64_t bytes) {
        stats_.bytes_done = bytes_before_file_ + bytes;
    };
    sinks.on_file = [this](const std::string& file) {
        if (!current_file_.empty()) bytes_before_file_ += size_of(current_file_);
        current_file_ = file;
    };
    try {
        read_records(input, options_.format, sinks, options_.read);
    } catch (const InputError&) {
        ++stats_.failed_inputs;
        throw;
    }
    if (!current_file_.empty()) bytes_before_file_ += size_of(current_file_);
    current_file_.clear();
    stats_.bytes_done = bytes_before_file_;
}

void IndexJob::submit(Record&& record, const std::string& where) {
    (void)where;
    ++stats_.read;
    std::string hash = content_hash(record);
    // A record whose id is still being analysed is compared with what is being written, not
    // with the database: it counts as changed.
    if (!options_.force && !in_flight_.count(record.id) && writer_.unchanged(record.id, hash)) {
        ++stats_.unchanged;
        if (on_progress) on_progress(stats_);
        return;
    }
    if (workers_.empty()) {
        write(prepare_document(builder_, std::move(record), hash));
        return;
    }
    while (next_sequence_ - next_write_ >= in_flight_per_thread * workers_.size())
        write_ready(true);
    ++in_flight_[record.id];
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(Task{next_sequence_++, std::move(record), std::move(hash)});
    }
    work_ready_.notify_one();
    write_ready(false);
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
            result.prepared = prepare_document(builder, std::move(task.record), task.hash);
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
        const std::string id = result.prepared.id;
        write(std::move(result.prepared));
        if (auto it = in_flight_.find(id); it != in_flight_.end() && --it->second == 0)
            in_flight_.erase(it);
        wrote = true;
    }
}

void IndexJob::drain() {
    while (next_write_ < next_sequence_) write_ready(true);
}

void IndexJob::write(PreparedDocument&& prepared) {
    ++(writer_.write(prepared) == WriteOutcome::added ? stats_.added : stats_.replaced);
    maybe_commit();
    if (on_progress) on_progress(stats_);
}

void IndexJob::maybe_commit() {
    if (options_.commit_every == 0 || ++since_commit_ < options_.commit_every) return;
    writer_.commit();
    ++stats_.commits;
    since_commit_ = 0;
}

void IndexJob::remove(const std::string& key, const std::string& where) {
    (void)where;
    drain();  // a deletion comes after the records read before it
    ++(writer_.remove(key) ? stats_.deleted : stats_.not_found);
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
    }
    writer_.commit();
    ++stats_.commits;
    if (failure) std::rethrow_exception(failure);
}

}  // namespace polsearch
