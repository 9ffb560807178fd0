// polsearch-analyze: shows what the analysis makes of a text (like Elasticsearch's _analyze).
#include <boost/program_options.hpp>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis/analyzer.h"
#include "analysis/language_detector.h"
#include "cli/options.h"
#include "cli/program.h"
#include "kazakh/kazakh_script.h"
#include "polsearch/error.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr cli::Program program{"polsearch-analyze", "analyze"};

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
        case Script::latin:
            return "latin";
        case Script::cyrillic:
            return "cyrillic";
        case Script::mixed:
            return "mixed";
        case Script::other:
            break;
    }
    return "other";
}

// The script-folded form: the Kazakh search key for Kazakh words, else the normalised word
// (homoglyphs are already repaired in it).
std::string folded(const AnalyzedWord& word) {
    return word.language == Language::kk ? kazakh_search_key(word.word) : word.word;
}

// The input in blocks of about 64 KB, each ending after a space or line end (else at a
// character boundary), so that memory stays small whatever the input's length.
class BlockReader {
  public:
    explicit BlockReader(std::istream& in) : in_(in) {}

    bool next(std::string& block) {
        constexpr std::size_t size = 1 << 16;
        block = std::move(carried_);
        carried_.clear();
        char buffer[size];
        while (block.size() < size && in_) {
            in_.read(buffer, static_cast<std::streamsize>(size - block.size()));
            block.append(buffer, static_cast<std::size_t>(in_.gcount()));
        }
        if (block.empty()) return false;
        if (block.size() < size) return true;                 // the end of the input
        std::size_t end = block.find_last_of(" \t\r\n") + 1;  // 0 when there is none
        if (end < size / 2) {
            // A word this long is cut, before a character's first byte when there is one.
            end = block.size() - 1;
            while (end > size / 2 && (static_cast<unsigned char>(block[end]) & 0xC0) == 0x80) --end;
        }
        carried_ = block.substr(end);
        block.resize(end);
        return true;
    }

  private:
    std::istream& in_;
    std::string carried_;  // what the last block left after its last space
};

// Writes the analysis as it goes, a block at a time: tokens at once, compounds (listed after
// them) into a temporary file until the end.
class TextReport {
  public:
    TextReport(std::ostream& out, bool json) : out_(out), json_(json) {}

    void start(Language language, Language detected, bool given) {
        if (json_) {
            out_ << "{\n  \"language\": " << quoted(language_code(language))
                 << ",\n  \"detected_language\": " << quoted(language_code(detected))
                 << ",\n  \"tokens\": [";
        } else {
            out_ << "language: " << language_code(language) << (given ? " (given)" : " (detected)")
                 << "\n#\ttoken\tnormalised\tfolded\tterms\n";
        }
    }

    void block(std::string_view text, std::size_t offset, std::size_t position,
               const Analysis& analysis) {
        for (std::size_t i = 0; i < analysis.words.size(); ++i) {
            const AnalyzedWord& word = analysis.words[i];
            const std::string token(text.substr(word.begin, word.end - word.begin));
            if (json_) {
                const nlohmann::json entry = {{"position", position + i + 1},
                                              {"token", token},
                                              {"start", offset + word.begin},
                                              {"end", offset + word.end},
                                              {"script", script_name(script_of(token))},
                                              {"normalized", word.word},
                                              {"folded", folded(word)},
                                              {"stem_language", language_code(word.language)},
                                              {"term", word.match_term},
                                              {"key_term", word.key_term}};
                out_ << (tokens_ == 0 ? "\n    " : ",\n    ") << dump(entry);
            } else {
                out_ << position + i + 1 << "\t" << token << "\t" << word.word << "\t"
                     << folded(word) << "\t" << word.match_term
                     << (word.key_term.empty() ? "" : " " + word.key_term)
                     << (word.hyphen_to_next ? "\t(hyphen)" : "") << "\n";
            }
            ++tokens_;
        }
        for (const auto& compound : analysis.compounds) {
            std::string line;
            if (json_) {
                line = (compounds_ == 0 ? "\n    " : ",\n    ") +
                       dump({{"first", position + compound.first + 1},
                             {"last", position + compound.last + 1},
                             {"normalized", compound.word},
                             {"term", compound.match_term}});
            } else {
                line = "compound " + std::to_string(position + compound.first + 1) + "-" +
                       std::to_string(position + compound.last + 1) + "\t" + compound.word + "\t" +
                       compound.match_term + "\n";
            }
            if (!compounds_file_) compounds_file_.reset(std::tmpfile());
            if (!compounds_file_ ||
                std::fwrite(line.data(), 1, line.size(), compounds_file_.get()) != line.size())
                throw Error("cannot write a temporary file for the compounds");
            ++compounds_;
        }
    }

    void finish() {
        if (json_) out_ << (tokens_ == 0 ? "]" : "\n  ]") << ",\n  \"compounds\": [";
        if (compounds_file_) {
            std::rewind(compounds_file_.get());
            char buffer[1 << 16];
            while (const std::size_t got =
                       std::fread(buffer, 1, sizeof buffer, compounds_file_.get()))
                out_.write(buffer, static_cast<std::streamsize>(got));
        }
        if (json_) out_ << (compounds_ == 0 ? "]" : "\n  ]") << "\n}\n";
        out_.flush();
    }

  private:
    static std::string dump(const nlohmann::json& json) {
        return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    static std::string quoted(std::string_view text) { return dump(std::string(text)); }

    std::ostream& out_;
    bool json_;
    std::size_t tokens_ = 0;
    std::size_t compounds_ = 0;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> compounds_file_{nullptr, &std::fclose};
};

struct Options {
    Language language = Language::unknown;  // auto: detected
    cli::AnalyzeFormat format = cli::AnalyzeFormat::text;
    bool stem = false;
    bool detect = false;
    std::vector<std::string> words;
};

// The options, checked; nullopt when --help has been answered.
std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description described(usage);
    // clang-format off
    described.add_options()
        ("lang", cli::choice_value(options.language), "language of the text: auto, en, ru, kk")
        ("format", cli::choice_value(options.format), "output: text or json")
        ("stem", po::bool_switch(&options.stem),
         "read words one per line on stdin; print exactly one stem per line")
        ("detect", po::bool_switch(&options.detect),
         "read texts one per line on stdin; print the language of each (en, ru, kk, or an "
         "empty line when it has no letters)");
    // clang-format on
    po::variables_map values;
    if (!cli::parse_options(program, argc, argv, described, options.words, values))
        return std::nullopt;
    return options;
}

// --detect: one language per line of input.
void detect_lines() {
    std::string line;
    while (std::getline(std::cin, line)) std::cout << language_code(detect_language(line)) << "\n";
}

// --stem: one line in, one line out, always: tools pair them up by line number.
void stem_lines(Analyzer& analyzer, Language forced) {
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string word = normalize_word(line);
        const Language language = forced != Language::unknown
                                      ? forced
                                      : stem_language(script_of(word), Language::unknown, word);
        std::cout << analyzer.stemmer().stem(language, word) << "\n";
    }
}

// The analysis of the words given, or of standard input, a block at a time.
void analyze_text(Analyzer& analyzer, const Options& options) {
    std::string arguments;
    for (const auto& word : options.words) arguments += (arguments.empty() ? "" : " ") + word;
    std::istringstream from_arguments(arguments);
    std::istream& in = options.words.empty() ? std::cin : from_arguments;
    const bool given = options.language != Language::unknown;
    TextReport report(std::cout, options.format == cli::AnalyzeFormat::json);
    Language language = options.language;
    std::string text;
    std::size_t offset = 0;  // of `text` in the input
    std::size_t position = 0;
    bool first = true;
    BlockReader blocks(in);
    while (blocks.next(text)) {
        if (first) {
            // The language of the first block (64 KB) is that of the text.
            const Language detected = detect_language(text);
            if (!given) language = detected;
            report.start(language, detected, given);
            first = false;
        }
        const Analysis analysis = analyzer.analyze(text, language);
        report.block(text, offset, position, analysis);
        offset += text.size();
        position += analysis.words.size();
    }
    if (first) report.start(language, detect_language(""), given);
    report.finish();
}

int run(const Options& options) {
    Analyzer analyzer;
    if (options.detect) {
        detect_lines();
    } else if (options.stem) {
        stem_lines(analyzer, options.language);
    } else {
        analyze_text(analyzer, options);
    }
    return exit_success;
}

}  // namespace

int main(int argc, char** argv) {
    return cli::run_program(program.name, [&] {
        const auto options = parse_options(argc, argv);
        return options ? run(*options) : int(exit_success);
    });
}
