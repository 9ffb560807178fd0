#include "formats/record_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "formats/input_file.h"
#include "formats/ojs_page.h"
#include "formats/record_io.h"
#include "text/text.h"

namespace polsearch {
namespace fs = std::filesystem;
using detail::ends_with;
using detail::place;

namespace {

constexpr std::pair<std::string_view, InputFormat> format_names[] = {
    {"auto", InputFormat::automatic}, {"jsonl", InputFormat::jsonl}, {"oai", InputFormat::oai},
    {"ris", InputFormat::ris},        {"csv", InputFormat::csv},     {"ojs", InputFormat::ojs},
};

// The name without a final ".gz", in lower case.
std::string plain_name(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ends_with(name, ".gz")) name.resize(name.size() - 3);
    return name;
}

// The format of a file's first bytes; automatic when they do not tell.
InputFormat format_from_content(std::string_view start) {
    if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
    const auto first = start.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return InputFormat::automatic;
    start.remove_prefix(first);
    if (start.front() == '{') return InputFormat::jsonl;
    if (start.front() == '<') {
        return start.find("OAI-PMH") != std::string_view::npos ? InputFormat::oai
                                                               : InputFormat::automatic;
    }
    if (start.substr(0, 6) == "TY  - " || start.substr(0, 5) == "TY - ") return InputFormat::ris;
    const std::string_view header = start.substr(0, start.find('\n'));
    if (header.find(',') != std::string_view::npos &&
        header.find("Title") != std::string_view::npos &&
        (header.find("EID") != std::string_view::npos ||
         header.find("Source title") != std::string_view::npos ||
         header.find("Abstract") != std::string_view::npos)) {
        return InputFormat::csv;
    }
    return InputFormat::automatic;
}

// Natural order: digit runs compare as numbers, so page-2.xml comes before page-10.xml.
bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            std::size_t i_end = i, j_end = j;
            while (i_end < a.size() && std::isdigit(static_cast<unsigned char>(a[i_end]))) ++i_end;
            while (j_end < b.size() && std::isdigit(static_cast<unsigned char>(b[j_end]))) ++j_end;
            std::string_view x(a.data() + i, i_end - i), y(b.data() + j, j_end - j);
            while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
            while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            i = i_end;
            j = j_end;
            continue;
        }
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

// The file's bytes, at most `limit` + 1 of them (the rest is read and dropped: a reader that
// gets more than `limit` knows the file is too long).
std::string read_whole_file(const std::string& path, std::size_t limit) {
    detail::InputFile file(path);
    std::string content;
    char buffer[1 << 16];
    while (const std::size_t got = file.read(buffer, sizeof buffer)) {
        if (content.size() <= limit)
            content.append(buffer, std::min(got, limit + 1 - content.size()));
    }
    return content;
}

}  // namespace

InputFormat parse_input_format(const std::string& name) {
    for (const auto& [text, format] : format_names) {
        if (name == text) return format;
    }
    throw UsageError("unknown input format '" + name +
                     "' (expected auto, jsonl, oai, ris, csv or ojs)");
}

std::string_view input_format_name(InputFormat format) {
    for (const auto& [text, value] : format_names) {
        if (value == format) return text;
    }
    return "auto";
}

InputFormat format_from_name(const std::string& path) {
    if (path == "-") return InputFormat::jsonl;
    const std::string name = plain_name(path);
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || ends_with(name, ".json")) {
        return InputFormat::jsonl;
    }
    if (ends_with(name, ".xml")) return InputFormat::oai;
    if (ends_with(name, ".ris")) return InputFormat::ris;
    if (ends_with(name, ".csv")) return InputFormat::csv;
    if (ends_with(name, ".txt")) return InputFormat::ojs;
    return InputFormat::automatic;
}

InputFormat detect_format(const std::string& path) {
    const InputFormat by_name = format_from_name(path);
    // A name that says a structured format is believed; a .txt may be a saved OJS page or a
    // RIS export (Web of Science names those .txt), and no extension says nothing.
    if (by_name != InputFormat::automatic && by_name != InputFormat::ojs) return by_name;
    const InputFormat by_content = format_from_content(detail::file_start(path, 4096));
    if (by_content != InputFormat::automatic) return by_content;
    return by_name;
}

std::vector<InputSource> input_files(const std::string& path, InputFormat format) {
    const auto resolved = [&](const std::string& file) {
        return format != InputFormat::automatic ? format : detect_format(file);
    };
    std::error_code error;
    if (path == "-") return {{path, resolved(path)}};
    if (!fs::exists(path, error)) throw InputError(path, "no such file or folder");
    if (!fs::is_directory(path, error)) return {{path, resolved(path)}};
    std::vector<InputSource> files;
    for (auto it = fs::recursive_directory_iterator(path, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (!it->is_regular_file()) continue;
        const std::string file = it->path().string();
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') continue;  // hidden files, editors' backups
        const InputFormat file_format = resolved(file);
        if (file_format != InputFormat::automatic) files.push_back({file, file_format});
    }
    if (error) throw InputError(path, "cannot list folder: " + error.message());
    std::sort(files.begin(), files.end(), [](const InputSource& a, const InputSource& b) {
        return natural_less(a.path, b.path);
    });
    return files;
}

void read_jsonl(const std::string& path, const RecordSinks& sinks, const ReadOptions& options) {
    detail::InputFile file(path);
    std::string line;
    bool too_long = false;
    while (file.next_line(line, options.max_record_bytes, &too_long)) {
        if (sinks.on_position) sinks.on_position(file.offset());
        if (!too_long && (line.empty() || line.find_first_not_of(" \t") == std::string::npos))
            continue;
        const std::string where = place(path, file.line_number());
        if (too_long) {
            sinks.on_error(InputError(where, "record longer than the limit of " +
                                                 std::to_string(options.max_record_bytes) +
                                                 " bytes (--max-record-bytes)"));
            continue;
        }
        if (file.line_number() == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (line.find('\0') != std::string::npos) {
            sinks.on_error(InputError(where, "a NUL byte in the line (not JSON)"));
            continue;
        }
        try {
            sinks.on_record(record_from_json(nlohmann::json::parse(line)), where);
        } catch (const nlohmann::json::parse_error& error) {
            // nlohmann's message starts with "[json.exception.parse_error.101] parse error at
            // line 1, column N: ..."; keep the useful part.
            std::string message = error.what();
            const auto at = message.find("column");
            sinks.on_error(InputError(
                where, "invalid JSON: " +
                           excerpt(at == std::string::npos ? message : message.substr(at), 200)));
        } catch (const nlohmann::json::exception& error) {
            sinks.on_error(InputError(where, "invalid JSON: " + excerpt(error.what(), 200)));
        } catch (const RecordError& error) {
            sinks.on_error(InputError(where, error.what()));
        }
    }
}

void read_ojs(const std::string& path, const RecordSinks& sinks, const ReadOptions& options) {
    const std::string text = read_whole_file(path, options.max_record_bytes);
    if (sinks.on_position) sinks.on_position(text.size());
    try {
        if (text.size() > options.max_record_bytes) {
            throw RecordError("record longer than the limit of " +
                              std::to_string(options.max_record_bytes) +
                              " bytes (--max-record-bytes)");
        }
        detail::require_utf8(text, path, 1);
        Record record = parse_ojs_page(text, fs::path(path).stem().string());
        validate_record(record);
        sinks.on_record(std::move(record), path);
    } catch (const RecordError& error) {
        sinks.on_error(InputError(path, error.what()));
    } catch (const InputError& error) {
        sinks.on_error(error);
    }
}

void read_file(const std::string& path, InputFormat format, const RecordSinks& sinks,
               const ReadOptions& options) {
    if (format == InputFormat::automatic) format = detect_format(path);
    switch (format) {
        case InputFormat::jsonl:
            return read_jsonl(path, sinks, options);
        case InputFormat::oai:
            read_oai_pmh(path, sinks, options);
            return;
        case InputFormat::ris:
            return read_ris(path, sinks, options);
        case InputFormat::csv:
            return read_scopus_csv(path, sinks, options);
        case InputFormat::ojs:
            return read_ojs(path, sinks, options);
        case InputFormat::automatic:
            break;
    }
    throw InputError(path,
                     "cannot tell the format from the file's name or content (expected "
                     ".jsonl, .xml, .ris, .csv or .txt, optionally .gz); name it with --format");
}

void read_records(const std::string& path, InputFormat format, const RecordSinks& sinks,
                  const ReadOptions& options) {
    const std::vector<InputSource> files = input_files(path, format);
    // A file that cannot be read must not stop the others; the first such failure is raised
    // once all the others are read.
    std::optional<InputError> first_failure;
    // OAI-PMH pages: which request token each page answers, and which token it points to.
    std::map<std::string, std::string> answered;              // request token → file
    std::vector<std::pair<std::string, std::string>> points;  // (file, next token)
    for (const auto& [file, file_format] : files) {
        if (sinks.on_file) sinks.on_file(file);
        try {
            if (file_format == InputFormat::oai) {
                const OaiPage page = read_oai_pmh(file, sinks, options);
                if (!page.request_token.empty()) answered[page.request_token] = file;
                if (!page.next_token.empty()) points.emplace_back(file, page.next_token);
            } else {
                read_file(file, file_format, sinks, options);
            }
        } catch (const InputError& failure) {
            if (files.size() == 1) throw;
            if (!first_failure) first_failure = failure;
        }
    }
    // Pages of one harvest come as a folder; a page given alone is not checked.
    std::error_code error;
    if (!fs::is_directory(path, error)) points.clear();
    for (const auto& [file, token] : points) {
        if (!answered.count(token)) {
            sinks.on_error(
                InputError(file, "the next OAI-PMH page (resumptionToken '" + token +
                                     "') is not among the inputs: the harvest is incomplete"));
        }
    }
    if (first_failure) throw *first_failure;
}

}  // namespace polsearch
