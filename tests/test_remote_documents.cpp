// RemoteDocuments: Xapian's remote protocol as polsearch speaks it to read documents many at a
// time, on its messages alone and against a real xapian-tcpsrv.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "index/record_data.h"
#include "index/remote_documents.h"
#include "support.h"

using namespace polsearch;

namespace {

RemoteMessage reply(unsigned char type, std::string body = {}) {
    return {type, std::move(body)};
}

constexpr unsigned char update = 0, exception = 1, done = 2, docdata = 5, value = 16;

// A serialised Xapian::Error as xapian-tcpsrv sends it: the type's code, the context and the
// message (each a one-byte length here), then the error string.
std::string serialised_error(unsigned char code, const std::string& context,
                             const std::string& message) {
    return std::string(1, static_cast<char>(code)) + static_cast<char>(context.size()) + context +
           static_cast<char>(message.size()) + message;
}

// A server on 127.0.0.1 that accepts one connection, writes `greeting`, then reads until
// the client closes: not xapian-tcpsrv.
class FakeServer {
  public:
    explicit FakeServer(std::string greeting) : greeting_(std::move(greeting)) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        listen(listener_, 1);
        thread_ = std::thread([this] {
            const int client = accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            (void)write(client, greeting_.data(), greeting_.size());
            char sink[256];
            while (read(client, sink, sizeof sink) > 0) {
            }
            close(client);
        });
    }
    ~FakeServer() {
        shutdown(listener_, SHUT_RDWR);
        thread_.join();
        close(listener_);
    }
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;
    ShardLocation location() const {
        return {ShardLocation::Kind::remote, "", "127.0.0.1", port_,
                "127.0.0.1:" + std::to_string(port_)};
    }

  private:
    std::string greeting_;
    int listener_ = -1;
    unsigned port_ = 0;
    std::thread thread_;
};

ShardLocation location_of(const test::TcpServer& server) {
    return {ShardLocation::Kind::remote, "", "127.0.0.1", server.port(), server.address()};
}

}  // namespace

TEST_CASE("remote messages: lengths as Xapian writes them, taken whole or not at all",
          "[remote_documents]") {
    for (const std::size_t size : {0, 1, 254, 255, 256, 382, 383, 16638, 16639, 70000}) {
        INFO(size);
        const std::string body(size, 'x');
        const std::string bytes = remote_message(5, body) + remote_message(2, "");
        // Xapian's encode_length: one byte below 255, else 255 and 7-bit groups.
        CHECK(bytes.size() - 2 - size == (size < 255           ? 2
                                          : size - 255 < 128   ? 3
                                          : size - 255 < 16384 ? 4
                                                               : 5));
        for (std::size_t cut = 0; cut < bytes.size() - 2; cut += cut < 8 ? 1 : 997) {
            std::size_t at = 0;
            CHECK_FALSE(take_remote_message(std::string_view(bytes).substr(0, cut), at, "s"));
            CHECK(at == 0);
        }
        std::size_t at = 0;
        const std::optional<RemoteMessage> first = take_remote_message(bytes, at, "s");
        REQUIRE(first);
        CHECK(first->type == 5);
        CHECK(first->body == body);
        const std::optional<RemoteMessage> second = take_remote_message(bytes, at, "s");
        REQUIRE(second);
        CHECK(second->type == 2);
        CHECK(second->body.empty());
        CHECK(at == bytes.size());
    }
}

TEST_CASE("remote messages: a length too long or overflowing is an error, not an allocation",
          "[remote_documents]") {
    std::size_t at = 0;
    // max_remote_message + 1, announced before any of the body has come.
    std::string too_long = "\x05\xff";
    for (std::size_t rest = max_remote_message + 1 - 255;; rest >>= 7) {
        if (rest < 128) {
            too_long += static_cast<char>(rest | 0x80);
            break;
        }
        too_long += static_cast<char>(rest & 0x7f);
    }
    CHECK_THROWS_AS(take_remote_message(too_long, at, "s"), Xapian::NetworkError);
    // Exactly max_remote_message is waited for.
    std::string longest = remote_message(5, std::string(max_remote_message, 'x'));
    longest.resize(longest.size() - 1);
    CHECK_FALSE(take_remote_message(longest, at, "s"));
    std::string endless = std::string("\x05\xff", 2) + std::string(12, '\x7f') + "\x81";
    at = 0;
    CHECK_THROWS_WITH(take_remote_message(endless, at, "10.0.0.6:8100"),
                      Catch::Contains("10.0.0.6:8100") && Catch::Contains("longer than"));
    CHECK(at == 0);
}

TEST_CASE("document replies: the reopen's, then each document's data, values and end",
          "[remote_documents]") {
    SECTION("in order") {
        for (const unsigned char reopened : {done, update}) {
            DocumentReplies replies(2, "s");
            CHECK_FALSE(replies.add(reply(reopened, "whatever")));
            CHECK_FALSE(replies.add(reply(docdata, "{\"id\":\"a\"}")));
            CHECK_FALSE(replies.add(reply(value,
                                          "\x03"
                                          "a")));
            CHECK_FALSE(replies.add(reply(value,
                                          "\x04"
                                          "b")));
            CHECK_FALSE(replies.add(reply(done)));
            CHECK_FALSE(replies.add(reply(docdata, "")));
            CHECK(replies.add(reply(done)));
            CHECK(replies.take() == std::vector<std::string>{"{\"id\":\"a\"}", ""});
        }
    }
    SECTION("no document asked for") {
        DocumentReplies replies(0, "s");
        CHECK(replies.add(reply(done)));
    }
    SECTION("out of place") {
        DocumentReplies before_reopen(1, "s");
        CHECK_THROWS_AS(before_reopen.add(reply(docdata, "x")), Xapian::NetworkError);
        DocumentReplies no_data(1, "s");
        no_data.add(reply(done));
        CHECK_THROWS_AS(no_data.add(reply(value, "x")), Xapian::NetworkError);
        DocumentReplies one_more(1, "s");
        one_more.add(reply(done));
        one_more.add(reply(docdata, "x"));
        CHECK(one_more.add(reply(done)));
        CHECK_THROWS_WITH(one_more.add(reply(docdata, "y")), Catch::Contains("after the last"));
    }
}

TEST_CASE("document replies: the server's exception thrown as the Xapian error it names",
          "[remote_documents]") {
    DocumentReplies missing(1, "10.0.0.6:8100");
    missing.add(reply(done));
    try {
        missing.add(reply(exception, serialised_error(11, "", "Document 56 not found")));
        FAIL("no exception");
    } catch (const Xapian::DocNotFoundError& error) {
        CHECK(error.get_msg() == "REMOTE:Document 56 not found");
        CHECK(error.get_context().find("10.0.0.6:8100") != std::string::npos);
    }
    DocumentReplies idle(1, "s");
    CHECK_THROWS_AS(idle.add(reply(exception, serialised_error(15, "/srv/db", "Timeout expired"))),
                    Xapian::NetworkTimeoutError);
    DocumentReplies modified(1, "s");
    modified.add(reply(done));
    CHECK_THROWS_AS(modified.add(reply(exception, serialised_error(8, "", "changed"))),
                    Xapian::DatabaseModifiedError);
    // Cut short or of a kind polsearch does not tell apart: still an error, with what came.
    DocumentReplies odd(1, "s");
    CHECK_THROWS_AS(odd.add(reply(exception, "")), Xapian::DatabaseError);
    CHECK_THROWS_AS(odd.add(reply(exception,
                                  "\x10\x40"
                                  "cut")),
                    Xapian::DatabaseError);
}

TEST_CASE("RemoteDocuments reads what xapian-tcpsrv stores, at its latest commit",
          "[remote_documents]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const auto indexed = test::run(test::program("polsearch-index") + " --quiet --db " + db + " " +
                                   test::shell_quote(test::source_path("sample_corpus")));
    REQUIRE(indexed.status == 0);
    test::TcpServer server(db);
    RemoteDocuments reader(location_of(server), {1000, 5000});
    Xapian::Database local(db);
    REQUIRE(local.get_doccount() > 20);
    const std::vector<Xapian::docid> docids{3, 1, 20, 3, local.get_lastdocid()};
    const std::vector<std::string> data = reader.read(docids);
    REQUIRE(data.size() == docids.size());
    for (std::size_t i = 0; i < docids.size(); ++i) {
        INFO(docids[i]);
        CHECK(data[i] == local.get_document(docids[i]).get_data());
        CHECK_FALSE(decode_record(data[i]).id.empty());
    }
    CHECK(reader.read({}).empty());

    // A record replaced since: the next read sees the commit.
    {
        Xapian::WritableDatabase writer(db);
        Xapian::Document changed = writer.get_document(1);
        changed.set_data("changed");
        writer.replace_document(1, changed);
        writer.commit();
    }
    CHECK(reader.read({1}) == std::vector<std::string>{"changed"});

    // A document that is not there: the server's own error; the connection is then closed.
    CHECK_THROWS_AS(reader.read({local.get_lastdocid() + 1}), Xapian::DocNotFoundError);
    CHECK_THROWS_WITH(reader.read({1}), Catch::Contains("failed before"));
}

TEST_CASE(
    "RemoteDocuments: a server that is down, hung, idle too long or speaks another "
    "protocol",
    "[remote_documents]") {
    const std::string db = test::sample_database();
    SECTION("down") {
        const unsigned port = test::free_port();
        const ShardLocation nowhere{ShardLocation::Kind::remote, "", "127.0.0.1", port,
                                    "127.0.0.1:" + std::to_string(port)};
        CHECK_THROWS_WITH(RemoteDocuments(nowhere, {500, 500}),
                          Catch::Contains("127.0.0.1:" + std::to_string(port)) &&
                              Catch::Contains("cannot connect"));
    }
    SECTION("hung: an error within the answer timeout") {
        test::TcpServer server(db);
        RemoteDocuments reader(location_of(server), {1000, 300});
        server.pause();
        const auto started = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(reader.read({1, 2}), Xapian::NetworkTimeoutError);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
        server.resume();
    }
    SECTION("idle longer than --idle-timeout: the server's timeout, as the server says it") {
        test::TcpServer server(db, 200);
        RemoteDocuments reader(location_of(server), {1000, 5000});
        CHECK(reader.read({1}).size() == 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        try {
            reader.read({1});
            FAIL("no exception");
        } catch (const Xapian::NetworkError& error) {
            // Searcher opens its connections again for this (test_remote.cpp).
            CHECK(error.get_msg().starts_with("REMOTE:"));
        }
    }
    SECTION("another protocol") {
        const FakeServer future(remote_message(update, std::string("\x28\x00", 2) + "\x05"));
        CHECK_THROWS_WITH(RemoteDocuments(future.location(), {1000, 1000}),
                          Catch::Contains("remote protocol 40.0, not 39"));
    }
    SECTION("no greeting, then a stream cut short") {
        const FakeServer silent("");
        CHECK_THROWS_AS(RemoteDocuments(silent.location(), {1000, 300}),
                        Xapian::NetworkTimeoutError);
        const FakeServer garbage(std::string("\x00\xff\x7f\x7f\x7f\x7f\x81", 7));
        CHECK_THROWS_WITH(RemoteDocuments(garbage.location(), {1000, 300}),
                          Catch::Contains("longer than"));
    }
}
