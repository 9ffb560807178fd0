// Helpers shared by the tests: temporary folders and running the real programs.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "text/utf8.h"

namespace polsearch::test {

/// A fresh folder under the system's temporary folder, removed when it goes out of scope.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "polsearch-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string source_path(const std::string& relative) {
    return std::string(POLSEARCH_SOURCE_DIR) + "/" + relative;
}

/// A program of the build (polsearch-index, polsearch-search, polsearch-analyze,
/// polsearch-serve): programs/CMakeLists.txt puts the four in bin/. $POLSEARCH_TEST_BIN names
/// another folder of them: the programs of an older commit, to see a new test fail there.
/// Every string of one and two code points over `alphabet`, and 20,000 of three to eight
/// drawn at random (the same each run), as UTF-8: the inputs on which a rewrite is compared
/// with the rules it replaced.
inline std::set<std::string> strings_over(std::u32string_view alphabet) {
    std::set<std::string> out;
    for (char32_t a : alphabet) {
        out.insert(utf8_encode(std::u32string(1, a)));
        for (char32_t b : alphabet) out.insert(utf8_encode(std::u32string{a, b}));
    }
    std::mt19937 random(20261206);
    for (int i = 0; i < 20000; ++i) {
        std::u32string text(3 + random() % 6, U' ');
        for (char32_t& c : text) c = alphabet[random() % alphabet.size()];
        out.insert(utf8_encode(text));
    }
    return out;
}

inline std::string program(const std::string& name) {
    if (const char* other = std::getenv("POLSEARCH_TEST_BIN"); other && *other)
        return std::string(other) + "/" + name;
    return std::string(POLSEARCH_BINARY_DIR) + "/bin/" + name;
}

/// Single-quotes a string for /bin/sh.
inline std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs a shell command line, capturing standard output and standard error.
inline RunResult run(const std::string& command_line) {
    TempDir scratch;
    const std::string out_file = scratch / "out";
    const std::string err_file = scratch / "err";
    const std::string full = "(" + command_line + ") >" + shell_quote(out_file) + " 2>" +
                             shell_quote(err_file) + " </dev/null";
    const int raw = std::system(full.c_str());
    RunResult result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    result.out = read_file(out_file);
    result.err = read_file(err_file);
    return result;
}

/// Runs a shell command line in a pseudo-terminal of 100 columns, as on a user's terminal:
/// standard output and standard error both go to it, and `out` is everything it showed, as
/// bytes (line ends as the terminal gets them: "\r\n").
inline RunResult run_in_terminal(const std::string& command_line) {
    int terminal = -1;
    winsize size{};
    size.ws_row = 40;
    size.ws_col = 100;
    const pid_t pid = forkpty(&terminal, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error("forkpty failed");
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", command_line.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    RunResult result;
    char buffer[4096];
    for (;;) {
        const ssize_t got = read(terminal, buffer, sizeof buffer);
        if (got > 0) {
            result.out.append(buffer, static_cast<std::size_t>(got));
        } else if (got < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // EIO once the command and its children have closed the terminal
        }
    }
    close(terminal);
    int raw = 0;
    waitpid(pid, &raw, 0);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return result;
}

/// A TCP port on 127.0.0.1 that nothing listens on (now).
inline unsigned free_port() {
    const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(socket_fd);
    return ntohs(address.sin_port);
}

/// Whether something accepts connections on 127.0.0.1:port.
inline bool accepts(unsigned port) {
    const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool connected =
        connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(socket_fd);
    return connected;
}

/// xapian-tcpsrv serving one database on 127.0.0.1, in its own process group (it forks a
/// process per connection), stopped with all of them when this goes out of scope. With
/// `idle_ms`, it closes a connection that has sent nothing for that long (--idle-timeout).
class TcpServer {
  public:
    explicit TcpServer(const std::string& database, unsigned idle_ms = 0) : port_(free_port()) {
        pid_ = fork();
        if (pid_ == 0) {
            setpgid(0, 0);
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            const std::string port = std::to_string(port_);
            const std::string idle = std::to_string(idle_ms == 0 ? 60000 : idle_ms);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
                   port.c_str(), "--idle-timeout", idle.c_str(), database.c_str(),
                   static_cast<char*>(nullptr));
            _exit(127);
        }
        setpgid(pid_, pid_);
        for (int i = 0; i < 200 && !accepts(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (!accepts(port_)) throw std::runtime_error("xapian-tcpsrv did not start");
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    void stop() {
        if (pid_ <= 0) return;
        kill(-pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    /// Stops answering without closing connections: a hung server.
    void pause() { kill(-pid_, SIGSTOP); }
    void resume() { kill(-pid_, SIGCONT); }
    unsigned port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    unsigned port_;
    pid_t pid_ = -1;
};

/// The sample corpus (sample_corpus/) indexed by the real polsearch-index, once per test
/// process, into a folder removed at exit. Tests must not write into it.
inline const std::string& sample_database() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string db = dir / "sample-db";
        const auto result = run(program("polsearch-index") + " --quiet --db " + db + " " +
                                shell_quote(source_path("sample_corpus")));
        if (result.status != 0) throw std::runtime_error(result.err);
        return db;
    }();
    return path;
}

}  // namespace polsearch::test
