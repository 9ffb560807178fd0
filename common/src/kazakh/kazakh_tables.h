// The Kazakh word list (common/data/kazakh-words.tsv) as sorted tables, made at build time by
// polsearch-make-kazakh-tables and compiled in as constant data: no program builds a map over
// the list, or computes a search key of its 16,737 forms, when it starts.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace polsearch {

struct KazakhFormCount {
    std::string_view form;
    std::size_t count = 0;  ///< how often the form was seen in running text
};

struct KazakhKeyForm {
    std::string_view key;   ///< kazakh_search_key of a form of the list
    std::string_view form;  ///< the commonest form of the list with that key
};

/// Every form of the word list with its count, sorted by form (byte order).
extern const std::span<const KazakhFormCount> kazakh_form_counts;

/// Every search key of a form of the word list with its commonest form (the first of the list
/// among equals), sorted by key (byte order).
extern const std::span<const KazakhKeyForm> kazakh_key_forms;

}  // namespace polsearch
