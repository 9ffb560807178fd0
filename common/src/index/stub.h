// Stub database files: the shards that make one polsearch database, local folders or remote
// servers (xapian-tcpsrv), in Xapian's own format (one shard a line: "glass shard-0",
// "auto /srv/shard-1", "remote 10.0.0.5:8100", "remote [::1]:8101"; '#' starts a comment), so
// that Xapian's own tools read them too. polsearch-index --shards writes one (PATH/XAPIANDB);
// docs/scaling.md shows how to point one at servers.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "polsearch/search.h"

namespace polsearch {

struct ShardLocation {
    enum class Kind { local, remote };
    Kind kind = Kind::local;
    std::string path;  ///< local: the database folder, resolved from the stub's folder
    std::string host;  ///< remote
    unsigned port = 0;
    /// How messages and JSON name the shard: its path as the stub wrote it, or host:port.
    std::string name;
};

/// The stub database file of `path`: `path` itself when it is a file, PATH/XAPIANDB when it is
/// a folder that holds one; empty when `path` is a plain database folder (or nothing).
std::string stub_file(const std::string& path);

/// The shards a stub database file lists, in order. Throws DatabaseError naming the file and
/// line of anything polsearch cannot open ("remote :program" shards, unknown backends), and
/// when it lists no shard.
std::vector<ShardLocation> read_stub(const std::string& stub);

/// How long a remote shard may take, in milliseconds: to accept a connection, and to answer
/// anything else.
/// One shard opened for reading. Throws Xapian::Error (NetworkError for a remote shard that
/// does not answer).
Xapian::Database open_shard(const ShardLocation& shard, const RemoteTimeouts& timeouts);

}  // namespace polsearch
