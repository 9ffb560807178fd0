#include "analysis/lexicon.h"

#include "analysis/lexicon_format.h"

// The generated file, compiled in by common/CMakeLists.txt (lexicon_data.cpp).
extern "C" const unsigned char polsearch_lexicon_begin[];
extern "C" const unsigned char polsearch_lexicon_end[];

namespace polsearch {
namespace {

namespace fmt = lexicon_format;

const fmt::Dawg& automaton(std::uint32_t which) {
    static const fmt::Dawg automata[fmt::automaton_count] = {
        fmt::open_dawg(polsearch_lexicon_begin, lexicon_bytes(), fmt::russian_words),
        fmt::open_dawg(polsearch_lexicon_begin, lexicon_bytes(), fmt::russian_lemmas),
        fmt::open_dawg(polsearch_lexicon_begin, lexicon_bytes(), fmt::kazakh_words),
        fmt::open_dawg(polsearch_lexicon_begin, lexicon_bytes(), fmt::english_words),
    };
    return automata[which];
}

}  // namespace

std::size_t lexicon_bytes() {
    return static_cast<std::size_t>(polsearch_lexicon_end - polsearch_lexicon_begin);
}

bool lexicon_has(LexiconLanguage language, std::string_view lower_case_word) {
    switch (language) {
        case LexiconLanguage::russian:
            return automaton(fmt::russian_words).contains(lower_case_word);
        case LexiconLanguage::kazakh:
            return automaton(fmt::kazakh_words).contains(lower_case_word);
        case LexiconLanguage::english:
            return automaton(fmt::english_words).contains(lower_case_word);
    }
    return false;
}

namespace {

// The codes that follow `word` and the separator in the lemma automaton (class first, then the
// lemmas by rank), each made into its lemma: out(mark, lemma).
template <typename Out>
void lemma_codes(std::string_view word, Out&& out) {
    if (word.empty() || word.find(fmt::lemma_separator) != std::string_view::npos) return;
    const fmt::Dawg& dawg = automaton(fmt::russian_lemmas);
    if (dawg.empty()) return;
    bool final = false;
    std::uint32_t state = dawg.walk(dawg.root(), word, final);
    if (state == 0) return;
    state = dawg.walk(state, std::string_view(&fmt::lemma_separator, 1), final);
    if (state == 0) return;
    dawg.completions(state, [&](std::string_view code) {
        if (code.size() < 2) return;
        const std::size_t cut = static_cast<unsigned char>(code[1]) - fmt::cut_base;
        if (cut > word.size()) return;
        std::string lemma(word.substr(0, word.size() - cut));
        lemma.append(code.substr(2));
        out(static_cast<unsigned char>(code[0]), std::move(lemma));
    });
}

}  // namespace

std::vector<std::string> russian_lemmas(std::string_view word) {
    std::vector<std::string> lemmas;
    lemma_codes(word, [&](unsigned char mark, std::string lemma) {
        if (mark != fmt::class_marker) lemmas.push_back(std::move(lemma));
    });
    return lemmas;
}

std::string russian_lemma_class(std::string_view word) {
    std::string name;
    lemma_codes(word, [&](unsigned char mark, std::string lemma) {
        if (mark == fmt::class_marker) name = std::move(lemma);
    });
    return name;
}

}  // namespace polsearch
