// Facets: exact counts of the matching records by year, decade, language, journal, section,
// keyword and author, and filters that narrow a search to one value of a facet.
//
// A record counts under every language it is written in (as the language filter matches it),
// so language counts may add up to more than the hits.
//
// Counted with Xapian's built-in ValueCountMatchSpy only, because a remote server (Xapian 1.4's
// xapian-tcpsrv) knows no other match spy. Keywords and authors are multi-valued: a record keeps
// its list in one value slot (languages too) (items joined by U+001F, each once), the spy counts
// each distinct list, and the lists are split afterwards, so each record counts once per item:
// exact counts of the matches the spies see. Above SearcherOptions::facet_sample_limit matches,
// the searcher lets them see only the matches in a few sample buckets (schema::sample_term) and
// scales the counts up (Searcher::count_facets, SearchResult::facets_exact).
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/schema.h"
#include "polsearch/search.h"

namespace polsearch {

/// The facet names, in the order results give them.
const std::vector<std::string>& facet_names();

/// A filter "field:value" as a boolean query; field is one of facet_names(). Throws UsageError
/// for an unknown field or a bad value ("year:abc").
Xapian::Query facet_filter(std::string_view field, std::string_view value);

/// Attaches the spies to an Enquire before get_mset and reads them after.
class FacetCounter {
  public:
    /// `packed`: one spy on schema::facets_slot (one value read per match), else one per
    /// facet's own slot (databases indexed before analysis 44 have no facets_slot).
    FacetCounter(Xapian::Enquire& enquire, bool packed);
    /// Whether every match the spy saw had a packed value: false for a database (or some of
    /// its records) indexed before analysis 44, whose facets must then be counted again
    /// unpacked. Always true unpacked.
    bool complete() const;
    /// The counts, at most `limit` values per facet, each multiplied by `scale` (rounded, and
    /// at least 1) when the spies saw a sample of the matches.
    std::vector<Facet> facets(std::size_t limit, double scale = 1.0) const;
    /// How many matching records the spies saw.
    Xapian::doccount seen() const;

  private:
    /// One on schema::facets_slot (packed), else one per facet, in facet_slots' order.
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

}  // namespace polsearch
