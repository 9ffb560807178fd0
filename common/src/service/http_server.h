// The HTTP/1.1 server of polsearch-serve: HttpService (http_service.h) on a socket, made to
// stand hostile clients (docs/http.md, "Hostile clients"). Connections are read and written
// asynchronously by a few I/O threads, so an idle or slow connection holds no thread; the
// requests themselves run on a pool of worker threads, so a long search never holds up I/O.
// Every request must arrive whole within a deadline, connections are capped in all and per
// client address, and the request target, headers and body have limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "service/http_service.h"

namespace polsearch {

/// One request as the access log sees it, once answered (or given up: a 408).
struct RequestRecord {
    std::chrono::system_clock::time_point time;  ///< when it was read whole (or given up)
    std::string client;                          ///< the client's address
    std::string method;                          ///< as sent; "" when none could be read
    std::string target;                          ///< as sent
    unsigned version = 11;                       ///< HTTP/1.0: 10, HTTP/1.1: 11
    int status = 0;
    std::size_t bytes = 0;  ///< of the body sent
    std::string referer;    ///< the Referer header, as sent
    std::string user_agent;
    /// From the request read whole to the answer written; 0 for one never read whole.
    std::chrono::microseconds duration{0};
    std::optional<std::chrono::microseconds> engine_time;  ///< the engine's part, if any
};

/// The request's line of an access log in the Combined Log Format of Apache and nginx:
/// `127.0.0.1 - - [28/Nov/2026:14:03:30 +0000] "GET /search?q=water HTTP/1.1" 200 9321 "-"
/// "curl/7.88.1"` (times in UTC). What the client sent is escaped (log_escape; in the quoted
/// fields '"' too, spaces kept in the Referer and User-Agent), so a line cannot be split,
/// forged or reach a terminal raw.
std::string combined_log_line(const RequestRecord& request);

/// The same as one JSON object, for JSON Lines: {"time", "client", "method", "target",
/// "protocol", "status", "bytes", "referer", "user_agent", "duration_ms", "engine_ms"}, the
/// time in RFC 3339 UTC with milliseconds; the client's text escaped as in the Combined Log
/// Format, null for a header not sent.
std::string json_log_line(const RequestRecord& request);

struct HttpServerOptions {
    std::string host = "127.0.0.1";  ///< the address (or name) to listen on
    unsigned port = 8080;            ///< 0: any free port (HttpServer::port says which)
    unsigned threads = 16;           ///< worker threads: requests handled at once
    unsigned io_threads = 2;         ///< threads that accept, read and write connections
    /// Requests on one connection before the server closes it.
    unsigned keep_alive_requests = 10;
    double keep_alive_timeout = 1.0;  ///< seconds an idle connection stays open
    /// Seconds for a whole request, headers and body, from its first byte (from the
    /// connection's opening for its first request); then the connection is closed (and
    /// logged as 408).
    double read_timeout = 5.0;
    double write_timeout = 10.0;                  ///< seconds for the client to take an answer
    std::size_t max_connections = 1024;           ///< open at once, in all
    std::size_t max_connections_per_client = 64;  ///< open at once from one client address
    std::size_t max_target_bytes = 8192;          ///< a longer request target: 414
    std::size_t max_header_bytes = 8192;          ///< longer header fields: 431
    std::size_t max_body_bytes = 64 * 1024;       ///< a longer body: 413
    int backlog = 1024;  ///< connections the kernel queues before they are accepted
    /// Called once per request, when it has been answered, from the I/O threads (the access
    /// log); none if empty.
    std::function<void(const RequestRecord&)> on_request = {};
    /// Called with a message of the server's own (a handler that failed), from the I/O
    /// threads; none if empty.
    std::function<void(const std::string&)> log = {};
    /// The path at which the server answers GET and HEAD itself with its metrics in the
    /// Prometheus text format (requests by endpoint and status, their durations, requests in
    /// flight, open connections), followed by what `more_metrics` gives; "" for none.
    std::string metrics_path = "/metrics";
    std::function<std::string()> more_metrics = {};
};

class HttpServer {
  public:
    /// `service` must outlive the server.
    HttpServer(const HttpService& service, HttpServerOptions options);
    /// Stops the server and waits for it.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Listens and starts the threads; returns the port. Throws Error when it cannot listen
    /// ("cannot listen on 127.0.0.1:8080: Address already in use").
    unsigned start();
    /// Stops accepting, closes idle connections and lets the requests under way finish: each
    /// is answered (with "Connection: close"). Returns at once; wait() waits. From any thread
    /// (not from a signal handler).
    void stop();
    /// Returns once the server is stopped and every connection is closed.
    void wait();
    unsigned port() const;
    /// The metrics the server answers at metrics_path, in the Prometheus text format.
    std::string metrics() const;

    struct Impl;  ///< the server's state (Asio and Beast), in http_server.cpp only

  private:
    std::unique_ptr<Impl> impl_;
};

/// A client's text (a request's method or target) as a log line shows it: each byte below
/// 0x20, 0x7F, space, '\' and each byte of a sequence that is not UTF-8 as "\xNN" (lower-case
/// hexadecimal), so that no byte a client sends reaches a terminal raw.
std::string log_escape(std::string_view text);

}  // namespace polsearch
