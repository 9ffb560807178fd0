// A record as the data of its document: a compact binary form, read back with no parsing (a
// search decodes one per hit; JSON took 8 % of a search's instructions). Documents written
// before it (JSON, starting with '{') are still read.
#pragma once

#include <string>
#include <string_view>

#include "polsearch/record.h"

namespace polsearch {

/// The record's fields in the document data form.
std::string encode_record(const Record& record);

/// The record back from a document's data (either form). Throws DatabaseError for data that is
/// neither.
Record decode_record(std::string_view data);

}  // namespace polsearch
