// The name terms of the index. Names in the text meet across scripts: a capitalised word of a
// title, abstract or keyword is also indexed under the name key (analysis/name_key.h) of its
// base, with a prefix for its script (schema.h: latin_name_prefix, cyrillic_name_prefix), and
// a query word looks for the key in the other script only, so that Назарбаев finds
// Nazarbayev's and Nazarbayev finds Назарбаевтың without touching how words of the query's own
// script match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/name_key.h"
#include "polsearch/language.h"

namespace polsearch {

/// The name terms of a capitalised word of a text in `language` (normalised `word`): the
/// script's prefix + the name key of the word, and of its base where that differs (Ирина may
/// be Irina, not only Irin), each followed by the script's skeleton prefix + its name
/// skeleton where it has one; none for a word of neither script, a number or a stopword.
std::vector<std::string> text_name_terms(std::string_view word, Language language);

/// Whether a word of an analysed `text` is written there with a capital, as names are.
bool written_capitalised(const AnalyzedWord& word, std::string_view text);

/// The name terms of a word of an analysed `text` (text_name_terms of each of its
/// name_spellings) when it is capitalised there and no number; none otherwise. Indexing and
/// snippets both ask this, so that a snippet marks what was indexed.
std::vector<std::string> text_name_terms(const AnalyzedWord& word, std::string_view text);

/// The name terms of the other script that a query word (normalised) may stand for: for a
/// Cyrillic word, the Latin-script terms of the word and of its Russian and Kazakh bases; for
/// a Latin word, the Cyrillic-script terms of the word and its base. With `skeletons`, each
/// key's skeleton term after it (QueryExpansion looks for them when the keys find nothing
/// and the word was written with a capital, as names are). None for
/// numbers, stopwords and words under three letters.
std::vector<std::string> other_script_name_terms(std::string_view word, bool skeletons = false);

}  // namespace polsearch
