#include "index/record_data.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "polsearch/error.h"

namespace polsearch {
namespace {

// "PSR" and a version byte, then each field in a fixed order: numbers as unsigned LEB128
// varints, strings as their length and bytes, lists as their length and items.
constexpr std::string_view magic = "PSR\x01";

class Writer {
  public:
    void number(std::uint64_t value) {
        do {
            const auto byte = static_cast<unsigned char>(value & 0x7F);
            value >>= 7;
            out_ += static_cast<char>(value ? byte | 0x80 : byte);
        } while (value);
    }
    void text(std::string_view value) {
        number(value.size());
        out_.append(value);
    }
    void language(Language value) { number(static_cast<std::uint64_t>(value)); }
    std::string& out() { return out_; }

  private:
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view data) : data_(data) {}

    std::uint64_t number() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at_ >= data_.size()) fail();
            const auto byte = static_cast<unsigned char>(data_[at_++]);
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return value;
        }
        fail();
    }
    std::string text() {
        const std::uint64_t size = number();
        if (size > data_.size() - at_) fail();
        std::string value(data_.substr(at_, size));
        at_ += size;
        return value;
    }
    Language language() {
        const std::uint64_t value = number();
        if (value > static_cast<std::uint64_t>(Language::kk)) fail();
        return static_cast<Language>(value);
    }
    std::size_t count() {
        const std::uint64_t value = number();
        if (value > data_.size() - at_) fail();  // each item takes a byte at least
        return static_cast<std::size_t>(value);
    }
    bool done() const { return at_ == data_.size(); }
    [[noreturn]] static void fail() {
        throw DatabaseError("a document's data is not a record (damaged, or not polsearch's)");
    }

  private:
    std::string_view data_;
    std::size_t at_ = 0;
};

void write_versions(Writer& out, const std::vector<LocalizedText>& versions) {
    out.number(versions.size());
    for (const auto& version : versions) {
        out.language(version.language);
        out.text(version.text);
    }
}

std::vector<LocalizedText> read_versions(Reader& in) {
    std::vector<LocalizedText> versions(in.count());
    for (auto& version : versions) {
        version.language = in.language();
        version.text = in.text();
    }
    return versions;
}

// The plain text fields, in the order they are written.
constexpr std::string Record::*plain_fields[] = {
    &Record::id,    &Record::date,  &Record::doi,     &Record::journal, &Record::volume,
    &Record::issue, &Record::pages, &Record::section, &Record::url,     &Record::oai_identifier,
};

}  // namespace

std::string encode_record(const Record& record) {
    Writer out;
    out.out().append(magic);
    for (const auto member : plain_fields) out.text(record.*member);
    write_versions(out, record.title);
    write_versions(out, record.abstract);
    out.number(record.keywords.size());
    for (const auto& version : record.keywords) {
        out.language(version.language);
        out.number(version.keywords.size());
        for (const auto& keyword : version.keywords) out.text(keyword);
    }
    out.number(record.authors.size());
    for (const auto& author : record.authors) out.text(author);
    out.number(record.year ? static_cast<std::uint64_t>(*record.year) + 1 : 0);
    out.language(record.language);
    return std::move(out.out());
}

Record decode_record(std::string_view data) {
    if (data.substr(0, magic.size()) != magic) {
        try {
            return record_from_json(nlohmann::json::parse(data));
        } catch (const std::exception&) {
            Reader::fail();
        }
    }
    Reader in(data.substr(magic.size()));
    Record record;
    for (const auto member : plain_fields) record.*member = in.text();
    record.title = read_versions(in);
    record.abstract = read_versions(in);
    record.keywords.resize(in.count());
    for (auto& version : record.keywords) {
        version.language = in.language();
        version.keywords.resize(in.count());
        for (auto& keyword : version.keywords) keyword = in.text();
    }
    record.authors.resize(in.count());
    for (auto& author : record.authors) author = in.text();
    if (const std::uint64_t year = in.number(); year != 0) {
        if (year > 100000) Reader::fail();
        record.year = static_cast<int>(year - 1);
    }
    record.language = in.language();
    if (!in.done()) Reader::fail();
    return record;
}

}  // namespace polsearch
