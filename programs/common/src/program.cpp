#include "cli/program.h"

#include <xapian.h>

#include <cstdlib>
#include <iostream>

#include "polsearch/error.h"

namespace polsearch::cli {

namespace po = boost::program_options;

int run_program(std::string_view name_view, const std::function<int()>& body) {
    const std::string name(name_view);
    try {
        return body();
    } catch (const QueryError& error) {
        std::cerr << name << ": bad query: " << error.what() << " (at byte " << error.position()
                  << ")\n";
        return error.exit_status();
    } catch (const FilterError& error) {
        // The command line's name for a filter.
        std::cerr << name << ": --filter" << (error.facet().empty() ? "" : " " + error.facet())
                  << ": " << error.problem() << "\nTry '" << name << " --help'.\n";
        return error.exit_status();
    } catch (const Error& error) {
        std::cerr << name << ": " << error.what() << "\n";
        if (error.exit_status() == exit_usage) std::cerr << "Try '" << name << " --help'.\n";
        return error.exit_status();
    } catch (const boost::program_options::error& error) {
        std::cerr << name << ": " << error.what() << "\nTry '" << name << " --help'.\n";
        return exit_usage;
    } catch (const Xapian::Error& error) {
        std::cerr << name << ": " << error.get_description() << "\n";
        return exit_failure;
    } catch (const std::exception& error) {
        std::cerr << name << ": " << error.what() << "\n";
        return exit_failure;
    }
}

std::string default_database() {
    return POLSEARCH_DEMO_DB;
}

bool parse_options(const Program&, int argc, char** argv, po::options_description& options,
                   std::vector<std::string>& arguments, po::variables_map& values) {
    const bool has_database = options.find_nothrow("db", false) != nullptr;
    options.add_options()("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("argument", po::value(&arguments));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("argument", -1);
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    if (values.count("help")) {
        std::cout << options << "\n";
        return false;
    }
    if (has_database && (!values.count("db") || values["db"].defaulted())) {
        if (const char* path = std::getenv("POLSEARCH_DB"); path && *path) {
            po::parsed_options from_environment(&options);
            from_environment.options.emplace_back("db", std::vector<std::string>{path});
            po::store(from_environment, values);
        }
    }
    po::notify(values);
    return true;
}

}  // namespace polsearch::cli
