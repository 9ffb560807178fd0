#include "polsearch/language.h"

#include <algorithm>
#include <cctype>

namespace polsearch {

std::string_view language_code(Language language) {
    switch (language) {
        case Language::en: return "en";
        case Language::ru: return "ru";
        case Language::kk: return "kk";
        case Language::unknown: break;
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

}  // namespace polsearch
