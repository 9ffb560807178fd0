#include "index/document_builder.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analysis/language_detector.h"
#include "analysis/name_key.h"
#include "formats/record_io.h"
#include "index/name_terms.h"
#include "index/record_data.h"
#include "index/schema.h"
#include "text/normalizer.h"

namespace polsearch {

void resolve_languages(Record& record) {
    const auto resolve = [&](Language& language, const std::string& text) {
        if (language != Language::unknown) return;
        language = record.language != Language::unknown ? record.language : detect_language(text);
    };
    for (auto& version : record.title) resolve(version.language, version.text);
    for (auto& version : record.abstract) resolve(version.language, version.text);
    for (auto& version : record.keywords) {
        std::string joined;
        for (const auto& keyword : version.keywords) joined += keyword + " ";
        resolve(version.language, joined);
    }
    if (record.language == Language::unknown) {
        // The abstract says more than the title. Versions of a language map come in code
        // order (en, kk, ru), so a map without a record language takes its first.
        const auto& texts = record.abstract.empty() ? record.title : record.abstract;
        if (!texts.empty()) record.language = texts.front().language;
    }
    // Text without letters (a title that is a number) takes the record's language.
    for (auto* versions : {&record.title, &record.abstract}) {
        for (auto& version : *versions) {
            if (version.language == Language::unknown) version.language = record.language;
        }
    }
    for (auto& version : record.keywords) {
        if (version.language == Language::unknown) version.language = record.language;
    }
}

namespace {

// prefix + word
std::string field_term(std::string_view prefix, std::string_view word) {
    std::string term;
    term.reserve(prefix.size() + word.size());
    term.append(prefix).append(word);
    return term;
}

// "Z" + stem → "Z" + prefix + stem
std::string field_stem_term(std::string_view prefix, std::string_view match_term) {
    std::string term;
    term.reserve(prefix.size() + match_term.size());
    term.append(stem_prefix).append(prefix).append(match_term.substr(stem_prefix.size()));
    return term;
}

}  // namespace

Analysis DocumentBuilder::index_text(Xapian::Document& document, std::string_view text,
                                     Language language, std::string_view prefix) {
    const Analysis analysis = analyzer_.analyze(text, language);
    const Xapian::termpos base = position_ + 1;
    const Xapian::termcount weight = schema::text_field(prefix).weight;
    const auto add = [&](const std::string& word, const std::string& match_term,
                         Xapian::termpos position) {
        document.add_posting(field_term(prefix, word), position, weight);
        if (match_term != word) document.add_term(field_stem_term(prefix, match_term), weight);
    };
    for (std::size_t i = 0; i < analysis.words.size(); ++i) {
        const AnalyzedWord& word = analysis.words[i];
        add(word.word, word.match_term, static_cast<Xapian::termpos>(base + i));
        if (!word.key_term.empty())
            document.add_term(field_stem_term(prefix, word.key_term), weight);
        if (!word.cyrillic_word.empty()) {
            document.add_posting(field_term(prefix, word.cyrillic_word),
                                 static_cast<Xapian::termpos>(base + i), weight);
        }
        // A capitalised word may be a name, which a query in the other script finds by its
        // key (authors have keys of their own, schema::name_key_prefix).
        if (prefix != schema::author_prefix) {
            for (const std::string& term : text_name_terms(word, text)) document.add_term(term);
        }
    }
    for (const AnalyzedCompound& compound : analysis.compounds) {
        add(compound.word, compound.match_term,
            static_cast<Xapian::termpos>(base + compound.first));
        if (!compound.key_term.empty())
            document.add_term(field_stem_term(prefix, compound.key_term), weight);
    }
    // Words, not terms: a Kazakh word has more terms (its search key) than an English one.
    words_[static_cast<std::size_t>(language)] +=
        static_cast<Xapian::termcount>(analysis.words.size()) * weight;
    position_ = base + static_cast<Xapian::termpos>(analysis.words.size()) + schema::field_gap;
    return analysis;
}

namespace {

// The facets' values, packed into one value (schema::facets_slot) in
// schema::packed_facet_slots' order: one value read per match when facets are counted, and
// a record's data read over a remote shard carries 7 values, not 13 (xapian-tcpsrv sends each
// as a message of its own). Until 2026-12-07 each was in its own slot too (schema.h); records
// written then keep them, and the searcher counts those slots only for records without the
// packed value (before analysis 44). The documents are otherwise the same: no new analysis
// version, so no database has to be indexed again.
void add_facets(Xapian::Document& document, const Record& record) {
    if (!record.journal.empty()) {
        document.add_boolean_term(
            schema::boolean_term(schema::journal_prefix, normalize_word(record.journal)));
    }
    if (!record.section.empty()) {
        document.add_boolean_term(
            schema::boolean_term(schema::section_prefix, normalize_word(record.section)));
    }
    std::vector<std::string> keywords;
    for (const auto& version : record.keywords) {
        keywords.insert(keywords.end(), version.keywords.begin(), version.keywords.end());
    }
    std::vector<std::string> languages;
    for (const auto* versions : {&record.title, &record.abstract}) {
        for (const auto& version : *versions) {
            if (version.language != Language::unknown) {
                languages.emplace_back(language_code(version.language));
            }
        }
    }
    // In schema::packed_facet_slots' order.
    static_assert(std::size(schema::packed_facet_slots) == 6 &&
                  schema::packed_facet_slots[0] == schema::year_text_slot &&
                  schema::packed_facet_slots[1] == schema::languages_slot &&
                  schema::packed_facet_slots[2] == schema::journal_slot &&
                  schema::packed_facet_slots[3] == schema::section_slot &&
                  schema::packed_facet_slots[4] == schema::keywords_slot &&
                  schema::packed_facet_slots[5] == schema::authors_slot);
    const std::string values[] = {record.year ? std::to_string(*record.year) : std::string(),
                                  join_facet_items(languages),
                                  record.journal,
                                  record.section,
                                  join_facet_items(keywords),
                                  join_facet_items(record.authors)};
    std::string packed;
    for (const std::string& value : values) {
        if (&value != &values[0]) packed += schema::facet_value_separator;
        packed += value;
    }
    document.add_value(schema::facets_slot, packed);
}

}  // namespace

Xapian::Document DocumentBuilder::build(const Record& record) {
    Xapian::Document document;
    position_ = 0;
    words_ = {};
    for (const auto& version : record.title) {
        index_text(document, version.text, version.language, schema::title_prefix);
    }
    for (const auto& version : record.keywords) {
        for (const auto& keyword : version.keywords) {
            index_text(document, keyword, version.language, schema::keyword_prefix);
            document.add_boolean_term(
                schema::boolean_term(schema::whole_keyword_prefix, normalize_word(keyword)));
        }
    }
    for (const auto& version : record.abstract) {
        index_text(document, version.text, version.language, schema::abstract_prefix);
    }
    for (const auto& author : record.authors) {
        // The name key of each word, from the words just indexed (as the query side does).
        for (const AnalyzedWord& word :
             index_text(document, author, Language::unknown, schema::author_prefix).words) {
            for (const std::string& spelling : name_spellings(word, author)) {
                const std::string key = name_key(spelling);
                if (!key.empty())
                    document.add_term(schema::boolean_term(schema::name_key_prefix, key));
            }
        }
        document.add_boolean_term(
            schema::boolean_term(schema::whole_author_prefix, normalize_word(author)));
    }

    document.add_boolean_term(schema::id_term(record.id));
    document.add_boolean_term(schema::sample_term(schema::sample_bucket(record.id)));
    document.add_value(schema::id_slot, record.id);
    if (!record.oai_identifier.empty()) {
        document.add_boolean_term(schema::boolean_term(schema::oai_prefix, record.oai_identifier));
    }
    if (record.language != Language::unknown) {
        const std::string code(language_code(record.language));
        document.add_boolean_term(schema::boolean_term(schema::language_prefix, code));
        document.add_value(schema::language_slot, code);
    }
    // Every language a version is written in is searchable as a language.
    for (const auto* versions : {&record.title, &record.abstract}) {
        for (const auto& version : *versions) {
            if (version.language == Language::unknown) continue;
            document.add_boolean_term(
                schema::boolean_term(schema::language_prefix, language_code(version.language)));
        }
    }
    if (record.year) {
        document.add_boolean_term(
            schema::boolean_term(schema::year_prefix, std::to_string(*record.year)));
        document.add_value(schema::year_slot, Xapian::sortable_serialise(*record.year));
        const std::string date =
            schema::date_value(parse_date(record.date).value_or(Date{*record.year, 0, 0}));
        document.add_value(schema::date_slot, date);
        document.add_value(schema::date_sort_slot, date);
    } else {
        document.add_value(schema::date_sort_slot, "~");
    }
    if (!record.doi.empty()) {
        document.add_boolean_term(schema::boolean_term(schema::doi_prefix, record.doi));
    }
    add_facets(document, record);
    // The length BM25 normalises by: the longest language version's, not the record's.
    const auto shared = static_cast<std::size_t>(Language::unknown);
    Xapian::termcount longest = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) {
        if (i != shared) longest = std::max(longest, words_[i]);
    }
    const Xapian::termcount length = schema::length_scale * (words_[shared] + longest);
    Xapian::termcount wdf_sum = 0;
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
        wdf_sum += term.get_wdf();
    }
    if (length > wdf_sum) document.add_term(std::string(schema::length_term), length - wdf_sum);
    document.set_data(encode_record(record));
    return document;
}

}  // namespace polsearch
