// What every polsearch program does at its edge: errors turned into messages and exit
// statuses; the command line and $POLSEARCH_DB read into one set of option values.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace polsearch::cli {

struct Program {
    std::string_view name;     ///< "polsearch-search": how messages begin
    std::string_view section;  ///< "search"
};

/// Runs a program's body; prints "<name>: <message>" on stderr for any error and returns its
/// exit status (error.h), so no exception escapes main.
int run_program(std::string_view name, const std::function<int()>& body);

/// The database polsearch-search and polsearch-serve use when neither --db nor $POLSEARCH_DB
/// names one: the demo's (POLSEARCH_DEMO_DB).
std::string default_database();

/// Parses the command line and $POLSEARCH_DB (for --db, when `options` has it, and the
/// command line does not give it) into `values`: the options of `options` (to which --help
/// is added), and every other argument, in order, into `arguments`. Returns false when --help
/// was given: the usage has been printed and the program should exit with success.
bool parse_options(const Program& program, int argc, char** argv,
                   boost::program_options::options_description& options,
                   std::vector<std::string>& arguments,
                   boost::program_options::variables_map& values);

}  // namespace polsearch::cli
