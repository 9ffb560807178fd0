#include "formats/input_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "text/utf8.h"

namespace polsearch::detail {
namespace {

constexpr std::size_t buffer_size = 1 << 17;

bool gzip_magic(const unsigned char* bytes, std::size_t size) {
    return size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

// Reads until `size` bytes or the end; throws on a read error.
std::size_t read_fully(int fd, unsigned char* buffer, std::size_t size, const std::string& path) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, buffer + got, size - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError(path, std::string("read error: ") + std::strerror(errno));
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

// A gzip stream's inflate state, freed with it.
struct Inflater {
    z_stream stream{};
    Inflater() {
        if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
    }
    ~Inflater() { inflateEnd(&stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

}  // namespace

// Where a gzip file stops being sound: the member, and the decompressed byte and line where
// it begins (nothing from there on is handed out).
struct InputFile::Damage {
    std::size_t member = 0;
    std::uint64_t compressed_offset = 0;
    std::uint64_t offset = 0;
    std::size_t line = 0;
    std::string what;
};

InputFile::InputFile(const std::string& path)
    : path_(path), in_(new unsigned char[buffer_size]), out_(new char[buffer_size]) {
    fd_ = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
    try {
        std::error_code error;
        if (path != "-" && std::filesystem::is_directory(path, error))
            throw InputError(path, "is a folder, not a file");
        in_size_ = read_fully(fd_, in_.get(), 2, path_);
        gzip_ = gzip_magic(in_.get(), in_size_);
        if (!gzip_) {
            // The bytes peeked at are the first handed out.
            std::memcpy(out_.get(), in_.get(), in_size_);
            out_end_ = in_size_;
            consumed_ = delivered_ = in_size_;
            in_size_ = 0;
            return;
        }
        check_gzip();
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

InputFile::~InputFile() {
    if (stream_) inflateEnd(stream_.get());
    if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read_raw(unsigned char* buffer, std::size_t size) {
    return read_fully(fd_, buffer, size, path_);
}

// Reads the whole file once, inflating every member and discarding the output, to find the
// first damaged member (a bad CRC or length, corrupt data, a file that ends inside a member, or
// bytes after the last member that are neither a member nor zero padding). Then rewinds, so that
// reading hands out only the bytes of sound members. An input that cannot rewind (standard
// input, a pipe) is first copied to an unnamed temporary file.
void InputFile::check_gzip() {
    if (::lseek(fd_, 0, SEEK_SET) != 0) {
        const char* folder = std::getenv("TMPDIR");
        std::string name = std::string(folder && *folder ? folder : "/tmp") + "/polsearch-XXXXXX";
        const int copy = ::mkstemp(name.data());
        if (copy < 0)
            throw InputError(path_, std::string("cannot make a temporary copy of the compressed "
                                                "input: ") +
                                        std::strerror(errno));
        ::unlink(name.c_str());
        std::size_t got = in_size_;
        do {
            for (std::size_t written = 0; written < got;) {
                const ssize_t n = ::write(copy, in_.get() + written, got - written);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    ::close(copy);
                    throw InputError(path_, std::string("cannot make a temporary copy of the "
                                                        "compressed input: ") +
                                                std::strerror(errno));
                }
                written += static_cast<std::size_t>(n);
            }
            got = read_raw(in_.get(), buffer_size);
        } while (got > 0);
        ::close(fd_);
        fd_ = copy;
        ::lseek(fd_, 0, SEEK_SET);
    }
    in_size_ = 0;

    Inflater inflater;
    z_stream& z = inflater.stream;
    std::unique_ptr<unsigned char[]> out(new unsigned char[buffer_size]);
    std::uint64_t compressed = 0, decompressed = 0;
    std::size_t lines = 0, member = 0;
    bool open = false, end = false;
    std::size_t held = 0;  // compressed bytes in in_, from z.next_in
    const auto damaged = [&](std::uint64_t member_in, std::uint64_t member_out,
                             std::size_t member_lines, std::string what) {
        damage_ = std::make_unique<Damage>(
            Damage{member, member_in, member_out, member_lines + 1, std::move(what)});
    };
    std::uint64_t member_in = 0, member_out = 0;
    std::size_t member_lines = 0;
    while (!damage_) {
        if (held < 2 && !end) {  // at least the two bytes of a member's magic, when there
            std::memmove(in_.get(), z.next_in ? z.next_in : in_.get(), held);
            const std::size_t got = read_raw(in_.get() + held, buffer_size - held);
            end = got == 0;
            held += got;
            z.next_in = in_.get();
        }
        z.avail_in = static_cast<uInt>(held);
        if (!open) {
            if (held == 0) break;  // the end, between members
            if (!gzip_magic(z.next_in, held)) {
                // Zero padding (tape blocks, some tools) is allowed; anything else is not a
                // member and may be one whose header was damaged.
                bool zeros = true;
                while (zeros && held > 0) {
                    zeros = std::all_of(z.next_in, z.next_in + held,
                                        [](unsigned char c) { return c == 0; });
                    compressed += held;
                    held = read_raw(in_.get(), buffer_size);
                    z.next_in = in_.get();
                }
                if (!zeros) {
                    damaged(compressed, decompressed, lines,
                            "bytes after gzip member " + std::to_string(member) +
                                " are not a gzip member (damaged, or not gzip data)");
                }
                break;
            }
            ++member;
            open = true;
            member_in = compressed;
            member_out = decompressed;
            member_lines = lines;
            inflateReset(&z);
        }
        z.next_out = out.get();
        z.avail_out = static_cast<uInt>(buffer_size);
        const int status = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = buffer_size - z.avail_out;
        lines += static_cast<std::size_t>(std::count(out.get(), out.get() + produced, '\n'));
        decompressed += produced;
        compressed += held - z.avail_in;
        held = z.avail_in;
        if (status == Z_STREAM_END) {
            open = false;
        } else if (status == Z_BUF_ERROR && end && held == 0) {
            damaged(member_in, member_out, member_lines,
                    "the file ends inside gzip member " + std::to_string(member) +
                        " (the gzip data is truncated)");
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            damaged(member_in, member_out, member_lines,
                    "gzip member " + std::to_string(member) + " is damaged (" +
                        (z.msg ? z.msg : "zlib error " + std::to_string(status)) + ")");
        }
    }
    if (::lseek(fd_, 0, SEEK_SET) != 0)
        throw InputError(path_, std::string("cannot read the file again: ") + std::strerror(errno));
    stream_ = std::make_unique<z_stream>();
    if (inflateInit2(stream_.get(), 16 + MAX_WBITS) != Z_OK) {
        stream_.reset();
        throw std::bad_alloc();
    }
    stream_->next_in = in_.get();
    stream_->avail_in = 0;
    in_size_ = 0;
}

void InputFile::fail_at_damage() {
    throw InputError(place(path_, damage_->line),
                     damage_->what + ", from compressed byte " +
                         std::to_string(damage_->compressed_offset) + ": nothing from line " +
                         std::to_string(damage_->line) + " on was read");
}

bool InputFile::fill() {
    if (damage_ && delivered_ >= damage_->offset) fail_at_damage();
    out_begin_ = out_end_ = 0;
    if (!gzip_) {
        const std::size_t got = read_raw(reinterpret_cast<unsigned char*>(out_.get()), buffer_size);
        consumed_ += got;
        delivered_ += got;
        out_end_ = got;
        return got > 0;
    }
    z_stream& z = *stream_;
    while (true) {
        if (in_size_ < 2 && !raw_end_) {
            std::memmove(in_.get(), z.next_in, in_size_);
            const std::size_t got = read_raw(in_.get() + in_size_, buffer_size - in_size_);
            raw_end_ = got == 0;
            in_size_ += got;
            z.next_in = in_.get();
        }
        z.avail_in = static_cast<uInt>(in_size_);
        if (!member_open_) {
            // Checked already: what follows the last member is nothing or zero padding.
            if (!gzip_magic(z.next_in, in_size_)) return false;
            member_open_ = true;
            inflateReset(&z);
        }
        z.next_out = reinterpret_cast<unsigned char*>(out_.get());
        z.avail_out = static_cast<uInt>(buffer_size);
        const int status = inflate(&z, Z_NO_FLUSH);
        std::size_t produced = buffer_size - z.avail_out;
        consumed_ += in_size_ - z.avail_in;
        in_size_ = z.avail_in;
        if (status == Z_STREAM_END) {
            member_open_ = false;
        } else if (status != Z_OK && !(status == Z_BUF_ERROR && !(raw_end_ && in_size_ == 0))) {
            // The file changed since it was checked.
            throw InputError(place(path_, line_number_ + 1),
                             "the gzip data is damaged (it changed while being read)");
        }
        if (damage_ && delivered_ + produced > damage_->offset)
            produced = static_cast<std::size_t>(damage_->offset - delivered_);
        if (produced > 0) {
            out_end_ = produced;
            delivered_ += produced;
            return true;
        }
        if (damage_ && delivered_ >= damage_->offset) fail_at_damage();
    }
}

bool InputFile::next_line(std::string& line, std::size_t max_bytes, bool* too_long,
                          std::size_t* quotes) {
    line.clear();
    if (too_long) *too_long = false;
    if (quotes) *quotes = 0;
    bool read_any = false;
    while (true) {
        if (out_begin_ == out_end_ && !fill()) {
            if (!read_any) return false;
            break;
        }
        read_any = true;
        const char* start = out_.get() + out_begin_;
        const std::size_t available = out_end_ - out_begin_;
        const auto* end = static_cast<const char*>(std::memchr(start, '\n', available));
        const std::size_t length = end ? static_cast<std::size_t>(end - start) : available;
        if (quotes) *quotes += static_cast<std::size_t>(std::count(start, start + length, '"'));
        const std::size_t room = max_bytes - std::min(max_bytes, line.size());
        if (length > room) {
            line.append(start, room);
            if (too_long) *too_long = true;
        } else {
            line.append(start, length);
        }
        out_begin_ += length + (end ? 1 : 0);
        if (end) break;
    }
    ++line_number_;
    while (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::size_t InputFile::read(char* buffer, std::size_t size) {
    if (out_begin_ == out_end_ && !fill()) return 0;
    const std::size_t n = std::min(size, out_end_ - out_begin_);
    std::memcpy(buffer, out_.get() + out_begin_, n);
    out_begin_ += n;
    return n;
}

std::string file_start(const std::string& path, std::size_t size) {
    if (path == "-") return {};
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file) return {};
    std::string start(size, '\0');
    const int got = gzread(file, start.data(), static_cast<unsigned>(size));
    gzclose(file);
    start.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
    return start;
}

std::size_t line_of(std::string_view text, std::size_t offset, std::size_t first_line) {
    return first_line + static_cast<std::size_t>(std::count(
                            text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

void require_utf8(std::string_view text, const std::string& path, std::size_t first_line) {
    const std::size_t bad = utf8_invalid_offset(text);
    const std::size_t nul = text.substr(0, bad).find('\0');
    if (nul != std::string_view::npos)
        throw InputError(place(path, line_of(text, nul, first_line)), "a NUL byte in the text");
    if (bad == text.size()) return;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw InputError(place(path, line_of(text, bad, first_line)),
                     std::string("invalid UTF-8 (byte ") + byte + ")");
}

}  // namespace polsearch::detail
