// Internal to the readers: one input file, plain or gzip-compressed (zlib reads both), or "-"
// for standard input, read by lines or by blocks. Damaged or truncated gzip data is an
// InputError naming the file and the line reached, never a silently shorter input.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "polsearch/error.h"

namespace polsearch::detail {

class InputFile {
  public:
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    /// The next line without its end of line (\n or \r\n); false at the end of the file. Of a
    /// line longer than `max_bytes` only the first `max_bytes` are kept and `*too_long` is set;
    /// the rest of the line is read and dropped, so memory stays bounded.
    bool next_line(std::string& line, std::size_t max_bytes = SIZE_MAX, bool* too_long = nullptr);

    /// Reads up to `size` bytes; 0 at the end of the file.
    std::size_t read(char* buffer, std::size_t size);

    /// Lines returned so far (the number of the last line).
    std::size_t line_number() const { return line_number_; }
    /// Bytes of the file consumed so far (compressed bytes for gzip).
    std::uint64_t offset() const;
    const std::string& path() const { return path_; }

  private:
    [[noreturn]] void fail(const char* message) const;
    void check() const;

    std::string path_;
    gzFile file_ = nullptr;
    std::size_t line_number_ = 0;
};

/// "file:line".
inline std::string place(const std::string& path, std::size_t line) {
    return path + ":" + std::to_string(line);
}

/// Whether `text` ends with `suffix`.
inline bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// The first `size` bytes of a file (decompressed), for telling its format; "" when it cannot
/// be read (the reader then says why).
std::string file_start(const std::string& path, std::size_t size);

/// The line, counted from 1, of byte `offset` of `text`, plus `first_line` - 1.
std::size_t line_of(std::string_view text, std::size_t offset, std::size_t first_line);

/// An InputError when `text` (the bytes of one record, starting at line `first_line` of
/// `path`) is not valid UTF-8, naming the line of the first bad byte.
void require_utf8(std::string_view text, const std::string& path, std::size_t first_line);

}  // namespace polsearch::detail
