// Writes records into a Xapian glass database: one document per record, replaced by its id.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>

#include "polsearch/document_builder.h"
#include "polsearch/record.h"

namespace polsearch {

struct IndexStats {
    std::size_t added = 0;     ///< records new to the database
    std::size_t replaced = 0;  ///< records whose id was already there
};

class IndexWriter {
public:
    /// Opens (or creates) the database at `path` for writing. Throws DatabaseError.
    explicit IndexWriter(const std::string& path);

    /// Adds or replaces `record` (its languages are resolved here).
    void add(Record record);

    /// Makes everything added so far durable and visible to readers.
    void commit();

    const IndexStats& stats() const { return stats_; }
    Xapian::doccount document_count() const { return database_.get_doccount(); }

private:
    std::string path_;
    Xapian::WritableDatabase database_;
    DocumentBuilder builder_;
    IndexStats stats_;
};

}  // namespace polsearch
