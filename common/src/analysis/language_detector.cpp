#include "analysis/language_detector.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analysis/dictionary.h"
#include "kazakh/kazakh_stemmer.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"

namespace polsearch {
namespace {

// Frequent Kazakh words written without Kazakh-only letters, and frequent Russian words that
// are not Kazakh words. General-language lists, not fitted to any evaluation data.
constexpr std::array kazakh_function_words = {
    "мен",      "бен",    "пен",     "деп",      "осы", "бойынша", "туралы", "жылы", "бар",
    "сол",      "ол",     "болып",   "болды",    "еді", "екен",    "емес",   "тек",  "сияқты",
    "арасында", "саясат", "саясаты", "мемлекет", "ел",  "елдер",   "бола",   "деген"};
constexpr std::array russian_function_words = {
    "и",       "в",     "на",   "не",  "что",   "с",     "по",  "для", "как",   "это",
    "из",      "к",     "от",   "при", "или",   "его",   "их",  "так", "также", "был",
    "была",    "были",  "быть", "но",  "а",     "о",     "об",  "со",  "во",    "который",
    "которые", "этого", "этих", "чем", "между", "после", "под", "над", "то",    "же"};

template <typename List>
bool in_list(const List& list, const std::string& word) {
    for (const char* entry : list) {
        if (word == entry) return true;
    }
    return false;
}

}  // namespace

bool has_kazakh_latin_letter(std::string_view word) {
    static constexpr std::string_view marks[] = {"ä", "ğ", "ı", "ñ", "ö", "ū", "ü",
                                                 "ş", "á", "ǵ", "ń", "ó", "ú", "ý"};
    for (const std::string_view mark : marks)
        if (word.find(mark) != std::string_view::npos) return true;
    for (std::size_t q = word.find('q'); q != std::string_view::npos; q = word.find('q', q + 1))
        if (q + 1 == word.size() || word[q + 1] != 'u') return true;
    return false;
}

bool is_latin_kazakh_text(std::string_view text) {
    return is_latin_kazakh_text(text, segment(text));
}

bool has_2017_apostrophe(std::string_view word) {
    static constexpr std::string_view clitics[] = {"'s", "'t", "'m", "'re", "'ve", "'ll", "'d"};
    for (const std::string_view clitic : clitics) {
        if (word.size() > clitic.size() && word.ends_with(clitic)) {
            word.remove_suffix(clitic.size());
            break;
        }
    }
    return word.find('\'') != std::string_view::npos;
}

bool is_latin_kazakh_text(std::string_view text, const std::vector<Token>& tokens) {
    std::size_t latin = 0;
    std::size_t marked = 0;
    for (const Token& token : tokens) {
        if (token.script != Script::latin || token.is_number) continue;
        ++latin;
        const std::string word = normalize_word(token.text(text));
        if (has_kazakh_latin_letter(word) || has_2017_apostrophe(word)) ++marked;
    }
    if (latin <= 2) return latin > 0 && marked == latin;
    return marked >= 2 && marked * 10 >= latin * 4;
}

Language detect_language(std::string_view text) {
    const LetterCounts letters = count_letters(text);
    if (letters.latin == 0 && letters.cyrillic == 0) return Language::unknown;
    if (letters.latin > letters.cyrillic)
        return is_latin_kazakh_text(text) ? Language::kk : Language::en;
    // Kazakh letters make up about 10% of Kazakh text; a stray one (a Kazakh name in a Russian
    // abstract) should not flip a long Russian text.
    if (letters.kazakh > 0 &&
        (letters.kazakh * 100 >= letters.cyrillic || letters.cyrillic < 200)) {
        return Language::kk;
    }
    int kazakh_words = 0;
    int russian_words = 0;
    std::vector<std::string> words;
    for (const Token& token : segment(text)) {
        if (token.script != Script::cyrillic) continue;
        words.push_back(normalize_word(token.text(text)));
        if (in_list(kazakh_function_words, words.back())) ++kazakh_words;
        if (in_list(russian_function_words, words.back())) ++russian_words;
    }
    if (kazakh_words != russian_words)
        return kazakh_words > russian_words ? Language::kk : Language::ru;
    // No function word decides (short text: a title, a query, a line of dialogue): the words
    // that only one language's dictionary has decide (Kazakh's: the word list of Kazakh
    // running text, a form that stems to one of its words, or the Kazakh spelling dictionary).
    // Names and loanwords are in both and count for neither.
    std::vector<bool> kazakh(words.size());
    std::size_t seen = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string stem = stem_kazakh(words[i]);
        const bool in_text =
            kazakh_word_seen(words[i]) || (stem != words[i] && kazakh_stem_seen(stem));
        seen += in_text;
        kazakh[i] = in_text || kazakh_dictionary_has(words[i]);
    }
    // Without a Kazakh word it is Russian whatever Russian's dictionary says, so that is not
    // asked (loading it takes a one-shot program about 150 ms).
    if (std::find(kazakh.begin(), kazakh.end(), true) == kazakh.end()) return Language::ru;
    std::size_t kazakh_only = 0;
    std::size_t russian_only = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool russian = russian_dictionary_has(words[i]);
        if (kazakh[i] && !russian) ++kazakh_only;
        if (russian && !kazakh[i]) ++russian_only;
    }
    if (kazakh_only != russian_only)
        return kazakh_only > russian_only ? Language::kk : Language::ru;
    return seen * 2 > words.size() ? Language::kk : Language::ru;
}

}  // namespace polsearch
