#include "analysis/analyzer.h"

#include <optional>

#include "analysis/dictionary.h"
#include "analysis/language_detector.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "text/normalizer.h"

namespace polsearch {

std::string kazakh_key_term(const std::string& key) {
    std::string term;
    term.append(stem_prefix).append(kazakh_key_marker).append(key);
    return term;
}

bool russian_or_kazakh_word(const std::string& word) {
    return russian_dictionary_has(word) || kazakh_word_seen(word) || kazakh_dictionary_has(word);
}

namespace {

// A word written wholly in look-alikes of the script its text is in takes that script: in
// Russian or Kazakh text, a Latin "cop" that is a word of theirs (сор; a Latin c for the
// preposition с); in English text, a Cyrillic "соре" that is none of theirs (cope). Other
// words (Expo in a Russian text, сор in an English one) stay as written.
void adopt_text_script(std::string& word, Script& script, Script text_script) {
    if (script == text_script || script == Script::other) return;
    std::string other = lookalikes_in(word, text_script);
    if (other.empty()) return;
    if (script == Script::latin && !russian_or_kazakh_word(other)) return;
    if (script == Script::cyrillic && russian_or_kazakh_word(word)) return;
    word = std::move(other);
    script = text_script;
}

// Roman numerals (XX ғасыр, ХІХ ғасыр) are typed in either alphabet: a word of Latin or
// Cyrillic i and x only. (Asked of every word: bytes, no decoding.)
bool roman_numeral_lookalike(std::string_view word) {
    if (word.empty()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] == 'i' || word[i] == 'x') continue;
        // і U+0456 and х U+0445 in UTF-8: D1 96, D1 85.
        if (word[i] == '\xD1' && i + 1 < word.size() &&
            (word[i + 1] == '\x96' || word[i + 1] == '\x85')) {
            ++i;
            continue;
        }
        return false;
    }
    return true;
}

// The script most of a text's letters are in (counted over its words of one script),
// Script::other on a tie or without letters.
Script script_of_text(std::string_view text, const std::vector<Token>& tokens) {
    std::size_t latin = 0, cyrillic = 0;
    for (const Token& token : tokens) {
        if (token.script != Script::latin && token.script != Script::cyrillic) continue;
        std::size_t letters = 0;  // code points: the bytes that do not continue one
        for (const char c : token.text(text))
            letters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        (token.script == Script::latin ? latin : cyrillic) += letters;
    }
    if (latin > cyrillic) return Script::latin;
    if (cyrillic > latin) return Script::cyrillic;
    return Script::other;
}

}  // namespace

std::string Analyzer::match_term_in(const std::string& word, Language stem_language) {
    if (stem_language == Language::unknown) return word;
    std::string term(stem_prefix);
    term += stemmer_.stem(stem_language, word);
    return term;
}

std::string kazakh_latin_spelling(const AnalyzedWord& word) {
    if (!word.apostrophe_after || word.word.empty() ||
        std::string_view("aginosuyc").find(word.word.back()) == std::string_view::npos) {
        return word.word;
    }
    return word.word + '\'';
}

bool Analyzer::analyze_latin_kazakh(AnalyzedWord& word) {
    const std::string spelling = kazakh_latin_spelling(word);
    word.cyrillic_word = kazakh_cyrillic_word(spelling);
    // The word itself, else the longest of its stems that was seen (one lookup when found).
    const std::string cyrillic =
        word.cyrillic_word.empty() ? kazakh_cyrillic_form(spelling) : word.cyrillic_word;
    if (!cyrillic.empty()) {
        // Indexed as the Cyrillic word it spells: Cyrillic queries find it by its stem.
        word.language = Language::kk;
        word.match_term = match_term_in(cyrillic, Language::kk);
        word.key_term =
            kazakh_key_term(kazakh_search_key(word.match_term.substr(stem_prefix.size())));
        return true;
    }
    if (has_kazakh_latin_letter(word.word)) {
        // A Kazakh word not in the word list: only by its search key, as Latin queries ask.
        word.language = Language::kk;
        word.key_term = kazakh_key_term(kazakh_search_key(spelling));
        word.match_term = word.key_term;
        return true;
    }
    word.cyrillic_word.clear();
    return false;  // an English word in Kazakh text ("soft power"): stemmed as English
}

Analysis Analyzer::analyze(std::string_view text, Language language) {
    Analysis analysis;
    const std::vector<Token> tokens = segment(text);
    // Kazakh in Latin letters: its words are looked up as the Cyrillic words they spell.
    const bool latin_kazakh = language == Language::kk && is_latin_kazakh_text(text, tokens);
    analysis.words.reserve(tokens.size());
    std::optional<Script> text_script;  // asked for on the first word with letters
    for (const Token& token : tokens) {
        AnalyzedWord word;
        word.begin = token.begin;
        word.end = token.end;
        Script script = token.script;
        // A word that mixes scripts in capitals (MBД) is repaired before case folding.
        word.word = script == Script::mixed
                        ? normalize_word(repair_capital_homoglyphs(token.text(text)))
                        : normalize_word(token.text(text));
        // NFKC spells a few letters as a space and a combining mark (ͺ U+037A, the isolated
        // Arabic vowel signs U+FE70–FE7F): a word's terms have no space.
        std::erase(word.word, ' ');
        if (script == Script::mixed) {
            word.word = repair_homoglyphs(word.word);
            script = script_of(word.word);
        }
        if (!token.is_number && roman_numeral_lookalike(word.word)) {
            // In Latin letters wherever it is written, so that ХХ and XX meet.
            if (script != Script::latin) {
                word.word = lookalikes_in(word.word, Script::latin);
                script = Script::latin;
            }
        } else if (!token.is_number && script != Script::other && only_lookalikes(word.word)) {
            if (!text_script) text_script = script_of_text(text, tokens);
            adopt_text_script(word.word, script, *text_script);
        }
        word.is_number = token.is_number;
        word.hyphen_to_next = token.hyphen_to_next;
        word.apostrophe_after = token.apostrophe_after;
        if (word.word.empty() || word.word.size() > max_word_bytes) {
            // A dropped word must not leave its neighbour joined to whatever comes next.
            if (!analysis.words.empty() && analysis.words.back().end <= token.begin) {
                analysis.words.back().hyphen_to_next = false;
            }
            continue;
        }
        if (!token.is_number) {
            word.language = stem_language(script, language, word.word);
        }
        if (latin_kazakh && script == Script::latin && !token.is_number &&
            analyze_latin_kazakh(word)) {
            analysis.words.push_back(std::move(word));
            continue;
        }
        word.match_term = match_term_in(word.word, word.language);
        if (word.language == Language::kk) {
            word.key_term =
                kazakh_key_term(kazakh_search_key(word.match_term.substr(stem_prefix.size())));
        }
        analysis.words.push_back(std::move(word));
    }
    for (std::size_t i = 0; i < analysis.words.size();) {
        std::size_t last = i;
        while (analysis.words[last].hyphen_to_next) ++last;
        if (last > i) {
            AnalyzedCompound compound;
            compound.first = i;
            compound.last = last;
            for (std::size_t k = i; k <= last; ++k) compound.word += analysis.words[k].word;
            if (compound.word.size() <= max_word_bytes) {
                const AnalyzedWord& head = analysis.words[i];
                Language compound_language = head.language;
                if (compound_language == Language::unknown) {
                    // "2020-жылы", "55-ші": the language of the first part with letters.
                    for (std::size_t k = i; k <= last; ++k) {
                        if (analysis.words[k].language != Language::unknown) {
                            compound_language = analysis.words[k].language;
                            break;
                        }
                    }
                }
                compound.language = compound_language;
                if (latin_kazakh && script_of(compound.word) == Script::latin) {
                    // Kazakh in Latin letters (BŪŪ-nyñ): read as its Latin words are.
                    AnalyzedWord joined;
                    joined.word = compound.word;
                    if (analyze_latin_kazakh(joined)) {
                        compound.match_term = std::move(joined.match_term);
                        compound.key_term = std::move(joined.key_term);
                    }
                }
                if (compound.match_term.empty()) {
                    compound.match_term = match_term_in(compound.word, compound_language);
                    if (compound_language == Language::kk) {
                        compound.key_term = kazakh_key_term(
                            kazakh_search_key(compound.match_term.substr(stem_prefix.size())));
                    }
                }
                analysis.compounds.push_back(std::move(compound));
            }
        }
        i = last + 1;
    }
    return analysis;
}

}  // namespace polsearch
