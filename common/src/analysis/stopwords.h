// Stopwords: the function words of English, Russian and Kazakh (the, в, және) that a query
// leaves out, since every record has them and they set none apart; with BM25 they only add
// noise to long questions. Records keep every word, so phrases still match them. The lists
// are common/data/stopwords.txt, compiled into the library.
#pragma once

#include <string_view>

#include "polsearch/language.h"

namespace polsearch {

/// Whether `word`, normalised as AnalyzedWord::word is (lower case, ё as е), is a stopword of
/// `language`; false for Language::unknown.
bool is_stopword(std::string_view word, Language language);

}  // namespace polsearch
