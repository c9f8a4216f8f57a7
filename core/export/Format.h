#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace feeddeck::exporting {

// The one home of output formatting for CSV and stats files. Nothing here
// depends on the locale: the decimal point is '.' everywhere.

// Shortest form that reads back to the same double (std::to_chars), e.g.
// "42", "-0.5", "43000.12", "1e-08". NaN and infinities give an empty result.
[[nodiscard]] QByteArray formatNumber(double value);
void appendNumber(QByteArray &out, double value);

// Plain decimal digits, never an exponent ("1795386140691").
[[nodiscard]] QByteArray formatInteger(qint64 value);
void appendInteger(QByteArray &out, qint64 value);

// ISO 8601 UTC with milliseconds, "2026-11-22T22:22:17.818Z".
// data::kNoTime gives an empty result.
[[nodiscard]] QByteArray formatIsoTimeMs(qint64 epochMs);
void appendIsoTimeMs(QByteArray &out, qint64 epochMs);

// An OS error message as part of a sentence: "No space left on device" -> "no space
// left on device", so it reads well after `cannot write "x.csv": `.
[[nodiscard]] QString osReason(QString message);

} // namespace feeddeck::exporting
