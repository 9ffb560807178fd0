#include <catch2/catch.hpp>
#include <zlib.h>

#include "polsearch/record_reader.h"
#include "support.h"

using namespace polsearch;

namespace {

struct Collected {
    std::vector<std::string> ids;
    std::vector<std::string> wheres;
    std::vector<std::string> errors;
};

Collected read_all(const std::string& path, InputFormat format = InputFormat::automatic) {
    Collected collected;
    read_records(
        path, format,
        [&](Record&& record, const std::string& where) {
            collected.ids.push_back(record.id);
            collected.wheres.push_back(where);
        },
        [&](const InputError& error) { collected.errors.push_back(error.what()); });
    return collected;
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
    Collected collected;
    std::size_t length = 0;
    read_jsonl(
        path, [&](Record&& record, const std::string&) { length = record.abstract[0].text.size(); },
        [&](const InputError& error) { collected.errors.push_back(error.what()); });
    CHECK(collected.errors.empty());
    CHECK(length == abstract.size());
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
    test::write_file(dir / "records.xml", "<x/>");
    CHECK_THROWS_WITH(read_all(dir / "records.xml"), Catch::Contains("--format"));
}

TEST_CASE("input formats by name", "[record_reader]") {
    CHECK(format_from_name("x.jsonl") == InputFormat::jsonl);
    CHECK(format_from_name("x.jsonl.gz") == InputFormat::jsonl);
    CHECK(format_from_name("-") == InputFormat::jsonl);
    CHECK(format_from_name("page.txt") == InputFormat::ojs);
    CHECK(format_from_name("x.csv") == InputFormat::automatic);
    CHECK(parse_input_format("ojs") == InputFormat::ojs);
    CHECK_THROWS_AS(parse_input_format("xml"), UsageError);
}
