// Errors as types: the library throws these, and each program maps them to an exit status
// (and later the HTTP service to a status code) at its edge.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace polsearch {

/// Exit statuses shared by all programs.
enum ExitStatus : int {
    exit_success = 0,
    exit_failure = 1,       ///< database missing or unreadable, I/O error
    exit_usage = 2,         ///< bad command line or a query that cannot be parsed
    exit_some_skipped = 3,  ///< the indexer skipped some records (each reported)
};

/// Base of every error polsearch throws on purpose.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
    virtual ExitStatus exit_status() const { return exit_failure; }
};

/// Bad command-line usage.
class UsageError : public Error {
  public:
    using Error::Error;
    ExitStatus exit_status() const override { return exit_usage; }
};

/// A filter (a facet and a value) that cannot be used. It carries the facet and the problem,
/// so that each program names the filter its own way: the command line "--filter year: …",
/// the HTTP service "f.year: …".
class FilterError : public UsageError {
  public:
    /// `facet` empty: the facet itself is unknown, and `problem` says so.
    FilterError(std::string facet, std::string problem)
        : UsageError((facet.empty() ? std::string("filter: ") : "filter " + facet + ": ") +
                     problem),
          facet_(std::move(facet)),
          problem_(std::move(problem)) {}
    const std::string& facet() const { return facet_; }
    const std::string& problem() const { return problem_; }

  private:
    std::string facet_;
    std::string problem_;
};

/// A record or input file that cannot be read; names where.
class InputError : public Error {
  public:
    /// `where` is "file:line" or "file: record N" or just "file".
    InputError(std::string where, const std::string& what)
        : Error(where + ": " + what), where_(std::move(where)) {}
    const std::string& where() const { return where_; }

  private:
    std::string where_;
};

/// A record whose content breaks the record format (no id, bad date, ...). The reader turns it
/// into an InputError with the file and line.
class RecordError : public Error {
  public:
    using Error::Error;
};

/// A query that cannot be parsed. `position` is a byte offset into the query.
class QueryError : public Error {
  public:
    QueryError(const std::string& what, std::size_t position) : Error(what), position_(position) {}
    std::size_t position() const { return position_; }
    ExitStatus exit_status() const override { return exit_usage; }

  private:
    std::size_t position_;
};

/// A record asked for by id that the database does not have.
class NotFoundError : public Error {
  public:
    using Error::Error;
};

/// A database that cannot be opened, read or written.
class DatabaseError : public Error {
  public:
    using Error::Error;
};

}  // namespace polsearch
