// The languages polsearch analyses: English, Russian and Kazakh, by ISO 639-1 code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace polsearch {

enum class Language { unknown, en, ru, kk };

/// "en", "ru", "kk", or "" for unknown.
std::string_view language_code(Language language);

/// Parses "en", "ru", "kk" and their ISO 639-2/3 and English names (eng, rus, kaz, english,
/// russian, kazakh), case-insensitively. Returns nullopt for anything else.
std::optional<Language> parse_language(std::string_view text);

/// The language of a tag as metadata writes it: a code or name (parse_language), a locale
/// ("en-US", "ru_RU", "kk-KZ"), or a list of them ("Russian; English": the first that is one of
/// ours). nullopt when none is.
std::optional<Language> language_from_tag(std::string_view text);

}  // namespace polsearch
