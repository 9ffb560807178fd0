// polsearch-search: searches a database from the command line, through the library's Engine
// (engine.h) as any other program would.
#include <iostream>
#include <optional>

#include "cli/options.h"
#include "cli/program.h"
#include "cli/terminal.h"
#include "formats/record_io.h"
#include "polsearch/engine.h"
#include "polsearch/error.h"
#include "polsearch/export.h"
#include "search/output.h"
#include "search/searcher.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr cli::Program program{"polsearch-search", "search"};

constexpr const char* usage = R"(Usage: polsearch-search [options] QUERY...

Searches the database and prints the best hits, each with a snippet that marks the matched
words. Words are found in any inflection and language version of a record; quote a phrase
("soft power", «soft power» or “soft power”) to find its words in a row (Russian and
Kazakh words in any inflection: "мягкая сила" finds «мягкой силы»); hyphenated words
(anti-soft) also match their parts. Concepts of the thesaurus (soft power, мягкая сила,
жұмсақ күш, ...) also find records that name them in the other languages, ranked below
records in the query's own language; so do names written in the other script (Назарбаев
finds Nazarbayev's), and other Russian and English words through their translations
(засуха finds drought). --no-expand turns all three off. Restrict a word or phrase to a
field with title:, abstract:, keyword: or author:, and narrow the hits with year:YYYY,
lang:en|ru|kk or doi:.
--facets counts the hits by year, decade, language, journal, section, keyword and author
(over a sample of 1,000 when more match: "about" then; --exact-facets counts every one);
--filter FACET:VALUE (repeatable) keeps the hits with that value, in the same order.
--expand-from-top N (pseudo-relevance feedback) runs the query, adds the 10 most telling stems
of its N best hits to it, weighted below its own words, and runs it again: it finds records
that use other words for the same subject, and sometimes drifts from it.

Examples:
  polsearch-search "anti-soft power Kazakhstan"
  polsearch-search --db var/library-db "мягкая сила России в Казахстане"
  polsearch-search --format json --limit 5 '"soft power" Kazakhstan'
  polsearch-search 'title:"soft power" author:Gubaidullina year:2025'
  polsearch-search --facets --filter decade:2020s --filter language:ru "мягкая сила"
  polsearch-search --sort -date --limit 20 "Central Asia"
  polsearch-search --id enu-bulletin-2025-150-1-145
  polsearch-search --format bibtex --limit 50 "мягкая сила" > soft-power.bib
  polsearch-search --similar enu-bulletin-2025-150-1-145 --limit 5
  polsearch-search --expand-from-top 5 "water politics"
  polsearch-search --db /srv/polsearch/remote.stub --allow-partial "water policy"

Without --db, the database named by $POLSEARCH_DB is searched, else the one the
configuration file names, else /var/lib/polsearch/db.
Exit status: 0 success (also with no hits); 1 database missing or unreadable; 2 bad usage or
a query that cannot be parsed.

Options)";

struct Options {
    cli::SearchOptions search;
    cli::SearchFormat format = cli::SearchFormat::text;
    cli::Count limit{10};
    cli::Count offset{0};
    cli::Count facet_limit{20};
    cli::Count expand_from_top{0};
    SortOrder sort = SortOrder::relevance;
    std::vector<std::string> filters;
    std::string record_id;
    std::string similar_to;
    bool no_expand = false;
    bool explain = false;
    bool facets = false;
    bool exact_facets = false;
    std::vector<std::string> words;
};

// The options, checked; nullopt when --help has been answered.
std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description described(usage);
    // clang-format off
    described.add_options()
        ("format", cli::choice_value(options.format),
         "output: text, json, or for reference managers ris, bibtex, csl-json")
        ("limit,n", cli::count_value(options.limit), "hits to print (at most 1000)")
        ("offset", cli::count_value(options.offset), "hits to skip first (for paging)")
        ("no-expand", po::bool_switch(&options.no_expand),
         "do not look for concepts of the query in the other languages, nor for its "
         "names in the other script, nor for its words' translations")
        ("id", po::value(&options.record_id)->value_name("ID"), "print the record with this id")
        ("similar", po::value(&options.similar_to)->value_name("ID"),
         "instead of a QUERY: the records most like the record with this id")
        ("sort", cli::choice_value(options.sort),
         "relevance, date (oldest first) or -date (newest first)")
        ("explain", po::bool_switch(&options.explain),
         "show for each hit the stems it matched, in which fields and how often")
        ("facets", po::bool_switch(&options.facets),
         "count the hits by year, decade, language, journal, section, keyword, author")
        ("facet-limit", cli::count_value(options.facet_limit), "values shown per facet")
        ("exact-facets", po::bool_switch(&options.exact_facets),
         "count facets over every hit, however many (slower), not over a sample of 1,000")
        ("expand-from-top", cli::count_value(options.expand_from_top),
         "add the most telling stems of the N best hits to the query and search again "
         "(pseudo-relevance feedback; 0: off, at most 50)")
        ("filter", po::value(&options.filters)->value_name("FACET:VALUE"),
         "keep only hits with this facet value (year:2025, decade:2010s, language:kk, "
         "journal:..., section:..., keyword:..., author:...); repeatable");
    // clang-format on
    options.search.add_to(described, "database to search");
    po::variables_map values;
    if (!cli::parse_options(program, argc, argv, described, options.words, values))
        return std::nullopt;
    if (options.limit.value > 1000) throw UsageError("--limit must be at most 1000");
    if (options.offset.value > 1000000) throw UsageError("--offset must be at most 1,000,000");
    if (options.words.empty() && options.record_id.empty() && options.similar_to.empty())
        throw UsageError("no QUERY given");
    if (!options.words.empty() && (!options.record_id.empty() || !options.similar_to.empty()))
        throw UsageError("give a QUERY, --id or --similar, not more than one");
    if (options.expand_from_top.value > max_expand_from_top) {
        throw UsageError("--expand-from-top must be at most " +
                         std::to_string(max_expand_from_top) + ", not " +
                         std::to_string(options.expand_from_top.value));
    }
    if (options.expand_from_top.value > 0 && options.words.empty())
        throw UsageError("--expand-from-top goes with a QUERY, not with --id or --similar");
    return options;
}

SearchRequest make_request(const Options& options) {
    SearchRequest request;
    for (const auto& word : options.words) {
        if (!request.query.empty()) request.query += ' ';
        request.query += word;
    }
    request.similar_to = options.similar_to;
    request.limit = options.limit.value;
    request.offset = options.offset.value;
    request.expand = !options.no_expand;
    request.facets = options.facets || options.exact_facets;
    request.exact_facets = options.exact_facets;
    request.explain = options.explain;
    request.sort = options.sort;
    request.time_limit = options.search.time_limit.value;
    request.facet_limit = options.facet_limit.value;
    request.expand_from_top = options.expand_from_top.value;
    for (const auto& filter : options.filters) {
        const auto colon = filter.find(':');
        if (colon == std::string::npos || colon == 0)
            throw UsageError("--filter needs FACET:VALUE, not '" + filter + "'");
        request.filters.emplace_back(filter.substr(0, colon), filter.substr(colon + 1));
    }
    return request;
}

std::optional<ExportFormat> export_format(cli::SearchFormat format) {
    switch (format) {
        case cli::SearchFormat::ris:
            return ExportFormat::ris;
        case cli::SearchFormat::bibtex:
            return ExportFormat::bibtex;
        case cli::SearchFormat::csl_json:
            return ExportFormat::csl_json;
        case cli::SearchFormat::text:
        case cli::SearchFormat::json:
            break;
    }
    return std::nullopt;
}

// Bold and colours on a terminal, unless $NO_COLOR says otherwise; lines fitted to its width.
TextStyle text_style() {
    return TextStyle{cli::use_color(1), cli::terminal_width(1)};
}

// --id: the record whole.
void report_record(const Record& record, cli::SearchFormat format) {
    if (const auto exported = export_format(format)) {
        write_export(std::cout, {record}, *exported);
    } else if (format == cli::SearchFormat::json) {
        std::cout << record_json(record) << "\n";
    } else {
        write_record_text(std::cout, record, text_style());
    }
}

void report_result(const SearchResult& result, cli::SearchFormat format,
                   const TextHeading& heading) {
    for (const std::string& shard : result.missing_shards) {
        std::cerr << program.name << ": warning: shard '" << shard
                  << "' did not answer; the hits come from the other shards\n";
    }
    if (const auto exported = export_format(format)) {
        std::vector<Record> records;
        for (const Hit& hit : result.hits) records.push_back(hit.record);
        write_export(std::cout, records, *exported);
    } else if (format == cli::SearchFormat::json) {
        std::cout << result_json(result) << "\n";
    } else {
        write_text(std::cout, result, text_style(), heading);
    }
}

int run(const Options& options) {
    const SearchRequest request = make_request(options);
    const Engine engine(options.search.database, options.search.engine_options());
    if (!options.record_id.empty()) {
        const auto record = engine.record(options.record_id);
        if (!record) throw NotFoundError("no record with id '" + options.record_id + "'");
        report_record(*record, options.format);
        return exit_success;
    }
    // The first line of text says what the hits are for: the filters, the record they are like.
    TextHeading heading;
    heading.filters = request.filters;
    heading.similar_to = request.similar_to;
    if (!request.similar_to.empty() && options.format == cli::SearchFormat::text) {
        if (const auto record = engine.record(request.similar_to)) {
            for (const auto& title : record->title) {
                // The title in the record's own language, else its first.
                if (heading.similar_title.empty() || title.language == record->language)
                    heading.similar_title = title.text;
                if (title.language == record->language) break;
            }
        }
    }
    report_result(engine.search(request), options.format, heading);
    return exit_success;
}

}  // namespace

int main(int argc, char** argv) {
    return cli::run_program(program.name, [&] {
        const auto options = parse_options(argc, argv);
        return options ? run(*options) : int(exit_success);
    });
}
