#include "search/query_expansion.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <iterator>

#include "analysis/dictionary.h"
#include "analysis/language_detector.h"
#include "analysis/stopwords.h"
#include "index/name_terms.h"
#include "index/schema.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace polsearch {

void QueryExpansion::add_kazakh_spelling(const std::string& word, std::vector<std::string>& out) {
    const std::string form = kazakh_cyrillic_form(word);
    if (form.empty()) {
        for (const std::string& stem : kazakh_key_stems(kazakh_search_key(word)))
            out.push_back(kazakh_key_term(stem));
        return;
    }
    std::string term = analyzer_.match_term_in(form, Language::kk);
    if (std::find(out.begin(), out.end(), term) == out.end()) out.push_back(std::move(term));
}

bool QueryExpansion::respelt_as_kazakh(const AnalyzedWord& word) const {
    if (word.language == Language::en) return latin_kazakh_;
    if (word.language == Language::unknown) return false;
    // A Russian word is no Kazakh word's spelling: a word without Kazakh letters only when the
    // query reads as Kazakh.
    return (plain_kazakh_ || has_kazakh_letter(word.word)) && !kazakh_word_seen(word.word);
}

std::vector<std::string> QueryExpansion::kazakh_cyrillic_words(
    std::vector<AnalyzedWord>::const_iterator first,
    std::vector<AnalyzedWord>::const_iterator end) const {
    std::vector<std::string> cyrillic;
    bool respelt = false;
    for (auto word = first; word != end; ++word) {
        std::string form;
        if (respelt_as_kazakh(*word)) {
            form = kazakh_cyrillic_word(kazakh_latin_spelling(*word));
            respelt = true;
        } else if (word->language != Language::en) {
            form = word->word;
        }
        if (form.empty()) return {};
        cyrillic.push_back(std::move(form));
    }
    if (!respelt) return {};
    return cyrillic;
}

std::vector<std::string> QueryExpansion::alternatives(const AnalyzedWord& word) {
    std::vector<std::string> out;
    if (word.language == Language::unknown) {
        out.push_back(word.word);
    } else if (word.language == Language::en) {
        out.push_back(analyzer_.match_term_in(word.word, word.language));
        // Kazakh typed in Latin letters: the Cyrillic word it spells, as a Cyrillic query asks.
        if (respelt_as_kazakh(word)) add_kazakh_spelling(kazakh_latin_spelling(word), out);
        // A Cyrillic word in Latin look-alikes (CCCP for СССР: a Latin font, the wrong
        // keyboard): also that word, when it is a Russian or Kazakh word and no English one
        // (cope stays cope). Text does this by its other words (analyzer.h); a query word
        // stands alone. English is asked first: its dictionary loads fastest.
        if (const std::string cyrillic = lookalikes_in(word.word, Script::cyrillic);
            !cyrillic.empty() && !english_dictionary_has(word.word) &&
            russian_or_kazakh_word(cyrillic)) {
            for (const Language language : {Language::ru, Language::kk}) {
                std::string term = analyzer_.match_term_in(cyrillic, language);
                if (std::find(out.begin(), out.end(), term) == out.end())
                    out.push_back(std::move(term));
            }
        }
    } else {
        if (has_kazakh_letter(word.word)) {
            out.push_back(analyzer_.match_term_in(word.word, word.language));
        } else {
            // Without a Kazakh letter: Russian or Kazakh, we cannot tell from one word.
            out.push_back(analyzer_.match_term_in(word.word, Language::ru));
            const std::string kazakh = analyzer_.match_term_in(word.word, Language::kk);
            if (kazakh != out.front()) out.push_back(kazakh);
        }
        // A spelling running text does not have: Kazakh typed on a Russian keyboard (жумсак
        // for жұмсақ), with some of its letters (кұш for күш), or a word the stemmer misses.
        if (respelt_as_kazakh(word)) add_kazakh_spelling(word.word, out);
    }
    return out;
}

namespace {

// Whether a Cyrillic query word may be Kazakh: it has a Kazakh letter, Kazakh text has it or a
// word it spells without Kazakh letters (жумсак for жұмсақ, тауларын for таулары), or the
// Kazakh dictionary has it.
bool may_be_kazakh(const std::string& word) {
    return has_kazakh_letter(word) || kazakh_word_seen(word) ||
           !kazakh_cyrillic_form(word).empty() || kazakh_dictionary_has(word);
}

// Two letters or more, all of them capitals (KSRO, BŪŪ).
bool all_capitals(std::string_view text) {
    std::size_t letters = 0;
    for (const char32_t c : utf8_decode(text)) {
        if (!u_isalpha(static_cast<UChar32>(c))) continue;
        if (!u_isupper(static_cast<UChar32>(c))) return false;
        ++letters;
    }
    return letters >= 2;
}

}  // namespace

void QueryExpansion::read_kazakh_spellings(std::string_view query) {
    if (query == kazakh_spellings_of_) return;  // build_plain read them for the same text
    kazakh_spellings_of_.assign(query);
    // Latin words: letters only Kazakh Latin has (2021, 2018; a q not followed by u, as the
    // detector counts it: query and technique are English), an apostrophe after a letter
    // (2017), or most of them being Kazakh words seen in text (plain keyboard: "jumsaq kushi"),
    // or else more of them being forms of such words and no English words than English words.
    // Cyrillic words: most of those that say anything say Kazakh. A word says Kazakh when it
    // may be Kazakh and is no Russian word, Russian when it is a Russian word and may not be
    // Kazakh (сила, обучение), nothing when it is both (интеграция; эти, which spells еті) or
    // neither (a name). Of the 836 words of sample_corpus's Russian abstracts, 68 counted for
    // Kazakh when only Kazakh text was asked; with the dictionaries 11 do (Актау, Нурлы:
    // Kazakh names) and 721 count for Russian.
    bool latin_marked = false;
    latin_kazakh_words_.clear();
    latin_other_words_.clear();
    std::vector<std::pair<std::string, bool>> cyrillic;  // a word, whether it may be Kazakh
    const std::vector<AnalyzedWord> words = analyzer_.analyze(query, Language::unknown).words;
    // An abbreviation or a number with a Kazakh case ending after a hyphen (KSRO-da, BUU-nyng,
    // 2020-da): a mark of Kazakh in plain letters, for both parts. English puts no case ending
    // there, and a head in capitals or digits keeps out log-in and top-ten.
    std::vector<bool> kazakh_pair(words.size());
    for (std::size_t i = 1; i < words.size(); ++i) {
        const AnalyzedWord& head = words[i - 1];
        if (!head.hyphen_to_next || words[i].language != Language::en ||
            (!head.is_number && !all_capitals(query.substr(head.begin, head.end - head.begin))) ||
            !kazakh_case_ending_key(kazakh_search_key(words[i].word))) {
            continue;
        }
        kazakh_pair[i - 1] = kazakh_pair[i] = true;
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const AnalyzedWord& word = words[i];
        if (word.language == Language::en) {
            const bool marked = has_kazakh_latin_letter(word.word) ||
                                has_2017_apostrophe(word.word) || kazakh_pair[i];
            latin_marked = latin_marked || marked;
            if (marked || kazakh_key_attested(kazakh_search_key(kazakh_latin_spelling(word)))) {
                latin_kazakh_words_.push_back(word.word);
            } else {
                latin_other_words_.push_back(word.word);
            }
        } else if (word.language == Language::ru || word.language == Language::kk) {
            if (is_stopword(word.word, Language::ru)) continue;  // в, и, на: in Kazakh text too
            cyrillic.emplace_back(word.word, may_be_kazakh(word.word));
        }
    }
    latin_kazakh_ = latin_marked || latin_kazakh_words_.size() > latin_other_words_.size();
    if (!latin_kazakh_) {
        // A Latin word the word list has not seen as it is may be a form of one it has seen
        // (natizhelerin: нәтиже; parlamentterindegi: парламенттері), and words the dictionaries
        // know neither as Kazakh nor English (rare names and terms) say nothing: the words that may
        // be Kazakh then decide against those that are English, as for the query's language.
        const auto unseen = std::stable_partition(
            latin_other_words_.begin(), latin_other_words_.end(),
            [](const std::string& word) { return kazakh_cyrillic_form(word).empty(); });
        std::move(unseen, latin_other_words_.end(), std::back_inserter(latin_kazakh_words_));
        latin_other_words_.erase(unseen, latin_other_words_.end());
        latin_kazakh_ = !latin_kazakh_words_.empty() && latin_words_say_kazakh();
    }
    // Russian's dictionary is asked only when it may change the answer (loading it takes a
    // one-shot program about 150 ms): not without a word that may be Kazakh, nor when the
    // words with a Kazakh letter outnumber those that may not be Kazakh.
    const auto may_be = static_cast<std::size_t>(std::count_if(
        cyrillic.begin(), cyrillic.end(), [](const auto& word) { return word.second; }));
    const auto lettered = static_cast<std::size_t>(
        std::count_if(cyrillic.begin(), cyrillic.end(),
                      [](const auto& word) { return has_kazakh_letter(word.first); }));
    plain_kazakh_ = may_be > 0 && lettered > cyrillic.size() - may_be;
    if (may_be == 0 || plain_kazakh_) return;
    std::size_t kazakh = 0, russian = 0;
    for (const auto& [text, maybe_kazakh] : cyrillic) {
        const bool is_russian = !has_kazakh_letter(text) && russian_dictionary_has(text);
        if (maybe_kazakh && !is_russian) ++kazakh;
        if (is_russian && !maybe_kazakh) ++russian;
    }
    plain_kazakh_ = kazakh > russian;
}

bool QueryExpansion::latin_words_say_kazakh() const {
    std::size_t kazakh = 0;
    for (const std::string& word : latin_kazakh_words_) {
        if (!english_dictionary_has(word)) ++kazakh;
    }
    std::size_t english = 0;
    for (const std::string& word : latin_other_words_) {
        if (english_dictionary_has(word)) ++english;
    }
    return kazakh > english;
}

Language QueryExpansion::query_language(std::string_view query) {
    const Language detected = detect_language(query);
    if (detected == Language::en) {
        // Kazakh in plain Latin letters (jumsaq kush, zhumsak kush) reads as English to the
        // detector. As for Cyrillic words above, a Latin word says Kazakh when it may be Kazakh
        // and is no English word (jumsaq), English when it is an English word and may not be
        // Kazakh (war, reform), nothing when it is both (kush, bank, Iraq) or neither. The
        // dictionary is asked only when it may change the answer.
        read_kazakh_spellings(query);
        if (!latin_kazakh_) return detected;
        return latin_words_say_kazakh() ? Language::kk : detected;
    }
    if (detected != Language::ru) return detected;
    // Kazakh typed without its letters has neither Kazakh letters nor, often, function words,
    // so the detector reads it as Russian; the query reads it as Kazakh (жумсак куш).
    read_kazakh_spellings(query);
    return plain_kazakh_ ? Language::kk : Language::ru;
}

namespace {
bool is_skeleton_term(const std::string& term) {
    return term.starts_with(schema::latin_skeleton_prefix) ||
           term.starts_with(schema::cyrillic_skeleton_prefix);
}
}  // namespace

QueryExpansion::Expansions QueryExpansion::expand(
    const std::vector<std::vector<std::string>>& plain_words,
    const std::vector<std::vector<std::string>>& plain_names, const std::vector<bool>& capitalised,
    const std::function<Xapian::Query(const std::string&)>& in_any_field,
    const std::function<Xapian::Query(const std::string&)>& leaf) const {
    // Concepts named in the plain words also match their labels in the other languages.
    Expansions out;
    std::vector<bool> in_concept(plain_words.size(), false);
    if (thesaurus_) {
        for (std::size_t start = 0; start < plain_words.size();) {
            std::size_t end = start;
            while (end < plain_words.size() && !plain_words[end].empty()) ++end;
            const std::vector<std::vector<std::string>> run(plain_words.begin() + start,
                                                            plain_words.begin() + end);
            for (const ConceptMatch& match : thesaurus_->find(run)) {
                for (std::size_t k = match.first; k <= match.last; ++k)
                    in_concept[start + k] = true;
                for (const ThesaurusLabel& label : match.entry->labels) {
                    if (label.language == match.label->language) continue;
                    std::vector<Xapian::Query> words;
                    for (const std::string& term : label.terms) {
                        out.terms.push_back(term);
                        words.push_back(in_any_field(term));
                    }
                    out.queries.emplace_back(Xapian::Query::OP_AND, words.begin(), words.end());
                }
            }
            start = end + 1;
        }
    }
    // The other plain words of Russian or English (translations.h): the words of the other
    // language that translate them (власть: power, authority ...), for the general words that
    // no concept covers, at the thesaurus's weight. A word's translations are one synonym, one
    // word for BM25, as the word itself is: a word with many translations weighs no more than
    // one with a few (xquad-ru2en-dev nDCG@10 0.796 against 0.740 as an OR; docs/design.md).
    // Only into a language some record is written in: an English query over English records
    // asks for no Russian term (each would cost a lookup, and match nothing).
    const auto records_in = [&](Language language) {
        return !leaf(schema::boolean_term(schema::language_prefix, language_code(language)))
                    .empty();
    };
    const bool translating = translations_ && !translations_->empty();
    const bool to_english = translating && records_in(Language::en);
    const bool to_russian = translating && records_in(Language::ru);
    if (to_english || to_russian) {
        for (std::size_t i = 0; i < plain_words.size(); ++i) {
            if (plain_words[i].empty() || in_concept[i]) continue;
            std::vector<std::string> terms;
            const auto add = [&](const std::vector<std::string_view>& translated) {
                for (const std::string_view term : translated) {
                    if (std::find(terms.begin(), terms.end(), term) == terms.end())
                        terms.emplace_back(term);
                }
            };
            for (const std::string& term : plain_words[i]) {
                if (to_english) add(translations_->english_of(term));
                if (to_russian) add(translations_->russian_of(term));
            }
            std::vector<Xapian::Query> words;
            for (const std::string& term : terms) {
                out.terms.push_back(term);
                out.translated.push_back(term);
                words.push_back(in_any_field(term));
            }
            if (!words.empty())
                out.queries.emplace_back(Xapian::Query::OP_SYNONYM, words.begin(), words.end());
        }
    }
    // Other plain words may be names written in the other script (name_key.h): Назарбаев
    // also finds Nazarbayev, at the weight of the thesaurus's labels. A query read as Kazakh in
    // Latin letters reaches Cyrillic text through its search keys already. A word written with
    // a capital, as names are, whose keys are in no record, looks for its name skeleton:
    // Пэнтерс finds Panthers.
    {
        for (std::size_t i = 0; i < plain_names.size(); ++i) {
            if (plain_names[i].empty() || in_concept[i]) continue;
            if (latin_kazakh_ && script_of(plain_names[i].front()) == Script::latin) continue;
            std::vector<std::string> terms;
            for (const std::string& spelling : plain_names[i]) {
                const bool skeletons = i < capitalised.size() && capitalised[i];
                for (std::string& term : other_script_name_terms(spelling, skeletons)) {
                    if (std::find(terms.begin(), terms.end(), term) == terms.end())
                        terms.push_back(std::move(term));
                }
            }
            // One word, one weight: its spellings' and its base's keys are one synonym.
            std::vector<Xapian::Query> leaves;
            bool key_found = false;
            for (const std::string& term : terms) {
                if (is_skeleton_term(term)) continue;
                out.terms.push_back(term);
                leaves.push_back(leaf(term));
                if (!leaves.back().empty()) key_found = true;
            }
            // The looser skeleton only when no key is in the database: Мирзиёев finds
            // Mirziyoyev, not Mirzaev too.
            for (const std::string& term : terms) {
                if (!is_skeleton_term(term) || key_found) continue;
                out.terms.push_back(term);
                leaves.push_back(leaf(term));
            }
            if (!leaves.empty())
                out.queries.emplace_back(Xapian::Query::OP_SYNONYM, leaves.begin(), leaves.end());
        }
    }
    return out;
}

}  // namespace polsearch
