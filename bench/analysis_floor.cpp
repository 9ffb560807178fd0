// What analysis costs against its floor, on one thread, over the records of a file: the time to
// read and parse them, ICU's word breaks and case folding alone over their titles, abstracts and
// keywords (the least any analysis of them can cost), and polsearch's whole analysis of each
// record into a Xapian document (languages, words, stems, search and name keys, values).
//
//   build/release/bench/polsearch-analysis-floor FILE [--limit N] [--json]
//
// FILE: any input polsearch-index reads (../shared/data/bench/ungd-passages.jsonl.gz).
// bench/run prints these beside the indexing job's own breakdown (polsearch-index --summary
// json, "thread_seconds").
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "formats/record_reader.h"
#include "index/index_writer.h"
#include "polsearch/error.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"

using namespace polsearch;

namespace {

double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::string file;
    std::size_t limit = 0;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--limit" && i + 1 < argc) {
            limit = std::stoul(argv[++i]);
        } else if (arg == "--json") {
            json = true;
        } else if (file.empty() && !arg.starts_with("-")) {
            file = arg;
        } else {
            std::cerr << "usage: polsearch-analysis-floor FILE [--limit N] [--json]\n";
            return 2;
        }
    }
    if (file.empty()) {
        std::cerr << "usage: polsearch-analysis-floor FILE [--limit N] [--json]\n";
        return 2;
    }
    try {
        // Read and parse (stopping the reader at the limit by an exception is not worth it:
        // records past it are parsed and dropped, and the time is scaled to those kept).
        std::vector<Record> records;
        std::size_t parsed = 0;
        RecordSinks sinks;
        sinks.on_record = [&](Record&& record, const std::string&) {
            ++parsed;
            if (limit == 0 || records.size() < limit) records.push_back(std::move(record));
        };
        sinks.on_delete = [](const std::string&, const std::string&) {};
        sinks.on_error = [](const InputError&) {};
        auto start = std::chrono::steady_clock::now();
        read_records(file, InputFormat::automatic, sinks);
        const double reading =
            since(start) * static_cast<double>(records.size()) / static_cast<double>(parsed);

        std::vector<std::string> texts;
        std::size_t bytes = 0;
        for (const Record& record : records) {
            for (const auto& title : record.title) texts.push_back(title.text);
            for (const auto& abstract : record.abstract) texts.push_back(abstract.text);
            for (const auto& keywords : record.keywords) {
                for (const auto& keyword : keywords.keywords) texts.push_back(keyword);
            }
        }
        for (const auto& text : texts) bytes += text.size();

        // The floor: ICU's word breaks, and each word case-folded (NFKC_Casefold).
        start = std::chrono::steady_clock::now();
        std::size_t words = 0, folded = 0;
        for (const auto& text : texts) {
            for (const Token& token : segment(text)) {
                ++words;
                folded += normalize_word(token.text(text)).size();
            }
        }
        const double floor = since(start);

        // The whole analysis, as polsearch-index runs it on each analysing thread.
        start = std::chrono::steady_clock::now();
        DocumentBuilder builder;
        std::size_t terms = 0;
        for (Record& record : records) {
            const PreparedDocument prepared = prepare_document(builder, std::move(record), "");
            terms += prepared.document.termlist_count();
        }
        const double analysis = since(start);

        const double n = static_cast<double>(records.size());
        const double megabytes = static_cast<double>(bytes) / 1e6;
        if (json) {
            std::printf(
                "{\"records\": %zu, \"text_mb\": %.3f, \"words\": %zu, \"terms\": %zu, "
                "\"reading_s\": %.3f, \"icu_floor_s\": %.3f, \"analysis_s\": %.3f}\n",
                records.size(), megabytes, words, terms, reading, floor, analysis);
            return folded == 0 ? 1 : 0;
        }
        std::printf("%zu records, %.1f MB of text, %zu words, %.0f terms per record\n",
                    records.size(), megabytes, words, static_cast<double>(terms) / n);
        const auto line = [&](const char* what, double seconds) {
            std::printf("%-40s %8.2f s  %8.0f records/s  %6.1f MB/s\n", what, seconds, n / seconds,
                        megabytes / seconds);
        };
        line("read and parse", reading);
        line("ICU floor (word breaks + case folding)", floor);
        line("polsearch analysis (prepare_document)", analysis);
        return folded == 0 ? 1 : 0;
    } catch (const Error& error) {
        std::cerr << error.what() << "\n";
        return 1;
    }
}
