// What every harness shares: a scratch folder, and the checks that turn a broken promise into
// a crash that libFuzzer reports (an exception a harness does not expect escapes as one too).
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "text/utf8.h"

namespace polsearch::fuzz {

/// Stops the run with a message when a promise of the code under test is broken.
#define POLSEARCH_FUZZ_CHECK(condition, what)                                       \
    do {                                                                            \
        if (!(condition)) {                                                         \
            std::fprintf(stderr, "fuzz check failed: %s (%s)\n", what, #condition); \
            std::abort();                                                           \
        }                                                                           \
    } while (false)

/// A folder of this process's own, removed at exit.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path folder = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "polsearch-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratch(), ignored);
        });
        return std::filesystem::path(pattern);
    }();
    return folder;
}

inline std::string write_input(const std::string& name, const uint8_t* data, std::size_t size) {
    const std::string path = (scratch() / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

inline bool valid_utf8(std::string_view text) {
    return utf8_invalid_offset(text) == text.size();
}

}  // namespace polsearch::fuzz
