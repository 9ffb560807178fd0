// What every polsearch program does at its edge: errors turned into messages and exit
// statuses; the command line, $POLSEARCH_DB and the configuration file read into one set of
// option values; --help, --version and --config.
//
// Where an option's value comes from, first found first: the command line; for --db,
// $POLSEARCH_DB; the configuration file (--config FILE, else /etc/polsearch/polsearch.conf
// when it exists); the option's built-in default (for --db of polsearch-search and
// polsearch-serve: /var/lib/polsearch/db).
//
// The configuration file is read by Boost.Program_options' config-file parser: `name = value`
// lines with the names of the long options, `#` comments, and sections. The options every
// program that has them takes (db, thesaurus, time-limit, allow-partial, connect-timeout,
// remote-timeout) go at the top; the others under the program's section, [index], [search],
// [serve] or [analyze]. A name that is not an option there is an error that names the file
// and the line.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace polsearch::cli {

struct Program {
    std::string_view name;     ///< "polsearch-search": how messages begin
    std::string_view section;  ///< "search": its section of the configuration file
};

/// Runs a program's body; prints "<name>: <message>" on stderr for any error and returns its
/// exit status (error.h), so no exception escapes main.
int run_program(std::string_view name, const std::function<int()>& body);

/// /etc/polsearch/polsearch.conf (POLSEARCH_CONFIG_FILE when built).
std::string default_config_file();

/// /var/lib/polsearch/db (POLSEARCH_DEFAULT_DB when built): the database when nothing names one.
std::string default_database();

/// "polsearch-search 0.1.0 (Xapian 1.4.22, ICU 72.1)".
std::string version_line(std::string_view name);

/// Parses the command line, $POLSEARCH_DB (for --db, when `options` has it) and the
/// configuration file, in that order of precedence, into `values`: the options of `options`
/// (to which --help, --version and --config are added), and every other argument, in order,
/// into `arguments`. Returns false when --help or --version was given: it has been answered
/// and the program should exit with success. Throws UsageError for a bad configuration file
/// (naming the file and the line) and Boost's errors for a bad command line.
bool parse_options(const Program& program, int argc, char** argv,
                   boost::program_options::options_description& options,
                   std::vector<std::string>& arguments,
                   boost::program_options::variables_map& values);

}  // namespace polsearch::cli
