// What each part of a query costs Xapian's match. For each query of a file: the query as
// polsearch builds it (QueryBuilder, terms absent from the database left out as Searcher
// leaves them out), matched on one local database for the top N (10) hits, the best time of
// several rounds per query; then the same with one part changed:
//
//   as built     sorted by relevance, ties by the id value (Searcher::run)
//   docid ties   ties in document-number order (Xapian's default sort)
//   no all-words without the OP_AND of the words, OR-ed in beside them, that doubles a
//                record's weights when it has every word
//   no proximity without the OP_NEAR pairs of the proximity bonus
//   no bonus     without either (what the words alone cost)
//   bonus as AND_MAYBE  the OP_AND as a part of an OP_AND_MAYBE over the words instead, as
//                before 2026-12-07: the same weights for every record
//   rescored top 100, top 50  the top 100 (50) by the words alone, then the query as built
//                over those records only (OP_FILTER by their id terms), as Lucene rescores
//   check top only  Xapian asked to check only the top N, not exact_total_limit records (the
//                total would be exact less often)
//   all-words cutoff  the top N among the records with every word first (the query as built,
//                OP_FILTER-ed by the all-words OP_AND: the same weights), then the whole query
//                with the last one's weight as Xapian's weight cutoff, which prunes from the
//                first record on (the total would have to be counted apart)
//
// For each variant: p50, p99 and mean ms of the match alone (Enquire::get_mset; no hit data,
// snippets or facets), and how many queries got other hits or another order than as built.
// The query time's other parts are polsearch-query-latency's.
//
//   build/release/bench/polsearch-match-parts --db DB --queries bench/queries/ungd-queries.txt
//       [--rounds N] [--top N]
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "index/schema.h"
#include "polsearch/error.h"
#include "search/query_builder.h"
#include "search/searcher.h"

using namespace polsearch;

namespace {

enum class Part {
    as_built,
    docid_ties,
    no_all_words,
    no_proximity,
    no_bonus,
    bonus_as_and_maybe,
    rescored_100,
    rescored_50,
    check_top,
    all_words_cutoff
};

struct Variant {
    Part part;
    const char* name;
};

constexpr Variant variants[] = {
    {Part::as_built, "as built"},
    {Part::docid_ties, "docid ties"},
    {Part::no_all_words, "no all-words"},
    {Part::no_proximity, "no proximity"},
    {Part::no_bonus, "no bonus"},
    {Part::bonus_as_and_maybe, "bonus as AND_MAYBE"},
    {Part::rescored_100, "rescored top 100"},
    {Part::rescored_50, "rescored top 50"},
    {Part::check_top, "check top only"},
    {Part::all_words_cutoff, "all-words cutoff"},
};

// An Enquire as Searcher::run makes one: BM25 as polsearch weighs, ties by the id value.
Xapian::Enquire enquire_for(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_sort_by_relevance_then_value(schema::id_slot, false);
    enquire.set_weighting_scheme(Xapian::BM25Weight(schema::bm25_k1, 0, 1, schema::bm25_b, 0.5));
    return enquire;
}

// The top `depth` records by the words alone (no bonus), then the query as built over those
// records only (an OP_FILTER by their id terms): the bonuses weighed for `depth` records, not
// for every record that has a word. What Lucene's rescoring does.
Xapian::MSet rescored(const Xapian::Database& db, const Xapian::Query& query,
                      const Xapian::Query& words, Xapian::doccount depth, Xapian::doccount top) {
    const Xapian::MSet first =
        enquire_for(db, words).get_mset(0, depth, std::max(exact_total_limit, depth));
    std::vector<std::string> ids;
    for (auto it = first.begin(); it != first.end(); ++it)
        ids.push_back(schema::id_term(it.get_sort_key()));
    const Xapian::Query among(Xapian::Query::OP_OR, ids.begin(), ids.end());
    return enquire_for(db, Xapian::Query(Xapian::Query::OP_FILTER, query, among)).get_mset(0, top);
}

std::vector<Xapian::Query> subqueries(const Xapian::Query& query) {
    std::vector<Xapian::Query> out;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        out.push_back(query.get_subquery(i));
    return out;
}

// Whether `words` (an OP_OR) ends with the all-words bonus: an OP_AND of its other parts.
bool ends_with_all_words(const std::vector<Xapian::Query>& words) {
    if (words.size() < 3 || words.back().get_type() != Xapian::Query::OP_AND) return false;
    for (const Xapian::Query& part : subqueries(words.back())) {
        const std::string description = part.get_description();
        if (std::none_of(words.begin(), words.end() - 1, [&](const Xapian::Query& word) {
                return word.get_description() == description;
            }))
            return false;
    }
    return true;
}

// The query with `part` changed where QueryBuilder's combine puts the bonuses (the words'
// OP_OR ending with the OP_AND of all words, under an OP_AND_MAYBE with the proximity pairs
// under OP_SCALE_WEIGHT), and in the operators above them (filters, exclusions, expansions).
Xapian::Query changed(const Xapian::Query& query, Part part) {
    using Q = Xapian::Query;
    const Q::op type = query.get_type();
    std::vector<Q> parts = subqueries(query);
    if (parts.empty()) return query;
    const bool drop_all = part == Part::no_all_words || part == Part::no_bonus;
    const bool drop_near = part == Part::no_proximity || part == Part::no_bonus;
    if (type == Q::OP_OR && ends_with_all_words(parts)) {
        Q all = parts.back();
        parts.pop_back();
        for (auto& each : parts) each = changed(each, part);
        Q words(Q::OP_OR, parts.begin(), parts.end());
        if (drop_all) return words;
        if (part == Part::bonus_as_and_maybe) return Q(Q::OP_AND_MAYBE, words, all);
        parts.push_back(all);
        return Q(Q::OP_OR, parts.begin(), parts.end());
    }
    if (type == Q::OP_AND_MAYBE) {
        std::vector<Q> kept{changed(parts.front(), part)};
        if (part == Part::bonus_as_and_maybe && kept.front().get_type() == Q::OP_AND_MAYBE) {
            // One OP_AND_MAYBE of the words, all words and the pairs, as it was built.
            const std::vector<Q> inner = subqueries(kept.front());
            kept = inner;
        }
        for (std::size_t i = 1; i < parts.size(); ++i) {
            if (drop_near && parts[i].get_type() == Q::OP_SCALE_WEIGHT) continue;
            kept.push_back(changed(parts[i], part));
        }
        if (kept.size() == 1) return kept.front();
        return Q(Q::OP_AND_MAYBE, kept.begin(), kept.end());
    }
    if (type == Q::OP_OR || type == Q::OP_AND || type == Q::OP_AND_NOT || type == Q::OP_FILTER) {
        for (auto& each : parts) each = changed(each, part);
        return Q(type, parts.begin(), parts.end());
    }
    return query;  // leaves, synonyms, phrases, scaled expansions: as built
}

// The all-words bonus's OP_AND (the last part of the words' OP_OR), wherever combine put it;
// empty when the query has none.
Xapian::Query all_words_of(const Xapian::Query& query) {
    std::vector<Xapian::Query> parts = subqueries(query);
    if (query.get_type() == Xapian::Query::OP_OR && ends_with_all_words(parts)) return parts.back();
    if (query.get_type() == Xapian::Query::OP_SCALE_WEIGHT) return {};
    for (const Xapian::Query& part : parts) {
        Xapian::Query all = all_words_of(part);
        if (!all.empty()) return all;
        if (query.get_type() != Xapian::Query::OP_AND_MAYBE &&
            query.get_type() != Xapian::Query::OP_FILTER &&
            query.get_type() != Xapian::Query::OP_AND_NOT)
            continue;
        break;  // only the first (weighted) part of these
    }
    return {};
}

// The top `top` among the records with every word first (the query as built, filtered by the
// all-words OP_AND: the same weights), then the whole query with the weight of the last of
// them as Xapian's weight cutoff, which prunes from the first record on.
Xapian::MSet all_words_cutoff(const Xapian::Database& db, const Xapian::Query& query,
                              Xapian::doccount top) {
    const Xapian::Query all = all_words_of(query);
    double cutoff = 0;
    if (!all.empty()) {
        const Xapian::MSet first =
            enquire_for(db, Xapian::Query(Xapian::Query::OP_FILTER, query, all)).get_mset(0, top);
        if (first.size() == top) cutoff = first[top - 1].get_weight() * (1 - 1e-9);
    }
    Xapian::Enquire enquire = enquire_for(db, query);
    if (cutoff > 0) enquire.set_cutoff(0, cutoff);
    return enquire.get_mset(0, top, std::max(exact_total_limit, top));
}

struct Timed {
    double ms = 0;
    std::vector<std::pair<Xapian::docid, double>> hits;
};

double percentile(std::vector<double> values, double share) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(share * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    std::string db_path;
    std::string queries_path;
    int rounds = 5;
    Xapian::doccount top = 10;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc)
            db_path = argv[++i];
        else if (arg == "--queries" && i + 1 < argc)
            queries_path = argv[++i];
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--top" && i + 1 < argc)
            top = static_cast<Xapian::doccount>(std::max(1, std::atoi(argv[++i])));
        else {
            std::cerr << "usage: polsearch-match-parts --db DB --queries FILE [--rounds N] "
                         "[--top N]\n";
            return 2;
        }
    }
    if (db_path.empty() || queries_path.empty()) {
        std::cerr << "polsearch-match-parts: --db and --queries are needed\n";
        return 2;
    }
    try {
        Xapian::Database db(db_path);
        std::ifstream in(queries_path);
        if (!in) {
            std::cerr << "polsearch-match-parts: cannot read " << queries_path << "\n";
            return 1;
        }
        QueryBuilder builder;
        builder.set_term_filter([&](const std::string& term) { return db.term_exists(term); });
        std::vector<Xapian::Query> built;
        std::string line;
        std::size_t failed = 0;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            try {
                built.push_back(builder.build(line).query);
            } catch (const Error&) {
                ++failed;  // a query that cannot be parsed is not timed
            }
        }
        const std::size_t count = sizeof(variants) / sizeof(variants[0]);
        // best[v][q]: the best time and the hits of query q in variant v.
        std::vector<std::vector<Timed>> best(count, std::vector<Timed>(built.size()));
        for (int round = 0; round < rounds; ++round) {
            for (std::size_t v = 0; v < count; ++v) {
                for (std::size_t q = 0; q < built.size(); ++q) {
                    const Part part = variants[v].part;
                    // The match alone: Enquire's set-up is not timed.
                    auto start = std::chrono::steady_clock::now();
                    Xapian::MSet matches;
                    if (part == Part::all_words_cutoff) {
                        matches = all_words_cutoff(db, built[q], top);
                    } else if (part == Part::rescored_100 || part == Part::rescored_50) {
                        matches = rescored(db, built[q], changed(built[q], Part::no_bonus),
                                           part == Part::rescored_100 ? 100 : 50, top);
                    } else {
                        Xapian::Enquire enquire = enquire_for(db, changed(built[q], part));
                        if (part == Part::docid_ties) enquire.set_sort_by_relevance();
                        start = std::chrono::steady_clock::now();
                        matches = enquire.get_mset(
                            0, top,
                            part == Part::check_top ? top : std::max(exact_total_limit, top));
                    }
                    const double ms = std::chrono::duration<double, std::milli>(
                                          std::chrono::steady_clock::now() - start)
                                          .count();
                    Timed& timed = best[v][q];
                    if (round == 0 || ms < timed.ms) timed.ms = ms;
                    if (round == 0) {
                        for (auto it = matches.begin(); it != matches.end(); ++it)
                            timed.hits.emplace_back(*it, it.get_weight());
                    }
                }
            }
        }
        std::printf(
            "%zu queries (%zu not parsed), top %u, the best of %d rounds each, %u records\n",
            built.size(), failed, top, rounds, db.get_doccount());
        std::printf("%-18s %9s %9s %9s  %s\n", "variant", "p50 ms", "p99 ms", "mean ms",
                    "queries with other hits or order");
        for (std::size_t v = 0; v < count; ++v) {
            std::vector<double> ms;
            double sum = 0;
            std::size_t other = 0;
            for (std::size_t q = 0; q < built.size(); ++q) {
                ms.push_back(best[v][q].ms);
                sum += best[v][q].ms;
                const auto& a = best[0][q].hits;
                const auto& b = best[v][q].hits;
                bool same = a.size() == b.size();
                for (std::size_t i = 0; same && i < a.size(); ++i)
                    same = a[i].first == b[i].first &&
                           std::abs(a[i].second - b[i].second) <= 1e-9 * std::abs(a[i].second);
                if (!same) ++other;
            }
            std::printf("%-18s %9.3f %9.3f %9.3f  %zu\n", variants[v].name, percentile(ms, 0.5),
                        percentile(ms, 0.99), built.empty() ? 0.0 : sum / double(built.size()),
                        other);
        }
    } catch (const Xapian::Error& error) {
        std::cerr << "polsearch-match-parts: " << error.get_description() << "\n";
        return 1;
    }
    return 0;
}
