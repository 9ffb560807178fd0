// CSV with a header row, as Scopus's "Export CSV" writes it (RFC 4180: fields separated by
// commas, quoted with double quotes when they hold commas, quotes or line breaks, "" for a
// quote). Columns are found by their header names, so their order and extra columns do not
// matter. docs/record-format.md lists the columns read.
#include <map>
#include <optional>
#include <vector>

#include "formats/input_file.h"
#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "text/text.h"

namespace polsearch {
namespace {

// Splits one complete row (its lines joined with \n) into fields.
std::vector<std::string> split_row(std::string_view row) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const char c = row[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < row.size() && row[i + 1] == '"') {
                    fields.back() += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

// Scopus writes "Gubaidullina M.; Paizova A." (older exports: "Gubaidullina M., Paizova A.").
std::vector<std::string> split_authors(const std::string& text) {
    if (text.empty() || text.front() == '[') return {};  // "[No author name available]"
    if (text.find(';') != std::string::npos) return split_list(text, ";");
    std::vector<std::string> authors;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("., ", start);
        if (end == std::string::npos) {
            authors.push_back(trim(text.substr(start)));
            break;
        }
        authors.push_back(trim(text.substr(start, end + 1 - start)));
        start = end + 3;
    }
    return authors;
}

class ScopusColumns {
  public:
    // A name given to two columns names the first (the rows still have both).
    explicit ScopusColumns(const std::vector<std::string>& header) : count_(header.size()) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            std::string name = trim(header[i]);
            if (name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);
            index_.emplace(name, i);
        }
    }
    std::size_t size() const { return count_; }
    bool has(const std::string& name) const { return index_.count(name) > 0; }
    // The trimmed value of column `name` in `row`, "" when there is no such column.
    std::string get(const std::vector<std::string>& row, const std::string& name) const {
        const auto it = index_.find(name);
        return it == index_.end() || it->second >= row.size() ? std::string()
                                                              : trim(row[it->second]);
    }

  private:
    std::size_t count_;
    std::map<std::string, std::size_t> index_;
};

Record to_record(const ScopusColumns& columns, const std::vector<std::string>& row) {
    Record record;
    record.id = columns.get(row, "EID");
    if (auto title = columns.get(row, "Title"); !title.empty()) {
        record.title.push_back({Language::unknown, std::move(title)});
    }
    if (auto abstract = columns.get(row, "Abstract");
        !abstract.empty() && abstract != "[No abstract available]") {
        record.abstract.push_back({Language::unknown, std::move(abstract)});
    }
    record.authors = split_authors(columns.get(row, "Authors"));
    if (auto keywords = split_list(columns.get(row, "Author Keywords"), ";"); !keywords.empty()) {
        record.keywords.push_back({Language::unknown, std::move(keywords)});
    }
    if (const auto year = columns.get(row, "Year"); !year.empty())
        set_record_date(record, year, "Year");
    if (const auto doi = columns.get(row, "DOI"); !doi.empty()) {
        record.doi = normalize_doi(doi);
        if (record.doi.empty()) throw RecordError("column 'DOI' is not a DOI: '" + doi + "'");
    }
    record.url = columns.get(row, "Link");
    record.journal = columns.get(row, "Source title");
    record.volume = columns.get(row, "Volume");
    record.issue = columns.get(row, "Issue");
    const auto start = columns.get(row, "Page start");
    const auto end = columns.get(row, "Page end");
    record.pages = start.empty() || end.empty() || start == end ? start : start + "-" + end;
    record.language = language_from_tag(columns.get(row, "Language of Original Document"))
                          .value_or(Language::unknown);
    assign_record_id(record);
    validate_record(record);
    return record;
}

}  // namespace

void read_scopus_csv(const std::string& path, const RecordSinks& sinks,
                     const ReadOptions& options) {
    detail::InputFile file(path);
    std::optional<ScopusColumns> columns;
    std::string line;
    std::string row;
    std::size_t row_line = 0;
    std::size_t quotes = 0;  // quote characters in the row so far: odd inside a quoted field
    bool too_long = false;
    bool row_too_long = false;

    const auto finish_row = [&] {
        const std::string where = detail::place(path, row_line);
        try {
            if (row_too_long) {
                throw InputError(where, "record longer than the limit of " +
                                            std::to_string(options.max_record_bytes) +
                                            " bytes (--max-record-bytes)");
            }
            detail::require_utf8(row, path, row_line);
            const std::vector<std::string> fields = split_row(row);
            if (!columns) {
                ScopusColumns header(fields);
                if (!header.has("Title") && !header.has("Abstract")) {
                    throw InputError(where,
                                     "not a Scopus CSV export: the header row has no "
                                     "'Title' or 'Abstract' column");
                }
                columns.emplace(std::move(header));
                return;
            }
            if (fields.size() != columns->size()) {
                throw InputError(where, "the row has " + std::to_string(fields.size()) +
                                            " fields where the header has " +
                                            std::to_string(columns->size()));
            }
            sinks.on_record(to_record(*columns, fields), where);
        } catch (const RecordError& error) {
            sinks.on_error(InputError(where, error.what()));
        } catch (const InputError& error) {
            if (!columns) throw;  // no header: nothing in this file can be read
            sinks.on_error(error);
        }
    };

    std::size_t line_quotes = 0;
    while (file.next_line(line, options.max_record_bytes + 1, &too_long, &line_quotes)) {
        if (file.line_number() == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (sinks.on_position) sinks.on_position(file.offset());
        if (row_line == 0) {
            if (trim(line).empty()) continue;
            row_line = file.line_number();
            row.clear();
            quotes = 0;
            row_too_long = false;
        } else if (!row_too_long) {
            row += '\n';
        }
        // The quotes of the whole line count, the part of a long line that was dropped too, so
        // that a row too long to keep still ends where its quoted fields close.
        quotes += line_quotes;
        row_too_long =
            row_too_long || too_long || row.size() + line.size() > options.max_record_bytes;
        if (row_too_long) {
            row.clear();
        } else {
            row += line;
        }
        if (quotes % 2 == 0) {
            finish_row();
            row_line = 0;
        }
    }
    if (row_line != 0) {
        sinks.on_error(InputError(detail::place(path, row_line),
                                  "a quoted field is not closed: the file ends inside it"));
    }
    if (!columns) throw InputError(path, "empty file: no header row");
}

}  // namespace polsearch
