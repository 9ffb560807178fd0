// The text layout of an Open Journal Systems article page, as a browser's "save as text" or a
// copy and paste gives it: the title first, then headed sections (Authors, DOI:, Keywords:,
// Abstract, Published, How to Cite, Issue, Section). Many Kazakhstani and Russian journals
// publish on OJS, and such pages are often all a library has.
#pragma once

#include <string>
#include <string_view>

#include "polsearch/record.h"

namespace polsearch {

/// Parses one page. `name` (the file name) names the record when it has no DOI and appears in
/// errors. Throws RecordError when the page has no title and no abstract.
Record parse_ojs_page(std::string_view text, const std::string& name);

}  // namespace polsearch
