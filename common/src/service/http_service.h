// The HTTP service of polsearch-serve, without the HTTP server: a request (method, target,
// a few headers) in, a response (status, headers, body) out. polsearch-serve puts it behind
// its HTTP server (http_server.h); the tests call it directly too. Endpoints and parameters:
// docs/http.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "polsearch/engine.h"

namespace polsearch {

struct HttpRequest {
    std::string method = "GET";
    std::string target;  ///< path and query string as sent: "/search?q=soft%20power"
    std::string host;    ///< the Host header, for absolute links (OpenSearch, Atom)
    std::string origin;  ///< the Origin header, for CORS
    /// The If-None-Match header: entity tags of answers the client holds ("\"1f3a…\"", "*").
    std::string if_none_match;
    /// The address the connection came in on ("127.0.0.1:8080", "[::1]:8080"): the links'
    /// host when the Host header is missing or is not a host name (is_valid_host).
    std::string local_host;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// How long the engine took (search, record, completions), for the request's log line.
    std::chrono::microseconds engine_time{0};
};

struct HttpServiceOptions {
    /// Origins allowed to call the service from a browser (CORS): "https://library.example",
    /// or "*" for any.
    std::vector<std::string> cors_origins = {};
    /// Links in OpenSearch and Atom start with this ("https://search.library.example"); empty:
    /// "http://" + the request's Host header when it is a host name or IP literal with an
    /// optional port (is_valid_host), else "http://" + the address the request came in on.
    std::string base_url = {};
    std::size_t max_page_size = 100;     ///< hits per page at most (size=)
    std::size_t max_export_size = 1000;  ///< records per export at most
    std::size_t max_offset = 10000;      ///< how deep paging may go
    /// Longest query (q=) in bytes: each word costs the matcher, and no one types more.
    std::size_t max_query_bytes = 2000;
    double time_limit = 2.0;  ///< seconds of exact counting per search (SearchRequest)
};

class HttpService {
  public:
    HttpService(const Engine& engine, HttpServiceOptions options);

    /// Never throws: a bad request is a 4xx and a failure a 5xx, each with a JSON body
    /// {"error": {"status", "message"}} (and "position" for a query that cannot be parsed).
    HttpResponse handle(const HttpRequest& request) const;

  private:
    HttpResponse route(const HttpRequest& request) const;

    const Engine& engine_;
    HttpServiceOptions options_;
};

/// The JSON error response.
HttpResponse http_error(int status, const std::string& message);

/// Decodes a percent-encoded URL component ('+' as a space when `plus_is_space`). Throws
/// UsageError for a '%' without two hexadecimal digits after it or for bytes that are not
/// UTF-8.
std::string percent_decode(std::string_view text, bool plus_is_space);

/// Encodes everything but unreserved characters (RFC 3986), for links.
std::string percent_encode(std::string_view text);

/// Whether a Host header is a host name ("search.example", "search.example.", labels of
/// letters, digits, '-' and '_'), an IPv4 address or an IPv6 literal in brackets, with an
/// optional ":PORT" (1 to 65535) and nothing else: what may go into a link.
bool is_valid_host(std::string_view host);

}  // namespace polsearch
