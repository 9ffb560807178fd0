// Output for people: terminals, colour, and numbers, durations and times written the same
// way by every program.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace polsearch::cli {

/// True when `fd` (1: standard output, 2: standard error) is a terminal.
bool is_terminal(int fd);

/// Whether to colour what goes to `fd`: on a terminal, unless $NO_COLOR is set to anything
/// but the empty string (https://no-color.org).
bool use_color(int fd);

/// The columns of the terminal on `fd`: $COLUMNS when it is a number, else what the terminal
/// says, else 80; 0 when `fd` is not a terminal (output for a pipe or a file is not fitted).
std::size_t terminal_width(int fd);

/// 30000 as "30,000": how the programs write counts for people (JSON has plain numbers).
std::string format_count(std::uint64_t count);

/// A rate rounded to a whole number, as format_count writes it.
std::string format_rate(double per_second);

/// "42 s", "3 min 5 s", "2 h 10 min".
std::string format_duration(double seconds);

}  // namespace polsearch::cli
