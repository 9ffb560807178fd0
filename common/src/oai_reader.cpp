// OAI-PMH 2.0 ListRecords responses with oai_dc metadata: what Open Journal Systems, DSpace
// and most repositories export. Parsed as a stream with expat (memory bounded by one record,
// whatever the size of the page), namespace-aware, so any prefix works. Invalid UTF-8 is
// replaced before expat sees it and the records it touches are reported, so one bad byte does
// not cost the rest of the page. docs/record-format.md maps the elements.
#include <expat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <regex>
#include <vector>

#include "input_file.h"
#include "polsearch/record_reader.h"
#include "polsearch/text.h"
#include "polsearch/utf8.h"

namespace polsearch {
namespace {

constexpr char separator = '|';
constexpr std::string_view oai_ns = "http://www.openarchives.org/OAI/2.0/";
constexpr std::string_view dc_ns = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view xml_lang = "http://www.w3.org/XML/1998/namespace|lang";

// HTML that OJS leaves in descriptions ("<p>An important ...</p>"): tags out, common
// entities decoded.
std::string strip_html(const std::string& text) {
    if (text.find('<') == std::string::npos && text.find('&') == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<' && i + 1 < text.size() &&
            (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/' ||
             text[i + 1] == '!')) {
            const auto end = text.find('>', i);
            if (end != std::string::npos) {
                out += ' ';
                i = end;
                continue;
            }
        }
        if (c == '&') {
            static constexpr std::pair<std::string_view, std::string_view> entities[] = {
                {"&nbsp;", " "},  {"&amp;", "&"}, {"&lt;", "<"},    {"&gt;", ">"},
                {"&quot;", "\""}, {"&#39;", "'"}, {"&laquo;", "«"}, {"&raquo;", "»"}};
            bool decoded = false;
            for (const auto& [entity, replacement] : entities) {
                if (std::string_view(text).substr(i, entity.size()) == entity) {
                    out += replacement;
                    i += entity.size() - 1;
                    decoded = true;
                    break;
                }
            }
            if (decoded) continue;
        }
        out += c;
    }
    // Collapse the spaces that tags left.
    std::string collapsed;
    for (const char c : out) {
        if ((c == ' ' || c == '\n' || c == '\t') && (collapsed.empty() || collapsed.back() == ' '))
            continue;
        collapsed += (c == '\n' || c == '\t') ? ' ' : c;
    }
    return trim(collapsed);
}

// dc:source as OJS writes it: "Journal title; Vol. 150 No. 1 (2025); 145-159", or in Russian
// "Вестник ...; Том 3 № 4 (2019); 10-25"; ISSNs ("2616-6887") come as sources of their own.
void read_source(Record& record, const std::string& source) {
    static const std::regex issn(R"(\d{4}-\d{3}[\dXx])");
    static const std::regex volume_issue(
        R"((?:Vol\.?|Volume|Том|Т\.)\s*([^\s,]+)[\s,]*(?:No\.?|Issue|№|Вып\.?|Nr\.?)\s*([^\s,(]+).*)",
        std::regex::icase);
    static const std::regex volume_only(R"((?:Vol\.?|Volume|Том|Т\.)\s*([^\s,(]+).*)",
                                        std::regex::icase);
    static const std::regex pages(R"((?:pp?\.\s*)?(\d+\s*[-–]\s*\d+|\d+))");
    if (std::regex_match(trim(source), issn)) return;
    const std::vector<std::string> parts = split_list(source, ";");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::smatch match;
        if (std::regex_match(parts[i], match, volume_issue)) {
            if (record.volume.empty()) record.volume = match[1];
            if (record.issue.empty()) record.issue = match[2];
        } else if (std::regex_match(parts[i], match, volume_only)) {
            if (record.volume.empty()) record.volume = match[1];
        } else if (i > 0 && std::regex_match(parts[i], match, pages)) {
            if (record.pages.empty()) record.pages = match[1];
        } else if (i == 0 && !std::regex_match(parts[i], issn) && record.journal.empty()) {
            record.journal = parts[i];
        }
    }
}

struct DcElement {
    std::string name;  // local name: title, creator, ...
    Language language = Language::unknown;
    std::string text;
};

struct OaiRecord {
    std::size_t line = 0;
    XML_Index start = 0;
    bool deleted = false;
    bool too_long = false;
    std::string identifier;
    std::vector<DcElement> elements;
};

Record to_record(const OaiRecord& oai) {
    Record record;
    record.oai_identifier = oai.identifier;
    std::vector<std::string> bad_dates;
    bool have_date = false;
    const auto add_version = [](std::vector<LocalizedText>& versions, Language language,
                                std::string text) {
        if (text.empty()) return;
        for (const auto& version : versions) {
            if (version.language == language && language != Language::unknown) return;
        }
        versions.push_back({language, std::move(text)});
    };
    std::vector<std::pair<Language, std::string>> sources;
    for (const DcElement& element : oai.elements) {
        const std::string text = trim(element.text);
        if (text.empty()) continue;
        const std::string& name = element.name;
        if (name == "title") {
            add_version(record.title, element.language, text);
        } else if (name == "description") {
            add_version(record.abstract, element.language, strip_html(text));
        } else if (name == "creator") {
            record.authors.push_back(text);
        } else if (name == "subject") {
            auto keywords = split_list(text, ",;");
            auto it = std::find_if(
                record.keywords.begin(), record.keywords.end(),
                [&](const auto& version) { return version.language == element.language; });
            if (it == record.keywords.end()) {
                record.keywords.push_back({element.language, std::move(keywords)});
            } else {
                for (auto& keyword : keywords) it->keywords.push_back(std::move(keyword));
            }
        } else if (name == "date") {
            if (have_date) continue;
            if (normalize_date(text).empty()) {
                bad_dates.push_back(text);
            } else {
                set_record_date(record, text, "dc:date");
                have_date = true;
            }
        } else if (name == "identifier") {
            const std::string doi = normalize_doi(text);
            if (!doi.empty()) {
                if (record.doi.empty()) record.doi = doi;
            } else if (record.url.empty() && text.rfind("http", 0) == 0) {
                record.url = text;
            }
        } else if (name == "source") {
            sources.emplace_back(element.language, text);
        } else if (name == "language") {
            if (record.language == Language::unknown) {
                record.language = language_from_tag(text).value_or(Language::unknown);
            }
        } else if (name == "type") {
            // OJS gives the section's "identify type" ("Peer-reviewed Article") beside
            // info:eu-repo URIs, which say nothing to a reader.
            if (record.section.empty() && text.find(':') == std::string::npos)
                record.section = text;
        }
    }
    if (!have_date && !bad_dates.empty()) {
        throw RecordError("field 'dc:date' is not a date: '" + bad_dates.front() + "'");
    }
    // The source in the record's language first.
    std::stable_sort(sources.begin(), sources.end(), [&](const auto& a, const auto& b) {
        return (a.first == record.language) > (b.first == record.language);
    });
    for (const auto& source : sources) read_source(record, source.second);
    assign_record_id(record);
    validate_record(record);
    return record;
}

class OaiParser {
  public:
    OaiParser(const std::string& path, const RecordSinks& sinks, const ReadOptions& options)
        : path_(path),
          sinks_(sinks),
          options_(options),
          parser_(XML_ParserCreateNS("UTF-8", separator)) {
        if (!parser_) throw InputError(path, "cannot create an XML parser");
        XML_SetUserData(parser_, this);
        XML_SetElementHandler(parser_, &OaiParser::on_start, &OaiParser::on_end);
        XML_SetCharacterDataHandler(parser_, &OaiParser::on_text);
    }
    ~OaiParser() { XML_ParserFree(parser_); }
    OaiParser(const OaiParser&) = delete;
    OaiParser& operator=(const OaiParser&) = delete;

    OaiPage parse() {
        detail::InputFile file(path_);
        std::vector<char> buffer(1 << 16);
        std::string pending;  // an incomplete UTF-8 sequence at the end of the last block
        bool seen_root = false;
        while (true) {
            const std::size_t got = file.read(buffer.data(), buffer.size());
            std::string block = pending;
            block.append(buffer.data(), got);
            pending = got == 0 ? std::string() : hold_incomplete_tail(block);
            const std::string clean = repair_utf8(block);
            if (sinks_.on_position) sinks_.on_position(file.offset());
            if (XML_Parse(parser_, clean.data(), static_cast<int>(clean.size()), got == 0) ==
                XML_STATUS_ERROR) {
                throw InputError(detail::place(path_, XML_GetCurrentLineNumber(parser_)),
                                 std::string("malformed XML: ") +
                                     XML_ErrorString(XML_GetErrorCode(parser_)) +
                                     (got == 0 ? " (the file may be truncated)" : ""));
            }
            seen_root = seen_root || root_seen_;
            if (got == 0) break;
        }
        if (!seen_root) throw InputError(path_, "not an OAI-PMH response (no OAI-PMH element)");
        if (!error_code_.empty() && error_code_ != "noRecordsMatch") {
            throw InputError(path_, "the repository answered with OAI-PMH error '" + error_code_ +
                                        "': " + trim(error_text_));
        }
        return page_;
    }

  private:
    static void on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
        static_cast<OaiParser*>(self)->start(name, attributes);
    }
    static void on_end(void* self, const XML_Char* name) {
        static_cast<OaiParser*>(self)->end(name);
    }
    static void on_text(void* self, const XML_Char* text, int length) {
        static_cast<OaiParser*>(self)->append(text, static_cast<std::size_t>(length));
    }

    // Splits "namespace|local" in two.
    static std::pair<std::string_view, std::string_view> split_name(std::string_view name) {
        const auto at = name.rfind(separator);
        if (at == std::string_view::npos) return {{}, name};
        return {name.substr(0, at), name.substr(at + 1)};
    }

    void start(const char* raw_name, const char** attributes) {
        const auto [ns, name] = split_name(raw_name);
        text_.clear();
        collecting_ = false;
        if (ns == oai_ns) {
            if (name == "OAI-PMH") root_seen_ = true;
            if (name == "record") {
                record_.emplace();
                record_->line = XML_GetCurrentLineNumber(parser_);
                record_->start = XML_GetCurrentByteIndex(parser_);
            } else if (name == "header" && record_) {
                in_header_ = true;
                for (int i = 0; attributes[i]; i += 2) {
                    if (std::strcmp(attributes[i], "status") == 0 &&
                        std::strcmp(attributes[i + 1], "deleted") == 0) {
                        record_->deleted = true;
                    }
                }
            } else if (name == "request") {
                for (int i = 0; attributes[i]; i += 2) {
                    if (std::strcmp(attributes[i], "resumptionToken") == 0) {
                        page_.request_token = trim(attributes[i + 1]);
                    }
                }
            } else if (name == "error") {
                for (int i = 0; attributes[i]; i += 2) {
                    if (std::strcmp(attributes[i], "code") == 0 && error_code_.empty()) {
                        error_code_ = attributes[i + 1];
                    }
                }
                collecting_ = true;
            } else if ((name == "identifier" && in_header_) || name == "resumptionToken") {
                collecting_ = true;
            }
            return;
        }
        if (ns == dc_ns && record_ && !in_header_) {
            collecting_ = true;
            element_language_ = Language::unknown;
            for (int i = 0; attributes[i]; i += 2) {
                if (xml_lang == attributes[i]) {
                    element_language_ =
                        language_from_tag(attributes[i + 1]).value_or(Language::unknown);
                }
            }
        }
    }

    void append(const char* text, std::size_t length) {
        if (!collecting_) return;
        if (record_ && !record_->too_long) {
            if (static_cast<std::size_t>(XML_GetCurrentByteIndex(parser_) - record_->start) +
                    length >
                options_.max_record_bytes) {
                record_->too_long = true;
                record_->elements.clear();
            }
        }
        if (record_ && record_->too_long) return;
        text_.append(text, length);
    }

    void end(const char* raw_name) {
        const auto [ns, name] = split_name(raw_name);
        if (ns == dc_ns && record_ && collecting_ && !record_->too_long) {
            record_->elements.push_back({std::string(name), element_language_, std::move(text_)});
        } else if (ns == oai_ns) {
            if (name == "identifier" && in_header_ && record_) {
                record_->identifier = trim(text_);
            } else if (name == "header") {
                in_header_ = false;
            } else if (name == "resumptionToken") {
                page_.next_token = trim(text_);
            } else if (name == "error") {
                error_text_ = text_;
            } else if (name == "record" && record_) {
                if (static_cast<std::size_t>(XML_GetCurrentByteIndex(parser_) - record_->start) >
                    options_.max_record_bytes) {
                    record_->too_long = true;
                }
                finish_record(XML_GetCurrentLineNumber(parser_));
            }
        }
        text_.clear();
        collecting_ = false;
    }

    void finish_record(std::size_t end_line) {
        OaiRecord oai = std::move(*record_);
        record_.reset();
        const std::string where = detail::place(path_, oai.line);
        const auto bad = std::lower_bound(bad_lines_.begin(), bad_lines_.end(), oai.line);
        try {
            if (oai.too_long) {
                throw RecordError("record longer than the limit of " +
                                  std::to_string(options_.max_record_bytes) +
                                  " bytes (--max-record-bytes)");
            }
            if (bad != bad_lines_.end() && *bad <= end_line) {
                throw InputError(
                    detail::place(path_, *bad),
                    "invalid UTF-8 in the record starting at line " + std::to_string(oai.line));
            }
            if (oai.deleted) {
                if (oai.identifier.empty())
                    throw RecordError("a deleted record without an identifier");
                if (sinks_.on_delete) sinks_.on_delete(oai.identifier, where);
                return;
            }
            sinks_.on_record(to_record(oai), where);
        } catch (const RecordError& error) {
            sinks_.on_error(InputError(where, error.what()));
        } catch (const InputError& error) {
            sinks_.on_error(error);
        }
    }

    // Moves an incomplete UTF-8 sequence at the end of `block` out of it, and returns it.
    static std::string hold_incomplete_tail(std::string& block) {
        const std::size_t n = block.size();
        for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
            const auto byte = static_cast<unsigned char>(block[n - back]);
            if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
            const std::size_t need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
            if (need > back) {
                std::string tail = block.substr(n - back);
                block.resize(n - back);
                return tail;
            }
            break;
        }
        return {};
    }

    // Replaces each invalid UTF-8 sequence with U+FFFD and notes its line.
    std::string repair_utf8(const std::string& block) {
        std::string out;
        std::size_t done = 0;
        while (done < block.size()) {
            const std::string_view rest(block.data() + done, block.size() - done);
            const std::size_t bad = utf8_invalid_offset(rest);
            line_ += static_cast<std::size_t>(std::count(rest.begin(), rest.begin() + bad, '\n'));
            if (bad == rest.size()) {
                if (out.empty() && done == 0) return block;
                out.append(rest);
                break;
            }
            out.append(rest.substr(0, bad));
            out += "\xEF\xBF\xBD";
            if (bad_lines_.empty() || bad_lines_.back() != line_) bad_lines_.push_back(line_);
            done += bad + 1;
        }
        return out;
    }

    std::string path_;
    const RecordSinks& sinks_;
    const ReadOptions& options_;
    XML_Parser parser_;
    OaiPage page_;
    std::optional<OaiRecord> record_;
    bool in_header_ = false;
    bool root_seen_ = false;
    bool collecting_ = false;
    Language element_language_ = Language::unknown;
    std::string text_;
    std::string error_code_;
    std::string error_text_;
    std::size_t line_ = 1;                // line reached by repair_utf8
    std::vector<std::size_t> bad_lines_;  // lines with invalid UTF-8, ascending
};

}  // namespace

OaiPage read_oai_pmh(const std::string& path, const RecordSinks& sinks,
                     const ReadOptions& options) {
    OaiParser parser(path, sinks, options);
    return parser.parse();
}

}  // namespace polsearch
