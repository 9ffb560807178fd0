// The query parser and builder on arbitrary text. Promises: no crash, no hang, no exception
// but QueryError (with an offset inside the query, or at its end); a query that builds has a
// description.
#include <cstdint>
#include <string>

#include "common.h"
#include "polsearch/error.h"
#include "search/query_builder.h"

using namespace polsearch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static QueryBuilder builder;
    const std::string query(reinterpret_cast<const char*>(data), size);
    for (const bool expand : {true, false}) {
        try {
            const BuiltQuery built = builder.build(query, expand);
            POLSEARCH_FUZZ_CHECK(!built.query.get_description().empty(), "a description");
            for (const QueryWord& word : built.words)
                POLSEARCH_FUZZ_CHECK(word.begin <= word.end && word.end <= query.size(),
                                     "query words lie inside the query");
        } catch (const QueryError& error) {
            POLSEARCH_FUZZ_CHECK(error.position() <= query.size(), "the offset is in the query");
        }
    }
    return 0;
}
