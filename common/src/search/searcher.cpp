#include "search/searcher.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <tuple>

#include "analysis/analyzer.h"
#include "analysis/dictionary.h"
#include "formats/record_io.h"
#include "index/record_data.h"
#include "index/remote_documents.h"
#include "index/schema.h"
#include "index/stub.h"
#include "kazakh/kazakh_script.h"
#include "kazakh/kazakh_stemmer.h"
#include "polsearch/error.h"
#include "search/despite_commits.h"
#include "search/facets.h"
#include "search/snippet.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace polsearch {

Searcher::Searcher(const std::string& path, const Thesaurus* thesaurus,
                   const SearcherOptions& options,
                   std::shared_ptr<SharedFacetValueCache> facet_cache)
    : path_(path),
      options_(options),
      facet_cache_(facet_cache ? std::move(facet_cache)
                               : std::make_shared<SharedFacetValueCache>()),
      builder_(thesaurus) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        throw DatabaseError("no database at '" + path +
                            "' (build one with polsearch-index, or run scripts/demo)");
    }
    open();
    builder_.set_term_filter([this](const std::string& term) { return term_exists(term); });
    // The inflected forms of a quoted phrase's words: among the first few hundred words of the
    // database under the prefix the word and its stem share (one round trip per remote shard).
    // Kept for the search under way: learn_query_terms builds the query once before the real
    // build, and each would list them again (over a remote shard, all the words under the
    // prefix come in one reply, however few are taken).
    builder_.set_word_terms([this](const std::string& prefix) {
        const auto known = words_known_.find(prefix);
        if (known != words_known_.end()) return known->second;
        constexpr std::size_t max_words = 300;
        std::vector<std::string> words;
        for (auto it = database_.allterms_begin(prefix);
             it != database_.allterms_end(prefix) && words.size() < max_words; ++it)
            words.push_back(*it);
        words_known_.emplace(prefix, words);
        return words;
    });
}

namespace {

/// Milliseconds between laps.
class Stopwatch {
  public:
    double lap() {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
        last_ = now;
        return ms;
    }

  private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The identity of a file or folder: changes when another takes its name.
std::pair<dev_t, ino_t> identity(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return {0, 0};
    return {status.st_dev, status.st_ino};
}

}  // namespace

bool Searcher::replaced() const {
    for (const auto& [path, seen] : watched_)
        if (identity(path) != seen) return true;
    return false;
}

namespace {

/// A database being opened is opened afresh at each try (search/despite_commits.h).
constexpr auto nothing_more = [] {};

}  // namespace

void Searcher::open() {
    missing_.clear();
    shards_.clear();
    locations_.clear();
    readers_.clear();
    has_remote_ = false;
    watched_.clear();
    const auto watch = [this](const std::string& path) {
        watched_.emplace_back(path, identity(path));
    };
    const std::string stub = stub_file(path_);
    if (stub.empty()) {
        watch(path_);
        try {
            database_ = despite_commits([&] { return Xapian::Database(path_); }, nothing_more);
        } catch (const Xapian::Error& failure) {
            throw DatabaseError("cannot open database '" + path_ +
                                "': " + failure.get_description());
        }
        return;
    }
    // The shards one by one, so that the one that fails can be named (and left out).
    Xapian::Database joined;
    std::size_t opened = 0;
    std::string first_failure;
    watch(stub);
    for (const ShardLocation& shard : read_stub(stub)) {
        if (shard.kind == ShardLocation::Kind::local) watch(shard.path);
        try {
            const Xapian::Database opened_shard =
                despite_commits([&] { return open_shard(shard, options_.timeouts); }, nothing_more);
            joined.add_database(opened_shard);
            ++opened;
            if (shard.kind == ShardLocation::Kind::remote) has_remote_ = true;
            shards_.push_back(shard.kind == ShardLocation::Kind::remote
                                  ? std::nullopt
                                  : std::optional<Xapian::Database>(opened_shard));
            locations_.push_back(shard);
        } catch (const Xapian::Error& failure) {
            const std::string message = "shard '" + shard.name + "' of database '" + path_ +
                                        "' cannot be read: " + failure.get_description();
            if (!options_.allow_partial) throw DatabaseError(message);
            if (first_failure.empty()) first_failure = message;
            missing_.push_back(shard.name);
        }
    }
    if (opened == 0) throw DatabaseError(std::string("no shard answers: ") + first_failure);
    database_ = joined;
    // The spelling of remote shards: the side database `spelling` beside the stub, which
    // polsearch-index --shards writes (Xapian 1.4's remote backend has no spelling table).
    spelling_.reset();
    const std::filesystem::path side = std::filesystem::path(stub).parent_path() / "spelling";
    std::error_code error;
    if (has_remote_ && std::filesystem::exists(side / "iamglass", error)) {
        try {
            spelling_.emplace(side.string());
        } catch (const Xapian::Error& failure) {
            throw DatabaseError("cannot open the spelling database '" + side.string() +
                                "': " + failure.get_description());
        }
    }
}

namespace {

// The piece of a text a snippet is cut from, analysed, with how many of its words match the
// query's own words and also the thesaurus labels it added.
struct SnippetSource {
    std::string_view piece;
    std::size_t begin = 0;  ///< where the piece starts in the text
    Analysis analysis;
    std::vector<const void*> matched;  ///< of the expanded terms (match_words)
    std::size_t own_matches = 0;
    std::size_t all_matches = 0;
};

// A long text is analysed a piece at a time, up to the first piece with a match (snippet.h);
// with none in the first snippet_max_pieces pieces, the snippet shows the beginning.
SnippetSource snippet_source(Analyzer& analyzer, std::string_view text, Language language,
                             const BuiltQuery& built, const SnippetScan& scan) {
    SnippetSource source;
    const auto count = [&] {
        source.own_matches = count_matches(source.analysis, source.piece, built.terms);
        source.matched = match_words(source.analysis, source.piece, built.expanded_terms);
        source.all_matches = count_matched(source.matched);
    };
    // A long text: only the part where the scan finds the query's words, when it has some.
    if (const auto part = scan.part(text, language)) {
        source.begin = part->first;
        source.piece = text.substr(part->first, part->second);
        source.analysis = analyzer.analyze(source.piece, language);
        count();
        if (source.all_matches > 0) return source;
        source.begin = 0;
    }
    for (std::size_t pieces = 1;; ++pieces) {
        source.piece = snippet_piece(text, source.begin);
        source.analysis = analyzer.analyze(source.piece, language);
        count();
        const bool last = source.begin + source.piece.size() >= text.size();
        if (source.all_matches > 0 || last) return source;
        if (pieces == snippet_max_pieces) break;
        source.begin += source.piece.size();
    }
    source.begin = 0;
    source.piece = snippet_piece(text, 0);
    source.analysis = analyzer.analyze(source.piece, language);
    source.matched.assign(source.analysis.words.size(), nullptr);
    return source;
}

// A word that a dictionary of its alphabet has is spelt right, though no record has it: the
// database's nearest word would ask another question (Польша is no misspelt Больше).
bool spelt_right(const std::string& word) {
    switch (script_of(word)) {
        case Script::cyrillic:
            return russian_or_kazakh_word(word);
        case Script::latin:
            return english_dictionary_has(word);
        default:
            return false;
    }
}

// The Cyrillic spellings that a word of Russian typed in Latin letters may stand for, the
// likelier first: "sila" is сила, "myagkaya" мягкая, "mygkaya" мыгкая or мйгкая. None for a
// word with other characters than a-z and an apostrophe (ь).
std::vector<std::string> russian_readings(const std::string& word) {
    // Longest first; a letter of several readings has them all (y: ы as in "sily", й as in
    // "novyi"), the first the commonest.
    static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> table = {
        {"shch", {"щ"}},     {"sch", {"щ"}}, {"zh", {"ж"}},       {"kh", {"х"}},     {"ts", {"ц"}},
        {"ch", {"ч"}},       {"sh", {"ш"}},  {"yu", {"ю"}},       {"ju", {"ю"}},     {"iu", {"ю"}},
        {"ya", {"я"}},       {"ja", {"я"}},  {"ia", {"ия", "я"}}, {"yo", {"е"}},     {"jo", {"е"}},
        {"ye", {"е", "ые"}}, {"a", {"а"}},   {"b", {"б"}},        {"c", {"ц", "к"}}, {"d", {"д"}},
        {"e", {"е", "э"}},   {"f", {"ф"}},   {"g", {"г"}},        {"h", {"х"}},      {"i", {"и"}},
        {"j", {"й"}},        {"k", {"к"}},   {"l", {"л"}},        {"m", {"м"}},      {"n", {"н"}},
        {"o", {"о"}},        {"p", {"п"}},   {"q", {"к"}},        {"r", {"р"}},      {"s", {"с"}},
        {"t", {"т"}},        {"u", {"у"}},   {"v", {"в"}},        {"w", {"в"}},      {"x", {"кс"}},
        {"y", {"ы", "й"}},   {"z", {"з"}},   {"'", {"ь"}}};
    constexpr std::size_t most = 64;  // readings of one word at most
    std::vector<std::string> readings = {""};
    std::size_t at = 0;
    while (at < word.size()) {
        const auto found = std::find_if(table.begin(), table.end(), [&](const auto& entry) {
            return word.compare(at, entry.first.size(), entry.first) == 0;
        });
        if (found == table.end()) return {};
        std::vector<std::string> longer;
        for (const std::string& reading : readings) {
            for (const std::string_view letters : found->second) {
                if (longer.size() < most) longer.push_back(reading + std::string(letters));
            }
        }
        readings = std::move(longer);
        at += found->first.size();
    }
    return readings;
}

// How many records have `word` (a spelling of the database's): Xapian 1.4 has no lookup of
// one word, so its spelling iterator.
Xapian::doccount spelling_frequency(const Xapian::Database& speller, const std::string& word) {
    Xapian::TermIterator spelling = speller.spellings_begin();
    spelling.skip_to(word);
    return spelling != speller.spellings_end() && *spelling == word ? spelling.get_termfreq() : 0;
}

// The Russian word of the database that a word typed in Latin letters stands for: a reading
// that the database has (the commonest; `exact`), else the database's nearest word to the
// first reading; "" when there is none.
std::string russian_word(const Xapian::Database& speller, const std::string& word, bool& exact) {
    const std::vector<std::string> readings = russian_readings(word);
    if (readings.empty()) return {};
    std::string best;
    Xapian::doccount best_frequency = 0;
    for (const std::string& reading : readings) {
        const Xapian::doccount frequency = spelling_frequency(speller, reading);
        if (frequency > best_frequency) {
            best = reading;
            best_frequency = frequency;
        }
    }
    exact = !best.empty();
    if (exact) return best;
    return speller.get_spelling_suggestion(readings.front(),
                                           utf8_length(readings.front()) <= 4 ? 1 : 2);
}

}  // namespace

std::vector<std::string> Searcher::hit_data(const Xapian::MSet& matches) {
    std::vector<std::string> data(matches.size());
    const std::size_t shards = shards_.size();
    if (!has_remote_ || matches.size() < 2 || shards == 0) {
        // (MSet::fetch() without arguments crashed on a page that does not start at the first
        // hit, in Xapian 1.4.22: the paging test.)
        if (matches.size() > 0) matches.fetch(matches.begin(), matches.end());
        std::size_t at = 0;
        for (auto it = matches.begin(); it != matches.end(); ++it)
            data[at++] = it.get_document().get_data();
        return data;
    }
    // Xapian 1.4's remote backend answers one document per round trip, in turn, even for
    // MSet::fetch() (RemoteDatabase::open_document waits for each): 10 hits from xapian-tcpsrv
    // would cost 10 round trips on one connection. Here each remote shard's hits are asked
    // for together on connections of their own (RemoteDocuments: one round trip each), each
    // of up to remote_readers connections reading every remote_readers-th hit of its shard,
    // so that the server reads them in as many processes at once; a local shard's hits are
    // read on this thread. Xapian numbers the documents of joined databases in turn: document
    // d is document (d - 1) / shards + 1 of shard (d - 1) % shards.
    readers_.resize(shards * remote_readers);  // connection `slot` of `shard`: shard * R + slot
    std::vector<std::vector<std::pair<std::size_t, Xapian::docid>>> work(readers_.size());
    std::vector<std::size_t> seen(shards, 0);
    std::size_t at = 0;
    for (auto it = matches.begin(); it != matches.end(); ++it, ++at) {
        const std::size_t shard = (*it - 1) % shards;
        const Xapian::docid local = (*it - 1) / static_cast<Xapian::docid>(shards) + 1;
        if (shards_[shard])
            data[at] = shards_[shard]->get_document(local).get_data();
        else
            work[shard * remote_readers + seen[shard]++ % remote_readers].emplace_back(at, local);
    }
    std::vector<std::exception_ptr> failures(work.size());
    const auto read = [&](std::size_t j) {
        try {
            std::unique_ptr<RemoteDocuments>& reader = readers_[j];
            if (!reader)
                reader = std::make_unique<RemoteDocuments>(locations_[j / remote_readers],
                                                           options_.timeouts);
            std::vector<Xapian::docid> docids;
            for (const auto& [index, docid] : work[j]) docids.push_back(docid);
            // At the latest revision, as the match read (the server reopens first).
            std::vector<std::string> read_data = reader->read(docids);
            for (std::size_t k = 0; k < work[j].size(); ++k)
                data[work[j][k].first] = std::move(read_data[k]);
        } catch (...) {
            failures[j] = std::current_exception();
        }
    };
    std::vector<std::size_t> busy;
    for (std::size_t j = 0; j < work.size(); ++j)
        if (!work[j].empty()) busy.push_back(j);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < busy.size(); ++i) threads.emplace_back(read, busy[i]);
    if (!busy.empty()) read(busy.front());
    for (auto& thread : threads) thread.join();
    for (const std::exception_ptr& failure : failures) {
        if (failure) {
            readers_.clear();  // opened again at the next search
            std::rethrow_exception(failure);
        }
    }
    return data;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& match, const std::string& data,
                       const BuiltQuery& built, Language shown, SearchTimes& times) {
    Stopwatch watch;
    Hit hit;
    hit.rank = match.get_rank() + 1;
    hit.score = match.get_weight();
    try {
        hit.record = decode_record(data);
    } catch (const std::exception& failure) {
        throw DatabaseError("database '" + path_ + "': document " + std::to_string(*match) +
                            " has unreadable data: " + failure.what());
    }
    const Record& record = hit.record;
    if (const LocalizedText* title = pick_version(record.title, shown, record.language)) {
        hit.title = title->text;
        hit.title_language = title->language;
    }
    times.hit_data += watch.lap();

    // The snippet comes from the abstract version that matched the query's own words most,
    // then its words and their thesaurus labels (a record found only in another language),
    // then the language shown (the query's unless asked otherwise), then the record's; without
    // an abstract, from the title.
    // Each version is analysed once (a long one up to its first matching piece).
    Analyzer& analyzer = builder_.analyzer();
    const auto& versions = record.abstract.empty() ? record.title : record.abstract;
    const LocalizedText* best = nullptr;
    SnippetSource best_source;
    std::tuple<std::size_t, std::size_t, int> best_rank{};
    const SnippetScan scan(built.expanded_terms);
    for (const auto& version : versions) {
        SnippetSource source =
            snippet_source(analyzer, version.text, version.language, built, scan);
        const int preference = version.language == shown             ? 2
                               : version.language == record.language ? 1
                                                                     : 0;
        const std::tuple<std::size_t, std::size_t, int> rank{source.own_matches, source.all_matches,
                                                             preference};
        if (!best || rank > best_rank) {
            best = &version;
            best_source = std::move(source);
            best_rank = rank;
        }
    }
    if (best) {
        hit.snippet_language = best->language;
        hit.snippet = make_snippet(best_source.analysis, best_source.piece, best_source.matched);
        place_in_text(hit.snippet, best_source.begin, best_source.piece.size(), best->text.size());
    }
    times.snippets += watch.lap();
    return hit;
}

Xapian::Query Searcher::filtered(const SearchRequest& request, const Xapian::Query& query) {
    if (request.filters.empty()) return query;
    std::vector<Xapian::Query> filters;
    for (const auto& [field, value] : request.filters)
        filters.push_back(facet_filter(field, value));
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
}

namespace {

/// The stem a term of the expand set stands for in every field ("ZSpolit", a title stem, is
/// "Zpolit"); empty for what feedback does not add: words (positional terms), boolean and
/// name terms, authors' stems, Kazakh search keys (the same words as their stems) and the
/// query's own stems.
class FeedbackDecider : public Xapian::ExpandDecider {
  public:
    explicit FeedbackDecider(const std::vector<std::string>& query_terms)
        : query_terms_(query_terms) {}

    static std::string stem_of(const std::string& term) {
        if (term.size() < 2 || term.compare(0, stem_prefix.size(), stem_prefix) != 0) return {};
        std::string stem = term;
        for (const auto& field : schema::text_fields) {
            if (!field.prefix.empty() &&
                std::string_view(stem).substr(stem_prefix.size()).starts_with(field.prefix)) {
                if (field.prefix == schema::author_prefix) return {};  // names, not subjects
                stem.erase(stem_prefix.size(), field.prefix.size());
                break;
            }
        }
        if (stem.size() <= stem_prefix.size() || stem[stem_prefix.size()] == '#') return {};
        return stem;
    }

    bool operator()(const std::string& term) const override {
        const std::string stem = stem_of(term);
        return !stem.empty() && !std::binary_search(query_terms_.begin(), query_terms_.end(), stem);
    }

  private:
    const std::vector<std::string>& query_terms_;  // sorted
};

}  // namespace

std::vector<std::string> Searcher::feedback_stems(const SearchRequest& request,
                                                  const BuiltQuery& built) {
    Xapian::Enquire enquire(database_);
    enquire.set_query(filtered(request, built.query));
    enquire.set_sort_by_relevance_then_value(schema::id_slot, false);
    enquire.set_weighting_scheme(Xapian::BM25Weight(schema::bm25_k1, 0, 1, schema::bm25_b, 0.5));
    const Xapian::MSet top =
        enquire.get_mset(0, static_cast<Xapian::doccount>(request.expand_from_top));
    if (top.empty()) return {};
    Xapian::RSet relevant;
    for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
    const FeedbackDecider decider(built.expanded_terms.terms);
    // A stem can come from several fields ("Zpolit", "ZSpolit"): more than needed, then
    // each stem once, the best first.
    const Xapian::ESet telling = enquire.get_eset(
        feedback_terms * static_cast<Xapian::termcount>(schema::text_fields.size()), relevant,
        &decider);
    std::vector<std::string> stems;
    for (auto it = telling.begin(); it != telling.end() && stems.size() < feedback_terms; ++it) {
        std::string stem = FeedbackDecider::stem_of(*it);
        if (std::find(stems.begin(), stems.end(), stem) == stems.end())
            stems.push_back(std::move(stem));
    }
    return stems;
}

SearchResult Searcher::run(const SearchRequest& request, const BuiltQuery& built) {
    Xapian::Enquire enquire(database_);
    enquire.set_query(filtered(request, built.query));
    // Equal scores in the order of the record ids, not of document numbers, which differ with
    // the number of threads and shards that wrote the database. Plain value sorts, not a
    // KeyMaker: the remote backend has none.
    switch (request.sort) {
        case SortOrder::relevance:
            enquire.set_sort_by_relevance_then_value(schema::id_slot, false);
            break;
        case SortOrder::date:
            // A record without a date has "~" there: after every date.
            enquire.set_sort_by_value_then_relevance(schema::date_sort_slot, false);
            break;
        case SortOrder::date_descending:
            // A record without a date has no value there: after every date.
            enquire.set_sort_by_value_then_relevance(schema::date_slot, true);
            break;
    }
    if (request.time_limit > 0) enquire.set_time_limit(request.time_limit);
    // The total is exact up to exact_total_limit matches and estimated above it, which lets
    // Xapian skip the records that cannot reach the page.
    const Xapian::doccount check_at_least = std::max<Xapian::doccount>(
        exact_total_limit, static_cast<Xapian::doccount>(request.offset + request.limit));
    enquire.set_weighting_scheme(Xapian::BM25Weight(schema::bm25_k1, 0, 1, schema::bm25_b, 0.5));
    Stopwatch watch;
    const Xapian::MSet matches =
        enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                         static_cast<Xapian::doccount>(request.limit), check_at_least);
    SearchResult result;
    result.times.match = watch.lap();
    result.query = request.query;
    result.query_language = built.language;
    result.offset = request.offset;
    result.total = matches.get_matches_estimated();
    result.total_exact = matches.get_matches_lower_bound() == matches.get_matches_upper_bound();
    const Language shown =
        request.language == Language::unknown ? built.language : request.language;
    // The hits' records: over remote shards on connections of their own at once (hit_data).
    const std::vector<std::string> data = hit_data(matches);
    result.times.hit_data = watch.lap();
    std::size_t at = 0;
    for (auto it = matches.begin(); it != matches.end(); ++it) {
        result.hits.push_back(make_hit(it, data[at++], built, shown, result.times));
        if (request.explain) result.hits.back().explanation = explain(it.get_document(), built);
    }
    if (request.facets) {
        watch.lap();
        // Over what the query matches, without the bonuses (BuiltQuery::matched), which
        // only add weight.
        count_facets(request,
                     filtered(request, built.matched.empty() ? built.query : built.matched),
                     result);
        result.times.facets = watch.lap();
    }
    watch.lap();
    result.did_you_mean = suggest(request.query, built);
    result.times.suggestion = watch.lap();
    return result;
}

void Searcher::count_facets(const SearchRequest& request, const Xapian::Query& query,
                            SearchResult& result) {
    // Every match when the total is exact (few match) or when asked; else the matches in as
    // many sample buckets (schema::sample_term) as hold about facet_sample_limit of them.
    const bool every = request.exact_facets || options_.facet_sample_limit == 0 ||
                       (result.total_exact && result.total <= options_.facet_sample_limit);
    unsigned buckets = schema::sample_buckets;
    if (!every) {
        const double share = static_cast<double>(options_.facet_sample_limit) /
                             static_cast<double>(std::max<std::size_t>(result.total, 1));
        buckets = static_cast<unsigned>(std::clamp(std::ceil(share * schema::sample_buckets), 1.0,
                                                   double(schema::sample_buckets)));
    }
    // A match of its own, without weights, by Xapian's own match spies (which a remote server
    // knows too); not beside the hits, since Xapian 1.4 counts some matches twice over remote
    // shards when the hits are sorted by a value.
    // The other buckets ride along unmatched (AND_MAYBE, no weight): Xapian then returns
    // every bucket's record count with the match, so that a database in which some records
    // have no bucket (indexed by an older version, and skipped as unchanged since) is seen.
    const auto sampled_query = [&](unsigned in_buckets) {
        if (in_buckets == schema::sample_buckets) return query;
        std::vector<Xapian::Query> sample;
        std::vector<Xapian::Query> others;
        for (unsigned b = 0; b < schema::sample_buckets; ++b)
            (b < in_buckets ? sample : others).emplace_back(schema::sample_term(b));
        return Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_OR, sample.begin(), sample.end())),
            Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()));
    };
    const auto enquire_for = [&](const Xapian::Query& counted) {
        Xapian::Enquire enquire(database_);
        enquire.set_query(counted);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (request.time_limit > 0) enquire.set_time_limit(request.time_limit);
        return enquire;
    };
    const auto count = [&](unsigned in_buckets) {
        Xapian::Enquire enquire = enquire_for(sampled_query(in_buckets));
        // The cache only on one local database: a spy sees each shard's own numbers.
        const bool one_local = shards_.empty() && !has_remote_;
        std::shared_ptr<FacetValueCache> cache;
        if (one_local) cache = facet_cache_->at(database_.get_uuid(), database_.get_revision());
        FacetCounter counter(enquire, std::move(cache));
        const Xapian::MSet matches = enquire.get_mset(0, 0, database_.get_doccount());
        const bool all_seen =
            matches.get_matches_lower_bound() == matches.get_matches_upper_bound() &&
            counter.seen() >= matches.get_matches_estimated();
        Xapian::doccount in_some_bucket = 0;
        if (in_buckets < schema::sample_buckets) {
            for (unsigned b = 0; b < schema::sample_buckets; ++b)
                in_some_bucket += matches.get_termfreq(schema::sample_term(b));
        }
        return std::tuple{std::move(counter), all_seen, matches.get_matches_estimated(),
                          in_some_bucket};
    };
    auto [counter, all_seen, counted, in_some_bucket] = count(buckets);
    if (buckets < schema::sample_buckets && in_some_bucket != database_.get_doccount()) {
        // Some records have no bucket: every match, then (polsearch-index --force gives
        // every record one).
        buckets = schema::sample_buckets;
        std::tie(counter, all_seen, counted, in_some_bucket) = count(buckets);
    }
    if (!counter.complete()) {
        // Records indexed before analysis 44 have no packed value: theirs from their own six
        // slots, in a match of those records only (a record written since 2026-12-07 has only
        // the packed value, one of analysis 44 or 45 written before then has both). A value of at
        // least "\0" is any value (an empty limit would be every record).
        Xapian::Enquire older = enquire_for(Xapian::Query(
            Xapian::Query::OP_AND_NOT, sampled_query(buckets),
            Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::facets_slot, std::string(1, '\0'))));
        counter.add_unpacked(older);
        (void)older.get_mset(0, 0, database_.get_doccount());
    }
    const bool sampled = buckets < schema::sample_buckets;
    result.facets_exact = !sampled && all_seen;
    result.facets = counter.facets(request.facet_limit,
                                   sampled ? double(schema::sample_buckets) / buckets : 1.0);
    if (!sampled && all_seen) {  // the count of every match is the exact total
        result.total = counted;
        result.total_exact = true;
    }
}

std::string Searcher::suggest(const std::string& query, const BuiltQuery& built) {
    try {
        const Xapian::Database& speller = spelling_ ? *spelling_ : database_;
        if (std::string russian = russian_suggestion(speller, query, built); !russian.empty())
            return russian;
        return word_suggestions(speller, query, built);
    } catch (const Xapian::UnimplementedError&) {
        return {};  // a remote database has no spelling table
    }
}

std::string Searcher::russian_suggestion(const Xapian::Database& speller, const std::string& query,
                                         const BuiltQuery& built) {
    // Russian typed in Latin letters ("mygkaya sila"): every word Latin and none English, and
    // some that match nothing as typed. Their Latin neighbours would change the question
    // ("mygkaya silk"), so the query is read in Cyrillic, every word of it, or not at all;
    // and not when the Latin neighbours mend every word and some Cyrillic reading needed
    // mending too (kazakstan is a misspelt Kazakhstan more likely than a Казахстан).
    bool unmatched = false;
    bool all_exact = true;
    bool latin_mends_all = true;
    std::vector<std::pair<const QueryWord*, std::string>> readings;
    for (const QueryWord& word : built.words) {
        if (word.is_number) continue;
        if (script_of(word.word) != Script::latin || english_dictionary_has(word.word)) return {};
        const auto matches = [&](const std::string& term) { return term_exists(term); };
        if (std::none_of(word.terms.begin(), word.terms.end(), matches)) {
            unmatched = true;
            const std::size_t letters = utf8_length(word.word);
            latin_mends_all =
                latin_mends_all && letters >= 3 &&
                !speller.get_spelling_suggestion(word.word, letters <= 4 ? 1 : 2).empty();
        }
        bool exact = false;
        std::string russian = russian_word(speller, word.word, exact);
        if (russian.empty()) return {};
        all_exact = all_exact && exact;
        readings.emplace_back(&word, std::move(russian));
    }
    if (!unmatched || readings.empty() || (latin_mends_all && !all_exact)) return {};
    std::string corrected;
    std::size_t copied = 0;
    for (const auto& [word, russian] : readings) {
        corrected.append(query, copied, word->begin - copied);
        corrected += starts_upper(query.substr(word->begin, word->end - word->begin))
                         ? title_case(russian)
                         : russian;
        copied = word->end;
    }
    return corrected.append(query, copied);
}

bool Searcher::matches_as_typed(const QueryWord& word) {
    // Among the word's own terms only, which the search has already asked about (over remote
    // shards, in the one pass of learn_query_terms): no round trip of its own.
    Analyzer& analyzer = builder_.analyzer();
    for (const Language language : {Language::ru, Language::kk}) {
        const std::string own = analyzer.match_term_in(word.word, language);
        if (std::find(word.terms.begin(), word.terms.end(), own) != word.terms.end() &&
            term_exists(own))
            return true;
    }
    return false;
}

std::string Searcher::word_suggestions(const Xapian::Database& speller, const std::string& query,
                                       const BuiltQuery& built) {
    // (word, its replacement, whether it matched as typed through its Kazakh spelling)
    std::vector<std::tuple<const QueryWord*, std::string, bool>> replacements;
    bool respelling_missing = false;
    for (const QueryWord& word : built.words) {
        if (word.is_number) continue;
        const auto matches = [&](const std::string& term) { return term_exists(term); };
        const bool matched = std::any_of(word.terms.begin(), word.terms.end(), matches);
        const std::size_t letters = utf8_length(word.word);
        if (letters < 3) continue;
        // A Cyrillic word that matches though the database does not have it as typed may have
        // been found through its Kazakh spelling (кұш, or куш on a Russian keyboard: күш):
        // then the database's spelling is shown, when it is the same word but for Kazakh
        // letters (the same search key). Not when it matched as typed, through its own
        // Russian lemma (организаций: организация) or Kazakh stem: it is another form of a
        // word the records have, spelt right. A word that matches nothing gets its nearest word
        // of the database unless a dictionary has it.
        if (matched && (script_of(word.word) != Script::cyrillic ||
                        spelling_frequency(speller, word.word) > 0 || matches_as_typed(word)))
            continue;
        if (!matched && spelt_right(word.word)) continue;
        // The Kazakh word of the same search key seen most in running text, when the database
        // has it (сырткы: сыртқы); else the nearest word: one edit for short words, where two
        // would reach too many other words.
        std::string suggestion = matched ? kazakh_cyrillic_word(word.word) : std::string();
        if (suggestion.empty() || spelling_frequency(speller, suggestion) == 0)
            suggestion = speller.get_spelling_suggestion(word.word, letters <= 4 ? 1 : 2);
        if (matched && kazakh_search_key(suggestion) != kazakh_search_key(word.word))
            suggestion.clear();  // another word than the one its Kazakh spelling found
        if (suggestion.empty() || suggestion == word.word) {
            respelling_missing = respelling_missing || matched;
            continue;
        }
        replacements.emplace_back(&word, std::move(suggestion), matched);
    }
    // Kazakh spellings all or none: half a query respelt reads as a mistake of its own.
    if (respelling_missing) {
        replacements.erase(std::remove_if(replacements.begin(), replacements.end(),
                                          [](const auto& entry) { return std::get<2>(entry); }),
                           replacements.end());
    }
    if (replacements.empty()) return {};
    std::string corrected;
    std::size_t copied = 0;
    for (const auto& [word, suggestion, respelt] : replacements) {
        corrected.append(query, copied, word->begin - copied);
        corrected += starts_upper(query.substr(word->begin, word->end - word->begin))
                         ? title_case(suggestion)
                         : suggestion;
        copied = word->end;
    }
    return corrected.append(query, copied);
}

std::vector<MatchedTerm> Searcher::explain(const Xapian::Document& document,
                                           const BuiltQuery& built) {
    std::vector<MatchedTerm> out;
    for (const std::string& term : built.expanded_terms.terms) {
        if (term.rfind(stem_prefix, 0) != 0) continue;  // unstemmed words are also stems here
        MatchedTerm matched;
        matched.stem = term.substr(stem_prefix.size());
        if (!std::binary_search(built.terms.terms.begin(), built.terms.terms.end(), term)) {
            const auto& translated = built.translated_terms;
            matched.via = std::binary_search(translated.begin(), translated.end(), term)
                              ? MatchedVia::translation
                              : MatchedVia::thesaurus;
        }
        for (const auto& field : schema::text_fields) {
            std::string field_term(stem_prefix);
            field_term.append(field.prefix).append(matched.stem);
            auto it = document.termlist_begin();
            it.skip_to(field_term);
            if (it != document.termlist_end() && *it == field_term) {
                matched.fields.emplace_back(std::string(field.name), it.get_wdf() / field.weight);
            }
        }
        if (!matched.fields.empty()) out.push_back(std::move(matched));
    }
    // Names found in the other script (name_key.h): the key or skeleton, without fields.
    for (const std::string_view prefix :
         {schema::latin_name_prefix, schema::cyrillic_name_prefix, schema::latin_skeleton_prefix,
          schema::cyrillic_skeleton_prefix}) {
        const auto& terms = built.expanded_terms.terms;
        for (auto it = std::lower_bound(terms.begin(), terms.end(), prefix);
             it != terms.end() && std::string_view(*it).starts_with(prefix); ++it) {
            auto found = document.termlist_begin();
            found.skip_to(*it);
            if (found == document.termlist_end() || *found != *it) continue;
            MatchedTerm matched;
            matched.stem = it->substr(prefix.size());
            matched.via = MatchedVia::name;
            out.push_back(std::move(matched));
        }
    }
    return out;
}

SortOrder parse_sort_order(const std::string& text) {
    if (text == "relevance") return SortOrder::relevance;
    if (text == "date") return SortOrder::date;
    if (text == "-date") return SortOrder::date_descending;
    throw UsageError("--sort must be relevance, date or -date, not '" + text + "'");
}

std::optional<Record> Searcher::record(const std::string& id) {
    try {
        const std::optional<Record> found = over_shards([&]() -> std::optional<Record> {
            const std::string term = schema::id_term(id);
            auto posting = database_.postlist_begin(term);
            if (posting == database_.postlist_end(term)) return std::nullopt;
            return decode_record(database_.get_document(*posting).get_data());
        });
        if (!found && !missing_.empty()) {
            // It may be on a shard that did not answer: not "no such record".
            std::string names;
            for (const std::string& name : missing_)
                names.append(names.empty() ? "" : ", ").append(name);
            throw DatabaseError("no record with id '" + id + "' on the shards that answered (" +
                                "no answer from " + names + ")");
        }
        return found;
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot read database '" + path_ + "': " + failure.get_description());
    }
}

BuiltQuery Searcher::similar_query(const std::string& id) {
    const std::string id_term = schema::id_term(id);
    auto posting = database_.postlist_begin(id_term);
    if (posting == database_.postlist_end(id_term)) {
        throw NotFoundError("no record with id '" + id + "'");
    }
    Xapian::RSet relevant;
    relevant.add_document(*posting);
    Xapian::Enquire enquire(database_);
    // Stems only ("Z" terms, of every field), the kind of term a query uses.
    Xapian::ExpandDeciderFilterPrefix stems{std::string(stem_prefix)};
    const Xapian::ESet telling = enquire.get_eset(similar_terms, relevant, &stems);
    BuiltQuery built;
    for (auto it = telling.begin(); it != telling.end(); ++it) {
        // "ZSpolit" (a title stem) is the stem "Zpolit", searched in every field below.
        std::string stem = *it;
        if (stem.size() > 2 && stem[1] >= 'A' && stem[1] <= 'Z') stem.erase(1, 1);
        built.terms.terms.push_back(stem);
    }
    std::sort(built.terms.terms.begin(), built.terms.terms.end());
    built.terms.terms.erase(std::unique(built.terms.terms.begin(), built.terms.terms.end()),
                            built.terms.terms.end());
    // Each stem in any field, as one term for BM25 (as query_builder.h does for words), with
    // only the field terms the database has (see QueryBuilder::set_term_filter).
    const auto field_term = [&](const std::string& stem, const auto& field) {
        std::string term(stem_prefix);
        return term.append(field.prefix).append(stem, stem_prefix.size());
    };
    std::vector<std::string> candidates;
    for (const std::string& stem : built.terms.terms) {
        for (const auto& field : schema::text_fields) candidates.push_back(field_term(stem, field));
    }
    learn_terms(std::move(candidates));
    std::vector<Xapian::Query> terms;
    for (const std::string& stem : built.terms.terms) {
        std::vector<Xapian::Query> fields;
        for (const auto& field : schema::text_fields) {
            std::string term = field_term(stem, field);
            if (term_exists(term)) fields.emplace_back(std::move(term));
        }
        terms.emplace_back(Xapian::Query::OP_SYNONYM, fields.begin(), fields.end());
    }
    built.expanded_terms = built.terms;
    // The record's language (a value slot), for the snippets' choice of version.
    const std::string code = database_.get_document(*posting).get_value(schema::language_slot);
    built.language = parse_language(code).value_or(Language::unknown);
    built.query = Xapian::Query(Xapian::Query::OP_AND_NOT,
                                Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                Xapian::Query(id_term));
    return built;
}

bool Searcher::term_exists(const std::string& term) {
    const auto known = term_known_.find(term);
    if (known != term_known_.end()) return known->second;
    const bool exists = database_.term_exists(term);
    term_known_.emplace(term, exists);
    return exists;
}

void Searcher::learn_terms(std::vector<std::string> terms) {
    if (!has_remote_) return;
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    std::erase_if(terms, [&](const std::string& term) { return term_known_.count(term) > 0; });
    if (terms.empty()) return;
    Xapian::Enquire probe(database_);
    probe.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    const Xapian::MSet statistics = probe.get_mset(0, 0);
    for (const std::string& term : terms) term_known_[term] = statistics.get_termfreq(term) > 0;
}

void Searcher::learn_query_terms(const SearchRequest& request) {
    if (!has_remote_) return;
    // Built once without asking (every term taken to exist) to learn which terms the query
    // asks about; the real build then finds them known, and asks only about terms that this
    // one did not reach (alternatives tried because a term is missing). Names of the other
    // script are taken as missing, so that the skeletons looked for then are learnt too.
    std::vector<std::string> asked;
    builder_.set_term_filter([&asked](const std::string& term) {
        asked.push_back(term);
        return !term.starts_with(schema::latin_name_prefix) &&
               !term.starts_with(schema::cyrillic_name_prefix);
    });
    struct Restore {
        Searcher& searcher;
        ~Restore() {
            searcher.builder_.set_term_filter(
                [s = &searcher](const std::string& term) { return s->term_exists(term); });
        }
    } restore{*this};
    try {
        (void)builder_.build(request.query, request.expand);
    } catch (const Error&) {
        return;  // the real build says what is wrong
    }
    learn_terms(std::move(asked));
}

SearchResult Searcher::search_once(const SearchRequest& request) {
    term_known_.clear();
    words_known_.clear();
    Stopwatch watch;
    BuiltQuery built;
    if (!request.similar_to.empty()) {
        built = similar_query(request.similar_to);
    } else {
        learn_query_terms(request);
        built = builder_.build(request.query, request.expand);
        if (request.expand_from_top > 0) {
            // The query again with the feedback's stems; what it matches for snippets and
            // suggestions stays the query's own.
            const std::vector<std::string> stems = feedback_stems(request, built);
            if (!stems.empty()) built = builder_.build(request.query, request.expand, stems);
        }
    }
    const double building = watch.lap();
    SearchResult result = run(request, built);
    result.times.query = building;
    return result;
}

namespace {

/// Whether a remote shard's connection failed at the server's end rather than by not
/// answering in time: xapian-tcpsrv closes a connection left idle for its --idle-timeout
/// (60 s by default) and says so at the next request ("REMOTE:Timeout expired while trying
/// to read"), and a server restarted since closes every connection (end of file). A new
/// connection answers then. A timeout of this end is a server that does not answer: trying
/// again would only wait as long once more.
bool closed_by_server(const Xapian::NetworkError& failure) {
    return failure.get_msg().starts_with("REMOTE:") ||
           std::string_view(failure.get_type()) != "NetworkTimeoutError";
}

}  // namespace

template <class Body>
auto Searcher::over_shards(Body&& body) -> decltype(body()) {
    for (bool first_try = true;; first_try = false) {
        if (reopen_ || !missing_.empty() || replaced()) {
            // A shard failed before, or was left out: try every shard again. Or a database
            // was replaced by another of its name (polsearch-index --compact swaps folders),
            // which reopen() does not see: its open files are the old ones.
            reopen_ = false;
            open();
        }
        try {
            // The latest commit of an indexing job that writes into the database meanwhile
            // (a cheap check when nothing changed), read again when a later commit discards
            // it (search/despite_commits.h).
            return despite_commits(
                [&] {
                    database_.reopen();
                    if (spelling_) spelling_->reopen();
                    return body();
                },
                [&] { open(); });
        } catch (const Xapian::NetworkError& failure) {
            reopen_ = true;
            if (first_try && closed_by_server(failure)) continue;  // on new connections, once
            if (!options_.allow_partial) {
                throw DatabaseError("a shard of database '" + path_ +
                                    "' stopped answering: " + failure.get_description());
            }
            // Those that still answer, once more.
            reopen_ = false;
            open();
            return body();
        }
    }
}

Xapian::doccount Searcher::document_count() {
    try {
        return over_shards([&] { return database_.get_doccount(); });
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot read database '" + path_ + "': " + failure.get_description());
    }
}

std::string Searcher::revision() {
    try {
        return over_shards([&]() -> std::string {
            if (shards_.empty())
                return database_.get_uuid() + ":" + std::to_string(database_.get_revision());
            std::string out;
            for (const auto& shard : shards_) {
                if (!shard) return {};  // a remote shard: Xapian 1.4 cannot tell its revision
                out += shard->get_uuid() + ":" + std::to_string(shard->get_revision()) + ";";
            }
            for (const std::string& name : missing_) out += "-" + name + ";";
            return out;
        });
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot read database '" + path_ + "': " + failure.get_description());
    }
}

std::optional<Xapian::rev> Searcher::revision_number() {
    try {
        return over_shards([&]() -> std::optional<Xapian::rev> {
            if (database_.size() != 1) return std::nullopt;
            return database_.get_revision();
        });
    } catch (const Xapian::InvalidOperationError&) {
        return std::nullopt;  // a remote database
    } catch (const Xapian::UnimplementedError&) {
        return std::nullopt;
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot read database '" + path_ + "': " + failure.get_description());
    }
}

SearchResult Searcher::search(const SearchRequest& request) {
    if (request.expand_from_top > max_expand_from_top) {
        throw UsageError("expand_from_top must be at most " + std::to_string(max_expand_from_top) +
                         ", not " + std::to_string(request.expand_from_top));
    }
    try {
        SearchResult result = over_shards([&] { return search_once(request); });
        result.partial = !missing_.empty();
        result.missing_shards = missing_;
        return result;
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot search database '" + path_ + "': " + failure.get_description());
    }
}

namespace {

/// Whether the analysed words of `candidate` hold `words` in a row, the last one as the start
/// of a word when `partial`.
bool continues(const std::vector<AnalyzedWord>& candidate, const std::vector<std::string>& words,
               bool partial) {
    if (words.empty() || candidate.size() < words.size()) return false;
    for (std::size_t start = 0; start + words.size() <= candidate.size(); ++start) {
        bool all = true;
        for (std::size_t i = 0; i < words.size() && all; ++i) {
            const std::string& have = candidate[start + i].word;
            const bool last = i + 1 == words.size();
            all = last && partial ? have.rfind(words[i], 0) == 0 : have == words[i];
        }
        if (all) return true;
    }
    return false;
}

}  // namespace

std::vector<Completion> Searcher::complete(const std::string& prefix, std::size_t limit) {
    Analyzer& analyzer = builder_.analyzer();
    const Analysis typed = analyzer.analyze(prefix, Language::unknown);
    std::vector<std::string> words;
    for (const auto& word : typed.words) words.push_back(word.word);
    // The last word is being typed unless a space or a punctuation mark follows it.
    const bool partial = !words.empty() && typed.words.back().end == prefix.size();
    if (words.empty() || (partial && utf8_length(words.back()) < 2)) return {};

    // The records that have the words (the last as a wildcard), then their titles, keywords
    // and authors that hold them in a row, by how many of those records have each.
    std::string query;
    for (const auto& word : words) query.append(query.empty() ? "" : " ").append(word);
    if (partial) query += '*';
    std::vector<Record> records;
    try {
        const BuiltQuery built = builder_.build(query, false);
        over_shards([&] {
            Xapian::Enquire enquire(database_);
            enquire.set_query(built.query);
            enquire.set_weighting_scheme(
                Xapian::BM25Weight(schema::bm25_k1, 0, 1, schema::bm25_b, 0.5));
            const Xapian::MSet matches = enquire.get_mset(0, completion_records);
            records.clear();
            for (auto it = matches.begin(); it != matches.end(); ++it)
                records.push_back(decode_record(it.get_document().get_data()));
            return 0;
        });
    } catch (const QueryError&) {
        return {};  // what is typed so far is not a query yet
    } catch (const Xapian::Error& failure) {
        throw DatabaseError("cannot search database '" + path_ + "': " + failure.get_description());
    }
    std::vector<Completion> found;
    const auto add = [&](const std::string& text, const char* field) {
        if (!continues(analyzer.analyze(text, Language::unknown).words, words, partial)) return;
        for (Completion& seen : found) {
            if (seen.text == text) {
                ++seen.count;
                return;
            }
        }
        found.push_back(Completion{text, field, 1});
    };
    for (const Record& record : records) {
        for (const auto& version : record.keywords)
            for (const auto& keyword : version.keywords) add(keyword, "keyword");
        for (const auto& author : record.authors) add(author, "author");
        for (const auto& title : record.title) add(title.text, "title");
    }
    // Commonest first; keywords and authors (short) before titles at equal counts.
    std::stable_sort(found.begin(), found.end(), [](const Completion& a, const Completion& b) {
        const bool a_title = a.field == "title";
        const bool b_title = b.field == "title";
        return std::tie(b.count, a_title) < std::tie(a.count, b_title);
    });
    if (found.size() > limit) found.resize(limit);
    return found;
}

}  // namespace polsearch
