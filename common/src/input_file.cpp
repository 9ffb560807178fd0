#include "input_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "polsearch/utf8.h"

namespace polsearch::detail {

InputFile::InputFile(const std::string& path) : path_(path) {
    file_ = path == "-" ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path.c_str(), "rb");
    if (!file_) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
    gzbuffer(file_, 1 << 17);
}

InputFile::~InputFile() {
    if (file_) gzclose(file_);
}

void InputFile::fail(const char* message) const {
    std::string what = std::string("read error: ") + message;
    if (std::strstr(message, "unexpected end of file") || std::strstr(message, "incorrect") ||
        std::strstr(message, "invalid")) {
        what += " (the gzip data is truncated or damaged)";
    }
    throw InputError(place(path_, line_number_ + 1), what);
}

// zlib reports a truncated stream as Z_BUF_ERROR ("unexpected end of file") and still hands
// out the bytes before the damage, so every read is checked.
void InputFile::check() const {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code != Z_OK && code != Z_STREAM_END) fail(message);
}

bool InputFile::next_line(std::string& line, std::size_t max_bytes, bool* too_long) {
    line.clear();
    if (too_long) *too_long = false;
    char buffer[1 << 16];
    bool read_any = false;
    while (true) {
        if (!gzgets(file_, buffer, sizeof buffer)) {
            check();
            if (!read_any) return false;
            break;
        }
        read_any = true;
        const std::size_t length = std::strlen(buffer);
        const bool complete = length > 0 && buffer[length - 1] == '\n';
        const std::size_t content = complete ? length - 1 : length;  // without the \n
        if (line.size() + content > max_bytes) {
            line.append(buffer, max_bytes - std::min(max_bytes, line.size()));
            if (too_long) *too_long = true;
        } else {
            line.append(buffer, length);
        }
        if (complete) break;
        check();
    }
    ++line_number_;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return true;
}

std::size_t InputFile::read(char* buffer, std::size_t size) {
    const int got =
        gzread(file_, buffer, static_cast<unsigned>(std::min<std::size_t>(size, 1u << 30)));
    if (got < 0) {
        int code = Z_OK;
        fail(gzerror(file_, &code));
    }
    check();
    return static_cast<std::size_t>(got);
}

std::uint64_t InputFile::offset() const {
    const auto at = gzoffset(file_);
    return at < 0 ? 0 : static_cast<std::uint64_t>(at);
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
    if (bad == text.size()) return;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw InputError(place(path, line_of(text, bad, first_line)),
                     std::string("invalid UTF-8 (byte ") + byte + ")");
}

}  // namespace polsearch::detail
