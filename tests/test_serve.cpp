// polsearch-serve for real: the program started on 127.0.0.1 on a free port, called over HTTP
// and over raw sockets (for the requests no well-behaved client sends).
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support.h"

using nlohmann::json;
using namespace polsearch;

namespace {

std::string serve_program() {
    return test::program("polsearch-serve");
}

// polsearch-serve over a database, stopped with SIGTERM when this goes out of scope (which
// must end it with status 0).
class Server {
  public:
    explicit Server(const std::string& database, std::vector<std::string> extra = {},
                    const std::string& read_timeout = "1") {
        log_ = dir_ / "serve.log";
        pid_ = fork();
        if (pid_ == 0) {
            const int log = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, 2);
            std::vector<std::string> args = {serve_program(), "--db",        database,
                                             "--listen",      "127.0.0.1:0", "--read-timeout",
                                             read_timeout};
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
        return exit_status(status);
    }
    /// Sends SIGTERM and returns at once.
    void terminate() const { kill(pid_, SIGTERM); }
    /// Sends a signal and returns at once.
    void signal(int number) const { kill(pid_, number); }
    /// Waits up to `limit` for the server to exit (then kills it); the exit status, or -1
    /// when it had to be killed.
    int wait(std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
                pid_ = -1;
                return -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        pid_ = -1;
        return exit_status(status);
    }
    int port() const { return port_; }
    std::string log() const { return test::read_file(log_); }
    httplib::Client client() const {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(30, 0);
        return client;
    }

  private:
    // The exit status (128 + the signal when one ended it); the log goes to standard error
    // when it is not 0, since the folder that holds it is removed.
    int exit_status(int status) const {
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code != 0)
            std::cerr << "polsearch-serve ended with status " << code << "; its log:\n" << log();
        return code;
    }

    test::TempDir dir_;
    std::string log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// A connection to 127.0.0.1:port from the loopback address `source` (127.0.0.2 is another
// client than 127.0.0.1) whose reads give up after `wait`; -1 when it does not connect within
// 3 s.
int try_connect(int port, std::chrono::milliseconds wait, const char* source = "127.0.0.1") {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, source, &local.sin_addr);
    bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (!connected && errno == EINPROGRESS) {
        pollfd ready{fd, POLLOUT, 0};
        int error = 0;
        socklen_t length = sizeof error;
        connected = poll(&ready, 1, 3000) == 1 &&
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
    if (!connected) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, flags);
    timeval timeout{static_cast<time_t>(wait.count() / 1000),
                    static_cast<suseconds_t>(wait.count() % 1000 * 1000)};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

int connect_local(int port, std::chrono::milliseconds wait, const char* source = "127.0.0.1") {
    const int fd = try_connect(port, wait, source);
    if (fd < 0) throw std::runtime_error("cannot connect");
    return fd;
}

void send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may answer and close before reading it all
        sent += static_cast<std::size_t>(n);
    }
}

// Whether the server has closed `fd` (or answered on it) within `wait`: a read gives the end,
// an error or data rather than timing out.
bool closed_within(int fd, std::chrono::milliseconds wait) {
    pollfd ready{fd, POLLIN, 0};
    return poll(&ready, 1, static_cast<int>(wait.count())) == 1;
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
                         std::chrono::milliseconds wait = std::chrono::seconds(10),
                         const char* source = "127.0.0.1") {
    const int fd = try_connect(port, wait, source);
    if (fd < 0) return "";
    send_all(fd, request);
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

std::string head_of(const std::string& answer) {
    return answer.substr(0, answer.find("\r\n\r\n") + 2);
}

std::string body_text(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    return end == std::string::npos ? "" : answer.substr(end + 4);
}

std::string get_request(const std::string& target, const std::string& headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
           "Connection: close\r\n\r\n";
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
    // it serves, and "stopped"; in the Combined Log Format.
    const std::string log = server.log();
    CHECK_THAT(log, Catch::Contains("\n127.0.0.1 - - ["));
    CHECK_THAT(log, Catch::Contains("] \"GET /search?q=%D0%BC%D1%8F"));
    CHECK_THAT(log, Catch::Contains("\"HEAD /health HTTP/1.1\" 200 "));
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

TEST_CASE("polsearch-serve closes a connection after 10 requests (--keep-alive-requests)",
          "[serve]") {
    // Under cpp-httplib a connection held one of the --threads workers while it was open, and
    // with 100 requests per connection 16 connections on 8 threads left 8 unanswered under
    // wrk. No connection holds a thread now; the limit stays, as documented.
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
    INFO("the job: " << indexed.err);
    REQUIRE(indexed.status == 0);
    CHECK(total() == 600);
    REQUIRE_FALSE(statuses.empty());
    // What failed, and the end of the server's log (a sanitizer's report, or the last requests
    // and their statuses), since the server's folder is gone after the test.
    const std::string log = server.log();
    INFO(failures.size() << " of " << statuses.size() << " searches failed; the first: "
                         << (failures.empty() ? "" : failures.front().substr(0, 2000)));
    INFO("the end of the server's log:\n" << log.substr(log.size() > 4000 ? log.size() - 4000 : 0));
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

TEST_CASE("polsearch-serve ignores Range: one full 200 answer however many ranges are asked",
          "[serve]") {
    // cpp-httplib honoured any number of ranges: 100 ranges of one export made a multipart
    // answer 100 times its size, and 2,500 ranges of a larger one ended the server.
    Server server(test::sample_database());
    const int port = server.port();
    const std::string target = "/export?q=Kazakhstan&size=1000";
    const std::string plain = raw_exchange(port, get_request(target));
    REQUIRE(status_of(plain) == 200);
    const std::string whole = body_text(plain);
    REQUIRE(whole.size() > 10000);
    for (const int count : {1, 100, 2500}) {
        INFO(count << " ranges");
        std::string ranges = "bytes=0-";
        for (int i = 1; i < count; ++i) ranges += ",0-";
        if (count == 1) ranges = "bytes=10-20";
        const std::string answer =
            raw_exchange(port, get_request(target, "Range: " + ranges + "\r\n"));
        CHECK(status_of(answer) == 200);
        CHECK_THAT(head_of(answer), !Catch::Contains("multipart"));
        CHECK_THAT(head_of(answer), !Catch::Contains("Content-Range"));
        CHECK(body_text(answer).size() == whole.size());
        const bool same_body = body_text(answer) == whole;
        CHECK(same_body);
    }
    CHECK(status_of(raw_exchange(port, get_request("/health"))) == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE("polsearch-serve: 200 slow clients do not keep /health from answering", "[serve]") {
    // Slowloris: connections that send a header line now and then. cpp-httplib gave each a
    // worker thread for as long as it kept sending, and /health waited for all of them.
    // The slow ones come from 127.0.0.2-5 (50 each), under the cap on connections per client.
    Server server(test::sample_database(), {}, "5");
    const int port = server.port();
    std::vector<int> slow;
    for (int i = 0; i < 200; ++i) {
        const std::string source = "127.0.0." + std::to_string(2 + i / 50);
        const int fd = try_connect(port, std::chrono::seconds(1), source.c_str());
        if (fd < 0) continue;
        send(fd, "GET /health HTTP/1.1\r\n", 22, MSG_NOSIGNAL | MSG_DONTWAIT);
        slow.push_back(fd);
    }
    std::atomic<bool> done = false;
    std::thread dripping([&] {
        while (!done) {
            for (const int fd : slow) send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto started = std::chrono::steady_clock::now();
    const std::string answer = raw_exchange(port, get_request("/health"), std::chrono::seconds(5));
    const auto took = std::chrono::steady_clock::now() - started;
    done = true;
    dripping.join();
    for (const int fd : slow) close(fd);
    CHECK(slow.size() == 200);
    CHECK(status_of(answer) == 200);
    CHECK(took < std::chrono::seconds(3));
    CHECK(server.stop() == 0);
}

TEST_CASE(
    "polsearch-serve cuts a client off at the whole-request deadline though it keeps "
    "sending",
    "[serve]") {
    // --read-timeout is the time for the whole request: a byte every 300 ms does not extend
    // it (cpp-httplib applied it to each read, so such a client was never cut off).
    Server server(test::sample_database());  // --read-timeout 1
    const int fd = connect_local(server.port(), std::chrono::seconds(10));
    send_all(fd, "GET /health HTTP/1.1\r\nX-Slow: ");
    const auto started = std::chrono::steady_clock::now();
    bool closed = false;
    for (int i = 0; i < 30 && !closed; ++i) {
        if (send(fd, "a", 1, MSG_NOSIGNAL) != 1) break;
        closed = closed_within(fd, std::chrono::milliseconds(300));
    }
    const auto took = std::chrono::steady_clock::now() - started;
    const std::string answer = read_answer(fd);
    close(fd);
    CHECK(closed);
    CHECK(took < std::chrono::seconds(5));
    CHECK(answer.empty());  // the deadline closes the connection: nothing can be answered
    CHECK(server.stop() == 0);
    CHECK(std::regex_search(
        server.log(),
        std::regex(R"(\n127\.0\.0\.1 - - \[[^\]]+\] "GET /health HTTP/1\.1" 408 - "-" "-"\n)")));
}

TEST_CASE("polsearch-serve caps the connections of one client address and in all", "[serve]") {
    Server server(test::sample_database(),
                  {"--max-connections-per-client", "4", "--max-connections", "6"}, "10");
    const int port = server.port();
    const auto refused = [&](const char* source) {
        // Closed at once, or answered 503: never served, never left waiting.
        const auto started = std::chrono::steady_clock::now();
        const std::string answer =
            raw_exchange(port, get_request("/health"), std::chrono::seconds(5), source);
        INFO("from " << source << ": " << answer);
        CHECK((answer.empty() || status_of(answer) == 503));
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    };
    std::vector<int> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(connect_local(port, std::chrono::seconds(5)));
        send_all(held.back(), "GET /health HTTP/1.1\r\n");  // a request under way
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    refused("127.0.0.1");
    // Another client is served.
    CHECK(status_of(raw_exchange(port, get_request("/health"), std::chrono::seconds(5),
                                 "127.0.0.2")) == 200);
    // Six in all: two more from other addresses fill the server (once the connection just
    // used is closed on the server's side too).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held.push_back(connect_local(port, std::chrono::seconds(5), "127.0.0.2"));
    held.push_back(connect_local(port, std::chrono::seconds(5), "127.0.0.3"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    refused("127.0.0.4");
    // A connection that closes frees its place.
    close(held.front());
    held.erase(held.begin());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(status_of(raw_exchange(port, get_request("/health"))) == 200);
    // The requests under way are still answered.
    send_all(held.front(), "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(status_of(read_answer(held.front())) == 200);
    for (const int fd : held) close(fd);
    CHECK(server.stop() == 0);
    CHECK_THAT(server.log(), Catch::Contains(" 503 "));
}

TEST_CASE("polsearch-serve writes control bytes and invalid UTF-8 of a request escaped in its log",
          "[serve]") {
    // A raw ESC in the log is a terminal escape sequence for whoever reads it; a raw CR hides
    // what precedes it on the line.
    Server server(test::sample_database());
    const int port = server.port();
    CHECK(status_of(raw_exchange(port, get_request("/search?q=\x1b[31mred\rX"))) == 400);
    CHECK(status_of(raw_exchange(port, get_request("/caf\xC3\x28"))) == 404);
    CHECK(status_of(raw_exchange(port, get_request("/x\x7fy"))) == 400);
    CHECK(status_of(raw_exchange(port, "G\x1bT / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) == 400);
    CHECK(server.stop() == 0);
    const std::string log = server.log();
    CHECK(log.find('\x1b') == std::string::npos);
    CHECK(log.find('\r') == std::string::npos);
    CHECK(log.find('\x7f') == std::string::npos);
    CHECK(log.find("\xC3\x28") == std::string::npos);
    CHECK_THAT(log, Catch::Contains("\"GET /search?q=\\x1b[31mred\\x0dX HTTP/1.1\" 400 "));
    CHECK_THAT(log, Catch::Contains("\"GET /caf\\xc3( HTTP/1.1\" 404 "));
    CHECK_THAT(log, Catch::Contains("\"GET /x\\x7fy HTTP/1.1\" 400 "));
    CHECK_THAT(log, Catch::Contains("\"G\\x1bT / HTTP/1.1\" 400 "));
}

TEST_CASE(
    "polsearch-serve: every method but GET, HEAD and OPTIONS gets 405, with or without a "
    "body",
    "[serve]") {
    Server server(test::sample_database());
    const int port = server.port();
    const std::string close = "Host: 127.0.0.1\r\nConnection: close\r\n";
    const std::vector<std::string> requests = {
        "TRACE / HTTP/1.1\r\n" + close + "\r\n",
        "POST /search?q=water HTTP/1.1\r\n" + close + "\r\n",
        "POST /search HTTP/1.1\r\n" + close +
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\nq=water",
        "PUT /records/x HTTP/1.1\r\n" + close + "Content-Length: 2\r\n\r\n{}",
        "DELETE /records/x HTTP/1.1\r\n" + close + "\r\n",
        "PATCH /records/x HTTP/1.1\r\n" + close +
            "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "CONNECT 127.0.0.1:80 HTTP/1.1\r\n" + close + "\r\n",
    };
    for (const std::string& request : requests) {
        INFO(request);
        const std::string answer = raw_exchange(port, request);
        CHECK(status_of(answer) == 405);
        CHECK_THAT(head_of(answer), Catch::Contains("Allow: GET, HEAD, OPTIONS"));
        CHECK_THAT(answer, Catch::Contains("Content-Type: application/json"));
    }
    // A body over 64 KiB is not read: 413.
    const std::string big =
        raw_exchange(port, "POST /search HTTP/1.1\r\n" + close + "Content-Length: 100000\r\n\r\n" +
                               std::string(100000, 'q'));
    CHECK(status_of(big) == 413);
    // OPTIONS: 204, no body.
    const std::string options = raw_exchange(port, "OPTIONS /search HTTP/1.1\r\n" + close + "\r\n");
    CHECK(status_of(options) == 204);
    CHECK_THAT(head_of(options), Catch::Contains("Allow: GET, HEAD, OPTIONS"));
    CHECK(body_text(options).empty());
    CHECK(server.stop() == 0);
}

TEST_CASE("polsearch-serve answers HEAD with the headers of GET and no body", "[serve]") {
    Server server(test::sample_database());
    const int fd = connect_local(server.port(), std::chrono::seconds(5));
    send_all(fd, "HEAD /search?q=water HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    std::string head;
    char c = 0;
    while (head.find("\r\n\r\n") == std::string::npos && recv(fd, &c, 1, 0) == 1) head += c;
    CHECK(status_of(head) == 200);
    CHECK_THAT(head, Catch::Contains("Content-Type: application/json"));
    const auto length = head.find("Content-Length: ");
    REQUIRE(length != std::string::npos);
    CHECK(std::stoul(head.substr(length + 16)) > 100);
    // Nothing follows the headers; the next request on the connection is answered.
    CHECK_FALSE(closed_within(fd, std::chrono::milliseconds(500)));
    send_all(fd, get_request("/health"));
    const std::string next = read_answer(fd);
    close(fd);
    CHECK(status_of(next) == 200);
    CHECK(body_of(next).at("status") == "ok");
    CHECK(server.stop() == 0);
}

TEST_CASE("polsearch-serve: a Host header that is not a host name never reaches a link",
          "[serve]") {
    Server server(test::sample_database());
    const int port = server.port();
    const std::string local = "http://127.0.0.1:" + std::to_string(port) + "/";
    for (const char* host :
         {"evil.example\"><x", "evil.example/phish", "user@evil.example", "evil.example:99999",
          "evil.example:80:80", "evil example", "evil.example\\x"}) {
        INFO(host);
        const std::string answer =
            raw_exchange(port, "GET /opensearch.xml HTTP/1.1\r\nHost: " + std::string(host) +
                                   "\r\nConnection: close\r\n\r\n");
        CHECK(status_of(answer) == 200);
        CHECK_THAT(answer, !Catch::Contains("evil"));
        CHECK_THAT(answer, Catch::Contains("template=\"" + local + "?q={searchTerms}"));
    }
    for (const char* host : {"search.example:8080", "[::1]:8080", "10.1.2.3"}) {
        INFO(host);
        const std::string answer =
            raw_exchange(port, "GET /opensearch.xml HTTP/1.1\r\nHost: " + std::string(host) +
                                   "\r\nConnection: close\r\n\r\n");
        CHECK_THAT(answer, Catch::Contains("template=\"http://" + std::string(host) + "/?q="));
    }
    CHECK(server.stop() == 0);
}

TEST_CASE("polsearch-serve on SIGTERM: stops accepting, answers the request under way, exits 0",
          "[serve]") {
    Server server(test::sample_database(), {}, "5");
    const int port = server.port();
    // An idle connection, and one idle between two requests.
    const int idle = connect_local(port, std::chrono::seconds(5));
    const int kept = connect_local(port, std::chrono::seconds(5));
    send_all(kept, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    CHECK(status_of(read_answer(kept)) == 200);
    // A request that is half sent when the signal comes.
    const int slow = connect_local(port, std::chrono::seconds(10));
    send_all(slow, "GET /search?q=water HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.terminate();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK_FALSE(test::accepts(static_cast<unsigned>(port)));
    CHECK(closed_within(idle, std::chrono::seconds(2)));
    CHECK(closed_within(kept, std::chrono::seconds(2)));
    send_all(slow, "\r\n");
    const std::string answer = read_answer(slow);
    CHECK(status_of(answer) == 200);
    CHECK(body_of(answer).at("total").get<int>() > 0);
    close(idle);
    close(kept);
    close(slow);
    CHECK(server.wait(std::chrono::seconds(10)) == 0);
    CHECK_THAT(server.log(), Catch::EndsWith("polsearch-serve: stopped\n"));
}

TEST_CASE("polsearch-serve passes If-None-Match on: a cached answer is a 304 with no body",
          "[serve]") {
    Server server(test::sample_database());
    httplib::Client client = server.client();
    const auto fresh = client.Get("/search?q=water");
    REQUIRE(fresh);
    CHECK(fresh->status == 200);
    const std::string tag = fresh->get_header_value("ETag");
    REQUIRE_FALSE(tag.empty());
    CHECK(fresh->get_header_value("Cache-Control") == "public, max-age=60");
    const auto cached = client.Get("/search?q=water", {{"If-None-Match", tag}});
    REQUIRE(cached);
    CHECK(cached->status == 304);
    CHECK(cached->body.empty());
    CHECK(cached->get_header_value("ETag") == tag);
    CHECK(client.Get("/search?q=water", {{"If-None-Match", "\"stale\""}})->status == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE(
    "polsearch-serve logs in the Combined Log Format, or in JSON lines with --log-format json",
    "[serve]") {
    // The client's bytes escaped as before (log_escape): '"' too inside the quoted fields, and
    // spaces kept in the Referer and User-Agent.
    const std::string request =
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nReferer: https://portal.example/p\r\n"
        "User-Agent: agent \"quoted\"\t\xff\r\nConnection: close\r\n\r\n";
    {
        Server server(test::sample_database());
        CHECK(status_of(raw_exchange(server.port(), request)) == 200);
        CHECK(server.stop() == 0);
        const std::regex combined(
            R"(\n127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] )"
            R"("GET /health HTTP/1\.1" 200 \d+ "https://portal\.example/p" )"
            R"("agent \\x22quoted\\x22\\x09\\xff"\n)");
        INFO(server.log());
        CHECK(std::regex_search(server.log(), combined));
    }
    Server server(test::sample_database(), {"--log-format", "json"});
    CHECK(status_of(raw_exchange(server.port(), request)) == 200);
    CHECK(status_of(raw_exchange(server.port(), get_request("/search?q=water"))) == 200);
    CHECK(server.stop() == 0);
    std::vector<json> lines;
    std::istringstream log(server.log());
    for (std::string line; std::getline(log, line);)
        if (!line.empty() && line.front() == '{') lines.push_back(json::parse(line));
    REQUIRE(lines.size() == 2);
    const json& health = lines[0];
    CHECK(std::regex_match(health.at("time").get<std::string>(),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(health.at("client") == "127.0.0.1");
    CHECK(health.at("method") == "GET");
    CHECK(health.at("target") == "/health");
    CHECK(health.at("protocol") == "HTTP/1.1");
    CHECK(health.at("status") == 200);
    CHECK(health.at("bytes").get<int>() > 0);
    CHECK(health.at("referer") == "https://portal.example/p");
    CHECK(health.at("user_agent") == "agent\\x20\"quoted\"\\x09\\xff");
    CHECK(health.at("duration_ms").is_number());
    CHECK(lines[1].at("target") == "/search?q=water");
    CHECK(lines[1].at("engine_ms").get<double>() >= 0);
    CHECK(lines[1].at("referer").is_null());
}

TEST_CASE("polsearch-serve on SIGHUP opens its log file and thesaurus again, keeping connections",
          "[serve]") {
    // SIGHUP ended polsearch-serve (the default action): logrotate's postrotate could not
    // tell it to write to a new file.
    test::TempDir dir;
    const std::string log = dir / "access.log";
    const std::string thesaurus = dir / "thesaurus.txt";
    test::write_file(thesaurus, "# nothing yet\n");
    Server server(test::sample_database(), {"--log", log, "--thesaurus", thesaurus}, "10");
    const int fd = connect_local(server.port(), std::chrono::seconds(10));
    send_all(fd, "GET /search?q=quokkanomics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string before = read_answer(fd);
    CHECK(status_of(before) == 200);
    CHECK(body_of(before).at("total") == 0);
    // The line is written once the answer is sent: it may come a little after the answer.
    for (int i = 0; i < 200 && test::read_file(log).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // logrotate moves the file away; the thesaurus gets a concept.
    std::filesystem::rename(log, log + ".1");
    test::write_file(thesaurus, "quokka\ten: quokkanomics\tru: мягкая сила\n");
    server.signal(SIGHUP);
    for (int i = 0; i < 200 && server.log().find("SIGHUP: opened") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    CHECK_THAT(server.log(), Catch::Contains("polsearch-serve: SIGHUP: opened the log and the "
                                             "database again (124 records)"));
    // The same connection, still open, finds what the new concept adds.
    send_all(fd, "GET /search?q=quokkanomics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string after = read_answer(fd);
    close(fd);
    CHECK(status_of(after) == 200);
    CHECK(body_of(after).at("total").get<int>() > 0);
    // A thesaurus that cannot be read is said, and what was open is kept.
    test::write_file(thesaurus, "broken line without fields\n");
    server.signal(SIGHUP);
    for (int i = 0; i < 200 && server.log().find("still serving") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    CHECK_THAT(server.log(), Catch::Contains("; still serving what was open"));
    CHECK(body_of(raw_exchange(server.port(), get_request("/search?q=quokkanomics")))
              .at("total")
              .get<int>() > 0);
    const std::string metrics = body_text(raw_exchange(server.port(), get_request("/metrics")));
    CHECK_THAT(metrics, Catch::Contains("polsearch_reopens_total{result=\"ok\"} 1\n"));
    CHECK_THAT(metrics, Catch::Contains("polsearch_reopens_total{result=\"failed\"} 1\n"));
    CHECK(server.stop() == 0);
    // Each request in the file that was open when it was answered.
    const std::string rotated = test::read_file(log + ".1");
    CHECK(std::count(rotated.begin(), rotated.end(), '\n') == 1);
    const std::string current = test::read_file(log);
    CHECK(std::count(current.begin(), current.end(), '\n') == 3);
    CHECK_THAT(current, Catch::Contains("\"GET /metrics HTTP/1.1\" 200"));
}

TEST_CASE(
    "polsearch-serve's /metrics counts requests by endpoint and status, in Prometheus' format",
    "[serve]") {
    Server server(test::sample_database());
    const int port = server.port();
    for (int i = 0; i < 5; ++i)
        CHECK(status_of(raw_exchange(port, get_request("/search?q=water"))) == 200);
    for (int i = 0; i < 3; ++i) CHECK(status_of(raw_exchange(port, get_request("/health"))) == 200);
    CHECK(status_of(raw_exchange(port, get_request("/search?q=%22water"))) == 400);
    CHECK(status_of(raw_exchange(port, get_request("/records/ru-001"))) == 200);
    CHECK(status_of(raw_exchange(port, get_request("/records/10.5555/x/similar"))) == 404);
    CHECK(status_of(raw_exchange(port, get_request("/no/such/page"))) == 404);
    // A request is counted once its answer is written, which may come a little after the
    // client has read it: wait until both 404s are counted and no other request is in flight
    // (waiting for the last one alone failed under the sanitizers, the one before it still
    // being counted).
    std::string answer;
    for (int i = 0; i < 100; ++i) {
        answer = raw_exchange(port, get_request("/metrics"));
        if (answer.find("endpoint=\"other\",status=\"404\"") != std::string::npos &&
            answer.find("endpoint=\"/records/{id}/similar\",status=\"404\"") != std::string::npos &&
            answer.find("polsearch_http_requests_in_flight 1\n") != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(status_of(answer) == 200);
    CHECK_THAT(head_of(answer), Catch::Contains("Content-Type: text/plain; version=0.0.4"));
    const std::string metrics = body_text(answer);
    INFO(metrics);
    for (const char* line :
         {"polsearch_http_requests_total{endpoint=\"/search\",status=\"200\"} 5\n",
          "polsearch_http_requests_total{endpoint=\"/search\",status=\"400\"} 1\n",
          "polsearch_http_requests_total{endpoint=\"/health\",status=\"200\"} 3\n",
          "polsearch_http_requests_total{endpoint=\"/records/{id}\",status=\"200\"} 1\n",
          "polsearch_http_requests_total{endpoint=\"/records/{id}/similar\",status=\"404\"} 1\n",
          "polsearch_http_requests_total{endpoint=\"other\",status=\"404\"} 1\n",
          "polsearch_http_request_duration_seconds_count{endpoint=\"/search\"} 6\n",
          "polsearch_http_request_duration_seconds_bucket{endpoint=\"/search\",le=\"+Inf\"} 6\n",
          "# TYPE polsearch_http_request_duration_seconds histogram\n",
          "polsearch_http_requests_in_flight 1\n",  // the scrape itself
          "polsearch_database_up 1\n", "polsearch_database_records 124\n",
          "polsearch_search_duration_seconds_count{facets=\"true\"} 6\n",
          // a query that cannot be parsed, and records like one that is not there
          "polsearch_search_failures_total 2\n"}) {
        CHECK_THAT(metrics, Catch::Contains(line));
    }
    CHECK(std::regex_search(metrics, std::regex("\npolsearch_database_revision \\d+\n")));
    // Every line a comment or `name{labels} value`.
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(std::regex_match(line,
                               std::regex(R"((# (HELP|TYPE) .*)|([a-z_]+(\{.*\})? [0-9.e+-]+))")));
    }
    // The scrapes are counted too, once answered.
    CHECK_THAT(
        body_text(raw_exchange(port, get_request("/metrics"))),
        Catch::Contains("polsearch_http_requests_total{endpoint=\"/metrics\",status=\"200\"} "));
    CHECK(server.stop() == 0);
}
