#include "search/translations.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/stopwords.h"
#include "text/text.h"
#include "text/tokenizer.h"

namespace polsearch {

// The two tables of Mueller's dictionary, as polsearch-make-translations writes them
// (common/translations/make_translations.cpp), compiled in.
extern const char* const translations_russian_english;
extern const char* const translations_english_russian;
extern const std::uint32_t translations_russian_english_lines[];
extern const std::size_t translations_russian_english_line_count;
extern const std::uint32_t translations_english_russian_lines[];
extern const std::size_t translations_english_russian_line_count;

namespace {

bool has_latin(std::string_view text) {
    return count_letters(text).latin > 0;
}

bool has_cyrillic(std::string_view text) {
    return count_letters(text).cyrillic > 0;
}

// A word of Cyrillic letters only (no hyphen, digit or Latin letter).
bool cyrillic_word(std::string_view text) {
    if (text.empty()) return false;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0xD0 || lead > 0xD3) return false;
    }
    return text.size() % 2 == 0;
}

// The body without transcriptions ([...]) and notes ((...)), on one line.
std::string without_brackets(std::string_view body) {
    std::string out;
    int square = 0;
    int round = 0;
    for (const char c : body) {
        if (c == '[') {
            ++square;
        } else if (c == ']') {
            square = std::max(0, square - 1);
        } else if (c == '(') {
            ++round;
        } else if (c == ')' && round > 0) {
            --round;
        } else if (square == 0 && round == 0) {
            out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        }
    }
    return out;
}

// "1." and "1)" start a part of speech and a sense.
bool sense_number(std::string_view token) {
    if (token.size() < 2 || (token.back() != '.' && token.back() != ')')) return false;
    return std::all_of(token.begin(), token.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

// The translations of one sense's text, in order: its ';'-separated groups of ','-separated
// words, up to the first group that begins with an English word (an example).
void add_sense(const std::string& sense, std::vector<std::string>& out) {
    for (const std::string_view group : split_all(sense, ';')) {
        const std::string trimmed = trim(group);
        const std::string first = trimmed.substr(0, trimmed.find(' '));
        if (has_latin(first)) return;  // an example: the rest of the sense is examples
        for (const std::string_view item : split_all(trimmed, ',')) {
            std::string word = trim(item);
            while (!word.empty() && (word.back() == '.' || word.back() == ':' ||
                                     word.back() == '!' || word.back() == '?'))
                word.pop_back();
            if (has_latin(word)) break;
            if (!cyrillic_word(word)) continue;
            if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
        }
    }
}

}  // namespace

std::vector<std::string> mueller_translations(std::string_view body, std::size_t senses) {
    std::vector<std::string> out;
    std::vector<std::string> parts(1);
    const std::string text = without_brackets(body);
    for (const std::string_view token : split_all(text, ' ')) {
        if (token.empty() || token.front() == '_') continue;  // a grammar mark: _n., _pl.
        if (sense_number(token)) {
            if (!trim(parts.back()).empty()) parts.emplace_back();
            continue;
        }
        parts.back() += std::string(token) + " ";
    }
    std::size_t taken = 0;
    for (const std::string& part : parts) {
        if (taken == senses) break;
        const std::size_t before = out.size();
        if (has_cyrillic(part)) add_sense(part, out);
        if (out.size() > before) ++taken;
    }
    return out;
}

TranslationTables make_translation_tables(std::string_view dictionary, Analyzer& analyzer) {
    std::map<std::string, std::set<std::string>> russian_english;
    std::map<std::string, std::set<std::string>> english_russian;
    std::unordered_map<std::string, std::string> russian_terms;  // word → term ("" if none)
    const auto term_of = [&](const std::string& text, Language language) -> std::string {
        const Analysis analysis = analyzer.analyze(text, language);
        if (analysis.words.size() != 1 || analysis.words[0].is_number ||
            is_stopword(analysis.words[0].word, language))
            return {};
        return analysis.words[0].match_term;
    };
    TranslationTables tables;
    const auto add_entry = [&](const std::string& headword, const std::string& body) {
        if (headword.empty() || !std::all_of(headword.begin(), headword.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            }))
            return;  // a phrase, an abbreviation, the dictionary's own entries
        const std::string english = term_of(headword, Language::en);
        if (english.empty()) return;
        bool kept = false;
        for (const std::string& word : mueller_translations(body)) {
            auto known = russian_terms.find(word);
            if (known == russian_terms.end())
                known = russian_terms.emplace(word, term_of(word, Language::ru)).first;
            if (known->second.empty()) continue;
            russian_english[known->second].insert(english);
            english_russian[english].insert(known->second);
            kept = true;
        }
        if (kept) ++tables.headwords;
    };
    std::string headword;
    std::string body;
    for (const std::string_view line : split_all(dictionary, '\n')) {
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t') {
            body += std::string(line) + "\n";
            continue;
        }
        add_entry(headword, body);
        headword = trim(line);
        body.clear();
    }
    add_entry(headword, body);
    const auto write = [](const std::map<std::string, std::set<std::string>>& table) {
        std::string out;
        for (const auto& [key, values] : table) {
            out += key + "\t";
            bool first = true;
            for (const std::string& value : values) {
                out += (first ? "" : " ") + value;
                first = false;
            }
            out += "\n";
        }
        return out;
    };
    tables.russian_english = write(russian_english);
    tables.english_russian = write(english_russian);
    return tables;
}

std::vector<std::uint32_t> line_starts(std::string_view table) {
    std::vector<std::uint32_t> starts;
    std::size_t at = 0;
    while (at < table.size()) {
        const std::size_t end = std::min(table.find('\n', at), table.size());
        if (end > at) starts.push_back(static_cast<std::uint32_t>(at));
        at = end + 1;
    }
    return starts;
}

Translations::Table::Table(std::string_view table)
    : text(table), scanned(line_starts(table)), lines(scanned) {}

Translations::Table::Table(std::string_view table, std::span<const std::uint32_t> starts)
    : text(table), lines(starts) {}

std::vector<std::string_view> Translations::Table::find(std::string_view key) const {
    const auto key_at = [&](std::uint32_t start) {
        const std::string_view line = text.substr(start);
        return line.substr(0, line.find('\t'));
    };
    const auto found = std::lower_bound(
        lines.begin(), lines.end(), key,
        [&](std::uint32_t start, std::string_view wanted) { return key_at(start) < wanted; });
    if (found == lines.end() || key_at(*found) != key) return {};
    std::string_view values = text.substr(*found + key.size() + 1);
    values = values.substr(0, values.find('\n'));
    std::vector<std::string_view> out;
    for (const std::string_view value : split_all(values, ' '))
        if (!value.empty()) out.push_back(value);
    return out;
}

Translations::Translations(std::string_view russian_english, std::string_view english_russian)
    : russian_english_(russian_english), english_russian_(english_russian) {}

Translations::Translations(std::string_view russian_english,
                           std::span<const std::uint32_t> russian_lines,
                           std::string_view english_russian,
                           std::span<const std::uint32_t> english_lines)
    : russian_english_(russian_english, russian_lines),
      english_russian_(english_russian, english_lines) {}

const Translations& Translations::built_in() {
    static const Translations translations(
        translations_russian_english,
        {translations_russian_english_lines, translations_russian_english_line_count},
        translations_english_russian,
        {translations_english_russian_lines, translations_english_russian_line_count});
    return translations;
}

std::vector<std::string_view> Translations::english_of(std::string_view russian_term) const {
    return russian_english_.find(russian_term);
}

std::vector<std::string_view> Translations::russian_of(std::string_view english_term) const {
    return english_russian_.find(english_term);
}

}  // namespace polsearch
