// Kazakh script conversion and the stemmer on arbitrary words. Promises: no crash; valid
// UTF-8 in, valid UTF-8 out; a stem is a start of its word with at most its last two letters
// changed or added (a voiced consonant unvoiced, a dropped vowel put back, the у of a glide,
// the п of a converb).
#include <cstdint>
#include <string>

#include "common.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "text/normalizer.h"
#include "text/utf8.h"

using namespace polsearch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    if (size > 256) return 0;  // words, not texts
    const std::string raw(reinterpret_cast<const char*>(data), size);
    if (!fuzz::valid_utf8(raw)) return 0;
    const std::string word = normalize_word(raw);
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(word), "a normalised word is valid UTF-8");
    const std::string stem = stem_kazakh(word);
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(stem), "a stem is valid UTF-8");
    const std::u32string letters = utf8_decode(word), stem_letters = utf8_decode(stem);
    std::size_t common = 0;
    while (common < letters.size() && common < stem_letters.size() &&
           letters[common] == stem_letters[common])
        ++common;
    POLSEARCH_FUZZ_CHECK(stem_letters.size() <= common + 2,
                         "a stem is its word's start with at most two letters changed or added");
    const std::string key = kazakh_search_key(word);
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(key), "a search key is valid UTF-8");
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(kazakh_key(word)), "a key is valid UTF-8");
    for (const std::string& candidate : kazakh_key_stems(key))
        POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(candidate), "key stems are valid UTF-8");
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(kazakh_cyrillic_form(word)), "a Cyrillic form is UTF-8");
    return 0;
}
