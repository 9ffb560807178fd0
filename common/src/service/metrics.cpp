#include "service/metrics.h"

#include <cmath>
#include <cstdio>

namespace polsearch {

void Histogram::observe(double seconds) {
    std::size_t bucket = 0;
    while (bucket < bounds.size() && seconds > bounds[bucket]) ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    const double microseconds = std::max(0.0, seconds) * 1e6;
    sum_microseconds_.fetch_add(static_cast<std::uint64_t>(std::llround(microseconds)),
                                std::memory_order_relaxed);
}

void Histogram::write(std::string& out, std::string_view name, std::string_view labels) const {
    std::string before(labels);
    if (!before.empty()) before += ',';
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        const std::string bound = i < bounds.size() ? metric_number(bounds[i]) : "+Inf";
        out.append(name).append("_bucket{").append(before).append("le=\"").append(bound);
        out.append("\"} ").append(std::to_string(cumulative)).append("\n");
    }
    std::string braces;
    if (!labels.empty()) braces.append("{").append(labels).append("}");
    out.append(name).append("_sum").append(braces).append(" ");
    out.append(metric_number(double(sum_microseconds_.load(std::memory_order_relaxed)) / 1e6));
    out.append("\n").append(name).append("_count").append(braces).append(" ");
    out.append(std::to_string(count_.load(std::memory_order_relaxed))).append("\n");
}

std::string metric_label_value(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out.append(1, '\\').append(1, c);
        } else if (c == '\n') {
            out.append("\\n");
        } else {
            out += c;
        }
    }
    return out;
}

std::string metric_header(std::string_view name, std::string_view type, std::string_view help) {
    std::string out = "# HELP ";
    out.append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ");
    return out.append(type).append("\n");
}

std::string metric_number(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

}  // namespace polsearch
