#pragma once

#include "core/alert/AlertRule.h"
#include "core/alert/FiredAlert.h"

#include <QString>

// How a fired alert reads to the user: the same words in the banner, the log view and the
// desktop notification. And how a rule reads in the rules list and its form.
namespace feeddeck::app::alerts {

// Local time with milliseconds, "2026-12-07 14:05:01.123".
[[nodiscard]] QString localTime(qint64 epochMs);

// The value as the window shows numbers (the user's decimal separator); "—" when not a number.
[[nodiscard]] QString formattedValue(const alert::FiredAlert &alert);

// What happened, in a few words: "BTC-USD price above 70012.5", "cb silent for 30 s".
[[nodiscard]] QString summary(const alert::FiredAlert &alert);

// The rest: "Rule btc-high on feed cb at 2026-12-07 14:05:01.123. Sell half." (the note last).
[[nodiscard]] QString details(const alert::FiredAlert &alert);

// A number of a rule as the user reads and types it: all its digits, the user's decimal separator.
[[nodiscard]] QString ruleNumber(double value);

// A kind of rule in words, as the rule form offers it: "rises above", "moves by (%)", ...
[[nodiscard]] QString whenText(alert::When when);

// What the value of a kind of rule is: "Level", "Move (%)", "Spread", "Silence (s)".
[[nodiscard]] QString valueLabel(alert::When when);

// A rule's condition in words: "price above 70000", "price moves 2.5% within 60 s",
// "spread above 0.5", "silent for 30 s".
[[nodiscard]] QString condition(const alert::AlertRule &rule);

} // namespace feeddeck::app::alerts
