// What every polsearch program shares at its edge: errors turned into messages and exit
// statuses, and terminal detection.
#pragma once

#include <boost/program_options.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace polsearch {

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
