#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::alert {

// What a rule watches for (the workspace's "when").
enum class When {
    Above,       // value > level; edge-triggered, the first value seen counts
    Below,       // value < level; edge-triggered, the first value seen counts
    CrossesUp,   // previous < level <= current
    CrossesDown, // previous > level >= current
    MovePct,     // |% change| within the last window_s seconds >= value; re-armed when it falls back below
    SpreadAbove, // ask - bid > value, from the latest bid and ask of the symbol; edge-triggered
    SilentFor,   // no update for `value` seconds, per symbol or (symbol "*") per feed; once per silence
};

enum class Severity { Info, Warning, Critical };

// The symbol of a rule that applies to every symbol of its feed.
inline const QString kEverySymbol = QStringLiteral("*");

// One alert rule as the workspace file writes it. `extra` keeps the keys FeedDeck does not
// know, so a load/save round trip loses nothing.
struct AlertRule
{
    QString id {};
    QString feed {};                       // the feed id as the user sees it (a relayed feed: "<nats feed>/<upstream>")
    QString symbol = kEverySymbol;       // "*": every symbol of the feed
    QString field = QStringLiteral("price");
    When when = When::Above;
    double value = 0.0;                  // the level, percentage, spread or seconds of silence
    double windowS = 0.0;                // move_pct: the window in seconds
    double cooldownS = 0.0;              // after firing for a symbol, quiet for this long
    bool enabled = true;
    Severity severity = Severity::Warning;
    QString note {};
    QJsonObject extra {};

    [[nodiscard]] bool everySymbol() const noexcept { return symbol == kEverySymbol; }

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

// The workspace names: "above", "crosses_up", "silent_for_s", ...
[[nodiscard]] QString whenName(When when);
[[nodiscard]] std::optional<When> whenFromName(const QString &name);
[[nodiscard]] const QStringList &whenNames();

// "info", "warning", "critical".
[[nodiscard]] QString severityName(Severity severity);
[[nodiscard]] std::optional<Severity> severityFromName(const QString &name);
[[nodiscard]] const QStringList &severityNames();

} // namespace feeddeck::alert
