// polsearch-index: reads records from files and writes them into a database.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli/options.h"
#include "cli/program.h"
#include "cli/terminal.h"
#include "formats/record_reader.h"
#include "index/index_job.h"
#include "index/index_writer.h"
#include "polsearch/error.h"
#include "text/date.h"
#include "text/text.h"
#include "text/utf8.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr cli::Program program{"polsearch-index", "index"};

// Thrown past the readers to stop the run under --on-error=fail.
struct StopIndexing {
    InputError error;
};

constexpr const char* usage = R"(Usage: polsearch-index --db PATH [options] INPUT...
       polsearch-index --db PATH --compact

Reads records from each INPUT (a file, a folder, or - for standard input) and adds them to
the database at PATH, creating it if needed. A record whose id is already in the database
replaces it; one whose content has not changed since it was indexed is skipped cheaply, so a
nightly run over the same export is quick. Formats, told from the file's name and content
(docs/record-format.md): JSON Lines (.jsonl), OAI-PMH ListRecords pages with oai_dc (.xml,
or a folder of pages), RIS (.ris), Scopus CSV (.csv), Open Journal Systems article pages saved
as text (.txt); each may be gzip-compressed (.gz).

Examples:
  polsearch-index --db var/library-db sample_corpus/
  polsearch-index --db var/library-db harvest/2025-11-27/          # OAI-PMH pages
  polsearch-index --db var/library-db scopus.csv zotero.ris
  zcat export.jsonl.gz | polsearch-index --db var/library-db --format jsonl -
  polsearch-index --db var/library-db --delete 10.1234/abc --delete-from withdrawn.txt
  polsearch-index --db var/big-db --shards 4 --threads 4 ungd.jsonl.gz
  polsearch-index --db var/big-db --compact                        # merge into one database

Exit status: 0 every record indexed; 3 some records skipped (each reported on stderr with
file and line, and the reason); 1 failure (database locked or unwritable, an input unreadable
or damaged: what was read before it is kept); 2 bad usage.

Options)";

// A record's id is at most 200 bytes of UTF-8 (record.cpp): nothing else can be deleted.
constexpr std::size_t max_id_bytes = 200;

// What makes `id` no record's id, or nothing.
std::optional<std::string> id_problem(const std::string& id) {
    if (const std::size_t bad = utf8_invalid_offset(id); bad != id.size()) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(id[bad]));
        return std::string("invalid UTF-8 (byte ") + byte + ")";
    }
    if (id.size() > max_id_bytes)
        return "the id is longer than " + std::to_string(max_id_bytes) + " bytes";
    return std::nullopt;
}

// A record to delete: its id, where it was asked for, and what is wrong with a line that
// cannot name a record (reported as a bad record is).
struct Deletion {
    std::string id;
    std::string where;
    std::optional<std::string> problem;
};

std::vector<Deletion> ids_from_file(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw InputError(path, "is a folder, not a file of ids to delete (one a line)");
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open the list of ids to delete");
    std::vector<Deletion> ids;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        std::string id = trim(line);
        if (id.empty() || id[0] == '#') continue;
        auto problem = id_problem(id);
        ids.push_back({std::move(id), path + ":" + std::to_string(number), std::move(problem)});
    }
    if (in.bad()) throw InputError(path, "cannot read the list of ids to delete");
    return ids;
}

struct Options {
    std::string database;
    InputFormat format = InputFormat::automatic;
    cli::OnError on_error = cli::OnError::skip;
    cli::Count threads{std::max(1u, std::thread::hardware_concurrency())};
    cli::Count shards{0};
    bool compact = false;
    cli::Count commit_every{10000};
    cli::Count max_record_bytes{1 << 20};
    bool wait_lock = false;
    std::vector<std::string> deletions;
    std::vector<std::string> delete_files;
    bool force = false;
    cli::SummaryFormat summary = cli::SummaryFormat::text;
    bool progress = false;  // --progress, or standard error is a terminal
    bool quiet = false;
    std::vector<std::string> inputs;
    bool compact_only = false;  // --compact with nothing to read or delete
};

// The options, checked; nullopt when --help has been answered.
std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description described(usage);
    cli::add_database_option(described, options.database,
                             "database to write (no default: --db, $POLSEARCH_DB or db in the "
                             "configuration file must name it)",
                             false);
    // clang-format off
    described.add_options()
        ("format", cli::choice_value(options.format),
         "input format: auto, jsonl, oai, ris, csv, ojs")
        ("on-error", cli::choice_value(options.on_error),
         "skip: report a bad record and go on; fail: stop at the first one")
        ("threads", cli::count_value(options.threads),
         "threads that analyse records (and with --shards, one writer per shard)")
        ("shards", cli::count_value(options.shards),
         "a new database of N shards, joined by a stub file PATH/XAPIANDB")
        ("compact", po::bool_switch(&options.compact),
         "merge the database into one compact database at the end (alone, with no INPUT: "
         "compact the existing database)")
        ("commit-every", cli::count_value(options.commit_every),
         "commit every N records written, and at most once a second (memory stays bounded; a "
         "killed job loses at most N, or a second's records)")
        ("max-record-bytes", cli::count_value(options.max_record_bytes),
         "skip a record whose input is longer than N bytes")
        ("wait-lock", po::bool_switch(&options.wait_lock),
         "wait while another indexing job writes to the database, instead of failing")
        ("delete", po::value(&options.deletions)->value_name("ID"),
         "delete the record with this id (or OAI identifier); repeatable")
        ("delete-from", po::value(&options.delete_files)->value_name("FILE"),
         "delete the records whose ids FILE lists, one per line")
        ("force", po::bool_switch(&options.force),
         "analyse and write every record, even unchanged ones")
        ("summary", cli::choice_value(options.summary),
         "summary at the end: text (standard error) or json (standard output)")
        ("progress", po::bool_switch(&options.progress),
         "show the progress even when standard error is not a terminal (a line every 5 s, "
         "with the time): records, records/s, percent of the input read and time left; "
         "when an input is a pipe or standard input, whose size is unknown, records and "
         "records/s only")
        ("quiet,q", po::bool_switch(&options.quiet),
         "no progress line and no summary (errors are still reported)");
    // clang-format on
    po::variables_map values;
    if (!cli::parse_options(program, argc, argv, described, options.inputs, values))
        return std::nullopt;
    if (options.database.empty()) {
        throw UsageError(
            "no database to write: give --db PATH (or set $POLSEARCH_DB, or db = PATH in " +
            cli::default_config_file() + ")");
    }
    options.compact_only =
        options.inputs.empty() && options.deletions.empty() && options.delete_files.empty();
    if (options.compact_only && !options.compact)
        throw UsageError("no INPUT given (and nothing to --delete or --compact)");
    if (options.threads.value == 0 || options.threads.value > 1024)
        throw UsageError("--threads must be from 1 to 1024");
    if (!values["shards"].defaulted() && (options.shards.value == 0 || options.shards.value > 1024))
        throw UsageError("--shards must be from 1 to 1024");
    if (options.max_record_bytes.value == 0)
        throw UsageError("--max-record-bytes must be at least 1");
    options.progress = !options.quiet && (options.progress || cli::is_terminal(2));
    return options;
}

// The records to delete, from --delete and --delete-from, checked before anything is written.
std::vector<Deletion> deletions_to_make(const Options& options) {
    std::vector<Deletion> to_delete;
    for (const auto& id : options.deletions) {
        if (const auto problem = id_problem(id))
            throw UsageError("--delete '" + id + "': " + *problem);
        to_delete.push_back({id, "--delete", std::nullopt});
    }
    for (const auto& file : options.delete_files) {
        auto ids = ids_from_file(file);
        to_delete.insert(to_delete.end(), ids.begin(), ids.end());
    }
    return to_delete;
}

// The progress line: records, records/s, and the part of the input read with the time left
// (only records and records/s when an input is a pipe, whose size is unknown); then, once
// everything is read, "committing" while the last records are written and committed. On a
// terminal one line rewritten in place (4 times a second at most) and cleared before any
// other message and at the end; elsewhere, with --progress, a line every 5 seconds, each with
// the time (UTC).
class Progress {
  public:
    Progress(bool shown, std::chrono::steady_clock::time_point started)
        : shown_(shown), on_terminal_(cli::is_terminal(2)), started_(started) {}

    /// While reading: records read so far.
    void update(const IndexJobStats& stats) {
        if (!shown_ || committing_) return;
        const auto now = std::chrono::steady_clock::now();
        const auto interval =
            on_terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(5);
        if (now - last_ < interval) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - started_).count();
        std::string line = cli::format_count(stats.read) + " records, " +
                           cli::format_rate(double(stats.read) / elapsed) + " records/s";
        if (stats.bytes_total > 0 && stats.bytes_done > 0) {
            // At most 99% until the committing line: the input read whole is not the end.
            const double fraction =
                std::min(1.0, double(stats.bytes_done) / double(stats.bytes_total));
            line += ", " + std::to_string(std::min(99, static_cast<int>(fraction * 100))) + "%";
            if (fraction < 1) line += ", ETA " + cli::format_duration(elapsed / fraction - elapsed);
        }
        draw(line);
    }

    /// Everything is read: what is still being analysed is written, then committed
    /// ("committing"), and a database built in parts merged into one ("compacting").
    void finishing(const IndexJobStats& stats, const char* phase) {
        if (!shown_) return;
        committing_ = true;
        draw(cli::format_count(stats.read) + " records read, " + phase);
    }

    /// Clears the line on a terminal, so that a message can be written.
    void clear() {
        if (drawn_ && on_terminal_) std::cerr << "\r\033[K" << std::flush;
        drawn_ = false;
    }

    /// The end: the line is cleared and never drawn again.
    void end() {
        clear();
        shown_ = false;
    }

  private:
    void draw(const std::string& line) {
        const std::string text = std::string(program.name) + ": " + line;
        if (on_terminal_)
            std::cerr << "\r" << text << "\033[K" << std::flush;
        else
            std::cerr << utc_timestamp() << " " << text << "\n" << std::flush;
        drawn_ = true;
    }

    bool shown_;
    bool on_terminal_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_ = started_ - std::chrono::hours(1);
    bool drawn_ = false;
    bool committing_ = false;
};

// What a job did.
struct Outcome {
    IndexJobStats stats;
    std::vector<nlohmann::json> skips;  // the first 1,000, for --summary json
    std::optional<InputError> stop;     // --on-error=fail stopped here
    std::size_t records = 0;            // in the database at the end
    unsigned shards = 0;
    double seconds = 0;
};

// Reads the inputs and makes the deletions into `writer`; what was read is committed even
// when the job stops early.
void read_and_delete(const Options& options, const std::vector<Deletion>& to_delete,
                     IndexWriter& writer, Progress& progress, Outcome& outcome) {
    IndexJobOptions job_options;
    job_options.format = options.format;
    job_options.read.max_record_bytes = options.max_record_bytes.value;
    job_options.threads = static_cast<unsigned>(options.threads.value);
    job_options.commit_every = options.commit_every.value;
    job_options.force = options.force;
    const bool fail = options.on_error == cli::OnError::fail;
    IndexJob job(writer, job_options);
    job.on_skip = [&](const InputError& error) {
        progress.clear();
        std::cerr << program.name << ": skipped " << error.what() << "\n";
        if (outcome.skips.size() < 1000) {
            const std::string what = error.what();
            outcome.skips.push_back(
                {{"where", error.where()},
                 {"reason", what.substr(std::min(what.size(), error.where().size() + 2))}});
        }
        if (fail) throw StopIndexing{error};
    };
    job.on_progress = [&](const IndexJobStats& stats) { progress.update(stats); };
    job.plan(options.inputs);
    try {
        for (const auto& input : options.inputs) {
            try {
                job.read(input);
            } catch (const InputError& error) {
                progress.clear();
                std::cerr << program.name << ": " << error.what() << "\n";
                if (fail) {
                    outcome.stop = error;
                    break;
                }
            }
        }
        for (const auto& [id, where, problem] : to_delete) {
            if (problem) {
                job.skip(InputError(where, *problem));
                continue;
            }
            const std::size_t before = job.stats().not_found;
            job.remove(id, where);
            if (job.stats().not_found != before) {
                std::cerr << program.name << ": " << where << ": no record with id '" << id
                          << "' to delete\n";
            }
        }
    } catch (const StopIndexing& stopped) {
        outcome.stop = stopped.error;
    }
    // Whatever was read is kept, even when the run stops early.
    progress.finishing(job.stats(), "committing");
    job.on_phase = [&](const char* phase) { progress.finishing(job.stats(), phase); };
    job.finish();
    progress.end();
    outcome.stats = job.stats();
}

Outcome run_job(const Options& options, const std::vector<Deletion>& to_delete) {
    if (options.compact_only && !database_exists(options.database))
        throw DatabaseError("no database at '" + options.database + "' to compact");
    WriterOptions writer_options;
    writer_options.shards = static_cast<unsigned>(options.shards.value);
    // A new database is built in one part per thread, merged at the end.
    writer_options.build_parts = static_cast<unsigned>(options.threads.value);
    writer_options.create = !options.compact_only;
    // Compacted, the database is one whatever it was: a --shards --compact job run again
    // after its compaction (or after a kill during it) writes into what is there.
    writer_options.any_layout = options.compact;
    writer_options.wait_lock = options.wait_lock;
    writer_options.on_wait = [&] {
        if (!options.quiet)
            std::cerr << program.name << ": waiting for another indexing job to finish with "
                      << options.database << "\n";
    };
    writer_options.on_note = [&](const std::string& note) {
        if (!options.quiet)
            std::cerr << program.name << ": " << options.database << ": " << note << "\n";
    };
    const auto started = std::chrono::steady_clock::now();
    Outcome outcome;
    std::optional<IndexWriter> writer(std::in_place, options.database, writer_options);
    Progress progress(options.progress, started);
    read_and_delete(options, to_delete, *writer, progress, outcome);
    outcome.records = writer->document_count();
    if (options.compact && !outcome.stop && !writer->compacted()) {
        if (options.progress)
            std::cerr << program.name << ": compacting " << options.database << "\n";
        // Under the job's lock to the end: a job waiting for it writes into the result.
        const auto compacting = std::chrono::steady_clock::now();
        writer->compact();
        outcome.stats.times.merging +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - compacting).count();
    }
    outcome.shards = writer->shard_count();
    writer.reset();  // releases the lock
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
}

// Where the time went (IndexTimes), for --summary json: seconds of each thread, summed.
nlohmann::json thread_seconds(const IndexTimes& times) {
    return {{"reading", times.reading},       {"checking", times.checking},
            {"analysis", times.analysis},     {"adding", times.adding},
            {"committing", times.committing}, {"merging", times.merging}};
}

void report(const Options& options, const Outcome& outcome) {
    if (options.quiet) return;
    const IndexJobStats& stats = outcome.stats;
    const double rate = static_cast<double>(stats.read) / std::max(outcome.seconds, 1e-9);
    if (options.summary == cli::SummaryFormat::json) {
        std::cout << nlohmann::json{{"database", options.database},
                                    {"added", stats.added},
                                    {"replaced", stats.replaced},
                                    {"unchanged", stats.unchanged},
                                    {"deleted", stats.deleted},
                                    {"not_found", stats.not_found},
                                    {"skipped", stats.skipped},
                                    {"skips", outcome.skips},
                                    {"failed_inputs", stats.failed_inputs},
                                    {"records", outcome.records},
                                    {"shards", outcome.shards},
                                    {"threads", options.threads.value},
                                    {"commits", stats.commits},
                                    {"seconds", outcome.seconds},
                                    {"records_per_second", rate},
                                    {"thread_seconds", thread_seconds(stats.times)}}
                         // A file name, --db or a skipped line's reason may hold bytes that are
                         // not UTF-8: each becomes U+FFFD.
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
        return;
    }
    std::cerr << program.name << ": " << cli::format_count(stats.added) << " added, "
              << cli::format_count(stats.replaced) << " replaced, "
              << cli::format_count(stats.unchanged) << " unchanged, "
              << cli::format_count(stats.deleted) << " deleted, "
              << cli::format_count(stats.skipped) << " skipped";
    if (stats.not_found)
        std::cerr << ", " << cli::format_count(stats.not_found) << " not found to delete";
    std::cerr << "; " << cli::format_count(outcome.records) << " records in " << options.database
              << " (" << cli::format_duration(outcome.seconds) << ", " << cli::format_rate(rate)
              << " records/s)\n";
}

int exit_status(const Outcome& outcome) {
    if (outcome.stop) {
        std::cerr << program.name << ": stopped (--on-error=fail): " << outcome.stop->what()
                  << "\n";
        return exit_failure;
    }
    if (outcome.stats.failed_inputs > 0) return exit_failure;
    return outcome.stats.skipped > 0 ? exit_some_skipped : exit_success;
}

}  // namespace

int main(int argc, char** argv) {
    return cli::run_program(program.name, [&] {
        const auto options = parse_options(argc, argv);
        if (!options) return int(exit_success);
        const Outcome outcome = run_job(*options, deletions_to_make(*options));
        report(*options, outcome);
        return exit_status(outcome);
    });
}
