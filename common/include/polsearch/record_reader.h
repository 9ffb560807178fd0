// Reading records from input files: JSON Lines (plain or gzip, or "-" for standard input) and
// Open Journal Systems article pages saved as text. Each record comes with where it was read
// ("file:line"), and each bad record is reported with that place while reading goes on.
#pragma once

#include <functional>
#include <string>

#include "polsearch/error.h"
#include "polsearch/record.h"

namespace polsearch {

enum class InputFormat { automatic, jsonl, ojs };

/// "auto", "jsonl", "ojs"; throws UsageError otherwise.
InputFormat parse_input_format(const std::string& name);

/// The format a file's name says: .jsonl / .jsonl.gz / .json / "-" → jsonl; .txt → ojs.
/// InputFormat::automatic when the name says nothing.
InputFormat format_from_name(const std::string& path);

using RecordSink = std::function<void(Record&& record, const std::string& where)>;
using ErrorSink = std::function<void(const InputError& error)>;

/// Reads every record of `path`: a file, "-", or a folder (every file in it whose name says
/// its format, recursively, in name order). Bad records go to `on_error` and reading goes on;
/// a file that cannot be opened or read throws InputError.
void read_records(const std::string& path, InputFormat format, const RecordSink& on_record,
                  const ErrorSink& on_error);

/// Reads a JSON Lines file (gzip-compressed or not) or "-".
void read_jsonl(const std::string& path, const RecordSink& on_record, const ErrorSink& on_error);

}  // namespace polsearch
