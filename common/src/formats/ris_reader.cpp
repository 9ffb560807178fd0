// RIS, as Zotero, Scopus, Web of Science and EndNote export it: "TY  - JOUR" opens a record,
// one "XX  - value" line per field (repeated tags for authors and keywords), "ER  -" closes it.
// A line that is not a tag line continues the field before it (Web of Science wraps long
// abstracts). docs/record-format.md lists the tags read.
#include <optional>
#include <utility>
#include <vector>

#include "formats/input_file.h"
#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "text/text.h"

namespace polsearch {
namespace {

// "TI  - Title" → ("TI", "Title"); also "ER  -" with nothing after the hyphen.
std::optional<std::pair<std::string, std::string>> tag_line(const std::string& line) {
    if (line.size() < 5 || line[2] != ' ' || line[3] != ' ' || line[4] != '-') return std::nullopt;
    for (int i = 0; i < 2; ++i) {
        const char c = line[static_cast<std::size_t>(i)];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
    }
    if (line.size() > 5 && line[5] != ' ') return std::nullopt;
    return std::make_pair(line.substr(0, 2),
                          line.size() > 6 ? trim(line.substr(6)) : std::string());
}

struct RisRecord {
    std::size_t line = 0;
    std::size_t bytes = 0;
    bool too_long = false;  // its fields are dropped
    std::vector<std::pair<std::string, std::string>> fields;
    // The first thing wrong with it ("" when nothing) and where.
    std::string problem;
    std::string problem_where;
    void set_problem(std::string where, std::string what) {
        if (!problem.empty()) return;
        problem_where = std::move(where);
        problem = std::move(what);
    }
};

// The first value of the first of `tags` that the record has.
const std::string* first_of(const RisRecord& ris, std::initializer_list<std::string_view> tags) {
    for (const std::string_view tag : tags) {
        for (const auto& [name, value] : ris.fields) {
            if (name == tag && !value.empty()) return &value;
        }
    }
    return nullptr;
}

Record to_record(const RisRecord& ris) {
    Record record;
    std::vector<std::string> keywords;
    for (const auto& [tag, value] : ris.fields) {
        if (value.empty()) continue;
        if (tag == "AU" || tag == "A1") {
            record.authors.push_back(value);
        } else if (tag == "KW") {
            for (auto& keyword : split_list(value, ";")) keywords.push_back(std::move(keyword));
        }
    }
    if (const auto* title = first_of(ris, {"TI", "T1"}))
        record.title.push_back({Language::unknown, *title});
    if (const auto* abstract = first_of(ris, {"AB", "N2"})) {
        record.abstract.push_back({Language::unknown, *abstract});
    }
    if (!keywords.empty()) record.keywords.push_back({Language::unknown, std::move(keywords)});
    // DA holds the full date where PY often has only the year ("2020///").
    if (const auto* date = first_of(ris, {"DA", "PY", "Y1"})) {
        const std::string tag = first_of(ris, {"DA"}) ? "DA" : first_of(ris, {"PY"}) ? "PY" : "Y1";
        set_record_date(record, *date, tag);
    }
    if (const auto* doi = first_of(ris, {"DO"})) {
        record.doi = normalize_doi(*doi);
        if (record.doi.empty()) throw RecordError("field 'DO' is not a DOI: '" + *doi + "'");
    }
    if (const auto* url = first_of(ris, {"UR"})) {
        record.url = *url;
        if (record.doi.empty()) record.doi = normalize_doi(*url);
    }
    if (const auto* journal = first_of(ris, {"JF", "T2", "JO", "JA", "J2"}))
        record.journal = *journal;
    if (const auto* volume = first_of(ris, {"VL"})) record.volume = *volume;
    if (const auto* issue = first_of(ris, {"IS"})) record.issue = *issue;
    if (const auto* start = first_of(ris, {"SP"})) {
        record.pages = *start;
        const auto* end = first_of(ris, {"EP"});
        if (end && *end != *start && start->find('-') == std::string::npos)
            record.pages += "-" + *end;
    }
    if (const auto* language = first_of(ris, {"LA"})) {
        record.language = language_from_tag(*language).value_or(Language::unknown);
    }
    assign_record_id(record);
    validate_record(record);
    return record;
}

}  // namespace

void read_ris(const std::string& path, const RecordSinks& sinks, const ReadOptions& options) {
    detail::InputFile file(path);
    RisRecord current;
    bool open = false;            // inside a record
    bool reported_stray = false;  // one report per run of lines outside any record
    std::string line;
    bool too_long = false;

    const auto finish = [&] {
        RisRecord ris = std::move(current);
        current = RisRecord();
        open = false;
        const std::string where = detail::place(path, ris.line);
        if (!ris.problem.empty()) return sinks.on_error(InputError(ris.problem_where, ris.problem));
        try {
            sinks.on_record(to_record(ris), where);
        } catch (const RecordError& error) {
            sinks.on_error(InputError(where, error.what()));
        }
    };

    while (file.next_line(line, options.max_record_bytes + 1, &too_long)) {
        const std::size_t number = file.line_number();
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (sinks.on_position) sinks.on_position(file.offset());
        if (open) {
            current.bytes += line.size() + 1;
            if (!current.too_long && (too_long || current.bytes > options.max_record_bytes)) {
                // What it holds is dropped: memory stays bounded however long it runs on.
                current.too_long = true;
                current.fields.clear();
                current.fields.shrink_to_fit();
                current.set_problem(detail::place(path, current.line),
                                    "record longer than the limit of " +
                                        std::to_string(options.max_record_bytes) +
                                        " bytes (--max-record-bytes)");
            }
            if (!current.too_long) {
                try {
                    detail::require_utf8(line, path, number);
                } catch (const InputError& error) {
                    current.set_problem(error.where(),
                                        std::string(error.what()).substr(error.where().size() + 2) +
                                            " in the record starting at line " +
                                            std::to_string(current.line));
                }
            }
        }
        if (trim(line).empty()) continue;
        const auto tag = tag_line(line);
        if (tag && tag->first == "TY") {
            if (open) {
                sinks.on_error(
                    InputError(detail::place(path, current.line),
                               "record has no 'ER  -' line before the next 'TY  -' (line " +
                                   std::to_string(number) + ")"));
            }
            current = RisRecord();
            current.line = number;
            current.bytes = line.size() + 1;
            open = true;
            reported_stray = false;
            continue;
        }
        if (!open) {
            if (!reported_stray) {
                sinks.on_error(InputError(detail::place(path, number),
                                          "not inside a record: expected 'TY  - ' to open one"));
                reported_stray = true;
            }
            continue;
        }
        if (tag && tag->first == "ER") {
            finish();
            continue;
        }
        if (current.too_long) continue;
        if (tag) {
            current.fields.push_back(*tag);
        } else if (!current.fields.empty()) {
            std::string& value = current.fields.back().second;
            if (!value.empty()) value += ' ';
            value += trim(line);
        } else {
            current.set_problem(detail::place(path, number), "not a RIS tag line");
        }
    }
    if (open) {
        sinks.on_error(InputError(detail::place(path, current.line),
                                  "the file ends inside a record (no 'ER  -' line)"));
    }
}

}  // namespace polsearch
