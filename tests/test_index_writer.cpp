#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "formats/record_io.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "polsearch/error.h"
#include "search/searcher.h"
#include "support.h"

using namespace polsearch;

namespace {

Record make(const std::string& json_text) {
    return record_from_json(nlohmann::json::parse(json_text));
}

Record numbered(int i, const std::string& extra = "") {
    return make("{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Water politics number " +
                std::to_string(i % 7) +
                "\", \"abstract\": \"Rivers of Central Asia and soft power" + extra +
                ".\", \"year\": " + std::to_string(2000 + i % 20) + "}");
}

std::vector<std::string> hit_ids(const std::string& path, const std::string& query) {
    Searcher searcher(path);
    std::vector<std::string> ids;
    for (const auto& hit : searcher.search({query, 0, 50}).hits) ids.push_back(hit.record.id);
    return ids;
}

// How many records gave `word` to the spelling table.
Xapian::doccount spelling_frequency(const Xapian::Database& database, const std::string& word) {
    for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it) {
        if (*it == word) return it.get_termfreq();
    }
    return 0;
}

}  // namespace

TEST_CASE("a record with the same content is recognised as unchanged", "[index_writer]") {
    test::TempDir dir;
    IndexWriter writer(dir / "db");
    const Record record = numbered(1);
    const std::string hash = content_hash(record);
    CHECK_FALSE(writer.unchanged("r1", hash));
    DocumentBuilder builder;
    CHECK(writer.write(prepare_document(builder, record, hash)) == WriteOutcome::added);
    CHECK(writer.unchanged("r1", hash));  // before the commit too
    const Record changed = numbered(1, " and more");
    CHECK(content_hash(changed) != hash);
    CHECK_FALSE(writer.unchanged("r1", content_hash(changed)));
    CHECK(writer.write(prepare_document(builder, changed, content_hash(changed))) ==
          WriteOutcome::replaced);
    writer.commit();
    CHECK(writer.document_count() == 1);
}

TEST_CASE("replacing and deleting records keeps the spelling table counting records",
          "[index_writer]") {
    test::TempDir dir;
    {
        IndexWriter writer(dir / "db");
        writer.add(numbered(1));
        writer.add(numbered(2));
        writer.add(numbered(1, " again"));  // replaces r1
        writer.commit();
    }
    {
        Xapian::Database database(dir / "db");
        CHECK(spelling_frequency(database, "rivers") == 2);
        CHECK(spelling_frequency(database, "again") == 1);
    }
    {
        IndexWriter writer(dir / "db");
        CHECK(writer.remove("r1"));
        CHECK_FALSE(writer.remove("r1"));
        writer.commit();
    }
    Xapian::Database database(dir / "db");
    CHECK(spelling_frequency(database, "rivers") == 1);
    CHECK(spelling_frequency(database, "again") == 0);
}

TEST_CASE("a sharded database keeps every shard's spelling in its side database too",
          "[index_writer]") {
    test::TempDir dir;
    WriterOptions options;
    options.shards = 3;
    {
        IndexWriter writer(dir / "db", options);
        for (int i = 1; i <= 6; ++i) writer.add(numbered(i));
        writer.add(numbered(1, " again"));  // replaces r1, in its shard
        writer.commit();
    }
    {
        Xapian::Database side(dir / "db/spelling");
        CHECK(side.get_doccount() == 0);  // spelling only
        CHECK(spelling_frequency(side, "rivers") == 6);
        CHECK(spelling_frequency(side, "again") == 1);
    }
    {
        IndexWriter writer(dir / "db");  // an existing sharded database opens its side one too
        CHECK(writer.remove("r1"));
        CHECK(writer.remove("r2"));
        writer.commit();
    }
    Xapian::Database side(dir / "db/spelling");
    CHECK(spelling_frequency(side, "rivers") == 4);
    CHECK(spelling_frequency(side, "again") == 0);
}

TEST_CASE("a record is deleted by its id or by its OAI identifier", "[index_writer]") {
    test::TempDir dir;
    WriterOptions options;
    options.shards = 3;
    IndexWriter writer(dir / "db", options);
    writer.add(make(R"({"title": "Harvested", "doi": "10.1/a", "oai_identifier": "oai:j:1"})"));
    writer.add(make(R"({"title": "Harvested too", "oai_identifier": "oai:j:2"})"));
    writer.commit();
    CHECK(writer.document_count() == 2);
    CHECK(writer.remove("oai:j:1"));  // its id is its DOI
    CHECK(writer.remove("oai:j:2"));  // its id is its OAI identifier
    CHECK_FALSE(writer.remove("oai:j:3"));
    writer.commit();
    CHECK(writer.document_count() == 0);
}

TEST_CASE("shards: a stub file joins them and searches give what one database gives",
          "[index_writer]") {
    test::TempDir dir;
    WriterOptions sharded;
    sharded.shards = 3;
    {
        IndexWriter one(dir / "one");
        IndexWriter three(dir / "three", sharded);
        CHECK(three.shard_count() == 3);
        for (int i = 0; i < 60; ++i) {
            one.add(numbered(i));
            three.add(numbered(i));
        }
        one.commit();
        three.commit();
    }
    CHECK(std::filesystem::exists(dir / "three/XAPIANDB"));
    CHECK(std::filesystem::exists(dir / "three/shard-2/iamglass"));
    // Every shard got some records.
    for (int shard = 0; shard < 3; ++shard) {
        CHECK(Xapian::Database(dir / ("three/shard-" + std::to_string(shard))).get_doccount() > 5);
    }
    // Many records score the same: the order of equal scores must not depend on placement.
    for (const char* query : {"water politics", "rivers", "number 3", "soft power Central Asia"}) {
        INFO(query);
        const auto expected = hit_ids(dir / "one", query);
        CHECK(!expected.empty());
        CHECK(hit_ids(dir / "three", query) == expected);
    }
    // An existing database keeps its layout.
    CHECK(IndexWriter(dir / "three").shard_count() == 3);
    WriterOptions other;
    other.shards = 2;
    CHECK_THROWS_AS(IndexWriter(dir / "three", other), UsageError);
    CHECK_THROWS_AS(IndexWriter(dir / "one", other), UsageError);

    compact_database(dir / "three");
    CHECK(std::filesystem::exists(dir / "three/iamglass"));
    CHECK(hit_ids(dir / "three", "water politics") == hit_ids(dir / "one", "water politics"));
}

TEST_CASE("a second writer fails at once with a clear message, or waits", "[index_writer]") {
    test::TempDir dir;
    auto first = std::make_unique<IndexWriter>(dir / "db");
    CHECK_THROWS_WITH(IndexWriter(dir / "db"),
                      "database '" + (dir / "db") +
                          "' is locked by another indexing job (wait for it with --wait-lock)");
    CHECK_THROWS_AS(IndexWriter(dir / "db"), DatabaseLockedError);

    WriterOptions waiting;
    waiting.wait_lock = true;
    bool told = false;
    waiting.on_wait = [&] { told = true; };
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        first.reset();
    });
    const auto started = std::chrono::steady_clock::now();
    IndexWriter second(dir / "db", waiting);
    release.join();
    CHECK(told);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(400));
}

namespace {

// The file a compaction writes into PATH.compacting once the copy is complete (index_writer.cpp).
constexpr const char* complete_marker = "polsearch-compacted";

// A database of 10 records in 2 shards, and its compacted copy at PATH.compacting (one
// database: which of the two is at PATH after recovery tells whether the swap was finished or
// rolled back).
void make_database_and_copy(const std::string& db, bool complete) {
    WriterOptions options;
    options.shards = 2;
    {
        IndexWriter writer(db, options);
        for (int i = 0; i < 10; ++i) writer.add(numbered(i));
        writer.commit();
    }
    Xapian::Database(db).compact(db + ".compacting");
    if (complete) test::write_file(db + ".compacting/" + complete_marker, "");
}

bool is_sharded(const std::string& db) {
    return std::filesystem::exists(db + "/XAPIANDB");
}

}  // namespace

TEST_CASE("a compaction killed at any point is finished or rolled back by the next writer",
          "[index_writer]") {
    namespace fs = std::filesystem;
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string old = db + ".before-compact";
    bool compacted = false;  // what PATH should be after recovery
    SECTION("killed while compacting: the incomplete copy is removed") {
        make_database_and_copy(db, false);
    }
    SECTION("killed once the copy was complete, before the swap: the copy is removed") {
        make_database_and_copy(db, true);
    }
    SECTION("killed between the renames, the copy complete: the swap is finished") {
        make_database_and_copy(db, true);
        fs::rename(db, old);
        compacted = true;
    }
    SECTION("killed between the renames, the copy not marked complete: rolled back") {
        make_database_and_copy(db, false);  // as a job of the version before the marker leaves it
        fs::rename(db, old);
    }
    SECTION("killed after the second rename: the old database is removed") {
        make_database_and_copy(db, true);
        fs::rename(db, old);
        fs::rename(db + ".compacting", db);
        compacted = true;
    }
    {
        IndexWriter writer(db);  // any writer recovers first
        CHECK(writer.document_count() == 10);
        CHECK(writer.shard_count() == (compacted ? 1u : 2u));
        writer.add(numbered(10));
        writer.commit();
    }
    CHECK(is_sharded(db) == !compacted);
    CHECK(Xapian::Database(db).get_doccount() == 11);
    CHECK_FALSE(fs::exists(db + ".compacting"));
    CHECK_FALSE(fs::exists(old));
    CHECK_FALSE(fs::exists(db + "/" + complete_marker));
    // And compacting again works from there.
    compact_database(db);
    CHECK_FALSE(is_sharded(db));
    CHECK(Xapian::Database(db).get_doccount() == 11);
}

TEST_CASE("a compaction's leftovers that do not fit together are not guessed at",
          "[index_writer]") {
    namespace fs = std::filesystem;
    test::TempDir dir;
    const std::string db = dir / "db";
    // The old database, a complete copy, and another database at PATH: nothing we wrote.
    make_database_and_copy(db, true);
    fs::rename(db, db + ".before-compact");
    Xapian::WritableDatabase(db, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS).commit();
    CHECK_THROWS_WITH(IndexWriter(db),
                      Catch::Contains("polsearch-index --compact was interrupted") &&
                          Catch::Contains(db + ".before-compact"));
    CHECK(fs::exists(db + ".before-compact/XAPIANDB"));
    CHECK(fs::exists(db + ".compacting/" + std::string(complete_marker)));
}

TEST_CASE("shards whose stub file was never written are not taken for a new plain database",
          "[index_writer]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    // What a --shards job killed while it created the database leaves.
    std::filesystem::create_directories(db);
    Xapian::WritableDatabase(db + "/shard-0", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS)
        .commit();
    CHECK_THROWS_WITH(IndexWriter(db),
                      Catch::Contains("has shard folders but no stub file XAPIANDB"));
    CHECK_FALSE(std::filesystem::exists(db + "/iamglass"));
    WriterOptions options;
    options.shards = 2;
    CHECK(IndexWriter(db, options).shard_count() == 2);  // the job run again
    CHECK(std::filesystem::exists(db + "/XAPIANDB"));
}
