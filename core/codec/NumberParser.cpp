#include "core/codec/NumberParser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

namespace feeddeck::codec {

namespace {

[[nodiscard]] constexpr bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `pos`; false when any of them is not a digit.
[[nodiscard]] bool readDigits(std::string_view text, std::size_t pos, std::size_t count, int &out) noexcept
{
    if (pos + count > text.size())
        return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!isDigit(text[i]))
            return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

[[nodiscard]] constexpr bool isLeapYear(int year) noexcept
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

[[nodiscard]] constexpr int daysInMonth(int year, int month) noexcept
{
    constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
[[nodiscard]] constexpr qint64 daysFromCivil(int year, int month, int day) noexcept
{
    const qint64 y = year - (month <= 2 ? 1 : 0);
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yearOfEra = y - era * 400;
    const qint64 dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

static_assert(daysFromCivil(1970, 1, 1) == 0);
static_assert(daysFromCivil(2000, 3, 1) == 11017);

} // namespace

namespace {

// Exact powers of ten as doubles (10^22 is the largest one a double holds exactly).
constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// The common wire form "-?digits(.digits)?" with at most 15 digits: the digits as an integer
// are exact in a double, and so is the power of ten, so one division gives the correctly
// rounded value, the same one from_chars gives (Clinger's fast path). Anything else: false.
[[nodiscard]] bool shortDecimal(std::string_view text, double &out) noexcept
{
    constexpr int kMaxDigits = 15;
    std::size_t i = !text.empty() && text.front() == '-' ? 1 : 0;
    const bool negative = i == 1;
    std::int64_t digits = 0;
    int count = 0;
    int fraction = -1; // digits after the point; -1 while there is no point
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (isDigit(c)) {
            digits = digits * 10 + (c - '0');
            if (++count > kMaxDigits)
                return false;
            if (fraction >= 0)
                ++fraction;
        } else if (c == '.' && fraction < 0 && count > 0) {
            fraction = 0;
        } else {
            return false;
        }
    }
    if (count == 0 || fraction == 0)
        return false;
    const double value = double(digits) / kExactPowersOfTen[fraction < 0 ? 0 : fraction];
    out = negative ? -value : value;
    return true;
}

} // namespace

bool readDecimal(std::string_view text, double &value) noexcept
{
    if (shortDecimal(text, value))
        return true;

    // from_chars would accept "inf", "nan" and "infinity": insist on a digit or a point first.
    const std::size_t first = !text.empty() && text.front() == '-' ? 1 : 0;
    if (first >= text.size() || !(isDigit(text[first]) || text[first] == '.'))
        return false;

    double parsed = 0.0;
    const char *end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, parsed, std::chars_format::general);
    if (ec != std::errc() || ptr != end || !std::isfinite(parsed))
        return false;
    value = parsed;
    return true;
}

std::optional<double> parseDecimal(std::string_view text) noexcept
{
    if (double value = 0.0; readDecimal(text, value))
        return value;
    return std::nullopt;
}

namespace {

// "YYYY-MM-DDT" at the start of text, range-checked, as days since 1970-01-01.
[[nodiscard]] std::optional<qint64> isoDate(std::string_view text) noexcept
{
    int year = 0, month = 0, day = 0;
    if (text.size() < 20 || !readDigits(text, 0, 4, year) || text[4] != '-' || !readDigits(text, 5, 2, month)
        || text[7] != '-' || !readDigits(text, 8, 2, day) || text[10] != 'T')
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    return daysFromCivil(year, month, day);
}

// The rest after the date, "HH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)", as milliseconds since
// that day's midnight UTC (negative or past a day when the offset says so).
[[nodiscard]] std::optional<qint64> isoTimeOfDayMs(std::string_view text) noexcept
{
    int hour = 0, minute = 0, second = 0;
    if (text.size() < 20 || !readDigits(text, 11, 2, hour) || text[13] != ':' || !readDigits(text, 14, 2, minute) || text[16] != ':'
        || !readDigits(text, 17, 2, second))
        return std::nullopt;
    if (hour > 23 || minute > 59 || second > 59)
        return std::nullopt;

    std::size_t pos = 19;
    int millis = 0;
    if (text[pos] == '.') {
        ++pos;
        const std::size_t fractionStart = pos;
        while (pos < text.size() && isDigit(text[pos])) {
            const std::size_t index = pos - fractionStart;
            if (index < 3)
                millis = millis * 10 + (text[pos] - '0');
            ++pos;
        }
        const std::size_t digits = pos - fractionStart;
        if (digits == 0 || digits > 9)
            return std::nullopt;
        for (std::size_t i = digits; i < 3; ++i)
            millis *= 10;
    }

    int offsetMinutes = 0;
    if (pos >= text.size())
        return std::nullopt;
    if (text[pos] == 'Z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int offsetHours = 0, offsetMins = 0;
        if (!readDigits(text, pos + 1, 2, offsetHours) || pos + 3 >= text.size() || text[pos + 3] != ':'
            || !readDigits(text, pos + 4, 2, offsetMins) || offsetHours > 23 || offsetMins > 59)
            return std::nullopt;
        offsetMinutes = (offsetHours * 60 + offsetMins) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;
    const qint64 seconds = hour * 3600 + minute * 60 + second - qint64(offsetMinutes) * 60;
    return seconds * 1000 + millis;
}

constexpr qint64 kMsPerDay = 86'400'000;

// Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138).
constexpr double kSecondsLimit = 1e11;
// 9999-12-31T23:59:59.999Z, the last instant an ISO 8601 time can name.
constexpr qint64 kMaxEpochMs = Q_INT64_C(253402300799999);
// Epoch milliseconds stay below 1e14 until the year 5138: larger times are microseconds.
constexpr qint64 kMicrosecondsFrom = Q_INT64_C(100000000000000);
constexpr qint64 kMaxMsOrMicros = kMicrosecondsFrom * 1000;

} // namespace

std::optional<quint64> parseUnsigned(std::string_view text) noexcept
{
    if (text.empty() || !isDigit(text.front()))
        return std::nullopt;
    quint64 value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<qint64> parseEpochSecondsOrMs(std::string_view text) noexcept
{
    const std::optional<double> value = parseDecimal(text);
    if (!value || *value < 0.0)
        return std::nullopt;
    const bool seconds = *value < kSecondsLimit;
    if (*value * (seconds ? 1000.0 : 1.0) > double(kMaxEpochMs))
        return std::nullopt;
    if (text.find_first_of("eE") != std::string_view::npos)
        return qint64(std::floor(*value * (seconds ? 1000.0 : 1.0)));

    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    qint64 ms = 0;
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), ms);
    if (ec != std::errc() || end != whole.data() + whole.size())
        return std::nullopt;
    if (seconds) {
        ms *= 1000;
        const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
        qint64 scale = 100;
        for (std::size_t i = 0; i < fraction.size() && i < 3; ++i, scale /= 10)
            ms += qint64(fraction[i] - '0') * scale;
    }
    return ms <= kMaxEpochMs ? std::optional<qint64>(ms) : std::nullopt;
}

std::optional<qint64> parseEpochMsOrMicros(std::string_view digits) noexcept
{
    const std::optional<quint64> value = parseUnsigned(digits);
    if (!value || *value >= quint64(kMaxMsOrMicros))
        return std::nullopt;
    const auto time = qint64(*value);
    return time < kMicrosecondsFrom ? time : time / 1000;
}

std::optional<qint64> parseIsoTimeMs(std::string_view text) noexcept
{
    const std::optional<qint64> days = isoDate(text);
    if (!days)
        return std::nullopt;
    const std::optional<qint64> timeOfDay = isoTimeOfDayMs(text);
    if (!timeOfDay)
        return std::nullopt;
    return *days * kMsPerDay + *timeOfDay;
}

std::optional<qint64> IsoTimeReader::read(std::string_view text) noexcept
{
    if (!m_haveDate || text.size() < kDateChars || std::string_view(m_date, kDateChars) != text.substr(0, kDateChars)) {
        const std::optional<qint64> days = isoDate(text);
        if (!days)
            return std::nullopt;
        std::copy_n(text.data(), kDateChars, m_date);
        m_dayMs = *days * kMsPerDay;
        m_haveDate = true;
    }
    const std::optional<qint64> timeOfDay = isoTimeOfDayMs(text);
    if (!timeOfDay)
        return std::nullopt;
    return m_dayMs + *timeOfDay;
}

} // namespace feeddeck::codec
