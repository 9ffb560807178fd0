#include "search/query_builder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>

#include "analysis/dictionary.h"
#include "polsearch/error.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "analysis/language_detector.h"
#include "analysis/name_key.h"
#include "index/name_terms.h"
#include "text/normalizer.h"
#include "polsearch/record.h"
#include "index/schema.h"
#include "analysis/stopwords.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

const schema::TextField* find_text_field(std::string_view name) {
    for (const auto& field : schema::text_fields) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

// The term `term` (a word, or "Z" + stem) restricted to the field with `prefix`.
std::string in_field(std::string_view prefix, const std::string& term) {
    if (prefix.empty()) return term;
    std::string out;
    if (term.compare(0, stem_prefix.size(), stem_prefix) == 0) {
        out.append(stem_prefix).append(prefix).append(term, stem_prefix.size());
    } else {
        out.append(prefix).append(term);
    }
    return out;
}

// The one text field a clause is restricted to, nullptr for all of them.
const schema::TextField* text_field(const Clause& clause) {
    return clause.field.empty() ? nullptr : find_text_field(clause.field);
}

}  // namespace

Xapian::Query QueryBuilder::across_fields(
    const schema::TextField* field, const std::function<Xapian::Query(std::string_view)>& make) {
    if (field) return make(field->prefix);
    // One term for BM25 across the fields (wdf summed), as if they were indexed together.
    std::vector<Xapian::Query> per_field;
    for (const auto& each : schema::text_fields) per_field.push_back(make(each.prefix));
    return Xapian::Query(Xapian::Query::OP_SYNONYM, per_field.begin(), per_field.end());
}

void QueryBuilder::add_kazakh_spelling(const std::string& word, std::vector<std::string>& out) {
    const std::string form = kazakh_cyrillic_form(word);
    if (form.empty()) {
        for (const std::string& stem : kazakh_key_stems(kazakh_search_key(word)))
            out.push_back(kazakh_key_term(stem));
        return;
    }
    std::string term = analyzer_.match_term_in(form, Language::kk);
    if (std::find(out.begin(), out.end(), term) == out.end()) out.push_back(std::move(term));
}

bool QueryBuilder::respelt_as_kazakh(const AnalyzedWord& word) const {
    if (word.language == Language::en) return latin_kazakh_;
    if (word.language == Language::unknown) return false;
    // A Russian word is no Kazakh word's spelling: a word without Kazakh letters only when the
    // query reads as Kazakh.
    return (plain_kazakh_ || has_kazakh_letter(word.word)) && !kazakh_word_seen(word.word);
}

std::vector<std::string> QueryBuilder::kazakh_cyrillic_words(
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

std::vector<std::string> QueryBuilder::alternatives(const AnalyzedWord& word) {
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

bool QueryBuilder::is_query_stopword(const AnalyzedWord& word) const {
    if (word.is_number) return false;
    if (word.language == Language::en) {
        if (!respelt_as_kazakh(word)) return is_stopword(word.word, Language::en);
        // Kazakh typed in Latin letters: a Kazakh stopword (men, jäne, üşin).
        const std::string cyrillic = kazakh_cyrillic_form(kazakh_latin_spelling(word));
        return !cyrillic.empty() && is_stopword(cyrillic, Language::kk);
    }
    if (word.language == Language::unknown) return false;
    if (has_kazakh_letter(word.word)) return is_stopword(word.word, Language::kk);
    // Cyrillic without a Kazakh letter is tried as both (alternatives): a function word of
    // either is one (и, в; мен, не).
    if (is_stopword(word.word, Language::ru) || is_stopword(word.word, Language::kk)) return true;
    if (!respelt_as_kazakh(word)) return false;
    return is_stopword(kazakh_cyrillic_form(word.word), Language::kk);  // "жане" for және
}

Xapian::Query QueryBuilder::word_query(const AnalyzedWord& word, std::string_view text,
                                       const schema::TextField* field, QueryTerms& terms) {
    const std::vector<std::string> alternatives = this->alternatives(word);
    for (const auto& term : alternatives) terms.terms.push_back(term);
    Xapian::Query query = across_fields(field, [&](std::string_view prefix) {
        std::vector<Xapian::Query> queries;
        for (const auto& term : alternatives) queries.push_back(leaf(in_field(prefix, term)));
        if (queries.size() == 1) return queries.front();
        return Xapian::Query(Xapian::Query::OP_SYNONYM, queries.begin(), queries.end());
    });
    // Names meet across scripts and transliterations through their key.
    if (!word.is_number && (!field || field->prefix == schema::author_prefix)) {
        for (const std::string& spelling : name_spellings(word, text)) {
            const std::string key = name_key(spelling);
            if (!key.empty()) {
                query = Xapian::Query(Xapian::Query::OP_SYNONYM, query,
                                      leaf(schema::boolean_term(schema::name_key_prefix, key)));
            }
        }
    }
    return query;
}

Xapian::Query QueryBuilder::leaf(const std::string& term) const {
    if (term_filter_ && !term_filter_(term)) return Xapian::Query();
    return Xapian::Query(term);
}

Xapian::Query QueryBuilder::phrase_of(std::string_view prefix,
                                      const std::vector<std::string>& words) const {
    std::vector<Xapian::Query> terms;
    for (const auto& word : words) terms.push_back(leaf(in_field(prefix, word)));
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

std::vector<Xapian::Query> QueryBuilder::text_queries(
    const Analysis& analysis, std::string_view text, std::size_t offset,
    const schema::TextField* field, BuiltQuery& built,
    std::vector<std::vector<std::string>>* stopwords) {
    QueryTerms& terms = built.terms;
    std::vector<Xapian::Query> queries;
    std::size_t compound_index = 0;
    for (std::size_t i = 0; i < analysis.words.size(); ++i) {
        if (!analysis.words[i].hyphen_to_next) {
            const AnalyzedWord& word = analysis.words[i];
            const std::size_t terms_before = terms.terms.size();
            queries.push_back(word_query(word, text, field, terms));
            if (stopwords) {
                auto& entry = stopwords->emplace_back();
                if (is_query_stopword(word)) {
                    entry.assign(terms.terms.begin() + static_cast<std::ptrdiff_t>(terms_before),
                                 terms.terms.end());
                }
            }
            QueryWord& entry = built.words.emplace_back();
            entry.begin = offset + word.begin;
            entry.end = offset + word.end;
            entry.word = word.word;
            entry.is_number = word.is_number;
            entry.terms.assign(queries.back().get_unique_terms_begin(),
                               queries.back().get_unique_terms_end());
            continue;
        }
        // A hyphenated word: its parts in a row, or written together.
        std::size_t last = i;
        while (analysis.words[last].hyphen_to_next) ++last;
        std::vector<std::string> parts;
        for (std::size_t k = i; k <= last; ++k) parts.push_back(analysis.words[k].word);
        terms.phrases.push_back(parts);
        while (compound_index < analysis.compounds.size() &&
               analysis.compounds[compound_index].first < i) {
            ++compound_index;
        }
        std::vector<std::string> joined;  // match terms of the parts written together
        const bool has_compound = compound_index < analysis.compounds.size() &&
                                  analysis.compounds[compound_index].first == i;
        if (has_compound) {
            const AnalyzedCompound& compound = analysis.compounds[compound_index];
            joined.push_back(compound.match_term);
            // Cyrillic without a Kazakh letter (КСРО-да): Russian or Kazakh, as a single word.
            if (compound.language == Language::ru) {
                std::string kazakh = analyzer_.match_term_in(compound.word, Language::kk);
                if (kazakh != joined.front()) joined.push_back(std::move(kazakh));
            }
        }
        // Kazakh in a spelling of its own (BŪŪ-nyñ, ştab-päterı): also the Cyrillic words its
        // parts spell, in a row, and the joined word respelt as a single word is (the stem of
        // its Cyrillic form, else its key stems, which Kazakh compounds are indexed under).
        const auto first = analysis.words.begin() + static_cast<std::ptrdiff_t>(i);
        const auto end = analysis.words.begin() + static_cast<std::ptrdiff_t>(last + 1);
        const std::vector<std::string> cyrillic = kazakh_cyrillic_words(first, end);
        if (!cyrillic.empty()) terms.phrases.push_back(cyrillic);
        if (has_compound && std::any_of(first, end, [&](const AnalyzedWord& part) {
                return respelt_as_kazakh(part);
            })) {
            add_kazakh_spelling(analysis.compounds[compound_index].word, joined);
        }
        for (const auto& term : joined) terms.terms.push_back(term);
        queries.push_back(across_fields(field, [&](std::string_view prefix) {
            std::vector<Xapian::Query> ways{phrase_of(prefix, parts)};
            if (!cyrillic.empty()) ways.push_back(phrase_of(prefix, cyrillic));
            for (const auto& term : joined) ways.push_back(leaf(in_field(prefix, term)));
            if (ways.size() == 1) return ways.front();
            return Xapian::Query(Xapian::Query::OP_OR, ways.begin(), ways.end());
        }));
        if (stopwords) stopwords->emplace_back();
        i = last;
    }
    return queries;
}

Xapian::Query QueryBuilder::phrase_query(std::string_view text, std::size_t offset,
                                         const schema::TextField* field, QueryTerms& terms) {
    const Analysis analysis = analyzer_.analyze(text, Language::unknown);
    if (analysis.words.empty()) throw QueryError("the quoted phrase has no words", offset);
    std::vector<std::string> words;
    for (const auto& word : analysis.words) words.push_back(word.word);
    // Kazakh typed in Latin letters or without its own letters: the phrase also as the Cyrillic
    // words it spells ("jūmsaq küş", "жумсак куш" find «жұмсақ күш»).
    const std::vector<std::string> cyrillic =
        kazakh_cyrillic_words(analysis.words.begin(), analysis.words.end());
    Xapian::Query query;
    if (words.size() == 1) {
        terms.terms.push_back(words.front());
        if (!cyrillic.empty()) terms.terms.push_back(cyrillic.front());
        query = across_fields(field, [&](std::string_view prefix) {
            if (cyrillic.empty()) return leaf(in_field(prefix, words.front()));
            return Xapian::Query(Xapian::Query::OP_OR, leaf(in_field(prefix, words.front())),
                                 leaf(in_field(prefix, cyrillic.front())));
        });
    } else {
        terms.phrases.push_back(words);
        if (!cyrillic.empty()) terms.phrases.push_back(cyrillic);
        query = across_fields(field, [&](std::string_view prefix) {
            if (cyrillic.empty()) return phrase_of(prefix, words);
            return Xapian::Query(Xapian::Query::OP_OR, phrase_of(prefix, words),
                                 phrase_of(prefix, cyrillic));
        });
    }
    // A word typed in Latin letters or without Kazakh ones that running text has in no spelling
    // («Aqtaban şūbyryndy», «Inkvizitsiia»): its Cyrillic letters are not known, so no Cyrillic
    // phrase can be spelt. The phrase also matches all of its words, each as a query word
    // does (by the stem or the search keys of its Cyrillic spelling).
    const auto unspellable = [&](const AnalyzedWord& word) {
        return respelt_as_kazakh(word) && !has_kazakh_letter(word.word) &&
               kazakh_cyrillic_word(kazakh_latin_spelling(word)).empty();
    };
    if (cyrillic.empty() &&
        std::any_of(analysis.words.begin(), analysis.words.end(), unspellable)) {
        std::vector<Xapian::Query> each;
        for (const auto& word : analysis.words)
            each.push_back(word_query(word, text, field, terms));
        query = Xapian::Query(Xapian::Query::OP_OR, query,
                              Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
    }
    return query;
}

Xapian::Query QueryBuilder::wildcard_query(std::string_view start, std::size_t offset,
                                           const schema::TextField* field, QueryTerms& terms) {
    const Analysis analysis = analyzer_.analyze(start, Language::unknown);
    if (analysis.words.size() != 1 || utf8_length(analysis.words.front().word) < 2) {
        throw QueryError("a wildcard needs at least two letters of one word before the *", offset);
    }
    const std::string word = analysis.words.front().word;
    terms.prefixes.push_back(word);
    return across_fields(field, [&](std::string_view prefix) {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, in_field(prefix, word), max_wildcard_terms,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    });
}

Xapian::Query QueryBuilder::filter(const FilterValue& value) const {
    // Ranges are on value slots, which a remote server can also filter on.
    const auto range = [&](Xapian::valueno slot) {
        if (value.low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, value.high);
        if (value.high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, value.low);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, value.low, value.high);
    };
    switch (value.kind) {
        case FilterValue::Kind::year:
            return Xapian::Query(schema::boolean_term(schema::year_prefix, value.value));
        case FilterValue::Kind::year_range:
            return range(schema::year_slot);
        case FilterValue::Kind::date_range:
            return range(schema::date_slot);
        case FilterValue::Kind::language:
            return Xapian::Query(schema::boolean_term(schema::language_prefix, value.value));
        case FilterValue::Kind::doi:
            break;
    }
    return Xapian::Query(schema::boolean_term(schema::doi_prefix, value.value));
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

void QueryBuilder::read_kazakh_spellings(std::string_view query) {
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

bool QueryBuilder::latin_words_say_kazakh() const {
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

Language QueryBuilder::query_language(std::string_view query) {
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

void sort_unique(std::vector<std::string>& terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
}

}  // namespace

BuiltQuery QueryBuilder::build(std::string_view query, bool expand) {
    const QueryNode tree = parse_query(query);
    if (tree.kind == QueryNode::Kind::run) return build_run(query, tree, expand);
    BuiltQuery built;
    built.query = build_node(query, tree, expand, built);
    built.language = query_language(query);
    sort_unique(built.terms.terms);
    sort_unique(built.expanded_terms.terms);
    return built;
}

Xapian::Query QueryBuilder::build_node(std::string_view query, const QueryNode& node, bool expand,
                                       BuiltQuery& out) {
    const auto each = [&](const std::vector<QueryNode>& nodes) {
        std::vector<Xapian::Query> queries;
        for (const QueryNode& child : nodes) queries.push_back(build_node(query, child, expand, out));
        return queries;
    };
    // Operands of one operator make one query, not nested pairs, so that a long chain
    // (a OR b OR …) costs no stack in Xapian either.
    const auto combine = [](Xapian::Query::op op, const std::vector<Xapian::Query>& queries) {
        return queries.size() == 1 ? queries.front()
                                   : Xapian::Query(op, queries.begin(), queries.end());
    };
    switch (node.kind) {
        case QueryNode::Kind::run: {
            BuiltQuery part = build_run(query, node, expand);
            out.words.insert(out.words.end(), part.words.begin(), part.words.end());
            for (auto [into, from] : {std::pair{&out.terms, &part.terms},
                                      std::pair{&out.expanded_terms, &part.expanded_terms}}) {
                into->terms.insert(into->terms.end(), from->terms.begin(), from->terms.end());
                into->phrases.insert(into->phrases.end(), from->phrases.begin(),
                                     from->phrases.end());
                into->prefixes.insert(into->prefixes.end(), from->prefixes.begin(),
                                      from->prefixes.end());
            }
            return part.query;
        }
        case QueryNode::Kind::group:
            return build_node(query, node.children.front(), expand, out);
        case QueryNode::Kind::side_by_side:
        case QueryNode::Kind::any:
            return combine(Xapian::Query::OP_OR, each(node.children));
        case QueryNode::Kind::all:
            break;
    }
    // a AND b NOT c AND d: (a AND b AND d) NOT c, the same hits and weights as reading it
    // from the left. Built in the order written, as the query's words are listed.
    std::vector<std::pair<const QueryNode*, bool>> sides;  // a side, whether it is excluded
    for (const QueryNode& child : node.children) sides.emplace_back(&child, false);
    for (const QueryNode& child : node.excluded) sides.emplace_back(&child, true);
    std::stable_sort(sides.begin(), sides.end(),
                     [](const auto& a, const auto& b) { return a.first->begin < b.first->begin; });
    std::vector<Xapian::Query> required, excluded;
    for (const auto& [side, is_excluded] : sides)
        (is_excluded ? excluded : required).push_back(build_node(query, *side, expand, out));
    if (excluded.empty()) return combine(Xapian::Query::OP_AND, required);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, combine(Xapian::Query::OP_AND, required),
                         combine(Xapian::Query::OP_OR, excluded));
}

BuiltQuery QueryBuilder::build_run(std::string_view whole, const QueryNode& run, bool expand) {
    const std::string_view query = whole.substr(run.begin, run.end - run.begin);
    read_kazakh_spellings(query);
    BuiltQuery built;
    std::vector<Xapian::Query> items;
    std::vector<Xapian::Query> filters;
    std::vector<Xapian::Query> required;  // +word, +"phrase"
    std::vector<Xapian::Query> excluded;  // -word, -"phrase"
    // Where the queries of the next word or phrase go: +, - or neither.
    const auto destination = [&](char modifier) -> std::vector<Xapian::Query>& {
        return modifier == '+' ? required : modifier == '-' ? excluded : items;
    };
    // The plain words of the query in order, each with its possible match terms, for the
    // thesaurus; an empty entry separates runs (a phrase or a field between them).
    std::vector<std::vector<std::string>> plain_words;
    // The same words' name_spellings (none where plain_words has an empty entry), for names.
    std::vector<std::vector<std::string>> plain_names;
    // The items that are stopwords (stopwords.h), with their match terms: left out below when
    // the query has anything else.
    std::map<std::size_t, std::vector<std::string>> stopword_items;
    // The plain words of an analysed chunk, for the thesaurus and for names.
    const auto note_plain_words = [&](const Analysis& analysis, std::string_view chunk) {
        if (!expand) return;
        // A hyphenated word is one word: "anti-soft power" does not name soft power.
        for (std::size_t i = 0; i < analysis.words.size(); ++i) {
            const bool joined = analysis.words[i].hyphen_to_next ||
                                (i > 0 && analysis.words[i - 1].hyphen_to_next);
            if (joined || analysis.words[i].is_number) {
                plain_words.emplace_back();
                plain_names.emplace_back();
            } else {
                plain_words.push_back(alternatives(analysis.words[i]));
                plain_names.push_back(name_spellings(analysis.words[i], chunk));
            }
        }
    };
    const auto apart = [&] {  // a phrase, a field or a filter between plain words
        plain_words.emplace_back();
        plain_names.emplace_back();
    };
    const auto one_word = [](const Analysis& analysis) {
        return analysis.words.size() == 1 && analysis.compounds.empty();
    };
    // The queries of a chunk of words into `into`; stopwords noted when `plain`.
    const auto add_words = [&](const Analysis& analysis, const Clause& clause,
                               std::string_view chunk, std::vector<Xapian::Query>& into,
                               bool plain) {
        std::vector<std::vector<std::string>> stopwords;
        auto queries = text_queries(analysis, chunk, clause.text_begin, text_field(clause), built,
                                    plain ? &stopwords : nullptr);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            if (!stopwords.empty() && !stopwords[i].empty())
                stopword_items.emplace(into.size(), std::move(stopwords[i]));
            into.push_back(std::move(queries[i]));
        }
    };
    for (const Clause& clause : run.clauses) {
        switch (clause.kind) {
            case Clause::Kind::phrase:
                apart();
                destination(clause.modifier)
                    .push_back(phrase_query(clause.text, clause.text_begin, text_field(clause),
                                            built.terms));
                break;
            case Clause::Kind::filter:
                apart();
                filters.push_back(filter(clause.filter));
                break;
            case Clause::Kind::wildcard: {
                // Analysed with its *, for the thesaurus, as the words around it are.
                const std::string_view chunk(clause.text.data(), clause.text.size() + 1);
                const Analysis analysis = analyzer_.analyze(chunk, Language::unknown);
                if (clause.field.empty()) {
                    note_plain_words(analysis, chunk);
                } else {
                    apart();
                }
                destination(clause.modifier)
                    .push_back(wildcard_query(clause.text, clause.text_begin, text_field(clause),
                                              built.terms));
                break;
            }
            case Clause::Kind::words: {
                const Analysis analysis = analyzer_.analyze(clause.text, Language::unknown);
                if (clause.field.empty()) {
                    note_plain_words(analysis, clause.text);
                } else {
                    apart();
                }
                // Stopwords only among the plain words: a field or a + asks for the word.
                add_words(analysis, clause, clause.text, destination(clause.modifier),
                          clause.field.empty() && !clause.modifier);
                break;
            }
            case Clause::Kind::near: {
                // NEAR or NEAR/N between two words: both within N words (10) in one field.
                const Analysis left = analyzer_.analyze(clause.text, Language::unknown);
                note_plain_words(left, clause.text);
                if (!one_word(left))
                    throw QueryError("NEAR needs a single word on each side", clause.near_at);
                const std::size_t item = items.size();
                add_words(left, clause, clause.text, items, true);
                const Analysis right = analyzer_.analyze(clause.right, Language::unknown);
                note_plain_words(right, clause.right);
                if (!one_word(right))
                    throw QueryError("NEAR needs a single word on each side", clause.near_at);
                const std::string left_word = left.words.front().word;
                const std::string right_word = right.words.front().word;
                const auto window = static_cast<Xapian::termpos>(clause.window);
                stopword_items.erase(item);
                items[item] = across_fields(nullptr, [&](std::string_view prefix) {
                    const Xapian::Query words[] = {leaf(in_field(prefix, left_word)),
                                                   leaf(in_field(prefix, right_word))};
                    return Xapian::Query(Xapian::Query::OP_NEAR, std::begin(words), std::end(words),
                                         window);
                });
                for (const auto& term : alternatives(right.words.front()))
                    built.terms.terms.push_back(term);
                break;
            }
        }
    }
    if (items.empty() && filters.empty() && required.empty()) {
        throw QueryError(excluded.empty() ? "the query has no words to search for"
                                          : "the query has only words to leave out",
                         run.begin);
    }

    if (!stopword_items.empty() && (stopword_items.size() < items.size() || !required.empty())) {
        // Leave the stopwords out, and their terms from what snippets mark, unless another
        // word of the query has the same term.
        std::vector<Xapian::Query> kept;
        std::vector<std::string> dropped_terms;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto stopword = stopword_items.find(i);
            if (stopword == stopword_items.end()) {
                kept.push_back(std::move(items[i]));
            } else {
                dropped_terms.insert(dropped_terms.end(), stopword->second.begin(),
                                     stopword->second.end());
            }
        }
        items = std::move(kept);
        auto& terms = built.terms.terms;
        for (const std::string& term : dropped_terms) {
            const auto found = std::find(terms.begin(), terms.end(), term);
            if (found != terms.end()) terms.erase(found);
        }
    }
    built.language = query_language(query);
    if (items.size() == 1) {
        built.query = items.front();
    } else if (items.size() > 1) {
        // Any word matches; a record with all of them gets their weights once more.
        Xapian::Query any(Xapian::Query::OP_OR, items.begin(), items.end());
        Xapian::Query all(Xapian::Query::OP_AND, items.begin(), items.end());
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, any, all);
    }
    // Concepts named in the plain words also match their labels in the other languages.
    std::vector<Xapian::Query> expansions;
    std::vector<std::string> expansion_terms;
    std::vector<bool> in_concept(plain_words.size(), false);
    if (expand && thesaurus_ && !items.empty()) {
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
                        expansion_terms.push_back(term);
                        words.push_back(across_fields(nullptr, [&](std::string_view prefix) {
                            return leaf(in_field(prefix, term));
                        }));
                    }
                    expansions.emplace_back(Xapian::Query::OP_AND, words.begin(), words.end());
                }
            }
            start = end + 1;
        }
    }
    // Other plain words may be names written in the other script (name_key.h): Назарбаев
    // also finds Nazarbayev, at the weight of the thesaurus's labels. A query read as Kazakh in
    // Latin letters reaches Cyrillic text through its search keys already.
    if (expand && !items.empty()) {
        for (std::size_t i = 0; i < plain_names.size(); ++i) {
            if (plain_names[i].empty() || in_concept[i]) continue;
            if (latin_kazakh_ && script_of(plain_names[i].front()) == Script::latin) continue;
            std::vector<std::string> terms;
            for (const std::string& spelling : plain_names[i]) {
                for (std::string& term : other_script_name_terms(spelling)) {
                    if (std::find(terms.begin(), terms.end(), term) == terms.end())
                        terms.push_back(std::move(term));
                }
            }
            // One word, one weight: its spellings' and its base's keys are one synonym.
            std::vector<Xapian::Query> leaves;
            for (const std::string& term : terms) {
                expansion_terms.push_back(term);
                leaves.push_back(leaf(term));
            }
            if (!leaves.empty())
                expansions.emplace_back(Xapian::Query::OP_SYNONYM, leaves.begin(), leaves.end());
        }
    }
    if (!expansions.empty()) {
        built.query = Xapian::Query(
            Xapian::Query::OP_OR, built.query,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_OR, expansions.begin(), expansions.end()),
                          expansion_weight));
    }
    if (!required.empty()) {
        // Every + must match; the other words still add to the score.
        Xapian::Query all(Xapian::Query::OP_AND, required.begin(), required.end());
        built.query =
            items.empty() ? all : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, built.query);
    }
    if (!filters.empty()) {
        Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
        built.query = items.empty() && required.empty()
                          ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                          : Xapian::Query(Xapian::Query::OP_FILTER, built.query, filter);
    }
    if (!excluded.empty()) {
        built.query =
            Xapian::Query(Xapian::Query::OP_AND_NOT, built.query,
                          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    }
    sort_unique(built.terms.terms);
    built.expanded_terms = built.terms;
    built.expanded_terms.terms.insert(built.expanded_terms.terms.end(), expansion_terms.begin(),
                                      expansion_terms.end());
    sort_unique(built.expanded_terms.terms);
    return built;
}

}  // namespace polsearch
