#include "core/export/Format.h"

#include "core/data/Update.h"

#include <charconv>
#include <cmath>

namespace feeddeck::exporting {

namespace {

// Floor division: the C++ '/' rounds towards zero, which is wrong before 1970.
constexpr qint64 floorDiv(qint64 a, qint64 b) noexcept
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct CivilDate
{
    qint64 year;
    int month; // 1..12
    int day;   // 1..31
};

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
constexpr CivilDate civilFromDays(qint64 days) noexcept
{
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;                                  // [0, 146096]
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);           // [0, 365]
    const qint64 mp = (5 * doy + 2) / 153;                                // [0, 11]
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

char *putDigits(char *p, qint64 value, int width) noexcept
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

} // namespace

void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value))
        return;
    // Shortest round-trip digits. Plain decimal notation where people and spreadsheets
    // expect it (a price of 100000 is "100000", not "1e+05"; 1e-8 is "0.00000001");
    // exponents only for magnitudes far outside what feeds carry.
    const double magnitude = std::fabs(value);
    const bool plain = magnitude == 0.0 || (magnitude >= 1e-9 && magnitude < 1e16);
    char buf[64]; // fixed notation of |x| < 1e16 with up to 17 significant digits fits easily
    const auto res = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof buf, value);
    if (res.ec == std::errc())
        out.append(buf, res.ptr - buf);
}

QByteArray formatNumber(double value)
{
    QByteArray out;
    appendNumber(out, value);
    return out;
}

void appendInteger(QByteArray &out, qint64 value)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    if (res.ec == std::errc())
        out.append(buf, res.ptr - buf);
}

QByteArray formatInteger(qint64 value)
{
    QByteArray out;
    appendInteger(out, value);
    return out;
}

void appendIsoTimeMs(QByteArray &out, qint64 epochMs)
{
    if (epochMs == data::kNoTime)
        return;
    constexpr qint64 kMsPerDay = 86'400'000;
    // Split without multiplying back: days * kMsPerDay overflows near the qint64 limits.
    qint64 days = epochMs / kMsPerDay;
    qint64 msOfDay = epochMs % kMsPerDay;
    if (msOfDay < 0) {
        msOfDay += kMsPerDay;
        --days;
    }
    const CivilDate date = civilFromDays(days);

    char buf[48];
    char *p = buf;
    // Years outside 0000..9999 only come from nonsense timestamps; print them whole.
    qint64 year = date.year;
    if (year < 0) {
        *p++ = '-';
        year = -year;
    }
    if (year <= 9999) {
        p = putDigits(p, year, 4);
    } else {
        p = std::to_chars(p, buf + 24, year).ptr;
    }
    *p++ = '-';
    p = putDigits(p, date.month, 2);
    *p++ = '-';
    p = putDigits(p, date.day, 2);
    *p++ = 'T';
    p = putDigits(p, msOfDay / 3'600'000, 2);
    *p++ = ':';
    p = putDigits(p, msOfDay / 60'000 % 60, 2);
    *p++ = ':';
    p = putDigits(p, msOfDay / 1000 % 60, 2);
    *p++ = '.';
    p = putDigits(p, msOfDay % 1000, 3);
    *p++ = 'Z';
    out.append(buf, p - buf);
}

QByteArray formatIsoTimeMs(qint64 epochMs)
{
    QByteArray out;
    appendIsoTimeMs(out, epochMs);
    return out;
}

QString osReason(QString message)
{
    // Only a capitalised word is lowered: "SSL" and the like stay as they are.
    if (message.size() > 1 && message.at(0).isUpper() && message.at(1).isLower())
        message[0] = message.at(0).toLower();
    return message;
}

} // namespace feeddeck::exporting
