// polsearch-index: reads records from files and writes them into a database.
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "polsearch/error.h"
#include "index/index_job.h"
#include "index/index_writer.h"
#include "polsearch/program.h"
#include "formats/record_reader.h"
#include "text/text.h"
#include "text/utf8.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

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

std::string format_count(double value) {
    const std::string digits = std::to_string(static_cast<long long>(std::llround(value)));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_duration(double seconds) {
    const long total = std::lround(seconds);
    if (total < 60) return std::to_string(total) + " s";
    if (total < 3600)
        return std::to_string(total / 60) + " min " + std::to_string(total % 60) + " s";
    return std::to_string(total / 3600) + " h " + std::to_string(total % 3600 / 60) + " min";
}

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

}  // namespace

int main(int argc, char** argv) {
    return run_program("polsearch-index", [&] {
        std::string database;
        std::string format_name;
        std::string summary_format;
        std::string on_error;
        unsigned threads = 0;
        unsigned shards = 0;
        std::size_t commit_every = 0;
        std::size_t max_record_bytes = 0;
        std::vector<std::string> deletions;
        std::vector<std::string> delete_files;
        std::vector<std::string> inputs;
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        po::options_description options(usage);
        // clang-format off
        options.add_options()
            ("db", po::value(&database)->value_name("PATH"), "database to write (required)")
            ("format", po::value(&format_name)->default_value("auto")->value_name("FORMAT"),
             "input format: auto, jsonl, oai, ris, csv, ojs")
            ("on-error", po::value(&on_error)->default_value("skip")->value_name("POLICY"),
             "skip: report a bad record and go on; fail: stop at the first one")
            ("threads", po::value(&threads)->default_value(cores)->value_name("N"),
             "threads that analyse records (and with --shards, one writer per shard)")
            ("shards", po::value(&shards)->default_value(0)->value_name("N"),
             "a new database of N shards, joined by a stub file PATH/XAPIANDB")
            ("compact", "merge the database into one compact database at the end (alone, with no "
                        "INPUT: compact the existing database)")
            ("commit-every", po::value(&commit_every)->default_value(10000)->value_name("N"),
             "commit every N records written (memory stays bounded; a killed job loses at most N)")
            ("max-record-bytes", po::value(&max_record_bytes)->default_value(1 << 20)->value_name("N"),
             "skip a record whose input is longer than N bytes")
            ("wait-lock", "wait while another indexing job writes to the database, instead of failing")
            ("delete", po::value(&deletions)->value_name("ID"),
             "delete the record with this id (or OAI identifier); repeatable")
            ("delete-from", po::value(&delete_files)->value_name("FILE"),
             "delete the records whose ids FILE lists, one per line")
            ("force", "analyse and write every record, even unchanged ones")
            ("summary", po::value(&summary_format)->default_value("text")->value_name("FORMAT"),
             "summary at the end: text (standard error) or json (standard output)")
            ("progress", "show a progress line even when standard error is not a terminal")
            ("quiet,q", "no progress line and no summary (errors are still reported)");
        // clang-format on
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, inputs, vm)) return int(exit_success);
        if (database.empty()) throw UsageError("--db PATH is required");
        const bool compact = vm.count("compact") > 0;
        const bool compact_only = inputs.empty() && deletions.empty() && delete_files.empty();
        if (compact_only && !compact) {
            throw UsageError("no INPUT given (and nothing to --delete or --compact)");
        }
        if (on_error != "skip" && on_error != "fail") {
            throw UsageError("--on-error must be skip or fail, not '" + on_error + "'");
        }
        if (summary_format != "text" && summary_format != "json") {
            throw UsageError("--summary must be text or json, not '" + summary_format + "'");
        }
        if (threads == 0) throw UsageError("--threads must be at least 1");
        if (vm.count("shards") && !vm["shards"].defaulted() && shards == 0) {
            throw UsageError("--shards must be at least 1");
        }
        if (max_record_bytes == 0) throw UsageError("--max-record-bytes must be at least 1");
        const bool quiet = vm.count("quiet") > 0;
        const bool on_terminal = is_terminal(2);
        const bool progress = !quiet && (vm.count("progress") > 0 || on_terminal);

        IndexJobOptions job_options;
        job_options.format = parse_input_format(format_name);
        job_options.read.max_record_bytes = max_record_bytes;
        job_options.threads = threads;
        job_options.commit_every = commit_every;
        job_options.force = vm.count("force") > 0;

        std::vector<Deletion> to_delete;
        for (const auto& id : deletions) {
            if (const auto problem = id_problem(id))
                throw UsageError("--delete '" + id + "': " + *problem);
            to_delete.push_back({id, "--delete", std::nullopt});
        }
        for (const auto& file : delete_files) {
            auto ids = ids_from_file(file);
            to_delete.insert(to_delete.end(), ids.begin(), ids.end());
        }

        if (compact_only && !database_exists(database))
            throw DatabaseError("no database at '" + database + "' to compact");
        WriterOptions writer_options;
        writer_options.shards = shards;
        // A new database is built in one part per thread, merged at the end.
        writer_options.build_parts = threads;
        writer_options.create = !compact_only;
        // Compacted, the database is one whatever it was: a --shards --compact job run again
        // after its compaction (or after a kill during it) writes into what is there.
        writer_options.any_layout = compact;
        writer_options.wait_lock = vm.count("wait-lock") > 0;
        writer_options.on_wait = [&] {
            if (!quiet)
                std::cerr << "polsearch-index: waiting for another indexing job to finish with "
                          << database << "\n";
        };
        writer_options.on_note = [&](const std::string& note) {
            if (!quiet) std::cerr << "polsearch-index: " << database << ": " << note << "\n";
        };
        const auto started = std::chrono::steady_clock::now();
        std::optional<IndexWriter> writer(std::in_place, database, writer_options);
        std::vector<nlohmann::json> skips;
        std::optional<InputError> stop;
        auto last_progress = started - std::chrono::hours(1);  // the first line at once
        bool progress_shown = false;
        IndexJobStats stats;
        {
            IndexJob job(*writer, job_options);
            job.on_skip = [&](const InputError& error) {
                if (progress_shown && on_terminal) std::cerr << "\r\033[K";
                std::cerr << "polsearch-index: skipped " << error.what() << "\n";
                if (skips.size() < 1000) {
                    const std::string what = error.what();
                    skips.push_back(
                        {{"where", error.where()},
                         {"reason", what.substr(std::min(what.size(), error.where().size() + 2))}});
                }
                if (on_error == "fail") throw StopIndexing{error};
            };
            if (progress) {
                job.on_progress = [&](const IndexJobStats& now_stats) {
                    const auto now = std::chrono::steady_clock::now();
                    const auto interval =
                        on_terminal ? std::chrono::milliseconds(250) : std::chrono::seconds(5);
                    if (now - last_progress < interval) return;
                    last_progress = now;
                    const double elapsed = std::chrono::duration<double>(now - started).count();
                    std::string line =
                        "polsearch-index: " + format_count(static_cast<double>(now_stats.read)) +
                        " records, " + format_count(static_cast<double>(now_stats.read) / elapsed) +
                        " records/s";
                    if (now_stats.bytes_total > 0 && now_stats.bytes_done > 0) {
                        const double fraction = std::min(
                            1.0, double(now_stats.bytes_done) / double(now_stats.bytes_total));
                        line += ", " + std::to_string(static_cast<int>(fraction * 100)) +
                                "%, ETA " + format_duration(elapsed / fraction - elapsed);
                    }
                    std::cerr << (on_terminal ? "\r" + line + "\033[K" : line + "\n") << std::flush;
                    progress_shown = true;
                };
            }
            job.plan(inputs);
            try {
                for (const auto& input : inputs) {
                    try {
                        job.read(input);
                    } catch (const InputError& error) {
                        if (progress_shown && on_terminal) std::cerr << "\r\033[K";
                        std::cerr << "polsearch-index: " << error.what() << "\n";
                        if (on_error == "fail") {
                            stop = error;
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
                        std::cerr << "polsearch-index: " << where << ": no record with id '" << id
                                  << "' to delete\n";
                    }
                }
            } catch (const StopIndexing& stopped) {
                stop = stopped.error;
            }
            if (progress_shown && on_terminal) std::cerr << "\r\033[K" << std::flush;
            job.on_phase = [&](const char* phase) {
                if (progress) std::cerr << "polsearch-index: " << phase << " " << database << "\n";
            };
            // Whatever was read is kept, even when the run stops early.
            job.finish();
            stats = job.stats();
        }
        const auto records = writer->document_count();
        if (compact && !stop && !writer->compacted()) {
            if (progress) std::cerr << "polsearch-index: compacting " << database << "\n";
            // Under the job's lock to the end: a job waiting for it writes into the result.
            writer->compact();
        }
        const unsigned shard_count = writer->shard_count();
        writer.reset();  // releases the lock
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!quiet) {
            const double rate = static_cast<double>(stats.read) / std::max(seconds, 1e-9);
            if (summary_format == "json") {
                std::cout << nlohmann::json{{"database", database},
                                            {"added", stats.added},
                                            {"replaced", stats.replaced},
                                            {"unchanged", stats.unchanged},
                                            {"deleted", stats.deleted},
                                            {"not_found", stats.not_found},
                                            {"skipped", stats.skipped},
                                            {"skips", skips},
                                            {"failed_inputs", stats.failed_inputs},
                                            {"records", records},
                                            {"shards", shard_count},
                                            {"threads", threads},
                                            {"commits", stats.commits},
                                            {"seconds", seconds},
                                            {"records_per_second", rate}}
                                 // A file name, --db or a skipped line's reason may hold bytes
                                 // that are not UTF-8: each becomes U+FFFD.
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << "\n";
            } else {
                std::cerr << "polsearch-index: " << stats.added << " added, " << stats.replaced
                          << " replaced, " << stats.unchanged << " unchanged, " << stats.deleted
                          << " deleted, " << stats.skipped << " skipped";
                if (stats.not_found) std::cerr << ", " << stats.not_found << " not found to delete";
                std::cerr << "; " << records << " records in " << database << " ("
                          << format_duration(seconds) << ", " << format_count(rate)
                          << " records/s)\n";
            }
        }
        if (stop) {
            std::cerr << "polsearch-index: stopped (--on-error=fail): " << stop->what() << "\n";
            return int(exit_failure);
        }
        if (stats.failed_inputs > 0) return int(exit_failure);
        return int(stats.skipped > 0 ? exit_some_skipped : exit_success);
    });
}
