#include "cli/program.h"

#include <unicode/uversion.h>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "cli/options.h"
#include "polsearch/engine.h"
#include "polsearch/error.h"

namespace polsearch::cli {

namespace {

namespace po = boost::program_options;

// The options that go at the top of the configuration file: several programs have them, and
// each program that has one takes it from there.
const std::vector<std::string_view> shared_names = {
    "db", "thesaurus", "time-limit", "allow-partial", "connect-timeout", "remote-timeout"};
const std::vector<std::string_view> sections = {"index", "search", "serve", "analyze"};

bool one_of(const std::vector<std::string_view>& names, std::string_view name) {
    for (const std::string_view each : names)
        if (each == name) return true;
    return false;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// The lines on which each name of the configuration file is set ("serve.listen" for listen
// under [serve]) and each section begins ("[serve]"), read as Boost's config-file parser reads
// them: '#' starts a comment, a [section] line names the section of the lines after it, the others
// are `name = value`. Boost's parser says nothing of lines: this is for the messages. Throws
// UsageError for a line that is neither, as Boost's parser would (but with its number).
std::map<std::string, std::vector<int>> lines_of(const std::string& file, const std::string& text) {
    std::map<std::string, std::vector<int>> lines;
    std::istringstream in(text);
    std::string line;
    std::string prefix;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string content = trim(line.substr(0, line.find('#')));
        if (content.empty()) continue;
        if (content.front() == '[' && content.back() == ']') {
            const std::string section = trim(content.substr(1, content.size() - 2));
            lines["[" + section + "]"].push_back(number);
            prefix = section + ".";
            continue;
        }
        const auto equals = content.find('=');
        if (equals == std::string::npos || trim(content.substr(0, equals)).empty()) {
            throw UsageError(file + ":" + std::to_string(number) +
                             ": not a 'name = value' line nor a [section]: '" + content + "'");
        }
        lines[prefix + trim(content.substr(0, equals))].push_back(number);
    }
    return lines;
}

bool repeatable(const po::option_description& description) {
    return dynamic_cast<const po::typed_value<std::vector<std::string>>*>(
               description.semantic().get()) != nullptr;
}

// Stores the options of the configuration file that are `program`'s, after what is in `values`
// already (the command line wins). The file must exist when `named` (--config).
void read_config(const Program& program, const std::string& file, bool named,
                 const po::options_description& options, po::variables_map& values) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (!named && errno == ENOENT) return;
        throw UsageError("cannot read the configuration file " + file + ": " +
                         std::strerror(errno));
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw UsageError("cannot read the configuration file " + file);
    const auto where = lines_of(file, text);
    std::istringstream stream(text);
    const po::options_description none;
    const po::parsed_options parsed = po::parse_config_file(stream, none, true);

    // Each name once, with its values in the order of the file.
    std::vector<std::pair<std::string, std::vector<std::string>>> settings;
    for (const po::option& option : parsed.options) {
        auto found = settings.begin();
        while (found != settings.end() && found->first != option.string_key) ++found;
        if (found == settings.end()) found = settings.insert(found, {option.string_key, {}});
        found->second.insert(found->second.end(), option.value.begin(), option.value.end());
    }
    for (const auto& [key, given] : settings) {
        const auto found = where.find(key);
        const std::vector<int> lines = found == where.end() ? std::vector<int>{0} : found->second;
        const int line = lines.front();
        const std::string at = file + ":" + std::to_string(line) + ": ";
        const auto dot = key.find('.');
        const std::string section = dot == std::string::npos ? "" : key.substr(0, dot);
        const std::string name = dot == std::string::npos ? key : key.substr(dot + 1);
        const po::option_description* description = options.find_nothrow(name, false);
        if (name == "help" || name == "version" || name == "config") description = nullptr;
        if (section.empty()) {
            if (!one_of(shared_names, name)) {
                throw UsageError(at + "unknown option '" + name +
                                 "' at the top of the file, where only the options several "
                                 "programs share go (" +
                                 choice_list(shared_names) +
                                 "); the others go under [index], [search], [serve] or "
                                 "[analyze]");
            }
            if (!description) continue;  // an option of the other programs
        } else {
            if (!one_of(sections, section)) {
                const auto header = where.find("[" + section + "]");
                throw UsageError(
                    file + ":" +
                    std::to_string(header == where.end() ? line : header->second.front()) +
                    ": unknown section [" + section +
                    "]: the sections are [index], [search], [serve] and [analyze]");
            }
            if (section != program.section) continue;
            if (!description) {
                throw UsageError(at + "unknown option '" + name + "' in [" + section + "] (" +
                                 std::string(program.name) + " --help lists its options)");
            }
        }
        if (given.size() > 1 && !repeatable(*description)) {
            throw UsageError(at + "'" + name + "' is set more than once (also on line " +
                             std::to_string(lines.back()) + ")");
        }
        po::parsed_options one(&options);
        po::option option(name, given);
        option.original_tokens = {name};
        one.options.push_back(option);
        try {
            po::store(one, values);  // nothing for an option the command line gave
        } catch (const po::error& error) {
            throw UsageError(at + error.what());
        }
    }
}

// Words broken into lines of at most 80 columns.
std::string wrapped(const std::string& text) {
    std::string out;
    std::size_t line = 0;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        if (line > 0 && line + 1 + word.size() > 80) {
            out += '\n';
            line = 0;
        } else if (line > 0) {
            out += ' ';
            ++line;
        }
        out += word;
        line += word.size();
    }
    return out + "\n";
}

// The end of --help: where the options' values come from.
std::string configuration_help(const Program& program, bool has_database) {
    std::string shared;
    for (std::size_t i = 0; i < shared_names.size(); ++i) {
        if (i > 0) shared += i + 1 == shared_names.size() ? " and " : ", ";
        shared += shared_names[i];
    }
    return wrapped(std::string("Options come from the command line") +
                   (has_database ? "; then, for --db, from $POLSEARCH_DB" : "") +
                   "; then from the configuration file " + default_config_file() +
                   " (or --config FILE), when it exists: 'name = value' lines with the long "
                   "names of the options, and '#' comments; " +
                   shared + " at the top of the file, the other options under [" +
                   std::string(program.section) +
                   "]. The first found wins, else the default shown above.");
}

}  // namespace

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

std::string default_config_file() {
    return POLSEARCH_CONFIG_FILE;
}

std::string default_database() {
    return POLSEARCH_DEFAULT_DB;
}

std::string version_line(std::string_view name) {
    UVersionInfo icu;
    u_getVersion(icu);
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(icu, icu_text);
    return std::string(name) + " " + polsearch::version() + " (Xapian " + Xapian::version_string() +
           ", ICU " + icu_text + ", analysis " + polsearch::analysis_version() + ")";
}

bool parse_options(const Program& program, int argc, char** argv, po::options_description& options,
                   std::vector<std::string>& arguments, po::variables_map& values) {
    const bool has_database = options.find_nothrow("db", false) != nullptr;
    options.add_options()("config", po::value<std::string>()->value_name("FILE"),
                          ("read the options' values from FILE, not from " + default_config_file() +
                           " (see the end of this help)")
                              .c_str())("version", "print the version and exit")("help,h",
                                                                                 "show this help");
    po::options_description hidden;
    hidden.add_options()("argument", po::value(&arguments));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("argument", -1);
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    if (values.count("help")) {
        std::cout << options << "\n" << configuration_help(program, has_database);
        return false;
    }
    if (values.count("version")) {
        std::cout << version_line(program.name) << "\n";
        return false;
    }
    if (has_database && (!values.count("db") || values["db"].defaulted())) {
        if (const char* path = std::getenv("POLSEARCH_DB"); path && *path) {
            po::parsed_options from_environment(&options);
            from_environment.options.emplace_back("db", std::vector<std::string>{path});
            po::store(from_environment, values);
        }
    }
    const bool named = values.count("config") > 0;
    read_config(program, named ? values["config"].as<std::string>() : default_config_file(), named,
                options, values);
    po::notify(values);
    return true;
}

}  // namespace polsearch::cli
