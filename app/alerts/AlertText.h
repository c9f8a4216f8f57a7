#pragma once

#include "core/alert/FiredAlert.h"

#include <QString>

// How a fired alert reads to the user: the same words in the banner, the log view and the
// desktop notification.
namespace feeddeck::app::alerts {

// Local time with milliseconds, "2026-12-07 14:05:01.123".
[[nodiscard]] QString localTime(qint64 epochMs);

// The value as the window shows numbers (the user's decimal separator); "—" when not a number.
[[nodiscard]] QString formattedValue(const alert::FiredAlert &alert);

// What happened, in a few words: "BTC-USD price above 70012.5", "cb silent for 30 s".
[[nodiscard]] QString summary(const alert::FiredAlert &alert);

// The rest: "Rule btc-high on feed cb at 2026-12-07 14:05:01.123. Sell half." (the note last).
[[nodiscard]] QString details(const alert::FiredAlert &alert);

} // namespace feeddeck::app::alerts
