// The generators' own stand-in for the compiled translations (search/translations.h): they
// never ask for them.
#include <cstddef>
#include <cstdint>

namespace polsearch {
extern const char* const translations_russian_english;
extern const char* const translations_english_russian;
extern const std::uint32_t translations_russian_english_lines[];
extern const std::size_t translations_russian_english_line_count;
extern const std::uint32_t translations_english_russian_lines[];
extern const std::size_t translations_english_russian_line_count;
const char* const translations_russian_english = "";
const char* const translations_english_russian = "";
const std::uint32_t translations_russian_english_lines[] = {0};
const std::size_t translations_russian_english_line_count = 0;
const std::uint32_t translations_english_russian_lines[] = {0};
const std::size_t translations_english_russian_line_count = 0;
}  // namespace polsearch
