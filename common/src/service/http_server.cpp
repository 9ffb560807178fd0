// The HTTP server on Boost.Beast and Asio (http_server.h). One io_context, run by
// `io_threads` threads, accepts, reads and writes every connection asynchronously; each
// connection's handlers run on a strand of their own. A request read whole goes to a pool of
// `threads` workers, which call HttpService::handle and post the answer back to the
// connection's strand to be written. So an I/O thread never waits for a search, and a
// connection that sends slowly, or nothing, costs its socket and a few kilobytes but no thread.
#include "service/http_server.h"

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "polsearch/error.h"
#include "service/metrics.h"
#include "text/utf8.h"

namespace polsearch {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

// How long a connection the server closes may still send (what it sends is read and thrown
// away, so that the close does not reset the connection before the client has read the
// answer), and how much.
constexpr std::chrono::seconds linger_time(1);
constexpr std::size_t linger_bytes = 1 << 20;

// The longest request target a log line shows whole.
constexpr std::size_t logged_target_bytes = 300;

std::string endpoint_text(const tcp::endpoint& endpoint) {
    const std::string address = endpoint.address().to_string();
    return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" +
           std::to_string(endpoint.port());
}

std::string shown_target(std::string_view target) {
    if (target.empty()) return "-";
    if (target.size() <= logged_target_bytes) return log_escape(target);
    return log_escape(target.substr(0, logged_target_bytes)) + "…(" +
           std::to_string(target.size()) + " bytes)";
}

// Text escaped by log_escape, for a quoted field of the Combined Log Format: '"' escaped too,
// and spaces kept when `spaces` (the Referer and User-Agent have them; the request line's
// method and target do not).
std::string quoted_field(std::string escaped, bool spaces) {
    std::string out;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] == '"') {
            out += "\\x22";
        } else if (spaces && escaped.compare(i, 4, "\\x20") == 0) {
            out += ' ';
            i += 3;
        } else {
            out += escaped[i];
        }
    }
    return out;
}

// A header's value for the log: "-" (null in JSON) when not sent.
std::string header_field(const std::string& value) {
    return value.empty() ? "-" : quoted_field(log_escape(value), true);
}

// The endpoints the metrics count requests by: the service's paths, "other" for any other
// path (a client can send any number of them) and "none" for a request never read whole.
constexpr std::array<std::string_view, 14> endpoints = {
    "/",       "/search",       "/search.atom",          "/suggest",
    "/export", "/records/{id}", "/records/{id}/similar", "/opensearch.xml",
    "/health", "/widget.js",    "/widget.css",           "/metrics",
    "other",   "none"};

std::size_t endpoint_index(std::string_view name) {
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        if (endpoints[i] == name) return i;
    return endpoint_index("other");
}

std::size_t endpoint_of(std::string_view target, std::string_view metrics_path) {
    std::string_view path = target.substr(0, target.find('?'));
    if (path.empty()) return endpoint_index("none");
    if (path == "/index.html") path = "/";
    if (!metrics_path.empty() && path == metrics_path) return endpoint_index("/metrics");
    if (path.size() > 9 && path.substr(0, 9) == "/records/") {
        const std::string_view similar = "/similar";
        const bool like = path.size() > 9 + similar.size() &&
                          path.substr(path.size() - similar.size()) == similar;
        return endpoint_index(like ? "/records/{id}/similar" : "/records/{id}");
    }
    if (path == "/metrics" || path == "other" || path == "none") return endpoint_index("other");
    return endpoint_index(path);
}

}  // namespace

std::string combined_log_line(const RequestRecord& request) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(request.time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char when[40];
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &utc);
    const std::string line = request.method.empty()
                                 ? "-"
                                 : quoted_field(log_escape(request.method), false) + " " +
                                       quoted_field(shown_target(request.target), false) +
                                       (request.version == 10 ? " HTTP/1.0" : " HTTP/1.1");
    return request.client + " - - [" + when + "] \"" + line + "\" " +
           std::to_string(request.status) + " " +
           (request.bytes == 0 ? "-" : std::to_string(request.bytes)) + " \"" +
           header_field(request.referer) + "\" \"" + header_field(request.user_agent) + "\"";
}

std::string json_log_line(const RequestRecord& request) {
    const auto since_epoch = request.time.time_since_epoch();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(request.time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char when[40];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &utc);
    char millis[8];
    std::snprintf(
        millis, sizeof millis, ".%03dZ",
        static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000));
    using Json = nlohmann::ordered_json;
    const auto text_or_null = [](const std::string& value) {
        return value.empty() ? Json() : Json(log_escape(value));
    };
    const auto milliseconds = [](std::chrono::microseconds time) {
        return std::round(static_cast<double>(time.count()) / 10.0) / 100.0;
    };
    Json line = {
        {"time", std::string(when) + millis},
        {"client", request.client},
        {"method", text_or_null(request.method)},
        {"target", text_or_null(request.target)},
        {"protocol", request.version == 10 ? "HTTP/1.0" : "HTTP/1.1"},
        {"status", request.status},
        {"bytes", request.bytes},
        {"referer", text_or_null(request.referer)},
        {"user_agent", text_or_null(request.user_agent)},
        {"duration_ms", milliseconds(request.duration)},
        {"engine_ms", request.engine_time ? Json(milliseconds(*request.engine_time)) : Json()}};
    return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string log_escape(std::string_view text) {
    static const char* const hex = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    const auto escape = [&](unsigned char byte) {
        out.append("\\x").append(1, hex[byte >> 4]).append(1, hex[byte & 15]);
    };
    while (!text.empty()) {
        const auto byte = static_cast<unsigned char>(text.front());
        if (byte < 0x80) {
            if (byte <= 0x20 || byte == 0x7F || byte == '\\')
                escape(byte);
            else
                out += static_cast<char>(byte);
            text.remove_prefix(1);
            continue;
        }
        // A whole UTF-8 sequence is kept; the bytes of an invalid one are escaped one by one.
        const std::size_t valid = utf8_invalid_offset(text);
        if (valid > 0) {
            out.append(text.substr(0, valid));
            text.remove_prefix(valid);
        } else {
            escape(byte);
            text.remove_prefix(1);
        }
    }
    return out;
}

class Session;

struct HttpServer::Impl {
    using Strand = net::strand<net::io_context::executor_type>;

    Impl(const HttpService& service_, HttpServerOptions options_)
        : service(service_),
          options(std::move(options_)),
          io(static_cast<int>(std::max(1u, options.io_threads))),
          acceptor(net::make_strand(io)),
          retry(acceptor.get_executor()) {}

    void accept();
    void on_accept(const beast::error_code& error, tcp::socket socket, const Strand& strand);
    void refuse(tcp::socket& socket, const std::string& client);
    /// A request answered (or given up, or refused before it was read: not `read`): counted,
    /// and given to on_request.
    void finished(const RequestRecord& request, bool read);
    void release(const net::ip::address& client, Session* session);
    std::string metrics() const;

    const HttpService& service;
    const HttpServerOptions options;

    // Before io: a connection that the io_context's destructor destroys still finds them.
    mutable std::mutex mutex;  // guards what follows
    bool stopping = false;
    std::size_t connections = 0;
    std::map<net::ip::address, std::size_t> per_client;
    /// The open connections, each with its strand: stop() reaches each through its strand
    /// only, so that a connection is never touched, nor destroyed, outside its strand.
    std::map<Session*, std::pair<std::weak_ptr<Session>, Strand>> sessions;

    // The metrics: requests answered by (endpoint, status), their durations by endpoint, and
    // requests read whole and not yet answered.
    mutable std::mutex metrics_mutex;  // guards `answered`
    std::map<std::pair<std::size_t, int>, std::uint64_t> answered;
    std::array<Histogram, endpoints.size()> durations;
    std::atomic<long> in_flight{0};

    net::io_context io;
    std::optional<net::thread_pool> workers;
    tcp::acceptor acceptor;
    net::steady_timer retry;  // accepting again after running out of file descriptors
    std::vector<std::thread> io_threads;
    unsigned port = 0;
    bool started = false;
    bool waited = false;
};

// One connection: requests read one after the other (pipelined ones too), each answered
// before the next is read.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(HttpServer::Impl& server, tcp::socket socket, net::ip::address client)
        : server_(server),
          options_(server.options),
          stream_(std::move(socket)),
          strand_(stream_.get_executor()),
          client_(std::move(client)),
          client_text_(client_.to_string()) {
        beast::error_code ignored;
        local_host_ = endpoint_text(stream_.socket().local_endpoint(ignored));
    }
    ~Session() {
        answered();
        server_.release(client_, this);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start() {
        // The first request must arrive whole within the read timeout of the connection's
        // opening: a connection that sends nothing is closed as one that sends slowly.
        stream_.expires_after(millis(options_.read_timeout));
        net::dispatch(strand_, [self = shared_from_this()] { self->wait_for_request(); });
    }

    /// The server stops (on the connection's strand): a request under way is finished, and so
    /// is one whose bytes have arrived already (a client under load sends its next request at
    /// once), with "Connection: close"; an idle connection is closed now, as one closed after
    /// an answer is (linger: no reset that would take the answers the client has not read
    /// yet with it), and one closing already goes on closing.
    void stop() {
        stopping_ = true;
        if (!idle_ || lingering_) return;
        beast::error_code error;
        const bool arrived =
            buffer_.size() > 0 || (stream_.socket().available(error) > 0 && !error);
        if (!arrived) linger();
    }

  private:
    // Until the first byte of a request (a pipelined one may be in the buffer already).
    void wait_for_request() {
        idle_ = true;
        if (stopping_) return close();
        if (buffer_.size() > 0) return read_request();
        if (requests_ > 0) stream_.expires_after(millis(options_.keep_alive_timeout));
        stream_.async_read_some(
            buffer_.prepare(2048),
            [self = shared_from_this()](const beast::error_code& error, std::size_t bytes) {
                self->buffer_.commit(bytes);
                if (error || bytes == 0) return self->close();  // idle too long, or gone
                self->read_request();
            });
    }

    void read_request() {
        idle_ = false;
        // The whole request from its first byte (the first request: from the connection's
        // opening, set in start).
        if (requests_ > 0) stream_.expires_after(millis(options_.read_timeout));
        parser_.emplace();
        // The request line may hold the longest target and a method and version; then the
        // header fields, limited on their own (Beast limits each part to header_limit).
        parser_->header_limit(static_cast<std::uint32_t>(
            std::max(options_.max_target_bytes, options_.max_header_bytes) + 32));
        parser_->body_limit(options_.max_body_bytes);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](const beast::error_code& error, std::size_t) {
                             self->on_read(error);
                         });
    }

    void on_read(const beast::error_code& error) {
        ++requests_;
        received_ = std::chrono::system_clock::now();
        read_at_ = std::chrono::steady_clock::now();
        referer_.clear();
        user_agent_.clear();
        const auto& request = parser_->get();
        method_ = std::string(request.method_string());
        target_ = std::string(request.target());
        version_ = request.version() == 10 ? 10 : 11;
        head_ = false;
        if (error) {
            if (target_.empty()) take_request_line();
            if (error == beast::error::timeout) {
                // The deadline has closed the socket (tcp_stream): nothing can be answered,
                // the log says 408 (Request Timeout) as nginx's does.
                RequestRecord record = request_record(408, 0, std::nullopt);
                record.duration = std::chrono::microseconds(0);
                server_.finished(record, false);
                return close();
            }
            if (error == http::error::header_limit || error == http::error::buffer_overflow) {
                if (request.target().empty() || target_.size() > options_.max_target_bytes) {
                    return refuse(414, "the request target is too long (at most " +
                                           std::to_string(options_.max_target_bytes) + " bytes)");
                }
                return refuse(431, "the request's header fields are too large (at most " +
                                       std::to_string(options_.max_header_bytes) + " bytes)");
            }
            if (error == http::error::body_limit) {
                return refuse(413, "the request body is too large (at most " +
                                       std::to_string(options_.max_body_bytes) + " bytes)");
            }
            if (error == http::error::end_of_stream || error == http::error::partial_message ||
                error.category() !=
                    beast::http::make_error_code(http::error::bad_target).category())
                return close();  // the client has gone, or the socket failed
            return refuse(400, "bad request: " + error.message());
        }
        if (target_.size() > options_.max_target_bytes) {
            return refuse(414, "the request target is too long (at most " +
                                   std::to_string(options_.max_target_bytes) + " bytes)");
        }
        if (request.count(http::field::host) > 1)
            return refuse(400, "bad request: more than one Host header");
        keep_alive_ = request.keep_alive() && requests_ < options_.keep_alive_requests;
        head_ = request.method() == http::verb::head;
        HttpRequest call;
        call.method = method_;
        call.target = target_;
        call.host = std::string(request[http::field::host]);
        call.origin = std::string(request[http::field::origin]);
        call.if_none_match = std::string(request[http::field::if_none_match]);
        call.local_host = local_host_;
        referer_ = std::string(request[http::field::referer]);
        user_agent_ = std::string(request[http::field::user_agent]);
        const bool metrics =
            (request.method() == http::verb::get || head_) &&
            endpoint_of(target_, options_.metrics_path) == endpoint_index("/metrics") &&
            !options_.metrics_path.empty();
        answering();
        // Range is not honoured (docs/http.md): every answer is a whole 200; the body, if any,
        // has been read and is not used (the service is read-only).
        parser_.reset();
        stream_.expires_never();
        net::post(*server_.workers, [self = shared_from_this(), call = std::move(call), metrics,
                                     work = net::make_work_guard(server_.io)]() mutable {
            HttpResponse answer;
            try {
                answer = metrics ? self->metrics_answer() : self->server_.service.handle(call);
            } catch (const std::exception& failure) {  // handle() throws only bad_alloc
                answer = http_error(500, failure.what());
                answer.status = 500;
            }
            // The connection is destroyed on its strand, never here: this handler lets go of it.
            const net::any_io_executor strand = self->strand_;
            net::post(strand, [self = std::move(self), answer = std::move(answer)]() mutable {
                self->respond(answer);
            });
            work.reset();
        });
    }

    // The method and target of a request that could not be parsed, from its first line as
    // sent, for the log.
    void take_request_line() {
        const std::string_view data(static_cast<const char*>(buffer_.data().data()),
                                    buffer_.size());
        const std::string_view line = data.substr(0, data.find("\r\n"));
        const auto space = line.find(' ');
        method_ = std::string(line.substr(0, std::min<std::size_t>(space, 64)));
        if (space != std::string_view::npos) {
            const std::string_view rest = line.substr(space + 1);
            target_ = std::string(rest.substr(0, rest.find(' ')));
        }
    }

    // An answer of the server's own (400, 413, 414, 431): then the connection is closed.
    void refuse(int status, const std::string& message) {
        keep_alive_ = false;
        answering();
        HttpResponse answer = http_error(status, message);
        answer.status = status;
        engine_time_.reset();
        respond(answer, false);
    }

    void respond(HttpResponse& answer, bool from_service = true) {
        if (stopping_) keep_alive_ = false;
        response_ = {};
        response_.version(version_);
        response_.result(static_cast<unsigned>(answer.status));
        if (!answer.content_type.empty())
            response_.set(http::field::content_type, answer.content_type);
        for (const auto& [name, value] : answer.headers) response_.insert(name, value);
        if (from_service) {
            engine_time_ = answer.engine_time;
            char timing[48];
            std::snprintf(timing, sizeof timing, "engine;dur=%.2f",
                          static_cast<double>(answer.engine_time.count()) / 1000.0);
            response_.set("Server-Timing", timing);
        }
        status_ = answer.status;
        bytes_ = answer.body.size();
        const bool no_content = answer.status == 204 || answer.status == 304 ||
                                (answer.status >= 100 && answer.status < 200);
        if (!no_content) {
            response_.content_length(answer.body.size());
            // HEAD: the headers of GET, Content-Length included, and no body.
            if (!head_) response_.body() = std::move(answer.body);
        }
        response_.keep_alive(keep_alive_);
        stream_.expires_after(millis(options_.write_timeout));
        http::async_write(stream_, response_,
                          [self = shared_from_this()](const beast::error_code& error, std::size_t) {
                              self->on_write(error);
                          });
    }

    void on_write(const beast::error_code& error) {
        server_.finished(request_record(status_, bytes_, engine_time_), true);
        answered();
        response_ = {};
        if (error) return close();
        if (!keep_alive_ || stopping_) return linger();
        wait_for_request();
    }

    // Closing after an answer: no more is sent, and what the client still sends is read and
    // dropped for a little while, so that closing with unread data (a request's rest, a
    // pipelined request) does not reset the connection before the answer is read.
    void linger() {
        idle_ = true;
        lingering_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.consume(buffer_.size());
        stream_.expires_after(linger_time);
        discard();
    }

    void discard() {
        stream_.async_read_some(
            buffer_.prepare(4096),
            [self = shared_from_this()](const beast::error_code& error, std::size_t bytes) {
                self->lingered_ += bytes;
                self->buffer_.consume(self->buffer_.size());
                if (error || bytes == 0 || self->lingered_ > linger_bytes) return self->close();
                self->discard();
            });
    }

    // A request read (whole, or as far as it could be) is being answered: in flight.
    void answering() {
        if (answering_) return;
        answering_ = true;
        ++server_.in_flight;
    }

    void answered() {
        if (!answering_) return;
        answering_ = false;
        --server_.in_flight;
    }

    RequestRecord request_record(int status, std::size_t bytes,
                                 std::optional<std::chrono::microseconds> engine) const {
        RequestRecord record;
        record.time = received_;
        record.client = client_text_;
        record.method = method_;
        record.target = target_;
        record.version = version_;
        record.status = status;
        record.bytes = bytes;
        record.referer = referer_;
        record.user_agent = user_agent_;
        record.duration = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - read_at_);
        record.engine_time = engine;
        return record;
    }

    HttpResponse metrics_answer() const {
        HttpResponse answer;
        answer.content_type = "text/plain; version=0.0.4; charset=utf-8";
        answer.headers.emplace_back("Cache-Control", "no-store");
        answer.body = server_.metrics();
        return answer;
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    HttpServer::Impl& server_;
    const HttpServerOptions& options_;
    beast::tcp_stream stream_;
    const net::any_io_executor strand_;  // the connection's strand, for the workers
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    net::ip::address client_;
    std::string client_text_;
    std::string local_host_;
    unsigned requests_ = 0;
    bool idle_ = true;  // nothing of a request read, nothing to answer
    bool stopping_ = false;
    bool closed_ = false;
    bool keep_alive_ = false;
    bool head_ = false;
    unsigned version_ = 11;
    std::size_t lingered_ = 0;
    bool answering_ = false;  // counted in the server's in_flight
    bool lingering_ = false;  // closing: what arrives is read and dropped
    // For the log line.
    std::string method_;
    std::string target_;
    int status_ = 0;
    std::size_t bytes_ = 0;
    std::optional<std::chrono::microseconds> engine_time_;
    std::string referer_;
    std::string user_agent_;
    std::chrono::system_clock::time_point received_;
    std::chrono::steady_clock::time_point read_at_;
};

void HttpServer::Impl::accept() {
    // Each connection's handlers run on a strand of its own.
    const Strand strand = net::make_strand(io);
    acceptor.async_accept(strand,
                          [this, strand](const beast::error_code& error, tcp::socket socket) {
                              on_accept(error, std::move(socket), strand);
                          });
}

void HttpServer::Impl::on_accept(const beast::error_code& error, tcp::socket socket,
                                 const Strand& strand) {
    if (error == net::error::operation_aborted) return;  // stopped
    if (error) {
        // Out of file descriptors (or memory): the connection waits in the backlog; try again
        // a little later rather than at once and forever.
        if (error == net::error::no_descriptors || error == net::error::no_buffer_space ||
            error == net::error::no_memory || error.value() == ENFILE) {
            retry.expires_after(std::chrono::milliseconds(100));
            retry.async_wait([this](const beast::error_code& waited) {
                if (!waited) accept();
            });
            return;
        }
        return accept();
    }
    beast::error_code failed;
    const tcp::endpoint remote = socket.remote_endpoint(failed);
    if (failed) return accept();  // gone already
    const net::ip::address client = remote.address();
    std::shared_ptr<Session> session;
    bool refused = false;
    {
        std::lock_guard lock(mutex);
        if (stopping) return;
        auto& from_client = per_client[client];
        if (connections >= options.max_connections ||
            from_client >= options.max_connections_per_client) {
            refused = true;
            if (from_client == 0) per_client.erase(client);
        } else {
            ++connections;
            ++from_client;
            session = std::make_shared<Session>(*this, std::move(socket), client);
            sessions.emplace(session.get(), std::pair(std::weak_ptr(session), strand));
        }
    }
    if (refused)
        refuse(socket, client.to_string());
    else
        session->start();
    accept();
}

// A connection over a cap: a 503 if the socket takes it at once, and closed. Nothing waits.
void HttpServer::Impl::refuse(tcp::socket& socket, const std::string& client) {
    static const std::string body =
        R"({"error":{"status":503,"message":"too many connections; try again later"}})";
    static const std::string answer =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; "
        "charset=utf-8\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    char sent_already[4096];
    socket.read_some(net::buffer(sent_already), ignored);
    socket.write_some(net::buffer(answer), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    RequestRecord record;
    record.time = std::chrono::system_clock::now();
    record.client = client;
    record.status = 503;
    record.bytes = body.size();
    finished(record, false);
}

void HttpServer::Impl::finished(const RequestRecord& request, bool read) {
    const std::size_t endpoint = !read || request.method.empty()
                                     ? endpoint_index("none")
                                     : endpoint_of(request.target, options.metrics_path);
    {
        std::lock_guard lock(metrics_mutex);
        ++answered[{endpoint, request.status}];
    }
    if (endpoint != endpoint_index("none"))
        durations[endpoint].observe(static_cast<double>(request.duration.count()) / 1e6);
    if (options.on_request) options.on_request(request);
}

std::string HttpServer::Impl::metrics() const {
    std::string out = metric_header("polsearch_http_requests_total", "counter",
                                    "HTTP requests answered, by endpoint and status (endpoint "
                                    "\"none\": never read whole, or refused over a cap)");
    {
        std::lock_guard lock(metrics_mutex);
        for (const auto& [key, count] : answered) {
            out.append("polsearch_http_requests_total{endpoint=\"")
                .append(endpoints[key.first])
                .append("\",status=\"")
                .append(std::to_string(key.second))
                .append("\"} ")
                .append(std::to_string(count))
                .append("\n");
        }
    }
    out += metric_header("polsearch_http_request_duration_seconds", "histogram",
                         "From a request read whole to its answer written, by endpoint");
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        if (durations[i].count() == 0) continue;
        durations[i].write(out, "polsearch_http_request_duration_seconds",
                           "endpoint=\"" + std::string(endpoints[i]) + "\"");
    }
    out += metric_header("polsearch_http_requests_in_flight", "gauge",
                         "Requests read and not yet answered");
    out += "polsearch_http_requests_in_flight " + std::to_string(in_flight.load()) + "\n";
    std::size_t open = 0;
    {
        std::lock_guard lock(mutex);
        open = connections;
    }
    out += metric_header("polsearch_http_connections", "gauge", "Connections open");
    out += "polsearch_http_connections " + std::to_string(open) + "\n";
    if (options.more_metrics) out += options.more_metrics();
    return out;
}

void HttpServer::Impl::release(const net::ip::address& client, Session* session) {
    std::lock_guard lock(mutex);
    sessions.erase(session);
    --connections;
    const auto found = per_client.find(client);
    if (found != per_client.end() && --found->second == 0) per_client.erase(found);
}

HttpServer::HttpServer(const HttpService& service, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() {
    if (impl_->started && !impl_->waited) {
        stop();
        wait();
    }
}

unsigned HttpServer::start() {
    Impl& impl = *impl_;
    const HttpServerOptions& options = impl.options;
    const std::string where =
        (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host) +
        ":" + std::to_string(options.port);
    beast::error_code error;
    tcp::resolver resolver(impl.io);
    const auto found =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, error);
    if (error || found.empty())
        throw Error("cannot listen on " + where + ": " + (error ? error.message() : "no address"));
    const tcp::endpoint endpoint = found.begin()->endpoint();
    // SO_REUSEADDR only (not SO_REUSEPORT, with which a second server on a taken port would
    // start and silently share it).
    impl.acceptor.open(endpoint.protocol(), error);
    if (!error) impl.acceptor.set_option(net::socket_base::reuse_address(true), error);
    if (!error) impl.acceptor.bind(endpoint, error);
    if (!error) impl.acceptor.listen(options.backlog, error);
    if (error) throw Error("cannot listen on " + where + ": " + error.message());
    impl.port = impl.acceptor.local_endpoint().port();

    // Each connection is a file descriptor: room for the cap, and for the database's files.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        const rlim_t wanted = options.max_connections + 256;
        if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < wanted) {
            files.rlim_cur =
                files.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, files.rlim_max);
            setrlimit(RLIMIT_NOFILE, &files);
        }
    }

    impl.workers.emplace(std::max(1u, options.threads));
    net::post(impl.acceptor.get_executor(), [&impl] { impl.accept(); });
    impl.started = true;
    for (unsigned i = 0; i < std::max(1u, options.io_threads); ++i) {
        impl.io_threads.emplace_back([&impl] {
            for (;;) {
                try {
                    impl.io.run();
                    return;
                } catch (const std::exception& failure) {
                    // A handler that throws (out of memory) loses its connection, not the
                    // server.
                    if (impl.options.log) impl.options.log(failure.what());
                }
            }
        });
    }
    return impl.port;
}

void HttpServer::stop() {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    if (impl.stopping || !impl.started) return;
    impl.stopping = true;  // no connection is accepted from now on
    net::post(impl.acceptor.get_executor(), [&impl] {
        beast::error_code ignored;
        impl.acceptor.close(ignored);
        impl.retry.cancel();
    });
    for (const auto& [key, session] : impl.sessions) {
        net::post(session.second, [weak = session.first] {
            if (const auto alive = weak.lock()) alive->stop();
        });
    }
}

void HttpServer::wait() {
    Impl& impl = *impl_;
    if (!impl.started || impl.waited) return;
    // The I/O threads return once the acceptor is closed and every connection with it.
    for (auto& thread : impl.io_threads) thread.join();
    impl.workers->join();
    impl.waited = true;
}

unsigned HttpServer::port() const {
    return impl_->port;
}

std::string HttpServer::metrics() const {
    return impl_->metrics();
}

}  // namespace polsearch
