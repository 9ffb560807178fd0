#include "search/query_builder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "analysis/dictionary.h"
#include "analysis/language_detector.h"
#include "analysis/name_key.h"
#include "analysis/stopwords.h"
#include "index/name_terms.h"
#include "index/schema.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "polsearch/error.h"
#include "polsearch/record.h"
#include "text/normalizer.h"
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

bool QueryBuilder::is_query_stopword(const AnalyzedWord& word) const {
    if (word.is_number) return false;
    if (word.language == Language::en) {
        if (!expansion_.respelt_as_kazakh(word)) return is_stopword(word.word, Language::en);
        // Kazakh typed in Latin letters: a Kazakh stopword (men, jäne, üşin).
        const std::string cyrillic = kazakh_cyrillic_form(kazakh_latin_spelling(word));
        return !cyrillic.empty() && is_stopword(cyrillic, Language::kk);
    }
    if (word.language == Language::unknown) return false;
    if (has_kazakh_letter(word.word)) return is_stopword(word.word, Language::kk);
    // Cyrillic without a Kazakh letter is tried as both (alternatives): a function word of
    // either is one (и, в; мен, не).
    if (is_stopword(word.word, Language::ru) || is_stopword(word.word, Language::kk)) return true;
    if (!expansion_.respelt_as_kazakh(word)) return false;
    return is_stopword(kazakh_cyrillic_form(word.word), Language::kk);  // "жане" for және
}

Xapian::Query QueryBuilder::word_query(const AnalyzedWord& word, std::string_view text,
                                       const schema::TextField* field, QueryTerms& terms) {
    const std::vector<std::string> alternatives = expansion_.alternatives(word);
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

Xapian::Query QueryBuilder::phrase_of(std::string_view prefix,
                                      const std::vector<std::vector<std::string>>& forms) const {
    std::vector<Xapian::Query> positions;
    for (const auto& words : forms) {
        std::vector<Xapian::Query> any;
        for (const auto& word : words) any.push_back(leaf(in_field(prefix, word)));
        positions.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                         positions.size());
}

std::vector<std::string> QueryBuilder::inflections(const AnalyzedWord& word) {
    // Enough for a Russian adjective's or a Kazakh noun's forms in a large database; the
    // prefix the forms are looked for under has at least 3 letters.
    constexpr std::size_t max_forms = 32;
    constexpr std::size_t min_prefix_letters = 3;
    std::vector<std::string> forms{word.word};
    if (!word_terms_ || word.is_number || !word.match_term.starts_with(stem_prefix) ||
        (word.language != Language::ru && word.language != Language::kk))
        return forms;
    // The forms begin as the word and its stem (or lemma) both begin: мягкая, мягкий → мягк.
    // Where the whole stem begins the word, less its last letter, which endings change: a
    // Russian lemma's (сила, силы), a Kazakh stem's last consonant (жұмсақ, жұмсағы).
    const std::string_view stem = std::string_view(word.match_term).substr(stem_prefix.size());
    std::size_t common = 0;
    while (common < stem.size() && common < word.word.size() && stem[common] == word.word[common])
        ++common;
    if (common == stem.size() && common > 0) --common;
    while (common > 0 && common < word.word.size() &&
           (static_cast<unsigned char>(word.word[common]) & 0xC0) == 0x80)
        --common;  // not inside a letter's bytes
    const std::string prefix = word.word.substr(0, common);
    if (utf8_length(prefix) < min_prefix_letters) return forms;
    for (std::string& candidate : word_terms_(prefix)) {
        if (forms.size() >= max_forms) break;
        if (candidate != word.word &&
            analyzer_.match_term_in(candidate, word.language) == word.match_term)
            forms.push_back(std::move(candidate));
    }
    return forms;
}

bool QueryBuilder::pairs_by_proximity(const AnalyzedWord& word) const {
    if (word.is_number || has_kazakh_letter(word.word) || expansion_.respelt_as_kazakh(word))
        return false;
    return word.language == Language::en || word.language == Language::ru;
}

std::vector<Xapian::Query> QueryBuilder::text_queries(
    const Analysis& analysis, std::string_view text, std::size_t offset,
    const schema::TextField* field, BuiltQuery& built,
    std::vector<std::vector<std::string>>* stopwords, std::vector<std::string>* near_words) {
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
            if (near_words) near_words->push_back(pairs_by_proximity(word) ? word.word : "");
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
        const std::vector<std::string> cyrillic = expansion_.kazakh_cyrillic_words(first, end);
        if (!cyrillic.empty()) terms.phrases.push_back(cyrillic);
        if (has_compound && std::any_of(first, end, [&](const AnalyzedWord& part) {
                return expansion_.respelt_as_kazakh(part);
            })) {
            expansion_.add_kazakh_spelling(analysis.compounds[compound_index].word, joined);
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
        if (near_words) near_words->emplace_back();
        i = last;
    }
    return queries;
}

Xapian::Query QueryBuilder::phrase_query(std::string_view text, std::size_t offset,
                                         const schema::TextField* field, QueryTerms& terms,
                                         bool* function_words_only) {
    const Analysis analysis = analyzer_.analyze(text, Language::unknown);
    if (analysis.words.empty()) throw QueryError("the quoted phrase has no words", offset);
    if (function_words_only) {
        *function_words_only =
            std::all_of(analysis.words.begin(), analysis.words.end(),
                        [&](const AnalyzedWord& word) { return is_query_stopword(word); });
    }
    std::vector<std::string> words;
    for (const auto& word : analysis.words) words.push_back(word.word);
    // Kazakh typed in Latin letters or without its own letters: the phrase also as the Cyrillic
    // words it spells ("jūmsaq küş", "жумсак куш" find «жұмсақ күш»).
    const std::vector<std::string> cyrillic =
        expansion_.kazakh_cyrillic_words(analysis.words.begin(), analysis.words.end());
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
        // Its words in any inflection: "мягкая сила" finds «мягкой силы», "жұмсақ күш"
        // «жұмсақ күшін». For the snippets, the phrase of their match terms too.
        // Up to 16 words (a title's worth): each looks its forms up among 300 words of the
        // database, so a longer phrase is matched as written.
        constexpr std::size_t max_inflected_words = 16;
        std::vector<std::vector<std::string>> forms;
        bool inflected = false;
        if (analysis.words.size() <= max_inflected_words) {
            for (const auto& word : analysis.words) {
                forms.push_back(inflections(word));
                inflected = inflected || forms.back().size() > 1;
            }
        }
        if (inflected) {
            std::vector<std::string>& stems = terms.phrases.emplace_back();
            for (const auto& word : analysis.words) stems.push_back(word.match_term);
        }
        query = across_fields(field, [&](std::string_view prefix) {
            Xapian::Query in_words =
                inflected ? phrase_of(prefix, forms) : phrase_of(prefix, words);
            if (cyrillic.empty()) return in_words;
            return Xapian::Query(Xapian::Query::OP_OR, in_words, phrase_of(prefix, cyrillic));
        });
    }
    // A word typed in Latin letters or without Kazakh ones that running text has in no spelling
    // («Aqtaban şūbyryndy», «Inkvizitsiia»): its Cyrillic letters are not known, so no Cyrillic
    // phrase can be spelt. The phrase also matches all of its words, each as a query word
    // does (by the stem or the search keys of its Cyrillic spelling).
    const auto unspellable = [&](const AnalyzedWord& word) {
        return expansion_.respelt_as_kazakh(word) && !has_kazakh_letter(word.word) &&
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

bool has_letter_or_digit(std::string_view text) {
    for (const char32_t c : utf8_decode(text)) {
        if (u_isalnum(static_cast<UChar32>(c))) return true;
    }
    return false;
}

void sort_unique(std::vector<std::string>& terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
}

}  // namespace

BuiltQuery QueryBuilder::build(std::string_view query, bool expand,
                               const std::vector<std::string>& feedback) {
    const QueryNode tree = parse_query(query);
    if (tree.kind == QueryNode::Kind::run) return build_run(query, tree, expand, feedback);
    BuiltQuery built;
    NodeQuery whole = build_node(query, tree, expand, built);
    built.query = std::move(whole.query);
    built.matched = std::move(whole.matched);
    // OR-ed into a boolean query the stems would loosen its AND and NOT: they only reorder.
    if (Xapian::Query more = feedback_query(feedback); !more.empty())
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, more);
    built.language = expansion_.query_language(query);
    sort_unique(built.terms.terms);
    sort_unique(built.expanded_terms.terms);
    sort_unique(built.translated_terms);
    return built;
}

QueryBuilder::NodeQuery QueryBuilder::build_node(std::string_view query, const QueryNode& node,
                                                 bool expand, BuiltQuery& out) {
    const auto each = [&](const std::vector<QueryNode>& nodes) {
        std::vector<NodeQuery> queries;
        for (const QueryNode& child : nodes)
            queries.push_back(build_node(query, child, expand, out));
        return queries;
    };
    // Operands of one operator make one query, not nested pairs, so that a long chain
    // (a OR b OR …) costs no stack in Xapian either.
    const auto combine = [](Xapian::Query::op op, const std::vector<NodeQuery>& queries) {
        if (queries.size() == 1) return queries.front();
        std::vector<Xapian::Query> weighted;
        std::vector<Xapian::Query> matched;
        for (const NodeQuery& each : queries) {
            weighted.push_back(each.query);
            matched.push_back(each.matched);
        }
        return NodeQuery{Xapian::Query(op, weighted.begin(), weighted.end()),
                         Xapian::Query(op, matched.begin(), matched.end())};
    };
    switch (node.kind) {
        case QueryNode::Kind::run: {
            BuiltQuery part = build_run(query, node, expand);
            out.words.insert(out.words.end(), part.words.begin(), part.words.end());
            out.translated_terms.insert(out.translated_terms.end(), part.translated_terms.begin(),
                                        part.translated_terms.end());
            for (auto [into, from] : {std::pair{&out.terms, &part.terms},
                                      std::pair{&out.expanded_terms, &part.expanded_terms}}) {
                into->terms.insert(into->terms.end(), from->terms.begin(), from->terms.end());
                into->phrases.insert(into->phrases.end(), from->phrases.begin(),
                                     from->phrases.end());
                into->prefixes.insert(into->prefixes.end(), from->prefixes.begin(),
                                      from->prefixes.end());
            }
            return NodeQuery{part.query, part.matched};
        }
        case QueryNode::Kind::group:
            return build_node(query, node.children.front(), expand, out);
        case QueryNode::Kind::side_by_side: {
            // Punctuation beside a group ("(в градусах Цельсия)?", "soft (power).") is a run
            // with nothing in it: left out, not "no words to search for", when something else
            // stands beside it.
            std::vector<QueryNode> searched;
            for (const QueryNode& child : node.children) {
                if (child.kind != QueryNode::Kind::run ||
                    has_letter_or_digit(query.substr(child.begin, child.end - child.begin)))
                    searched.push_back(child);
            }
            return combine(Xapian::Query::OP_OR, each(searched.empty() ? node.children : searched));
        }
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
    std::vector<NodeQuery> required, excluded;
    for (const auto& [side, is_excluded] : sides)
        (is_excluded ? excluded : required).push_back(build_node(query, *side, expand, out));
    if (excluded.empty()) return combine(Xapian::Query::OP_AND, required);
    const NodeQuery kept = combine(Xapian::Query::OP_AND, required);
    const NodeQuery left_out = combine(Xapian::Query::OP_OR, excluded);
    return NodeQuery{Xapian::Query(Xapian::Query::OP_AND_NOT, kept.query, left_out.query),
                     Xapian::Query(Xapian::Query::OP_AND_NOT, kept.matched, left_out.query)};
}

namespace {

/// Whether Xapian checks positions to match `query` (a phrase or NEAR in it).
bool has_positions(const Xapian::Query& query) {
    const Xapian::Query::op type = query.get_type();
    if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (has_positions(query.get_subquery(i))) return true;
    }
    return false;
}

/// A phrase across the fields as an OR of its fields instead of one OP_SYNONYM
/// (across_fields). A synonym's wdf is the sum of its parts', which for a phrase Xapian counts
/// by reading the positions of every record that has all its words, while OR-ed it reads them
/// only for the records that could rank. For a phrase of function words, which most records
/// have, that is the difference between 168 ms and 13 ms (`"of the"`, 172,460 records); other
/// phrases keep the synonym's ranking (OR-ed, KazQAD-dev fell by 0.0065: «Абай жолы»).
Xapian::Query fields_apart(const Xapian::Query& item) {
    if (item.get_type() != Xapian::Query::OP_SYNONYM || !has_positions(item)) return item;
    std::vector<Xapian::Query> fields;
    for (std::size_t i = 0; i < item.get_num_subqueries(); ++i)
        fields.push_back(item.get_subquery(i));
    return Xapian::Query(Xapian::Query::OP_OR, fields.begin(), fields.end());
}

/// A phrase that only one field can have (the database has its words in no other field) as
/// itself, not as an OP_SYNONYM of one part. Under the synonym Xapian checks the positions of
/// every record with all its words, for the synonym's wdf; alone, only of those that could
/// rank, and its weight is its words'. Over the 500 bench queries on 172,460 records
/// (`"the people"` 39 -> 6 ms alone): mean 4.73, 4.44, 4.37 -> 4.30, 4.10, 3.94 ms, p99 26.0,
/// 19.5, 19.9 -> 20.7, 18.9, 18.4 ms; bench/eval unchanged but KazQAD-dev +0.0006 (3 queries).
Xapian::Query lone_field(const Xapian::Query& item) {
    if (item.get_type() != Xapian::Query::OP_SYNONYM || item.get_num_subqueries() != 1 ||
        !has_positions(item))
        return item;
    return item.get_subquery(0);
}

}  // namespace

// The parts of a run being built: its words' queries by where they go, and what the thesaurus,
// names and stopwords need to know of them.
struct QueryBuilder::Run {
    Run(QueryBuilder& builder_, bool expand_) : builder(builder_), expand(expand_) {}

    QueryBuilder& builder;
    bool expand;
    BuiltQuery built;
    Xapian::Query feedback;               // stems of pseudo-relevance feedback, weighted
    std::vector<Xapian::Query> items;     // words and phrases: any of them
    std::vector<Xapian::Query> filters;   // year:, lang: ...
    std::vector<Xapian::Query> required;  // +word, +"phrase"
    std::vector<Xapian::Query> excluded;  // -word, -"phrase"
    // The plain words of the query in order, each with its possible match terms, for the
    // thesaurus; an empty entry separates runs (a phrase or a field between them).
    std::vector<std::vector<std::string>> plain_words;
    // The same words' name_spellings (none where plain_words has an empty entry), for names,
    // and whether each was written with a capital (QueryExpansion::expand).
    std::vector<std::vector<std::string>> plain_names;
    std::vector<bool> plain_capitalised;
    // The items that are stopwords (stopwords.h), with their match terms: left out when the
    // query has anything else.
    std::map<std::size_t, std::vector<std::string>> stopword_items;
    // The items left out of the all-words bonus: phrases of function words only.
    std::set<std::size_t> loose_items;
    // The items that are plain English or Russian words, with their word form: what the
    // proximity bonus pairs.
    std::map<std::size_t, std::string> near_items;

    // Where the queries of a word or phrase go: +, - or neither.
    std::vector<Xapian::Query>& destination(char modifier) {
        return modifier == '+' ? required : modifier == '-' ? excluded : items;
    }

    void add(const Clause& clause) {
        switch (clause.kind) {
            case Clause::Kind::phrase: {
                apart();
                bool function_words = false;
                Xapian::Query phrase =
                    builder.phrase_query(clause.text, clause.text_begin, text_field(clause),
                                         built.terms, &function_words);
                if (!clause.modifier && function_words) {
                    // "of the": matched where it could rank only (fields_apart), and no part
                    // of the all-words bonus, whose AND would check it at every record that
                    // has the other words (`allows "as for"`: 45 ms on 172,460 records).
                    loose_items.insert(items.size());
                    phrase = fields_apart(phrase);
                } else {
                    phrase = lone_field(phrase);
                }
                destination(clause.modifier).push_back(std::move(phrase));
                return;
            }
            case Clause::Kind::filter:
                apart();
                filters.push_back(builder.filter(clause.filter));
                return;
            case Clause::Kind::wildcard:
                return add_wildcard(clause);
            case Clause::Kind::words:
                return add_words(clause);
            case Clause::Kind::near:
                return add_near(clause);
        }
    }

    void add_wildcard(const Clause& clause) {
        // Analysed with its *, for the thesaurus, as the words around it are.
        const std::string_view chunk(clause.text.data(), clause.text.size() + 1);
        const Analysis analysis = builder.analyzer_.analyze(chunk, Language::unknown);
        if (clause.field.empty()) {
            note_plain_words(analysis, chunk);
        } else {
            apart();
        }
        destination(clause.modifier)
            .push_back(builder.wildcard_query(clause.text, clause.text_begin, text_field(clause),
                                              built.terms));
    }

    void add_words(const Clause& clause) {
        const Analysis analysis = builder.analyzer_.analyze(clause.text, Language::unknown);
        if (clause.field.empty()) {
            note_plain_words(analysis, clause.text);
        } else {
            apart();
        }
        // Stopwords only among the plain words: a field or a + asks for the word.
        add_queries(analysis, clause, clause.text, destination(clause.modifier),
                    clause.field.empty() && !clause.modifier);
    }

    // NEAR or NEAR/N between two words: both within N words (10) in one field.
    void add_near(const Clause& clause) {
        const Analysis left = builder.analyzer_.analyze(clause.text, Language::unknown);
        note_plain_words(left, clause.text);
        if (!one_word(left))
            throw QueryError("NEAR needs a single word on each side", clause.near_at);
        const std::size_t item = items.size();
        add_queries(left, clause, clause.text, items, true);
        const Analysis right = builder.analyzer_.analyze(clause.right, Language::unknown);
        note_plain_words(right, clause.right);
        if (!one_word(right))
            throw QueryError("NEAR needs a single word on each side", clause.near_at);
        const std::string left_word = left.words.front().word;
        const std::string right_word = right.words.front().word;
        const auto window = static_cast<Xapian::termpos>(clause.window);
        stopword_items.erase(item);
        near_items.erase(item);
        items[item] = builder.across_fields(nullptr, [&](std::string_view prefix) {
            const Xapian::Query words[] = {builder.leaf(in_field(prefix, left_word)),
                                           builder.leaf(in_field(prefix, right_word))};
            return Xapian::Query(Xapian::Query::OP_NEAR, std::begin(words), std::end(words),
                                 window);
        });
        for (const auto& term : builder.expansion_.alternatives(right.words.front()))
            built.terms.terms.push_back(term);
    }

    static bool one_word(const Analysis& analysis) {
        return analysis.words.size() == 1 && analysis.compounds.empty();
    }

    // The queries of a chunk of words into `into`; its stopwords noted when `plain`.
    void add_queries(const Analysis& analysis, const Clause& clause, std::string_view chunk,
                     std::vector<Xapian::Query>& into, bool plain) {
        std::vector<std::vector<std::string>> stopwords;
        std::vector<std::string> near_words;
        auto queries =
            builder.text_queries(analysis, chunk, clause.text_begin, text_field(clause), built,
                                 plain ? &stopwords : nullptr, plain ? &near_words : nullptr);
        for (std::size_t i = 0; i < queries.size(); ++i) {
            if (!stopwords.empty() && !stopwords[i].empty())
                stopword_items.emplace(into.size(), std::move(stopwords[i]));
            if (!near_words.empty() && !near_words[i].empty())
                near_items.emplace(into.size(), std::move(near_words[i]));
            into.push_back(std::move(queries[i]));
        }
    }

    // The plain words of an analysed chunk, for the thesaurus and for names.
    void note_plain_words(const Analysis& analysis, std::string_view chunk) {
        if (!expand) return;
        // A hyphenated word is one word: "anti-soft power" does not name soft power.
        for (std::size_t i = 0; i < analysis.words.size(); ++i) {
            const bool joined =
                analysis.words[i].hyphen_to_next || (i > 0 && analysis.words[i - 1].hyphen_to_next);
            if (joined || analysis.words[i].is_number) {
                apart();
            } else {
                const AnalyzedWord& word = analysis.words[i];
                plain_words.push_back(builder.expansion_.alternatives(word));
                plain_names.push_back(name_spellings(word, chunk));
                plain_capitalised.push_back(written_capitalised(word, chunk));
            }
        }
    }

    void apart() {  // a phrase, a field or a filter between plain words
        plain_words.emplace_back();
        plain_names.emplace_back();
        plain_capitalised.push_back(false);
    }

    // Leaves the stopwords out, and their terms from what snippets mark (unless another word
    // of the query has the same term), when the query has anything else.
    void drop_stopwords() {
        if (stopword_items.empty() || (stopword_items.size() >= items.size() && required.empty()))
            return;
        std::vector<Xapian::Query> kept;
        std::set<std::size_t> kept_loose;
        std::map<std::size_t, std::string> kept_near;  // near_items by their new index
        std::vector<std::string> dropped_terms;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto stopword = stopword_items.find(i);
            if (stopword == stopword_items.end()) {
                if (loose_items.count(i)) kept_loose.insert(kept.size());
                if (const auto near = near_items.find(i); near != near_items.end())
                    kept_near.emplace(kept.size(), std::move(near->second));
                kept.push_back(std::move(items[i]));
            } else {
                dropped_terms.insert(dropped_terms.end(), stopword->second.begin(),
                                     stopword->second.end());
            }
        }
        items = std::move(kept);
        loose_items = std::move(kept_loose);
        near_items = std::move(kept_near);
        auto& terms = built.terms.terms;
        for (const std::string& term : dropped_terms) {
            const auto found = std::find(terms.begin(), terms.end(), term);
            if (found != terms.end()) terms.erase(found);
        }
    }

    // The proximity bonus (proximity_weight): in an English or Russian query, each two
    // consecutive items that are plain words also as an OP_NEAR of their word forms (the terms
    // with positions; stems have none) in the title, abstract or keywords, as one synonym
    // across those fields. Empty for none. The synonym, not an OR, in this AND_MAYBE: with
    // the fields OR-ed Xapian checked positions at every record the words match (p99 785 ms
    // against 27 ms over 172,460 records). The bonus costs 0.45 ms at p50 there (3.38 ->
    // 3.82-3.93 ms).
    Xapian::Query proximity() const {
        if (built.language != Language::en && built.language != Language::ru) return {};
        std::vector<Xapian::Query> pairs;
        for (auto it = near_items.begin(); it != near_items.end(); ++it) {
            const auto next = std::next(it);
            if (next == near_items.end() || next->first != it->first + 1 ||
                next->second == it->second)
                continue;
            std::vector<Xapian::Query> fields;
            for (const std::string_view prefix :
                 {schema::title_prefix, schema::abstract_prefix, schema::keyword_prefix}) {
                const Xapian::Query words[] = {builder.leaf(in_field(prefix, it->second)),
                                               builder.leaf(in_field(prefix, next->second))};
                Xapian::Query near(Xapian::Query::OP_NEAR, std::begin(words), std::end(words),
                                   proximity_window);
                if (!near.empty()) fields.push_back(std::move(near));
            }
            if (!fields.empty())
                pairs.emplace_back(Xapian::Query::OP_SYNONYM, fields.begin(), fields.end());
        }
        if (pairs.empty()) return {};
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                             Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                             proximity_weight);
    }

    // The run's query: any of its words, a bonus for all of them, its expansions below them;
    // then what + requires, what filters narrow, and what - leaves out. Also the same without
    // the bonuses (BuiltQuery::matched).
    void combine() {
        Xapian::Query any;       // the words: what matches
        Xapian::Query weighted;  // the same with the bonuses: how it ranks
        bool bonuses = false;
        if (items.size() == 1) {
            any = weighted = items.front();
        } else if (items.size() > 1) {
            // Any word matches; a record with all of them gets their weights once more, and
            // one with two consecutive words near each other a proximity bonus. The all-words
            // bonus is OR-ed in beside the words, not a part of an OP_AND_MAYBE: the same
            // weights, and 4 to 8 % less of Xapian's match at p50 over 172,460 records
            // (bench/match_parts.cpp, docs/benchmarks.md).
            any = Xapian::Query(Xapian::Query::OP_OR, items.begin(), items.end());
            std::vector<Xapian::Query> bonus;
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (!loose_items.count(i)) bonus.push_back(items[i]);
            }
            weighted = any;
            if (bonus.size() >= 2) {
                std::vector<Xapian::Query> words = items;
                words.emplace_back(Xapian::Query::OP_AND, bonus.begin(), bonus.end());
                weighted = Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
                bonuses = true;
            }
            if (Xapian::Query near = proximity(); !near.empty()) {
                weighted = Xapian::Query(Xapian::Query::OP_AND_MAYBE, weighted, near);
                bonuses = true;
            }
        }
        // Concepts of the thesaurus and names of the other script (query_expansion.h).
        QueryExpansion::Expansions expansions;
        if (expand && !items.empty()) {
            expansions = builder.expansion_.expand(
                plain_words, plain_names, plain_capitalised,
                [&](const std::string& term) {
                    return builder.across_fields(nullptr, [&](std::string_view prefix) {
                        return builder.leaf(in_field(prefix, term));
                    });
                },
                [&](const std::string& term) { return builder.leaf(term); });
        }
        const auto around = [&](Xapian::Query query) {
            if (!expansions.queries.empty()) {
                query = Xapian::Query(
                    Xapian::Query::OP_OR, query,
                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_OR, expansions.queries.begin(),
                                                expansions.queries.end()),
                                  expansion_weight));
            }
            // Pseudo-relevance feedback (Searcher): stems of the best hits, below the words.
            // A query of + words only gets them as a bonus, one of filters only none (its hits
            // have no order to improve).
            if (!feedback.empty() && !items.empty())
                query = Xapian::Query(Xapian::Query::OP_OR, query, feedback);
            if (!required.empty()) {
                // Every + must match; the other words still add to the score.
                Xapian::Query all(Xapian::Query::OP_AND, required.begin(), required.end());
                const Xapian::Query& maybe = items.empty() ? feedback : query;
                query =
                    maybe.empty() ? all : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, maybe);
            }
            if (!filters.empty()) {
                Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
                query = items.empty() && required.empty()
                            ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                            : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
            }
            if (!excluded.empty()) {
                query = Xapian::Query(
                    Xapian::Query::OP_AND_NOT, query,
                    Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
            }
            return query;
        };
        built.query = around(weighted);
        built.matched = bonuses ? around(any) : built.query;
        sort_unique(built.terms.terms);
        built.expanded_terms = built.terms;
        built.expanded_terms.terms.insert(built.expanded_terms.terms.end(),
                                          expansions.terms.begin(), expansions.terms.end());
        sort_unique(built.expanded_terms.terms);
        built.translated_terms = std::move(expansions.translated);
        sort_unique(built.translated_terms);
    }
};

Xapian::Query QueryBuilder::feedback_query(const std::vector<std::string>& feedback) const {
    std::vector<Xapian::Query> stems;
    for (const std::string& stem : feedback) {
        // One term for BM25 across the fields, as a query word is (across_fields).
        std::vector<Xapian::Query> fields;
        for (const auto& field : schema::text_fields) {
            Xapian::Query term = leaf(in_field(field.prefix, stem));
            if (!term.empty()) fields.push_back(std::move(term));
        }
        if (!fields.empty())
            stems.emplace_back(Xapian::Query::OP_SYNONYM, fields.begin(), fields.end());
    }
    if (stems.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, stems.begin(), stems.end()),
                         feedback_weight);
}

BuiltQuery QueryBuilder::build_run(std::string_view whole, const QueryNode& node, bool expand,
                                   const std::vector<std::string>& feedback) {
    const std::string_view text = whole.substr(node.begin, node.end - node.begin);
    expansion_.read_kazakh_spellings(text);
    Run run(*this, expand);
    for (const Clause& clause : node.clauses) run.add(clause);
    if (run.items.empty() && run.filters.empty() && run.required.empty()) {
        throw QueryError(run.excluded.empty() ? "the query has no words to search for"
                                              : "the query has only words to leave out",
                         node.begin);
    }
    run.drop_stopwords();
    run.built.language = expansion_.query_language(text);
    run.feedback = feedback_query(feedback);
    run.combine();
    return std::move(run.built);
}

}  // namespace polsearch
