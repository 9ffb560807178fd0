#include "search/snippet.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "analysis/name_key.h"
#include "index/name_terms.h"
#include "index/schema.h"
#include "text/text.h"

namespace polsearch {
namespace {

bool contains(const std::vector<std::string>& sorted, const std::string& term) {
    return std::binary_search(sorted.begin(), sorted.end(), term);
}

// Which words of the analysis match; the identity of what they matched (a term or a phrase of
// the query) for counting distinct matches.
// Whether `terms` has a term that begins with `prefix`.
bool has_prefixed(const std::vector<std::string>& sorted, std::string_view prefix) {
    const auto found = std::lower_bound(sorted.begin(), sorted.end(), prefix);
    return found != sorted.end() && std::string_view(*found).starts_with(prefix);
}

std::string collapse_spaces(std::string_view text, std::vector<std::size_t>& map) {
    // Newlines and runs of spaces become one space; map[i] = new offset of old offset i.
    std::string out;
    map.assign(text.size() + 1, 0);
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        map[i] = out.size();
        const char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!space) out += ' ';
            space = true;
        } else {
            out += c;
            space = false;
        }
    }
    map[text.size()] = out.size();
    return out;
}

}  // namespace

std::vector<const void*> match_words(const Analysis& analysis, std::string_view text,
                                     const QueryTerms& query) {
    const std::vector<std::string>& terms = query.terms;
    // Names of the other script that the query looks for (name_key.h), if any: only then are
    // the name keys of capitalised words of that script worked out.
    const bool latin_names = has_prefixed(terms, schema::latin_name_prefix) ||
                             has_prefixed(terms, schema::latin_skeleton_prefix);
    const bool cyrillic_names = has_prefixed(terms, schema::cyrillic_name_prefix) ||
                                has_prefixed(terms, schema::cyrillic_skeleton_prefix);
    const auto find = [&](const std::string& term) -> const void* {
        const auto found = std::lower_bound(terms.begin(), terms.end(), term);
        return found != terms.end() && *found == term ? &*found : nullptr;
    };
    std::vector<const void*> matched(analysis.words.size(), nullptr);
    for (std::size_t i = 0; i < analysis.words.size(); ++i) {
        const AnalyzedWord& word = analysis.words[i];
        for (const std::string* candidate : {&word.match_term, &word.word, &word.key_term}) {
            if (candidate->empty()) continue;
            if ((matched[i] = find(*candidate))) break;
        }
        // Most words are of the query's own script: the first byte tells (ASCII or not)
        // before anything is decoded.
        const bool ascii = !word.word.empty() && static_cast<unsigned char>(word.word[0]) < 0x80;
        if (!matched[i] && (ascii ? latin_names : cyrillic_names)) {
            const Script script = script_of(word.word);
            if ((script == Script::latin && latin_names) ||
                (script == Script::cyrillic && cyrillic_names)) {
                for (const std::string& term : text_name_terms(word, text)) {
                    if ((matched[i] = find(term))) break;
                }
            }
        }
        for (const std::string& prefix : query.prefixes) {
            if (!matched[i] && word.word.starts_with(prefix)) matched[i] = &prefix;
        }
    }
    for (const auto& phrase : query.phrases) {
        for (std::size_t i = 0; i + phrase.size() <= analysis.words.size(); ++i) {
            std::size_t k = 0;
            // A phrase of words, or of their match terms (inflected forms: query_builder.h).
            while (k < phrase.size() && (analysis.words[i + k].word == phrase[k] ||
                                         analysis.words[i + k].cyrillic_word == phrase[k] ||
                                         analysis.words[i + k].match_term == phrase[k]))
                ++k;
            if (k < phrase.size()) continue;
            for (k = 0; k < phrase.size(); ++k) matched[i + k] = &phrase;
        }
    }
    for (const AnalyzedCompound& compound : analysis.compounds) {
        if (contains(terms, compound.match_term)) {
            const std::string* term =
                &*std::lower_bound(terms.begin(), terms.end(), compound.match_term);
            for (std::size_t k = compound.first; k <= compound.last; ++k) {
                if (!matched[k]) matched[k] = term;
            }
        }
    }
    return matched;
}

namespace {

// `text` in lower case for the scan, byte for byte the same length: ASCII and Cyrillic letters
// (Kazakh ones too) lowered, ё as е, as normalisation writes them; other bytes as they are.
std::string fold_for_scan(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto byte = static_cast<unsigned char>(out[i]);
        if (byte >= 'A' && byte <= 'Z') {
            out[i] = static_cast<char>(byte + 32);
        } else if ((byte == 0xD0 || byte == 0xD1 || byte == 0xD2 || byte == 0xD3) &&
                   i + 1 < out.size()) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            const unsigned code = ((byte & 0x1Fu) << 6) | (next & 0x3Fu);
            unsigned lower = code;
            if (code >= 0x410 && code <= 0x42F)
                lower = code + 0x20;
            else if (code >= 0x400 && code <= 0x40F)
                lower = code + 0x50;
            else if (((code >= 0x490 && code <= 0x4BF) || (code >= 0x4D0 && code <= 0x4FF)) &&
                     code % 2 == 0)
                lower = code + 1;
            if (lower == 0x451 || code == 0x401) lower = 0x435;  // ё as е
            out[i] = static_cast<char>(0xC0 | (lower >> 6));
            out[i + 1] = static_cast<char>(0x80 | (lower & 0x3F));
            ++i;
        }
    }
    return out;
}

// The first `letters` code points of `word`.
std::string_view first_letters(std::string_view word, std::size_t letters) {
    std::size_t end = 0;
    for (std::size_t count = 0; end < word.size() && count < letters; ++count) {
        ++end;
        while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) ++end;
    }
    return word.substr(0, end);
}

bool word_start(std::string_view text, std::size_t at) {
    if (at == 0) return true;
    const auto before = static_cast<unsigned char>(text[at - 1]);
    return before < 0x80 && !std::isalnum(before);
}

}  // namespace

SnippetScan::SnippetScan(const QueryTerms& terms) {
    const auto add = [&](std::string_view word) {
        if (word.empty()) return;
        const std::string key(first_letters(word, 4));
        if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) keys_.push_back(key);
    };
    // A word, or a match term (a phrase of them too: inflected phrases) as its stem.
    const auto add_term = [&](const std::string& term) {
        if (term.empty()) return;
        const char first = term.front();
        if (first == 'Z' && term.size() > 1 && term[1] == '#') return;  // a Kazakh key
        if (first >= 'A' && first <= 'Y') return;  // names and other prefixed terms
        add(first == 'Z' ? std::string_view(term).substr(1) : std::string_view(term));
    };
    for (const std::string& term : terms.terms) add_term(term);
    for (const auto& phrase : terms.phrases)
        for (const std::string& word : phrase) add_term(word);
    for (const std::string& prefix : terms.prefixes) add(prefix);
}

std::optional<std::pair<std::size_t, std::size_t>> SnippetScan::part(std::string_view text,
                                                                     Language language) const {
    if (text.size() <= snippet_scan_bytes || keys_.empty() || language == Language::kk)
        return std::nullopt;
    const std::string folded = fold_for_scan(text);
    std::vector<std::pair<std::size_t, std::size_t>> found;  // (where, which key)
    for (std::size_t key = 0; key < keys_.size(); ++key) {
        for (std::size_t at = folded.find(keys_[key]); at != std::string::npos;
             at = folded.find(keys_[key], at + 1)) {
            if (word_start(folded, at)) found.emplace_back(at, key);
        }
    }
    if (found.empty()) return std::nullopt;
    std::sort(found.begin(), found.end());
    // The span of about a snippet (36 words) with the most different keys, then the most.
    constexpr std::size_t span = 320;
    std::size_t best = 0, best_distinct = 0, best_total = 0;
    std::vector<std::size_t> seen(keys_.size(), 0);
    std::size_t distinct = 0, last = 0;
    for (std::size_t first = 0; first < found.size(); ++first) {
        while (last < found.size() && found[last].first < found[first].first + span) {
            if (seen[found[last].second]++ == 0) ++distinct;
            ++last;
        }
        const std::size_t total = last - first;
        if (distinct > best_distinct || (distinct == best_distinct && total > best_total)) {
            best = found[first].first;
            best_distinct = distinct;
            best_total = total;
        }
        if (--seen[found[first].second] == 0) --distinct;
    }
    // A little before it and what follows, cut at spaces.
    std::size_t begin = best > 150 ? best - 150 : 0;
    std::size_t end = std::min(text.size(), best + span + 150);
    if (begin > 0) {
        const std::size_t space = text.rfind(' ', begin);
        begin = space == std::string_view::npos ? 0 : space + 1;
    }
    if (end < text.size()) {
        const std::size_t space = text.find(' ', end);
        end = space == std::string_view::npos ? text.size() : space;
    }
    return std::make_pair(begin, end - begin);
}

std::string_view snippet_piece(std::string_view text, std::size_t begin) {
    if (begin >= text.size()) return {};
    if (text.size() - begin <= snippet_piece_bytes + snippet_piece_bytes / 2)
        return text.substr(begin);  // no short last piece
    std::size_t end = text.find(' ', begin + snippet_piece_bytes);
    if (end == std::string_view::npos) end = text.size();
    return text.substr(begin, end - begin);
}

void place_in_text(Snippet& snippet, std::size_t begin, std::size_t piece_bytes,
                   std::size_t text_bytes) {
    static constexpr std::string_view ellipsis = "…";
    if (begin > 0 && !std::string_view(snippet.text).starts_with(ellipsis)) {
        const std::string lead = std::string(ellipsis) + " ";
        snippet.text.insert(0, lead);
        for (auto& [from, to] : snippet.highlights) {
            from += lead.size();
            to += lead.size();
        }
    }
    if (begin + piece_bytes < text_bytes && !std::string_view(snippet.text).ends_with(ellipsis))
        snippet.text.append(" ").append(ellipsis);
}

std::size_t count_matches(const Analysis& analysis, std::string_view text,
                          const QueryTerms& terms) {
    return count_matched(match_words(analysis, text, terms));
}

std::size_t count_matched(const std::vector<const void*>& matched) {
    return static_cast<std::size_t>(
        std::count_if(matched.begin(), matched.end(), [](const auto* m) { return m != nullptr; }));
}

Snippet make_snippet(Analyzer& analyzer, std::string_view text, Language language,
                     const QueryTerms& terms) {
    return make_snippet(analyzer.analyze(text, language), text, terms);
}

Snippet make_snippet(const Analysis& analysis, std::string_view text, const QueryTerms& terms) {
    return make_snippet(analysis, text, match_words(analysis, text, terms));
}

Snippet make_snippet(const Analysis& analysis, std::string_view text,
                     const std::vector<const void*>& matched) {
    const std::size_t count = analysis.words.size();

    // The window of words with the most distinct matched terms, then the most matches; the
    // earliest such window wins.
    std::size_t best_start = 0;
    std::size_t best_distinct = 0;
    std::size_t best_total = 0;
    const std::size_t window = std::min(snippet_words, count);
    for (std::size_t start = 0; start + window <= count; ++start) {
        if (start > 0 && !matched[start]) continue;  // windows worth trying start on a match
        std::set<const void*> distinct;
        std::size_t total = 0;
        for (std::size_t k = start; k < start + window; ++k) {
            if (matched[k]) {
                distinct.insert(matched[k]);
                ++total;
            }
        }
        if (distinct.size() > best_distinct ||
            (distinct.size() == best_distinct && total > best_total)) {
            best_start = start;
            best_distinct = distinct.size();
            best_total = total;
        }
    }
    // Start a little before the first match, so it is read in context.
    if (best_start > 0) {
        std::size_t back = std::min<std::size_t>(best_start, 4);
        if (best_start + window - back <= count) best_start -= back;
    }

    Snippet snippet;
    if (count == 0) {
        snippet.text = std::string(text.substr(0, 200));
        return snippet;
    }
    const std::size_t last = std::min(count, best_start + window) - 1;
    const std::size_t begin = best_start == 0 ? 0 : analysis.words[best_start].begin;
    std::size_t end = last + 1 == count ? text.size() : analysis.words[last].end;
    // Keep the sentence-final punctuation right after the last word.
    if (last + 1 < count && end < text.size() &&
        (text[end] == '.' || text[end] == '!' || text[end] == '?')) {
        ++end;
    }
    std::vector<std::size_t> map;
    const std::string_view excerpt = text.substr(begin, end - begin);
    std::string body = collapse_spaces(excerpt, map);
    // Trim spaces at either end (offsets are kept right by trimming the front via prefix).
    std::size_t front_trim = 0;
    while (front_trim < body.size() && body[front_trim] == ' ') ++front_trim;
    while (!body.empty() && body.back() == ' ') body.pop_back();
    const std::string prefix = begin > 0 ? "… " : "";
    snippet.text = prefix + body.substr(front_trim);
    if (last + 1 < count) snippet.text += " …";
    for (std::size_t k = best_start; k <= last; ++k) {
        if (!matched[k]) continue;
        ++snippet.matched_words;
        const std::size_t from = map[analysis.words[k].begin - begin] - front_trim + prefix.size();
        const std::size_t to = map[analysis.words[k].end - begin] - front_trim + prefix.size();
        if (!snippet.highlights.empty() && snippet.highlights.back().second + 1 >= from &&
            snippet.text
                    .substr(snippet.highlights.back().second,
                            from - snippet.highlights.back().second)
                    .find_first_not_of(" -") == std::string::npos) {
            snippet.highlights.back().second = to;  // "soft power": one highlight
        } else {
            snippet.highlights.emplace_back(from, to);
        }
    }
    return snippet;
}

std::string snippet_html(const Snippet& snippet) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [from, to] : snippet.highlights) {
        append_escaped(out, std::string_view(snippet.text).substr(at, from - at));
        out += "<mark>";
        append_escaped(out, std::string_view(snippet.text).substr(from, to - from));
        out += "</mark>";
        at = to;
    }
    append_escaped(out, std::string_view(snippet.text).substr(at));
    return out;
}

std::string snippet_marked(const Snippet& snippet, std::string_view open, std::string_view close) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [from, to] : snippet.highlights) {
        out.append(snippet.text, at, from - at);
        out += open;
        out.append(snippet.text, from, to - from);
        out += close;
        at = to;
    }
    out.append(snippet.text, at);
    return out;
}

}  // namespace polsearch
