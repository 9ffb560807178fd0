#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <map>
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

FacetCounter::FacetCounter(Xapian::Enquire& enquire, bool packed) {
    const auto spy_on = [&](Xapian::valueno slot) {
        spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        enquire.add_matchspy(spies_.back().get());
    };
    if (packed) {
        spy_on(schema::facets_slot);
        return;
    }
    for (const FacetSlot& facet : facet_slots) spy_on(facet.slot);
}

bool FacetCounter::complete() const {
    if (spies_.size() != 1) return true;
    Xapian::doccount valued = 0;
    const Xapian::ValueCountMatchSpy& spy = *spies_.front();
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) valued += it.get_termfreq();
    return valued >= spy.get_total();
}

Xapian::doccount FacetCounter::seen() const {
    return spies_.empty() ? 0 : spies_.front()->get_total();
}

std::vector<Facet> FacetCounter::facets(std::size_t limit, double scale) const {
    // Each facet's values and their counts: from its own spy, or split out of the packed
    // values (one a record). Summed before they are tallied, so that a value many records
    // share (a year, a journal, an author list) is split and normalised once.
    std::vector<std::unordered_map<std::string, std::size_t>> values(std::size(facet_slots));
    const bool packed = spies_.size() == 1;
    for (std::size_t i = 0; i < spies_.size(); ++i) {
        for (auto it = spies_[i]->values_begin(); it != spies_[i]->values_end(); ++it) {
            const std::string value = *it;
            const std::size_t count = it.get_termfreq();
            if (!packed) {
                values[i][value] += count;
                continue;
            }
            // The six values of schema::facets_slot, in schema::packed_facet_slots' order.
            std::size_t from = 0;
            for (auto& facet_values : values) {
                const std::size_t to =
                    std::min(value.find(schema::facet_value_separator, from), value.size());
                if (to > from) facet_values[value.substr(from, to - from)] += count;
                from = std::min(to + 1, value.size());
            }
        }
    }
    std::map<std::string, std::vector<FacetValue>> counted;
    for (std::size_t i = 0; i < values.size(); ++i) {
        Tally tally;
        for (const auto& [value, count] : values[i]) {
            if (value.empty()) continue;
            switch (facet_slots[i].keyed) {
                case Keyed::as_is:
                    tally.add(value, value, count);
                    break;
                case Keyed::normalised:
                    tally.add(value, normalize_word(value), count);
                    break;
                case Keyed::items:
                    for (const auto& item : split_facet_items(value))
                        tally.add(item, normalize_word(item), count);
                    break;
            }
        }
        counted[facet_slots[i].name] = tally.values();
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
