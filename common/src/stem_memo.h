// Internal to the stemmers: the stems a thread has made, so that a word running text repeats
// is weighed once. The Kazakh stemmer and the Russian repairs look words up in lists and
// dictionaries many times per word; the bound keeps a long-running server's memory flat.
#pragma once

#include <string>
#include <unordered_map>

namespace polsearch::detail {

/// Stems by word; each stemmer keeps its own, one per thread (`thread_local`).
using StemMemo = std::unordered_map<std::string, std::string>;

/// The stem of `word` in `made`, else `make(word)`, kept there for next time.
template <typename Make>
std::string remembered_stem(StemMemo& made, const std::string& word, Make make) {
    if (const auto found = made.find(word); found != made.end()) return found->second;
    if (made.size() >= 100000) made.clear();
    return made.emplace(word, make(word)).first->second;
}

}  // namespace polsearch::detail
