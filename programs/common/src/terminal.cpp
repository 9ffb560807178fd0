#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

namespace polsearch::cli {

bool is_terminal(int fd) {
    return isatty(fd) == 1;
}

bool use_color(int fd) {
    const char* no_color = std::getenv("NO_COLOR");
    return is_terminal(fd) && !(no_color && *no_color);
}

std::size_t terminal_width(int fd) {
    if (!is_terminal(fd)) return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        char* end = nullptr;
        const long value = std::strtol(columns, &end, 10);
        if (*end == '\0' && value > 0 && value < 10000) return std::size_t(value);
    }
    winsize size{};
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

std::string format_count(std::uint64_t count) {
    const std::string digits = std::to_string(count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_rate(double per_second) {
    if (!(per_second > 0)) return "0";  // also NaN
    return format_count(static_cast<std::uint64_t>(std::llround(per_second)));
}

std::string format_duration(double seconds) {
    const long total = std::lround(seconds);
    if (total < 60) return std::to_string(total) + " s";
    if (total < 3600)
        return std::to_string(total / 60) + " min " + std::to_string(total % 60) + " s";
    return std::to_string(total / 3600) + " h " + std::to_string(total % 3600 / 60) + " min";
}

}  // namespace polsearch::cli
