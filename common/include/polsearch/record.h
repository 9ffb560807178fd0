// A record: one abstract with its metadata, as read from any input format and as stored in
// the database. The canonical input is JSON Lines (docs/record-format.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "polsearch/language.h"

namespace polsearch {

/// One language version of a text field. Language::unknown until detected.
struct LocalizedText {
    Language language = Language::unknown;
    std::string text;
};

/// One language version of the keywords.
struct LocalizedKeywords {
    Language language = Language::unknown;
    std::vector<std::string> keywords;
};

struct Record {
    std::string id;
    std::vector<LocalizedText> title;
    std::vector<LocalizedText> abstract;
    std::vector<LocalizedKeywords> keywords;
    std::vector<std::string> authors;
    std::optional<int> year;
    std::string date;  ///< "YYYY-MM-DD", "YYYY-MM" or "YYYY", or empty
    std::string doi;   ///< normalised: "10.…", lower case
    std::string journal;
    std::string volume;
    std::string issue;
    std::string pages;
    std::string section;
    std::string url;
    std::string oai_identifier;  ///< "oai:…" of a record harvested by OAI-PMH, so that a later
                                 ///< deletion notice, which carries only that, finds it
    Language language = Language::unknown;  ///< the record's main language
};

/// Gives a record without an id one: its DOI, else its OAI identifier, else a stable hash of
/// its title, year and authors ("hash-" and 16 hexadecimal digits).
void assign_record_id(Record& record);

/// A 64-bit FNV-1a hash of `bytes`: stable across runs, machines and compilers.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 14695981039346656037ull);

/// Throws RecordError when a record breaks the rules every format shares: an id of at most 200
/// bytes, and a title or an abstract.
void validate_record(const Record& record);

/// "2025-03-31", "2025-03-31T12:00:00Z", "2025/03/31", "2025/03/31/", "2025///", "2025-03",
/// "2025" → "YYYY-MM-DD", "YYYY-MM" or "YYYY"; "" when `text` is not such a date.
std::string normalize_date(std::string_view text);

/// "https://doi.org/10.1/X", "doi:10.1/X" and "10.1/X" all give "10.1/x"; "" if not a DOI.
std::string normalize_doi(std::string_view text);

/// The text in `language`, else in the record's language, else the first; nullptr if none.
const LocalizedText* pick_version(const std::vector<LocalizedText>& versions, Language language,
                                  Language fallback);

}  // namespace polsearch
