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
