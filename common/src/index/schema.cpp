#include "index/schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "polsearch/record.h"
#include "text/normalizer.h"

namespace polsearch {
namespace {

constexpr char item_separator = '\x1f';

}  // namespace

std::string join_facet_items(const std::vector<std::string>& items) {
    std::string joined;
    std::vector<std::string> seen;
    for (const auto& item : items) {
        std::string clean;
        for (const char c : item) {
            if (c != item_separator) clean += c;
        }
        const std::string key = normalize_word(clean);
        if (clean.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        if (!joined.empty()) joined += item_separator;
        joined += clean;
    }
    return joined;
}

std::vector<std::string> split_facet_items(std::string_view joined) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find(item_separator, start);
        if (end == std::string_view::npos) end = joined.size();
        if (end > start) items.emplace_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

namespace schema {

std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += value;
    if (term.size() > max_boolean_term_bytes) {
        // Cut, and the whole value's hash put after, so that two long values that share
        // their first 220 bytes (OAI identifiers of one repository) stay two terms.
        char hash[18];
        std::snprintf(hash, sizeof hash, "#%016llx",
                      static_cast<unsigned long long>(stable_hash(value)));
        std::size_t cut = max_boolean_term_bytes - (sizeof hash - 1);
        // Do not cut inside a UTF-8 sequence.
        while (cut > prefix.size() && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
        term.resize(cut);
        term += hash;
    }
    return term;
}

std::string id_term(std::string_view id) {
    return boolean_term(id_prefix, id);
}

std::string_view spelling_word(std::string_view term) {
    const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    if (!term.empty() && (term[0] == title_prefix[0] || term[0] == keyword_prefix[0])) {
        term.remove_prefix(1);
    }
    if (term.empty() || is_upper(term[0])) return {};
    // Numbers and words with digits ("2020", "c60") are not spelt.
    for (const char c : term) {
        if (c >= '0' && c <= '9') return {};
    }
    return term;
}

std::string date_value(const Date& date) {
    char value[16];
    std::snprintf(value, sizeof value, "%04d%02d%02d", date.year, date.month, date.day);
    return value;
}

std::optional<std::string> date_bound(std::string_view text, bool start) {
    const auto date = parse_date(text);
    if (!date) return std::nullopt;
    std::string value = date_value(*date);
    // A record whose day or month is unknown (00) falls inside its month or year.
    const char* fill = start ? "00" : "99";
    if (date->month == 0) value.replace(4, 2, fill);
    if (date->day == 0) value.replace(6, 2, fill);
    return value;
}

unsigned sample_bucket(std::string_view id) {
    std::uint32_t hash = 2166136261u;
    for (const char c : id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619u;
    }
    return hash % sample_buckets;
}

std::string sample_term(unsigned bucket) {
    return std::string(sample_prefix) + std::to_string(bucket);
}

}  // namespace schema
}  // namespace polsearch
