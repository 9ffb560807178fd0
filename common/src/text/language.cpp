#include "polsearch/language.h"

#include <algorithm>
#include <cctype>

namespace polsearch {

std::string_view language_code(Language language) {
    switch (language) {
        case Language::en:
            return "en";
        case Language::ru:
            return "ru";
        case Language::kk:
            return "kk";
        case Language::unknown:
            break;
    }
    return "";
}

std::optional<Language> parse_language(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "en" || lower == "eng" || lower == "english") return Language::en;
    if (lower == "ru" || lower == "rus" || lower == "russian") return Language::ru;
    if (lower == "kk" || lower == "kaz" || lower == "kazakh") return Language::kk;
    return std::nullopt;
}

std::optional<Language> language_from_tag(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(";,", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (auto language = parse_language(item)) return language;
        const std::size_t region = item.find_first_of("-_");
        if (region != std::string_view::npos) {
            if (auto language = parse_language(item.substr(0, region))) return language;
        }
        start = end + 1;
    }
    return std::nullopt;
}

}  // namespace polsearch
