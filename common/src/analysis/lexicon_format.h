// The binary form of the word lists made at build time from hunspell's dictionaries
// (common/lexicon/make_lexicon.cpp writes it, lexicon.cpp reads it): what the generator and the
// library must agree on, and the automaton walker both use.
//
// A file is a header and automata. Each automaton is a minimal acyclic automaton (a DAWG) of
// byte strings, stored as an array of 32-bit transitions (little-endian): bits 0-7 the byte,
// bit 8 set when the string that ends with this transition is in the set, bit 9 set on the last
// transition of a state, bits 10-31 the index of the first transition of the target state (0:
// the target has none; index 0 holds no transition). A state's transitions are consecutive and
// sorted by byte.
//
// Header: the magic "PSLEX001", then a uint32 count of automata, then for each a uint32 offset
// of its array (from the start of the file), a uint32 count of transitions and a uint32 index
// of the root's first transition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace polsearch::lexicon_format {

inline constexpr char magic[] = "PSLEX001";
inline constexpr std::size_t magic_size = 8;

/// The automata, in the file's order.
enum Automaton : std::uint32_t {
    /// Every form the Russian dictionary accepts, in lower case (ё as written there).
    russian_words = 0,
    /// Russian forms in lower case with ё as е, each followed by `lemma_separator`, the rank of
    /// the lemma (`rank_base` + 0 for the lemma preferred), the number of bytes to cut off the
    /// form (`cut_base` + n) and what to add to make the lemma (lower case, ё as е); and once
    /// with `class_marker` in the rank's place and the same code for its lemma class: the lemma
    /// that stands for every entry joined to its own through a form they share (права: право
    /// and правый) or through an irregular form the dictionary lists as an entry of its own
    /// (концов, a word of its own there, and конец).
    russian_lemmas = 1,
    kazakh_words = 2,
    english_words = 3,
    automaton_count = 4,
};

inline constexpr char lemma_separator = '\x01';
inline constexpr unsigned char rank_base = 0x20;
inline constexpr unsigned char class_marker = 0x1F;
inline constexpr unsigned char cut_base = 0x20;

inline constexpr std::uint32_t label_mask = 0xFFu;
inline constexpr std::uint32_t final_bit = 1u << 8;
inline constexpr std::uint32_t last_bit = 1u << 9;
inline constexpr unsigned target_shift = 10;
inline constexpr std::uint32_t max_target = (1u << 22) - 1;

inline std::uint32_t read_u32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

/// One automaton of a file in memory: a view, nothing is copied.
class Dawg {
  public:
    Dawg() = default;
    Dawg(const unsigned char* transitions, std::uint32_t count, std::uint32_t root)
        : transitions_(transitions), count_(count), root_(root) {}

    /// The state after reading `bytes` from `state` (0 when there is no such path), and in
    /// `final` whether the string read so far is in the set.
    std::uint32_t walk(std::uint32_t state, std::string_view bytes, bool& final) const {
        final = false;
        for (const char c : bytes) {
            if (state == 0) {  // a leaf: the string goes on past every word of the set
                final = false;
                return 0;
            }
            state = step(state, static_cast<unsigned char>(c), final);
        }
        return state;
    }

    std::uint32_t root() const { return root_; }
    bool empty() const { return count_ == 0; }

    bool contains(std::string_view word) const {
        if (word.empty() || empty()) return false;
        bool final = false;
        walk(root_, word, final);
        return final;
    }

    /// Calls `out(suffix)` for every string of the set that continues the path to `state`, in
    /// byte order (at most `limit`).
    template <typename Out>
    void completions(std::uint32_t state, Out&& out, std::size_t limit = 64) const {
        std::string prefix;
        std::size_t found = 0;
        complete(state, prefix, out, found, limit);
    }

  private:
    // The target of `state`'s transition on `byte` (0 when it has none: `final` false then).
    std::uint32_t step(std::uint32_t state, unsigned char byte, bool& final) const {
        final = false;
        for (std::uint32_t i = state; i < count_; ++i) {
            const std::uint32_t t = at(i);
            const std::uint32_t label = t & label_mask;
            if (label == byte) {
                final = (t & final_bit) != 0;
                return t >> target_shift;
            }
            if ((t & last_bit) || label > byte) break;
        }
        return 0;
    }

    std::uint32_t at(std::uint32_t i) const { return read_u32(transitions_ + 4 * std::size_t{i}); }

    template <typename Out>
    void complete(std::uint32_t state, std::string& prefix, Out& out, std::size_t& found,
                  std::size_t limit) const {
        if (state == 0) return;
        for (std::uint32_t i = state; i < count_ && found < limit; ++i) {
            const std::uint32_t t = at(i);
            prefix.push_back(static_cast<char>(t & label_mask));
            if (t & final_bit) {
                out(std::string_view(prefix));
                ++found;
            }
            if (prefix.size() < 256) complete(t >> target_shift, prefix, out, found, limit);
            prefix.pop_back();
            if (t & last_bit) break;
        }
    }

    const unsigned char* transitions_ = nullptr;
    std::uint32_t count_ = 0;
    std::uint32_t root_ = 0;
};

/// The automaton `which` of a file of `size` bytes at `data`; an empty one when the file is too
/// short or not of this format.
inline Dawg open_dawg(const unsigned char* data, std::size_t size, std::uint32_t which) {
    const std::size_t header = magic_size + 4 + 12 * std::size_t{which} + 12;
    if (size < header || std::memcmp(data, magic, magic_size) != 0) return {};
    if (read_u32(data + magic_size) <= which) return {};
    const unsigned char* entry = data + magic_size + 4 + 12 * std::size_t{which};
    const std::uint32_t offset = read_u32(entry);
    const std::uint32_t count = read_u32(entry + 4);
    const std::uint32_t root = read_u32(entry + 8);
    if (offset > size || (size - offset) / 4 < count || root >= count) return {};
    return Dawg(data + offset, count, root);
}

}  // namespace polsearch::lexicon_format
