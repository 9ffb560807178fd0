// Latency figures shared by the benchmark programs (query_latency.cpp, peers.cpp): percentiles
// of a list of query times, and the same figures as one JSON object for bench/run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace polsearch::bench {

struct LatencyFigures {
    double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0, queries_per_s = 0;
    std::vector<double> percentiles;  ///< p0, p1, ..., p100, for plots

    /// From the times of every timed query, in milliseconds (not empty).
    explicit LatencyFigures(std::vector<double> times) {
        std::sort(times.begin(), times.end());
        const auto at = [&](double fraction) {
            return times[std::min(times.size() - 1,
                                  static_cast<std::size_t>(fraction * double(times.size())))];
        };
        double total = 0;
        for (double t : times) total += t;
        p50 = at(0.5);
        p95 = at(0.95);
        p99 = at(0.99);
        mean = total / double(times.size());
        max = times.back();
        queries_per_s = 1000.0 * double(times.size()) / total;
        for (int p = 0; p <= 100; ++p) percentiles.push_back(at(p / 100.0));
    }

    /// `"p50_ms": ..., ..., "percentiles_ms": [...]`, to go inside a JSON object.
    std::string json_fields() const {
        const auto number = [](double value) {
            char text[32];
            std::snprintf(text, sizeof text, "%.3f", value);
            return std::string(text);
        };
        std::string out = "\"p50_ms\": " + number(p50) + ", \"p95_ms\": " + number(p95) +
                          ", \"p99_ms\": " + number(p99) + ", \"mean_ms\": " + number(mean) +
                          ", \"max_ms\": " + number(max) +
                          ", \"queries_per_s\": " + number(queries_per_s) +
                          ", \"percentiles_ms\": [";
        for (std::size_t i = 0; i < percentiles.size(); ++i)
            out.append(i ? ", " : "").append(number(percentiles[i]));
        return out + "]";
    }
};

}  // namespace polsearch::bench
