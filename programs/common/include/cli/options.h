// The options of the four programs that are parsed the same way everywhere: whole numbers,
// seconds, the enumerations (--on-error, --summary, --format, --sort, --lang, --log-format),
// each with a Boost.Program_options validator, so that a bad value gets the same message
// from every program and from the configuration file; and the options that polsearch-search
// and polsearch-serve share, declared once.
#pragma once

#include <boost/program_options.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/record_reader.h"
#include "polsearch/engine.h"
#include "polsearch/language.h"
#include "polsearch/search.h"

namespace polsearch::cli {

namespace po = boost::program_options;

/// A whole number of things (--limit, --threads, --commit-every): digits only, so that "-1"
/// is refused instead of wrapping around to the largest number.
struct Count {
    std::size_t value = 0;
};
void validate(boost::any& value, const std::vector<std::string>& texts, Count*, int);

/// A duration in seconds: a decimal number, not negative ("2", "0.5").
struct Seconds {
    double value = 0;
};
void validate(boost::any& value, const std::vector<std::string>& texts, Seconds*, int);

/// `po::value(&count)` with the count's present value as its default (shown by --help).
po::typed_value<Count>* count_value(Count& count);
po::typed_value<Seconds>* seconds_value(Seconds& seconds);

enum class OnError { skip, fail };
enum class SummaryFormat { text, json };
enum class SearchFormat { text, json, ris, bibtex, csl_json };
enum class AnalyzeFormat { text, json };
enum class LogFormat { combined, json };

/// The names of an enumeration's values, in the order --help lists them. Specialised below for
/// each enumeration an option takes.
template <class Enum>
struct Choices;

template <>
struct Choices<OnError> {
    static constexpr std::pair<std::string_view, OnError> names[] = {{"skip", OnError::skip},
                                                                     {"fail", OnError::fail}};
};
template <>
struct Choices<SummaryFormat> {
    static constexpr std::pair<std::string_view, SummaryFormat> names[] = {
        {"text", SummaryFormat::text}, {"json", SummaryFormat::json}};
};
template <>
struct Choices<SearchFormat> {
    static constexpr std::pair<std::string_view, SearchFormat> names[] = {
        {"text", SearchFormat::text},
        {"json", SearchFormat::json},
        {"ris", SearchFormat::ris},
        {"bibtex", SearchFormat::bibtex},
        {"csl-json", SearchFormat::csl_json}};
};
template <>
struct Choices<AnalyzeFormat> {
    static constexpr std::pair<std::string_view, AnalyzeFormat> names[] = {
        {"text", AnalyzeFormat::text}, {"json", AnalyzeFormat::json}};
};
template <>
struct Choices<LogFormat> {
    static constexpr std::pair<std::string_view, LogFormat> names[] = {
        {"combined", LogFormat::combined}, {"json", LogFormat::json}};
};
template <>
struct Choices<SortOrder> {
    static constexpr std::pair<std::string_view, SortOrder> names[] = {
        {"relevance", SortOrder::relevance},
        {"date", SortOrder::date},
        {"-date", SortOrder::date_descending}};
};
/// --lang: "auto" is Language::unknown (detect it).
template <>
struct Choices<Language> {
    static constexpr std::pair<std::string_view, Language> names[] = {{"auto", Language::unknown},
                                                                      {"en", Language::en},
                                                                      {"ru", Language::ru},
                                                                      {"kk", Language::kk}};
};

template <>
struct Choices<InputFormat> {
    static constexpr std::pair<std::string_view, InputFormat> names[] = {
        {"auto", InputFormat::automatic}, {"jsonl", InputFormat::jsonl}, {"oai", InputFormat::oai},
        {"ris", InputFormat::ris},        {"csv", InputFormat::csv},     {"ojs", InputFormat::ojs}};
};

/// "a, b or c": the names of an enumeration's values, for messages and --help.
std::string choice_list(const std::vector<std::string_view>& names);

template <class Enum>
std::string_view name_of(Enum value) {
    for (const auto& [name, each] : Choices<Enum>::names)
        if (each == value) return name;
    return {};
}

/// "--OPTION must be a, b or c, not 'x'" (a Boost.Program_options error).
[[noreturn]] void throw_bad_choice(const std::string& text,
                                   const std::vector<std::string_view>& names);

/// Reads a name of Choices<Enum>; anything else is throw_bad_choice's error.
template <class Enum>
void validate_choice(boost::any& value, const std::vector<std::string>& texts) {
    po::validators::check_first_occurrence(value);
    const std::string& text = po::validators::get_single_string(texts);
    std::vector<std::string_view> names;
    for (const auto& [name, each] : Choices<Enum>::names) {
        if (name == text) {
            value = each;
            return;
        }
        names.push_back(name);
    }
    throw_bad_choice(text, names);
}

// Found by argument-dependent lookup when Boost parses a value of these types.
inline void validate(boost::any& v, const std::vector<std::string>& t, OnError*, int) {
    validate_choice<OnError>(v, t);
}
inline void validate(boost::any& v, const std::vector<std::string>& t, SummaryFormat*, int) {
    validate_choice<SummaryFormat>(v, t);
}
inline void validate(boost::any& v, const std::vector<std::string>& t, SearchFormat*, int) {
    validate_choice<SearchFormat>(v, t);
}
inline void validate(boost::any& v, const std::vector<std::string>& t, AnalyzeFormat*, int) {
    validate_choice<AnalyzeFormat>(v, t);
}
inline void validate(boost::any& v, const std::vector<std::string>& t, LogFormat*, int) {
    validate_choice<LogFormat>(v, t);
}

/// `po::value(&choice)` with the choice's present value as its default, and the values it
/// takes as its name in --help ("skip|fail").
template <class Enum>
po::typed_value<Enum>* choice_value(Enum& choice) {
    std::string names;
    for (const auto& [name, each] : Choices<Enum>::names)
        names.append(names.empty() ? "" : "|").append(name);
    return po::value(&choice)
        ->default_value(choice, std::string(name_of(choice)))
        ->value_name(names);
}

/// The options polsearch-search and polsearch-serve share, declared once: the database, the
/// thesaurus, the time limit and the shards of a stub database.
struct SearchOptions {
    std::string database;
    std::string thesaurus;
    bool allow_partial = false;
    Seconds time_limit{2.0};
    Seconds connect_timeout{2.0};
    Seconds remote_timeout{10.0};

    /// Adds them to `options`; `database_help` says what the program does with the database.
    void add_to(po::options_description& options, const std::string& database_help);
    /// The engine's options. Throws UsageError for a timeout of 0.
    EngineOptions engine_options() const;
};

/// Adds --db: the database. With `default_database` it has that default (shown by --help);
/// $POLSEARCH_DB and the configuration file come before it (cli/program.h).
void add_database_option(po::options_description& options, std::string& database,
                         const std::string& help, bool with_default);

}  // namespace polsearch::cli

namespace polsearch {
// Argument-dependent lookup finds these in the namespace of the library's own types.
void validate(boost::any& value, const std::vector<std::string>& texts, SortOrder*, int);
void validate(boost::any& value, const std::vector<std::string>& texts, Language*, int);
void validate(boost::any& value, const std::vector<std::string>& texts, InputFormat*, int);
}  // namespace polsearch
