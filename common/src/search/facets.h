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

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/schema.h"
#include "polsearch/search.h"

namespace polsearch {

/// The facet names, in the order results give them.
const std::vector<std::string>& facet_names();

/// A filter "field:value" as a boolean query; field is one of facet_names(). Throws UsageError
/// for an unknown field or a bad value ("year:abc").
Xapian::Query facet_filter(std::string_view field, std::string_view value);

/// The packed facet value (schema::facets_slot) of each record of one local database at one
/// revision, kept as read and split into its facets' items. Reading a value costs a B-tree
/// lookup (about 3 us on 172,460 records, most of a sampled facet count), and splitting and
/// normalising it more; the samples of many searches are the same few buckets, so searchers
/// that keep them count their next facets from memory. A revision never changes, so the
/// searchers of one database share the cache of its latest revision (SharedFacetValueCache),
/// several threads at once. Not over several shards (a match spy sees each shard's own
/// document numbers) nor remote ones (a remote server knows only Xapian's own spies).
class FacetValueCache {
  public:
    /// Records numbered above this are read each time: 16 MiB of numbers at most.
    static constexpr Xapian::docid max_docid = Xapian::docid(1) << 22;
    /// Above about this many bytes of distinct values, the cache keeps no more (and
    /// SharedFacetValueCache starts a new one at the next count).
    static constexpr std::size_t max_bytes = std::size_t(16) << 20;

    /// One value of one facet as a record writes it, and the key it counts under.
    struct Item {
        std::size_t facet;  ///< in schema::packed_facet_slots' order
        std::string shown;
        std::uint32_t key;  ///< the same for the items of a facet with one normalised form
    };
    /// A record's packed value, as the numbers of its items. Never changes once kept.
    struct Value {
        bool empty = false;  ///< the record has no packed value (indexed before analysis 44)
        std::vector<std::uint32_t> items;
    };

    /// The record's value, read on first use; nullptr when it is not kept (the record is
    /// numbered above max_docid, or the cache is full), to be read by the caller. The value
    /// stays where it is for the cache's life.
    const Value* value(const Xapian::Document& document);
    /// Holds the items and keys still while the caller reads them (item(), items(), key(),
    /// keys()): other threads may be adding to them.
    [[nodiscard]] std::unique_lock<std::mutex> lock() const {
        return std::unique_lock<std::mutex>(mutex_);
    }
    const Item& item(std::uint32_t number) const { return items_[number]; }
    /// How many distinct items the kept values hold (numbered from 0).
    std::size_t items() const { return items_.size(); }
    /// How many distinct keys they hold (numbered from 0), and each one's text.
    std::size_t keys() const { return keys_.size(); }
    const std::string& key(std::uint32_t number) const { return keys_[number]; }
    /// Whether it holds more than max_bytes.
    bool full() const;
    /// How many values it has read from the database.
    std::size_t reads() const;

  private:
    mutable std::mutex mutex_;             ///< guards what follows
    std::vector<std::uint32_t> by_docid_;  ///< 0: not read yet, else a number in values_ + 1
    std::deque<Value> values_;             ///< each distinct value once
    std::unordered_map<std::string, std::uint32_t> value_numbers_;  ///< by packed value
    std::deque<Item> items_;                                        ///< each distinct item once
    std::unordered_map<std::string, std::uint32_t> item_numbers_;   ///< by facet and shown form
    std::deque<std::string> keys_;                                  ///< each distinct key once
    std::unordered_map<std::string, std::uint32_t> key_numbers_;    ///< by facet and key
    std::size_t bytes_ = 0;
    std::size_t reads_ = 0;
};

/// The FacetValueCache of the revision of a database last counted, shared by the searchers
/// that read the database (an Engine's pool): between two commits of an indexing job, every
/// search of a server warms one cache instead of one each. Safe from several threads at once.
class SharedFacetValueCache {
  public:
    /// The cache of revision `revision` of the database `uuid`: the one held, or a new one
    /// held instead when the one held is of an older revision or another database, or full.
    /// For an older revision than the one held, a new one not held. A count under way keeps
    /// the one it was given.
    std::shared_ptr<FacetValueCache> at(const std::string& uuid, Xapian::rev revision);

  private:
    std::mutex mutex_;  ///< guards what follows
    std::string uuid_;
    Xapian::rev revision_ = 0;
    std::shared_ptr<FacetValueCache> cache_;
};

class CachedFacetSpy;

/// Attaches the spies to an Enquire before get_mset and reads them after.
class FacetCounter {
  public:
    /// One spy on schema::facets_slot (one value read per match). `cache` (one local
    /// database, the revision the enquire reads): the packed values are read through it.
    explicit FacetCounter(Xapian::Enquire& enquire,
                          std::shared_ptr<FacetValueCache> cache = nullptr);
    FacetCounter(FacetCounter&&) noexcept;
    FacetCounter& operator=(FacetCounter&&) noexcept;
    ~FacetCounter();
    /// Whether every match the spy saw had a packed value: false for a database (or some of
    /// its records) indexed before analysis 44, whose facets are then to be added from their
    /// own slots (add_unpacked).
    bool complete() const;
    /// For the records without a packed value: one spy per facet's own slot on `enquire`, whose
    /// match (of those records only: records written since 2026-12-07 have only the packed
    /// value, and those of analysis 44 and 45 before then have both) the caller runs next. facets()
    /// adds what they count to what the packed spy counted.
    void add_unpacked(Xapian::Enquire& enquire);
    /// The counts, at most `limit` values per facet, each multiplied by `scale` (rounded, and
    /// at least 1) when the spies saw a sample of the matches.
    std::vector<Facet> facets(std::size_t limit, double scale = 1.0) const;
    /// How many matching records the packed spy saw.
    Xapian::doccount seen() const;

  private:
    /// On schema::facets_slot, unless the packed values are read through a FacetValueCache.
    std::unique_ptr<Xapian::ValueCountMatchSpy> packed_;
    std::unique_ptr<CachedFacetSpy> cached_;
    /// add_unpacked's: one per facet, in facet_slots' order.
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> unpacked_;
};

}  // namespace polsearch
