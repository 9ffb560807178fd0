#include "index/remote_documents.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>

namespace polsearch {

namespace {

// Message and reply types of protocol 39 (xapian-core 1.4, net/remoteprotocol.h).
constexpr unsigned char msg_document = 2;
constexpr unsigned char msg_reopen = 12;
constexpr unsigned char msg_shutdown = 27;
constexpr unsigned char reply_update = 0;
constexpr unsigned char reply_exception = 1;
constexpr unsigned char reply_done = 2;
constexpr unsigned char reply_docdata = 5;
constexpr unsigned char reply_value = 16;

std::string encode_length(std::size_t length) {
    std::string out;
    if (length < 255) {
        out += static_cast<char>(length);
        return out;
    }
    out += '\xff';
    length -= 255;
    while (true) {
        const auto low = static_cast<unsigned char>(length & 0x7f);
        length >>= 7;
        if (length == 0) {
            out += static_cast<char>(low | 0x80);
            return out;
        }
        out += static_cast<char>(low);
    }
}

// A length at `at`, moving `at` past it; nullopt when `bytes` ends first, or (through
// `overflow`) when it does not fit in a size_t.
std::optional<std::size_t> decode_length(std::string_view bytes, std::size_t& at, bool& overflow) {
    overflow = false;
    if (at >= bytes.size()) return std::nullopt;
    std::size_t length = static_cast<unsigned char>(bytes[at]);
    std::size_t next = at + 1;
    if (length == 255) {
        length = 0;
        unsigned shift = 0;
        while (true) {
            if (next >= bytes.size()) return std::nullopt;
            const auto byte = static_cast<unsigned char>(bytes[next++]);
            const std::size_t part = byte & 0x7f;
            if (shift >= std::numeric_limits<std::size_t>::digits ||
                part > (std::numeric_limits<std::size_t>::max() >> shift)) {
                overflow = true;
                return std::nullopt;
            }
            length |= part << shift;
            shift += 7;
            if (byte & 0x80) break;
        }
        if (length > std::numeric_limits<std::size_t>::max() - 255) {
            overflow = true;
            return std::nullopt;
        }
        length += 255;
    }
    at = next;
    return length;
}

[[noreturn]] void broken(const std::string& shard, const std::string& what) {
    throw Xapian::NetworkError("remote shard " + shard + ": " + what);
}

// A serialised Xapian::Error (net/serialise-error.cc): its type's code (the byte before the
// name get_type() returns), the context and the message as lengths and bytes, then the
// system's error string. Thrown as that error where polsearch tells it apart.
[[noreturn]] void throw_remote_error(const std::string& body, const std::string& shard) {
    std::size_t at = 1;
    bool overflow = false;
    std::string context, message;
    if (!body.empty()) {
        for (std::string* part : {&context, &message}) {
            const std::optional<std::size_t> length = decode_length(body, at, overflow);
            if (!length || *length > body.size() - at) break;
            part->assign(body, at, *length);
            at += *length;
        }
    }
    message = "REMOTE:" + message;
    context += (context.empty() ? "" : "; ") + std::string("remote shard ") + shard;
    switch (body.empty() ? -1 : static_cast<unsigned char>(body[0])) {
        case 5:
            throw Xapian::DatabaseCorruptError(message, context);
        case 8:
            throw Xapian::DatabaseModifiedError(message, context);
        case 11:
            throw Xapian::DocNotFoundError(message, context);
        case 14:
            throw Xapian::NetworkError(message, context);
        case 15:
            throw Xapian::NetworkTimeoutError(message, context);
        case 21:
            throw Xapian::DatabaseClosedError(message, context);
        default:
            throw Xapian::DatabaseError(message, context);
    }
}

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Waits until the socket can be read or written; false when `deadline_ms` passes first.
bool wait_for(int socket, short events, long long deadline_ms) {
    while (true) {
        const long long left = deadline_ms - now_ms();
        if (left <= 0) return false;
        pollfd watched{socket, events, 0};
        const int ready = poll(&watched, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) return true;  // the read or write that follows reports it
    }
}

}  // namespace

std::string remote_message(unsigned char type, std::string_view body) {
    std::string out(1, static_cast<char>(type));
    out += encode_length(body.size());
    out += body;
    return out;
}

std::optional<RemoteMessage> take_remote_message(std::string_view bytes, std::size_t& at,
                                                 const std::string& shard) {
    if (at >= bytes.size()) return std::nullopt;
    std::size_t next = at + 1;
    bool overflow = false;
    const std::optional<std::size_t> length = decode_length(bytes, next, overflow);
    if (overflow || (length && *length > max_remote_message))
        broken(shard, "a message longer than " + std::to_string(max_remote_message) + " bytes");
    if (!length || *length > bytes.size() - next) return std::nullopt;
    RemoteMessage message;
    message.type = static_cast<unsigned char>(bytes[at]);
    message.body.assign(bytes.substr(next, *length));
    at = next + *length;
    return message;
}

DocumentReplies::DocumentReplies(std::size_t count, std::string shard)
    : count_(count), shard_(std::move(shard)) {
    data_.reserve(count);
}

bool DocumentReplies::add(const RemoteMessage& reply) {
    if (reply.type == reply_exception) throw_remote_error(reply.body, shard_);
    if (!reopened_) {
        if (reply.type != reply_done && reply.type != reply_update)
            broken(shard_, "reply " + std::to_string(reply.type) + " where the reopen's was due");
        reopened_ = true;
        return done();
    }
    if (done()) broken(shard_, "reply " + std::to_string(reply.type) + " after the last one due");
    if (!in_document_) {
        if (reply.type != reply_docdata)
            broken(shard_, "reply " + std::to_string(reply.type) + " where a document was due");
        data_.push_back(reply.body);
        in_document_ = true;
        return false;
    }
    if (reply.type == reply_value) return false;  // the document's values: not needed here
    if (reply.type != reply_done)
        broken(shard_, "reply " + std::to_string(reply.type) + " inside a document");
    in_document_ = false;
    return done();
}

RemoteDocuments::RemoteDocuments(const ShardLocation& shard, const RemoteTimeouts& timeouts)
    : name_(shard.name), timeouts_(timeouts) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(shard.port);
    if (const int failed = getaddrinfo(shard.host.c_str(), port.c_str(), &hints, &found))
        broken(name_, std::string("cannot resolve the host: ") + gai_strerror(failed));
    const long long deadline = now_ms() + timeouts.connect_ms;
    std::string failure = "no address";
    bool timed_out = false;
    for (addrinfo* address = found; address && socket_ < 0; address = address->ai_next) {
        const int candidate =
            socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (candidate < 0) continue;
        int error = 0;
        if (connect(candidate, address->ai_addr, address->ai_addrlen) != 0) {
            error = errno;
            if (error == EINPROGRESS) {
                socklen_t size = sizeof error;
                if (!wait_for(candidate, POLLOUT, deadline))
                    error = ETIMEDOUT;
                else if (getsockopt(candidate, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
                    error = errno;
            }
        }
        if (error == 0) {
            socket_ = candidate;
        } else {
            failure = std::strerror(error);
            close(candidate);
            timed_out = error == ETIMEDOUT;
            if (timed_out) break;
        }
    }
    freeaddrinfo(found);
    if (socket_ < 0) {
        if (timed_out)
            throw Xapian::NetworkTimeoutError("remote shard " + name_ + ": no connection in " +
                                              std::to_string(timeouts.connect_ms) + " ms");
        broken(name_, "cannot connect: " + failure);
    }
    const int on = 1;
    setsockopt(socket_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    try {
        const RemoteMessage greeting = receive(now_ms() + timeouts.answer_ms);
        if (greeting.type == reply_exception) throw_remote_error(greeting.body, name_);
        if (greeting.type != reply_update || greeting.body.size() < 2)
            broken(name_, "no greeting from the server");
        const auto major = static_cast<unsigned char>(greeting.body[0]);
        if (major != remote_protocol_major) {
            broken(name_, "the server speaks remote protocol " + std::to_string(major) + "." +
                              std::to_string(static_cast<unsigned char>(greeting.body[1])) +
                              ", not " + std::to_string(remote_protocol_major));
        }
    } catch (...) {
        close(socket_);
        socket_ = -1;
        throw;
    }
}

RemoteDocuments::~RemoteDocuments() {
    if (socket_ < 0) return;
    // The server ends the connection's process at MSG_SHUTDOWN; closing alone would do too.
    const std::string bye = remote_message(msg_shutdown, {});
    (void)send(socket_, bye.data(), bye.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    close(socket_);
}

std::vector<std::string> RemoteDocuments::read(const std::vector<Xapian::docid>& docids) {
    if (socket_ < 0) broken(name_, "the connection failed before");
    const long long deadline = now_ms() + timeouts_.answer_ms;
    std::string request = remote_message(msg_reopen, {});
    for (const Xapian::docid docid : docids)
        request += remote_message(msg_document, encode_length(docid));
    DocumentReplies replies(docids.size(), name_);
    try {
        send_all(request, deadline);
        while (!replies.add(receive(deadline))) {
        }
    } catch (...) {
        // Replies may still be on their way: the next read would take them for its own.
        close(socket_);
        socket_ = -1;
        throw;
    }
    return replies.take();
}

void RemoteDocuments::send_all(const std::string& bytes, long long deadline_ms) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t count = send(socket_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (count > 0) {
            sent += static_cast<std::size_t>(count);
        } else if (count < 0 && errno == EINTR) {
            continue;
        } else if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_for(socket_, POLLOUT, deadline_ms))
                throw Xapian::NetworkTimeoutError("remote shard " + name_ +
                                                  ": timeout expired while trying to write");
        } else {
            broken(name_, std::string("write failed: ") + std::strerror(errno));
        }
    }
}

RemoteMessage RemoteDocuments::receive(long long deadline_ms) {
    while (true) {
        if (std::optional<RemoteMessage> message = take_remote_message(buffer_, at_, name_)) {
            if (at_ == buffer_.size()) {
                buffer_.clear();
                at_ = 0;
            }
            return std::move(*message);
        }
        if (at_ > 0) {
            buffer_.erase(0, at_);
            at_ = 0;
        }
        char chunk[65536];
        const ssize_t count = recv(socket_, chunk, sizeof chunk, 0);
        if (count > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(count));
        } else if (count == 0) {
            broken(name_, "the server closed the connection");
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!wait_for(socket_, POLLIN, deadline_ms))
                throw Xapian::NetworkTimeoutError("remote shard " + name_ +
                                                  ": timeout expired while trying to read");
        } else {
            broken(name_, std::string("read failed: ") + std::strerror(errno));
        }
    }
}

}  // namespace polsearch
