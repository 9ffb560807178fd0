// Reading records from the files libraries have: JSON Lines, OAI-PMH ListRecords pages with
// oai_dc metadata, RIS, Scopus CSV, and Open Journal Systems article pages saved as text.
// Any of them may be gzip-compressed. Each record comes with where it was read ("file:line"),
// each bad record is reported with that place while reading goes on, and a record that an
// input deletes (OAI-PMH status="deleted") is passed on as a deletion.
// docs/record-format.md maps every format's fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "polsearch/error.h"
#include "polsearch/record.h"

namespace polsearch {

enum class InputFormat { automatic, jsonl, oai, ris, csv, ojs };

/// "auto", "jsonl", "oai", "ris", "csv", "ojs"; throws UsageError otherwise.
InputFormat parse_input_format(const std::string& name);

/// The name of a format, as parse_input_format takes it.
std::string_view input_format_name(InputFormat format);

/// The format a file's name says (ignoring a final .gz): .jsonl .ndjson .json "-" → jsonl;
/// .xml → oai; .ris → ris; .csv → csv; .txt → ojs. InputFormat::automatic otherwise.
InputFormat format_from_name(const std::string& path);

/// The format of a file from its name and, where the name is silent or ambiguous (.txt, .gz,
/// no extension), from its first bytes. InputFormat::automatic when neither tells.
InputFormat detect_format(const std::string& path);

/// What readers call. on_delete receives the id or OAI identifier of a record the input
/// deletes; on_position (optional) the bytes of the current file read so far (compressed
/// bytes for .gz), for progress; on_file (optional, read_records only) each file's name as it
/// starts.
struct RecordSinks {
    std::function<void(Record&& record, const std::string& where)> on_record;
    std::function<void(const std::string& id, const std::string& where)> on_delete;
    std::function<void(const InputError& error)> on_error;
    std::function<void(std::uint64_t bytes)> on_position;
    std::function<void(const std::string& file)> on_file;  ///< optional: a file is started
};

struct ReadOptions {
    /// A record whose input takes more bytes is reported and skipped.
    std::size_t max_record_bytes = std::size_t{1} << 20;
};

/// A file to read and its format.
struct InputSource {
    std::string path;
    InputFormat format;  ///< automatic only for a file whose name and content say nothing
};

/// The files that `path` stands for: itself, or for a folder every file in it (recursively)
/// whose name or content says a format, in natural name order (page-2 before page-10), each
/// with `format`, or when that is automatic, the format detected (once) for it.
/// Throws InputError when `path` does not exist or a folder cannot be listed.
std::vector<InputSource> input_files(const std::string& path, InputFormat format);

/// Reads every record of one file (or "-"). Bad records go to `on_error` and reading goes on;
/// a file that cannot be opened, read or decompressed to its end throws InputError naming it
/// (after the records read before the damage were passed on).
void read_file(const std::string& path, InputFormat format, const RecordSinks& sinks,
               const ReadOptions& options = {});

/// Reads every file `path` stands for (input_files). A file that cannot be read does not stop
/// the others; the first such failure is thrown once they are all read. For OAI-PMH pages, a
/// page that a resumption token points to but that is not among them is reported to on_error.
void read_records(const std::string& path, InputFormat format, const RecordSinks& sinks,
                  const ReadOptions& options = {});

// One reader per format (each called by read_file).
void read_jsonl(const std::string& path, const RecordSinks& sinks, const ReadOptions& options);
void read_ris(const std::string& path, const RecordSinks& sinks, const ReadOptions& options);
void read_scopus_csv(const std::string& path, const RecordSinks& sinks, const ReadOptions& options);
void read_ojs(const std::string& path, const RecordSinks& sinks, const ReadOptions& options);

/// What an OAI-PMH page says of the pages around it.
struct OaiPage {
    std::string request_token;  ///< resumptionToken of the request that gave this page, or ""
    std::string next_token;     ///< resumptionToken pointing to the next page, or "" if last
};
OaiPage read_oai_pmh(const std::string& path, const RecordSinks& sinks, const ReadOptions& options);

}  // namespace polsearch
