// Metrics in the Prometheus text format (version 0.0.4), for polsearch-serve's /metrics:
// counters and histograms that many threads update at once without a lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polsearch {

/// A histogram of durations in seconds: counts per upper bound, their sum and count.
class Histogram {
  public:
    /// The upper bounds of its buckets, in seconds: 1 ms to 10 s.
    static constexpr std::array<double, 13> bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10};

    void observe(double seconds);
    /// The lines of `name` with `labels` ("" or `endpoint="/search"`): name_bucket for each
    /// bound and +Inf (cumulative), name_sum and name_count.
    void write(std::string& out, std::string_view name, std::string_view labels) const;
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

  private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};  // the last: +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_microseconds_{0};
};

/// A label's value escaped as the text format wants it (\\, \", \n).
std::string metric_label_value(std::string_view value);

/// "# HELP name help\n# TYPE name type\n".
std::string metric_header(std::string_view name, std::string_view type, std::string_view help);

/// A number as the text format writes it (integers without a decimal point).
std::string metric_number(double value);

}  // namespace polsearch
