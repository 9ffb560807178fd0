// polsearch-serve: the HTTP service (docs/http.md) over a database, read-only, for portals.
// Options in, HttpServer (http_server.h) over HttpService until SIGINT or SIGTERM, then out.
#include <signal.h>

#include <iostream>
#include <mutex>
#include <optional>

#include "cli/options.h"
#include "cli/program.h"
#include "polsearch/engine.h"
#include "polsearch/error.h"
#include "service/http_server.h"
#include "service/http_service.h"
#include "search/searcher.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

constexpr cli::Program program{"polsearch-serve", "serve"};

constexpr const char* usage = R"(Usage: polsearch-serve [options]

Serves a polsearch database over HTTP for library portals: a search page at /, a widget a
portal includes with one <script> tag, and JSON, Atom, OpenSearch and export endpoints
(docs/http.md). Read-only; searches see what an indexing job commits without a restart.
One log line per request on standard error.

Endpoints:
  GET /search?q=&page=&size=&sort=&lang=&expand=&facets=&f.FACET=VALUE   hits as JSON
  GET /records/ID, /records/ID/similar          a record; the records most like it
  GET /suggest?q=PREFIX                         completions for a search box
  GET /export?q=...&format=ris|bibtex|csl-json  hits for reference managers
  GET /opensearch.xml, /search.atom?q=...       OpenSearch 1.1 description and Atom results
  GET /health                                   {"status": "ok", "records": N}

Examples:
  polsearch-serve --db var/demo-db
  polsearch-serve --db /srv/polsearch/db --listen 0.0.0.0:8080 --threads 16 \
      --cors-origin https://journal.example.kz --base-url https://search.example.kz
  polsearch-serve --db /srv/polsearch/remote.stub --allow-partial

Hostile clients: a request must arrive whole within --read-timeout, connections are capped
in all and per client address, the request target and the headers at 8 KiB each (414, 431),
a body at 64 KiB (413); Range is ignored (always the whole answer).

Exit status: 0 after SIGINT or SIGTERM (requests under way are answered first); 1 database
missing or unreadable, or the address is taken; 2 bad usage.

Options)";

// Log lines come from the server's threads and from this one.
std::mutex log_mutex;

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
        ("quiet", po::bool_switch(&options.quiet), "no log line per request");
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

HttpServerOptions server_options(const Options& options) {
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
    if (!options.quiet) {
        server.log = [](const std::string& line) {
            std::lock_guard lock(log_mutex);
            std::cerr << line << '\n' << std::flush;
        };
    }
    return server;
}

// Serves until SIGINT or SIGTERM, then drains: no new connections, the requests under way
// are answered.
int run(const Options& options) {
    const HttpServerOptions server_settings = server_options(options);
    const Engine engine(options.search.database, options.search.engine_options());
    HttpServiceOptions service_options;
    service_options.cors_origins = options.cors_origins;
    service_options.base_url = options.base_url;
    while (!service_options.base_url.empty() && service_options.base_url.back() == '/')
        service_options.base_url.pop_back();
    service_options.time_limit = options.search.time_limit.value;
    const HttpService service(engine, service_options);

    // SIGINT and SIGTERM are taken by sigwait below, in this thread: blocked before the
    // server's threads start, so that they inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    HttpServer server(service, server_settings);
    const unsigned bound = server.start();
    const std::string& host = server_settings.host;
    {
        std::lock_guard lock(log_mutex);
        std::cerr << program.name << ": serving " << engine.record_count() << " records of '"
                  << engine.path() << "' on http://"
                  << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":" << bound
                  << "/" << std::endl;
    }
    int received = 0;
    sigwait(&stop_signals, &received);
    server.stop();
    server.wait();
    std::cerr << program.name << ": stopped" << std::endl;
    return exit_success;
}

}  // namespace

int main(int argc, char** argv) {
    return cli::run_program(program.name, [&] {
        const auto options = parse_options(argc, argv);
        return options ? run(*options) : int(exit_success);
    });
}
