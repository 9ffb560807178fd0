// One record reader on arbitrary bytes (the format and the file name's extension come from
// the build: POLSEARCH_FUZZ_FORMAT, POLSEARCH_FUZZ_NAME). Promises checked: no crash, no hang,
// no exception but InputError for the file; every record has an id of at most 200 bytes and
// a title or an abstract, all its text valid UTF-8 without NUL; every message names a place
// and stays short.
#include <cstdint>

#include "common.h"
#include "formats/record_reader.h"
#include "polsearch/error.h"

using namespace polsearch;

namespace {

void check_text(const std::string& text) {
    POLSEARCH_FUZZ_CHECK(fuzz::valid_utf8(text), "record text is valid UTF-8");
    POLSEARCH_FUZZ_CHECK(text.find('\0') == std::string::npos, "record text has no NUL");
}

void check_record(const Record& record) {
    POLSEARCH_FUZZ_CHECK(!record.id.empty() && record.id.size() <= 200, "an id of 1 to 200 bytes");
    POLSEARCH_FUZZ_CHECK(!record.title.empty() || !record.abstract.empty(),
                         "a title or an abstract");
    check_text(record.id);
    for (const auto* versions : {&record.title, &record.abstract})
        for (const auto& version : *versions) check_text(version.text);
    for (const auto& version : record.keywords)
        for (const auto& keyword : version.keywords) check_text(keyword);
    for (const auto& author : record.authors) check_text(author);
    for (const std::string* field : {&record.doi, &record.journal, &record.volume, &record.issue,
                                     &record.pages, &record.section, &record.url, &record.date})
        check_text(*field);
}

void check_message(const InputError& error, std::size_t input_size) {
    const std::string what = error.what();
    POLSEARCH_FUZZ_CHECK(!error.where().empty(), "a message names where");
    // A message quotes the input in part: a few hundred bytes besides the file's name.
    POLSEARCH_FUZZ_CHECK(what.size() < 1024 + error.where().size() || what.size() < input_size,
                         "a message stays short");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_input(POLSEARCH_FUZZ_NAME, data, size);
    RecordSinks sinks;
    sinks.on_record = [](Record&& record, const std::string&) { check_record(record); };
    sinks.on_delete = [](const std::string& id, const std::string&) {
        POLSEARCH_FUZZ_CHECK(!id.empty(), "a deletion names a record");
    };
    sinks.on_error = [size](const InputError& error) { check_message(error, size); };
    ReadOptions options;
    options.max_record_bytes = 1 << 16;
    try {
        read_file(path, InputFormat::POLSEARCH_FUZZ_FORMAT, sinks, options);
    } catch (const InputError& error) {
        check_message(error, size);
    }
    return 0;
}
