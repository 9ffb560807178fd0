#include "analysis/stopwords.h"

#include <array>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "text/normalizer.h"

namespace polsearch {

extern const char* const stopwords_text;

namespace {

using Lists = std::array<std::unordered_set<std::string>, 4>;  // by Language

Lists read_lists() {
    Lists lists;
    std::istringstream in(stopwords_text);
    std::string line;
    std::unordered_set<std::string>* current = nullptr;
    for (int number = 1; std::getline(in, line); ++number) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        for (std::string word; words >> word;) {
            if (word.size() > 2 && word.front() == '[' && word.back() == ']') {
                const auto language = parse_language(word.substr(1, word.size() - 2));
                if (!language || *language == Language::unknown) {
                    throw std::logic_error("stopwords.txt line " + std::to_string(number) +
                                           ": unknown language " + word);
                }
                current = &lists[static_cast<std::size_t>(*language)];
            } else if (!current) {
                throw std::logic_error("stopwords.txt line " + std::to_string(number) +
                                       ": a word before the first [language] line");
            } else {
                current->insert(normalize_word(word));
            }
        }
    }
    return lists;
}

}  // namespace

bool is_stopword(std::string_view word, Language language) {
    static const Lists lists = read_lists();
    if (language == Language::unknown) return false;
    return lists[static_cast<std::size_t>(language)].count(std::string(word)) > 0;
}

}  // namespace polsearch
