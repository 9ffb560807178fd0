// The HTTP/1.1 server of polsearch-serve: HttpService (http_service.h) on a socket, made to
// stand hostile clients (docs/http.md, "Hostile clients"). Connections are read and written
// asynchronously by a few I/O threads, so an idle or slow connection holds no thread; the
// requests themselves run on a pool of worker threads, so a long search never holds up I/O.
// Every request must arrive whole within a deadline, connections are capped in all and per
// client address, and the request target, headers and body have limits.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "service/http_service.h"

namespace polsearch {

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
    /// Called with one line per request (no line end), from the I/O threads; none if empty.
    std::function<void(const std::string&)> log = {};
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

    struct Impl;  ///< the server's state (Asio and Beast), in http_server.cpp only

  private:
    std::unique_ptr<Impl> impl_;
};

/// A client's text (a request's method or target) as a log line shows it: each byte below
/// 0x20, 0x7F, space, '\' and each byte of a sequence that is not UTF-8 as "\xNN" (lower-case
/// hexadecimal), so that no byte a client sends reaches a terminal raw.
std::string log_escape(std::string_view text);

}  // namespace polsearch
