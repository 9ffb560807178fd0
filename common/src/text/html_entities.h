// HTML character references in harvested text: OAI-PMH records carry escaped HTML in their
// Dublin Core elements ("Water&ndash;energy", "&#171;big&#187;"), and OJS article pages saved
// as text keep some too. Expat decodes XML's own five entities; these are the rest.
#pragma once

#include <string>
#include <string_view>

namespace polsearch {

/// `text` with its HTML character references decoded: every named reference of HTML5
/// (common/data/html-entities.tsv, written by scripts/build-html-entities) when it ends in
/// ';', and numeric ones (`&#171;`, `&#xAB;`, the ';' may be left out as browsers allow).
/// A number that is no character (0, a surrogate, above U+10FFFF) becomes U+FFFD, and
/// 0x80-0x9F are read as windows-1252, as HTML5 says. Anything else after '&' ("R&D",
/// "&unknown;", "&amp" without ';') stays as written.
std::string decode_html_entities(std::string_view text);

}  // namespace polsearch
