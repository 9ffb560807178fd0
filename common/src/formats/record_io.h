// Reading and writing records' fields, for the readers and what stores records: the canonical
// JSON (docs/record-format.md) and the date rule every reader shares.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "polsearch/record.h"

namespace polsearch {

/// Sets the record's date and year from `text` (normalize_date); throws RecordError naming
/// `field` when it is not a date.
void set_record_date(Record& record, std::string_view text, std::string_view field);

/// Builds a record from one parsed JSON object in the canonical format. Throws RecordError
/// naming the field when the object breaks the format.
Record record_from_json(const nlohmann::json& object);

/// The canonical JSON of a record (language maps for title, abstract and keywords).
nlohmann::json record_to_json(const Record& record);

}  // namespace polsearch
