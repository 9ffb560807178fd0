// The HTTP service's answers, called directly over the sample corpus (the real server around
// it is tested in test_serve.cpp).
#include <expat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "polsearch/error.h"
#include "service/http_service.h"
#include "support.h"

using namespace polsearch;
using nlohmann::json;

namespace {

const Engine& engine() {
    static const Engine shared(test::sample_database());
    return shared;
}

HttpResponse get(const std::string& target, HttpServiceOptions options = {},
                 const std::string& origin = "") {
    const HttpService service(engine(), std::move(options));
    HttpRequest request;
    request.target = target;
    request.host = "search.example:8080";
    request.origin = origin;
    return service.handle(request);
}

json body(const HttpResponse& response) {
    return json::parse(response.body);
}

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return {};
}

std::string error_message(const HttpResponse& response) {
    return body(response).at("error").at("message").get<std::string>();
}

// Whether `xml` is well-formed XML 1.0 (expat); the error and its line when it is not.
std::string xml_error(const std::string& xml) {
    XML_Parser parser = XML_ParserCreate(nullptr);
    std::string error;
    if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
        error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
                std::to_string(XML_GetCurrentLineNumber(parser));
    }
    XML_ParserFree(parser);
    return error;
}

std::vector<std::string> hit_ids(const json& result) {
    std::vector<std::string> ids;
    for (const auto& hit : result.at("hits")) ids.push_back(hit.at("id"));
    return ids;
}

}  // namespace

TEST_CASE("percent-decoding: strict about '%', '+' as a space in queries, UTF-8 only",
          "[http_service]") {
    CHECK(percent_decode("%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F+%D1%81%D0%B8%D0%BB%D0%B0", true) ==
          "мягкая сила");
    CHECK(percent_decode("a+b", false) == "a+b");
    CHECK(percent_decode("%2Fetc", false) == "/etc");
    CHECK_THROWS_WITH(percent_decode("soft%2", true),
                      Catch::Contains("malformed percent-encoding"));
    CHECK_THROWS_WITH(percent_decode("soft%zzpower", true), Catch::Contains("'%zz'"));
    CHECK_THROWS_AS(percent_decode("%", true), UsageError);
    CHECK_THROWS_WITH(percent_decode("%C3%28", true), Catch::Contains("not UTF-8"));
    CHECK(percent_encode("soft power/«x»") == "soft%20power%2F%C2%ABx%C2%BB");
    CHECK(percent_decode(percent_encode("жұмсақ күш & co"), false) == "жұмсақ күш & co");
}

TEST_CASE("/search: the JSON of polsearch-search with facets and paging links", "[http_service]") {
    const HttpResponse response = get(
        "/search?q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F+%D1%81%D0%B8%D0%BB%D0%B0&size=3&page=2");
    REQUIRE(response.status == 200);
    CHECK(response.content_type == "application/json; charset=utf-8");
    const json result = body(response);
    CHECK(result.at("query") == "мягкая сила");
    CHECK(result.at("offset") == 3);
    CHECK(result.at("page") == 2);
    CHECK(result.at("size") == 3);
    CHECK(result.at("hits").size() == 3);
    CHECK(result.at("hits")[0].at("rank") == 4);
    const auto total = result.at("total").get<std::size_t>();
    REQUIRE(total > 6);
    const json& links = result.at("links");
    CHECK(
        links.at("prev") ==
        "/search?q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F%20%D1%81%D0%B8%D0%BB%D0%B0&size=3&page=1");
    CHECK(links.at("next").get<std::string>().find("page=3") != std::string::npos);
    CHECK(links.at("last").get<std::string>().find("page=" + std::to_string((total + 2) / 3)) !=
          std::string::npos);
    // Facets count every match; the language facet holds ru.
    bool russian = false;
    for (const auto& value : result.at("facets").at("language"))
        if (value.at("value") == "ru") russian = value.at("count").get<int>() > 0;
    CHECK(russian);
    // The same hits as page 1 and 2 asked together.
    const json both =
        body(get("/search?q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F+%D1%81%D0%B8%D0%BB%D0%B0&size=6&"
                 "facets=false"));
    CHECK_FALSE(both.contains("facets"));
    const auto all = hit_ids(both);
    CHECK(hit_ids(result) == std::vector<std::string>(all.begin() + 3, all.end()));
    // The last page has no next link; the first no previous one.
    const json last = body(get(links.at("last").get<std::string>()));
    CHECK(last.at("links").at("next").is_null());
    CHECK(body(get("/search?q=water")).at("links").at("prev").is_null());
}

TEST_CASE("/search filters by facets and shows hits in the language asked for", "[http_service]") {
    const json all = body(get("/search?q=soft+power"));
    const json kazakh = body(get("/search?q=soft+power&f.language=kk"));
    REQUIRE(kazakh.at("total") > 0);
    CHECK(kazakh.at("total") < all.at("total"));
    const json two = body(get("/search?q=soft+power&f.language=kk&f.year=2025"));
    CHECK(two.at("total") <= kazakh.at("total"));
    const json russian = body(get("/search?q=soft+power+Kazakhstan&lang=ru"));
    for (const auto& hit : russian.at("hits")) {
        if (hit.at("id") == "enu-bulletin-2025-150-1-145")
            CHECK(hit.at("title").get<std::string>().rfind("Политика «мягкой силы»", 0) == 0);
    }
    const json newest = body(get("/search?q=Kazakhstan&sort=-date&size=20"));
    int previous = 9999;
    for (const auto& hit : newest.at("hits")) {
        if (hit.at("year").is_null()) continue;
        CHECK(hit.at("year").get<int>() <= previous);
        previous = hit.at("year").get<int>();
    }
}

TEST_CASE("bad requests: a 400 with a JSON error that says what is wrong", "[http_service]") {
    const auto bad = [](const std::string& target, const std::string& says, int status = 400) {
        const HttpResponse response = get(target);
        INFO(target << " → " << response.body);
        CHECK(response.status == status);
        CHECK(body(response).at("error").at("status") == status);
        CHECK_THAT(error_message(response), Catch::Contains(says));
    };
    bad("/search", "parameter 'q' (the query) is missing");
    bad("/search?q=+++", "parameter 'q' (the query) is missing");
    bad("/search?q=x&colour=red", "unknown parameter 'colour'");
    bad("/search?q=x&q=y", "'q' is given more than once");
    bad("/search?q=x&page=2&page=3", "'page' is given more than once");
    bad("/search?q=x&f.colour=red", "unknown filter 'f.colour'");
    bad("/search?q=x&f.year=abc", "year");
    bad("/search?q=soft%2", "malformed percent-encoding");
    bad("/search?q=%FF%FE", "not UTF-8");
    bad("/search?q=x&size=0", "'size' must be a whole number from 1 to 100");
    bad("/search?q=x&size=101", "from 1 to 100");
    bad("/search?q=x&page=-1", "'page'");
    bad("/search?q=x&page=99999999999", "'page'");
    bad("/search?q=x&sort=newest", "'sort' must be relevance, date or -date");
    bad("/search?q=x&lang=de", "'lang' must be en, ru or kk");
    bad("/search?q=x&expand=maybe", "'expand' must be true or false");
    bad("/search?q=title:(soft", "the query cannot be parsed");
    bad("/search?q=" + std::string(2001, 'a'), "a query may have at most 2000");
    bad("/suggest?q=" + std::string(2001, 'a'), "a query may have at most 2000");
    std::string long_query;
    while (long_query.size() + 6 <= 2000) long_query += "water+";
    CHECK(get("/search?q=" + long_query).status == 200);
    CHECK(body(get("/search?q=title:(soft")).at("error").contains("position"));
    bad("/export?q=x&format=docx", "'format' must be ris, bibtex or csl-json");
    bad("/health?verbose=1", "unknown parameter 'verbose' (/health takes none)");
    bad("/records/no-such-record", "no record with id 'no-such-record'", 404);
    bad("/records/../../etc/passwd", "no record with id '../../etc/passwd'", 404);
    bad("/records/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "no record with id '../../etc/passwd'", 404);
    bad("/records/no-such-record/similar", "no record with id 'no-such-record'", 404);
    bad("/etc/passwd", "no such page: /etc/passwd", 404);
    HttpRequest post;
    post.method = "POST";
    post.target = "/search?q=x";
    const HttpResponse refused = HttpService(engine(), {}).handle(post);
    CHECK(refused.status == 405);
    CHECK(header(refused, "Allow") == "GET, HEAD, OPTIONS");
}

TEST_CASE("/records: a record, and the records like it", "[http_service]") {
    const HttpResponse record = get("/records/enu-bulletin-2025-150-1-145");
    REQUIRE(record.status == 200);
    const json seed = body(record);
    CHECK(seed.at("id") == "enu-bulletin-2025-150-1-145");
    CHECK(seed.at("title").at("kk").get<std::string>().find("жұмсақ күш") != std::string::npos);
    const json similar = body(get("/records/enu-bulletin-2025-150-1-145/similar?size=4"));
    CHECK(similar.at("similar_to") == "enu-bulletin-2025-150-1-145");
    REQUIRE(similar.at("hits").size() == 4);
    for (const auto& id : hit_ids(similar)) CHECK(id != "enu-bulletin-2025-150-1-145");
    CHECK(similar.at("links").at("next").get<std::string>().rfind(
              "/records/enu-bulletin-2025-150-1-145/similar?size=4&page=2", 0) == 0);
}

TEST_CASE("/suggest: completions from keywords, authors and titles in three languages",
          "[http_service]") {
    const auto texts = [](const std::string& target) {
        std::vector<std::string> out;
        const json answer = body(get(target));
        for (const auto& completion : answer.at("completions"))
            out.push_back(completion.at("text"));
        return out;
    };
    using Catch::Matchers::VectorContains;
    CHECK_THAT(texts("/suggest?q=public+dipl"), VectorContains(std::string("public diplomacy")));
    CHECK_THAT(
        texts(
            "/suggest?q=%D0%BF%D1%83%D0%B1%D0%BB%D0%B8%D1%87%D0%BD%D0%B0%D1%8F+%D0%B4%D0%B8%D0%BF"),
        VectorContains(std::string("публичная дипломатия")));
    CHECK_THAT(texts("/suggest?q=Gubai"), VectorContains(std::string("Gubaidullina, M.")));
    CHECK(texts("/suggest?q=p").empty());
    CHECK(texts("/suggest?q=public+dipl&size=1").size() == 1);
    CHECK(get("/suggest").status == 400);
}

TEST_CASE("/export: the hits for reference managers, with their content types", "[http_service]") {
    const HttpResponse ris = get("/export?q=soft+power&format=ris&size=5");
    REQUIRE(ris.status == 200);
    CHECK(ris.content_type == "application/x-research-info-systems; charset=utf-8");
    CHECK(header(ris, "Content-Disposition") == "attachment; filename=\"polsearch.ris\"");
    CHECK(ris.body.rfind("TY  - JOUR", 0) == 0);
    const HttpResponse bibtex = get("/export?q=soft+power&format=bibtex&size=5");
    CHECK(bibtex.content_type == "application/x-bibtex; charset=utf-8");
    CHECK(bibtex.body.find("@article{") != std::string::npos);
    const HttpResponse csl = get("/export?q=soft+power&format=csl-json&size=5");
    CHECK(csl.content_type == "application/vnd.citationstyles.csl+json; charset=utf-8");
    CHECK(body(csl).size() == 5);
    CHECK(get("/export?q=soft+power&size=1001").status == 400);
}

TEST_CASE("OpenSearch: a description with three Url templates, and Atom results",
          "[http_service]") {
    const HttpResponse description = get("/opensearch.xml");
    REQUIRE(description.status == 200);
    CHECK(description.content_type == "application/opensearchdescription+xml; charset=utf-8");
    for (const char* expected :
         {"xmlns=\"http://a9.com/-/spec/opensearch/1.1/\"",
          "<Url type=\"text/html\" "
          "template=\"http://search.example:8080/?q={searchTerms}&amp;page={startPage?}\"/>",
          "<Url type=\"application/json\" "
          "template=\"http://search.example:8080/"
          "search?q={searchTerms}&amp;page={startPage?}&amp;size={count?}\"/>",
          "<Url type=\"application/atom+xml\" "
          "template=\"http://search.example:8080/search.atom?q={searchTerms}"}) {
        CHECK_THAT(description.body, Catch::Contains(expected));
    }
    HttpServiceOptions behind_proxy;
    behind_proxy.base_url = "https://search.library.example";
    CHECK_THAT(get("/opensearch.xml", behind_proxy).body,
               Catch::Contains("template=\"https://search.library.example/search?q="));
    // A template filled in as a client does, with the optional parameters left empty.
    CHECK(get("/search?q=water&page=&size=").status == 200);

    const HttpResponse atom = get("/search.atom?q=%22soft+power%22+%3Cb%3E&size=2");
    REQUIRE(atom.status == 200);
    CHECK(atom.content_type == "application/atom+xml; charset=utf-8");
    for (const char* expected :
         {"<feed xmlns=\"http://www.w3.org/2005/Atom\"", "<opensearch:totalResults>",
          "<opensearch:startIndex>1</opensearch:startIndex>",
          "<opensearch:itemsPerPage>2</opensearch:itemsPerPage>",
          "<opensearch:Query role=\"request\" searchTerms=\"&quot;soft power&quot; &lt;b&gt;\"",
          "<id>http://search.example:8080/records/", "<summary type=\"html\">", "&lt;mark&gt;",
          "rel=\"next\""}) {
        CHECK_THAT(atom.body, Catch::Contains(expected));
    }
    CHECK(atom.body.find("<b>") == std::string::npos);  // the query is escaped
}

TEST_CASE("the page, the widget, health and CORS", "[http_service]") {
    const HttpResponse page = get("/");
    REQUIRE(page.status == 200);
    CHECK(page.content_type == "text/html; charset=utf-8");
    CHECK_THAT(page.body, Catch::Contains("<div data-polsearch"));
    CHECK_THAT(page.body, Catch::Contains("<script src=\"widget.js\"></script>"));
    CHECK(get("/?q=soft+power&f.year=2025").status == 200);  // the page's own links
    CHECK(get("/widget.js").content_type == "text/javascript; charset=utf-8");
    CHECK_THAT(get("/widget.js").body, Catch::Contains("data-polsearch"));
    CHECK(get("/widget.css").content_type == "text/css; charset=utf-8");
    const json health = body(get("/health"));
    CHECK(health.at("status") == "ok");
    CHECK(health.at("records").get<int>() == 124);

    HttpServiceOptions cors;
    cors.cors_origins = {"https://portal.example"};
    CHECK(header(get("/search?q=water", cors, "https://portal.example"),
                 "Access-Control-Allow-Origin") == "https://portal.example");
    CHECK(header(get("/search?q=water", cors, "https://elsewhere.example"),
                 "Access-Control-Allow-Origin")
              .empty());
    CHECK(
        header(get("/search?q=water", {}, "https://portal.example"), "Access-Control-Allow-Origin")
            .empty());
    cors.cors_origins = {"*"};
    CHECK(header(get("/search?q=water", cors, "https://any.example"),
                 "Access-Control-Allow-Origin") == "*");
    HttpRequest preflight;
    preflight.method = "OPTIONS";
    preflight.target = "/search?q=water";
    preflight.origin = "https://any.example";
    const HttpResponse answer = HttpService(engine(), cors).handle(preflight);
    CHECK(answer.status == 204);
    CHECK(header(answer, "Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
}

TEST_CASE("links follow the Host header only when it is a host name, else the local address",
          "[http_service]") {
    for (const char* host : {"search.example", "search.example:8080", "search.example.",
                             "localhost", "127.0.0.1:80", "[::1]", "[::1]:8080",
                             "[2001:db8::ffff:10.0.0.1]:443", "my_host.internal:65535", "A-1.b"})
        CHECK(is_valid_host(host));
    for (const char* host : {"",
                             ":80",
                             "evil.example/x",
                             "evil.example\"><x",
                             "user@evil.example",
                             "evil example",
                             "evil.example:",
                             "evil.example:0",
                             "evil.example:65536",
                             "evil.example:8080:1",
                             "evil..example",
                             ".evil.example",
                             "[::1",
                             "[evil]",
                             "[::1]x",
                             "[::1]:",
                             "evil.example%2F",
                             "evil.example\\x",
                             "évil.example",
                             "evil.example\r\nX: y"})
        CHECK_FALSE(is_valid_host(host));
    CHECK_FALSE(is_valid_host(std::string(64, 'a') + ".example"));

    const HttpService service(engine(), {});
    HttpRequest request;
    request.target = "/opensearch.xml";
    request.local_host = "127.0.0.1:8080";
    request.host = "search.example:8080";
    CHECK_THAT(service.handle(request).body,
               Catch::Contains("template=\"http://search.example:8080/search?q="));
    for (const char* bad : {"evil.example/x?", "evil.example\"><x", "evil.example:1:2", ""}) {
        request.host = bad;
        const std::string body = service.handle(request).body;
        CHECK_THAT(body, !Catch::Contains("evil"));
        CHECK_THAT(body, Catch::Contains("template=\"http://127.0.0.1:8080/search?q="));
    }
    request.target = "/search.atom?q=water";
    request.host = "evil.example/x";
    const std::string atom = service.handle(request).body;
    CHECK_THAT(atom, !Catch::Contains("evil"));
    CHECK_THAT(atom, Catch::Contains("<id>http://127.0.0.1:8080/records/"));
}

TEST_CASE("Atom and OpenSearch are well-formed XML whatever characters a record holds",
          "[http_service]") {
    // XML 1.0 allows no C0 control but tab, LF and CR, and neither U+FFFE nor U+FFFF: a record
    // that held one made the feed unreadable to every feed reader.
    test::TempDir dir;
    test::write_file(
        dir / "odd.jsonl",
        R"({"id": "odd-1", "title": "Quokkanomics \uFFFE of \uFFFF water \u0001\u001b\u007f politics", )"
        R"("abstract": "Quokkanomics of water \uFFFF in \u000b Central Asia \uFFFE with \u0008 controls \u0000.", )"
        R"("authors": ["Nobody, \uFFFF A.\u0007"], "keywords": ["\uFFFEquokka"], "year": 2025})"
        "\n");
    const std::string database = dir / "db";
    const auto indexed = test::run(test::program("polsearch-index") + " --quiet --db " + database +
                                   " " + (dir / "odd.jsonl"));
    REQUIRE(indexed.status == 0);
    const Engine odd(database);
    HttpRequest request;
    request.target = "/search.atom?q=quokkanomics";
    request.host = "search.example";
    const HttpResponse atom = HttpService(odd, {}).handle(request);
    REQUIRE(atom.status == 200);
    REQUIRE_THAT(atom.body, Catch::Contains("<entry>"));
    CHECK(xml_error(atom.body).empty());
    CHECK(atom.body.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(atom.body.find("\xEF\xBF\xBF") == std::string::npos);
    CHECK_THAT(atom.body, Catch::Contains("Nobody, "));
    request.target = "/opensearch.xml";
    CHECK(xml_error(HttpService(odd, {}).handle(request).body).empty());
    // The sample's feeds too.
    CHECK(xml_error(get("/search.atom?q=Kazakhstan&size=100").body).empty());
    CHECK(xml_error(get("/opensearch.xml").body).empty());
}

TEST_CASE("GET answers carry an ETag and Cache-Control, and a matching If-None-Match gets a 304",
          "[http_service]") {
    const HttpService service(engine(), {});
    const auto ask = [&](const std::string& target, const std::string& if_none_match = "") {
        HttpRequest request;
        request.target = target;
        request.host = "search.example";
        request.if_none_match = if_none_match;
        return service.handle(request);
    };
    std::vector<std::string> tags;
    for (const char* target :
         {"/search?q=water", "/search?q=water&page=2&size=1", "/search.atom?q=water",
          "/export?q=water&format=bibtex", "/records/enu-bulletin-2025-150-1-145",
          "/records/enu-bulletin-2025-150-1-145/similar", "/suggest?q=publ"}) {
        INFO(target);
        const HttpResponse fresh = ask(target);
        REQUIRE(fresh.status == 200);
        const std::string tag = header(fresh, "ETag");
        CHECK(tag.size() > 2);
        CHECK(tag.front() == '"');
        CHECK(tag.back() == '"');
        CHECK_THAT(header(fresh, "Cache-Control"), Catch::StartsWith("public, max-age="));
        tags.push_back(tag);
        // The same answer asked again: the same tag, and with it a 304 with no body.
        CHECK(header(ask(target), "ETag") == tag);
        for (const std::string& condition :
             {tag, "W/" + tag, "\"other\", " + tag, std::string("*")}) {
            const HttpResponse cached = ask(target, condition);
            CHECK(cached.status == 304);
            CHECK(cached.body.empty());
            CHECK(header(cached, "ETag") == tag);
            CHECK_FALSE(header(cached, "Cache-Control").empty());
        }
        CHECK(ask(target, "\"other\"").status == 200);
    }
    // Each target has its own tag.
    std::sort(tags.begin(), tags.end());
    CHECK(std::unique(tags.begin(), tags.end()) == tags.end());
    // An error is not cached, and /health is always asked afresh.
    CHECK(header(ask("/search?q=x&size=0"), "ETag").empty());
    CHECK(header(ask("/health"), "ETag").empty());
}

TEST_CASE("the ETag changes when the database does", "[http_service]") {
    test::TempDir dir;
    const std::string database = dir / "db";
    const auto index = [&](const std::string& name, const std::string& line) {
        test::write_file(dir / name, line + "\n");
        REQUIRE(test::run(test::program("polsearch-index") + " --quiet --db " + database + " " +
                          (dir / name))
                    .status == 0);
    };
    index("one.jsonl", R"({"id": "w-1", "title": "Water politics", "year": 2020})");
    const Engine changing(database);
    const std::string before = changing.revision();
    CHECK_FALSE(before.empty());
    HttpRequest request;
    request.target = "/search?q=water";
    const HttpService service(changing, {});
    const std::string tag = header(service.handle(request), "ETag");
    REQUIRE_FALSE(tag.empty());
    index("two.jsonl", R"({"id": "w-2", "title": "Water diplomacy", "year": 2021})");
    CHECK(changing.revision() != before);
    request.if_none_match = tag;
    const HttpResponse after = service.handle(request);
    CHECK(after.status == 200);
    CHECK(header(after, "ETag") != tag);
    CHECK(body(after).at("total") == 2);

    // A stub of local shards: each shard's revision.
    const std::string sharded = dir / "sharded";
    REQUIRE(test::run(test::program("polsearch-index") + " --quiet --shards 2 --db " + sharded +
                      " " + (dir / "one.jsonl") + " " + (dir / "two.jsonl"))
                .status == 0);
    const std::string revision = Engine(sharded).revision();
    CHECK(std::count(revision.begin(), revision.end(), ';') == 2);
    request.if_none_match.clear();
    CHECK_FALSE(header(HttpService(Engine(sharded), {}).handle(request), "ETag").empty());
}

TEST_CASE("a page past the last is a 404, but page 1 of no hits is a 200", "[http_service]") {
    const json first = body(get("/search?q=water&size=5"));
    const std::size_t total = first.at("total");
    REQUIRE(total > 0);
    const std::size_t last = (total + 4) / 5;
    CHECK(get("/search?q=water&size=5&page=" + std::to_string(last)).status == 200);
    for (const std::string& target :
         {"/search?q=water&size=5&page=" + std::to_string(last + 1),
          "/search.atom?q=water&size=5&page=" + std::to_string(last + 1),
          std::string("/records/enu-bulletin-2025-150-1-145/similar?size=100&page=50"),
          std::string("/search?q=zzyzxquux&page=2")}) {
        INFO(target);
        const HttpResponse past = get(target);
        CHECK(past.status == 404);
        CHECK(past.content_type == "application/json; charset=utf-8");
        CHECK_THAT(error_message(past), Catch::Contains("past the last page"));
    }
    const HttpResponse none = get("/search?q=zzyzxquux");
    CHECK(none.status == 200);
    CHECK(body(none).at("hits").empty());
    CHECK(body(none).at("total") == 0);
    CHECK(get("/search.atom?q=zzyzxquux").status == 200);
}

TEST_CASE("a bad filter is named as the service's parameter, not the command line's option",
          "[http_service]") {
    const HttpResponse year = get("/search?q=water&f.year=abc");
    CHECK(year.status == 400);
    CHECK(error_message(year) == "f.year: needs a four-digit year, not 'abc'");
    CHECK(error_message(get("/export?q=water&f.decade=1995")) ==
          "f.decade: needs a decade such as 1990s, not '1995'");
    CHECK(error_message(get("/search?q=water&f.language=de")) ==
          "f.language: needs en, ru or kk, not 'de'");
    CHECK(error_message(get("/search?q=water&f.author=")) == "f.author: needs a value");
}

TEST_CASE("with CORS origins set, every answer says Vary: Origin", "[http_service]") {
    for (const std::vector<std::string>& origins :
         {std::vector<std::string>{"https://portal.example"}, std::vector<std::string>{"*"}}) {
        HttpServiceOptions cors;
        cors.cors_origins = origins;
        for (const char* origin : {"", "https://portal.example", "https://elsewhere.example"}) {
            for (const char* target : {"/search?q=water", "/", "/nowhere", "/search?q="}) {
                INFO(origins[0] << " " << origin << " " << target);
                const HttpResponse response = get(target, cors, origin);
                int varies = 0;
                for (const auto& [name, value] : response.headers)
                    varies += name == "Vary" && value == "Origin";
                CHECK(varies == 1);
            }
        }
    }
    // Without CORS the answer does not depend on the origin.
    CHECK(header(get("/search?q=water", {}, "https://portal.example"), "Vary").empty());
}

TEST_CASE("OpenSearch suggestions: a Url in the description, and /suggest in its format",
          "[http_service]") {
    CHECK_THAT(get("/opensearch.xml").body,
               Catch::Contains("<Url type=\"application/x-suggestions+json\" "
                               "template=\"http://search.example:8080/"
                               "suggest?q={searchTerms}&amp;format=opensearch\"/>"));
    const HttpResponse answer = get("/suggest?q=public+dipl&format=opensearch");
    REQUIRE(answer.status == 200);
    CHECK(answer.content_type == "application/x-suggestions+json; charset=utf-8");
    const json suggestions = body(answer);
    REQUIRE(suggestions.is_array());
    REQUIRE(suggestions.size() == 2);
    CHECK(suggestions[0] == "public dipl");
    CHECK_THAT(suggestions[1].get<std::vector<std::string>>(),
               Catch::Matchers::VectorContains(std::string("public diplomacy")));
    CHECK(body(get("/suggest?q=public+dipl&format=json")).contains("completions"));
    CHECK_THAT(error_message(get("/suggest?q=x&format=xml")),
               Catch::Contains("'format' must be json or opensearch"));
}

TEST_CASE("/search says the language of the query, and of each hit's title and snippet",
          "[http_service]") {
    // The seed record is English, but asked in Russian its title and snippet are Russian.
    const json russian = body(
        get("/search?q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F+%D1%81%D0%B8%D0%BB%D0%B0&size=20"));
    CHECK(russian.at("query_language") == "ru");
    bool seen = false;
    for (const auto& hit : russian.at("hits")) {
        CHECK(hit.contains("title_language"));
        CHECK(hit.contains("snippet_language"));
        if (hit.at("id") != "enu-bulletin-2025-150-1-145") continue;
        seen = true;
        CHECK(hit.at("language") == "en");
        CHECK(hit.at("title_language") == "ru");
        CHECK(hit.at("snippet_language") == "ru");
    }
    CHECK(seen);
    const json english = body(get("/search?q=water+politics"));
    CHECK(english.at("query_language") == "en");
    CHECK(english.at("hits").at(0).at("title_language") == "en");
}

TEST_CASE("/search gives as many facet values as facet_limit asks", "[http_service]") {
    const json few = body(get("/search?q=Kazakhstan&facet_limit=2"));
    for (const auto& [name, values] : few.at("facets").items()) CHECK(values.size() <= 2);
    const json standard = body(get("/search?q=Kazakhstan"));
    const json many = body(get("/search?q=Kazakhstan&facet_limit=100"));
    CHECK(standard.at("facets").at("keyword").size() == 20);
    CHECK(many.at("facets").at("keyword").size() > 20);
    CHECK(get("/search?q=Kazakhstan&facet_limit=0").status == 400);
    CHECK(get("/search?q=Kazakhstan&facet_limit=101").status == 400);
}

TEST_CASE("/search says whether facets are exact, and counts every match when asked",
          "[http_service]") {
    // The sample corpus is far below the sample limit: exact either way.
    const json standard = body(get("/search?q=Kazakhstan"));
    CHECK(standard.at("facets_exact") == true);
    const json asked = body(get("/search?q=Kazakhstan&exact_facets=true"));
    CHECK(asked.at("facets_exact") == true);
    CHECK(asked.at("facets") == standard.at("facets"));
    CHECK(get("/search?q=Kazakhstan&exact_facets=maybe").status == 400);
    CHECK_FALSE(body(get("/search?q=Kazakhstan&facets=false")).contains("facets_exact"));
}

TEST_CASE("/search?expand_from_top=N adds the best hits' stems, N from 0 to 50", "[http_service]") {
    const json plain = body(get("/search?q=water+politics&facets=false"));
    const json zero = body(get("/search?q=water+politics&facets=false&expand_from_top=0"));
    const json expanded = body(get("/search?q=water+politics&facets=false&expand_from_top=3"));
    CHECK(zero.at("total") == plain.at("total"));
    CHECK(zero.at("hits") == plain.at("hits"));
    CHECK(expanded.at("total").get<std::size_t>() > plain.at("total").get<std::size_t>());
    for (const char* value : {"51", "-1", "many"}) {
        const HttpResponse response = get(std::string("/search?q=x&expand_from_top=") + value);
        CHECK(response.status == 400);
        CHECK_THAT(error_message(response),
                   Catch::Contains("parameter 'expand_from_top' must be a whole number from 0 to "
                                   "50, not '" +
                                   std::string(value) + "'"));
    }
}

TEST_CASE("/record/ID: the record as an HTML page, for people", "[http_service]") {
    const HttpResponse page = get("/record/enu-bulletin-2025-150-1-145");
    REQUIRE(page.status == 200);
    CHECK(page.content_type == "text/html; charset=utf-8");
    CHECK_FALSE(header(page, "ETag").empty());
    // Written as XHTML-compatible HTML, so that expat can check that everything is escaped.
    CHECK(xml_error(page.body).empty());
    for (const char* expected :
         {"<html lang=\"en\"",
          "<h1 lang=\"en\">Russia's &quot;soft power&quot; policy towards Kazakhstan",
          "lang=\"ru\">Политика «мягкой силы» России", "lang=\"kk\">Орталық Азияны зерттеу",
          "Gubaidullina, M.", "Paizova, A.", "Bulletin of the L.N. Gumilyov",
          "href=\"https://doi.org/10.32523/2616-6887-2025-150-1-145-159\"",
          "href=\"../records/enu-bulletin-2025-150-1-145/export?format=ris\"",
          "href=\"../records/enu-bulletin-2025-150-1-145/export?format=bibtex\"",
          "href=\"../records/enu-bulletin-2025-150-1-145/export?format=csl-json\"",
          "href=\"../records/enu-bulletin-2025-150-1-145\"", "жұмсақ/антижұмсақ күш",
          "<section lang=\"kk\"", "<section lang=\"ru\"", "<section lang=\"en\"",
          "href=\"../record/"}) {
        CHECK_THAT(page.body, Catch::Contains(expected));
    }
    // The labels in the interface language asked for.
    const HttpResponse russian = get("/record/enu-bulletin-2025-150-1-145?lang=ru");
    CHECK_THAT(russian.body, Catch::Contains("Похожие записи"));
    CHECK_THAT(russian.body, Catch::Contains("<html lang=\"en\""));  // the record's language
    CHECK(get("/record/no-such-record").status == 404);
    CHECK(get("/record/enu-bulletin-2025-150-1-145?colour=red").status == 400);
}

TEST_CASE("/records/ID/export: one record for a reference manager", "[http_service]") {
    const HttpResponse bibtex = get("/records/enu-bulletin-2025-150-1-145/export?format=bibtex");
    REQUIRE(bibtex.status == 200);
    CHECK(bibtex.content_type == "application/x-bibtex; charset=utf-8");
    CHECK(std::count(bibtex.body.begin(), bibtex.body.end(), '@') == 1);
    CHECK_THAT(bibtex.body, Catch::Contains("@article{gubaidullina2025russia,"));
    CHECK_THAT(header(bibtex, "Content-Disposition"), Catch::Contains(".bib\""));
    const HttpResponse ris = get("/records/enu-bulletin-2025-150-1-145/export");
    CHECK(ris.content_type == "application/x-research-info-systems; charset=utf-8");
    CHECK_THAT(ris.body, Catch::Contains("ID  - enu-bulletin-2025-150-1-145"));
    CHECK(body(get("/records/enu-bulletin-2025-150-1-145/export?format=csl-json")).size() == 1);
    CHECK(get("/records/enu-bulletin-2025-150-1-145/export?format=docx").status == 400);
    CHECK(get("/records/no-such-record/export").status == 404);
}

TEST_CASE("Atom entries link to the record's page, and to its JSON", "[http_service]") {
    const HttpResponse atom = get("/search.atom?q=soft+power&size=3");
    REQUIRE(atom.status == 200);
    CHECK(xml_error(atom.body).empty());
    const std::string entry = atom.body.substr(atom.body.find("<entry>"));
    CHECK_THAT(entry, Catch::Contains("<link rel=\"alternate\" type=\"text/html\" "
                                      "href=\"http://search.example:8080/record/"));
    CHECK_THAT(entry, Catch::Contains("<link rel=\"alternate\" type=\"application/json\" "
                                      "href=\"http://search.example:8080/records/"));
}
