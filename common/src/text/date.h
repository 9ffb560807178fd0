// Dates of records: the one place that says what a date is. A record's date is "YYYY",
// "YYYY-MM" or "YYYY-MM-DD", a day that exists in the calendar (no 2025-02-30).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace polsearch {

struct Date {
    int year = 0;
    int month = 0;  ///< 1–12, or 0 when only the year is known
    int day = 0;    ///< 1–31, or 0 when unknown
};

/// Now in UTC, as RFC 3339 ("2026-11-28T14:03:30Z"): Atom dates, progress lines.
std::string utc_timestamp();

/// Days in a month of the Gregorian calendar.
int days_in_month(int year, int month);

/// "YYYY", "YYYY-MM" or "YYYY-MM-DD" exactly, a day that exists; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

/// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
std::string format_date(const Date& date);

/// Whether `text` is a year: four digits.
bool is_year(std::string_view text);

/// The dates that exports and harvests write, read leniently: "2025-03-31",
/// "2025-03-31T12:00:00Z", "2025/3/31", "2025/03/31/", "2025///", "2025-03", "2025", with
/// spaces around. nullopt when `text` is no such date or names a day that does not exist.
std::optional<Date> read_date(std::string_view text);

}  // namespace polsearch
