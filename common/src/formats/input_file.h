// Internal to the readers: one input file, plain or gzip-compressed, or "-" for standard input,
// read by lines or by blocks with memory bounded by the buffers, whatever the line lengths or
// the compression ratio.
//
// gzip: a compressed file is checked whole (every member's CRC and length) before any byte of
// it is handed out, so that no record read from a damaged member is ever indexed. The members
// before the damage are read as usual; reading stops where the damaged member begins, with an
// InputError naming the member and the first line it holds. A compressed standard input is
// first copied to an unnamed temporary file (compressed, so no bigger than what was sent) to
// be checked the same way.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
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
    /// the rest of the line is read and dropped, so memory stays bounded. `*quotes`, when
    /// given, is set to the number of '"' in the whole line, the dropped part too. A NUL byte
    /// is part of its line like any other.
    bool next_line(std::string& line, std::size_t max_bytes = SIZE_MAX, bool* too_long = nullptr,
                   std::size_t* quotes = nullptr);

    /// Reads up to `size` bytes; 0 at the end of the file.
    std::size_t read(char* buffer, std::size_t size);

    /// Lines returned so far (the number of the last line).
    std::size_t line_number() const { return line_number_; }
    /// Bytes of the file consumed so far (compressed bytes for gzip).
    std::uint64_t offset() const { return consumed_; }
    const std::string& path() const { return path_; }

  private:
    struct Damage;
    /// Makes bytes available in out_; false at the end.
    bool fill();
    std::size_t read_raw(unsigned char* buffer, std::size_t size);
    void check_gzip();
    [[noreturn]] void fail_at_damage();

    std::string path_;
    int fd_ = -1;
    bool gzip_ = false;
    std::unique_ptr<z_stream> stream_;
    std::unique_ptr<unsigned char[]> in_;  // compressed bytes
    std::size_t in_size_ = 0;              // bytes held in in_ (from stream_->next_in)
    std::unique_ptr<char[]> out_;          // bytes handed out next
    std::size_t out_begin_ = 0, out_end_ = 0;
    bool raw_end_ = false;      // the file's bytes are all read
    bool member_open_ = false;  // inside a gzip member
    std::uint64_t consumed_ = 0;
    std::uint64_t delivered_ = 0;     // bytes handed out (decompressed)
    std::unique_ptr<Damage> damage_;  // of a gzip file that is not sound
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
/// `path`) is not valid UTF-8 or holds a NUL byte, naming the line of the first bad byte.
void require_utf8(std::string_view text, const std::string& path, std::size_t first_line);

}  // namespace polsearch::detail
