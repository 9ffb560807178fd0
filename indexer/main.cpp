// polsearch-index: reads records from files and writes them into a database.
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <optional>

#include "polsearch/error.h"
#include "polsearch/index_writer.h"
#include "polsearch/program.h"
#include "polsearch/record_reader.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

// Thrown past the readers to stop the run under --on-error=fail.
struct StopIndexing {
    InputError error;
};

constexpr const char* usage = R"(Usage: polsearch-index --db PATH [options] INPUT...

Reads records from each INPUT (a file, a folder, or - for standard input) and adds them to
the database at PATH, creating it if needed. A record whose id is already in the database
replaces it. Formats: JSON Lines (.jsonl, .jsonl.gz; docs/record-format.md) and Open Journal
Systems article pages saved as text (.txt).

Examples:
  polsearch-index --db var/library-db sample_corpus/
  polsearch-index --db var/library-db export-2025.jsonl.gz
  zcat export.jsonl.gz | polsearch-index --db var/library-db --format jsonl -

Exit status: 0 every record indexed; 3 some records skipped (each reported on stderr with
file and line); 1 failure (database or input unreadable); 2 bad usage.

Options)";

}  // namespace

int main(int argc, char** argv) {
    return run_program("polsearch-index", [&] {
        std::string database;
        std::string format_name;
        std::string summary_format;
        std::string on_error;
        std::vector<std::string> inputs;
        po::options_description options(usage);
        options.add_options()
            ("db", po::value(&database)->value_name("PATH"), "database to write (required)")
            ("format", po::value(&format_name)->default_value("auto")->value_name("FORMAT"),
             "input format: auto, jsonl, ojs")
            ("on-error", po::value(&on_error)->default_value("skip")->value_name("POLICY"),
             "skip: report a bad record and go on; fail: stop at the first one")
            ("summary", po::value(&summary_format)->default_value("text")->value_name("FORMAT"),
             "summary at the end: text or json")
            ("progress", "show a progress line even when standard error is not a terminal")
            ("quiet,q", "no progress line and no summary");
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, inputs, vm)) return int(exit_success);
        if (database.empty()) throw UsageError("--db PATH is required");
        if (inputs.empty()) throw UsageError("no INPUT given");
        if (on_error != "skip" && on_error != "fail") {
            throw UsageError("--on-error must be skip or fail, not '" + on_error + "'");
        }
        if (summary_format != "text" && summary_format != "json") {
            throw UsageError("--summary must be text or json, not '" + summary_format + "'");
        }
        const InputFormat format = parse_input_format(format_name);
        const bool quiet = vm.count("quiet") > 0;
        const bool progress = !quiet && (vm.count("progress") > 0 || is_terminal(2));

        const auto started = std::chrono::steady_clock::now();
        IndexWriter writer(database);
        std::size_t skipped = 0;
        std::size_t failed_inputs = 0;
        std::optional<InputError> stop;
        std::size_t records_read = 0;
        auto last_progress = started;
        const auto on_record = [&](Record&& record, const std::string& where) {
            writer.add(std::move(record));
            ++records_read;
            if (!progress || records_read % 500 != 0) return;
            const auto now = std::chrono::steady_clock::now();
            if (now - last_progress < std::chrono::milliseconds(500)) return;
            last_progress = now;
            const double elapsed = std::chrono::duration<double>(now - started).count();
            // One line, rewritten in place; where we are, so a slow file can be told.
            std::cerr << "\rpolsearch-index: " << records_read << " records, "
                      << static_cast<long>(records_read / elapsed) << " records/s, at "
                      << where << "\033[K" << std::flush;
        };
        const auto report = [&](const InputError& error) {
            ++skipped;
            std::cerr << "polsearch-index: skipped " << error.what() << "\n";
            if (on_error == "fail") throw StopIndexing{error};
        };
        for (const auto& input : inputs) {
            try {
                read_records(input, format, on_record, report);
            } catch (const StopIndexing& stopped) {
                stop = stopped.error;
                break;
            } catch (const InputError& error) {
                ++failed_inputs;
                std::cerr << "polsearch-index: " << error.what() << "\n";
                if (on_error == "fail") {
                    stop = error;
                    break;
                }
            }
        }
        if (progress) std::cerr << "\r\033[K" << std::flush;
        // Whatever was read is kept, even when the run stops early.
        writer.commit();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        const IndexStats& stats = writer.stats();
        if (!quiet) {
            if (summary_format == "json") {
                std::cout << nlohmann::json{{"database", database},
                                            {"added", stats.added},
                                            {"replaced", stats.replaced},
                                            {"skipped", skipped},
                                            {"failed_inputs", failed_inputs},
                                            {"records", writer.document_count()},
                                            {"seconds", seconds}}
                                 .dump()
                          << "\n";
            } else {
                std::cerr << "polsearch-index: " << stats.added << " added, " << stats.replaced
                          << " replaced, " << skipped << " skipped; " << writer.document_count()
                          << " records in " << database << " (" << seconds << " s)\n";
            }
        }
        if (stop) {
            std::cerr << "polsearch-index: stopped (--on-error=fail): " << stop->what() << "\n";
            return int(exit_failure);
        }
        if (failed_inputs > 0) return int(exit_failure);
        return int(skipped > 0 ? exit_some_skipped : exit_success);
    });
}
