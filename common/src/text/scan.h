// Internal to the readers: a cursor over text for the small hand-written parsers of dates,
// citations, volumes and issues. They replace std::regex, whose matcher recurses once per
// character matched: a 50 KB date or citation field overflowed the stack and killed the job.
// Every method here runs in time linear in what it consumes, with no recursion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace polsearch::detail {

/// ASCII whitespace as std::regex's \s knows it.
constexpr bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

constexpr bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

/// Whether `text` starts with `prefix`, ASCII letters compared without case (other bytes,
/// Cyrillic among them, exactly).
constexpr bool starts_with_icase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
    }
    return true;
}

class Scanner {
  public:
    explicit constexpr Scanner(std::string_view text, std::size_t at = 0)
        : text_(text), at_(at < text.size() ? at : text.size()) {}

    constexpr bool done() const { return at_ == text_.size(); }
    constexpr std::size_t at() const { return at_; }
    constexpr std::string_view rest() const { return text_.substr(at_); }
    constexpr char peek() const { return done() ? '\0' : text_[at_]; }

    /// Skips ASCII whitespace; returns how much.
    constexpr std::size_t skip_spaces() {
        const std::size_t start = at_;
        while (!done() && is_ascii_space(text_[at_])) ++at_;
        return at_ - start;
    }

    /// Consumes `literal` when the text goes on with it.
    constexpr bool literal(std::string_view literal) {
        if (rest().substr(0, literal.size()) != literal) return false;
        at_ += literal.size();
        return true;
    }

    /// Likewise with ASCII letters compared without case.
    constexpr bool literal_icase(std::string_view literal) {
        if (!starts_with_icase(rest(), literal)) return false;
        at_ += literal.size();
        return true;
    }

    /// The first of `literals` the text goes on with (compared as literal_icase), consumed;
    /// empty when none.
    template <class Literals>
    constexpr std::string_view any_icase(const Literals& literals) {
        for (const std::string_view literal : literals) {
            if (literal_icase(literal)) return literal;
        }
        return {};
    }

    /// Consumes `c` when it comes next.
    constexpr bool one(char c) {
        if (peek() != c || done()) return false;
        ++at_;
        return true;
    }

    /// Between `least` and `most` ASCII digits, as many as there are; empty (and nothing
    /// consumed) when fewer than `least`.
    constexpr std::string_view digits(std::size_t least = 1, std::size_t most = SIZE_MAX) {
        std::size_t end = at_;
        while (end < text_.size() && end - at_ < most && is_ascii_digit(text_[end])) ++end;
        if (end - at_ < least) return {};
        const std::string_view found = text_.substr(at_, end - at_);
        at_ = end;
        return found;
    }

    /// The bytes up to (not including) the first whitespace or byte of `stops`, consumed.
    constexpr std::string_view word(std::string_view stops = {}) {
        std::size_t end = at_;
        while (end < text_.size() && !is_ascii_space(text_[end]) &&
               stops.find(text_[end]) == std::string_view::npos)
            ++end;
        const std::string_view found = text_.substr(at_, end - at_);
        at_ = end;
        return found;
    }

  private:
    std::string_view text_;
    std::size_t at_;
};

}  // namespace polsearch::detail
