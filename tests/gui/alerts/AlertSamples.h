#pragma once

#include "core/alert/FiredAlert.h"

#include <QList>
#include <QString>

namespace feeddeck::testing {

// Alert number `n` of a test: rule "rule-<n>", value n + 0.5, one second apart.
inline alert::FiredAlert sampleAlert(int n)
{
    return alert::FiredAlert{.timeMs = 1795386137818 + qint64(n) * 1000,
                             .ruleId = QStringLiteral("rule-%1").arg(n),
                             .feed = QStringLiteral("cb"),
                             .symbol = QStringLiteral("BTC-USD"),
                             .field = QStringLiteral("price"),
                             .value = n + 0.5,
                             .severity = n % 2 ? alert::Severity::Critical : alert::Severity::Info,
                             .note = QStringLiteral("note %1").arg(n),
                             .when = alert::When::Above};
}

// Alerts first..last (oldest first).
inline QList<alert::FiredAlert> sampleAlerts(int first, int last)
{
    QList<alert::FiredAlert> alerts;
    for (int n = first; n <= last; ++n)
        alerts.append(sampleAlert(n));
    return alerts;
}

} // namespace feeddeck::testing
