#include "polsearch/engine.h"

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "analysis/dictionary.h"
#include "formats/record_io.h"
#include "index/schema.h"
#include "search/output.h"
#include "search/searcher.h"
#include "search/thesaurus.h"

namespace polsearch {

// A Xapian::Database serves one thread at a time, so the engine keeps a pool of searchers:
// each call borrows an idle one, or opens another when every one is busy, and gives it back.
// The pool grows to the largest number of calls at once (a server bounds that by its threads).
// reopen() starts a new generation: searchers of an older one are not given back but closed,
// and the thesaurus they point to lives as long as the last of them. The searchers share the
// facet values they read (search/facets.h).
struct Engine::State {
    std::string path;
    EngineOptions options;
    std::mutex mutex;  // guards what follows
    std::shared_ptr<const Thesaurus> thesaurus;
    unsigned generation = 0;
    std::vector<std::unique_ptr<Searcher>> idle;
    const std::shared_ptr<SharedFacetValueCache> facet_cache =
        std::make_shared<SharedFacetValueCache>();  // safe to share without the mutex

    SearcherOptions searcher_options() const {
        SearcherOptions searcher;
        searcher.allow_partial = options.allow_partial;
        searcher.timeouts = options.timeouts;
        return searcher;
    }

    std::shared_ptr<const Thesaurus> read_thesaurus() const {
        // The built-in one itself (owned by nobody here) unless files are added to a copy.
        if (options.thesaurus_files.empty())
            return std::shared_ptr<const Thesaurus>(std::shared_ptr<void>(),
                                                    &Thesaurus::built_in());
        auto read = std::make_shared<Thesaurus>(Thesaurus::built_in());
        for (const std::string& file : options.thesaurus_files) read->add_file(file);
        return read;
    }

    class Borrowed {
      public:
        explicit Borrowed(State& state) : state_(state) {
            {
                std::lock_guard lock(state_.mutex);
                generation_ = state_.generation;
                thesaurus_ = state_.thesaurus;
                if (!state_.idle.empty()) {
                    searcher_ = std::move(state_.idle.back());
                    state_.idle.pop_back();
                }
            }
            if (!searcher_) {
                searcher_ = std::make_unique<Searcher>(
                    state_.path, thesaurus_.get(), state_.searcher_options(), state_.facet_cache);
            }
        }
        ~Borrowed() {
            std::lock_guard lock(state_.mutex);
            if (generation_ == state_.generation) state_.idle.push_back(std::move(searcher_));
        }
        Borrowed(const Borrowed&) = delete;
        Borrowed& operator=(const Borrowed&) = delete;
        Searcher* operator->() { return searcher_.get(); }

      private:
        State& state_;
        unsigned generation_ = 0;
        std::shared_ptr<const Thesaurus> thesaurus_;  // before searcher_: it outlives it
        std::unique_ptr<Searcher> searcher_;
    };
};

Engine::Engine(const std::string& path, EngineOptions options) : state_(std::make_unique<State>()) {
    state_->path = path;
    state_->options = std::move(options);
    state_->thesaurus = state_->read_thesaurus();
    // Opened now, so that a database that cannot be opened is an error here, not at the first
    // search.
    state_->idle.push_back(std::make_unique<Searcher>(
        path, state_->thesaurus.get(), state_->searcher_options(), state_->facet_cache));
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

SearchResult Engine::search(const SearchRequest& request) const {
    if (!state_->options.on_search) {
        State::Borrowed searcher(*state_);
        return searcher->search(request);
    }
    SearchTiming timing;
    timing.facets = request.facets;
    timing.similar = !request.similar_to.empty();
    const auto started = std::chrono::steady_clock::now();
    const auto report = [&] {
        timing.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        state_->options.on_search(timing);
    };
    try {
        State::Borrowed searcher(*state_);
        SearchResult result = searcher->search(request);
        report();
        return result;
    } catch (...) {
        timing.failed = true;
        report();
        throw;
    }
}

std::optional<Record> Engine::record(const std::string& id) const {
    State::Borrowed searcher(*state_);
    return searcher->record(id);
}

SearchResult Engine::similar(const std::string& id, std::size_t offset, std::size_t limit) const {
    SearchRequest request;
    request.similar_to = id;
    request.offset = offset;
    request.limit = limit;
    return search(request);
}

std::vector<Completion> Engine::complete(const std::string& prefix, std::size_t limit) const {
    State::Borrowed searcher(*state_);
    return searcher->complete(prefix, limit);
}

std::size_t Engine::record_count() const {
    State::Borrowed searcher(*state_);
    return searcher->document_count();
}

std::string Engine::revision() const {
    State::Borrowed searcher(*state_);
    return searcher->revision();
}

std::optional<std::uint64_t> Engine::revision_number() const {
    State::Borrowed searcher(*state_);
    return searcher->revision_number();
}

void Engine::reopen() {
    // Both read before anything changes: a failure leaves the engine as it was.
    std::shared_ptr<const Thesaurus> thesaurus = state_->read_thesaurus();
    auto searcher = std::make_unique<Searcher>(state_->path, thesaurus.get(),
                                               state_->searcher_options(), state_->facet_cache);
    std::lock_guard lock(state_->mutex);
    ++state_->generation;
    state_->idle.clear();  // before the thesaurus they point to
    state_->thesaurus = std::move(thesaurus);
    state_->idle.push_back(std::move(searcher));
}

const std::string& Engine::path() const {
    return state_->path;
}

std::string result_json(const SearchResult& result) {
    return result_to_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string record_json(const Record& record) {
    return record_to_json(record).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string version() {
    return POLSEARCH_VERSION;
}

std::string analysis_version() {
    const std::string_view name = schema::analysis_version;
    return std::string(name.substr(name.rfind('-') + 1));
}

}  // namespace polsearch
