#include "index/name_terms.h"

#include <algorithm>

#include "analysis/stopwords.h"
#include "index/schema.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

bool is_any_stopword(std::string_view word) {
    return is_stopword(word, Language::en) || is_stopword(word, Language::ru) ||
           is_stopword(word, Language::kk);
}

// prefix + the name key of each of `forms` that has a letter, without repeats, and, with a
// skeleton_prefix, skeleton_prefix + the name skeleton of each (name_skeleton). A form that
// repeats an earlier one (most words are their own base) is not transliterated again.
std::vector<std::string> name_terms(std::string_view prefix, std::string_view skeleton_prefix,
                                    std::initializer_list<std::string> forms) {
    std::vector<std::string> terms;
    const auto add = [&](std::string term) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end())
            terms.push_back(std::move(term));
    };
    for (auto form = forms.begin(); form != forms.end(); ++form) {
        if (std::find(forms.begin(), form, *form) != form) continue;
        const std::string key = name_key(*form);
        if (std::none_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            continue;
        add(schema::boolean_term(prefix, key));
        if (skeleton_prefix.empty()) continue;
        if (const std::string skeleton = name_skeleton(key); !skeleton.empty())
            add(schema::boolean_term(skeleton_prefix, skeleton));
    }
    return terms;
}

}  // namespace

std::vector<std::string> text_name_terms(std::string_view word, Language language) {
    const Script script = script_of(word);
    if (script != Script::latin && script != Script::cyrillic) return {};
    if (is_any_stopword(word)) return {};
    const bool latin = script == Script::latin;
    return name_terms(latin ? schema::latin_name_prefix : schema::cyrillic_name_prefix,
                      latin ? schema::latin_skeleton_prefix : schema::cyrillic_skeleton_prefix,
                      {std::string(word), name_base(word, language)});
}

bool written_capitalised(const AnalyzedWord& word, std::string_view text) {
    return word.begin <= word.end && word.end <= text.size() &&
           starts_upper(text.substr(word.begin, word.end - word.begin));
}

std::vector<std::string> text_name_terms(const AnalyzedWord& word, std::string_view text) {
    if (word.is_number || !written_capitalised(word, text)) return {};
    // A stopword is one in its normalised spelling (её is ее).
    if (is_any_stopword(word.word)) return {};
    // Every capitalised word of every record comes here: its other spelling (name_spellings)
    // is looked for without copying the word.
    std::vector<std::string> terms = text_name_terms(word.word, word.language);
    if (const std::string other = other_name_spelling(word, text); !other.empty()) {
        for (std::string& term : text_name_terms(other, word.language)) {
            if (std::find(terms.begin(), terms.end(), term) == terms.end())
                terms.push_back(std::move(term));
        }
    }
    return terms;
}

std::vector<std::string> other_script_name_terms(std::string_view word, bool skeletons) {
    const Script script = script_of(word);
    if (script != Script::latin && script != Script::cyrillic) return {};
    if (utf8_length(word) < 3 || is_any_stopword(word)) return {};
    if (script == Script::latin) {
        return name_terms(schema::cyrillic_name_prefix,
                          skeletons ? schema::cyrillic_skeleton_prefix : std::string_view(),
                          {std::string(word), name_base(word, Language::en)});
    }
    return name_terms(
        schema::latin_name_prefix, skeletons ? schema::latin_skeleton_prefix : std::string_view(),
        {std::string(word), name_base(word, Language::ru), name_base(word, Language::kk)});
}

}  // namespace polsearch
