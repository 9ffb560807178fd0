#include "search/thesaurus.h"

#include <fstream>
#include <sstream>

#include "polsearch/error.h"
#include "text/text.h"
#include "text/utf8.h"

namespace polsearch {

// common/data/thesaurus.txt as Thesaurus::compiled() writes it, compiled in (generated at
// build time by polsearch-make-thesaurus, common/thesaurus/make_thesaurus.cpp).
extern const char* const thesaurus_compiled;

namespace {

std::string key_of(const std::vector<std::string>& terms) {
    std::string key;
    for (const auto& term : terms) key += (key.empty() ? "" : " ") + term;
    return key;
}

}  // namespace

const Thesaurus& Thesaurus::built_in() {
    static const Thesaurus thesaurus = [] {
        Thesaurus t;
        t.add_compiled(thesaurus_compiled, "built-in thesaurus");
        return t;
    }();
    return thesaurus;
}

void Thesaurus::add_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the thesaurus");
    std::ostringstream text;
    text << in.rdbuf();
    add_text(text.str(), path);
}

void Thesaurus::add_text(std::string_view text, const std::string& source) {
    std::size_t line_number = 0;
    for (const std::string_view raw : split_all(text, '\n')) {
        ++line_number;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        const std::string where = source + ":" + std::to_string(line_number);
        if (const std::size_t bad = utf8_invalid_offset(raw); bad < raw.size()) {
            throw InputError(where, "not UTF-8 at byte " + std::to_string(bad + 1) +
                                        " of the line (a thesaurus is a UTF-8 text file)");
        }
        const std::vector<std::string_view> fields = split_all(line, '\t');
        const std::string id = trim(fields[0]);
        if (id.empty() || fields.size() < 2) {
            throw InputError(where,
                             "a concept needs an id and at least one 'lang: label' field, "
                             "separated by tabs");
        }
        Concept incoming;
        incoming.id = id;
        for (std::size_t f = 1; f < fields.size(); ++f) {
            const std::string field = trim(fields[f]);
            if (field.empty()) continue;
            const auto colon = field.find(':');
            const auto language = colon == std::string::npos
                                      ? std::nullopt
                                      : parse_language(trim(field.substr(0, colon)));
            if (!language) {
                throw InputError(where,
                                 "field '" + excerpt(field) + "' must start with en:, ru: or kk:");
            }
            for (const std::string_view variant :
                 split_all(std::string_view(field).substr(colon + 1), '|')) {
                ThesaurusLabel label;
                label.language = *language;
                label.text = trim(variant);
                if (label.text.empty()) continue;
                bool keyed = *language == Language::kk;
                for (const AnalyzedWord& word : analyzer_.analyze(label.text, *language).words) {
                    label.terms.push_back(word.match_term);
                    label.key_terms.push_back(word.key_term);
                    keyed = keyed && !word.key_term.empty();
                }
                if (!keyed) label.key_terms.clear();
                if (!label.terms.empty()) incoming.labels.push_back(std::move(label));
            }
        }
        if (incoming.labels.empty())
            throw InputError(where, "concept '" + excerpt(id) + "' has no label");
        const auto known = by_id_.find(id);
        std::size_t index;
        if (known == by_id_.end()) {
            index = concepts_.size();
            by_id_.emplace(id, index);
            concepts_.push_back(std::move(incoming));
        } else {
            index = known->second;
            for (auto& label : incoming.labels) concepts_[index].labels.push_back(std::move(label));
        }
    }
    index_all();
}

void Thesaurus::index_all() {
    // Pointers into concepts_ may have moved: index everything again.
    by_terms_.clear();
    longest_label_ = 0;
    for (std::size_t index = 0; index < concepts_.size(); ++index) index_concept(index);
}

std::string Thesaurus::compiled() const {
    const auto joined = [](const std::vector<std::string>& terms) {
        std::string out;
        for (const auto& term : terms) {
            if (term.empty() || term.find_first_of(" \t\n") != std::string::npos)
                throw Error("thesaurus term '" + term + "' cannot be compiled");
            out += (out.empty() ? "" : " ") + term;
        }
        return out;
    };
    std::string out;
    for (const Concept& entry : concepts_) {
        for (const ThesaurusLabel& label : entry.labels) {
            out += entry.id + "\t" + std::string(language_code(label.language)) + "\t" +
                   label.text + "\t" + joined(label.terms) + "\t" + joined(label.key_terms) + "\n";
        }
    }
    return out;
}

void Thesaurus::add_compiled(std::string_view compiled, const std::string& source) {
    std::size_t line_number = 0;
    for (const std::string_view line : split_all(compiled, '\n')) {
        ++line_number;
        if (line.empty()) continue;
        const std::vector<std::string_view> fields = split_all(line, '\t');
        const auto language = fields.size() == 5 ? parse_language(fields[1]) : std::nullopt;
        if (!language || fields[0].empty() || fields[3].empty()) {
            throw InputError(source + ":" + std::to_string(line_number),
                             "not a line of a compiled thesaurus");
        }
        ThesaurusLabel label;
        label.language = *language;
        label.text = std::string(fields[2]);
        for (const std::string_view term : split_all(fields[3], ' '))
            label.terms.emplace_back(term);
        if (!fields[4].empty()) {
            for (const std::string_view term : split_all(fields[4], ' '))
                label.key_terms.emplace_back(term);
        }
        const std::string id(fields[0]);
        const auto known = by_id_.find(id);
        if (known == by_id_.end()) {
            by_id_.emplace(id, concepts_.size());
            concepts_.push_back(Concept{id, {}});
            concepts_.back().labels.push_back(std::move(label));
        } else {
            concepts_[known->second].labels.push_back(std::move(label));
        }
    }
    index_all();
}

void Thesaurus::index_concept(std::size_t index) {
    const Concept& entry = concepts_[index];
    for (std::size_t l = 0; l < entry.labels.size(); ++l) {
        by_terms_[key_of(entry.labels[l].terms)].emplace_back(index, l);
        if (!entry.labels[l].key_terms.empty())
            by_terms_[key_of(entry.labels[l].key_terms)].emplace_back(index, l);
        longest_label_ = std::max(longest_label_, entry.labels[l].terms.size());
    }
}

std::vector<ConceptMatch> Thesaurus::find(
    const std::vector<std::vector<std::string>>& alternatives) const {
    std::vector<ConceptMatch> matches;
    const std::size_t count = alternatives.size();
    for (std::size_t first = 0; first < count;) {
        bool found = false;
        for (std::size_t length = std::min(longest_label_, count - first); length > 0 && !found;
             --length) {
            // Every combination of the words' alternatives (at most a few: words have one or
            // two), depth first.
            std::vector<std::size_t> choice(length, 0);
            while (true) {
                std::vector<std::string> terms;
                for (std::size_t k = 0; k < length; ++k) {
                    terms.push_back(alternatives[first + k][choice[k]]);
                }
                const auto it = by_terms_.find(key_of(terms));
                if (it != by_terms_.end()) {
                    const auto [concept_index, label_index] = it->second.front();
                    matches.push_back({first, first + length - 1, &concepts_[concept_index],
                                       &concepts_[concept_index].labels[label_index]});
                    first += length;
                    found = true;
                    break;
                }
                std::size_t k = 0;
                while (k < length && ++choice[k] == alternatives[first + k].size()) choice[k++] = 0;
                if (k == length) break;
            }
        }
        if (!found) ++first;
    }
    return matches;
}

}  // namespace polsearch
