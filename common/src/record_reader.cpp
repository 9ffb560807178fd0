#include "polsearch/record_reader.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

#include "polsearch/ojs_page.h"

namespace polsearch {
namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Reads lines from a plain or gzip-compressed file (zlib reads both).
class LineReader {
public:
    explicit LineReader(const std::string& path) : path_(path) {
        file_ = path == "-" ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path.c_str(), "rb");
        if (!file_) {
            throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
        }
        gzbuffer(file_, 1 << 17);
    }
    ~LineReader() {
        if (file_) gzclose(file_);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next line without its end-of-line; false at the end of the file.
    bool next(std::string& line) {
        line.clear();
        char buffer[1 << 16];
        while (true) {
            if (!gzgets(file_, buffer, sizeof buffer)) {
                int code = 0;
                const char* message = gzerror(file_, &code);
                if (code != Z_OK && code != Z_STREAM_END) {
                    throw InputError(path_ + ":" + std::to_string(line_number_ + 1),
                                     std::string("read error: ") + message);
                }
                if (line.empty()) return false;
                break;
            }
            line += buffer;
            if (!line.empty() && line.back() == '\n') break;
        }
        ++line_number_;
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        return true;
    }
    std::size_t line_number() const { return line_number_; }

private:
    std::string path_;
    gzFile file_ = nullptr;
    std::size_t line_number_ = 0;
};

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw InputError(path, "read error");
    return content.str();
}

void read_ojs(const std::string& path, const RecordSink& on_record, const ErrorSink& on_error) {
    const std::string text = read_whole_file(path);
    try {
        on_record(parse_ojs_page(text, fs::path(path).stem().string()), path);
    } catch (const RecordError& error) {
        on_error(InputError(path, error.what()));
    }
}

void read_file(const std::string& path, InputFormat format, const RecordSink& on_record,
               const ErrorSink& on_error) {
    if (format == InputFormat::automatic) format = format_from_name(path);
    switch (format) {
        case InputFormat::jsonl: return read_jsonl(path, on_record, on_error);
        case InputFormat::ojs: return read_ojs(path, on_record, on_error);
        case InputFormat::automatic: break;
    }
    throw InputError(path, "cannot tell the format from the file name (expected .jsonl, "
                           ".jsonl.gz or .txt); name it with --format");
}

}  // namespace

InputFormat parse_input_format(const std::string& name) {
    if (name == "auto") return InputFormat::automatic;
    if (name == "jsonl") return InputFormat::jsonl;
    if (name == "ojs") return InputFormat::ojs;
    throw UsageError("unknown input format '" + name + "' (expected auto, jsonl or ojs)");
}

InputFormat format_from_name(const std::string& path) {
    if (path == "-" || ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") ||
        ends_with(path, ".ndjson") || ends_with(path, ".json")) {
        return InputFormat::jsonl;
    }
    if (ends_with(path, ".txt")) return InputFormat::ojs;
    return InputFormat::automatic;
}

void read_jsonl(const std::string& path, const RecordSink& on_record, const ErrorSink& on_error) {
    LineReader reader(path);
    std::string line;
    while (reader.next(line)) {
        const std::string where = path + ":" + std::to_string(reader.line_number());
        if (reader.line_number() == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        try {
            on_record(record_from_json(nlohmann::json::parse(line)), where);
        } catch (const nlohmann::json::parse_error& error) {
            // nlohmann's message starts with "[json.exception.parse_error.101] parse error at
            // line 1, column N: ..."; keep the useful part.
            std::string message = error.what();
            const auto at = message.find("column");
            on_error(InputError(where, "invalid JSON: " +
                                           (at == std::string::npos ? message : message.substr(at))));
        } catch (const nlohmann::json::exception& error) {
            on_error(InputError(where, std::string("invalid JSON: ") + error.what()));
        } catch (const RecordError& error) {
            on_error(InputError(where, error.what()));
        }
    }
}

void read_records(const std::string& path, InputFormat format, const RecordSink& on_record,
                  const ErrorSink& on_error) {
    std::error_code error;
    if (path != "-" && fs::is_directory(path, error)) {
        std::vector<std::string> files;
        for (auto it = fs::recursive_directory_iterator(path, error);
             !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
            if (!it->is_regular_file()) continue;
            const std::string file = it->path().string();
            if (format != InputFormat::automatic || format_from_name(file) != InputFormat::automatic) {
                files.push_back(file);
            }
        }
        if (error) throw InputError(path, "cannot list folder: " + error.message());
        std::sort(files.begin(), files.end());
        // A file that cannot be read must not stop the others; the first such failure is
        // raised once all the others are read.
        std::optional<InputError> first_failure;
        for (const auto& file : files) {
            try {
                read_file(file, format, on_record, on_error);
            } catch (const InputError& failure) {
                if (!first_failure) first_failure = failure;
            }
        }
        if (first_failure) throw *first_failure;
        return;
    }
    if (path != "-" && !fs::exists(path, error)) throw InputError(path, "no such file or folder");
    read_file(path, format, on_record, on_error);
}

}  // namespace polsearch
