#include "index/stub.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "polsearch/error.h"

namespace polsearch {
namespace fs = std::filesystem;

std::string stub_file(const std::string& path) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) return path;
    const fs::path inside = fs::path(path) / "XAPIANDB";
    if (fs::is_regular_file(inside, error)) return inside.string();
    return {};
}

namespace {

// "host:port" or "[v6]:port" into its parts; false if it is neither.
bool split_address(const std::string& address, std::string& host, unsigned& port) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return false;
    host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string digits = address.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 5)
        return false;
    port = static_cast<unsigned>(std::stoul(digits));
    return port > 0 && port < 65536;
}

}  // namespace

std::vector<ShardLocation> read_stub(const std::string& stub) {
    std::ifstream in(stub);
    if (!in) throw DatabaseError("cannot read the stub database file '" + stub + "'");
    std::vector<ShardLocation> shards;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const std::string where = stub + ":" + std::to_string(number);
        std::istringstream words(line);
        std::string backend, rest;
        if (!(words >> backend) || backend[0] == '#') continue;
        std::getline(words >> std::ws, rest);
        while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.pop_back();
        ShardLocation shard;
        if (backend == "glass" || backend == "auto" || backend == "chert") {
            if (rest.empty()) throw DatabaseError(where + ": '" + backend + "' needs a path");
            shard.kind = ShardLocation::Kind::local;
            shard.name = rest;
            shard.path = (fs::path(stub).parent_path() / rest).string();
        } else if (backend == "remote") {
            shard.kind = ShardLocation::Kind::remote;
            if (!rest.empty() && rest[0] == ':') {
                throw DatabaseError(where +
                                    ": polsearch reaches remote shards over TCP only "
                                    "(remote HOST:PORT, served by xapian-tcpsrv), not '" +
                                    rest + "'");
            }
            if (!split_address(rest, shard.host, shard.port)) {
                throw DatabaseError(where + ": 'remote' needs HOST:PORT, not '" + rest + "'");
            }
            shard.name = rest;
        } else {
            throw DatabaseError(where + ": unknown kind of database '" + backend +
                                "' (glass, auto or remote)");
        }
        shards.push_back(std::move(shard));
    }
    if (shards.empty()) throw DatabaseError("the stub database file '" + stub + "' names no shard");
    return shards;
}

Xapian::Database open_shard(const ShardLocation& shard, const RemoteTimeouts& timeouts) {
    if (shard.kind == ShardLocation::Kind::local) return Xapian::Database(shard.path);
    return Xapian::Remote::open(shard.host, shard.port, timeouts.answer_ms, timeouts.connect_ms);
}

}  // namespace polsearch
