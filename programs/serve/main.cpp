// polsearch-serve: the HTTP service (docs/http.md) over a database, read-only, for portals.
// Options in, HttpServer (http_server.h) over HttpService until SIGINT or SIGTERM, then out.
#include <signal.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <mutex>

#include "polsearch/engine.h"
#include "polsearch/error.h"
#include "service/http_server.h"
#include "service/http_service.h"
#include "polsearch/program.h"
#include "search/searcher.h"

namespace po = boost::program_options;
using namespace polsearch;

namespace {

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

std::mutex log_mutex;

// "HOST:PORT", "[::1]:PORT"; port 0 for any free port.
std::pair<std::string, int> parse_listen(const std::string& text) {
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
    return {host.empty() ? "0.0.0.0" : host, std::stoi(port_text)};
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("polsearch-serve", [&] {
        std::string database;
        std::string listen;
        unsigned threads = 16;
        unsigned keep_alive_requests = 10;
        double keep_alive_timeout = 1.0;
        std::size_t max_connections = 1024;
        std::size_t max_connections_per_client = 64;
        std::vector<std::string> cors_origins;
        std::string base_url;
        double read_timeout = 5.0;
        double time_limit = 2.0;
        std::string thesaurus_file;
        double connect_timeout = 2.0;
        double remote_timeout = 10.0;
        std::vector<std::string> arguments;
        po::options_description options(usage);
        // clang-format off
        options.add_options()
            ("db", po::value(&database)->value_name("PATH"),
             "database to serve (default: $POLSEARCH_DB, else the demo's)")
            ("listen", po::value(&listen)->default_value("127.0.0.1:8080")->value_name("HOST:PORT"),
             "address to listen on; port 0 picks a free one (printed on standard error)")
            ("threads", po::value(&threads)->default_value(16)->value_name("N"),
             "requests handled at once; more wait their turn (an open connection holds no "
             "thread)")
            ("keep-alive-requests", po::value(&keep_alive_requests)->default_value(10)
                 ->value_name("N"), "requests on one connection before it is closed")
            ("keep-alive-timeout", po::value(&keep_alive_timeout)->default_value(1.0)
                 ->value_name("SECONDS"), "an idle connection is closed after this")
            ("max-connections", po::value(&max_connections)->default_value(1024)->value_name("N"),
             "connections open at once; one more is answered 503 and closed")
            ("max-connections-per-client", po::value(&max_connections_per_client)
                 ->default_value(64)->value_name("N"),
             "connections open at once from one client address; one more is answered 503 and "
             "closed")
            ("cors-origin", po::value(&cors_origins)->value_name("ORIGIN"),
             "a web origin whose pages may call the service (https://portal.example), or '*' "
             "for any; repeatable")
            ("base-url", po::value(&base_url)->value_name("URL"),
             "the public address, for links in OpenSearch and Atom (default: the Host header if "
             "it is a host name with an optional port, else the address the request came in on)")
            ("read-timeout", po::value(&read_timeout)->default_value(5.0)->value_name("SECONDS"),
             "the time a request (headers and body) has to arrive whole, from its first byte "
             "(the first request: from the connection's opening); then the connection is "
             "closed (logged as 408)")
            ("time-limit", po::value(&time_limit)->default_value(2.0)->value_name("SECONDS"),
             "per search: after this, totals and facet counts are estimated")
            ("thesaurus", po::value(&thesaurus_file)->value_name("FILE"),
             "your own thesaurus, added to the built-in one (docs/thesaurus.md)")
            ("allow-partial", "when a shard of a stub database does not answer, serve the hits "
             "of the others, marked \"partial\" (docs/scaling.md)")
            ("connect-timeout", po::value(&connect_timeout)->default_value(2.0)
                 ->value_name("SECONDS"), "how long a remote shard may take to accept")
            ("remote-timeout", po::value(&remote_timeout)->default_value(10.0)
                 ->value_name("SECONDS"), "how long a remote shard may take to answer")
            ("quiet", "no log line per request");
        // clang-format on
        po::variables_map vm;
        if (!parse_command_line(argc, argv, options, arguments, vm)) return int(exit_success);
        if (!arguments.empty()) throw UsageError("unexpected argument '" + arguments.front() + "'");
        if (threads < 1 || threads > 256) throw UsageError("--threads must be from 1 to 256");
        if (keep_alive_requests < 1) throw UsageError("--keep-alive-requests must be at least 1");
        if (keep_alive_timeout < 1)
            throw UsageError("--keep-alive-timeout must be at least 1 second");
        if (max_connections < 1 || max_connections_per_client < 1)
            throw UsageError(
                "--max-connections and --max-connections-per-client must be at least 1");
        if (read_timeout <= 0 || connect_timeout <= 0 || remote_timeout <= 0 || time_limit < 0)
            throw UsageError("timeouts must be above 0");
        const auto [host, port] = parse_listen(listen);
        const bool quiet = vm.count("quiet") > 0;

        EngineOptions engine_options;
        engine_options.allow_partial = vm.count("allow-partial") > 0;
        engine_options.timeouts.connect_ms = static_cast<unsigned>(connect_timeout * 1000);
        engine_options.timeouts.answer_ms = static_cast<unsigned>(remote_timeout * 1000);
        if (!thesaurus_file.empty()) engine_options.thesaurus_files.push_back(thesaurus_file);
        const Engine engine(database.empty() ? default_database_path() : database, engine_options);
        HttpServiceOptions service_options;
        service_options.cors_origins = cors_origins;
        service_options.base_url = base_url;
        while (!service_options.base_url.empty() && service_options.base_url.back() == '/')
            service_options.base_url.pop_back();
        service_options.time_limit = time_limit;
        const HttpService service(engine, service_options);

        // SIGINT and SIGTERM are taken by sigwait below, in this thread: blocked before the
        // server's threads start, so that they inherit the mask.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        signal(SIGPIPE, SIG_IGN);

        HttpServerOptions server_options;
        server_options.host = host;
        server_options.port = static_cast<unsigned>(port);
        server_options.threads = threads;
        server_options.keep_alive_requests = keep_alive_requests;
        server_options.keep_alive_timeout = keep_alive_timeout;
        server_options.read_timeout = read_timeout;
        server_options.max_connections = max_connections;
        server_options.max_connections_per_client = max_connections_per_client;
        if (!quiet) {
            server_options.log = [](const std::string& line) {
                std::lock_guard lock(log_mutex);
                std::cerr << line << '\n' << std::flush;
            };
        }
        HttpServer server(service, server_options);
        const unsigned bound = server.start();
        {
            std::lock_guard lock(log_mutex);
            std::cerr << "polsearch-serve: serving " << engine.record_count() << " records of '"
                      << engine.path() << "' on http://"
                      << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":"
                      << bound << "/" << std::endl;
        }
        int received = 0;
        sigwait(&stop_signals, &received);
        // Drain: no new connections; the requests under way are answered, then it returns.
        server.stop();
        server.wait();
        std::cerr << "polsearch-serve: stopped" << std::endl;
        return int(exit_success);
    });
}
