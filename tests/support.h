// Helpers shared by the tests: temporary folders and running the real programs.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace polsearch::test {

/// A fresh folder under the system's temporary folder, removed when it goes out of scope.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "polsearch-test-XXXXXX").string();
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

inline std::string program(const std::string& name) {
    const std::string folder = name == "polsearch-index"    ? "indexer"
                               : name == "polsearch-search" ? "searcher"
                                                            : "analyzer";
    return std::string(POLSEARCH_BINARY_DIR) + "/" + folder + "/" + name;
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
    const std::string full = "(" + command_line + ") >" + shell_quote(out_file) + " 2>" + shell_quote(err_file) +
                             " </dev/null";
    const int raw = std::system(full.c_str());
    RunResult result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    result.out = read_file(out_file);
    result.err = read_file(err_file);
    return result;
}

}  // namespace polsearch::test
