// polsearch-serve: the HTTP service (docs/http.md) over a database, read-only, for portals.
#include <httplib.h>
#include <signal.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "polsearch/engine.h"
#include "polsearch/error.h"
#include "polsearch/http_service.h"
#include "polsearch/program.h"
#include "polsearch/searcher.h"

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

Exit status: 0 after SIGINT or SIGTERM; 1 database missing or unreadable, or the address is
taken; 2 bad usage.

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
             "connections served at once; more wait their turn")
            ("keep-alive-requests", po::value(&keep_alive_requests)->default_value(10)
                 ->value_name("N"), "requests on one connection before it is closed, so that "
             "waiting connections get their turn")
            ("keep-alive-timeout", po::value(&keep_alive_timeout)->default_value(1.0)
                 ->value_name("SECONDS"), "an idle connection is closed after this")
            ("cors-origin", po::value(&cors_origins)->value_name("ORIGIN"),
             "a web origin whose pages may call the service (https://portal.example), or '*' "
             "for any; repeatable")
            ("base-url", po::value(&base_url)->value_name("URL"),
             "the public address, for links in OpenSearch and Atom (default: from the Host header)")
            ("read-timeout", po::value(&read_timeout)->default_value(5.0)->value_name("SECONDS"),
             "a client that sends nothing for this long is disconnected")
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

        // SIGINT and SIGTERM stop the server from a thread of their own.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        signal(SIGPIPE, SIG_IGN);

        httplib::Server server;
        server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        const auto seconds = [](double value) { return static_cast<time_t>(value); };
        const auto micros = [](double value) {
            return static_cast<time_t>((value - static_cast<double>(static_cast<time_t>(value))) *
                                       1e6);
        };
        server.set_read_timeout(seconds(read_timeout), micros(read_timeout));
        server.set_write_timeout(10, 0);
        // A connection holds a worker thread while it is open (cpp-httplib), so open connections
        // beyond --threads wait until one closes: a few requests per connection and a short
        // idle time keep the turns fair (with 100 and 5 s, 16 connections on 8 threads left 8
        // of them unanswered for 30 s).
        server.set_keep_alive_timeout(seconds(keep_alive_timeout));
        server.set_keep_alive_max_count(keep_alive_requests);
        server.set_payload_max_length(64 * 1024);
        // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second
        // server on a taken port starts and silently shares it.
        server.set_socket_options([](socket_t socket) {
            const int yes = 1;
            setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        const auto handler = [&service](const httplib::Request& request,
                                        httplib::Response& response) {
            HttpRequest call;
            call.method = request.method;
            call.target = request.target;
            call.host = request.get_header_value("Host");
            call.origin = request.get_header_value("Origin");
            call.local_host =
                (request.local_addr.find(':') != std::string::npos ? "[" + request.local_addr + "]"
                                                                   : request.local_addr) +
                ":" + std::to_string(request.local_port);
            const HttpResponse answer = service.handle(call);
            response.status = answer.status;
            for (const auto& [name, value] : answer.headers) response.set_header(name, value);
            char duration[32];
            std::snprintf(duration, sizeof duration, "engine;dur=%.2f",
                          static_cast<double>(answer.engine_time.count()) / 1000.0);
            response.set_header("Server-Timing", duration);
            if (!answer.content_type.empty())
                response.set_content(answer.body, answer.content_type);
        };
        for (auto method :
             {&httplib::Server::Get, &httplib::Server::Post, &httplib::Server::Put,
              &httplib::Server::Delete, &httplib::Server::Options, &httplib::Server::Patch}) {
            (server.*method)(".*", handler);
        }
        // What cpp-httplib answers itself (a request target over 8,192 bytes, a request it
        // cannot parse): a JSON error too.
        server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
            if (!response.body.empty()) return;
            const std::string message =
                response.status == 414 ? "the request target is too long (at most 8,192 bytes)"
                : response.status == 413
                    ? "the request body is too large"
                    : "bad request (status " + std::to_string(response.status) + ")";
            const HttpResponse answer = http_error(response.status, message);
            response.set_content(answer.body, answer.content_type);
        });
        if (!quiet) {
            server.set_logger(
                [](const httplib::Request& request, const httplib::Response& response) {
                    std::string target = request.target.empty() ? request.path : request.target;
                    if (target.size() > 300)
                        target = target.substr(0, 300) + "…(" +
                                 std::to_string(request.target.size()) + " bytes)";
                    std::string timing = response.get_header_value("Server-Timing");
                    timing = timing.empty() ? "-" : timing.substr(timing.find('=') + 1) + "ms";
                    const auto or_dash = [](const std::string& text) {
                        return text.empty() ? std::string("-") : text;
                    };
                    const std::string line = utc_timestamp() + " " + or_dash(request.remote_addr) +
                                             " " + or_dash(request.method) + " " + or_dash(target) +
                                             " " + std::to_string(response.status) + " " +
                                             std::to_string(response.body.size()) + "B " + timing +
                                             "\n";
                    std::lock_guard lock(log_mutex);
                    std::cerr << line << std::flush;
                });
        }

        const int bound = port == 0 ? server.bind_to_any_port(host)
                                    : (server.bind_to_port(host, port) ? port : -1);
        if (bound < 0) throw Error("cannot listen on " + listen + " (is the address taken?)");
        std::cerr << "polsearch-serve: serving " << engine.record_count() << " records of '"
                  << engine.path() << "' on http://"
                  << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":" << bound
                  << "/" << std::endl;
        std::thread stopper([&server, stop_signals] {
            int received = 0;
            sigwait(&stop_signals, &received);
            server.stop();
        });
        const bool listened = server.listen_after_bind();
        if (!listened && server.is_running()) throw Error("the server stopped unexpectedly");
        // Stopped by a signal: the stopper thread has returned; otherwise wake it.
        pthread_kill(stopper.native_handle(), SIGTERM);
        stopper.join();
        std::cerr << "polsearch-serve: stopped" << std::endl;
        return int(exit_success);
    });
}
