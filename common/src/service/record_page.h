// A record as an HTML page for people: what polsearch-serve answers at /record/ID
// (docs/http.md). Server-rendered, usable without JavaScript, every text escaped.
#pragma once

#include <string>
#include <vector>

#include "polsearch/language.h"
#include "polsearch/record.h"
#include "polsearch/search.h"

namespace polsearch {

/// The page of `record`: every language version of its title, abstract and keywords (each
/// with its lang attribute), authors, journal, volume, issue, pages, year, the DOI link,
/// export links (RIS, BibTeX, CSL-JSON) and `similar` records. Labels in `interface`
/// (English when unknown). Links are relative to /record/ID. Well-formed as XML too.
std::string record_page_html(const Record& record, const std::vector<Hit>& similar,
                             Language interface);

}  // namespace polsearch
