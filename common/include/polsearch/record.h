// A record: one abstract with its metadata, as read from any input format and as stored in
// the database. The canonical input is JSON Lines (docs/record-format.md).
#pragma once

#include <nlohmann/json_fwd.hpp>

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
    Language language = Language::unknown;  ///< the record's main language
};

/// Builds a record from one parsed JSON object in the canonical format. Throws RecordError
/// naming the field when the object breaks the format.
Record record_from_json(const nlohmann::json& object);

/// The canonical JSON of a record (language maps for title, abstract and keywords).
nlohmann::json record_to_json(const Record& record);

/// Fills in the language of every text version still unknown (by detection; the record's
/// language wins when set), and the record's language when unset (that of its first title or
/// abstract). Called before a record is indexed.
void resolve_languages(Record& record);

/// "https://doi.org/10.1/X", "doi:10.1/X" and "10.1/X" all give "10.1/x"; "" if not a DOI.
std::string normalize_doi(std::string_view text);

/// The text in `language`, else in the record's language, else the first; nullptr if none.
const LocalizedText* pick_version(const std::vector<LocalizedText>& versions, Language language,
                                  Language fallback);

}  // namespace polsearch
