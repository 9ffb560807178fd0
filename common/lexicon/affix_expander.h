// Every form a hunspell dictionary holds: each entry of the .dic with each suffix and prefix
// rule of the .aff its flags name (and, for rules that allow it, a prefix and a suffix
// together). What unmunch does, for the features the Russian, Kazakh and English dictionaries
// use (SFX, PFX, cross products, conditions; no continuation classes, no compounds). Used at
// build time only (make_lexicon.cpp) and by the tests that check it against hunspell.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace polsearch::lexicon {

struct AffixRule {
    bool suffix = true;
    bool cross = false;  ///< may combine with a rule of the other kind
    std::u32string strip;
    std::u32string add;
    /// The condition on the root: one set of letters per position (from the end for a suffix,
    /// from the start for a prefix); `negated` sets match any letter outside.
    struct Letters {
        std::u32string letters;
        bool any = false;
        bool negated = false;
    };
    std::vector<Letters> condition;

    bool applies_to(const std::u32string& root) const;
    std::u32string apply(const std::u32string& root) const;
};

class AffixExpander {
  public:
    /// Reads `aff` and `dic` (UTF-8 files). Throws std::runtime_error when one cannot be read.
    AffixExpander(const std::string& aff, const std::string& dic);

    /// Calls `out(form, root)` for every form of every entry (UTF-8; the root as the .dic has
    /// it, the form in the case the rules make). The same form may come more than once.
    void expand(
        const std::function<void(const std::string& form, const std::string& root)>& out) const;

    std::size_t entries() const { return entries_.size(); }
    /// The entries: each word and its flags (empty for a word with no affix rules).
    const std::vector<std::pair<std::u32string, std::string>>& entry_list() const {
        return entries_;
    }

  private:
    std::vector<std::vector<AffixRule>> rules_ = std::vector<std::vector<AffixRule>>(256);
    std::vector<std::pair<std::u32string, std::string>> entries_;  // word, flags
};

std::u32string decode(const std::string& utf8);
std::string encode(const std::u32string& text);

}  // namespace polsearch::lexicon
