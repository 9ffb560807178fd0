#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "index/schema.h"
#include "polsearch/error.h"
#include "polsearch/language.h"
#include "text/date.h"
#include "text/normalizer.h"

namespace polsearch {
namespace {

// How a facet's values are counted: as they are (a year), by their normalised form (a journal
// written in two ways counts once), or each item of a list by its normalised form.
enum class Keyed { as_is, normalised, items };

struct FacetSlot {
    const char* name;
    Xapian::valueno slot;
    Keyed keyed;
};
// In schema::packed_facet_slots' order, which is that of the values in schema::facets_slot.
constexpr FacetSlot facet_slots[] = {
    {"year", schema::year_text_slot, Keyed::as_is},
    {"language", schema::languages_slot, Keyed::items},
    {"journal", schema::journal_slot, Keyed::normalised},
    {"section", schema::section_slot, Keyed::normalised},
    {"keyword", schema::keywords_slot, Keyed::items},
    {"author", schema::authors_slot, Keyed::items},
};
constexpr bool packed_in_order() {
    if (std::size(facet_slots) != std::size(schema::packed_facet_slots)) return false;
    for (std::size_t i = 0; i < std::size(facet_slots); ++i) {
        if (facet_slots[i].slot != schema::packed_facet_slots[i]) return false;
    }
    return true;
}
static_assert(packed_in_order());

// Calls `each(shown, key)` for every item of one facet's value as its own slot holds it.
template <class Each>
void each_item(std::size_t facet, const std::string& value, Each&& each) {
    if (value.empty()) return;
    switch (facet_slots[facet].keyed) {
        case Keyed::as_is:
            each(value, value);
            break;
        case Keyed::normalised:
            each(value, normalize_word(value));
            break;
        case Keyed::items:
            for (const auto& item : split_facet_items(value)) each(item, normalize_word(item));
            break;
    }
}

// Calls `each(facet, value)` for the six values of a schema::facets_slot value, in
// schema::packed_facet_slots' order; an empty one left out.
template <class Each>
void each_packed(const std::string& packed, Each&& each) {
    std::size_t from = 0;
    for (std::size_t facet = 0; facet < std::size(facet_slots); ++facet) {
        const std::size_t to =
            std::min(packed.find(schema::facet_value_separator, from), packed.size());
        if (to > from) each(facet, packed.substr(from, to - from));
        from = std::min(to + 1, packed.size());
    }
}

// Counts by a key, showing the commonest written form of each key.
class Tally {
  public:
    void add(const std::string& shown, const std::string& key, std::size_t count) {
        Entry& entry = entries_[key];
        entry.count += count;
        std::size_t& form = entry.forms[shown];
        form += count;
        if (form > entry.best_count || (form == entry.best_count && shown < entry.shown)) {
            entry.best_count = form;
            entry.shown = shown;
        }
    }
    std::vector<FacetValue> values() const {
        std::vector<FacetValue> out;
        for (const auto& [key, entry] : entries_) out.push_back({entry.shown, entry.count});
        return out;
    }

  private:
    struct Entry {
        std::size_t count = 0;
        std::map<std::string, std::size_t> forms;
        std::string shown;
        std::size_t best_count = 0;
    };
    std::map<std::string, Entry> entries_;
};

}  // namespace

const std::vector<std::string>& facet_names() {
    static const std::vector<std::string> names = {"year",    "decade",  "language", "journal",
                                                   "section", "keyword", "author"};
    return names;
}

Xapian::Query facet_filter(std::string_view field, std::string_view value) {
    const std::string text(value);
    if (text.empty()) throw FilterError(std::string(field), "needs a value");
    if (field == "year") {
        if (!is_year(text))
            throw FilterError("year", "needs a four-digit year, not '" + text + "'");
        return Xapian::Query(schema::boolean_term(schema::year_prefix, text));
    }
    if (field == "decade") {
        std::string decade = text;
        if (!decade.empty() && decade.back() == 's') decade.pop_back();
        if (!is_year(decade) || decade.back() != '0') {
            throw FilterError("decade", "needs a decade such as 1990s, not '" + text + "'");
        }
        std::vector<Xapian::Query> years;
        for (int i = 0; i < 10; ++i) {
            years.emplace_back(
                schema::boolean_term(schema::year_prefix, std::to_string(std::stoi(decade) + i)));
        }
        return Xapian::Query(Xapian::Query::OP_OR, years.begin(), years.end());
    }
    if (field == "language") {
        const auto language = parse_language(text);
        if (!language) throw FilterError("language", "needs en, ru or kk, not '" + text + "'");
        return Xapian::Query(
            schema::boolean_term(schema::language_prefix, language_code(*language)));
    }
    const std::string key = normalize_word(text);
    if (field == "journal") return Xapian::Query(schema::boolean_term(schema::journal_prefix, key));
    if (field == "section") return Xapian::Query(schema::boolean_term(schema::section_prefix, key));
    if (field == "keyword")
        return Xapian::Query(schema::boolean_term(schema::whole_keyword_prefix, key));
    if (field == "author")
        return Xapian::Query(schema::boolean_term(schema::whole_author_prefix, key));
    throw FilterError(
        "", "unknown field '" + std::string(field) +
                "' (expected year, decade, language, journal, section, keyword or author)");
}

const FacetValueCache::Value* FacetValueCache::value(const Xapian::Document& document) {
    const Xapian::docid docid = document.get_docid();
    if (docid > max_docid) return nullptr;
    {
        std::lock_guard lock(mutex_);
        if (docid < by_docid_.size()) {
            if (const std::uint32_t known = by_docid_[docid]) return &values_[known - 1];
        }
        if (bytes_ > max_bytes) return nullptr;
    }
    // Read while other threads use the cache.
    std::string packed = document.get_value(schema::facets_slot);
    std::lock_guard lock(mutex_);
    ++reads_;
    if (docid >= by_docid_.size())
        by_docid_.resize(std::max<std::size_t>(docid + 1, by_docid_.size() * 2), 0);
    if (const std::uint32_t known = by_docid_[docid]) return &values_[known - 1];  // meanwhile
    auto [number, added] =
        value_numbers_.try_emplace(packed, static_cast<std::uint32_t>(values_.size()));
    if (added) {
        Value& value = values_.emplace_back();
        value.empty = packed.empty();
        each_packed(packed, [&](std::size_t facet, const std::string& text) {
            each_item(facet, text, [&](const std::string& shown, const std::string& key) {
                const std::string name = std::to_string(facet) + ':' + shown;
                auto [item, new_item] =
                    item_numbers_.try_emplace(name, static_cast<std::uint32_t>(items_.size()));
                if (new_item) {
                    const std::string keyed = std::to_string(facet) + ':' + key;
                    auto [key_number, new_key] =
                        key_numbers_.try_emplace(keyed, static_cast<std::uint32_t>(keys_.size()));
                    if (new_key) keys_.push_back(key);
                    items_.push_back({facet, shown, key_number->second});
                    bytes_ += name.size() + shown.size() + 2 * keyed.size() + sizeof(Item) + 128;
                }
                value.items.push_back(item->second);
            });
        });
        bytes_ += packed.size() + sizeof(Value) + value.items.size() * sizeof(std::uint32_t) + 64;
    }
    by_docid_[docid] = number->second + 1;
    return &values_[number->second];
}

bool FacetValueCache::full() const {
    std::lock_guard lock(mutex_);
    return bytes_ > max_bytes;
}

std::size_t FacetValueCache::reads() const {
    std::lock_guard lock(mutex_);
    return reads_;
}

std::shared_ptr<FacetValueCache> SharedFacetValueCache::at(const std::string& uuid,
                                                           Xapian::rev revision) {
    std::lock_guard lock(mutex_);
    // An older revision of the held database (a searcher that read it before the latest
    // commit): a cache of its own for this count, so that the newer one stays warm.
    if (cache_ && uuid == uuid_ && revision < revision_) return std::make_shared<FacetValueCache>();
    if (!cache_ || uuid != uuid_ || revision != revision_ || cache_->full()) {
        cache_ = std::make_shared<FacetValueCache>();
        uuid_ = uuid;
        revision_ = revision;
    }
    return cache_;
}

// Counts each distinct packed value of the matches, through a FacetValueCache.
class CachedFacetSpy : public Xapian::MatchSpy {
  public:
    explicit CachedFacetSpy(std::shared_ptr<FacetValueCache> cache) : cache_(std::move(cache)) {}

    void operator()(const Xapian::Document& document, double) override {
        ++seen_;
        if (const FacetValueCache::Value* value = cache_->value(document)) {
            values_.push_back(value);
            if (value->empty) complete_ = false;
        } else {
            std::string packed = document.get_value(schema::facets_slot);
            if (packed.empty()) complete_ = false;
            ++uncached_[std::move(packed)];
        }
    }

    const FacetValueCache& cache() const { return *cache_; }
    Xapian::doccount seen() const { return seen_; }
    /// Whether every match had a packed value.
    bool complete() const { return complete_; }
    /// The values of the matches the cache kept, one a match.
    const std::vector<const FacetValueCache::Value*>& values() const { return values_; }
    /// The packed values of the matches the cache did not keep.
    const std::unordered_map<std::string, std::size_t>& uncached() const { return uncached_; }

  private:
    std::shared_ptr<FacetValueCache> cache_;
    Xapian::doccount seen_ = 0;
    bool complete_ = true;
    std::vector<const FacetValueCache::Value*> values_;
    std::unordered_map<std::string, std::size_t> uncached_;
};

FacetCounter::FacetCounter(Xapian::Enquire& enquire, std::shared_ptr<FacetValueCache> cache) {
    if (cache) {
        cached_ = std::make_unique<CachedFacetSpy>(std::move(cache));
        enquire.add_matchspy(cached_.get());
        return;
    }
    packed_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::facets_slot);
    enquire.add_matchspy(packed_.get());
}

FacetCounter::FacetCounter(FacetCounter&&) noexcept = default;
FacetCounter& FacetCounter::operator=(FacetCounter&&) noexcept = default;
FacetCounter::~FacetCounter() = default;

void FacetCounter::add_unpacked(Xapian::Enquire& enquire) {
    for (const FacetSlot& facet : facet_slots) {
        unpacked_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet.slot));
        enquire.add_matchspy(unpacked_.back().get());
    }
}

bool FacetCounter::complete() const {
    if (cached_) return cached_->complete();
    Xapian::doccount valued = 0;
    for (auto it = packed_->values_begin(); it != packed_->values_end(); ++it)
        valued += it.get_termfreq();
    return valued >= packed_->get_total();
}

Xapian::doccount FacetCounter::seen() const {
    return cached_ ? cached_->seen() : packed_->get_total();
}

std::vector<Facet> FacetCounter::facets(std::size_t limit, double scale) const {
    std::vector<Tally> tallies(std::size(facet_slots));
    std::vector<std::vector<FacetValue>> kept(std::size(facet_slots));  // counted already
    // Each facet's values and their counts: from its own spy, or split out of the packed
    // values (one a record). Summed before they are tallied, so that a value many records
    // share (a year, a journal, an author list) is split and normalised once.
    std::vector<std::unordered_map<std::string, std::size_t>> values(std::size(facet_slots));
    const auto add_packed = [&](const std::string& packed, std::size_t count) {
        each_packed(packed, [&](std::size_t facet, const std::string& value) {
            values[facet][value] += count;
        });
    };
    if (cached_) {
        // Split and normalised already: the count of each item.
        const FacetValueCache& cache = cached_->cache();
        const auto lock = cache.lock();  // other searchers may be adding items and keys
        std::vector<std::size_t> items(cache.items());
        for (const FacetValueCache::Value* value : cached_->values())
            for (const std::uint32_t item : value->items) ++items[item];
        if (cached_->uncached().empty() && unpacked_.empty()) {
            // Each key's count, shown in its commonest form, as Tally does (without it: a
            // search may see a few thousand distinct items).
            std::vector<std::size_t> totals(cache.keys());
            constexpr std::uint32_t none = ~std::uint32_t(0);
            std::vector<std::uint32_t> forms(cache.keys(), none);
            for (std::uint32_t number = 0; number < items.size(); ++number) {
                if (items[number] == 0) continue;
                const FacetValueCache::Item& item = cache.item(number);
                totals[item.key] += items[number];
                std::uint32_t& form = forms[item.key];
                if (form == none || items[number] > items[form] ||
                    (items[number] == items[form] && item.shown < cache.item(form).shown)) {
                    form = number;
                }
            }
            for (std::uint32_t key = 0; key < totals.size(); ++key) {
                if (totals[key] == 0) continue;
                const FacetValueCache::Item& item = cache.item(forms[key]);
                kept[item.facet].push_back({item.shown, totals[key]});
            }
        } else {  // tallied with the values read beside the cache
            for (std::uint32_t number = 0; number < items.size(); ++number) {
                if (items[number] == 0) continue;
                const FacetValueCache::Item& item = cache.item(number);
                tallies[item.facet].add(item.shown, cache.key(item.key), items[number]);
            }
        }
        for (const auto& [packed, count] : cached_->uncached()) add_packed(packed, count);
    } else {
        for (auto it = packed_->values_begin(); it != packed_->values_end(); ++it)
            add_packed(*it, it.get_termfreq());
    }
    for (std::size_t i = 0; i < unpacked_.size(); ++i) {
        for (auto it = unpacked_[i]->values_begin(); it != unpacked_[i]->values_end(); ++it)
            values[i][*it] += it.get_termfreq();
    }
    std::map<std::string, std::vector<FacetValue>> counted;
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (const auto& entry : values[i]) {
            const std::size_t count = entry.second;  // (clang cannot capture a binding)
            each_item(i, entry.first, [&](const std::string& shown, const std::string& key) {
                tallies[i].add(shown, key, count);
            });
        }
        std::vector<FacetValue> counts = tallies[i].values();
        counts.insert(counts.end(), kept[i].begin(), kept[i].end());
        counted[facet_slots[i].name] = std::move(counts);
    }
    // Decades from years.
    Tally decades;
    for (const auto& year : counted["year"]) {
        if (is_year(year.value)) {
            const std::string decade = year.value.substr(0, 3) + "0s";
            decades.add(decade, decade, year.count);
        }
    }
    counted["decade"] = decades.values();

    std::vector<Facet> facets;
    for (const auto& name : facet_names()) {
        Facet facet{name, counted[name]};
        if (scale != 1.0) {
            for (FacetValue& value : facet.values) {
                value.count = std::max<std::size_t>(
                    1, static_cast<std::size_t>(
                           std::llround(static_cast<double>(value.count) * scale)));
            }
        }
        const bool by_time = name == "year" || name == "decade";
        std::sort(facet.values.begin(), facet.values.end(),
                  [&](const FacetValue& a, const FacetValue& b) {
                      if (by_time) return a.value > b.value;
                      if (a.count != b.count) return a.count > b.count;
                      return a.value < b.value;
                  });
        if (facet.values.size() > limit) facet.values.resize(limit);
        facets.push_back(std::move(facet));
    }
    return facets;
}

}  // namespace polsearch
