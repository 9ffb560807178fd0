// Query latency over the library, as a portal would call it: each query of a file searched for
// its top 10 hits with snippets (and facets with --facets), once to warm the caches, then timed.
//
//   build/release/bench/polsearch-query-latency --db DB --queries bench/queries/ungd-queries.txt
//       [--facets] [--facet-sample N] [--rounds N] [--json]
// --facet-sample N sets SearcherOptions::facet_sample_limit (0: every match counted).
//
// Prints p50, p95, p99, mean and max in milliseconds, and queries per second (one thread);
// with --json, one JSON object with the same figures and every percentile (for plots).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "latency_figures.h"
#include "polsearch/error.h"
#include "search/searcher.h"

using namespace polsearch;

int main(int argc, char** argv) {
    std::string database, queries_file;
    bool facets = false;
    SearcherOptions searcher_options;
    bool json = false;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc)
            database = argv[++i];
        else if (arg == "--queries" && i + 1 < argc)
            queries_file = argv[++i];
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::stoi(argv[++i]);
        else if (arg == "--facets")
            facets = true;
        else if (arg == "--facet-sample" && i + 1 < argc)
            searcher_options.facet_sample_limit = std::stoul(argv[++i]);
        else if (arg == "--json")
            json = true;
        else {
            std::cerr << "usage: polsearch-query-latency --db DB --queries FILE [--facets] "
                         "[--facet-sample N] [--rounds N] [--json]\n";
            return 2;
        }
    }
    std::vector<std::string> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) queries.push_back(line);
    }
    if (queries.empty()) {
        std::cerr << "no queries in '" << queries_file << "'\n";
        return 2;
    }
    try {
        Searcher searcher(database, &Thesaurus::built_in(), searcher_options);
        std::vector<double> times;
        std::size_t failed = 0, hits = 0;
        for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
            for (const auto& query : queries) {
                SearchRequest request{query, 0, 10};
                request.facets = facets;
                const auto start = std::chrono::steady_clock::now();
                try {
                    const SearchResult result = searcher.search(request);
                    if (round == 1) hits += result.hits.size();
                } catch (const QueryError& error) {
                    if (round == 0) {
                        ++failed;
                        std::cerr << "bad query '" << query << "': " << error.what() << "\n";
                    }
                    continue;
                }
                const double ms = std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start)
                                      .count();
                if (round > 0) times.push_back(ms);
            }
        }
        const bench::LatencyFigures figures(times);
        const double hits_per_query =
            static_cast<double>(hits) / static_cast<double>(queries.size());
        if (json) {
            std::printf(
                "{\"queries\": %zu, \"rounds\": %d, \"failed\": %zu, \"facets\": %s, "
                "\"documents\": %zu, \"hits_per_query\": %.2f, %s}\n",
                queries.size(), rounds, failed, facets ? "true" : "false",
                static_cast<std::size_t>(searcher.document_count()), hits_per_query,
                figures.json_fields().c_str());
            return 0;
        }
        std::printf(
            "%zu queries x %d rounds (%zu failed), top 10 with snippets%s, %zu documents: "
            "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, mean %.2f ms, max %.2f ms, %.0f queries/s, "
            "%.1f hits per query\n",
            queries.size(), rounds, failed, facets ? " and facets" : "",
            static_cast<std::size_t>(searcher.document_count()), figures.p50, figures.p95,
            figures.p99, figures.mean, figures.max, figures.queries_per_s, hits_per_query);
    } catch (const Error& error) {
        std::cerr << error.what() << "\n";
        return 1;
    }
    return 0;
}
