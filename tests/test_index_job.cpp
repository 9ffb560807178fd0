#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "formats/record_io.h"
#include "index/index_job.h"
#include "index/schema.h"
#include "support.h"

using namespace polsearch;

namespace {

// A JSON Lines file of `count` records; `changed` gives some of them other content.
std::string write_records(const test::TempDir& dir, const std::string& name, int count,
                          int changed_every = 0) {
    std::string lines;
    for (int i = 0; i < count; ++i) {
        const bool changed = changed_every > 0 && i % changed_every == 0;
        lines += "{\"id\": \"r" + std::to_string(i) +
                 "\", \"title\": {\"en\": \"Soft power and water politics " +
                 std::to_string(i % 11) + (changed ? " revised" : "") +
                 "\", \"ru\": \"Мягкая сила и водная политика\"}, \"abstract\": \"Central Asia, "
                 "record " +
                 std::to_string(i) + ".\", \"year\": " + std::to_string(1990 + i % 30) + "}\n";
    }
    const std::string path = dir / name;
    test::write_file(path, lines);
    return path;
}

IndexJobStats index(const std::string& db, const std::string& input, IndexJobOptions options = {},
                    unsigned shards = 0) {
    WriterOptions writer_options;
    writer_options.shards = shards;
    IndexWriter writer(db, writer_options);
    IndexJob job(writer, options);
    job.read(input);
    job.finish();
    return job.stats();
}

// Document number → record id, for the whole database.
std::vector<std::string> ids_by_docid(const std::string& db) {
    Xapian::Database database(db);
    std::vector<std::string> ids;
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
        ids.push_back(database.get_document(*it).get_value(schema::id_slot));
    }
    return ids;
}

}  // namespace

TEST_CASE("N analysis threads write the same database as one", "[index_job]") {
    test::TempDir dir;
    const std::string input = write_records(dir, "in.jsonl", 700);
    IndexJobOptions threaded;
    threaded.threads = 4;
    threaded.commit_every = 150;
    threaded.min_commit_gap = std::chrono::milliseconds(0);  // commits counted below
    const IndexJobStats one = index(dir / "one", input);
    const IndexJobStats four = index(dir / "four", input, threaded);
    CHECK(one.added == 700);
    CHECK(four.added == 700);
    CHECK(four.commits == 5);  // 4 every 150 records, and the last
    CHECK(ids_by_docid(dir / "four") == ids_by_docid(dir / "one"));
    Xapian::Database a(dir / "one"), b(dir / "four");
    CHECK(a.get_total_length() == b.get_total_length());
    CHECK(a.get_termfreq("Zsoft") == b.get_termfreq("Zsoft"));
}

TEST_CASE("commits of a database written in place are min_commit_gap apart", "[index_job]") {
    // Regression: a job committing every 5 records overtook every try of a search that took
    // longer than two commits, and polsearch-serve answered 503 (index_job.h). The records
    // of the gap wait for the next commit; the last commit still comes at the end. Both
    // writing paths: the caller's thread (one database), and one thread per shard.
    test::TempDir dir;
    const std::string input = write_records(dir, "in.jsonl", 400);
    const std::string changed = write_records(dir, "changed.jsonl", 400, 1);
    for (const unsigned shards : {0U, 2U}) {
        INFO(shards << " shard(s)");
        const std::string db = dir / ("db" + std::to_string(shards));
        IndexJobOptions often;
        often.threads = shards == 0 ? 1 : shards;
        often.commit_every = shards == 0 ? 1 : shards;  // a commit per record (per shard)
        often.min_commit_gap = std::chrono::milliseconds(0);
        const IndexJobStats every = index(db, input, often, shards);
        CHECK(every.added == 400);
        CHECK(every.commits >= 400);  // without a floor: each record, and the last
        often.min_commit_gap = IndexJobOptions().min_commit_gap;  // the default, 1 s
        const auto started = std::chrono::steady_clock::now();
        const IndexJobStats gapped = index(db, changed, often, shards);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        CHECK(gapped.replaced == 400);
        CHECK(gapped.commits >= 1);
        // At most one a gap per writer, the first at once, and the last at the end.
        const std::size_t writers = shards == 0 ? 1 : shards;
        CHECK(gapped.commits <= writers * (2 + static_cast<std::size_t>(seconds)) + 1);
        CHECK(gapped.commits < every.commits / 2);
    }
}

TEST_CASE("shards are written in parallel, each the same as with one thread", "[index_job]") {
    test::TempDir dir;
    const std::string input = write_records(dir, "in.jsonl", 500, 7);
    IndexJobOptions threaded;
    threaded.threads = 3;
    threaded.commit_every = 100;                             // 33 per shard
    threaded.min_commit_gap = std::chrono::milliseconds(0);  // commits counted below
    const IndexJobStats one = index(dir / "one", input, {}, 3);
    const IndexJobStats three = index(dir / "three", input, threaded, 3);
    CHECK(one.added == 500);
    CHECK(three.added == 500);
    CHECK(three.commits > 10);
    for (int shard = 0; shard < 3; ++shard) {
        const std::string name = "/shard-" + std::to_string(shard);
        INFO(name);
        CHECK(ids_by_docid(dir / "three" + name).size() > 100);
        CHECK(ids_by_docid(dir / "three" + name) == ids_by_docid(dir / "one" + name));
    }
    // Again, with some records changed and some read twice: counted right, last version kept.
    const std::string again = write_records(dir, "again.jsonl", 500, 5);
    test::write_file(again, test::read_file(again) + test::read_file(input));
    const IndexJobStats second = index(dir / "three", again, threaded, 3);
    CHECK(second.read == 1000);
    CHECK(second.added == 0);
    CHECK(second.replaced + second.unchanged == 1000);
    CHECK(second.replaced >= 100);
    const auto final_ids = ids_by_docid(dir / "three");
    CHECK(final_ids.size() == 500);
    Xapian::Database database(dir / "three");
    CHECK(database.get_document(*database.postlist_begin("Qr5")).get_data().find("revised") ==
          std::string::npos);  // the version read last (from in.jsonl: r5 not revised)
}

TEST_CASE("a second run skips unchanged records and replaces changed ones", "[index_job]") {
    test::TempDir dir;
    IndexJobOptions options;
    options.threads = 2;
    index(dir / "db", write_records(dir, "v1.jsonl", 300), options);
    const IndexJobStats second =
        index(dir / "db", write_records(dir, "v2.jsonl", 320, 10), options);
    CHECK(second.read == 320);
    CHECK(second.added == 20);
    CHECK(second.replaced == 30);  // r0, r10, ... r290
    CHECK(second.unchanged == 270);
    options.force = true;
    CHECK(index(dir / "db", dir / "v2.jsonl", options).replaced == 320);
}

TEST_CASE("the last version of a record read twice in one run wins", "[index_job]") {
    test::TempDir dir;
    const std::string v1 = "{\"id\": \"a\", \"title\": \"First version\"}\n";
    const std::string v2 = "{\"id\": \"a\", \"title\": \"Second version\"}\n";
    test::write_file(dir / "v1.jsonl", v1);
    test::write_file(dir / "both.jsonl", v2 + v1);
    IndexJobOptions options;
    options.threads = 3;
    index(dir / "db", dir / "v1.jsonl", options);
    // v2 is still being analysed when v1 comes: v1 must not be taken as unchanged.
    index(dir / "db", dir / "both.jsonl", options);
    Xapian::Database database(dir / "db");
    CHECK(database.get_doccount() == 1);
    CHECK(database.get_document(*database.postlist_begin("Qa")).get_data().find("First version") !=
          std::string::npos);
}

TEST_CASE("OAI-PMH deletions apply in harvest order", "[index_job]") {
    test::TempDir dir;
    IndexJobOptions options;
    options.threads = 2;
    const IndexJobStats stats =
        index(dir / "db", test::source_path("tests/fixtures/oai-harvest"), options);
    CHECK(stats.added == 4);
    CHECK(stats.deleted == 1);    // article/102, added on page 1, deleted on page 2
    CHECK(stats.not_found == 1);  // article/90 was never indexed here
    Xapian::Database database(dir / "db");
    CHECK(database.get_doccount() == 3);
    CHECK_FALSE(database.term_exists("Qoai:journal.example.kz:article/102"));
}

TEST_CASE("a job stopped by a bad record keeps what it read before", "[index_job]") {
    test::TempDir dir;
    test::write_file(dir / "in.jsonl",
                     "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": \"B\"}\n"
                     "not json\n{\"id\": \"c\", \"title\": \"C\"}\n");
    IndexWriter writer(dir / "db");
    IndexJobOptions options;
    options.threads = 2;
    IndexJob job(writer, options);
    job.on_skip = [](const InputError& error) { throw error; };
    CHECK_THROWS_WITH(job.read(dir / "in.jsonl"),
                      Catch::StartsWith(dir / "in.jsonl" + ":3: invalid JSON"));
    job.finish();
    CHECK(job.stats().added == 2);
    CHECK(job.stats().skipped == 1);
    CHECK(writer.document_count() == 2);
}

namespace {

// Every word of the spelling table and how many records gave it.
std::map<std::string, Xapian::doccount> spelling_of(const std::string& db) {
    Xapian::Database database(db);
    std::map<std::string, Xapian::doccount> words;
    for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it)
        words[*it] = it.get_termfreq();
    return words;
}

}  // namespace

TEST_CASE("a new database built in parts is the database written in place", "[index_job]") {
    // In parts: one shard per thread, each record added without a lookup, the spelling table
    // counted from the terms at the end, the parts merged into one.
    test::TempDir dir;
    // Records read twice (with another version) and a deletion on the way.
    const std::string input = write_records(dir, "in.jsonl", 600, 7);
    const std::string again = write_records(dir, "again.jsonl", 50, 3);
    test::write_file(dir / "all.jsonl", test::read_file(input) + test::read_file(again));
    IndexJobOptions threaded;
    threaded.threads = 2;
    threaded.commit_every = 100;
    WriterOptions parts;
    parts.build_parts = 2;
    IndexJobStats built, written;
    {
        IndexWriter writer(dir / "parts", parts);
        CHECK(writer.building());
        CHECK(writer.shard_count() == 2);
        IndexJob job(writer, threaded);
        std::vector<std::string> phases;
        job.on_phase = [&](const char* phase) { phases.emplace_back(phase); };
        job.read(dir / "all.jsonl");
        job.remove("r9", "test");
        job.finish();
        CHECK(phases == std::vector<std::string>{"committing", "compacting"});
        CHECK_FALSE(writer.building());
        CHECK(writer.shard_count() == 1);
        built = job.stats();
        CHECK(built.added == 600);
        CHECK(built.deleted == 1);
    }
    {
        WriterOptions in_place;
        in_place.shards = 1;
        IndexWriter writer(dir / "one", in_place);
        IndexJob job(writer, {});
        job.read(dir / "all.jsonl");
        job.remove("r9", "test");
        job.finish();
        written = job.stats();
    }
    CHECK(built.replaced == written.replaced);
    CHECK(built.unchanged == written.unchanged);
    CHECK(built.replaced + built.unchanged == 50);
    CHECK(std::filesystem::exists(std::filesystem::path(dir / "parts") / "iamglass"));
    CHECK_FALSE(
        std::filesystem::exists(std::filesystem::path(dir / "parts") / "polsearch-building"));
    Xapian::Database a(dir / "one"), b(dir / "parts");
    CHECK(b.get_doccount() == 599);
    CHECK(a.get_doccount() == b.get_doccount());
    CHECK(a.get_total_length() == b.get_total_length());
    const auto spelling = spelling_of(dir / "one");
    CHECK(spelling.size() > 10);
    CHECK(spelling_of(dir / "parts") == spelling);
    // The same records, each as read last.
    auto sorted_ids = [](std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    CHECK(sorted_ids(ids_by_docid(dir / "parts")) == sorted_ids(ids_by_docid(dir / "one")));
    CHECK(b.get_document(*b.postlist_begin("Qr3")).get_data() ==
          a.get_document(*a.postlist_begin("Qr3")).get_data());
}

TEST_CASE("a build in parts stopped on the way is finished by the next job", "[index_job]") {
    test::TempDir dir;
    const std::string input = write_records(dir, "in.jsonl", 300);
    WriterOptions parts;
    parts.build_parts = 2;
    IndexJobOptions threaded;
    threaded.threads = 2;
    threaded.commit_every = 50;
    {
        // Stopped before finish(): what it committed stays, a sharded database being built.
        IndexWriter writer(dir / "db", parts);
        IndexJob job(writer, threaded);
        job.read(write_records(dir, "first.jsonl", 120));
        job.finish();  // would compact: undo that by building again by hand below
    }
    std::filesystem::remove_all(dir / "db");
    {
        IndexWriter writer(dir / "db", parts);
        for (int i = 0; i < 40; ++i)
            writer.add(record_from_json(nlohmann::json{
                {"id", "r" + std::to_string(i)}, {"title", "Old title " + std::to_string(i)}}));
        writer.commit();  // and no finish_build(): as a killed job leaves it
    }
    CHECK(std::filesystem::exists(std::filesystem::path(dir / "db") / "polsearch-building"));
    const IndexJobStats stats = index(dir / "db", input, threaded);
    CHECK(stats.replaced == 40);
    CHECK(stats.added == 260);
    CHECK(std::filesystem::exists(std::filesystem::path(dir / "db") / "iamglass"));
    Xapian::Database database(dir / "db");
    CHECK(database.get_doccount() == 300);
    // Its spelling counts every record, those of the stopped job's too.
    CHECK(spelling_of(dir / "db")["soft"] == 300);
}

TEST_CASE("a job says where its time went, phase by phase", "[index_job]") {
    test::TempDir dir;
    const std::string input = write_records(dir, "in.jsonl", 300);
    IndexJobOptions options;
    options.threads = 2;
    options.commit_every = 100;
    WriterOptions parts;
    parts.build_parts = 2;  // a new database: built in parts, merged at the end
    IndexJobStats built;
    {
        IndexWriter writer(dir / "db", parts);
        IndexJob job(writer, options);
        job.read(input);
        job.finish();
        built = job.stats();
    }
    const IndexTimes& times = built.times;
    for (const double phase : {times.reading, times.checking, times.analysis, times.adding,
                               times.committing, times.merging})
        CHECK(phase > 0);
    // Unchanged records again, into the database as it is: read and checked, nothing more.
    const IndexJobStats again = index(dir / "db", input, options);
    CHECK(again.unchanged == 300);
    CHECK(again.times.checking > 0);
    CHECK(again.times.analysis == 0);
    CHECK(again.times.adding == 0);
    CHECK(again.times.merging == 0);
}
