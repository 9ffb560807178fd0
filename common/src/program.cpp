#include "polsearch/program.h"

#include <boost/program_options/errors.hpp>
#include <unistd.h>
#include <xapian.h>

#include <iostream>

#include "polsearch/error.h"

namespace polsearch {

int run_program(const char* name, const std::function<int()>& body) {
    try {
        return body();
    } catch (const QueryError& error) {
        std::cerr << name << ": bad query: " << error.what() << " (at byte " << error.position()
                  << ")\n";
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

bool is_terminal(int fd) { return isatty(fd) == 1; }

}  // namespace polsearch
