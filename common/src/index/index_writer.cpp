#include "index/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "formats/record_io.h"
#include "index/schema.h"
#include "index/stub.h"
#include "polsearch/error.h"

namespace polsearch {
namespace fs = std::filesystem;

namespace {

constexpr const char* stub_name = "XAPIANDB";

// Metadata of a sharded database's side spelling database: the revisions of the shards
// ("12 9 …") whose spelling tables it sums, written when it was last committed with them all
// (IndexWriter::commit()); empty when it may hold words of records a shard has not committed.
constexpr const char* in_step_key = "polsearch-shard-revisions";

// Written into PATH.compacting, and synced, once the compacted copy is complete.
constexpr const char* compaction_marker = "polsearch-compacted";
// In the folder of a database being built in parts (WriterOptions::build_parts).
constexpr const char* building_marker = "polsearch-building";

// The side database of a sharded database: only the spelling table of all its records, for
// searches over remote shards (Xapian 1.4's remote backend has no spelling; docs/scaling.md).
std::string spelling_path(const std::string& path) {
    return (fs::path(path) / "spelling").string();
}

std::string shard_name(unsigned shard) {
    return "shard-" + std::to_string(shard);
}

// The shard folders a stub database file names, in order (lines "glass shard-0").
std::vector<std::string> local_shards(const std::string& stub) {
    std::vector<std::string> shards;
    for (const ShardLocation& shard : read_stub(stub)) {
        if (shard.kind != ShardLocation::Kind::local) {
            throw DatabaseError("'" + stub + "' names the remote shard '" + shard.name +
                                "': polsearch-index writes only local shards");
        }
        shards.push_back(shard.path);
    }
    return shards;
}

// Written beside, then renamed: a reader never sees half a stub.
void write_stub(const std::string& folder, unsigned shards) {
    const std::string stub = (fs::path(folder) / stub_name).string();
    const std::string temporary = stub + ".tmp";
    {
        std::ofstream out(temporary);
        out << "# polsearch database of " << shards
            << " shards (records placed by a hash of their id)\n";
        for (unsigned shard = 0; shard < shards; ++shard)
            out << "glass " << shard_name(shard) << "\n";
        if (!out) throw DatabaseError("cannot write the stub database file '" + stub + "'");
    }
    fs::rename(temporary, stub);
}

Xapian::WritableDatabase open_writable(const std::string& path, const std::string& shown,
                                       const WriterOptions& options) {
    bool waiting = false;
    while (true) {
        try {
            return Xapian::WritableDatabase(path,
                                            Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
        } catch (const Xapian::DatabaseLockError& error) {
            if (!options.wait_lock) {
                throw DatabaseLockedError("database '" + shown +
                                          "' is locked by another indexing job (wait for it with "
                                          "--wait-lock)");
            }
            if (!waiting && options.on_wait) options.on_wait();
            waiting = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        } catch (const Xapian::Error& error) {
            throw DatabaseError("cannot open database '" + shown +
                                "' for writing: " + error.get_description());
        }
    }
}

// The words a document gave the spelling table, so that replacing or deleting it takes them
// back and the table keeps counting records.
std::vector<std::string> spelling_words_of(const Xapian::Document& document) {
    std::unordered_set<std::string> words;
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
        const std::string text = *term;
        const std::string_view word = schema::spelling_word(text);
        if (!word.empty()) words.emplace(word);
    }
    return {words.begin(), words.end()};
}

void forget_spelling(Xapian::WritableDatabase& database, Xapian::docid document,
                     Xapian::WritableDatabase* side) {
    for (const std::string& word : spelling_words_of(database.get_document(document))) {
        database.remove_spelling(word);
        if (side) side->remove_spelling(word);
    }
}

// For tests only: with POLSEARCH_TEST_PAUSE_BEFORE_SWAP=FILE in the environment, a compaction
// waits before it swaps the folders until FILE exists (two minutes at most), so that a test can
// start another job at that moment without depending on how long anything takes.
// The spelling table of `database` counted from its terms, as records written one at a time
// give it: each word of titles, abstracts and keywords (schema::spelling_word) once per record.
// For a database built in parts, whose records were written without it.
void count_spelling_table(Xapian::WritableDatabase& database) {
    std::map<std::string, std::vector<std::string>> terms_of;  // a word → its terms
    for (auto term = database.allterms_begin(); term != database.allterms_end(); ++term) {
        const std::string text = *term;
        const std::string_view word = schema::spelling_word(text);
        if (!word.empty()) terms_of[std::string(word)].push_back(text);
    }
    std::vector<Xapian::docid> records;
    for (const auto& [word, terms] : terms_of) {
        Xapian::doccount count = database.get_termfreq(terms.front());
        if (terms.size() > 1) {  // in a title, an abstract or keywords: the records with any
            records.clear();
            for (const std::string& term : terms) {
                for (auto posting = database.postlist_begin(term);
                     posting != database.postlist_end(term); ++posting)
                    records.push_back(*posting);
            }
            std::sort(records.begin(), records.end());
            count = static_cast<Xapian::doccount>(std::unique(records.begin(), records.end()) -
                                                  records.begin());
        }
        database.add_spelling(word, count);
    }
}

void pause_before_swap() {
    const char* file = std::getenv("POLSEARCH_TEST_PAUSE_BEFORE_SWAP");
    if (!file || !*file) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    std::error_code error;
    while (!fs::exists(file, error) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

// Makes a file's content, or a folder's entries (a rename in it), durable.
void sync_path(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw DatabaseError("cannot open '" + path + "': " + std::strerror(errno));
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL;  // EINVAL: cannot be synced
    const int failure = errno;
    ::close(fd);
    if (!synced) throw DatabaseError("cannot sync '" + path + "': " + std::strerror(failure));
}

std::string parent_of(const std::string& location) {
    return fs::path(location).parent_path().string();
}

void rename_or_throw(const std::string& from, const std::string& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (error) {
        throw DatabaseError("cannot rename '" + from + "' to '" + to + "': " + error.message());
    }
}

// Finishes or rolls back a swap of folders that a compaction killed on the way left behind
// (IndexWriter::compact() says in which order it does things), before the database is opened.
// Run under the lock, so no live job is in the middle of one. Returns what it did, or "".
std::string recover_compaction(const std::string& location) {
    const std::string copy = location + ".compacting";
    const std::string old = location + ".before-compact";
    const std::string marker_in_place = (fs::path(location) / compaction_marker).string();
    std::error_code error;
    const bool here = fs::exists(location, error);
    const bool has_old = fs::exists(old, error);
    const bool has_copy = fs::exists(copy, error);
    const bool complete = has_copy && fs::exists(fs::path(copy) / compaction_marker, error);
    const auto remove = [&](const std::string& what) {
        fs::remove_all(what, error);
        if (error) {
            throw DatabaseError("cannot remove '" + what +
                                "', which a stopped compaction left: " + error.message());
        }
    };
    std::string done;
    if (!has_old && !has_copy) {
        // A marker left in PATH by a job killed right after its swap.
        if (here && fs::exists(marker_in_place, error)) remove(marker_in_place);
        return done;
    }
    if (!here && complete) {
        // Killed between the two renames, the copy complete: finish the swap.
        rename_or_throw(copy, location);
        sync_path(parent_of(location));
        remove(marker_in_place);
        if (has_old) remove(old);
        done = "finished the compaction that a stopped job left between its two renames";
    } else if (!here && has_old) {
        // Killed between the two renames with a copy not marked complete (only a job of a
        // version before the marker leaves that): roll back.
        rename_or_throw(old, location);
        sync_path(parent_of(location));
        if (has_copy) remove(copy);
        done = "put back the database that a stopped compaction had moved aside";
    } else if (here && has_old && complete) {
        throw DatabaseError("polsearch-index --compact was interrupted and left '" + old +
                            "' and a complete '" + copy + "', but '" + location +
                            "' is there too, which it did not write: keep the one you want at '" +
                            location + "', remove the others, and run again");
    } else {
        // PATH is the database: the swap landed (PATH.before-compact is the old one) or never
        // began (PATH.compacting is a copy of what PATH holds, complete or not); or there is no
        // database, and PATH.compacting is part of a copy of none.
        if (has_old) remove(old);
        if (has_copy) remove(copy);
        if (here) remove(marker_in_place);
        done = has_old ? "removed the old database that a stopped compaction left"
                       : "removed the copy that a stopped compaction left";
    }
    sync_path(parent_of(location));
    return done;
}

}  // namespace

std::string content_hash(const Record& record) {
    static const std::uint64_t seed = stable_hash(schema::analysis_version);
    char hex[17];
    std::snprintf(
        hex, sizeof hex, "%016llx",
        static_cast<unsigned long long>(stable_hash(record_to_json(record).dump(), seed)));
    return hex;
}

PreparedDocument prepare_document(DocumentBuilder& builder, Record record,
                                  const std::string& hash) {
    resolve_languages(record);
    PreparedDocument prepared;
    prepared.id = record.id;
    prepared.document = builder.build(record);
    prepared.document.add_value(schema::content_hash_slot, hash);
    return prepared;
}

namespace {

// `path` made absolute, without a trailing '/' ("db/" and "db" are one folder, and "db/.lock"
// would be inside it).
std::string location_of(const std::string& path) {
    fs::path absolute = fs::absolute(path).lexically_normal();
    if (!absolute.has_filename() && absolute.has_parent_path()) absolute = absolute.parent_path();
    return absolute.string();
}

}  // namespace

IndexWriter::Lock::Lock(const std::string& location, const std::string& shown,
                        const WriterOptions& options) {
    const std::string file = location + ".lock";
    std::error_code error;
    if (options.create) fs::create_directories(fs::path(location).parent_path(), error);
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    // Made by a user who may write in the folder: anyone may lock it (flock needs no write).
    if (fd_ < 0 && (errno == EACCES || errno == EROFS))
        fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw DatabaseError("cannot open the lock file '" + file + "' of database '" + shown +
                            "': " + std::strerror(errno) +
                            " (an indexing job needs to write in the database's folder)");
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    int failure = errno;
    if (failure == EWOULDBLOCK) {
        if (!options.wait_lock) {
            ::close(fd_);
            throw DatabaseLockedError("database '" + shown +
                                      "' is locked by another indexing job (wait for it with "
                                      "--wait-lock)");
        }
        waited_ = true;
        if (options.on_wait) options.on_wait();
        int locked;
        while ((locked = ::flock(fd_, LOCK_EX)) != 0 && errno == EINTR) {
        }
        if (locked == 0) return;
        failure = errno;
    }
    ::close(fd_);
    throw DatabaseError("cannot lock database '" + shown + "' (" + file +
                        "): " + std::strerror(failure));
}

IndexWriter::Lock::~Lock() {
    ::close(fd_);  // releases the lock
}

IndexWriter::IndexWriter(const std::string& path, const WriterOptions& options)
    : path_(path), location_(location_of(path)), lock_(location_, path, options) {
    // Waiting is told once: Xapian's locks, taken under ours, are held only by a writer that
    // does not take ours (another program), rarely.
    WriterOptions opening = options;
    if (lock_.waited()) opening.on_wait = nullptr;
    const std::string recovered = recover_compaction(location_);
    if (!recovered.empty() && options.on_note) options.on_note(recovered);
    std::error_code error;
    if (!options.create && !fs::exists(fs::path(location_) / stub_name, error) &&
        !fs::exists(fs::path(location_) / "iamglass", error)) {
        throw DatabaseError("no database at '" + path_ + "'");
    }
    open(opening);
}

IndexWriter::~IndexWriter() = default;

void IndexWriter::open(const WriterOptions& options) {
    const std::string& path = location_;
    std::error_code error;
    const std::string stub = (fs::path(path) / stub_name).string();
    const std::string marker = (fs::path(path) / building_marker).string();
    building_ = false;
    written_.clear();
    if (fs::exists(stub, error)) {
        const std::vector<std::string> shard_paths = local_shards(stub);
        building_ = fs::exists(marker, error);
        if (options.shards != 0 && options.shards != shard_paths.size() && !options.any_layout &&
            !building_) {
            throw UsageError("database '" + path_ + "' has " + std::to_string(shard_paths.size()) +
                             " shards: --shards " + std::to_string(options.shards) +
                             " would place records elsewhere");
        }
        for (const auto& shard : shard_paths)
            shards_.push_back(open_writable(shard, path_, options));
        spelling_.emplace(open_writable(spelling_path(path), path_, options));
        make_locks();
        written_.resize(shards_.size());
        // Out of step after a job that was stopped (or one of a version that did not keep it
        // in step): made right before anything is written.
        try {
            if (const std::size_t changed = bring_side_spelling_in_step();
                changed > 0 && options.on_note) {
                options.on_note("recounted " + std::to_string(changed) +
                                " words of the spelling database beside the shards, which a "
                                "stopped job had left out of step with them");
            }
        } catch (const Xapian::Error& error) {
            throw DatabaseError("cannot bring the spelling database of '" + path_ +
                                "' in step with its shards: " + error.get_description());
        }
        return;
    }
    if (fs::exists(marker, error)) {
        // A build killed before it wrote its stub: nothing of it was committed as a database.
        fs::remove_all(path, error);
        if (error)
            throw DatabaseError("cannot remove the unfinished build '" + path_ +
                                "': " + error.message());
        if (options.on_note)
            options.on_note("started again the build of '" + path_ +
                            "', which a stopped job had left before its first commit");
    }
    const bool exists = fs::exists(fs::path(path) / "iamglass", error);
    if (!exists && options.shards <= 1 &&
        fs::exists(fs::path(path) / shard_name(0) / "iamglass", error)) {
        throw DatabaseError("database '" + path_ + "' has shard folders but no stub file " +
                            stub_name +
                            ": a --shards job was stopped before it wrote it; run that job again "
                            "with its --shards");
    }
    const bool build = !exists && options.shards == 0 && options.build_parts > 1;
    if (!build && (options.shards <= 1 || exists)) {
        if (exists && options.shards > 1 && !options.any_layout) {
            throw UsageError("database '" + path_ + "' is a single database: --shards " +
                             std::to_string(options.shards) + " needs a new one");
        }
        shards_.push_back(open_writable(path, path_, options));
        make_locks();
        written_.resize(1);
        if (!exists) written_[0].emplace();  // new: nothing in it to look up
        return;
    }
    const unsigned count = build ? options.build_parts : options.shards;
    fs::create_directories(path, error);
    if (error)
        throw DatabaseError("cannot create database folder '" + path_ + "': " + error.message());
    if (build) {
        // First of all, so that a killed job leaves a folder the next one knows.
        std::ofstream(marker) << "a database being built in parts by polsearch-index\n";
        sync_path(marker);
        sync_path(path);
        building_ = true;
    }
    for (unsigned shard = 0; shard < count; ++shard) {
        shards_.push_back(
            open_writable((fs::path(path) / shard_name(shard)).string(), path_, options));
    }
    spelling_.emplace(open_writable(spelling_path(path), path_, options));
    make_locks();
    written_.resize(count);
    for (auto& ids : written_) ids.emplace();
    commit();  // the side database in step with the new shards
    write_stub(path, count);
}

void IndexWriter::close() {
    shards_.clear();
    spelling_.reset();
    locks_.clear();
}

void IndexWriter::make_locks() {
    for (std::size_t i = 0; i < shards_.size(); ++i)
        locks_.push_back(std::make_unique<std::mutex>());
}

unsigned IndexWriter::shard_index(const std::string& id) const {
    if (shards_.size() == 1) return 0;
    return static_cast<unsigned>(stable_hash(id) % shards_.size());
}

bool IndexWriter::unchanged(const std::string& id, const std::string& hash) {
    const unsigned shard = shard_index(id);
    std::lock_guard lock(*locks_[shard]);
    if (written_[shard] && !written_[shard]->count(stable_hash(id))) return false;  // new
    try {
        Xapian::WritableDatabase& database = shards_[shard];
        const std::string term = schema::id_term(id);
        auto posting = database.postlist_begin(term);
        if (posting == database.postlist_end(term)) return false;
        return database.get_document(*posting, Xapian::DOC_ASSUME_VALID)
                   .get_value(schema::content_hash_slot) == hash;
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot read database '" + path_ + "': " + error.get_description());
    }
}

WriteOutcome IndexWriter::write(const PreparedDocument& prepared) {
    const std::string term = schema::id_term(prepared.id);
    const unsigned shard = shard_index(prepared.id);
    std::lock_guard lock(*locks_[shard]);
    try {
        Xapian::WritableDatabase& database = shards_[shard];
        // A shard new in this job has only what this job wrote: a record whose id it has not
        // written is added without looking for it.
        compacted_ = false;
        auto& written = written_[shard];
        const bool known = !written || !written->insert(stable_hash(prepared.id)).second;
        bool exists = false;
        if (known) {
            for (auto posting = database.postlist_begin(term);
                 posting != database.postlist_end(term); ++posting) {
                exists = true;
                if (building_) break;  // the spelling table is counted at the end
                std::lock_guard side_lock(spelling_lock_);
                forget_spelling(database, *posting, side_spelling());
            }
        }
        if (exists) {
            database.replace_document(term, prepared.document);
        } else {
            database.add_document(prepared.document);
        }
        if (building_) return exists ? WriteOutcome::replaced : WriteOutcome::added;
        // Each word once per record: the spelling table then counts records, as a suggestion
        // should (the commonest spelling wins).
        const std::vector<std::string> words = spelling_words_of(prepared.document);
        for (const std::string& word : words) database.add_spelling(word);
        if (spelling_) {
            std::lock_guard side_lock(spelling_lock_);
            for (const std::string& word : words) spelling_->add_spelling(word);
        }
        return exists ? WriteOutcome::replaced : WriteOutcome::added;
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot write record '" + prepared.id + "' to database '" + path_ +
                            "': " + error.get_description());
    }
}

void IndexWriter::add(Record record) {
    const std::string hash = content_hash(record);
    if (unchanged(record.id, hash)) return;
    write(prepare_document(builder_, std::move(record), hash));
}

bool IndexWriter::remove(const std::string& key) {
    try {
        // By id: in the shard its hash names. By OAI identifier: the record's id may be its DOI,
        // so every shard is asked.
        const std::string id = schema::id_term(key);
        const std::string oai = schema::boolean_term(schema::oai_prefix, key);
        std::vector<std::pair<unsigned, std::string>> candidates = {{shard_index(key), id}};
        for (unsigned shard = 0; shard < shards_.size(); ++shard)
            candidates.emplace_back(shard, oai);
        for (auto& [shard, term] : candidates) {
            std::lock_guard lock(*locks_[shard]);
            Xapian::WritableDatabase* database = &shards_[shard];
            if (!database->term_exists(term)) continue;
            for (auto posting = database->postlist_begin(term);
                 posting != database->postlist_end(term); ++posting) {
                std::lock_guard side_lock(spelling_lock_);
                forget_spelling(*database, *posting, side_spelling());
            }
            database->delete_document(term);
            compacted_ = false;
            return true;
        }
        return false;
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot delete record '" + key + "' from database '" + path_ +
                            "': " + error.get_description());
    }
}

void IndexWriter::commit() {
    // Every shard, then the side spelling database, marked in step with what they committed.
    std::vector<std::unique_lock<std::mutex>> held;
    for (auto& lock : locks_) held.emplace_back(*lock);
    try {
        for (auto& shard : shards_) shard.commit();
        if (spelling_) {
            std::lock_guard side_lock(spelling_lock_);
            spelling_->set_metadata(in_step_key, shard_revisions());
            spelling_->commit();
        }
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot commit database '" + path_ + "': " + error.get_description());
    }
}

void IndexWriter::commit_shard(unsigned shard) {
    std::lock_guard lock(*locks_[shard]);
    try {
        shards_[shard].commit();
        if (spelling_) {
            // The side database holds the words of records that other shards have not
            // committed yet: out of step with them until commit(). Committed all the same, so
            // that its changes do not pile up in memory for the whole job.
            std::lock_guard side_lock(spelling_lock_);
            spelling_->set_metadata(in_step_key, "");
            spelling_->commit();
        }
    } catch (const Xapian::Error& error) {
        throw DatabaseError("cannot commit database '" + path_ + "': " + error.get_description());
    }
}

std::string IndexWriter::shard_revisions() const {
    std::string revisions;
    for (const auto& shard : shards_) {
        if (!revisions.empty()) revisions += ' ';
        revisions += std::to_string(shard.get_revision());
    }
    return revisions;
}

std::size_t IndexWriter::bring_side_spelling_in_step() {
    const std::string revisions = shard_revisions();
    if (spelling_->get_metadata(in_step_key) == revisions) return 0;
    // Each shard's spelling table is committed with its records, so it is right: the side
    // database becomes their sum.
    std::map<std::string, Xapian::termcount> wanted, present;
    for (const auto& shard : shards_) {
        for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it)
            wanted[*it] += it.get_termfreq();
    }
    for (auto it = spelling_->spellings_begin(); it != spelling_->spellings_end(); ++it)
        present[*it] = it.get_termfreq();
    std::size_t changed = 0;
    for (const auto& [word, have] : present) {
        const auto found = wanted.find(word);
        const Xapian::termcount want = found == wanted.end() ? 0 : found->second;
        if (have > want) {
            spelling_->remove_spelling(word, have - want);
            ++changed;
        }
    }
    for (const auto& [word, want] : wanted) {
        const auto found = present.find(word);
        const Xapian::termcount have = found == present.end() ? 0 : found->second;
        if (want > have) {
            spelling_->add_spelling(word, want - have);
            ++changed;
        }
    }
    spelling_->set_metadata(in_step_key, revisions);
    spelling_->commit();
    return changed;
}

Xapian::doccount IndexWriter::document_count() const {
    Xapian::doccount count = 0;
    for (unsigned shard = 0; shard < shards_.size(); ++shard) {
        std::lock_guard lock(*locks_[shard]);
        count += shards_[shard].get_doccount();
    }
    return count;
}

void IndexWriter::finish_build() {
    if (building_) compact(true);
}

void IndexWriter::compact() {
    compact(building_);
}

void IndexWriter::compact(bool count_spelling) {
    if (compacted_ && shards_.size() == 1) return;  // finish_build() did, nothing came since
    // In this order, so that whatever moment a job is killed at, the next writer finds the
    // database, or its complete copy, and finishes or rolls back (recover_compaction()):
    //   1. the copy into PATH.compacting, each file synced, then the marker, synced;
    //   2. PATH renamed to PATH.before-compact, then PATH.compacting to PATH, each synced;
    //   3. PATH.before-compact and the marker removed.
    commit();
    recover_compaction(location_);  // a copy left by an earlier compact() that failed
    const std::string copy = location_ + ".compacting";
    const std::string old = location_ + ".before-compact";
    const std::string parent = parent_of(location_);
    std::error_code error;
    try {
        // What the writer committed, read beside it (its lock and Xapian's stay held).
        Xapian::Database(location_).compact(copy, Xapian::DBCOMPACT_MULTIPASS);
        if (count_spelling) {
            Xapian::WritableDatabase counted(copy, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
            count_spelling_table(counted);
            counted.commit();
        }
        for (const auto& entry : fs::directory_iterator(copy)) {
            if (entry.is_regular_file()) sync_path(entry.path().string());
        }
        const std::string marker = (fs::path(copy) / compaction_marker).string();
        std::ofstream(marker) << "a complete compacted copy of " << location_ << "\n";
        sync_path(marker);
        sync_path(copy);
        sync_path(parent);
    } catch (const Xapian::Error& failure) {
        fs::remove_all(copy, error);
        throw DatabaseError("cannot compact database '" + path_ +
                            "': " + failure.get_description());
    } catch (...) {
        fs::remove_all(copy, error);
        throw;
    }
    pause_before_swap();
    // Two renames: a reader opening the database in between gets an error and retries; it
    // never sees a half-written database.
    rename_or_throw(location_, old);
    sync_path(parent);
    fs::rename(copy, location_, error);
    if (error) {
        std::error_code ignored;  // back as it was (the copy is removed by the next writer)
        fs::rename(old, location_, ignored);
        throw DatabaseError("cannot replace database '" + path_ +
                            "' by its compacted copy: " + error.message());
    }
    sync_path(parent);
    close();  // the old databases, now at PATH.before-compact
    fs::remove(fs::path(location_) / compaction_marker, error);
    fs::remove_all(old, error);
    sync_path(parent);
    open({});
    compacted_ = true;
}

bool database_exists(const std::string& path) {
    const std::string location = location_of(path);
    std::error_code error;
    return fs::exists(location, error) || fs::exists(location + ".before-compact", error) ||
           fs::exists(fs::path(location + ".compacting") / compaction_marker, error);
}

void compact_database(const std::string& path) {
    WriterOptions options;
    options.create = false;
    IndexWriter(path, options).compact();
}

}  // namespace polsearch
