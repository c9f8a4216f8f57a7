#pragma once

#include <QString>

// How numbers look on screen (the CSV has its own, locale-free format in core/export).
// Prices keep a fixed number of decimals per instrument so columns do not jitter.
namespace feeddeck::app::display {

// Fraction digits of the shortest form of `value` ("43000.125" -> 3), at most 10.
[[nodiscard]] int fractionDigits(double value);

// `value` with exactly `decimals` fraction digits and the user's decimal separator.
[[nodiscard]] QString fixed(double value, int decimals);

// Large quantities, shortened: 18234.11 -> "18.2K", 84690830919 -> "84.7B".
[[nodiscard]] QString compact(double value);

// "now", "12 s", "3 min", "2 h".
[[nodiscard]] QString age(qint64 ageMs);

// A round-trip time: "0.4 ms", "12 ms"; empty when negative (none measured).
[[nodiscard]] QString roundTrip(double ms);

} // namespace feeddeck::app::display
