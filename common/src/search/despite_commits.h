// A read of a database that an indexing job commits to meanwhile.
//
// Xapian 1.4 keeps the revision a reader opened and the one before the latest: once a job has
// committed during a read and goes on writing, the blocks the read still needs may already
// hold newer data. Xapian mostly tells (DatabaseModifiedError), but not always:
// - a block reused at another level of the B-tree is reported as damage, "DatabaseCorruptError:
//   Expected block 43 to be level 1, not 0". Plain Xapian readers (4 threads, each its own
//   Database, reopen and search in a loop) beside a writer committing every 20 to 50 ms met 10
//   of those in 20 s, beside 1,121 DatabaseModifiedErrors; polsearch's searchers beside an
//   IndexWriter committing every 5 changed records, 1 in about 100,000 searches (2026-12-07);
// - a record that the match has just found is reported missing, "DocNotFoundError: Document 56
//   not found": polsearch-serve (sanitizer build) beside a job that only added records,
//   committing every 10, in 2 of 168 runs of test_serve's test of about 100 searches each
//   (2026-12-07).
// All mean "read the latest revision and try again". A database really damaged fails again,
// on a Database opened afresh (nothing kept from the read that failed) and with no commit to
// blame.
#pragma once

#include <xapian.h>

namespace polsearch {

/// How often a read is tried in all before its DatabaseModifiedError is given up to the
/// caller. A job committing every 10 records needed up to 20 tries in tests/test_serve.cpp;
/// the default of every 10,000 seldom needs a second.
inline constexpr int modified_retries = 50;

/// How often a read is tried in all before its DatabaseCorruptError or DocNotFoundError is
/// given up: a commit explains one such error, seldom two in a row.
inline constexpr int corrupt_retries = 3;

/// Returns what `read` returns, running it again when it fails with DatabaseModifiedError (up
/// to modified_retries times in all; `read` starts by reading the latest revision, with
/// Database::reopen() or by opening the database), or with DatabaseCorruptError or
/// DocNotFoundError (up to corrupt_retries times of those, after `reopen_afresh()` has opened
/// the database again as a new Database object). A read must not ask for a document it has
/// not found in the same revision: a DocNotFoundError is taken for a commit's doing.
template <class Read, class ReopenAfresh>
auto despite_commits(Read&& read, ReopenAfresh&& reopen_afresh) -> decltype(read()) {
    int corrupt = 0;
    const auto again = [&](int attempt) {
        if (attempt == modified_retries || ++corrupt == corrupt_retries) return false;
        reopen_afresh();
        return true;
    };
    for (int attempt = 1;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == modified_retries) throw;
        } catch (const Xapian::DatabaseCorruptError&) {
            if (!again(attempt)) throw;
        } catch (const Xapian::DocNotFoundError&) {
            if (!again(attempt)) throw;
        }
    }
}

}  // namespace polsearch
