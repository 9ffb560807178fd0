#include "polsearch/program.h"

#include <sys/ioctl.h>
#include <unistd.h>
#include <xapian.h>

#include <boost/program_options/errors.hpp>
#include <cstdlib>
#include <iostream>

#include "polsearch/error.h"

namespace polsearch {

void validate(boost::any& value, const std::vector<std::string>& texts, Count*, int) {
    namespace po = boost::program_options;
    po::validators::check_first_occurrence(value);
    const std::string& text = po::validators::get_single_string(texts);
    const bool digits = !text.empty() && text.size() <= 18 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) throw po::invalid_option_value(text);
    value = Count{static_cast<std::size_t>(std::stoull(text))};
}

int run_program(const char* name, const std::function<int()>& body) {
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

bool parse_command_line(int argc, char** argv, boost::program_options::options_description& options,
                        std::vector<std::string>& arguments,
                        boost::program_options::variables_map& values) {
    namespace po = boost::program_options;
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
    po::notify(values);
    return true;
}

bool is_terminal(int fd) {
    return isatty(fd) == 1;
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

}  // namespace polsearch
