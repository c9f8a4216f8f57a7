#include "core/sim/JsonLineWriter.h"

#include "core/codec/JsonText.h"

#include <chrono>
#include <cstdio>
#include <utility>

namespace feeddeck::sim {

JsonLineWriter &JsonLineWriter::text(const char *key, QStringView value)
{
    appendKey(key);
    codec::appendJsonString(m_out, value);
    return *this;
}

JsonLineWriter &JsonLineWriter::number(const char *key, qint64 value)
{
    appendKey(key);
    m_out.append(QByteArray::number(value));
    return *this;
}

JsonLineWriter &JsonLineWriter::decimalText(const char *key, qint64 units, int decimals)
{
    appendKey(key);
    m_out.append('"').append(formatFixed(units, decimals)).append('"');
    return *this;
}

JsonLineWriter &JsonLineWriter::raw(const char *key, QByteArrayView json)
{
    appendKey(key);
    m_out.append(json);
    return *this;
}

JsonLineWriter &JsonLineWriter::textList(const char *key, const QStringList &values)
{
    appendKey(key);
    codec::appendJsonStringArray(m_out, values);
    return *this;
}

QByteArray JsonLineWriter::finish()
{
    m_out.append('}');
    return std::exchange(m_out, QByteArrayLiteral("{"));
}

void JsonLineWriter::appendKey(const char *key)
{
    if (m_out.size() > 1)
        m_out.append(',');
    m_out.append('"').append(key).append("\":");
}

QByteArray formatFixed(qint64 units, int decimals)
{
    if (decimals <= 0)
        return QByteArray::number(units);
    const bool negative = units < 0;
    // Through quint64 so that the most negative value does not overflow.
    const quint64 magnitude = negative ? quint64(0) - quint64(units) : quint64(units);
    QByteArray digits = QByteArray::number(magnitude);
    if (digits.size() <= decimals)
        digits.prepend(QByteArray(decimals - digits.size() + 1, '0'));
    digits.insert(digits.size() - decimals, '.');
    if (negative)
        digits.prepend('-');
    return digits;
}

namespace {

// Whole seconds as "YYYY-MM-DDTHH:MM:SS", proleptic Gregorian, UTC.
QByteArray isoSeconds(qint64 epochSeconds)
{
    using namespace std::chrono;
    const sys_seconds instant{seconds{epochSeconds}};
    const sys_days day = floor<days>(instant);
    const year_month_day date{day};
    const hh_mm_ss clock{instant - day};
    char buffer[48];
    const int length = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", int(date.year()),
                                     unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                                     int(clock.minutes().count()), int(clock.seconds().count()));
    return QByteArray(buffer, qBound(0, length, int(sizeof buffer) - 1));
}

// Floor division, so that instants before 1970 still get a non-negative fraction.
constexpr qint64 floorDiv(qint64 value, qint64 divisor) noexcept
{
    return value / divisor - ((value % divisor != 0) && (value < 0) ? 1 : 0);
}

QByteArray paddedFraction(qint64 value, int width)
{
    QByteArray digits = QByteArray::number(value);
    if (digits.size() < width)
        digits.prepend(QByteArray(width - digits.size(), '0'));
    return digits;
}

} // namespace

QByteArray isoTimeMicros(qint64 epochMicros)
{
    const qint64 seconds = floorDiv(epochMicros, 1'000'000);
    return isoSeconds(seconds) + '.' + paddedFraction(epochMicros - seconds * 1'000'000, 6) + 'Z';
}

QByteArray isoTimeMillis(qint64 epochMs)
{
    const qint64 seconds = floorDiv(epochMs, 1000);
    return isoSeconds(seconds) + '.' + paddedFraction(epochMs - seconds * 1000, 3) + 'Z';
}

qint64 nowEpochMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace feeddeck::sim
