#include "analysis/stemmer.h"

#include <string_view>

#include "analysis/dictionary.h"
#include "analysis/language_detector.h"
#include "analysis/lexicon.h"
#include "text/memo.h"
#include "text/utf8.h"

namespace polsearch {

Stemmer::Stemmer()
    : english_("english"), russian_("russian"), kazakh_(new KazakhStemImplementation) {}

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Whether Snowball's `stem` ends in а or я and `word` goes on after it with `letter`: the
// shape of a noun ending Snowball took for a verb's (Казахстан → "казахста", капитал →
// "капита").
bool cut_after_a(const std::string& word, const std::string& stem, std::string_view letter) {
    return (ends_with(stem, "а") || ends_with(stem, "я")) && word.size() > stem.size() &&
           word.compare(0, stem.size(), stem) == 0 &&
           word.compare(stem.size(), letter.size(), letter) == 0;
}

// Snowball russian reads the -ан of nouns as a verb ending (н, на, ны after а or я), so it cuts
// Казахстан and Казахстана to "казахста" but Казахстане and Казахстаном to "казахстан": the
// names of Central Asia's countries (and Иран, орган, мусульман) split in two. When the stem
// ends in а or я and the word goes on with н, keep the н: the forms meet again. The cost is
// that short participles (сделан) part from their infinitive (сделать).
std::string repair_russian_an(const std::string& word, std::string stem) {
    if (cut_after_a(word, stem, "н")) stem += "н";
    return stem;
}

// Snowball russian also reads the -л of nouns in -ал/-ял as the past tense (читал, читала:
// "чита"), so капитал, капитала became "капита" but капиталом, капитале "капитал"; likewise
// канал, журнал, потенциал, материал, Арал (whose "ара" then met the Kazakh ара of
// арасындағы). A verb has its infinitive in the dictionary (читать, стараться, попасть); a
// noun has no such word (капитать): for a noun keep the л.
std::string repair_russian_al(const std::string& word, std::string stem) {
    if (cut_after_a(word, stem, "л")) {
        for (const char* infinitive : {"ть", "ться", "сть"}) {
            if (russian_dictionary_has(stem + infinitive)) return stem;
        }
        stem += "л";
    }
    return stem;
}

bool russian_consonant(char32_t c) {
    return std::u32string_view(U"бвгджзклмнпрстфхцчшщ").find(c) != std::u32string_view::npos;
}

// A stem ending in a consonant and -ок, -ек or -ец without its о or е. A masculine noun with a
// fleeting vowel has it in the nominative only (суперкубок, суперкубка: Snowball's
// "суперкубок" and "суперкубк"; казахстанец, казахстанца); one without keeps it in every form
// (Бангкок, Бангкока), so taking it out of every stem that ends so joins the forms of both.
// For words the dictionary lacks: it knows its own nouns' forms.
std::string without_fleeting_vowel(std::string stem) {
    std::u32string letters = utf8_decode(stem);
    const std::size_t n = letters.size();
    if (n < 6 || (letters[n - 1] != U'к' && letters[n - 1] != U'ц') ||
        (letters[n - 2] != U'о' && letters[n - 2] != U'е') || !russian_consonant(letters[n - 3]))
        return stem;
    letters.erase(n - 2, 1);
    return utf8_encode(letters);
}

}  // namespace

std::string Stemmer::russian_stem(const std::string& word) {
    return repair_russian_al(word, repair_russian_an(word, russian_(word)));
}

// Snowball russian also reads the end of many masculine nouns as a verb or adjective ending:
// режим → "реж" (-им), кредит and кредите → "кред" (-ит, -ите), феномен → "феном" (-ен), while
// режима, кредита, феноменом keep "режим", "кредит", "феномен", so a query in one case missed
// records in another. A word that is, or ends in a case ending after, a word ending in a
// consonant that the dictionary has with the endings of a masculine noun (режима, режимом; a
// verb or an adjective has no such forms: говорита, большима) takes that noun as its stem.
std::string Stemmer::russian_noun_stem(const std::string& word) {
    std::string stem = russian_stem(word);
    for (const std::string_view ending : {"", "ом", "ов", "ам", "ах", "а", "у", "е", "ы"}) {
        if (word.size() <= ending.size() || !ends_with(word, ending)) continue;
        const std::string noun = word.substr(0, word.size() - ending.size());
        const std::u32string letters = utf8_decode(noun);
        if (letters.size() < 3 || !russian_consonant(letters.back())) continue;
        if (noun.size() <= stem.size()) return stem;  // Snowball cut no more than the ending
        if (russian_dictionary_has(noun + "а") && russian_dictionary_has(noun + "ом")) return noun;
        return stem;
    }
    return stem;
}

std::string Stemmer::stem(Language language, const std::string& word) {
    switch (language) {
        case Language::en: {
            // Snowball's English stemmer costs ten times a lookup; running text repeats words.
            thread_local detail::Memo made;
            return detail::remembered(made, word,
                                      [this](const std::string& w) { return english_(w); });
        }
        case Language::ru: {
            thread_local detail::Memo made;
            return detail::remembered(made, word, [this](const std::string& w) {
                // A word of the Russian dictionary: its lemma class (lexicon.h), which joins
                // what suffix stripping cannot (ребенок and ребенка, россия and россии) and
                // keeps apart what it over-joins; any other word: Snowball's stem with the
                // repairs above.
                std::string lemma = russian_lemma_class(w);
                return lemma.empty() ? without_fleeting_vowel(russian_noun_stem(w)) : lemma;
            });
        }
        case Language::kk:
            return kazakh_(word);
        case Language::unknown:
            break;
    }
    return word;
}

const Xapian::Stem& Stemmer::xapian_stem(Language language) const {
    switch (language) {
        case Language::ru:
            return russian_;
        case Language::kk:
            return kazakh_;
        default:
            return english_;
    }
}

Language stem_language(Script script, Language field_language, std::string_view word) {
    switch (script) {
        case Script::latin:
            return Language::en;
        case Script::cyrillic:
        case Script::mixed:
            if (field_language == Language::ru || field_language == Language::kk) {
                return field_language;
            }
            return has_kazakh_letter(word) ? Language::kk : Language::ru;
        case Script::other:
            break;
    }
    return Language::unknown;
}

}  // namespace polsearch
