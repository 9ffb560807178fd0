// polsearch-serve: the HTTP service (docs/http.md) over a database, read-only, for portals.
// Options in, HttpServer (http_server.h) over HttpService until SIGINT or SIGTERM, then out;
// SIGHUP opens the access log and the database again.
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "cli/options.h"
#include "cli/program.h"
#include "polsearch/engine.h"
#include "polsearch/error.h"
#include "search/searcher.h"
#include "service/http_server.h"
#include "service/http_service.h"
#include "service/metrics.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr cli::Program program{"polsearch-serve", "serve"};

constexpr const char* usage = R"(Usage: polsearch-serve [options]

Serves a polsearch database over HTTP for library portals: a search page at /, a widget a
portal includes with one <script> tag, and JSON, Atom, OpenSearch and export endpoints
(docs/http.md). Read-only; searches see what an indexing job commits without a restart.
An access log line per request (Combined Log Format, or JSON lines) on standard error or in
--log FILE, and metrics for Prometheus at /metrics.

Endpoints:
  GET /search?q=&page=&size=&sort=&lang=&expand=&facets=&f.FACET=VALUE   hits as JSON
  GET /records/ID, /records/ID/similar          a record; the records most like it
  GET /suggest?q=PREFIX                         completions for a search box
  GET /export?q=...&format=ris|bibtex|csl-json  hits for reference managers
  GET /opensearch.xml, /search.atom?q=...       OpenSearch 1.1 description and Atom results
  GET /health                                   {"status": "ok", "records": N}
  GET /metrics                                  requests, durations, in flight, the database

Examples:
  polsearch-serve --db var/demo-db
  polsearch-serve --db /srv/polsearch/db --listen 0.0.0.0:8080 --threads 16 \
      --cors-origin https://journal.example.kz --base-url https://search.example.kz
  polsearch-serve --db /srv/polsearch/remote.stub --allow-partial

Hostile clients: a request must arrive whole within --read-timeout, connections are capped
in all and per client address, the request target and the headers at 8 KiB each (414, 431),
a body at 64 KiB (413); Range is ignored (always the whole answer).

Signals: SIGHUP opens the --log file again (after logrotate moved it) and the database and
the thesaurus files, without closing a connection; SIGTERM or SIGINT stop it: no connection is
accepted any more, and every request under way is answered first.

Exit status: 0 after SIGINT or SIGTERM; 1 database missing or unreadable, or the address is
taken; 2 bad usage.

Options)";

// Lines on standard error come from the server's threads and from this one.
std::mutex output_mutex;

void say(const std::string& line) {
    std::lock_guard lock(output_mutex);
    std::cerr << program.name << ": " << line << std::endl;
}

struct Options {
    cli::SearchOptions search;
    std::string listen = "127.0.0.1:8080";
    cli::Count threads{16};
    cli::Count keep_alive_requests{10};
    cli::Seconds keep_alive_timeout{1.0};
    cli::Count max_connections{1024};
    cli::Count max_connections_per_client{64};
    std::vector<std::string> cors_origins;
    std::string base_url;
    cli::Seconds read_timeout{5.0};
    bool quiet = false;
    std::string log;  // the access log's file; standard error when empty
    cli::LogFormat log_format = cli::LogFormat::combined;
    std::string metrics_path = "/metrics";
};

// The access log: a line per request on standard error, or appended to a file that reopen()
// opens again (SIGHUP, after logrotate has moved it away).
class AccessLog {
  public:
    AccessLog(std::string path, cli::LogFormat format) : path_(std::move(path)), format_(format) {
        if (!path_.empty()) file_ = open(path_);
    }
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const RequestRecord& request) {
        const std::string line = (format_ == cli::LogFormat::json ? json_log_line(request)
                                                                  : combined_log_line(request)) +
                                 "\n";
        std::lock_guard lock(output_mutex);
        std::FILE* out = file_ ? file_.get() : stderr;
        std::fwrite(line.data(), 1, line.size(), out);
        std::fflush(out);
    }

    /// Opens the file again; throws Error, keeping the file it had, when it cannot.
    void reopen() {
        if (path_.empty()) return;
        File reopened = open(path_);
        std::lock_guard lock(output_mutex);
        file_ = std::move(reopened);
    }

  private:
    using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

    static File open(const std::string& path) {
        File file(std::fopen(path.c_str(), "a"), &std::fclose);
        if (!file) throw Error("cannot open the log file " + path + ": " + std::strerror(errno));
        return file;
    }

    std::string path_;
    cli::LogFormat format_;
    File file_{nullptr, &std::fclose};
};

// What /metrics says of the engine besides the server's own figures: the database, and the
// searches' durations (with facets, counted while matching, and without).
class EngineMetrics {
  public:
    void observe(const SearchTiming& search) {
        (search.facets ? with_facets_ : without_facets_).observe(search.seconds);
        if (search.failed) ++failed_;
    }
    void reopened(bool ok) { ++(ok ? reopens_ : failed_reopens_); }

    std::string text(const Engine& engine) const {
        std::string out;
        std::optional<std::size_t> records;
        std::optional<std::uint64_t> revision;
        try {
            records = engine.record_count();
            revision = engine.revision_number();
        } catch (const Error&) {
            // No database now (a compaction's swap): said by polsearch_database_up.
        }
        out += metric_header("polsearch_database_up", "gauge",
                             "1 when the database could be read for these metrics");
        out += "polsearch_database_up " + std::string(records ? "1" : "0") + "\n";
        if (records) {
            out += metric_header("polsearch_database_records", "gauge", "Records in the database");
            out += "polsearch_database_records " + std::to_string(*records) + "\n";
        }
        if (revision) {
            out += metric_header("polsearch_database_revision", "gauge",
                                 "Revision of the database's latest commit (one database only)");
            out += "polsearch_database_revision " + std::to_string(*revision) + "\n";
        }
        out += metric_header("polsearch_search_duration_seconds", "histogram",
                             "Searches, by whether they counted facets (while matching)");
        without_facets_.write(out, "polsearch_search_duration_seconds", "facets=\"false\"");
        with_facets_.write(out, "polsearch_search_duration_seconds", "facets=\"true\"");
        out += metric_header("polsearch_search_failures_total", "counter",
                             "Searches that failed (a query that cannot be parsed included)");
        out += "polsearch_search_failures_total " + std::to_string(failed_.load()) + "\n";
        out += metric_header("polsearch_reopens_total", "counter",
                             "SIGHUPs, by whether the database and thesaurus could be opened");
        out += "polsearch_reopens_total{result=\"ok\"} " + std::to_string(reopens_.load()) +
               "\npolsearch_reopens_total{result=\"failed\"} " +
               std::to_string(failed_reopens_.load()) + "\n";
        return out;
    }

  private:
    Histogram without_facets_;
    Histogram with_facets_;
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> reopens_{0};
    std::atomic<std::uint64_t> failed_reopens_{0};
};

// "HOST:PORT", "[::1]:PORT"; port 0 for any free port.
std::pair<std::string, unsigned> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        throw UsageError("--listen needs HOST:PORT, not '" + text + "'");
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string port_text = text.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
        std::stoi(port_text) > 65535)
        throw UsageError("--listen: '" + port_text + "' is not a port");
    return {host.empty() ? "0.0.0.0" : host, static_cast<unsigned>(std::stoi(port_text))};
}

// The options, checked; nullopt when --help has been answered.
std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description described(usage);
    options.search.add_to(described, "database to serve");
    // clang-format off
    described.add_options()
        ("listen", po::value(&options.listen)->default_value(options.listen)
             ->value_name("HOST:PORT"),
         "address to listen on; port 0 picks a free one (printed on standard error)")
        ("threads", cli::count_value(options.threads),
         "requests handled at once; more wait their turn (an open connection holds no thread)")
        ("keep-alive-requests", cli::count_value(options.keep_alive_requests),
         "requests on one connection before it is closed")
        ("keep-alive-timeout", cli::seconds_value(options.keep_alive_timeout),
         "an idle connection is closed after this")
        ("max-connections", cli::count_value(options.max_connections),
         "connections open at once; one more is answered 503 and closed")
        ("max-connections-per-client", cli::count_value(options.max_connections_per_client),
         "connections open at once from one client address; one more is answered 503 and "
         "closed")
        ("cors-origin", po::value(&options.cors_origins)->value_name("ORIGIN"),
         "a web origin whose pages may call the service (https://portal.example), or '*' "
         "for any; repeatable")
        ("base-url", po::value(&options.base_url)->value_name("URL"),
         "the public address, for links in OpenSearch and Atom (default: the Host header if "
         "it is a host name with an optional port, else the address the request came in on)")
        ("read-timeout", cli::seconds_value(options.read_timeout),
         "the time a request (headers and body) has to arrive whole, from its first byte "
         "(the first request: from the connection's opening); then the connection is "
         "closed (logged as 408)")
        ("log", po::value(&options.log)->value_name("FILE"),
         "append the access log to FILE, opened again on SIGHUP (default: standard error)")
        ("log-format", cli::choice_value(options.log_format),
         "the access log's lines: combined (the Combined Log Format of Apache and nginx) or "
         "json (one JSON object a line)")
        ("metrics-path", po::value(&options.metrics_path)->default_value(options.metrics_path)
             ->value_name("PATH"),
         "where the metrics for Prometheus are served (\"\" for nowhere)")
        ("quiet", po::bool_switch(&options.quiet), "no access log");
    // clang-format on
    std::vector<std::string> arguments;
    po::variables_map values;
    if (!cli::parse_options(program, argc, argv, described, arguments, values)) return std::nullopt;
    if (!arguments.empty()) throw UsageError("unexpected argument '" + arguments.front() + "'");
    if (options.threads.value < 1 || options.threads.value > 256)
        throw UsageError("--threads must be from 1 to 256");
    if (options.keep_alive_requests.value < 1)
        throw UsageError("--keep-alive-requests must be at least 1");
    if (options.keep_alive_timeout.value < 1)
        throw UsageError("--keep-alive-timeout must be at least 1 second");
    if (options.max_connections.value < 1 || options.max_connections_per_client.value < 1)
        throw UsageError("--max-connections and --max-connections-per-client must be at least 1");
    if (options.read_timeout.value <= 0) throw UsageError("timeouts must be above 0");
    return options;
}

HttpServerOptions server_options(const Options& options, AccessLog& log) {
    const auto [host, port] = parse_listen(options.listen);
    HttpServerOptions server;
    server.host = host;
    server.port = port;
    server.threads = static_cast<unsigned>(options.threads.value);
    server.keep_alive_requests =
        static_cast<unsigned>(std::min<std::size_t>(options.keep_alive_requests.value, ~0u));
    server.keep_alive_timeout = options.keep_alive_timeout.value;
    server.read_timeout = options.read_timeout.value;
    server.max_connections = options.max_connections.value;
    server.max_connections_per_client = options.max_connections_per_client.value;
    if (!options.quiet) server.on_request = [&log](const RequestRecord& line) { log.write(line); };
    server.log = say;
    server.metrics_path = options.metrics_path;
    return server;
}

// Blocks SIGINT, SIGTERM and SIGHUP in this thread, before the server's threads start (so that
// they inherit the mask): run() takes them with sigwait.
sigset_t block_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return signals;
}

// SIGHUP: the log file and the database opened again; what cannot be is said and kept as it
// was. Connections and the requests under way are not touched.
void reopen(AccessLog& log, Engine& engine, EngineMetrics& metrics) {
    try {
        log.reopen();
    } catch (const Error& failure) {
        say(std::string(failure.what()) + "; the log goes on where it was");
    }
    try {
        engine.reopen();
        metrics.reopened(true);
        say("SIGHUP: opened the log and the database again (" +
            std::to_string(engine.record_count()) + " records)");
    } catch (const std::exception& failure) {
        metrics.reopened(false);
        say(std::string("SIGHUP: ") + failure.what() + "; still serving what was open");
    }
}

// Serves until SIGINT or SIGTERM, then drains: no new connections, the requests under way
// are answered.
int run(const Options& options) {
    AccessLog log(options.log, options.log_format);
    HttpServerOptions server_settings = server_options(options, log);
    EngineMetrics metrics;
    EngineOptions engine_options = options.search.engine_options();
    engine_options.on_search = [&metrics](const SearchTiming& search) { metrics.observe(search); };
    Engine engine(options.search.database, engine_options);
    HttpServiceOptions service_options;
    service_options.cors_origins = options.cors_origins;
    service_options.base_url = options.base_url;
    while (!service_options.base_url.empty() && service_options.base_url.back() == '/')
        service_options.base_url.pop_back();
    service_options.time_limit = options.search.time_limit.value;
    const HttpService service(engine, service_options);

    const sigset_t signals = block_signals();
    server_settings.more_metrics = [&metrics, &engine] { return metrics.text(engine); };
    HttpServer server(service, server_settings);
    const unsigned bound = server.start();
    const std::string& host = server_settings.host;
    say("serving " + std::to_string(engine.record_count()) + " records of '" + engine.path() +
        "' on http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
        std::to_string(bound) + "/");
    for (;;) {
        int received = 0;
        sigwait(&signals, &received);
        if (received != SIGHUP) break;
        reopen(log, engine, metrics);
    }
    server.stop();
    server.wait();
    say("stopped");
    return exit_success;
}

}  // namespace

int main(int argc, char** argv) {
    return cli::run_program(program.name, [&] {
        const auto options = parse_options(argc, argv);
        return options ? run(*options) : int(exit_success);
    });
}
