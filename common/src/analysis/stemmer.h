// Stemming, the last stage of analysis: reduces a normalised word to the stem that its
// inflected forms share, with Snowball's english and russian stemmers (Xapian's) and a Kazakh
// stemmer that plugs into Xapian::Stem so that indexing, queries and snippets share it.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "kazakh/kazakh_stemmer.h"
#include "polsearch/language.h"
#include "text/tokenizer.h"

namespace polsearch {

/// The stemmers of the three languages. Not thread-safe (Snowball keeps state): give each
/// thread its own.
class Stemmer {
  public:
    Stemmer();
    /// The stem of a normalised word in `language`; the word itself for Language::unknown.
    std::string stem(Language language, const std::string& word);
    /// The Xapian::Stem for `language` (english for unknown), for Xapian APIs that take one.
    const Xapian::Stem& xapian_stem(Language language) const;

  private:
    std::string russian_stem(const std::string& word);
    std::string russian_noun_stem(const std::string& word);

    Xapian::Stem english_;
    Xapian::Stem russian_;
    Xapian::Stem kazakh_;
};

/// Which language's stemmer applies to a word of `script` in a field of `field_language`:
/// Latin words are English; Cyrillic words follow the field (Russian or Kazakh), and in an
/// English or unknown field they are Kazakh when they hold a Kazakh letter, else Russian.
/// Numbers and other scripts get Language::unknown (not stemmed).
Language stem_language(Script script, Language field_language, std::string_view word);

}  // namespace polsearch
