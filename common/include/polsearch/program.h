// What every polsearch program shares at its edge: errors turned into messages and exit
// statuses, and terminal detection.
#pragma once

#include <functional>

namespace polsearch {

/// Runs a program's body; prints "<name>: <message>" on stderr for any error and returns its
/// exit status (error.h), so no exception escapes main.
int run_program(const char* name, const std::function<int()>& body);

/// True when standard output (fd 1) or standard error (fd 2) is a terminal.
bool is_terminal(int fd);

}  // namespace polsearch
