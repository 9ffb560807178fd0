#include "polsearch/export.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/name_key.h"
#include "analysis/stopwords.h"
#include "text/normalizer.h"
#include "text/text.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

// The title in the record's language, else the first.
std::string main_text(const std::vector<LocalizedText>& versions, Language language) {
    const LocalizedText* version = pick_version(versions, language, language);
    return version ? version->text : std::string();
}

std::vector<std::string> all_keywords(const Record& record) {
    std::vector<std::string> keywords;
    for (const auto& version : record.keywords) {
        keywords.insert(keywords.end(), version.keywords.begin(), version.keywords.end());
    }
    return keywords;
}

// "145-159" → ("145", "159"); "e12" → ("e12", "").
std::pair<std::string, std::string> page_range(const std::string& pages) {
    const auto dash = pages.find('-');
    if (dash == std::string::npos) return {pages, ""};
    return {pages.substr(0, dash), pages.substr(dash + 1)};
}

// One line per field: a value may not hold a line break in RIS.
std::string one_line(const std::string& text) {
    std::string out;
    for (const char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

std::string bibtex_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '\\':
                out += "\\textbackslash{}";
                break;
            case '{':
                out += "\\{";
                break;
            case '}':
                out += "\\}";
                break;
            case '&':
                out += "\\&";
                break;
            case '%':
                out += "\\%";
                break;
            case '$':
                out += "\\$";
                break;
            case '#':
                out += "\\#";
                break;
            case '_':
                out += "\\_";
                break;
            case '~':
                out += "\\textasciitilde{}";
                break;
            case '^':
                out += "\\textasciicircum{}";
                break;
            case '\n':
            case '\r':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Whether the braces of `text` balance (a '}' never before its '{').
bool braces_balance(std::string_view text) {
    int depth = 0;
    for (const char c : text) {
        if (c == '{') ++depth;
        if (c == '}' && --depth < 0) return false;
    }
    return depth == 0;
}

// A doi or url field as biblatex reads it: verbatim (no escaping: biblatex and biber take
// these fields as they are, and "\_" would end up in the link), on one line. Only the braces
// must balance: when they do not, every brace is percent-encoded (%7B, %7D, as a URL writes
// them), and `encoded` is set so that the entry can say so.
std::string bibtex_verbatim(const std::string& text, bool& encoded) {
    const std::string line = one_line(text);
    encoded = !braces_balance(line);
    if (!encoded) return line;
    std::string out;
    for (const char c : line) {
        if (c == '{')
            out += "%7B";
        else if (c == '}')
            out += "%7D";
        else
            out += c;
    }
    return out;
}

// ---- Names ----

// The code points of `text`, and whether each is a letter.
bool is_cyrillic(std::string_view text) {
    for (const char32_t c : utf8_decode(text)) {
        if (c >= 0x0400 && c <= 0x04FF) return true;
        if (u_isalpha(static_cast<UChar32>(c))) return false;
    }
    return false;
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < text.size()) {
        while (start < text.size() && text[start] == ' ') ++start;
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) words.emplace_back(text.substr(start, end - start));
        start = end;
    }
    return words;
}

// Initials: "M.", "И.", "Zh.", "M.-C.", "J.R.", "И.О.": letters, each group of at most two
// ending in '.', groups maybe joined by '-'.
bool is_initials(std::string_view word) {
    const std::u32string letters = utf8_decode(word);
    if (letters.empty() || letters.back() != U'.') return false;
    std::size_t run = 0;
    for (const char32_t c : letters) {
        if (c == U'.') {
            if (run == 0 || run > 2) return false;
            run = 0;
        } else if (c == U'-') {
            if (run != 0) return false;
        } else if (u_isalpha(static_cast<UChar32>(c))) {
            if (run == 0 && !u_isupper(static_cast<UChar32>(c))) return false;
            ++run;
        } else {
            return false;
        }
    }
    return true;
}

// A word of a personal name written out: a capital letter, then letters, maybe joined by '-'
// or an apostrophe ("Jean-Paul", "O'Neill").
bool is_name_word(std::string_view word) {
    const std::u32string letters = utf8_decode(word);
    if (letters.size() < 2 || !u_isupper(static_cast<UChar32>(letters[0]))) return false;
    bool lower = false;
    for (const char32_t c : letters) {
        if (c == U'-' || c == U'\'' || c == U'\u2019') continue;
        if (!u_isalpha(static_cast<UChar32>(c))) return false;
        lower = lower || u_islower(static_cast<UChar32>(c));
    }
    return lower;  // "UNESCO" is not a name word
}

// A patronymic: Russian -ович/-евич/-овна/-евна/-ична, Kazakh -ұлы/-улы/-қызы/-кызы.
bool is_patronymic(std::string_view word) {
    const std::string lower = normalize_word(word);
    for (const std::string_view ending :
         {"ович", "евич", "овна", "евна", "ична", "ұлы", "улы", "қызы", "кызы", "ьич"}) {
        if (lower.size() > ending.size() + 2 && lower.ends_with(ending)) return true;
    }
    return false;
}

std::string joined(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out.append(out.empty() ? "" : " ").append(words[i]);
    return out;
}

// A personal name split as CSL-JSON wants it: family and given name, or the whole as a
// literal when its form does not tell which is which (an organisation, one word).
struct PersonName {
    std::string family;
    std::string given;
    std::string literal;
};

// "Family, Given"; "Family F." and "Фамилия И. О." (initials after); "F. Family" (before);
// "Given Family" and "Нұрсұлтан Әбішұлы Назарбаев" (written out, family last); "Иванов Иван
// Иванович" (a patronymic last: family first). Anything else a literal.
PersonName parse_person_name(const std::string& name) {
    PersonName out;
    const std::string text = trim(name);
    const auto comma = text.find(',');
    if (comma != std::string::npos) {
        // "Family, Given" as bibliographic data writes it.
        out.family = trim(text.substr(0, comma));
        out.given = trim(text.substr(comma + 1));
        if (!out.family.empty() && !out.given.empty() &&
            text.find(',', comma + 1) == std::string::npos)
            return out;
        return PersonName{{}, {}, text};
    }
    const std::vector<std::string> words = words_of(text);
    const auto all = [&](std::size_t from, std::size_t to, auto&& test) {
        for (std::size_t i = from; i < to; ++i)
            if (!test(words[i])) return false;
        return from < to;
    };
    if (words.size() >= 2 && words.size() <= 4 && is_name_word(words[0]) &&
        all(1, words.size(), is_initials)) {
        // "Last F.", "Фамилия И. О.", "Smith J.R."
        return PersonName{words[0], joined(words, 1, words.size()), {}};
    }
    if (words.size() >= 2 && words.size() <= 4 && all(0, words.size(), is_name_word)) {
        if (words.size() == 3 && is_patronymic(words[2]) && !is_patronymic(words[1])) {
            // "Иванов Иван Иванович": family, given name, patronymic.
            return PersonName{words[0], joined(words, 1, 3), {}};
        }
        // "First Last", "Нұрсұлтан Әбішұлы Назарбаев".
        return PersonName{words.back(), joined(words, 0, words.size() - 1), {}};
    }
    if (words.size() >= 2 && words.size() <= 4 && all(0, words.size() - 1, is_initials) &&
        is_name_word(words.back())) {
        // "M. Laruelle", "И. О. Петров".
        return PersonName{words.back(), joined(words, 0, words.size() - 1), {}};
    }
    return PersonName{{}, {}, text};
}

// ---- People: one author written in two scripts is one person ----

struct Person {
    std::string shown;              ///< the spelling in the record's language's script
    std::vector<std::string> also;  ///< the same person's spelling in the other script
};

// The name key of a person: the family name's and the first initial's (name_key.h), whatever
// the script; empty when the name's form is not known.
std::string person_key(const std::string& author) {
    const PersonName name = parse_person_name(author);
    if (name.family.empty()) return {};
    std::string key;
    for (const std::string& word : words_of(name.family))
        key += name_key(normalize_word(word)) + " ";
    const std::u32string given = utf8_decode(name.given);
    std::string initial;
    if (!given.empty()) utf8_append(initial, given[0]);
    return key + "/" + name_key(normalize_word(initial));
}

std::vector<Person> people(const Record& record) {
    const bool cyrillic = record.language == Language::ru || record.language == Language::kk;
    std::vector<Person> out;
    std::vector<std::string> keys;
    std::vector<bool> scripts;
    for (const std::string& author : record.authors) {
        const std::string key = person_key(author);
        const bool script = is_cyrillic(author);
        std::size_t same = out.size();
        for (std::size_t i = 0; i < out.size() && !key.empty(); ++i) {
            if (keys[i] == key && scripts[i] != script && out[i].also.empty()) same = i;
        }
        if (same == out.size()) {
            out.push_back({author, {}});
            keys.push_back(key);
            scripts.push_back(script);
            continue;
        }
        // The same person in the other script: the record's language's spelling is shown (the
        // first when the language says neither).
        Person& person = out[same];
        if (record.language != Language::unknown && script == cyrillic) {
            person.also.push_back(person.shown);
            person.shown = author;
            scripts[same] = script;
        } else {
            person.also.push_back(author);
        }
    }
    return out;
}

// ---- Citation keys ----

// ASCII letters and digits of `text`, lower case, by ICU's Any-Latin; Latin-ASCII.
std::string ascii_key_part(std::string_view text) {
    thread_local std::unique_ptr<icu::Transliterator> to_ascii = [] {
        UErrorCode status = U_ZERO_ERROR;
        // Any-Latin leaves the letters of Kazakh that Russian lacks as they are (and Latin-ASCII
        // then drops them): they are written first as the Kazakh Latin alphabet of 2021
        // writes them, without its diacritics.
        UParseError where{};
        std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createFromRules(
            "polsearch-key",
            u"Ә > A; ә > a; Ғ > G; ғ > g; Қ > Q; қ > q; Ң > N; ң > n; Ө > O; ө > o; Ұ > U; "
            u"ұ > u; Ү > U; ү > u; Һ > H; һ > h; І > I; і > i; :: Any-Latin; :: Latin-ASCII;",
            UTRANS_FORWARD, where, status));
        return U_SUCCESS(status) ? std::move(made) : nullptr;
    }();
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (to_ascii) to_ascii->transliterate(unicode);
    std::string latin;
    unicode.toUTF8String(latin);
    std::string out;
    for (const char c : latin) {
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
    }
    return out;
}

// The first word of a title that is no stopword ("The 2019 elections" → "2019"), as ASCII;
// words end at anything but a letter or a digit (an apostrophe too: "Russia's" → "russia").
std::string title_word(const std::string& title, Language language) {
    std::string word;
    const auto take = [&]() -> bool {
        if (word.empty()) return false;
        const std::string normal = normalize_word(word);
        const bool stop = is_stopword(normal, language) || is_stopword(normal, Language::en) ||
                          is_stopword(normal, Language::ru) || is_stopword(normal, Language::kk);
        std::string ascii = stop ? std::string() : ascii_key_part(word);
        word.clear();
        if (ascii.empty()) return false;
        word = std::move(ascii);
        return true;
    };
    for (const char32_t c : utf8_decode(title)) {
        if (u_isalnum(static_cast<UChar32>(c))) {
            utf8_append(word, c);
        } else if (take()) {
            return word;
        }
    }
    return take() ? word : std::string();
}

// The key as Zotero and Better BibTeX make it: the first author's family name, the year and
// the first significant word of the title, ASCII ("gubaidullina2025russia"); a, b, c... after
// a key already given in this export.
std::string bibtex_key(const Record& record, const std::vector<Person>& persons,
                       std::set<std::string>& used) {
    std::string key;
    if (!persons.empty()) {
        const PersonName name = parse_person_name(persons.front().shown);
        const std::string family = !name.family.empty() ? name.family : name.literal;
        const std::vector<std::string> words = words_of(family);
        // "van der Berg" → "berg"? Better BibTeX keeps the last word of a family name.
        if (!words.empty()) key = ascii_key_part(words.back());
    }
    if (record.year) key += std::to_string(*record.year);
    key += title_word(main_text(record.title, record.language), record.language);
    if (key.empty()) key = "record";
    std::string unique = key;
    for (int n = 0; used.count(unique); ++n) {
        // a … z, then aa, ab, …
        std::string suffix;
        for (int k = n;; k = k / 26 - 1) {
            suffix.insert(suffix.begin(), static_cast<char>('a' + k % 26));
            if (k < 26) break;
        }
        unique = key + suffix;
    }
    used.insert(unique);
    return unique;
}

}  // namespace

ExportFormat parse_export_format(const std::string& name) {
    if (name == "ris") return ExportFormat::ris;
    if (name == "bibtex") return ExportFormat::bibtex;
    if (name == "csl-json") return ExportFormat::csl_json;
    throw UsageError("unknown export format '" + name + "' (expected ris, bibtex or csl-json)");
}

void write_ris(std::ostream& out, const std::vector<Record>& records) {
    for (const Record& record : records) {
        const auto field = [&](const char* tag, const std::string& value) {
            if (!value.empty()) out << tag << "  - " << one_line(value) << "\r\n";
        };
        field("TY", "JOUR");
        // The title in the record's language; the others as translated titles.
        const LocalizedText* main = pick_version(record.title, record.language, record.language);
        field("TI", main ? main->text : std::string());
        for (const auto& version : record.title)
            if (&version != main) field("TT", version.text);
        // One AU per person; the other script's spelling of the same person in a note.
        std::string also;
        for (const Person& person : people(record)) {
            field("AU", person.shown);
            for (const auto& other : person.also)
                also.append(also.empty() ? "" : "; ").append(other);
        }
        if (!also.empty()) field("N1", "Authors also written: " + also);
        field("AB", main_text(record.abstract, record.language));
        for (const auto& keyword : all_keywords(record)) field("KW", keyword);
        if (record.year) field("PY", std::to_string(*record.year));
        if (record.date.size() == 10) {
            std::string date = record.date;
            for (char& c : date) c = c == '-' ? '/' : c;
            field("DA", date);
        }
        field("T2", record.journal);
        field("VL", record.volume);
        field("IS", record.issue);
        const auto [start, end] = page_range(record.pages);
        field("SP", start);
        field("EP", end);
        field("DO", record.doi);
        field("UR", record.url);
        field("LA", std::string(language_code(record.language)));
        field("ID", record.id);
        out << "ER  - \r\n\r\n";
    }
}

void write_bibtex(std::ostream& out, const std::vector<Record>& records) {
    std::set<std::string> keys;
    for (const Record& record : records) {
        const std::vector<Person> persons = people(record);
        bool doi_encoded = false;
        bool url_encoded = false;
        const std::string doi = bibtex_verbatim(record.doi, doi_encoded);
        const std::string url = bibtex_verbatim(record.url, url_encoded);
        // Outside an entry BibTeX reads nothing: the place for a comment.
        if (doi_encoded) out << "% doi: an unbalanced brace is percent-encoded (%7B, %7D)\n";
        if (url_encoded) out << "% url: an unbalanced brace is percent-encoded (%7B, %7D)\n";
        out << "@article{" << bibtex_key(record, persons, keys);
        const auto field = [&](const char* name, const std::string& value) {
            if (!value.empty()) out << ",\n  " << name << " = {" << bibtex_escape(value) << "}";
        };
        const auto verbatim = [&](const char* name, const std::string& value) {
            if (!value.empty()) out << ",\n  " << name << " = {" << value << "}";
        };
        field("title", main_text(record.title, record.language));
        std::string authors;
        for (const auto& person : persons)
            authors += (authors.empty() ? "" : " and ") + person.shown;
        field("author", authors);
        field("journal", record.journal);
        if (record.year) field("year", std::to_string(*record.year));
        field("volume", record.volume);
        field("number", record.issue);
        const auto [start, end] = page_range(record.pages);
        field("pages", end.empty() ? start : start + "--" + end);
        verbatim("doi", doi);
        verbatim("url", url);
        std::string keywords;
        for (const auto& keyword : all_keywords(record))
            keywords += (keywords.empty() ? "" : ", ") + keyword;
        field("keywords", keywords);
        field("abstract", main_text(record.abstract, record.language));
        field("language", std::string(language_code(record.language)));
        out << "\n}\n\n";
    }
}

void write_csl_json(std::ostream& out, const std::vector<Record>& records) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const Record& record : records) {
        nlohmann::ordered_json item;
        item["id"] = record.id;
        item["type"] = "article-journal";
        item["title"] = main_text(record.title, record.language);
        nlohmann::ordered_json authors = nlohmann::ordered_json::array();
        for (const Person& person : people(record)) {
            const PersonName name = parse_person_name(person.shown);
            if (!name.family.empty()) {
                authors.push_back({{"family", name.family}, {"given", name.given}});
            } else {
                authors.push_back({{"literal", name.literal}});
            }
        }
        item["author"] = std::move(authors);
        const auto put = [&](const char* name, const std::string& value) {
            if (!value.empty()) item[name] = value;
        };
        put("container-title", record.journal);
        put("volume", record.volume);
        put("issue", record.issue);
        put("page", record.pages);
        put("DOI", record.doi);
        put("URL", record.url);
        put("abstract", main_text(record.abstract, record.language));
        std::string keywords;
        for (const auto& keyword : all_keywords(record))
            keywords += (keywords.empty() ? "" : ", ") + keyword;
        put("keyword", keywords);
        put("language", std::string(language_code(record.language)));
        if (record.year) {
            nlohmann::ordered_json parts = nlohmann::ordered_json::array({*record.year});
            if (record.date.size() >= 7) parts.push_back(std::stoi(record.date.substr(5, 2)));
            if (record.date.size() == 10) parts.push_back(std::stoi(record.date.substr(8, 2)));
            item["issued"] = {{"date-parts", nlohmann::ordered_json::array({parts})}};
        }
        items.push_back(std::move(item));
    }
    out << items.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_export(std::ostream& out, const std::vector<Record>& records, ExportFormat format) {
    switch (format) {
        case ExportFormat::ris:
            return write_ris(out, records);
        case ExportFormat::bibtex:
            return write_bibtex(out, records);
        case ExportFormat::csl_json:
            return write_csl_json(out, records);
    }
}

}  // namespace polsearch
