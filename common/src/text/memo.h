// Internal to the analysis: the results a thread has made of a function of a word alone (a
// stem, a name key), so that a word running text repeats is worked out once. The Kazakh
// stemmer and the Russian repairs look words up in lists and dictionaries many times per word,
// and a name key is two ICU transliterations; the bound keeps a long-running server's memory
// flat.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace polsearch::detail {

/// Hashes a std::string and a std::string_view alike, so that a lookup copies nothing.
struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const {
        return std::hash<std::string_view>{}(word);
    }
};

/// Results by word; each function keeps its own, one per thread (`thread_local`).
using Memo = std::unordered_map<std::string, std::string, WordHash, std::equal_to<>>;

/// The result for `word` in `made`, else `make(word)`, kept there for next time.
template <typename Make>
std::string remembered(Memo& made, std::string_view word, Make make) {
    if (const auto found = made.find(word); found != made.end()) return found->second;
    if (made.size() >= 100000) made.clear();
    std::string key(word);
    std::string result = make(key);
    return made.emplace(std::move(key), std::move(result)).first->second;
}

}  // namespace polsearch::detail
