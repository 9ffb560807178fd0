// Remote shards: the sample corpus written as two shards by polsearch-index --shards, each
// served by a real xapian-tcpsrv on 127.0.0.1, joined by a stub database file.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "index/index_writer.h"
#include "index/stub.h"
#include "polsearch/error.h"
#include "search/searcher.h"
#include "search/snippet.h"
#include "support.h"

using namespace polsearch;

namespace {

using test::TcpServer;

// The sample corpus as one database and as two shards (PATH/shard-0, PATH/shard-1).
struct Databases {
    test::TempDir dir;
    std::string single = dir / "single";
    std::string sharded = dir / "sharded";
    Databases() {
        const std::string corpus = test::shell_quote(test::source_path("sample_corpus"));
        for (const auto& [path, extra] :
             {std::pair{single, std::string()}, std::pair{sharded, std::string(" --shards 2")}}) {
            const auto result = test::run(test::program("polsearch-index") + " --quiet --db " +
                                          path + extra + " " + corpus);
            if (result.status != 0) throw std::runtime_error(result.err);
        }
    }
    // Beside the shards, where the side spelling database is.
    std::string remote_stub(const TcpServer& first, const TcpServer& second) {
        const std::string stub = sharded + "/remote.stub";
        test::write_file(stub, "# two shards on xapian-tcpsrv\nremote " + first.address() +
                                   "\nremote " + second.address() + "\n");
        return stub;
    }
};

// What must be the same wherever the shards are: the ids in order, the total, the snippets
// and the facet counts.
std::string summary(const SearchResult& result) {
    std::string out = "total " + std::to_string(result.total) + "\n";
    for (const Hit& hit : result.hits) {
        out += hit.record.id + " | " + snippet_marked(hit.snippet, "[", "]") + "\n";
    }
    for (const Facet& facet : result.facets) {
        out += facet.name + ":";
        for (const FacetValue& value : facet.values)
            out += " " + value.value + "=" + std::to_string(value.count);
        out += "\n";
    }
    return out;
}

// The same, each shard served by its own xapian-tcpsrv, and a stub naming the servers.
struct RemoteShards : Databases {
    TcpServer first{sharded + "/shard-0"};
    TcpServer second{sharded + "/shard-1"};
    std::string stub = remote_stub(first, second);
};

std::vector<SearchRequest> parity_requests() {
    std::vector<SearchRequest> requests;
    for (const char* query :
         {"soft power", "мягкая сила России", "жұмсақ күш", "Central Asia",
          "\"water\" year:2015..2024", "title:Kazakhstan NOT China", "Gubaidullina"}) {
        SearchRequest request{query, 0, 20};
        request.facets = true;
        requests.push_back(request);
    }
    SearchRequest by_date{"Kazakhstan", 0, 20};
    by_date.sort = SortOrder::date_descending;
    requests.push_back(by_date);
    SearchRequest oldest_first{"Central Asia", 0, 40};
    oldest_first.sort = SortOrder::date;
    requests.push_back(oldest_first);
    SearchRequest filtered{"soft power", 0, 20};
    filtered.filters = {{"language", "ru"}};
    requests.push_back(filtered);
    SearchRequest paged{"Kazakhstan", 5, 5};
    requests.push_back(paged);
    return requests;
}

// Where Xapian 1.4 itself answers differently on shards than on one database: a wildcard
// expands within each shard (its OP_SYNONYM statistics are per shard), and the terms that
// make "more like this" are chosen with per-shard statistics. docs/scaling.md says so; local
// and remote shards still agree with each other on "more like this". On a wildcard they find
// the same records and count the same facets, but since BM25 normalises by length (b > 0) a
// remote server scores some of its records slightly otherwise (en-006: 4.76 over the network,
// 4.51 locally), so the order may differ where scores are close.
std::vector<SearchRequest> shard_requests() {
    SearchRequest similar;
    similar.similar_to = "enu-bulletin-2025-150-1-145";
    similar.limit = 5;
    // Pseudo-relevance feedback chooses its terms from the expand set too (get_eset works on
    // remote shards in Xapian 1.4).
    SearchRequest feedback{"water politics", 0, 20};
    feedback.expand_from_top = 5;
    return {similar, feedback};
}

}  // namespace

TEST_CASE("a stub of remote shards answers as one local database and a stub of local shards",
          "[remote]") {
    RemoteShards shards;
    Searcher single(shards.single);
    Searcher local_shards(shards.sharded);
    Searcher remote(shards.stub);
    CHECK(remote.document_count() == single.document_count());
    for (const SearchRequest& request : parity_requests()) {
        INFO(request.query << request.similar_to);
        const SearchResult expected = single.search(request);
        REQUIRE(!expected.hits.empty());
        CHECK(summary(local_shards.search(request)) == summary(expected));
        const SearchResult over_network = remote.search(request);
        CHECK(summary(over_network) == summary(expected));
        CHECK_FALSE(over_network.partial);
    }
    for (const SearchRequest& request : shard_requests()) {
        INFO(request.query << request.similar_to);
        const SearchResult expected = local_shards.search(request);
        REQUIRE(!expected.hits.empty());
        CHECK(summary(remote.search(request)) == summary(expected));
    }
    // The wildcard finds the same records, in another order, and counts the same facets.
    const auto id_set = [](const SearchResult& result) {
        std::set<std::string> ids;
        for (const Hit& hit : result.hits) ids.insert(hit.record.id);
        return ids;
    };
    SearchRequest wildcard{"polit*", 0, 100};
    wildcard.facets = true;
    const SearchResult over_network = remote.search(wildcard);
    CHECK(id_set(over_network) == id_set(single.search(wildcard)));
    CHECK(id_set(over_network) == id_set(local_shards.search(wildcard)));
    const auto facets = [&](const SearchResult& result) {
        SearchResult counts;
        counts.total = result.total;
        counts.facets = result.facets;
        return summary(counts);
    };
    CHECK(facets(over_network) == facets(local_shards.search(wildcard)));
    // Above the sample limit remote counts say they are estimates; asked for, they are exact.
    SearcherOptions sampled;
    sampled.facet_sample_limit = 5;
    Searcher remote_sampled(shards.stub, &Thesaurus::built_in(), sampled);
    SearchRequest many{"Kazakhstan", 0, 3};
    many.facets = true;
    const SearchResult every = single.search(many);
    REQUIRE(every.total > 10);
    CHECK(every.facets_exact);
    CHECK_FALSE(remote_sampled.search(many).facets_exact);
    many.exact_facets = true;
    const SearchResult asked = remote_sampled.search(many);
    CHECK(asked.facets_exact);
    CHECK(facets(asked) == facets(every));
    // "Did you mean" from the side spelling database that polsearch-index wrote beside the
    // shards: the remote backend has no spelling table.
    for (const char* misspelt : {"politcs Kazakstan", "политка Казахстана", "мягкой силлы"}) {
        INFO(misspelt);
        const std::string expected = single.search({misspelt, 0, 10}).did_you_mean;
        CHECK(!expected.empty());
        CHECK(remote.search({misspelt, 0, 10}).did_you_mean == expected);
        CHECK(local_shards.search({misspelt, 0, 10}).did_you_mean == expected);
    }
    const auto record = remote.record("enu-bulletin-2025-150-1-145");
    REQUIRE(record);
    CHECK(record->doi == "10.32523/2616-6887-2025-150-1-145-159");
}

TEST_CASE("over remote shards the hits' records are read at the latest commit", "[remote]") {
    // The records of a page of hits are read on connections of their own per shard, at once
    // (Searcher::hit_data): each must read the revision the match read, not the one it read
    // at the search before. A record changed in place keeps its document number, so a stale
    // connection would show the old record silently.
    RemoteShards shards;
    Searcher remote(shards.stub);
    Searcher single(shards.single);
    const SearchRequest kazakhstan{"Kazakhstan", 0, 20};
    const SearchResult before = remote.search(kazakhstan);  // opens the connections
    REQUIRE(before.hits.size() > 4);
    CHECK(summary(before) == summary(single.search(kazakhstan)));
    const std::string id = before.hits[3].record.id;
    std::optional<Record> changed = remote.record(id);
    REQUIRE(changed);
    REQUIRE_FALSE(changed->title.empty());
    changed->title.front().text = "Quokkanomics of Kazakhstan";
    {
        IndexWriter writer(shards.sharded);
        writer.add(*changed);
        writer.commit();
    }
    const SearchResult after = remote.search({"Kazakhstan quokkanomics", 0, 20});
    REQUIRE(after.hits.size() > 4);
    CHECK(after.hits.front().record.id == id);
    CHECK(after.hits.front().record.title.front().text == "Quokkanomics of Kazakhstan");
    CHECK(after.hits.front().title == "Quokkanomics of Kazakhstan");
    for (const Hit& hit : after.hits) {
        INFO(hit.record.id);
        CHECK_FALSE(hit.record.id.empty());
        CHECK((hit.record.id != id || hit.rank == 1));
    }
}

TEST_CASE("a searcher left idle longer than the servers' --idle-timeout still answers",
          "[remote]") {
    // xapian-tcpsrv closes a connection idle for --idle-timeout (60 s by default) and says so
    // at the next request: a portal's first search after a quiet minute failed with 503.
    Databases databases;
    TcpServer first{databases.sharded + "/shard-0", 300};
    TcpServer second{databases.sharded + "/shard-1", 300};
    const std::string stub = databases.remote_stub(first, second);
    Searcher searcher(stub, &Thesaurus::built_in(), SearcherOptions{false, {2000, 5000}});
    const SearchRequest request{"Kazakhstan", 0, 10};
    const SearchResult before = searcher.search(request);
    REQUIRE(before.hits.size() > 2);  // hits read on the readers' connections too
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    SearchResult after;
    REQUIRE_NOTHROW(after = searcher.search(request));
    CHECK(summary(after) == summary(before));
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    CHECK(searcher.record(before.hits.front().record.id));
    CHECK(searcher.document_count() > 0);
}

TEST_CASE("a remote shard that is down or hung: an error naming it, or the others' hits",
          "[remote]") {
    RemoteShards shards;
    SearcherOptions partial;
    partial.allow_partial = true;
    partial.timeouts = {500, 1000};
    Searcher strict(shards.stub, &Thesaurus::built_in(), SearcherOptions{false, {500, 1000}});
    Searcher tolerant(shards.stub, &Thesaurus::built_in(), partial);
    const SearchRequest request{"Kazakhstan", 0, 100};
    const SearchResult whole = tolerant.search(request);
    REQUIRE(whole.total > 4);
    CHECK_FALSE(whole.partial);
    // Which records live on the first shard: those it alone answers.
    Searcher first_only(shards.sharded + "/shard-0");
    const SearchResult first_hits = first_only.search(request);
    REQUIRE(!first_hits.hits.empty());

    SECTION("down") {
        shards.second.stop();
    }
    SECTION("hung") {
        shards.second.pause();
    }

    // While the shard is gone, searches fail with its trouble named, or are partial.
    CHECK_THROWS_AS(strict.search(request), DatabaseError);
    const SearchResult some = tolerant.search(request);
    CHECK(some.partial);
    CHECK(some.missing_shards == std::vector<std::string>{shards.second.address()});
    std::vector<std::string> ids, expected;
    for (const Hit& hit : some.hits) ids.push_back(hit.record.id);
    for (const Hit& hit : first_hits.hits) expected.push_back(hit.record.id);
    CHECK(ids == expected);
    // A record on the shard that answers is found; one on the missing shard is not "none".
    const std::string here = first_hits.hits.front().record.id;
    std::string there;
    for (const Hit& hit : whole.hits) {
        if (std::find(expected.begin(), expected.end(), hit.record.id) == expected.end())
            there = hit.record.id;
    }
    REQUIRE(!there.empty());
    CHECK(tolerant.record(here));
    CHECK_THROWS_WITH(tolerant.record(there),
                      Catch::Contains("no answer from " + shards.second.address()));
    CHECK_THROWS_AS(strict.record(here), DatabaseError);
    // Opening a stub whose shard does not answer names that shard.
    CHECK_THROWS_WITH(
        Searcher(shards.stub, &Thesaurus::built_in(), SearcherOptions{false, {500, 1000}}),
        Catch::Contains("shard '" + shards.second.address() + "'"));
    shards.second.resume();
}

TEST_CASE("polsearch-search --allow-partial says which shard is missing, in text and JSON",
          "[remote]") {
    RemoteShards shards;
    shards.second.stop();
    const std::string search = test::program("polsearch-search") + " --db " + shards.stub +
                               " --connect-timeout 0.5 --remote-timeout 1 ";
    const auto failed = test::run(search + "Kazakhstan");
    CHECK(failed.status == 1);
    CHECK(failed.err.find("shard '" + shards.second.address() + "'") != std::string::npos);
    const auto json_run = test::run(search + "--allow-partial --format json Kazakhstan");
    REQUIRE(json_run.status == 0);
    const auto parsed = nlohmann::json::parse(json_run.out);
    CHECK(parsed["partial"] == true);
    CHECK(parsed["missing_shards"] == nlohmann::json::array({shards.second.address()}));
    CHECK(!parsed["hits"].empty());
    CHECK(json_run.err.find("warning: shard '" + shards.second.address() + "' did not answer") !=
          std::string::npos);
    const auto text_run = test::run(search + "--allow-partial Kazakhstan");
    CHECK(text_run.status == 0);
    CHECK(text_run.out.find("Partial results: no answer from shard " + shards.second.address()) !=
          std::string::npos);
}

TEST_CASE("stub files: local and remote shards, and lines that name the problem", "[remote]") {
    test::TempDir dir;
    const std::string stub = dir / "db.stub";
    test::write_file(stub,
                     "# a comment\nglass shard-0\n\nauto /srv/shard-1\nremote 10.0.0.5:8100\n"
                     "remote [::1]:8101\n");
    const auto shards = read_stub(stub);
    REQUIRE(shards.size() == 4);
    CHECK(shards[0].kind == ShardLocation::Kind::local);
    CHECK(shards[0].path == dir / "shard-0");
    CHECK(shards[1].path == "/srv/shard-1");
    CHECK(shards[2].kind == ShardLocation::Kind::remote);
    CHECK(shards[2].host == "10.0.0.5");
    CHECK(shards[2].port == 8100);
    CHECK(shards[3].host == "::1");
    CHECK(shards[3].name == "[::1]:8101");
    CHECK(stub_file(stub) == stub);
    CHECK(stub_file(dir.path().string()).empty());
    for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
             {"remote :ssh host xapian-progsrv /db\n",
              ":1: polsearch reaches remote shards over TCP only"},
             {"glass a\nremote host\n", ":2: 'remote' needs HOST:PORT, not 'host'"},
             {"flint old\n", ":1: unknown kind of database 'flint'"},
             {"# nothing\n", "names no shard"}}) {
        test::write_file(stub, text);
        CHECK_THROWS_WITH(read_stub(stub), Catch::Contains(message));
    }
}
