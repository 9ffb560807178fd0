// polsearch-serve for real: the program started on 127.0.0.1 on a free port, called over HTTP
// and over raw sockets (for the requests no well-behaved client sends).
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "support.h"

using nlohmann::json;
using namespace polsearch;

namespace {

std::string serve_program() {
    return std::string(POLSEARCH_BINARY_DIR) + "/server/polsearch-serve";
}

// polsearch-serve over a database, stopped with SIGTERM when this goes out of scope (which
// must end it with status 0).
class Server {
  public:
    explicit Server(const std::string& database, std::vector<std::string> extra = {}) {
        log_ = dir_ / "serve.log";
        pid_ = fork();
        if (pid_ == 0) {
            const int log = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, 2);
            std::vector<std::string> args = {
                serve_program(), "--db",           database, "--listen",
                "127.0.0.1:0",   "--read-timeout", "1"};
            args.insert(args.end(), extra.begin(), extra.end());
            std::vector<char*> argv;
            for (auto& arg : args) argv.push_back(arg.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        const std::string marker = "on http://127.0.0.1:";
        for (int i = 0; i < 400 && port_ == 0; ++i) {
            const std::string log = test::read_file(log_);
            const auto at = log.find(marker);
            if (at != std::string::npos && log.find('/', at + marker.size()) != std::string::npos)
                port_ = std::stoi(log.substr(at + marker.size()));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        if (port_ == 0)
            throw std::runtime_error("polsearch-serve did not start: " + test::read_file(log_));
    }
    ~Server() {
        if (pid_ > 0) stop();
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// SIGTERM; the exit status.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    int port() const { return port_; }
    std::string log() const { return test::read_file(log_); }
    httplib::Client client() const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(30, 0);
        return client;
    }

  private:
    test::TempDir dir_;
    std::string log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// A connection to 127.0.0.1:port whose reads give up after `wait`.
int connect_local(int port, std::chrono::milliseconds wait) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        throw std::runtime_error("cannot connect");
    }
    timeval timeout{static_cast<time_t>(wait.count() / 1000),
                    static_cast<suseconds_t>(wait.count() % 1000 * 1000)};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

// Reads one answer: until its body is complete (by Content-Length), or the server closes the
// connection, or the read times out. "" when the server closed without answering.
std::string read_answer(int fd) {
    std::string answer;
    char buffer[65536];
    for (;;) {
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
        const auto end = answer.find("\r\n\r\n");
        const auto length = answer.find("Content-Length: ");
        if (end != std::string::npos && length != std::string::npos &&
            answer.size() >= end + 4 + std::stoul(answer.substr(length + 16)))
            break;
    }
    return answer;
}

// Sends `request` as is on a new connection and reads the answer (read_answer).
std::string raw_exchange(int port, const std::string& request,
                         std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    const int fd = connect_local(port, wait);
    std::size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may answer and close before reading it all
        sent += static_cast<std::size_t>(n);
    }
    const std::string answer = read_answer(fd);
    close(fd);
    return answer;
}

int status_of(const std::string& answer) {
    return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0;
}

json body_of(const std::string& answer) {
    return json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
}

}  // namespace

TEST_CASE("polsearch-serve answers every endpoint over HTTP and logs each request", "[serve]") {
    Server server(test::sample_database());
    auto client = server.client();
    struct Expected {
        const char* target;
        const char* content_type;
        const char* holds;
    };
    const std::vector<Expected> calls = {
        {"/health", "application/json; charset=utf-8", "\"records\":124"},
        {"/search?q=%D0%BC%D1%8F%D0%B3%D0%BA%D0%B0%D1%8F%20%D1%81%D0%B8%D0%BB%D0%B0&size=5",
         "application/json; charset=utf-8", "\"id\":\"enu-bulletin-2025-150-1-145\""},
        {"/records/enu-bulletin-2025-150-1-145", "application/json; charset=utf-8",
         "\"doi\":\"10.32523/2616-6887-2025-150-1-145-159\""},
        {"/records/enu-bulletin-2025-150-1-145/similar?size=3", "application/json; charset=utf-8",
         "\"similar_to\""},
        {"/suggest?q=public%20dipl", "application/json; charset=utf-8", "public diplomacy"},
        {"/export?q=soft%20power&format=bibtex", "application/x-bibtex; charset=utf-8",
         "@article{"},
        {"/export?q=soft%20power&format=ris", "application/x-research-info-systems; charset=utf-8",
         "TY  - JOUR"},
        {"/export?q=soft%20power&format=csl-json",
         "application/vnd.citationstyles.csl+json; charset=utf-8", "\"container-title\""},
        {"/opensearch.xml", "application/opensearchdescription+xml; charset=utf-8",
         "template=\"http://127.0.0.1:"},
        {"/search.atom?q=water", "application/atom+xml; charset=utf-8",
         "<opensearch:totalResults>"},
        {"/", "text/html; charset=utf-8", "data-polsearch"},
        {"/widget.js", "text/javascript; charset=utf-8", "fetch("},
        {"/widget.css", "text/css; charset=utf-8", ".polsearch"},
    };
    for (const Expected& call : calls) {
        INFO(call.target);
        const auto response = client.Get(call.target);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->get_header_value("Content-Type") == call.content_type);
        CHECK_THAT(response->body, Catch::Contains(call.holds));
    }
    const auto head = client.Head("/health");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
    CHECK(server.stop() == 0);
    // One line per request (written once the answer is sent), after the line that says where
    // it serves, and "stopped".
    const std::string log = server.log();
    CHECK_THAT(log, Catch::Contains(" 127.0.0.1 GET /search?q=%D0%BC%D1%8F"));
    CHECK_THAT(log, Catch::Contains(" HEAD /health 200 "));
    CHECK_THAT(log, Catch::EndsWith("polsearch-serve: stopped\n"));
    const auto lines = std::count(log.begin(), log.end(), '\n');
    CHECK(lines == static_cast<long>(calls.size()) + 1 + 2);
}

TEST_CASE("polsearch-serve: bad requests get a 4xx with a JSON error and it keeps serving",
          "[serve]") {
    Server server(test::sample_database());
    const int port = server.port();
    const auto get = [&](const std::string& target) {
        return raw_exchange(
            port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    };
    struct Bad {
        std::string target;
        int status;
        const char* says;
    };
    const std::vector<Bad> bad = {
        {"/search?q=water&colour=red", 400, "unknown parameter 'colour'"},
        {"/search?q=water&q=oil", 400, "'q' is given more than once"},
        {"/search?q=soft%2power", 400, "malformed percent-encoding"},
        {"/search?q=%FF", 400, "not UTF-8"},
        {"/records/../../etc/passwd", 404, "no record with id '../../etc/passwd'"},
        {"/search?q=" + std::string(10 * 1024 * 1024, 'a'), 414, "too long"},
    };
    for (const Bad& request : bad) {
        INFO(request.target.substr(0, 80));
        const std::string answer = get(request.target);
        REQUIRE(status_of(answer) == request.status);
        CHECK_THAT(answer, Catch::Contains("Content-Type: application/json"));
        CHECK(body_of(answer).at("error").at("status") == request.status);
        CHECK_THAT(body_of(answer).at("error").at("message").get<std::string>(),
                   Catch::Contains(request.says));
    }
    // A request line that is not HTTP.
    CHECK(status_of(raw_exchange(port, "HELLO\r\n\r\n")) == 400);
    // A client that starts a request and then sends nothing: disconnected after the read
    // timeout (1 s here), while others are served meanwhile.
    const auto started = std::chrono::steady_clock::now();
    std::string slow_answer = "unset";
    std::thread slow([&] {
        slow_answer =
            raw_exchange(port, "GET /health HTTP/1.1\r\nHost: 127", std::chrono::seconds(8));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(status_of(get("/health")) == 200);
    slow.join();
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited < std::chrono::seconds(6));  // closed by the server, not by our own timeout
    CHECK(status_of(slow_answer) != 200);
    // Still serving.
    CHECK(status_of(get("/search?q=water")) == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE("polsearch-serve closes a connection after 10 requests so that waiting ones get a turn",
          "[serve]") {
    // A connection holds one of the --threads workers while it is open; with cpp-httplib's
    // 100 requests per connection, 16 connections on 8 threads left 8 unanswered under wrk.
    // (cpp-httplib does not read pipelined requests, so they go one after the other.)
    Server server(test::sample_database());
    // One request after the other on one connection, until the server closes it.
    const int fd = connect_local(server.port(), std::chrono::seconds(10));
    const std::string request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    std::size_t count = 0;
    std::string answers;
    for (int i = 0; i < 12; ++i) {
        if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size()))
            break;
        const std::string answer = read_answer(fd);
        if (answer.rfind("HTTP/1.1 200", 0) != 0) break;
        ++count;
        answers += answer;
    }
    close(fd);
    CHECK(count == 10);
    CHECK_THAT(answers, Catch::Contains("Connection: close"));
}

TEST_CASE("polsearch-serve serves what an indexing job commits, without an error meanwhile",
          "[serve]") {
    test::TempDir dir;
    const std::string database = dir / "db";
    std::filesystem::copy(test::sample_database(), database);
    Server server(database);
    auto client = server.client();
    const auto total = [&] {
        const auto response = client.Get("/search?q=quokkanomics&facets=false");
        REQUIRE(response);
        REQUIRE(response->status == 200);
        return json::parse(response->body).at("total").get<int>();
    };
    CHECK(total() == 0);
    std::string records;
    for (int i = 0; i < 600; ++i) {
        records +=
            "{\"id\": \"late-" + std::to_string(i) +
            "\", \"title\": \"Quokkanomics and water in Central Asia\", \"abstract\": \"Part " +
            std::to_string(i) + " of a long study of quokkanomics.\", \"year\": 2026}\n";
    }
    test::write_file(dir / "late.jsonl", records);
    // Searches run while the job writes and commits (every 10 records).
    std::atomic<bool> done = false;
    std::vector<int> statuses;
    std::vector<std::string> failures;
    std::thread searching([&] {
        auto other = server.client();
        while (!done) {
            const auto response = other.Get("/search?q=water+quokkanomics&size=5");
            statuses.push_back(response ? response->status : -1);
            if (!response || response->status != 200)
                failures.push_back(response ? response->body : "no answer");
        }
    });
    const auto indexed =
        test::run(test::program("polsearch-index") + " --quiet --commit-every 10 --db " + database +
                  " " + (dir / "late.jsonl"));
    done = true;
    searching.join();
    REQUIRE(indexed.status == 0);
    CHECK(total() == 600);
    REQUIRE_FALSE(statuses.empty());
    for (const auto& failure : failures) INFO(failure);
    INFO((failures.empty() ? "" : failures.front()));
    CHECK(std::count(statuses.begin(), statuses.end(), 200) == static_cast<long>(statuses.size()));
}

TEST_CASE("polsearch-serve: a missing database or a taken address is an error at start",
          "[serve]") {
    test::TempDir dir;
    const auto missing =
        test::run(serve_program() + " --db " + (dir / "none") + " --listen 127.0.0.1:0");
    CHECK(missing.status == 1);
    CHECK_THAT(missing.err, Catch::Contains("no database at"));
    Server server(test::sample_database());
    const auto taken = test::run(serve_program() + " --db " + test::sample_database() +
                                 " --listen 127.0.0.1:" + std::to_string(server.port()));
    CHECK(taken.status == 1);
    CHECK_THAT(taken.err, Catch::Contains("cannot listen on 127.0.0.1:"));
    const auto bad = test::run(serve_program() + " --listen nowhere");
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::Contains("--listen needs HOST:PORT"));
}
