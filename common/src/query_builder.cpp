#include "polsearch/query_builder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>

#include "polsearch/dictionary.h"
#include "polsearch/error.h"
#include "polsearch/kazakh_script.h"
#include "polsearch/kazakh_stemmer.h"
#include "polsearch/language_detector.h"
#include "polsearch/name_key.h"
#include "polsearch/normalizer.h"
#include "polsearch/record.h"
#include "polsearch/schema.h"
#include "polsearch/stopwords.h"
#include "polsearch/utf8.h"

namespace polsearch {
namespace {

// Filters: boolean terms that narrow the hits without adding weight.
constexpr std::array<std::string_view, 4> filter_names = {"year", "date", "lang", "doi"};

bool is_filter(std::string_view name) {
    return std::find(filter_names.begin(), filter_names.end(), name) != filter_names.end();
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A date written 2020, 2020-03 or 2020-03-15 as the date slot holds it (YYYYMMDD), its
// unwritten parts filled with `fill`: "00" where a range starts (a record whose day or month
// is unknown, stored as 00, falls inside its month or year), "99" where it ends.
std::optional<std::string> date_key(std::string_view date, std::string_view fill) {
    const auto part = [&](std::size_t at, int low, int high) -> std::optional<std::string> {
        const std::string_view digits = date.substr(at, 2);
        if (digits.size() != 2 || !all_digits(digits)) return std::nullopt;
        const int number = (digits[0] - '0') * 10 + (digits[1] - '0');
        if (number < low || number > high) return std::nullopt;
        return std::string(digits);
    };
    if (date.size() != 4 && date.size() != 7 && date.size() != 10) return std::nullopt;
    if (!all_digits(date.substr(0, 4))) return std::nullopt;
    std::string key(date.substr(0, 4));
    for (std::size_t at = 4; at < 10; at += 3) {
        if (at >= date.size()) {
            key += fill;
            continue;
        }
        if (date[at] != '-') return std::nullopt;
        const auto number = part(at + 1, 1, at == 4 ? 12 : 31);
        if (!number) return std::nullopt;
        key += *number;
    }
    return key;
}

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

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
    if (++wildcards_ > max_query_wildcards) {
        throw QueryError("a query may have at most " + std::to_string(max_query_wildcards) +
                             " wildcards (word*)",
                         offset);
    }
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

Xapian::Query QueryBuilder::filter_query(std::string_view name, std::string_view value,
                                         std::size_t offset) {
    const std::string text(value);
    // A range, FROM..TO, ..TO or FROM.. (both ends included), on a value slot, which a
    // remote server can also filter on.
    const auto range = [&](Xapian::valueno slot, auto bound, std::string_view example) {
        const auto dots = text.find("..");
        const std::string from = text.substr(0, dots);
        const std::string to = text.substr(dots + 2);
        const auto low = from.empty() ? std::nullopt : bound(from, true);
        const auto high = to.empty() ? std::nullopt : bound(to, false);
        if ((!from.empty() && !low) || (!to.empty() && !high) || (from.empty() && to.empty()) ||
            (low && high && *low > *high)) {
            throw QueryError(std::string(name) + ": needs a range such as " + std::string(example) +
                                 ", not '" + text + "'",
                             offset);
        }
        if (!low) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, *high);
        if (!high) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, *low);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, *low, *high);
    };
    if (name == "year") {
        const auto is_year = [](std::string_view year) {
            return year.size() == 4 && all_digits(year);
        };
        if (text.find("..") != std::string::npos) {
            return range(
                schema::year_slot,
                [&](const std::string& year, bool) -> std::optional<std::string> {
                    if (!is_year(year)) return std::nullopt;
                    return Xapian::sortable_serialise(std::stoi(year));
                },
                "2015..2020");
        }
        if (!is_year(text))
            throw QueryError("year: needs a four-digit year, not '" + text + "'", offset);
        return Xapian::Query(schema::boolean_term(schema::year_prefix, text));
    }
    if (name == "date") {
        const auto bound = [](const std::string& date, bool start) {
            return date_key(date, start ? "00" : "99");
        };
        if (text.find("..") != std::string::npos)
            return range(schema::date_slot, bound, "2019-09..2020-03-15");
        // One year, month or day: the range from its start to its end.
        const auto low = bound(text, true);
        if (!low) {
            throw QueryError(
                "date: needs a date written 2020, 2020-03 or 2020-03-15, not '" + text + "'",
                offset);
        }
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::date_slot, *low,
                             *bound(text, false));
    }
    if (name == "lang") {
        const auto language = parse_language(text);
        if (!language) throw QueryError("lang: needs en, ru or kk, not '" + text + "'", offset);
        return Xapian::Query(
            schema::boolean_term(schema::language_prefix, language_code(*language)));
    }
    const std::string doi = normalize_doi(text);
    if (doi.empty()) throw QueryError("doi: needs a DOI (10.…/…), not '" + text + "'", offset);
    return Xapian::Query(schema::boolean_term(schema::doi_prefix, doi));
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

// The structure of a query: plain parts (words, phrases, fields, +/-, as build_plain reads
// them), parentheses, and the operators AND, OR and NOT (upper case, standing alone).
struct QueryToken {
    enum Kind { plain, open, close, op_and, op_or, op_not } kind;
    std::size_t begin, end;
};

std::vector<QueryToken> structure_tokens(std::string_view query) {
    std::vector<QueryToken> tokens;
    std::size_t plain_begin = 0;
    const auto flush = [&](std::size_t end) {
        if (query.substr(plain_begin, end - plain_begin).find_first_not_of(" \t\r\n") !=
            std::string_view::npos) {
            tokens.push_back({QueryToken::plain, plain_begin, end});
        }
    };
    const auto boundary = [&](std::size_t at) {
        return at >= query.size() || query[at] == ' ' || query[at] == '\t' || query[at] == '\n' ||
               query[at] == '\r' || query[at] == '(' || query[at] == ')';
    };
    bool in_phrase = false;
    const auto n = static_cast<int32_t>(query.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(query.data());
    for (int32_t i = 0; i < n;) {
        const auto at = static_cast<std::size_t>(i);
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) continue;  // build_plain reports it
        if (is_double_quote(static_cast<char32_t>(c))) in_phrase = !in_phrase;
        if (in_phrase) continue;
        if (c == '(' || c == ')') {
            flush(at);
            tokens.push_back({c == '(' ? QueryToken::open : QueryToken::close, at, at + 1});
            plain_begin = at + 1;
            continue;
        }
        if (at == 0 || boundary(at - 1)) {
            for (const auto& [word, kind] :
                 {std::pair{std::string_view("AND"), QueryToken::op_and},
                  std::pair{std::string_view("OR"), QueryToken::op_or},
                  std::pair{std::string_view("NOT"), QueryToken::op_not}}) {
                if (query.substr(at, word.size()) == word && boundary(at + word.size())) {
                    flush(at);
                    tokens.push_back({kind, at, at + word.size()});
                    i = static_cast<int32_t>(at + word.size());
                    plain_begin = at + word.size();
                    break;
                }
            }
        }
    }
    flush(query.size());
    return tokens;
}

const char* operator_name(QueryToken::Kind kind) {
    return kind == QueryToken::op_and ? "AND" : kind == QueryToken::op_or ? "OR" : "NOT";
}

void sort_unique(std::vector<std::string>& terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
}

}  // namespace

// A recursive-descent parser over structure_tokens: OR binds loosest, then AND and NOT
// (a NOT b: a without b), then parts side by side (any of them, as in a plain query).
struct QueryBuilder::Parser {
    QueryBuilder& builder;
    std::string_view query;
    const std::vector<QueryToken>& tokens;
    bool expand;
    BuiltQuery& out;
    std::size_t at = 0;
    std::size_t depth = 0;  // groups open

    bool next_is(QueryToken::Kind kind) const {
        return at < tokens.size() && tokens[at].kind == kind;
    }

    // Operands of one operator are gathered into one query, not nested pairs, so that a long
    // chain (a OR b OR … ) costs no stack in Xapian either.
    Xapian::Query any() {
        std::vector<Xapian::Query> alternatives = {all()};
        while (next_is(QueryToken::op_or)) {
            ++at;
            alternatives.push_back(all());
        }
        return alternatives.size() == 1 ? alternatives.front()
                                         : Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(),
                                                         alternatives.end());
    }

    // a AND b NOT c AND d: (a AND b AND d) NOT c, the same hits and weights as reading it
    // from the left.
    Xapian::Query all() {
        std::vector<Xapian::Query> required = {side_by_side()};
        std::vector<Xapian::Query> excluded;
        while (next_is(QueryToken::op_and) || next_is(QueryToken::op_not)) {
            const bool is_not = tokens[at++].kind == QueryToken::op_not;
            (is_not ? excluded : required).push_back(side_by_side());
        }
        Xapian::Query query = required.size() == 1 ? required.front()
                                                   : Xapian::Query(Xapian::Query::OP_AND,
                                                                   required.begin(), required.end());
        if (excluded.empty()) return query;
        return Xapian::Query(
            Xapian::Query::OP_AND_NOT, query,
            excluded.size() == 1
                ? excluded.front()
                : Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    }

    Xapian::Query side_by_side() {
        std::vector<Xapian::Query> parts;
        while (next_is(QueryToken::plain) || next_is(QueryToken::open)) parts.push_back(part());
        if (parts.empty()) {
            if (at < tokens.size() && tokens[at].kind == QueryToken::close) {
                throw QueryError(at > 0 && tokens[at - 1].kind == QueryToken::open
                                     ? "the parentheses hold nothing"
                                     : "this parenthesis closes nothing",
                                 tokens[at].begin);
            }
            if (at < tokens.size()) {
                throw QueryError(
                    std::string(operator_name(tokens[at].kind)) +
                        " needs a word, a phrase or a group on each side" +
                        (tokens[at].kind == QueryToken::op_not ? " (use -word to leave a word out)"
                                                               : ""),
                    tokens[at].begin);
            }
            const QueryToken& last = tokens[at - 1];
            throw QueryError(last.kind == QueryToken::open
                                 ? "this parenthesis is never closed"
                                 : std::string(operator_name(last.kind)) +
                                       " needs a word, a phrase or a group on each side",
                             last.begin);
        }
        return parts.size() == 1 ? parts.front()
                                 : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    Xapian::Query part() {
        const QueryToken token = tokens[at++];
        if (token.kind == QueryToken::open) {
            if (++depth > max_query_depth) {
                throw QueryError("groups are nested more than " +
                                     std::to_string(max_query_depth) + " deep",
                                 token.begin);
            }
            Xapian::Query query = any();
            if (!next_is(QueryToken::close))
                throw QueryError("this parenthesis is never closed", token.begin);
            ++at;
            --depth;
            return query;
        }
        BuiltQuery built;
        try {
            built = builder.build_plain(query.substr(token.begin, token.end - token.begin), expand);
        } catch (const QueryError& error) {
            throw QueryError(error.what(), error.position() + token.begin);
        }
        for (QueryWord word : built.words) {
            word.begin += token.begin;
            word.end += token.begin;
            out.words.push_back(std::move(word));
        }
        const auto add = [](QueryTerms& into, const QueryTerms& from) {
            into.terms.insert(into.terms.end(), from.terms.begin(), from.terms.end());
            into.phrases.insert(into.phrases.end(), from.phrases.begin(), from.phrases.end());
            into.prefixes.insert(into.prefixes.end(), from.prefixes.begin(), from.prefixes.end());
        };
        add(out.terms, built.terms);
        add(out.expanded_terms, built.expanded_terms);
        return built.query;
    }
};

BuiltQuery QueryBuilder::build(std::string_view query, bool expand) {
    wildcards_ = 0;
    if (query.size() > max_query_bytes) {
        throw QueryError("the query is longer than " + std::to_string(max_query_bytes) + " bytes",
                         max_query_bytes);
    }
    const std::vector<QueryToken> tokens = structure_tokens(query);
    if (tokens.size() <= 1 && (tokens.empty() || tokens.front().kind == QueryToken::plain)) {
        return build_plain(query, expand);
    }
    BuiltQuery built;
    Parser parser{*this, query, tokens, expand, built};
    built.query = parser.any();
    if (parser.at < tokens.size()) {
        // Only a closing parenthesis can stop the parser early.
        throw QueryError("this parenthesis closes nothing", tokens[parser.at].begin);
    }
    built.language = query_language(query);
    sort_unique(built.terms.terms);
    sort_unique(built.expanded_terms.terms);
    return built;
}

BuiltQuery QueryBuilder::build_plain(std::string_view query, bool expand) {
    // Validate, and cut the query into text outside quotes and quoted phrases.
    struct Part {
        std::size_t begin, end;
        bool phrase;
    };
    std::vector<Part> parts;
    std::size_t part_begin = 0;
    std::size_t open_quote = 0;
    bool in_phrase = false;
    const auto n = static_cast<int32_t>(query.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(query.data());
    for (int32_t i = 0; i < n;) {
        const auto at = static_cast<std::size_t>(i);
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) throw QueryError("the query is not valid UTF-8", at);
        if (c == 0) throw QueryError("the query contains a NUL character", at);
        if (is_double_quote(static_cast<char32_t>(c))) {
            parts.push_back({part_begin, at, in_phrase});
            if (!in_phrase) open_quote = at;
            in_phrase = !in_phrase;
            part_begin = static_cast<std::size_t>(i);
        }
    }
    if (in_phrase) throw QueryError("the quote that opens a phrase is never closed", open_quote);
    parts.push_back({part_begin, query.size(), false});

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
    char pending_modifier = 0;  // a lone + or - right before a phrase
    // NEAR: the last chunk, when it was one plain word (its item and word), and a NEAR waiting
    // for the word after it (its window and offset).
    struct NearSide {
        std::size_t item;
        std::string word;
    };
    std::optional<NearSide> near_left;
    bool pending_near = false;
    Xapian::termpos near_window = 10;
    std::size_t near_at = 0;
    // The plain words of the query in order, each with its possible match terms, for the
    // thesaurus; an empty entry separates runs (a phrase or a field between them).
    std::vector<std::vector<std::string>> plain_words;
    // The same words' name_spellings (none where plain_words has an empty entry), for names.
    std::vector<std::vector<std::string>> plain_names;
    // The items that are stopwords (stopwords.h), with their match terms: left out below when
    // the query has anything else.
    std::map<std::size_t, std::vector<std::string>> stopword_items;
    // A "field:" with nothing after it applies to the phrase that follows.
    struct Scope {
        std::string name;
        const schema::TextField* text_field = nullptr;  ///< nullptr: a filter
    };
    std::optional<Scope> pending_field;
    std::size_t pending_at = 0;
    for (const Part& part : parts) {
        const std::string_view text = query.substr(part.begin, part.end - part.begin);
        if (part.phrase) {
            if (pending_near) throw QueryError("NEAR needs a single word on each side", near_at);
            near_left.reset();
            plain_words.emplace_back();
            plain_names.emplace_back();
            if (pending_field && !pending_field->text_field) {
                filters.push_back(filter_query(pending_field->name, text, part.begin));
            } else {
                destination(pending_modifier)
                    .push_back(phrase_query(text, part.begin,
                                            pending_field ? pending_field->text_field : nullptr,
                                            built.terms));
            }
            pending_field.reset();
            pending_modifier = 0;
            continue;
        }
        // Outside quotes: chunks between spaces, each plain text or "field:value".
        for (std::size_t at = 0; at < text.size();) {
            while (at < text.size() && is_space(text[at])) ++at;
            std::size_t end = at;
            while (end < text.size() && !is_space(text[end])) ++end;
            if (end == at) break;
            if (pending_field) {
                throw QueryError(std::string(pending_field->name) +
                                     ": needs a word or a quoted "
                                     "phrase right after it",
                                 pending_at);
            }
            std::string_view chunk = text.substr(at, end - at);
            const std::size_t chunk_at = part.begin + at;
            // NEAR or NEAR/N between two words: both within N words (10) in one field.
            if (chunk == "NEAR" || chunk.rfind("NEAR/", 0) == 0) {
                Xapian::termpos window = 10;
                if (chunk.size() > 5) {
                    const std::string digits(chunk.substr(5));
                    if (digits.size() > 3 ||
                        !std::all_of(digits.begin(), digits.end(),
                                     [](char c) { return c >= '0' && c <= '9'; }) ||
                        std::stoi(digits) < 1) {
                        throw QueryError("NEAR/ needs a number of words from 1 to 999", chunk_at);
                    }
                    window = static_cast<Xapian::termpos>(std::stoi(digits)) + 1;
                }
                if (!near_left || pending_near)
                    throw QueryError("NEAR needs a single word on each side", chunk_at);
                pending_near = true;
                near_window = window;
                near_at = chunk_at;
                at = end;
                continue;
            }
            // +word must match, -word must not; a lone + or - applies to the phrase after it.
            char modifier = 0;
            if (chunk.front() == '+' || chunk.front() == '-') {
                modifier = chunk.front();
                chunk.remove_prefix(1);
                if (chunk.empty()) {
                    // Right before a phrase it applies to the phrase; elsewhere ("Russia -
                    // Kazakhstan") it is punctuation.
                    if (end == text.size() && &part != &parts.back()) {
                        pending_modifier = modifier;
                        pending_at = chunk_at;
                    }
                    at = end;
                    continue;
                }
            }
            std::optional<Scope> field;
            // A pasted DOI ("https://doi.org/10.…", "10.…/…") finds its record; any other link
            // is words, not a field named "https".
            std::string scheme(chunk.substr(0, 8));
            for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const bool link = scheme.rfind("http://", 0) == 0 || scheme == "https://";
            if ((link || chunk.rfind("10.", 0) == 0) && !normalize_doi(chunk).empty()) {
                field = Scope{"doi", nullptr};
            }
            const auto colon = chunk.find(':');
            if (!link && !field && colon != std::string_view::npos && colon > 0 &&
                std::all_of(
                    chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); })) {
                std::string name(chunk.substr(0, colon));
                for (char& c : name) c = static_cast<char>(c | 0x20);
                if (is_filter(name)) {
                    field = Scope{name, nullptr};
                } else if (const auto* text_field = find_text_field(name)) {
                    field = Scope{name, text_field};
                } else if (colon + 1 == chunk.size()) {
                    // "distinguished: search, ..." -- a colon that ends a word is punctuation.
                } else {
                    throw QueryError(
                        "unknown field '" + name +
                            ":' (fields: title, abstract, keyword, author, year, date, "
                            "lang, doi)",
                        chunk_at);
                }
                if (field) chunk.remove_prefix(colon + 1);
                if (field && chunk.empty()) {
                    pending_field = std::move(field);
                    pending_at = chunk_at;
                    at = end;
                    continue;
                }
            }
            const std::size_t value_at = part.begin + end - chunk.size();
            // Analysed once, for its queries and for the thesaurus.
            const Analysis analysis = analyzer_.analyze(chunk, Language::unknown);
            if (field) {
                plain_words.emplace_back();
                plain_names.emplace_back();
            } else if (expand) {
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
            }
            const bool one_word = !field && !modifier && chunk.back() != '*' &&
                                  analysis.words.size() == 1 && analysis.compounds.empty();
            if (pending_near) {
                if (!one_word) throw QueryError("NEAR needs a single word on each side", near_at);
                const std::string left = near_left->word;
                const std::string right = analysis.words.front().word;
                const Xapian::termpos window = near_window;
                stopword_items.erase(near_left->item);
                items[near_left->item] = across_fields(nullptr, [&](std::string_view prefix) {
                    const Xapian::Query words[] = {leaf(in_field(prefix, left)),
                                                   leaf(in_field(prefix, right))};
                    return Xapian::Query(Xapian::Query::OP_NEAR, std::begin(words), std::end(words),
                                         window);
                });
                for (const auto& term : alternatives(analysis.words.front()))
                    built.terms.terms.push_back(term);
                pending_near = false;
                near_left.reset();
                at = end;
                continue;
            }
            near_left.reset();
            if (one_word) near_left = NearSide{items.size(), analysis.words.front().word};
            if (field && !field->text_field) {
                filters.push_back(filter_query(field->name, chunk, value_at));
            } else if (chunk.size() > 1 && chunk.back() == '*') {
                destination(modifier).push_back(
                    wildcard_query(chunk.substr(0, chunk.size() - 1), value_at,
                                   field ? field->text_field : nullptr, built.terms));
            } else {
                auto& into = destination(modifier);
                // Stopwords only among the plain words: a field or a + asks for the word.
                std::vector<std::vector<std::string>> stopwords;
                auto queries =
                    text_queries(analysis, chunk, value_at, field ? field->text_field : nullptr,
                                 built, field || modifier ? nullptr : &stopwords);
                for (std::size_t i = 0; i < queries.size(); ++i) {
                    if (!stopwords.empty() && !stopwords[i].empty()) {
                        stopword_items.emplace(into.size(), std::move(stopwords[i]));
                    }
                    into.push_back(std::move(queries[i]));
                }
            }
            at = end;
        }
    }
    if (pending_field) {
        throw QueryError(
            std::string(pending_field->name) + ": needs a word or a quoted phrase right after it",
            pending_at);
    }
    if (pending_near) throw QueryError("NEAR needs a single word on each side", near_at);
    if (items.empty() && filters.empty() && required.empty()) {
        throw QueryError(excluded.empty() ? "the query has no words to search for"
                                          : "the query has only words to leave out",
                         0);
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
