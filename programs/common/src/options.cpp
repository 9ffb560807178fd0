#include "cli/options.h"

#include <cmath>
#include <cstdlib>

#include "cli/program.h"
#include "polsearch/error.h"

namespace polsearch::cli {

namespace {

// "--threads must be a whole number, not '-1'": Boost fills in the option as it was given
// ("--threads" on the command line).
[[noreturn]] void throw_bad_value(const std::string& text, const std::string& must_be) {
    po::error_with_option_name error("%canonical_option% must be " + must_be + ", not '%value%'");
    error.set_substitute("value", text);
    throw error;
}

}  // namespace

void validate(boost::any& value, const std::vector<std::string>& texts, Count*, int) {
    po::validators::check_first_occurrence(value);
    const std::string& text = po::validators::get_single_string(texts);
    const bool digits = !text.empty() && text.size() <= 18 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) throw_bad_value(text, "a whole number (digits only)");
    value = Count{static_cast<std::size_t>(std::stoull(text))};
}

void validate(boost::any& value, const std::vector<std::string>& texts, Seconds*, int) {
    po::validators::check_first_occurrence(value);
    const std::string& text = po::validators::get_single_string(texts);
    // Digits with at most one point: no sign, exponent, "inf" or "nan".
    const auto point = text.find('.');
    const bool number =
        !text.empty() && text.size() <= 12 && text != "." &&
        text.find_first_not_of("0123456789.") == std::string::npos &&
        (point == std::string::npos || text.find('.', point + 1) == std::string::npos);
    if (!number) throw_bad_value(text, "a number of seconds (2, 0.5)");
    value = Seconds{std::strtod(text.c_str(), nullptr)};
}

po::typed_value<Count>* count_value(Count& count) {
    return po::value(&count)->default_value(count, std::to_string(count.value))->value_name("N");
}

po::typed_value<Seconds>* seconds_value(Seconds& seconds) {
    std::string shown = std::to_string(seconds.value);
    shown.erase(shown.find_last_not_of('0') + 1);  // "2.000000" is shown "2"
    if (shown.back() == '.') shown.pop_back();
    return po::value(&seconds)->default_value(seconds, shown)->value_name("SECONDS");
}

std::string choice_list(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

void throw_bad_choice(const std::string& text, const std::vector<std::string_view>& names) {
    throw_bad_value(text, choice_list(names));
}

void add_database_option(po::options_description& options, std::string& database,
                         const std::string& help, bool with_default) {
    if (with_default) {
        options.add_options()(
            "db", po::value(&database)->default_value(default_database())->value_name("PATH"),
            help.c_str());
    } else {
        options.add_options()("db", po::value(&database)->value_name("PATH"), help.c_str());
    }
}

void SearchOptions::add_to(po::options_description& options, const std::string& database_help) {
    add_database_option(options, database, database_help, true);
    // clang-format off
    options.add_options()
        ("thesaurus", po::value(&thesaurus)->value_name("FILE"),
         "your own thesaurus, added to the built-in one (docs/thesaurus.md)")
        ("time-limit", seconds_value(time_limit),
         "per search: after this, totals and facet counts are estimated instead of exact "
         "(0: no limit)")
        ("allow-partial", po::bool_switch(&allow_partial),
         "when a shard of a stub database does not answer, answer from the others, with a "
         "warning (marked \"partial\" in JSON), instead of failing (docs/scaling.md)")
        ("connect-timeout", seconds_value(connect_timeout),
         "how long a remote shard may take to accept")
        ("remote-timeout", seconds_value(remote_timeout),
         "how long a remote shard may take to answer");
    // clang-format on
}

EngineOptions SearchOptions::engine_options() const {
    if (connect_timeout.value <= 0 || remote_timeout.value <= 0)
        throw UsageError("--connect-timeout and --remote-timeout must be above 0");
    if (connect_timeout.value > 86400 || remote_timeout.value > 86400)
        throw UsageError("--connect-timeout and --remote-timeout must be at most 86400 (a day)");
    EngineOptions options;
    options.allow_partial = allow_partial;
    options.timeouts.connect_ms = static_cast<unsigned>(std::lround(connect_timeout.value * 1000));
    options.timeouts.answer_ms = static_cast<unsigned>(std::lround(remote_timeout.value * 1000));
    if (!thesaurus.empty()) options.thesaurus_files.push_back(thesaurus);
    return options;
}

}  // namespace polsearch::cli

namespace polsearch {

void validate(boost::any& value, const std::vector<std::string>& texts, SortOrder*, int) {
    cli::validate_choice<SortOrder>(value, texts);
}

void validate(boost::any& value, const std::vector<std::string>& texts, Language*, int) {
    cli::validate_choice<Language>(value, texts);
}

void validate(boost::any& value, const std::vector<std::string>& texts, InputFormat*, int) {
    cli::validate_choice<InputFormat>(value, texts);
}

}  // namespace polsearch
