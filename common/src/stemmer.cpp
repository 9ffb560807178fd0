#include "polsearch/stemmer.h"

#include "polsearch/dictionary.h"
#include "polsearch/language_detector.h"

namespace polsearch {

Stemmer::Stemmer()
    : english_("english"), russian_("russian"), kazakh_(new KazakhStemImplementation) {}

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Snowball russian reads the -ан of nouns as a verb ending (н, на, ны after а or я), so it cuts
// Казахстан and Казахстана to "казахста" but Казахстане and Казахстаном to "казахстан": the
// names of Central Asia's countries (and Иран, орган, мусульман) split in two. When the stem
// ends in а or я and the word goes on with н, keep the н: the forms meet again. The cost is
// that short participles (сделан) part from their infinitive (сделать).
std::string repair_russian_an(const std::string& word, std::string stem) {
    if ((ends_with(stem, "а") || ends_with(stem, "я")) && word.size() > stem.size() &&
        word.compare(0, stem.size(), stem) == 0 &&
        word.compare(stem.size(), std::string_view("н").size(), "н") == 0) {
        stem += "н";
    }
    return stem;
}

// Snowball russian also reads the -л of nouns in -ал/-ял as the past tense (читал, читала:
// "чита"), so капитал, капитала became "капита" but капиталом, капитале "капитал"; likewise
// канал, журнал, потенциал, материал, Арал (whose "ара" then met the Kazakh ара of
// арасындағы). A verb has its infinitive in the dictionary (читать, стараться, попасть); a
// noun has no such word (капитать): for a noun keep the л.
std::string repair_russian_al(const std::string& word, std::string stem) {
    if ((ends_with(stem, "а") || ends_with(stem, "я")) && word.size() > stem.size() &&
        word.compare(0, stem.size(), stem) == 0 &&
        word.compare(stem.size(), std::string_view("л").size(), "л") == 0) {
        for (const char* infinitive : {"ть", "ться", "сть"}) {
            if (russian_dictionary_has(stem + infinitive)) return stem;
        }
        stem += "л";
    }
    return stem;
}

}  // namespace

std::string Stemmer::stem(Language language, const std::string& word) {
    switch (language) {
        case Language::en: return english_(word);
        case Language::ru:
            return repair_russian_al(word, repair_russian_an(word, russian_(word)));
        case Language::kk: return kazakh_(word);
        case Language::unknown: break;
    }
    return word;
}

const Xapian::Stem& Stemmer::xapian_stem(Language language) const {
    switch (language) {
        case Language::ru: return russian_;
        case Language::kk: return kazakh_;
        default: return english_;
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
