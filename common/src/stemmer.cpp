#include "polsearch/stemmer.h"

#include "polsearch/language_detector.h"

namespace polsearch {

Stemmer::Stemmer()
    : english_("english"), russian_("russian"), kazakh_(new KazakhStemImplementation) {}

std::string Stemmer::stem(Language language, const std::string& word) {
    switch (language) {
        case Language::en: return english_(word);
        case Language::ru: return russian_(word);
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
