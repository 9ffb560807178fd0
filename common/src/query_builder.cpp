#include "polsearch/query_builder.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "polsearch/error.h"
#include "polsearch/language_detector.h"
#include "polsearch/normalizer.h"

namespace polsearch {

Xapian::Query QueryBuilder::word_query(const AnalyzedWord& word, QueryTerms& terms) {
    if (word.language == Language::unknown) {
        terms.terms.push_back(word.word);
        return Xapian::Query(word.word);
    }
    if (word.language == Language::en || has_kazakh_letter(word.word)) {
        terms.terms.push_back(analyzer_.match_term_in(word.word, word.language));
        return Xapian::Query(terms.terms.back());
    }
    // Cyrillic without a Kazakh letter: Russian or Kazakh, we cannot tell from one word.
    const std::string russian = analyzer_.match_term_in(word.word, Language::ru);
    const std::string kazakh = analyzer_.match_term_in(word.word, Language::kk);
    terms.terms.push_back(russian);
    if (russian == kazakh) return Xapian::Query(russian);
    terms.terms.push_back(kazakh);
    const Xapian::Query alternatives[] = {Xapian::Query(russian), Xapian::Query(kazakh)};
    return Xapian::Query(Xapian::Query::OP_SYNONYM, std::begin(alternatives),
                         std::end(alternatives));
}

std::vector<Xapian::Query> QueryBuilder::text_queries(std::string_view text, QueryTerms& terms) {
    std::vector<Xapian::Query> queries;
    const Analysis analysis = analyzer_.analyze(text, Language::unknown);
    std::size_t compound_index = 0;
    for (std::size_t i = 0; i < analysis.words.size(); ++i) {
        if (!analysis.words[i].hyphen_to_next) {
            queries.push_back(word_query(analysis.words[i], terms));
            continue;
        }
        // A hyphenated word: its parts in a row, or written together.
        std::size_t last = i;
        while (analysis.words[last].hyphen_to_next) ++last;
        std::vector<Xapian::Query> parts;
        std::vector<std::string> part_words;
        for (std::size_t k = i; k <= last; ++k) {
            parts.emplace_back(analysis.words[k].word);
            part_words.push_back(analysis.words[k].word);
        }
        terms.phrases.push_back(std::move(part_words));
        Xapian::Query phrase(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size());
        while (compound_index < analysis.compounds.size() &&
               analysis.compounds[compound_index].first < i) {
            ++compound_index;
        }
        if (compound_index < analysis.compounds.size() &&
            analysis.compounds[compound_index].first == i) {
            const std::string& joined = analysis.compounds[compound_index].match_term;
            terms.terms.push_back(joined);
            queries.emplace_back(Xapian::Query::OP_OR, phrase, Xapian::Query(joined));
        } else {
            queries.push_back(phrase);
        }
        i = last;
    }
    return queries;
}

Xapian::Query QueryBuilder::phrase_query(std::string_view text, std::size_t offset,
                                         QueryTerms& terms) {
    const Analysis analysis = analyzer_.analyze(text, Language::unknown);
    if (analysis.words.empty()) throw QueryError("the quoted phrase has no words", offset);
    if (analysis.words.size() == 1) {
        terms.terms.push_back(analysis.words.front().word);
        return Xapian::Query(analysis.words.front().word);
    }
    std::vector<Xapian::Query> words;
    std::vector<std::string> phrase;
    for (const auto& word : analysis.words) {
        words.emplace_back(word.word);
        phrase.push_back(word.word);
    }
    terms.phrases.push_back(std::move(phrase));
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
}

BuiltQuery QueryBuilder::build(std::string_view query) {
    if (query.size() > max_query_bytes) {
        throw QueryError("the query is longer than " + std::to_string(max_query_bytes) + " bytes",
                         max_query_bytes);
    }
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

    BuiltQuery built;
    std::vector<Xapian::Query> items;
    for (const Part& part : parts) {
        const std::string_view text = query.substr(part.begin, part.end - part.begin);
        if (part.phrase) {
            items.push_back(phrase_query(text, part.begin, built.terms));
        } else {
            for (auto& item : text_queries(text, built.terms)) items.push_back(std::move(item));
        }
    }
    if (items.empty()) throw QueryError("the query has no words to search for", 0);

    built.language = detect_language(query);
    if (items.size() == 1) {
        built.query = items.front();
    } else {
        // Any word matches; a record with all of them gets their weights once more.
        Xapian::Query any(Xapian::Query::OP_OR, items.begin(), items.end());
        Xapian::Query all(Xapian::Query::OP_AND, items.begin(), items.end());
        built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, any, all);
    }
    auto& terms = built.terms.terms;
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return built;
}

}  // namespace polsearch
