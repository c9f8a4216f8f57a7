#pragma once

#include <QtGlobal>

#include <cstddef>
#include <optional>
#include <string_view>

// The one home for turning wire text into numbers and times. Every codec goes
// through these so that all feeds agree on what a valid number or timestamp is.
namespace feeddeck::codec {

// A decimal number such as "43000.12", "-0.5" or "1e-8", parsed with full
// precision and never through the locale. The whole text must be the number:
// no whitespace, no leading '+', no hex, no inf/nan. Values that do not fit in
// a double (overflow or underflow to zero, e.g. "1e400", "1e-400") give nullopt.
[[nodiscard]] std::optional<double> parseDecimal(std::string_view text) noexcept;

// parseDecimal with the value through a reference: false where parseDecimal gives nullopt.
// For the hot loops of the codecs: a std::optional<double> returned from a function that is
// not inlined is spilled and reloaded by GCC, a store-forwarding stall on every number.
[[nodiscard]] bool readDecimal(std::string_view text, double &value) noexcept;

// Unsigned decimal digits only, the whole text ("0", "42", "007"); no sign, no space, no
// fraction. Values past quint64 give nullopt.
[[nodiscard]] std::optional<quint64> parseUnsigned(std::string_view text) noexcept;

// An epoch time in seconds or milliseconds, told apart by size (numbers below 1e11 are seconds:
// 1e11 s is the year 5138), as the text of a JSON number: "1795386137", "1795386137.818",
// "1795386137818", "1.795386137818e12". As milliseconds, truncated towards the past like ISO
// times; plain decimals are converted exactly, not through a double. Negative times and times
// past 9999-12-31T23:59:59.999Z give nullopt.
[[nodiscard]] std::optional<qint64> parseEpochSecondsOrMs(std::string_view text) noexcept;

// An epoch time in milliseconds, or in microseconds from 1e14 on (epoch milliseconds stay below
// 1e14 until the year 5138; Binance sends microseconds on connections opened with
// timeUnit=MICROSECOND), as unsigned decimal digits (parseUnsigned). As milliseconds, truncated;
// values from 1e17 on give nullopt.
[[nodiscard]] std::optional<qint64> parseEpochMsOrMicros(std::string_view digits) noexcept;

// An ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"
// with 0 to 9 fractional digits, as Unix epoch milliseconds (sub-milliseconds
// are truncated towards the past). Every component is range-checked, including
// days per month in leap years. Anything else gives nullopt.
[[nodiscard]] std::optional<qint64> parseIsoTimeMs(std::string_view text) noexcept;

// parseIsoTimeMs for a stream of times: the date of the last valid time is remembered,
// because a feed's times share their date, so mostly only the time of day is read.
// Gives exactly what parseIsoTimeMs gives for the same text.
class IsoTimeReader
{
public:
    [[nodiscard]] std::optional<qint64> read(std::string_view text) noexcept;

private:
    static constexpr std::size_t kDateChars = 11; // "YYYY-MM-DDT"
    char m_date[kDateChars] = {};
    qint64 m_dayMs = 0;
    bool m_haveDate = false;
};

} // namespace feeddeck::codec
