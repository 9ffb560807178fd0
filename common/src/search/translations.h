// Translations: word by word between Russian and English, from V. K. Mueller's
// English-Russian dictionary (7th edition, 1961; the electronic edition of S. Starostin and
// E. S. Cymbalyuk, GNU GPL 2 or later; Debian's mueller7-dict). A Russian query word that no
// concept of the thesaurus covers also matches the English words whose first senses it
// translates (власть: power, authority, rule ...), and an English one the Russian words of
// its first senses, below the query's own words (query_expansion.h): so that a Russian
// question finds an English record in its general vocabulary too, not only through the
// thesaurus's political-science concepts. Kazakh has no such dictionary in Debian.
//
// The dictionary is read and analysed at build time (polsearch-make-translations writes two
// sorted tables of match terms, compiled in); looking a word up reads them in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"

namespace polsearch {

/// How many senses of an English headword give translations: the first ones, where the
/// dictionary puts a word's common meanings (power: сила, мощность ...; могущество, власть
/// ...; полномочие), before the rare and figurative ones.
inline constexpr std::size_t translation_senses = 3;

/// The one-word Russian translations of the first `senses` senses of a Mueller entry's body
/// (the lines after its headword): its numbered senses ("1) сила; мощность, энергия; by
/// power ..."), without transcriptions, grammar marks (_n.), notes in parentheses, or
/// examples (which begin with an English word), in order, each once, as written.
std::vector<std::string> mueller_translations(std::string_view body,
                                              std::size_t senses = translation_senses);

/// The two tables, as lines "KEY\tTERM TERM ...\n" sorted by KEY (bytes): the Russian match
/// terms of one-word translations, each with the English match terms of the headwords it
/// translates; and the English headwords' match terms, each with its translations' Russian
/// match terms. Stopwords are left out on both sides.
struct TranslationTables {
    std::string russian_english;
    std::string english_russian;
    std::size_t headwords = 0;  ///< English headwords with at least one translation kept
};

/// The tables of a dictionary in dictd's text form (the .dict file, unzipped: a headword on a
/// line of its own, its body on indented lines), analysed by `analyzer`. Headwords of more
/// than one word, and the dictionary's own entries (00-database-..., _abbreviations), are
/// left out.
TranslationTables make_translation_tables(std::string_view dictionary, Analyzer& analyzer);

/// Where each line of a table starts (what a lookup searches through).
std::vector<std::uint32_t> line_starts(std::string_view table);

class Translations {
  public:
    /// Mueller's dictionary as built in (translations_compiled.cpp, with the tables' line
    /// starts: looking a word up costs a search, and loading nothing).
    static const Translations& built_in();

    /// Over two tables as make_translation_tables writes them (not copied: they must outlive
    /// this object).
    Translations(std::string_view russian_english, std::string_view english_russian);
    /// The same with the tables' line_starts already known (not copied either).
    Translations(std::string_view russian_english, std::span<const std::uint32_t> russian_lines,
                 std::string_view english_russian, std::span<const std::uint32_t> english_lines);
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    /// The English match terms ("Z" + stem) of the words the Russian match term translates
    /// ("Zвласть" → "Zauthor", "Zpower" ...), or none.
    std::vector<std::string_view> english_of(std::string_view russian_term) const;
    /// The Russian match terms of an English match term's translations, or none.
    std::vector<std::string_view> russian_of(std::string_view english_term) const;

    bool empty() const { return russian_english_.lines.empty(); }

  private:
    struct Table {
        std::string_view text;
        std::vector<std::uint32_t> scanned;  ///< line_starts(text), unless given
        std::span<const std::uint32_t> lines;
        explicit Table(std::string_view table);
        Table(std::string_view table, std::span<const std::uint32_t> starts);
        Table(const Table&) = delete;
        Table& operator=(const Table&) = delete;
        std::vector<std::string_view> find(std::string_view key) const;
    };
    Table russian_english_;
    Table english_russian_;
};

}  // namespace polsearch
