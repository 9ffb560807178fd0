// Query latency over the library, as a portal would call it: each query of a file searched for
// its top 10 hits with snippets (and facets with --facets), once to warm the caches, then timed.
//
//   build/release/bench/polsearch-query-latency --db DB --queries bench/queries/ungd-queries.txt
//       [--facets] [--facet-sample N] [--rounds N] [--warm-with FILE] [--json] [--slowest N]
//       [--no-expand]
// --no-expand searches without expansion across languages (SearchRequest::expand: the
// thesaurus, names in the other script, translations), to measure what it costs.
// --facet-sample N sets SearcherOptions::facet_sample_limit (0: every match counted).
// --warm-with FILE warms with other queries than those timed, and times one round: what the
// searcher keeps between searches (its facet values) is then what other users' searches left,
// not the timed queries' own.
//
// Prints p50, p95, p99, mean and max in milliseconds, and queries per second (one thread);
// with --json, one JSON object with the same figures and every percentile (for plots).
// Then where the time went (SearchResult::times): the mean milliseconds of each part of a
// search, over every timed query and over the slowest 1 % of them ("split" and
// "slowest_split" in JSON). --slowest N also lists the N slowest queries with their parts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "latency_figures.h"
#include "polsearch/error.h"
#include "search/searcher.h"

using namespace polsearch;

namespace {

struct Timed {
    double ms = 0;  // the whole search, as the caller sees it
    SearchTimes parts;
    const std::string* query = nullptr;
};

// The mean of each part of SearchResult::times over the first `count` of `timed`, and the rest
// of the time (what no part covers: reopening the database, copying the result).
struct Split {
    std::vector<std::pair<const char*, double>> parts;

    std::string text() const {
        std::string out;
        for (const auto& [name, ms] : parts) {
            char item[64];
            std::snprintf(item, sizeof item, "%s%s %.2f", out.empty() ? "" : ", ", name, ms);
            out += item;
        }
        return out;
    }
    std::string json() const {
        std::string out = "{";
        for (const auto& [name, ms] : parts) {
            char item[64];
            std::snprintf(item, sizeof item, "%s\"%s_ms\": %.3f", out.size() > 1 ? ", " : "", name,
                          ms);
            out += item;
        }
        return out + "}";
    }
};

Split split_of(const std::vector<Timed>& timed, std::size_t count) {
    SearchTimes sum;
    double whole = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const SearchTimes& t = timed[i].parts;
        whole += timed[i].ms;
        sum.query += t.query;
        sum.match += t.match;
        sum.hit_data += t.hit_data;
        sum.snippets += t.snippets;
        sum.facets += t.facets;
        sum.suggestion += t.suggestion;
    }
    const double n = static_cast<double>(std::max<std::size_t>(count, 1));
    const double parts =
        sum.query + sum.match + sum.hit_data + sum.snippets + sum.facets + sum.suggestion;
    return Split{{{"query", sum.query / n},
                  {"match", sum.match / n},
                  {"hit_data", sum.hit_data / n},
                  {"snippets", sum.snippets / n},
                  {"facets", sum.facets / n},
                  {"suggestion", sum.suggestion / n},
                  {"other", (whole - parts) / n},
                  {"whole", whole / n}}};
}

}  // namespace

int main(int argc, char** argv) {
    std::string database, queries_file, warm_file;
    bool facets = false;
    bool expand = true;
    SearcherOptions searcher_options;
    bool json = false;
    int rounds = 3;
    std::size_t slowest = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc)
            database = argv[++i];
        else if (arg == "--queries" && i + 1 < argc)
            queries_file = argv[++i];
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::stoi(argv[++i]);
        else if (arg == "--warm-with" && i + 1 < argc)
            warm_file = argv[++i];
        else if (arg == "--facets")
            facets = true;
        else if (arg == "--no-expand")
            expand = false;
        else if (arg == "--facet-sample" && i + 1 < argc)
            searcher_options.facet_sample_limit = std::stoul(argv[++i]);
        else if (arg == "--json")
            json = true;
        else if (arg == "--slowest" && i + 1 < argc)
            slowest = std::stoul(argv[++i]);
        else {
            std::cerr << "usage: polsearch-query-latency --db DB --queries FILE [--facets] "
                         "[--facet-sample N] [--rounds N] [--warm-with FILE] [--json] "
                         "[--slowest N] [--no-expand]\n";
            return 2;
        }
    }
    const auto read_queries = [](const std::string& file) {
        std::vector<std::string> lines;
        std::ifstream in(file);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) lines.push_back(line);
        }
        if (lines.empty()) {
            std::cerr << "no queries in '" << file << "'\n";
            std::exit(2);
        }
        return lines;
    };
    const std::vector<std::string> queries = read_queries(queries_file);
    const std::vector<std::string> warm = warm_file.empty() ? queries : read_queries(warm_file);
    if (!warm_file.empty()) rounds = 1;
    try {
        Searcher searcher(database, &Thesaurus::built_in(), searcher_options);
        std::vector<double> times;
        std::vector<Timed> timed;  // every timed query, with its parts
        std::size_t failed = 0, hits = 0;
        for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
            for (const auto& query : round == 0 ? warm : queries) {
                SearchRequest request{query, 0, 10};
                request.facets = facets;
                request.expand = expand;
                const auto start = std::chrono::steady_clock::now();
                SearchTimes parts;
                try {
                    const SearchResult result = searcher.search(request);
                    if (round == 1) hits += result.hits.size();
                    parts = result.times;
                } catch (const QueryError& error) {
                    if (round == 1) {
                        ++failed;
                        std::cerr << "bad query '" << query << "': " << error.what() << "\n";
                    }
                    continue;
                }
                const double ms = std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start)
                                      .count();
                if (round > 0) {
                    times.push_back(ms);
                    timed.push_back({ms, parts, &query});
                }
            }
        }
        const bench::LatencyFigures figures(times);
        const double hits_per_query =
            static_cast<double>(hits) / static_cast<double>(queries.size());
        std::sort(timed.begin(), timed.end(),
                  [](const Timed& a, const Timed& b) { return a.ms > b.ms; });
        const std::size_t worst = std::max<std::size_t>(1, timed.size() / 100);
        const Split all = split_of(timed, timed.size());
        const Split slow = split_of(timed, worst);
        if (json) {
            std::printf(
                "{\"queries\": %zu, \"rounds\": %d, \"failed\": %zu, \"facets\": %s, "
                "\"documents\": %zu, \"hits_per_query\": %.2f, %s, \"split\": %s, "
                "\"slowest_split\": %s}\n",
                queries.size(), rounds, failed, facets ? "true" : "false",
                static_cast<std::size_t>(searcher.document_count()), hits_per_query,
                figures.json_fields().c_str(), all.json().c_str(), slow.json().c_str());
            return 0;
        }
        std::printf(
            "%zu queries x %d rounds (%zu failed), top 10 with snippets%s, %zu documents: "
            "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, mean %.2f ms, max %.2f ms, %.0f queries/s, "
            "%.1f hits per query\n",
            queries.size(), rounds, failed, facets ? " and facets" : "",
            static_cast<std::size_t>(searcher.document_count()), figures.p50, figures.p95,
            figures.p99, figures.mean, figures.max, figures.queries_per_s, hits_per_query);
        std::printf("mean ms per query: %s\n", all.text().c_str());
        std::printf("mean ms over the slowest %zu: %s\n", worst, slow.text().c_str());
        for (std::size_t i = 0; i < std::min(slowest, timed.size()); ++i) {
            const Split one = split_of({timed[i]}, 1);
            std::printf("%8.2f ms  %s  | %s\n", timed[i].ms, one.text().c_str(),
                        timed[i].query->c_str());
        }
    } catch (const Error& error) {
        std::cerr << error.what() << "\n";
        return 1;
    }
    return 0;
}
