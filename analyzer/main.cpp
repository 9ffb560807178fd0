// polsearch-analyze: shows what the analysis makes of a text (like Elasticsearch's _analyze).
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

#include "polsearch/analyzer.h"
#include "polsearch/error.h"
#include "polsearch/kazakh_script.h"
#include "polsearch/language_detector.h"
#include "polsearch/normalizer.h"
#include "polsearch/program.h"
#include "polsearch/tokenizer.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr const char* usage = R"(Usage: polsearch-analyze [options] [TEXT...]

Shows each stage of the analysis of TEXT (or of standard input): the language detected, the
tokens found, their normalised forms (homoglyphs repaired), their script-folded forms (the
Kazakh search key, shared by Cyrillic and every Latin alphabet) and the stemmed terms that are
indexed and searched.

Examples:
  polsearch-analyze "Russia's soft/anti-soft power"
  polsearch-analyze --lang ru "мягкой силы России"
  polsearch-analyze --format json "Қазақстанның сыртқы саясаты"
  printf 'powers\nсилы\n' | polsearch-analyze --lang auto --stem
  polsearch-analyze --detect < sentences.txt

Options)";

std::string_view script_name(Script script) {
    switch (script) {
        case Script::latin: return "latin";
        case Script::cyrillic: return "cyrillic";
        case Script::mixed: return "mixed";
        case Script::other: break;
    }
    return "other";
}

// The script-folded form: the Kazakh search key for Kazakh words, else the normalised word
// (homoglyphs are already repaired in it).
std::string folded(const AnalyzedWord& word) {
    return word.language == Language::kk ? kazakh_search_key(word.word) : word.word;
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("polsearch-analyze", [&] {
        std::string language_name;
        std::string format;
        std::vector<std::string> words;
        po::options_description options(usage);
        options.add_options()
            ("lang", po::value(&language_name)->default_value("auto")->value_name("LANG"),
             "language of the text: auto, en, ru, kk")
            ("format", po::value(&format)->default_value("text")->value_name("FORMAT"),
             "output: text or json")
            ("stem", "read words one per line on stdin; print exactly one stem per line")
            ("detect", "read texts one per line on stdin; print the language of each (en, ru, kk, "
                       "or an empty line when it has no letters)");
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, words, vm)) return int(exit_success);
        Language forced = Language::unknown;
        if (language_name != "auto") {
            auto parsed = parse_language(language_name);
            if (!parsed) throw UsageError("--lang must be auto, en, ru or kk");
            forced = *parsed;
        }
        if (format != "text" && format != "json") {
            throw UsageError("--format must be text or json, not '" + format + "'");
        }
        Analyzer analyzer;

        if (vm.count("detect")) {
            std::string line;
            while (std::getline(std::cin, line)) {
                std::cout << language_code(detect_language(line)) << "\n";
            }
            return int(exit_success);
        }

        if (vm.count("stem")) {
            // One line in, one line out, always: tools pair them up by line number.
            std::string line;
            while (std::getline(std::cin, line)) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                const std::string word = normalize_word(line);
                const Language language =
                    forced != Language::unknown ? forced
                                                : stem_language(script_of(word), Language::unknown,
                                                                word);
                std::cout << analyzer.stemmer().stem(language, word) << "\n";
            }
            return int(exit_success);
        }

        std::string text;
        if (words.empty()) {
            text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        } else {
            for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
        }
        const Language detected = detect_language(text);
        const Language language = forced != Language::unknown ? forced : detected;
        const Analysis analysis = analyzer.analyze(text, language);

        if (format == "json") {
            nlohmann::json tokens = nlohmann::json::array();
            for (std::size_t i = 0; i < analysis.words.size(); ++i) {
                const AnalyzedWord& word = analysis.words[i];
                const std::string token(text.substr(word.begin, word.end - word.begin));
                tokens.push_back({{"position", i + 1},
                                  {"token", token},
                                  {"start", word.begin},
                                  {"end", word.end},
                                  {"script", script_name(script_of(token))},
                                  {"normalized", word.word},
                                  {"folded", folded(word)},
                                  {"stem_language", language_code(word.language)},
                                  {"term", word.match_term},
                                  {"key_term", word.key_term}});
            }
            nlohmann::json compounds = nlohmann::json::array();
            for (const auto& compound : analysis.compounds) {
                compounds.push_back({{"first", compound.first + 1},
                                     {"last", compound.last + 1},
                                     {"normalized", compound.word},
                                     {"term", compound.match_term}});
            }
            std::cout << nlohmann::json{{"language", language_code(language)},
                                        {"detected_language", language_code(detected)},
                                        {"tokens", tokens},
                                        {"compounds", compounds}}
                             .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << "\n";
            return int(exit_success);
        }
        std::cout << "language: " << language_code(language)
                  << (forced != Language::unknown ? " (given)" : " (detected)") << "\n"
                  << "#\ttoken\tnormalised\tfolded\tterms\n";
        for (std::size_t i = 0; i < analysis.words.size(); ++i) {
            const AnalyzedWord& word = analysis.words[i];
            const std::string token(text.substr(word.begin, word.end - word.begin));
            std::cout << i + 1 << "\t" << token << "\t" << word.word << "\t" << folded(word)
                      << "\t" << word.match_term
                      << (word.key_term.empty() ? "" : " " + word.key_term)
                      << (word.hyphen_to_next ? "\t(hyphen)" : "") << "\n";
        }
        for (const auto& compound : analysis.compounds) {
            std::cout << "compound " << compound.first + 1 << "-" << compound.last + 1 << "\t"
                      << compound.word << "\t" << compound.match_term << "\n";
        }
        return int(exit_success);
    });
}
