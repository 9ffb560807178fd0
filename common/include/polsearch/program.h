// What every polsearch program shares at its edge: errors turned into messages and exit
// statuses, and terminal detection.
#pragma once

#include <boost/program_options.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace polsearch {

/// An option's whole number of things (--limit, --offset, --threads): digits only, so that
/// "-1" is refused instead of wrapping around to the largest number. Declare it with
/// `po::value<Count>(&count)->default_value(Count{10}, "10")`.
struct Count {
    std::size_t value = 0;
};

/// How Boost.Program_options reads a Count (found by argument-dependent lookup).
void validate(boost::any& value, const std::vector<std::string>& texts, Count*, int);

/// Runs a program's body; prints "<name>: <message>" on stderr for any error and returns its
/// exit status (error.h), so no exception escapes main.
int run_program(const char* name, const std::function<int()>& body);

/// Parses the command line once: the options described by `options` (which also gets
/// --help), and every other argument, in order, into `arguments`. Returns false when --help
/// was given: the usage has been printed and the program should exit with success.
bool parse_command_line(int argc, char** argv, boost::program_options::options_description& options,
                        std::vector<std::string>& arguments,
                        boost::program_options::variables_map& values);

/// True when standard output (fd 1) or standard error (fd 2) is a terminal.
bool is_terminal(int fd);

/// The columns of the terminal on `fd`: $COLUMNS when it is a number, else what the terminal
/// says, else 80; 0 when `fd` is not a terminal (output for a pipe or a file is not fitted).
std::size_t terminal_width(int fd);

}  // namespace polsearch
