#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

#include "formats/record_reader.h"
#include "support.h"

using namespace polsearch;

namespace {

struct Collected {
    std::vector<std::string> ids;
    std::vector<std::string> wheres;
    std::vector<std::string> errors;
    std::vector<Record> records;
    std::vector<std::string> events;  // "+id" for a record, "-id" for a deletion, in order
};

RecordSinks sinks_into(Collected& collected) {
    RecordSinks sinks;
    sinks.on_record = [&](Record&& record, const std::string& where) {
        collected.ids.push_back(record.id);
        collected.wheres.push_back(where);
        collected.events.push_back("+" + record.id);
        collected.records.push_back(std::move(record));
    };
    sinks.on_delete = [&](const std::string& id, const std::string&) {
        collected.events.push_back("-" + id);
    };
    sinks.on_error = [&](const InputError& error) { collected.errors.push_back(error.what()); };
    return sinks;
}

Collected read_all(const std::string& path, InputFormat format = InputFormat::automatic,
                   ReadOptions options = {}) {
    Collected collected;
    read_records(path, format, sinks_into(collected), options);
    return collected;
}

const Record& by_id(const Collected& collected, const std::string& id) {
    for (const auto& record : collected.records) {
        if (record.id == id) return record;
    }
    FAIL("no record " << id);
    throw std::logic_error("unreachable");
}

std::string text_in(const std::vector<LocalizedText>& versions, Language language) {
    for (const auto& version : versions) {
        if (version.language == language) return version.text;
    }
    return "";
}

}  // namespace

TEST_CASE("a malformed JSONL line is reported with file and line and the rest is read",
          "[record_reader]") {
    test::TempDir dir;
    const std::string path = dir / "input.jsonl";
    test::write_file(path,
                     "{\"id\": \"a\", \"title\": \"First\"}\n"
                     "\n"
                     "{\"id\": \"b\", \"title\": \"Second\"\n"
                     "{\"id\": \"c\", \"title\": \"Third\"}\r\n"
                     "{\"id\": \"d\"}\n"
                     "{\"id\": \"e\", \"title\": \"\xff\"}\n"
                     "{\"id\": \"f\", \"abstract\": \"Last, without a newline\"}");
    const Collected collected = read_all(path);
    CHECK(collected.ids == std::vector<std::string>{"a", "c", "f"});
    CHECK(collected.wheres[1] == path + ":4");
    REQUIRE(collected.errors.size() == 3);
    CHECK(collected.errors[0].rfind(path + ":3: invalid JSON", 0) == 0);
    CHECK(collected.errors[1] == path + ":5: record 'd' has neither a title nor an abstract");
    CHECK(collected.errors[2].rfind(path + ":6: invalid JSON", 0) == 0);
}

TEST_CASE("gzip-compressed JSON Lines are read", "[record_reader]") {
    test::TempDir dir;
    const std::string path = dir / "input.jsonl.gz";
    gzFile file = gzopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    const std::string content =
        "{\"id\": \"z1\", \"title\": \"Compressed\"}\n{\"id\": \"z2\", \"title\": \"Too\"}\n";
    gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    gzclose(file);
    CHECK(read_all(path).ids == std::vector<std::string>{"z1", "z2"});
}

TEST_CASE("a long line is read whole", "[record_reader]") {
    test::TempDir dir;
    const std::string path = dir / "long.jsonl";
    const std::string abstract(300000, 'x');
    test::write_file(path, "{\"id\": \"long\", \"abstract\": \"" + abstract + "\"}\n");
    const Collected collected = read_all(path);
    CHECK(collected.errors.empty());
    REQUIRE(collected.records.size() == 1);
    CHECK(collected.records[0].abstract[0].text.size() == abstract.size());
}

TEST_CASE("a folder is read in name order, files of unknown format left out", "[record_reader]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "sub");
    test::write_file(dir / "b.jsonl", "{\"id\": \"b\", \"title\": \"B\"}\n");
    test::write_file(dir / "a.jsonl", "{\"id\": \"a\", \"title\": \"A\"}\n");
    test::write_file(dir / "notes.md", "# not records\n");
    test::write_file(dir / "sub/c.jsonl", "{\"id\": \"c\", \"title\": \"C\"}\n");
    CHECK(read_all(dir.path().string()).ids == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a missing file is an InputError naming it", "[record_reader]") {
    CHECK_THROWS_WITH(read_all("/nonexistent/records.jsonl"),
                      "/nonexistent/records.jsonl: no such file or folder");
    test::TempDir dir;
    test::write_file(dir / "records.dat", "<x/>");
    CHECK_THROWS_WITH(read_all(dir / "records.dat"), Catch::Contains("--format"));
}

TEST_CASE("input formats by name", "[record_reader]") {
    CHECK(format_from_name("x.jsonl") == InputFormat::jsonl);
    CHECK(format_from_name("x.jsonl.gz") == InputFormat::jsonl);
    CHECK(format_from_name("-") == InputFormat::jsonl);
    CHECK(format_from_name("page.txt") == InputFormat::ojs);
    CHECK(format_from_name("x.csv") == InputFormat::csv);
    CHECK(format_from_name("X.RIS.gz") == InputFormat::ris);
    CHECK(format_from_name("page-3.xml") == InputFormat::oai);
    CHECK(format_from_name("export") == InputFormat::automatic);
    CHECK(parse_input_format("ojs") == InputFormat::ojs);
    CHECK(parse_input_format("oai") == InputFormat::oai);
    CHECK_THROWS_AS(parse_input_format("xml"), UsageError);
}

TEST_CASE("input formats by content where the name is silent or ambiguous", "[record_reader]") {
    test::TempDir dir;
    test::write_file(dir / "export", "{\"id\": \"a\", \"title\": \"A\"}\n");
    test::write_file(dir / "savedrecs.txt", "\xEF\xBB\xBFTY  - JOUR\nTI  - A\nER  - \n");
    test::write_file(dir / "scopus-export", "Authors,Title,Year,Source title,EID\n");
    test::write_file(
        dir / "page",
        "<?xml version=\"1.0\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"/>");
    test::write_file(dir / "article.txt", "Soft power of Kazakhstan\nAbstract\nText.\n");
    CHECK(detect_format(dir / "export") == InputFormat::jsonl);
    CHECK(detect_format(dir / "savedrecs.txt") == InputFormat::ris);
    CHECK(detect_format(dir / "scopus-export") == InputFormat::csv);
    CHECK(detect_format(dir / "page") == InputFormat::oai);
    CHECK(detect_format(dir / "article.txt") == InputFormat::ojs);
    CHECK(read_all(dir / "savedrecs.txt").records.at(0).title.at(0).text == "A");
}

TEST_CASE("OAI-PMH pages: languages, deletions and a resumption token across files",
          "[record_reader]") {
    const std::string folder = test::source_path("tests/fixtures/oai-harvest");
    const Collected collected = read_all(folder);
    CHECK(collected.errors.empty());
    // In page order; a deletion comes where the page has it.
    CHECK(collected.events ==
          std::vector<std::string>{
              "+10.32523/2616-6887-2025-150-1-10-25", "+oai:journal.example.kz:article/102",
              "-oai:journal.example.kz:article/90", "+oai:journal.example.kz:article/103",
              "+oai:journal.example.kz:article/104", "-oai:journal.example.kz:article/102"});
    CHECK(collected.wheres[0] == folder + "/page-1.xml:6");

    const Record& water = by_id(collected, "10.32523/2616-6887-2025-150-1-10-25");
    CHECK(water.oai_identifier == "oai:journal.example.kz:article/101");
    CHECK(text_in(water.title, Language::ru) ==
          "Водная дипломатия в Центральной Азии после 2018 года");
    CHECK(text_in(water.title, Language::kk) ==
          "2018 жылдан кейінгі Орталық Азиядағы су дипломатиясы");
    // OJS's HTML is taken out of descriptions, &nbsp; with it.
    CHECK(text_in(water.abstract, Language::en).rfind("The article examines how", 0) == 0);
    CHECK(text_in(water.abstract, Language::ru).find("Амударьи после 2018 года.") !=
          std::string::npos);
    CHECK(water.authors == std::vector<std::string>{"Seitkali, A.", "Omarova, Zh."});
    REQUIRE(water.keywords.size() == 2);
    CHECK(water.keywords[0].language == Language::en);
    CHECK(water.keywords[0].keywords ==
          std::vector<std::string>{"water diplomacy", "transboundary rivers", "Central Asia"});
    CHECK(water.date == "2025-03-31");
    CHECK(water.year == 2025);
    CHECK(water.url == "https://journal.example.kz/index.php/ir/article/view/101");
    CHECK(water.journal == "Bulletin of International Relations");
    CHECK(water.volume == "150");
    CHECK(water.issue == "1");
    CHECK(water.pages == "10-25");
    CHECK(water.section == "Regional Studies");
    CHECK(water.language == Language::en);

    const Record& elections = by_id(collected, "oai:journal.example.kz:article/102");
    CHECK(elections.language == Language::ru);
    CHECK(elections.date == "2025-04-02");
    CHECK(elections.journal == "Вестник международных отношений");
    CHECK(elections.issue == "2");
    CHECK(elections.keywords.at(0).keywords ==
          std::vector<std::string>{"выборы", "парламент", "партии"});

    // Dublin Core as the default namespace, without a prefix.
    const Record& kazakh = by_id(collected, "oai:journal.example.kz:article/103");
    CHECK(text_in(kazakh.title, Language::kk) == "Қазақстанның көпвекторлы сыртқы саясаты");
    CHECK(kazakh.date == "2025-05");
    CHECK(kazakh.language == Language::kk);
    CHECK(by_id(collected, "oai:journal.example.kz:article/104")
              .abstract.at(0)
              .text.find("Bulletin & Review") != std::string::npos);
}

TEST_CASE("a harvest folder whose next page is missing is reported", "[record_reader]") {
    test::TempDir dir;
    std::filesystem::copy(test::source_path("tests/fixtures/oai-harvest/page-1.xml"),
                          dir / "page-1.xml");
    const Collected collected = read_all(dir.path().string());
    CHECK(collected.ids.size() == 2);
    REQUIRE(collected.errors.size() == 1);
    CHECK(collected.errors[0] ==
          dir / "page-1.xml" +
              ": the next OAI-PMH page (resumptionToken 'ListRecords/oai_dc/2/page2token') "
              "is not among the inputs: the harvest is incomplete");
    // One page given alone is not a harvest folder: not checked.
    CHECK(read_all(dir / "page-1.xml").errors.empty());
}

TEST_CASE("malformed OAI-PMH pages", "[record_reader]") {
    const std::string folder = test::source_path("tests/fixtures/malformed/");
    SECTION("invalid UTF-8 costs only the record it is in") {
        const Collected collected = read_all(folder + "oai-bad-utf8.xml");
        CHECK(collected.ids == std::vector<std::string>{"oai:x:2", "oai:x:3"});
        REQUIRE(collected.errors.size() == 1);
        CHECK(collected.errors[0] ==
              folder + "oai-bad-utf8.xml:6: invalid UTF-8 in the record starting at line 4");
    }
    SECTION("a truncated page: the records before the damage, then an error naming the line") {
        Collected collected;
        CHECK_THROWS_WITH(read_records(folder + "oai-truncated.xml", InputFormat::automatic,
                                       sinks_into(collected)),
                          Catch::StartsWith(folder + "oai-truncated.xml:11: malformed XML"));
        CHECK(collected.ids == std::vector<std::string>{"oai:x:1"});
    }
    SECTION("an OAI-PMH error answer") {
        CHECK_THROWS_WITH(
            read_all(folder + "oai-error.xml"),
            folder +
                "oai-error.xml: the repository answered with OAI-PMH error "
                "'badResumptionToken': The value of the resumptionToken argument is invalid "
                "or expired.");
    }
    SECTION("a bad date") {
        const Collected collected = read_all(folder + "oai-bad-date.xml");
        CHECK(collected.ids.empty());
        CHECK(collected.errors ==
              std::vector<std::string>{
                  folder + "oai-bad-date.xml:4: field 'dc:date' is not a date: 'sometime in May'"});
    }
}

TEST_CASE("RIS as Zotero writes it", "[record_reader]") {
    const std::string path = test::source_path("tests/fixtures/ris/zotero.ris");
    const Collected collected = read_all(path);
    CHECK(collected.errors.empty());
    REQUIRE(collected.records.size() == 2);
    const Record& article = collected.records[0];
    CHECK(article.id == "10.37178/ca-c.21.2.05");
    CHECK(collected.wheres[0] == path + ":1");
    CHECK(article.title.at(0).text ==
          "Soft power and public diplomacy of Kazakhstan in Central Asia");
    CHECK(article.authors == std::vector<std::string>{"Nurgaliyeva, Laura", "Baizakova, Kuralay"});
    CHECK(article.journal == "Central Asia and the Caucasus");
    CHECK(article.date == "2021-06-15");
    CHECK(article.pages == "52-63");
    CHECK(article.volume == "22");
    CHECK(article.issue == "2");
    CHECK(article.language == Language::en);
    CHECK(article.keywords.at(0).keywords ==
          std::vector<std::string>{"soft power", "public diplomacy", "Kazakhstan"});
    // A book without a DOI gets a stable hash of its title, year and authors.
    const Record& book = collected.records[1];
    CHECK(book.id.rfind("hash-", 0) == 0);
    CHECK(book.language == Language::ru);
    CHECK(book.year == 2022);
    CHECK(read_all(path).ids[1] == book.id);
}

TEST_CASE("RIS as Scopus writes it: CRLF, wrapped lines, keywords in one line", "[record_reader]") {
    const Collected collected = read_all(test::source_path("tests/fixtures/ris/scopus.ris"));
    CHECK(collected.errors.empty());
    REQUIRE(collected.records.size() == 1);
    const Record& record = collected.records[0];
    CHECK(record.id == "10.1177/1879366520901234");
    CHECK(record.authors == std::vector<std::string>{"Ospanova A.", "Kozhakhmetova Zh."});
    CHECK(record.journal == "Eurasian Studies");
    CHECK(record.abstract.at(0).text.find("to the Consultative Meetings of the heads of state") !=
          std::string::npos);
    CHECK(record.keywords.at(0).keywords == std::vector<std::string>{"Eurasian Economic Union",
                                                                     "regional integration",
                                                                     "Central Asia"});
    CHECK(record.language == Language::en);
    CHECK(record.year == 2020);
}

TEST_CASE("malformed RIS: each bad record reported with its line, the others read",
          "[record_reader]") {
    const std::string path = test::source_path("tests/fixtures/malformed/broken.ris");
    const Collected collected = read_all(path);
    REQUIRE(collected.records.size() == 2);
    CHECK(collected.records[0].title.at(0).text == "First record, closed properly");
    CHECK(collected.records[1].title.at(0).text == "Last good record");
    CHECK(collected.errors ==
          std::vector<std::string>{
              path + ":1: not inside a record: expected 'TY  - ' to open one",
              path + ":6: record has no 'ER  -' line before the next 'TY  -' (line 9)",
              path + ":10: invalid UTF-8 (byte 0xFF) in the record starting at line 9",
              path + ":12: field 'DO' is not a DOI: 'n/a'",
              path + ":16: field 'PY' is not a date: 'last spring'",
              path + ":24: the file ends inside a record (no 'ER  -' line)",
          });
}

TEST_CASE("Scopus CSV: quoted commas and line breaks, authors, languages, EIDs",
          "[record_reader]") {
    const std::string path = test::source_path("tests/fixtures/csv/scopus.csv");
    const Collected collected = read_all(path);
    CHECK(collected.errors.empty());
    REQUIRE(collected.records.size() == 3);
    const Record& nuclear = collected.records[0];
    CHECK(nuclear.id == "2-s2.0-85060000001");
    CHECK(collected.wheres == std::vector<std::string>{path + ":2", path + ":4", path + ":5"});
    CHECK(nuclear.title.at(0).text ==
          "Nuclear diplomacy, non-proliferation and Kazakhstan's identity");
    CHECK(nuclear.abstract.at(0).text.find(
              "\"nuclear diplomacy\", including the closure of Semipalatinsk,\nhas") !=
          std::string::npos);
    CHECK(nuclear.authors == std::vector<std::string>{"Kassenova N.", "Tulegenov A."});
    CHECK(nuclear.doi == "10.1080/02634937.2019.1600000");
    CHECK(nuclear.journal == "Central Asian Survey");
    CHECK(nuclear.pages == "341-360");
    CHECK(nuclear.year == 2019);
    CHECK(nuclear.language == Language::en);
    CHECK(nuclear.keywords.at(0).keywords ==
          std::vector<std::string>{"nuclear diplomacy", "non-proliferation", "national identity"});
    const Record& russian = collected.records[1];
    CHECK(russian.authors == std::vector<std::string>{"Абдрахманова Г.", "Иванов П."});
    CHECK(russian.language == Language::ru);  // "Russian; English": the original first
    CHECK(russian.doi.empty());
    const Record& editorial = collected.records[2];
    CHECK(editorial.abstract.empty());  // "[No abstract available]"
    CHECK(editorial.authors.empty());   // "[No author name available]"
}

TEST_CASE("malformed Scopus CSV: bad rows reported with their line", "[record_reader]") {
    const std::string path = test::source_path("tests/fixtures/malformed/broken.csv");
    const Collected collected = read_all(path);
    CHECK(collected.ids == std::vector<std::string>{"2-s2.0-1", "2-s2.0-4"});
    CHECK(collected.errors ==
          std::vector<std::string>{
              path + ":3: the row has 3 fields where the header has 5",
              path + ":4: field 'Year' is not a date: 'MMXX'",
              path + ":7: a quoted field is not closed: the file ends inside it",
          });
    test::TempDir dir;
    test::write_file(dir / "not-scopus.csv", "name,age\nAnna,30\n");
    CHECK_THROWS_WITH(
        read_all(dir / "not-scopus.csv", InputFormat::csv),
        dir / "not-scopus.csv" +
            ":1: not a Scopus CSV export: the header row has no 'Title' or 'Abstract' column");
}

TEST_CASE("a record over the size limit is skipped with a reason, in every format",
          "[record_reader]") {
    test::TempDir dir;
    ReadOptions options;
    options.max_record_bytes = 200;
    const std::string big(300, 'x');
    test::write_file(dir / "a.jsonl",
                     "{\"id\": \"small\", \"title\": \"t\"}\n{\"id\": \"big\", \"title\": \"" +
                         big + "\"}\n{\"id\": \"after\", \"title\": \"t\"}\n");
    Collected jsonl = read_all(dir / "a.jsonl", InputFormat::automatic, options);
    CHECK(jsonl.ids == std::vector<std::string>{"small", "after"});
    CHECK(jsonl.errors ==
          std::vector<std::string>{
              dir / "a.jsonl" +
              ":2: record longer than the limit of 200 bytes (--max-record-bytes)"});

    test::write_file(dir / "a.ris",
                     "TY  - JOUR\nTI  - " + big + "\nER  - \nTY  - JOUR\nTI  - small\nER  - \n");
    Collected ris = read_all(dir / "a.ris", InputFormat::automatic, options);
    CHECK(ris.records.size() == 1);
    CHECK(ris.errors == std::vector<std::string>{
                            dir / "a.ris" +
                            ":1: record longer than the limit of 200 bytes (--max-record-bytes)"});

    test::write_file(dir / "a.csv", "Title,Abstract\nsmall,x\nbig," + big + "\n");
    CHECK(read_all(dir / "a.csv", InputFormat::automatic, options).errors.size() == 1);

    test::write_file(dir / "a.xml",
                     "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>"
                     "<record><header><identifier>oai:1</identifier></header><metadata><dc "
                     "xmlns=\"http://purl.org/dc/elements/1.1/\"><title>" +
                         big +
                         "</title></dc></metadata></record>"
                         "<record><header><identifier>oai:2</identifier></header><metadata><dc "
                         "xmlns=\"http://purl.org/dc/elements/1.1/\"><title>small</title></dc></"
                         "metadata></record>"
                         "</ListRecords></OAI-PMH>");
    Collected oai = read_all(dir / "a.xml", InputFormat::automatic, options);
    CHECK(oai.ids == std::vector<std::string>{"oai:2"});
    CHECK(oai.errors.size() == 1);
}

TEST_CASE("a truncated .gz: nothing of the member that is cut, an error naming file and line",
          "[record_reader]") {
    test::TempDir dir;
    const std::string whole = dir / "whole.jsonl.gz";
    gzFile file = gzopen(whole.c_str(), "wb");
    REQUIRE(file != nullptr);
    std::string content;
    for (int i = 0; i < 2000; ++i) {
        content += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Record number " +
                   std::to_string(i * 7919) + " about soft power\"}\n";
    }
    gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    gzclose(file);
    const std::string compressed = test::read_file(whole);
    const std::string cut = dir / "cut.jsonl.gz";
    test::write_file(cut, compressed.substr(0, compressed.size() / 2));
    Collected collected;
    // A member whose end (and CRC) is missing cannot be trusted: none of it is read.
    CHECK_THROWS_WITH(read_records(cut, InputFormat::automatic, sinks_into(collected)),
                      Catch::StartsWith(cut + ":1: the file ends inside gzip member 1") &&
                          Catch::Contains("truncated"));
    CHECK(collected.ids.empty());
    CHECK(collected.errors.empty());  // no half line passed on as a bad record
}

// ---------------------------------------------------------------------------------------------
// Hostile and unlucky inputs (issue 27): each of these crashed, lost records or ran without
// bound before its fix.

namespace {

std::string gzip_member(const std::string& content) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&stream, content.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
    stream.avail_in = static_cast<uInt>(content.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

// JSON Lines records r{first} … r{first + count - 1}, one per line.
std::string jsonl_records(int first, int count) {
    std::string content;
    for (int i = first; i < first + count; ++i) {
        content += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Record " +
                   std::to_string(i * 7919) + " about water politics in Central Asia\"}\n";
    }
    return content;
}

// The peak resident memory of this process, in KiB, since the last reset_peak_memory().
long peak_memory_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

bool reset_peak_memory() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

// How much the peak resident memory grows while `work` runs, in MiB; -1 when it cannot be told.
template <class Work>
long peak_growth_mib(Work&& work) {
    if (!reset_peak_memory()) {
        work();
        return -1;
    }
    const long before = peak_memory_kib();
    work();
    return (peak_memory_kib() - before) / 1024;
}

// Writes a gzip file of `lines` copies of `line`, made in pieces so that the test itself
// never holds much.
void write_gzip_repeated(const std::string& path, const std::string& head, const std::string& line,
                         std::size_t lines, const std::string& tail) {
    gzFile file = gzopen(path.c_str(), "wb9");
    REQUIRE(file != nullptr);
    gzwrite(file, head.data(), static_cast<unsigned>(head.size()));
    std::string block;
    for (std::size_t i = 0; i < 4096; ++i) block += line;
    for (std::size_t done = 0; done < lines; done += 4096)
        gzwrite(file, block.data(),
                static_cast<unsigned>(std::min<std::size_t>(4096, lines - done) * line.size()));
    gzwrite(file, tail.data(), static_cast<unsigned>(tail.size()));
    gzclose(file);
}

}  // namespace

TEST_CASE("a long date, source or citation field is read, not a crash", "[record_reader]") {
    // std::regex recursed once per character of these fields: about 50 KB overflowed the stack.
    test::TempDir dir;
    const std::string tail(200000, 'x');
    test::write_file(dir / "a.ris", "TY  - JOUR\nTI  - Long date\nDA  - 2020 " + tail +
                                        "\nER  - \nTY  - JOUR\nTI  - Next\nPY  - 2021\nER  - \n");
    const Collected ris = read_all(dir / "a.ris");
    CHECK(ris.errors.empty());
    REQUIRE(ris.records.size() == 2);
    CHECK(ris.records[0].year == 2020);
    CHECK(ris.records[1].year == 2021);

    test::write_file(dir / "b.ris", "TY  - JOUR\nTI  - Not a date\nPY  - " +
                                        std::string(200000, '7') + "\nER  - \n");
    const Collected bad = read_all(dir / "b.ris");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].find("field 'PY' is not a date: '777") != std::string::npos);
    CHECK(bad.errors[0].size() < 300);  // the value is quoted in part, not whole

    test::write_file(dir / "c.csv",
                     "EID,Title,Year\nx1,Long year,\"2019 " + tail + "\"\nx2,B,2018\n");
    const Collected csv = read_all(dir / "c.csv");
    CHECK(csv.ids == std::vector<std::string>{"x1", "x2"});

    const std::string dc = "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";
    test::write_file(dir / "d.xml",
                     "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><record>"
                     "<header><identifier>oai:long</identifier></header><metadata><oai_dc " +
                         dc + "><dc:title>Long source</dc:title><dc:date>2017-05-02T" + tail +
                         "</dc:date><dc:source>Journal; Vol. 3 No. 4 " + tail +
                         "; 10-25</dc:source><dc:source>Vol. " + tail +
                         "</dc:source></oai_dc></metadata></record></ListRecords></OAI-PMH>");
    const Collected oai = read_all(dir / "d.xml");
    CHECK(oai.errors.empty());
    REQUIRE(oai.records.size() == 1);
    CHECK(oai.records[0].date == "2017-05-02");
    CHECK(oai.records[0].volume == "3");
    CHECK(oai.records[0].issue == "4");
    CHECK(oai.records[0].pages == "10-25");
    CHECK(oai.records[0].journal == "Journal");

    test::write_file(dir / "e.txt", "A long citation\nAbstract\nText of it.\nViews: " + tail +
                                        "\nHow to Cite\nAuthor, A. (2020). A long citation. " +
                                        tail + ", 3 (4), 10-25. https://doi.org/10.1234/abc " +
                                        tail + "\n");
    const Collected ojs = read_all(dir / "e.txt");
    CHECK(ojs.errors == std::vector<std::string>{});
    REQUIRE(ojs.records.size() == 1);
    CHECK(ojs.records[0].year == 2020);
    CHECK(ojs.records[0].doi == "10.1234/abc");
    CHECK(ojs.records[0].abstract[0].text == "Text of it.");
}

TEST_CASE("dc:source volumes, issues and pages", "[record_reader]") {
    const auto source_of = [](const std::string& source) {
        test::TempDir dir;
        test::write_file(dir / "s.xml",
                         "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>"
                         "<record><header><identifier>oai:s</identifier></header><metadata>"
                         "<oai_dc xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T"
                         "</dc:title><dc:source>" +
                             source +
                             "</dc:source></oai_dc></metadata></record></ListRecords></OAI-PMH>");
        const Collected collected = read_all(dir / "s.xml");
        REQUIRE(collected.records.size() == 1);
        const Record& record = collected.records[0];
        return record.journal + "|" + record.volume + "|" + record.issue + "|" + record.pages;
    };
    // clang-format off
    const std::pair<std::string, std::string> table[] = {
        {"Journal title; Vol. 150 No. 1 (2025); 145-159", "Journal title|150|1|145-159"},
        {"Вестник; Том 3 № 4 (2019); 10-25",              "Вестник|3|4|10-25"},
        {"J; Volume 12, Issue 2; pp. 7 - 9",              "J|12|2|7 - 9"},
        {"J; Volume 12",                                  "J|12||"},
        {"J; Vol.3No.5",                                  "J|3|5|"},
        {"J; vol 8; p. 7",                                "J|8||7"},
        {"J; Т. 2 Вып. 6; 100–120",                       "J|2|6|100–120"},
        {"2616-6887",                                     "|||"},
        {"J; 12 pages",                                   "J|||"},
    };
    // clang-format on
    for (const auto& [source, expected] : table) {
        INFO(source);
        CHECK(source_of(source) == expected);
    }
}

TEST_CASE("a NUL byte costs only its record, and later lines keep their numbers",
          "[record_reader]") {
    test::TempDir dir;
    const std::string nul(1, '\0');
    test::write_file(dir / "a.jsonl",
                     "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": \"B" + nul +
                         "\"}\n{\"id\": \"c\", \"title\": \"C\"}\n");
    const Collected jsonl = read_all(dir / "a.jsonl");
    CHECK(jsonl.ids == std::vector<std::string>{"a", "c"});
    CHECK(jsonl.wheres == std::vector<std::string>{dir / "a.jsonl:1", dir / "a.jsonl:3"});
    CHECK(jsonl.errors ==
          std::vector<std::string>{dir / "a.jsonl" + ":2: a NUL byte in the line (not JSON)"});

    test::write_file(dir / "b.ris",
                     "TY  - JOUR\nTI  - A" + nul + "\nER  - \nTY  - JOUR\nTI  - B\nER  - \n");
    const Collected ris = read_all(dir / "b.ris");
    CHECK(ris.records.size() == 1);
    CHECK(ris.wheres == std::vector<std::string>{dir / "b.ris:4"});
    CHECK(ris.errors ==
          std::vector<std::string>{dir / "b.ris" + ":2: a NUL byte in the text in the record "
                                                   "starting at line 1"});

    test::write_file(dir / "c.csv", "EID,Title\nx1,A" + nul + "\nx2,B\n");
    const Collected csv = read_all(dir / "c.csv");
    CHECK(csv.ids == std::vector<std::string>{"x2"});
    CHECK(csv.wheres == std::vector<std::string>{dir / "c.csv:3"});
    CHECK(csv.errors == std::vector<std::string>{dir / "c.csv" + ":2: a NUL byte in the text"});
}

TEST_CASE("gzip: no record of a damaged member is read, the error names member and line",
          "[record_reader]") {
    test::TempDir dir;
    const std::string first = jsonl_records(0, 1000);
    const std::string second = jsonl_records(1000, 1000);
    std::string damaged = gzip_member(second);
    damaged[damaged.size() / 2] ^= 0x10;  // a byte flipped inside the deflate data
    const auto all_plain_ids = [](const Collected& collected) {
        for (std::size_t i = 0; i < collected.ids.size(); ++i) {
            if (collected.ids[i] != "r" + std::to_string(i)) return false;
        }
        return true;
    };

    SECTION("the one member of a file") {
        test::write_file(dir / "one.jsonl.gz", damaged);
        Collected collected;
        CHECK_THROWS_WITH(
            read_records(dir / "one.jsonl.gz", InputFormat::automatic, sinks_into(collected)),
            Catch::StartsWith(dir / "one.jsonl.gz" + ":1: gzip member 1 is damaged") &&
                Catch::EndsWith("nothing from line 1 on was read"));
        CHECK(collected.ids.empty());
        CHECK(collected.errors.empty());
    }
    SECTION("the second member: the first is read whole") {
        test::write_file(dir / "two.jsonl.gz", gzip_member(first) + damaged);
        Collected collected;
        CHECK_THROWS_WITH(
            read_records(dir / "two.jsonl.gz", InputFormat::automatic, sinks_into(collected)),
            Catch::StartsWith(dir / "two.jsonl.gz" + ":1001: gzip member 2 is damaged"));
        CHECK(collected.ids.size() == 1000);
        CHECK(all_plain_ids(collected));
        CHECK(collected.errors.empty());
    }
    SECTION("a member whose header is damaged is not taken for trailing garbage") {
        std::string header_hit = gzip_member(second);
        header_hit[0] = 'x';
        test::write_file(dir / "head.jsonl.gz", gzip_member(first) + header_hit);
        Collected collected;
        CHECK_THROWS_WITH(
            read_records(dir / "head.jsonl.gz", InputFormat::automatic, sinks_into(collected)),
            Catch::Contains(":1001: bytes after gzip member 1 are not a gzip member"));
        CHECK(collected.ids.size() == 1000);
    }
    SECTION("zero padding after the last member is allowed") {
        test::write_file(dir / "pad.jsonl.gz", gzip_member(first) + std::string(512, '\0'));
        CHECK(read_all(dir / "pad.jsonl.gz").ids.size() == 1000);
    }
    SECTION("an OAI-PMH page and an OJS page are checked too") {
        std::string page = gzip_member(
            "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><record><header>"
            "<identifier>oai:1</identifier></header><metadata><oai_dc "
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" +
            std::string(20000, 'a') +
            "</dc:title></oai_dc></metadata></record></ListRecords></OAI-PMH>");
        page[page.size() - 6] ^= 0x01;  // in the CRC
        test::write_file(dir / "page.xml.gz", page);
        Collected collected;
        CHECK_THROWS_WITH(
            read_records(dir / "page.xml.gz", InputFormat::oai, sinks_into(collected)),
            Catch::Contains("gzip member 1 is damaged"));
        CHECK(collected.ids.empty());
    }
}

TEST_CASE("a CSV quoted field over the limit costs only its row", "[record_reader]") {
    // The quotes of the part of a line over the limit went uncounted, so the rest of the file
    // was taken for the inside of a quoted field.
    test::TempDir dir;
    ReadOptions options;
    options.max_record_bytes = 1000;
    test::write_file(dir / "a.csv",
                     "EID,Title,Abstract\nx1,\"Big\",\"" + std::string(1500, 'a') +
                         " \"\"quoted\"\" end\"\nx2,\"Small\",\"b\"\nx3,\"Also\",c\n");
    const Collected csv = read_all(dir / "a.csv", InputFormat::csv, options);
    CHECK(csv.ids == std::vector<std::string>{"x2", "x3"});
    CHECK(csv.errors == std::vector<std::string>{
                            dir / "a.csv" +
                            ":2: record longer than the limit of 1000 bytes (--max-record-bytes)"});
}

TEST_CASE("a CSV header naming a column twice reads its rows", "[record_reader]") {
    test::TempDir dir;
    test::write_file(dir / "a.csv",
                     "EID,Title,Year,Title\nx1,First,2020,Other\nx2,Second,2021,Other\n");
    const Collected csv = read_all(dir / "a.csv");
    CHECK(csv.errors.empty());
    REQUIRE(csv.ids == std::vector<std::string>{"x1", "x2"});
    CHECK(csv.records[0].title[0].text == "First");
}

TEST_CASE("memory stays bounded by the record limit whatever the compression ratio",
          "[record_reader][memory]") {
    // Each input is about 64 MB once decompressed and a few hundred KB on disk. Before, each
    // was held whole (or grew without end) by its reader.
    test::TempDir dir;
    constexpr std::size_t lines = 1 << 20;  // of 64 bytes: 64 MiB
    const std::string line(63, 'x');
    const std::string oai_head =
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><record><header>"
        "<identifier>oai:1</identifier></header><metadata><oai_dc "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title></oai_dc>"
        "</metadata></record><resumptionToken>";
    struct Case {
        const char* name;
        std::string head, line, tail;
        InputFormat format;
        std::size_t records;  // read before or after the monster
    };
    const Case cases[] = {
        {"an OJS page", "Title\nAbstract\n", line + "\n", "", InputFormat::ojs, 0},
        {"a resumption token", oai_head, line + "\n", "</resumptionToken></ListRecords></OAI-PMH>",
         InputFormat::oai, 1},
        {"a RIS record without ER", "TY  - JOUR\nTI  - First\nER  - \nTY  - JOUR\nTI  - Open\n",
         line + "\n", "TY  - JOUR\nTI  - Last\nER  - \n", InputFormat::ris, 2},
        {"empty JSON Lines", "{\"id\": \"a\", \"title\": \"A\"}\n", "\n",
         "{\"id\": \"b\", \"title\": \"B\"}\n", InputFormat::jsonl, 2},
        {"line breaks inside an open CSV quote", "EID,Title\nx1,First\nx2,\"Open\n", "\n",
         "\"\nx3,Last\n", InputFormat::csv, 2},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string path = dir / "big.gz";
        write_gzip_repeated(path, c.head, c.line, c.line.size() == 1 ? lines * 64 / 4 : lines,
                            c.tail);
        Collected collected;
        const long growth = peak_growth_mib([&] {
            try {
                read_file(path, c.format, sinks_into(collected));
            } catch (const InputError& error) {
                collected.errors.push_back(error.what());
            }
        });
        CHECK(collected.records.size() == c.records);
#if !defined(POLSEARCH_SANITIZE)  // AddressSanitizer keeps freed memory in quarantine
        if (growth >= 0) CHECK(growth < 24);
#else
        (void)growth;
#endif
        if (c.format != InputFormat::jsonl) CHECK(collected.errors.size() == 1);
    }
}

TEST_CASE("an XML token longer than the record limit is an error at once", "[record_reader]") {
    // Expat scans a token from its start again each time it gets more of it: a 100 MB comment
    // cost 92 s of CPU. Tokens are handed to it whole, and none may outgrow the limit.
    test::TempDir dir;
    const std::string head =
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><record><header>"
        "<identifier>oai:1</identifier></header><metadata><oai_dc "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>First</dc:title></oai_dc>"
        "</metadata></record><!--";
    write_gzip_repeated(dir / "comment.xml.gz", head, std::string(1023, 'c') + "\n", 1 << 15,
                        "--></ListRecords></OAI-PMH>");
    Collected collected;
    CHECK_THROWS_WITH(read_records(dir / "comment.xml.gz", InputFormat::oai, sinks_into(collected)),
                      Catch::Contains("an XML comment longer than 1048576 bytes"));
    CHECK(collected.ids == std::vector<std::string>{"oai:1"});

    // Below the limit, comments, CDATA, instructions and long text are read as before.
    const std::string text(700000, 't');
    test::write_file(
        dir / "fine.xml",
        "<?xml version=\"1.0\"?><!-- a comment -->\n<OAI-PMH "
        "xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><!-- " +
            std::string(300000, 'c') +
            " --><record><header><identifier>oai:2</identifier>"
            "</header><metadata><oai_dc xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
            "a='>'><?pi x?><dc:title><![CDATA[A <title> > 1]]></dc:title><dc:description>" +
            text + "</dc:description></oai_dc></metadata></record></ListRecords></OAI-PMH>");
    const Collected fine = read_all(dir / "fine.xml");
    CHECK(fine.errors.empty());
    REQUIRE(fine.records.size() == 1);
    CHECK(fine.records[0].title[0].text == "A <title> > 1");
    CHECK(fine.records[0].abstract[0].text.size() == text.size());
}

TEST_CASE("an OAI-PMH error answer is quoted in part", "[record_reader]") {
    test::TempDir dir;
    test::write_file(dir / "e.xml",
                     "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error "
                     "code=\"badArgument\">" +
                         std::string(50000, 'e') + "</error></OAI-PMH>");
    try {
        read_all(dir / "e.xml");
        FAIL("no error");
    } catch (const InputError& error) {
        const std::string what = error.what();
        INFO(what.substr(0, 300));
        CHECK(what.find("OAI-PMH error 'badArgument': eee") != std::string::npos);
        CHECK(what.size() < 500);
    }
}
