// What a remote shard's server sends back to RemoteDocuments (index/remote_documents.h), on
// arbitrary bytes: the first byte says how many documents were asked for (0 to 15), the rest
// is the stream of replies. Promises: no crash, no hang, no allocation beyond
// max_remote_message; only Xapian errors escape; every message taken lies inside the bytes;
// once the replies are complete, there is one record's data per document asked for.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common.h"
#include "index/remote_documents.h"

using namespace polsearch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t count = data[0] % 16;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    DocumentReplies replies(count, "127.0.0.1:8100");
    std::size_t at = 0;
    try {
        while (true) {
            const std::size_t before = at;
            const std::optional<RemoteMessage> message = take_remote_message(bytes, at, "s");
            if (!message) {
                POLSEARCH_FUZZ_CHECK(at == before, "an incomplete message is not taken");
                break;
            }
            POLSEARCH_FUZZ_CHECK(at > before && at <= bytes.size(), "a message lies inside");
            POLSEARCH_FUZZ_CHECK(message->body.size() <= max_remote_message, "bounded");
            // The same message as the protocol writes it is what was read.
            POLSEARCH_FUZZ_CHECK(remote_message(message->type, message->body).size() <= at - before,
                                 "a message is no longer than its bytes");
            if (replies.add(*message)) {
                POLSEARCH_FUZZ_CHECK(replies.done(), "complete");
                POLSEARCH_FUZZ_CHECK(replies.take().size() == count, "one record per document");
                break;
            }
        }
    } catch (const Xapian::Error& error) {
        POLSEARCH_FUZZ_CHECK(!error.get_msg().empty(), "an error says what");
    }
    return 0;
}
