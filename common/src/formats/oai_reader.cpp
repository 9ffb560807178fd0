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
#include <vector>

#include "formats/input_file.h"
#include "formats/record_io.h"
#include "formats/record_reader.h"
#include "text/html_entities.h"
#include "text/scan.h"
#include "text/text.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

constexpr char separator = '|';
// The longest resumption token or error text read: real ones are a few dozen bytes.
constexpr std::size_t max_token_bytes = 64 * 1024;
constexpr std::string_view oai_ns = "http://www.openarchives.org/OAI/2.0/";
constexpr std::string_view dc_ns = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view xml_lang = "http://www.w3.org/XML/1998/namespace|lang";

// HTML that OJS leaves in descriptions ("<p>An important ...</p>"): tags out, then every
// character reference decoded (html_entities.h), a no-break space as a space.
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
        out += c;
    }
    // After the tags, so that an escaped "&lt;b&gt;" is text, not a tag.
    out = decode_html_entities(out);
    // Collapse the spaces that tags left; a no-break space is a space here.
    std::string collapsed;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (c == '\xC2' && i + 1 < out.size() && out[i + 1] == '\xA0') {
            c = ' ';
            ++i;
        }
        if ((c == ' ' || c == '\n' || c == '\t') && (collapsed.empty() || collapsed.back() == ' '))
            continue;
        collapsed += (c == '\n' || c == '\t') ? ' ' : c;
    }
    return trim(collapsed);
}

// "2616-6887": an ISSN.
bool is_issn(std::string_view text) {
    detail::Scanner scan(text);
    if (scan.digits(4, 4).empty() || !scan.one('-') || scan.digits(3, 3).empty()) return false;
    const bool check_digit = !scan.digits(1, 1).empty() || scan.one('X') || scan.one('x');
    return check_digit && scan.done();
}

// What a part of dc:source starts with when it names the volume.
constexpr std::string_view volume_labels[] = {"Volume", "Vol.", "Vol", "Том", "Т."};
constexpr std::string_view issue_labels[] = {"Issue", "No.", "No", "№", "Вып.", "Вып", "Nr.", "Nr"};

// "Vol. 150 No. 1 (2025)" → volume "150", issue "1"; "Vol. 3" → volume "3".
void read_volume_and_issue(std::string_view part, std::string& volume, std::string& issue) {
    detail::Scanner scan(part);
    if (scan.any_icase(volume_labels).empty()) return;
    scan.skip_spaces();
    const std::string_view number = scan.word(",");
    if (number.empty()) return;
    // The issue label may follow the volume with no space ("Vol.3No.5"): the volume is the
    // longest start of the word that an issue label and an issue follow.
    for (std::size_t end = number.size(); end >= 1; --end) {
        detail::Scanner rest(part, scan.at() - number.size() + end);
        while (rest.one(',') || rest.skip_spaces() > 0) {
        }
        if (rest.any_icase(issue_labels).empty()) continue;
        rest.skip_spaces();
        const std::string_view issue_number = rest.word(",(");
        if (issue_number.empty()) continue;
        volume = std::string(number.substr(0, end));
        issue = std::string(issue_number);
        return;
    }
    volume = std::string(number.substr(0, number.find('(')));
}

// "145-159", "pp. 145–159", "p. 7": the pages; "" when `part` is not pages alone.
std::string read_pages(std::string_view part) {
    detail::Scanner scan(part);
    if (scan.literal("pp.") || scan.literal("p.")) scan.skip_spaces();
    const std::size_t start = scan.at();
    if (scan.digits().empty()) return {};
    const std::size_t single = scan.at();
    scan.skip_spaces();
    if (scan.one('-') || scan.literal("–")) {
        scan.skip_spaces();
        if (scan.digits().empty()) return {};
    } else {
        scan = detail::Scanner(part, single);
    }
    return scan.done() ? std::string(part.substr(start)) : std::string();
}

// dc:source as OJS writes it: "Journal title; Vol. 150 No. 1 (2025); 145-159", or in Russian
// "Вестник ...; Том 3 № 4 (2019); 10-25"; ISSNs ("2616-6887") come as sources of their own.
void read_source(Record& record, const std::string& source) {
    if (is_issn(trim(source))) return;
    const std::vector<std::string> parts = split_list(source, ";");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string volume, issue;
        read_volume_and_issue(parts[i], volume, issue);
        if (!volume.empty()) {
            if (record.volume.empty()) record.volume = volume;
            if (record.issue.empty()) record.issue = issue;
        } else if (const std::string pages = i > 0 ? read_pages(parts[i]) : std::string();
                   !pages.empty()) {
            if (record.pages.empty()) record.pages = pages;
        } else if (i == 0 && !is_issn(parts[i]) && record.journal.empty()) {
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
        // OJS writes its text as escaped HTML: "Water&ndash;energy" once expat has read the
        // XML. Descriptions are HTML with tags (strip_html decodes after taking them out).
        const std::string text = element.name == "description"
                                     ? trim(element.text)
                                     : trim(decode_html_entities(element.text));
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

// Hands expat whole markup tokens (tags, comments, CDATA sections, processing instructions,
// declarations). Expat 2.5 scans a token again from its start each time it is given more of
// it, so a 100 MB comment fed in 64 KB blocks cost 92 s of CPU; held until it closes, it is
// scanned once. Character data goes through at once (expat reports it piece by piece). A token
// longer than the limit (no record can hold one) is an error, so what is held stays bounded.
class TokenGate {
  public:
    /// Appends bytes; returns how many bytes at the front of data() can be parsed now: all but
    /// an unclosed token.
    std::size_t add(std::string_view bytes) {
        data_.append(bytes);
        scan();
        return token_ == npos ? data_.size() : token_;
    }
    const std::string& data() const { return data_; }
    /// Forgets the first `n` bytes (parsed).
    void drop(std::size_t n) {
        data_.erase(0, n);
        position_ -= n;
        if (token_ != npos) token_ -= n;
    }
    /// What kind of token is held, for a message.
    const char* held_kind() const {
        switch (state_) {
            case State::comment:
                return "comment";
            case State::cdata:
                return "CDATA section";
            case State::instruction:
                return "processing instruction";
            case State::declaration:
                return "declaration";
            default:
                return "tag";
        }
    }

  private:
    enum class State { content, opened, tag, quoted, comment, cdata, instruction, declaration };
    static constexpr std::size_t npos = std::string::npos;

    // Moves position_ to the end of data_, or to where more bytes are needed to go on.
    void scan() {
        const std::string_view data = data_;
        while (position_ < data.size()) {
            switch (state_) {
                case State::content: {
                    const auto open = data.find('<', position_);
                    if (open == npos) {
                        position_ = data.size();
                        return;
                    }
                    token_ = open;
                    position_ = open + 1;
                    state_ = State::opened;
                    break;
                }
                case State::opened: {
                    // What follows '<' says the kind; wait until enough of it is here.
                    const std::string_view start = data.substr(token_);
                    if (start.size() < 2) return;
                    if (start[1] == '?') {
                        state_ = State::instruction;
                        position_ = token_ + 2;
                    } else if (start[1] != '!') {
                        state_ = State::tag;
                        position_ = token_ + 1;
                    } else if (start.size() < 4 ||
                               (start.substr(0, 3) == "<![" && start.size() < 9)) {
                        return;
                    } else if (start.substr(0, 4) == "<!--") {
                        state_ = State::comment;
                        position_ = token_ + 4;
                    } else if (start.substr(0, 9) == "<![CDATA[") {
                        state_ = State::cdata;
                        position_ = token_ + 9;
                    } else {
                        state_ = State::declaration;
                        depth_ = 0;
                        position_ = token_ + 2;
                    }
                    break;
                }
                case State::tag: {
                    const auto at = data.find_first_of("\"'>", position_);
                    if (at == npos) {
                        position_ = data.size();
                        return;
                    }
                    if (data[at] == '>') {
                        close(at + 1);
                    } else {
                        quote_ = data[at];
                        state_ = State::quoted;
                        position_ = at + 1;
                    }
                    break;
                }
                case State::quoted: {
                    const auto at = data.find(quote_, position_);
                    if (at == npos) {
                        position_ = data.size();
                        return;
                    }
                    state_ = State::tag;
                    position_ = at + 1;
                    break;
                }
                case State::comment:
                    if (!find_end("-->", 4)) return;
                    break;
                case State::cdata:
                    if (!find_end("]]>", 9)) return;
                    break;
                case State::instruction:
                    if (!find_end("?>", 2)) return;
                    break;
                case State::declaration: {
                    // <!DOCTYPE ... [internal subset]>: '>' at bracket depth 0 closes it.
                    const auto at = data.find_first_of("[]>", position_);
                    if (at == npos) {
                        position_ = data.size();
                        return;
                    }
                    position_ = at + 1;
                    if (data[at] == '[') {
                        ++depth_;
                    } else if (data[at] == ']') {
                        if (depth_ > 0) --depth_;
                    } else if (depth_ == 0) {
                        close(at + 1);
                    }
                    break;
                }
            }
        }
    }

    // Looks for `end` after the token's opening (`opening` bytes); true when found.
    bool find_end(std::string_view end, std::size_t opening) {
        const std::size_t from =
            std::max(token_ + opening, position_ >= end.size() ? position_ - (end.size() - 1) : 0);
        const auto at = std::string_view(data_).find(end, from);
        if (at == npos) {
            position_ = data_.size();
            return false;
        }
        close(at + end.size());
        return true;
    }

    void close(std::size_t end) {
        state_ = State::content;
        token_ = npos;
        position_ = end;
    }

    std::string data_;
    State state_ = State::content;
    std::size_t position_ = 0;  // scanned up to here
    std::size_t token_ = npos;  // where the unclosed token starts
    char quote_ = '"';
    std::size_t depth_ = 0;
};

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
        TokenGate gate;
        bool seen_root = false;
        while (true) {
            const std::size_t got = file.read(buffer.data(), buffer.size());
            std::string block = pending;
            block.append(buffer.data(), got);
            pending = got == 0 ? std::string() : hold_incomplete_tail(block);
            const std::size_t ready = gate.add(repair_utf8(block));
            if (sinks_.on_position) sinks_.on_position(file.offset());
            const std::size_t parse = got == 0 ? gate.data().size() : ready;
            if (XML_Parse(parser_, gate.data().data(), static_cast<int>(parse), got == 0) ==
                XML_STATUS_ERROR) {
                throw InputError(detail::place(path_, XML_GetCurrentLineNumber(parser_)),
                                 std::string("malformed XML: ") +
                                     XML_ErrorString(XML_GetErrorCode(parser_)) +
                                     (got == 0 ? " (the file may be truncated)" : ""));
            }
            gate.drop(parse);
            if (gate.data().size() > options_.max_record_bytes) {
                throw InputError(detail::place(path_, XML_GetCurrentLineNumber(parser_)),
                                 std::string("an XML ") + gate.held_kind() + " longer than " +
                                     std::to_string(options_.max_record_bytes) +
                                     " bytes (--max-record-bytes): no record can hold it");
            }
            seen_root = seen_root || root_seen_;
            if (got == 0) break;
        }
        if (!seen_root) throw InputError(path_, "not an OAI-PMH response (no OAI-PMH element)");
        if (token_too_long_) {
            throw InputError(path_, "a resumptionToken or error element longer than " +
                                        std::to_string(max_token_bytes) + " bytes");
        }
        if (!error_code_.empty() && error_code_ != "noRecordsMatch") {
            throw InputError(path_, "the repository answered with OAI-PMH error '" +
                                        excerpt(error_code_) +
                                        "': " + excerpt(trim(error_text_), 300));
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
        if (!record_) {
            // A resumption token or an error text: bounded too.
            if (text_.size() + length > max_token_bytes) {
                token_too_long_ = true;
                return;
            }
            text_.append(text, length);
            return;
        }
        if (!record_->too_long &&
            static_cast<std::size_t>(XML_GetCurrentByteIndex(parser_) - record_->start) + length >
                options_.max_record_bytes) {
            record_->too_long = true;
            record_->elements.clear();
        }
        if (record_->too_long) return;
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
    bool token_too_long_ = false;
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
