#include "text/date.h"

#include <algorithm>
#include <ctime>

#include "text/scan.h"

namespace polsearch {
namespace {

int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

// Month and day in range; the day in its month.
std::optional<Date> checked(int year, int month, int day) {
    if (month != 0 && (month < 1 || month > 12)) return std::nullopt;
    if (day != 0 && (month == 0 || day < 1 || day > days_in_month(year, month)))
        return std::nullopt;
    return Date{year, month, day};
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

std::optional<Date> parse_date(std::string_view text) {
    detail::Scanner scan(text);
    const std::string_view year = scan.digits(4, 4);
    if (year.empty()) return std::nullopt;
    int month = 0, day = 0;
    if (scan.one('-')) {
        const std::string_view digits = scan.digits(2, 2);
        if (digits.empty()) return std::nullopt;
        month = number(digits);
        if (scan.one('-')) {
            const std::string_view day_digits = scan.digits(2, 2);
            if (day_digits.empty()) return std::nullopt;
            day = number(day_digits);
        }
    }
    if (!scan.done()) return std::nullopt;
    return checked(number(year), month, day);
}

std::string format_date(const Date& date) {
    std::string text = std::to_string(date.year);
    const auto two = [&](int value) {
        text += value < 10 ? "-0" : "-";
        text += std::to_string(value);
    };
    if (date.month != 0) two(date.month);
    if (date.day != 0) two(date.day);
    return text;
}

bool is_year(std::string_view text) {
    return text.size() == 4 && std::all_of(text.begin(), text.end(), detail::is_ascii_digit);
}

std::optional<Date> read_date(std::string_view text) {
    while (!text.empty() && detail::is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && detail::is_ascii_space(text.back())) text.remove_suffix(1);
    // YYYY, then [-/] and an optional month, then [-/] and an optional day, then an optional
    // '/', then nothing or a time after 'T' or a space.
    detail::Scanner scan(text);
    const std::string_view year = scan.digits(4, 4);
    if (year.empty()) return std::nullopt;
    int month = 0, day = 0;
    const auto separator = [&] { return scan.one('-') || scan.one('/'); };
    if (separator()) {
        month = number(scan.digits(1, 2));
        if (separator()) day = number(scan.digits(1, 2));
    }
    scan.one('/');
    if (!scan.done() && !scan.one('T') && !scan.one(' ')) return std::nullopt;
    if (month == 0) day = 0;  // "2025//31": a day without a month says nothing
    return checked(number(year), month, day);
}

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace polsearch
