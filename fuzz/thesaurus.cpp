// A user's thesaurus file (polsearch-search --thesaurus FILE, docs/thesaurus.md) on arbitrary
// bytes. Promises: no crash, no hang; only InputError escapes, naming the file; every label
// with match terms finds a concept over all its words; what compiled() writes, add_compiled()
// reads back into the same concepts (how the built-in thesaurus reaches the programs).
#include "search/thesaurus.h"

#include <cstdint>
#include <string>
#include <vector>

#include "common.h"
#include "polsearch/error.h"

using namespace polsearch;

namespace {

void check_labels_found(const Thesaurus& thesaurus) {
    for (const Concept& entry : thesaurus.concepts()) {
        for (const ThesaurusLabel& label : entry.labels) {
            POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(label.text), "a label is valid UTF-8");
            if (label.terms.empty()) continue;
            std::vector<std::vector<std::string>> alternatives;
            for (const std::string& term : label.terms) alternatives.push_back({term});
            const std::vector<ConceptMatch> matches = thesaurus.find(alternatives);
            POLSEARCH_FUZZ_CHECK(!matches.empty() && matches.front().first == 0 &&
                                     matches.front().last + 1 == label.terms.size(),
                                 "a label's terms find a concept over all its words");
        }
    }
}

void check_compiled_round_trip(const Thesaurus& thesaurus) {
    const std::string compiled = thesaurus.compiled();
    Thesaurus read;
    read.add_compiled(compiled, "compiled");
    POLSEARCH_FUZZ_CHECK(read.size() == thesaurus.size(), "compiled concepts read back");
    POLSEARCH_FUZZ_CHECK(read.compiled() == compiled, "compiled labels read back the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Thesaurus thesaurus;
    try {
        thesaurus.add_text(text, "fuzz.txt");
    } catch (const InputError& error) {
        POLSEARCH_FUZZ_CHECK(std::string(error.what()).find("fuzz.txt") != std::string::npos,
                             "a message names the file");
        return 0;
    }
    check_labels_found(thesaurus);
    check_compiled_round_trip(thesaurus);
    return 0;
}
