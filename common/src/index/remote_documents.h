// Documents' data read from a remote shard (xapian-tcpsrv) many at a time.
//
// Xapian 1.4's remote backend asks for one document and waits for its answer before it asks
// for the next, even for MSet::fetch() (RemoteDatabase::open_document): the 10 hits of a page
// cost 10 round trips on one connection. Its protocol (net/remote_protocol.rst in
// xapian-core, version 39, every 1.4 release) needs no such wait: RemoteDocuments sends
// MSG_REOPEN and one MSG_DOCUMENT per document in one write, then reads the replies as they
// come, so a page costs one round trip. Only those two requests are sent; the match and
// everything else still go through Xapian's own client.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/stub.h"

namespace polsearch {

/// The remote protocol's major version that RemoteDocuments speaks: Xapian 1.4's.
inline constexpr unsigned remote_protocol_major = 39;

/// The longest message RemoteDocuments takes from a server: a record's data is at most about
/// --max-record-bytes (1 MiB) of JSON; a longer message is taken for a broken stream.
inline constexpr std::size_t max_remote_message = 16u << 20;

/// One message of the protocol: a type byte, the length of its body (Xapian's encode_length:
/// one byte below 255, else 255 and the rest in 7-bit groups, the last with its top bit set),
/// then the body.
struct RemoteMessage {
    unsigned char type = 0;
    std::string body;
};

/// A message as the protocol writes it.
std::string remote_message(unsigned char type, std::string_view body);

/// The next whole message of `bytes` from `at`, moving `at` past it; nullopt when `bytes` ends
/// before the message does. Throws Xapian::NetworkError naming `shard` for a length over
/// max_remote_message (or one that overflows).
std::optional<RemoteMessage> take_remote_message(std::string_view bytes, std::size_t& at,
                                                 const std::string& shard);

/// The replies to MSG_REOPEN and then one MSG_DOCUMENT for each of `count` documents, taken
/// one at a time: REPLY_DONE or REPLY_UPDATE, then for each document REPLY_DOCDATA, its
/// REPLY_VALUEs and REPLY_DONE.
class DocumentReplies {
  public:
    DocumentReplies(std::size_t count, std::string shard);

    /// Takes the next reply; true once every document's data has come. A REPLY_EXCEPTION is
    /// thrown as the Xapian error it carries, its message prefixed with "REMOTE:" as Xapian's
    /// own client does (DocNotFoundError for a document deleted since the match,
    /// DatabaseModifiedError, NetworkTimeoutError for a connection the server closed while
    /// idle, ...); a reply out of place (or after the last) as Xapian::NetworkError.
    bool add(const RemoteMessage& reply);

    bool done() const { return data_.size() == count_ && !in_document_; }
    /// The documents' data, in the order asked for.
    std::vector<std::string> take() { return std::move(data_); }

  private:
    std::size_t count_;
    std::string shard_;
    bool reopened_ = false;
    bool in_document_ = false;  ///< its data came, its REPLY_DONE has not
    std::vector<std::string> data_;
};

/// One connection of its own to a remote shard's server, for documents' data.
class RemoteDocuments {
  public:
    /// Connects (within timeouts.connect_ms) and reads the server's greeting (within
    /// timeouts.answer_ms). Throws Xapian::NetworkError (NetworkTimeoutError) naming the shard
    /// when either fails, or when the server speaks another protocol than
    /// remote_protocol_major.
    RemoteDocuments(const ShardLocation& shard, const RemoteTimeouts& timeouts);
    ~RemoteDocuments();
    RemoteDocuments(const RemoteDocuments&) = delete;
    RemoteDocuments& operator=(const RemoteDocuments&) = delete;

    /// The data of each of `docids` (the shard's own document numbers) at the shard's latest
    /// revision, in their order: one write, then the replies. Throws what
    /// DocumentReplies::add throws, Xapian::NetworkError when the connection fails, and
    /// Xapian::NetworkTimeoutError when the replies take longer than timeouts.answer_ms in
    /// all. After an exception the connection is of no further use.
    std::vector<std::string> read(const std::vector<Xapian::docid>& docids);

  private:
    void send_all(const std::string& bytes, long long deadline_ms);
    RemoteMessage receive(long long deadline_ms);

    std::string name_;
    RemoteTimeouts timeouts_;
    int socket_ = -1;
    std::string buffer_;  ///< bytes read and not yet taken, from at_
    std::size_t at_ = 0;
};

}  // namespace polsearch
