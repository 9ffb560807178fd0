#include "analysis/dictionary.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <filesystem>
#include <hunspell/hunspell.hxx>
#include <memory>
#include <mutex>
#include <string>

#include "polsearch/error.h"

#ifndef POLSEARCH_HUNSPELL_DIR
#define POLSEARCH_HUNSPELL_DIR "/usr/share/hunspell"
#endif

namespace polsearch {
namespace {

// One dictionary, loaded on first use. Hunspell does not promise that concurrent lookups are
// safe, so they take turns (a lookup costs about 15 µs; only short texts and queries ask).
class Dictionary {
  public:
    explicit Dictionary(const char* name) : name_(name) {}

    void ensure_loaded() {
        std::call_once(loaded_, [this] { load(); });
    }

    bool has(std::string_view word) {
        if (word.empty()) return false;
        ensure_loaded();
        const std::string lower(word);
        const std::string capital = upper_case(word, false);
        const std::string upper = upper_case(word, true);
        const std::lock_guard lock(mutex_);
        // The Russian dictionary accepts е for ё (еще, елка), as normalised words have it.
        return hunspell_->spell(lower) || (capital != lower && hunspell_->spell(capital)) ||
               (upper != capital && hunspell_->spell(upper));
    }

  private:
    void load() {
        const std::filesystem::path dir(POLSEARCH_HUNSPELL_DIR);
        const auto aff = dir / (name_ + ".aff");
        const auto dic = dir / (name_ + ".dic");
        for (const auto& file : {aff, dic}) {
            if (!std::filesystem::exists(file))
                throw Error(file.string() +
                            ": spelling dictionary not found (Debian packages hunspell-ru, "
                            "hunspell-kk and hunspell-en-us; scripts/setup installs them)");
        }
        hunspell_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
    }

    // The word with its first letter (or, with `all`, every letter) in upper case: a name
    // (Россия), an abbreviation (СССР).
    static std::string upper_case(std::string_view word, bool all) {
        const auto n = static_cast<int32_t>(word.size());
        const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
        std::string result;
        result.reserve(word.size());
        for (int32_t i = 0; i < n;) {
            const int32_t start = i;
            UChar32 c;
            U8_NEXT(bytes, i, n, c);
            if (c < 0 || (start > 0 && !all)) {
                result.append(word.substr(static_cast<std::size_t>(start)));
                break;
            }
            char out[U8_MAX_LENGTH];
            int32_t length = 0;
            U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(out), length, u_toupper(c));
            result.append(out, static_cast<std::size_t>(length));
        }
        return result;
    }

    std::string name_;
    std::once_flag loaded_;
    std::mutex mutex_;
    std::unique_ptr<Hunspell> hunspell_;
};

Dictionary& russian() {
    static Dictionary dictionary("ru_RU");
    return dictionary;
}

Dictionary& kazakh() {
    static Dictionary dictionary("kk_KZ");
    return dictionary;
}

Dictionary& english() {
    static Dictionary dictionary("en_US");
    return dictionary;
}

}  // namespace

bool russian_dictionary_has(std::string_view word) {
    return russian().has(word);
}

bool kazakh_dictionary_has(std::string_view word) {
    return kazakh().has(word);
}

bool english_dictionary_has(std::string_view word) {
    return english().has(word);
}

void load_dictionaries() {
    russian().ensure_loaded();
    kazakh().ensure_loaded();
    english().ensure_loaded();
}

}  // namespace polsearch
