// polsearch-search: searches a database from the command line.
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "polsearch/error.h"
#include "formats/record_io.h"
#include "polsearch/export.h"
#include "search/output.h"
#include "polsearch/program.h"
#include "search/searcher.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr const char* usage = R"(Usage: polsearch-search [options] QUERY...

Searches the database and prints the best hits, each with a snippet that marks the matched
words. Words are found in any inflection and language version of a record; quote a phrase
("soft power", «soft power» or “soft power”) to find its words in a row; hyphenated words
(anti-soft) also match their parts. Concepts of the thesaurus (soft power, мягкая сила,
жұмсақ күш, ...) also find records that name them in the other languages, ranked below
records in the query's own language; so do names written in the other script (Назарбаев
finds Nazarbayev's). --no-expand turns both off. Restrict a word or phrase to a field with
title:, abstract:, keyword: or author:, and narrow the hits with year:YYYY, lang:en|ru|kk or doi:.
--facets counts the hits by year, decade, language, journal, section, keyword and author;
--filter FACET:VALUE (repeatable) keeps the hits with that value, in the same order.

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
  polsearch-search --db /srv/polsearch/remote.stub --allow-partial "water policy"

Without --db, the database named by $POLSEARCH_DB is searched, else the demo's.
Exit status: 0 success (also with no hits); 1 database missing or unreadable; 2 bad usage or
a query that cannot be parsed.

Options)";

}  // namespace

int main(int argc, char** argv) {
    return run_program("polsearch-search", [&] {
        std::string database;
        std::string format;
        Count limit{10};
        Count offset{0};
        std::string thesaurus_file;
        std::vector<std::string> filters;
        Count facet_limit{20};
        std::string sort;
        std::string record_id;
        std::string similar_to;
        double time_limit = 2.0;
        double connect_timeout = 2.0;
        double remote_timeout = 10.0;
        std::vector<std::string> words;
        po::options_description options(usage);
        // clang-format off
        options.add_options()
            ("db", po::value(&database)->value_name("PATH"), "database to search")
            ("format", po::value(&format)->default_value("text")->value_name("FORMAT"),
             "output: text, json, or for reference managers ris, bibtex, csl-json")
            ("limit,n", po::value(&limit)->default_value(Count{10}, "10")->value_name("N"),
             "hits to print (at most 1000)")
            ("offset", po::value(&offset)->default_value(Count{0}, "0")->value_name("N"),
             "hits to skip first (for paging)")
            ("no-expand",
             "do not look for concepts of the query in the other languages, nor for its "
             "names in the other script")
            ("id", po::value(&record_id)->value_name("ID"), "print the record with this id")
            ("similar", po::value(&similar_to)->value_name("ID"),
             "instead of a QUERY: the records most like the record with this id")
            ("sort", po::value(&sort)->default_value("relevance")->value_name("ORDER"),
             "relevance, date (oldest first) or -date (newest first)")
            ("time-limit", po::value(&time_limit)->default_value(2.0)->value_name("SECONDS"),
             "after this, totals and facet counts are estimated instead of exact (0: no limit)")
            ("explain", "show for each hit the stems it matched, in which fields and how often")
            ("facets", "count the hits by year, decade, language, journal, section, keyword, author")
            ("facet-limit", po::value(&facet_limit)->default_value(Count{20}, "20")->value_name("N"),
             "values shown per facet")
            ("filter", po::value(&filters)->value_name("FACET:VALUE"),
             "keep only hits with this facet value (year:2025, decade:2010s, language:kk, "
             "journal:..., section:..., keyword:..., author:...); repeatable")
            ("thesaurus", po::value(&thesaurus_file)->value_name("FILE"),
             "your own thesaurus, added to the built-in one (docs/thesaurus.md)")
            ("allow-partial", "when a shard of a stub database does not answer, print the hits "
             "of the others with a warning instead of failing (docs/scaling.md)")
            ("connect-timeout", po::value(&connect_timeout)->default_value(2.0)
                 ->value_name("SECONDS"), "how long a remote shard may take to accept")
            ("remote-timeout", po::value(&remote_timeout)->default_value(10.0)
                 ->value_name("SECONDS"), "how long a remote shard may take to answer");
        // clang-format on
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, words, vm)) return int(exit_success);
        if (format != "text" && format != "json" && format != "ris" && format != "bibtex" &&
            format != "csl-json") {
            throw UsageError("--format must be text, json, ris, bibtex or csl-json, not '" +
                             format + "'");
        }
        const bool exporting = format != "text" && format != "json";
        if (limit.value > 1000) throw UsageError("--limit must be at most 1000");
        if (offset.value > 1000000) throw UsageError("--offset must be at most 1,000,000");
        if (words.empty() && record_id.empty() && similar_to.empty()) {
            throw UsageError("no QUERY given");
        }
        if (!words.empty() && (!record_id.empty() || !similar_to.empty())) {
            throw UsageError("give a QUERY, --id or --similar, not more than one");
        }
        SearchRequest request;
        for (const auto& word : words) {
            if (!request.query.empty()) request.query += ' ';
            request.query += word;
        }
        request.limit = limit.value;
        request.offset = offset.value;
        request.expand = vm.count("no-expand") == 0;
        request.facets = vm.count("facets") > 0;
        request.explain = vm.count("explain") > 0;
        request.sort = parse_sort_order(sort);
        if (time_limit < 0) throw UsageError("--time-limit must not be negative");
        request.time_limit = time_limit;
        request.facet_limit = facet_limit.value;
        for (const auto& filter : filters) {
            const auto colon = filter.find(':');
            if (colon == std::string::npos || colon == 0) {
                throw UsageError("--filter needs FACET:VALUE, not '" + filter + "'");
            }
            request.filters.emplace_back(filter.substr(0, colon), filter.substr(colon + 1));
        }

        Thesaurus thesaurus = Thesaurus::built_in();
        if (!thesaurus_file.empty()) thesaurus.add_file(thesaurus_file);
        if (connect_timeout <= 0 || remote_timeout <= 0)
            throw UsageError("--connect-timeout and --remote-timeout must be above 0");
        SearcherOptions searcher_options;
        searcher_options.allow_partial = vm.count("allow-partial") > 0;
        searcher_options.timeouts.connect_ms = static_cast<unsigned>(connect_timeout * 1000);
        searcher_options.timeouts.answer_ms = static_cast<unsigned>(remote_timeout * 1000);
        Searcher searcher(database.empty() ? default_database_path() : database, &thesaurus,
                          searcher_options);
        if (!record_id.empty()) {
            const auto record = searcher.record(record_id);
            if (!record) throw NotFoundError("no record with id '" + record_id + "'");
            if (exporting) {
                write_export(std::cout, {*record}, parse_export_format(format));
            } else if (format == "json") {
                std::cout << record_to_json(*record).dump(2, ' ', false,
                                                          nlohmann::json::error_handler_t::replace)
                          << "\n";
            } else {
                write_record_text(std::cout, *record, TextStyle{is_terminal(1), terminal_width(1)});
            }
            return int(exit_success);
        }
        request.similar_to = similar_to;
        const SearchResult result = searcher.search(request);
        for (const std::string& shard : result.missing_shards) {
            std::cerr << "polsearch-search: warning: shard '" << shard
                      << "' did not answer; the hits come from the other shards\n";
        }
        if (exporting) {
            std::vector<Record> records;
            for (const Hit& hit : result.hits) records.push_back(hit.record);
            write_export(std::cout, records, parse_export_format(format));
        } else if (format == "json") {
            std::cout << result_to_json(result).dump(2, ' ', false,
                                                     nlohmann::json::error_handler_t::replace)
                      << "\n";
        } else {
            write_text(std::cout, result, TextStyle{is_terminal(1), terminal_width(1)});
        }
        return int(exit_success);
    });
}
