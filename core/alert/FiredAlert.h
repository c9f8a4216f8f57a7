#pragma once

#include "core/alert/AlertRule.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace feeddeck::alert {

// One time a rule fired, for one symbol. Plain value: it crosses threads inside a batch.
struct FiredAlert
{
    qint64 timeMs = 0;  // Unix epoch ms: the update's receipt time, or the silence check's clock
    QString ruleId {};
    QString feed {};
    QString symbol {};     // "*" for a feed-wide silence
    QString field {};   // the rule's field; "spread" for spread_above, empty for silence
    double value = 0.0; // the field's value; the % move, the spread, or the seconds of silence
    Severity severity = Severity::Warning;
    QString note {};
    When when = When::Above;

    friend bool operator==(const FiredAlert &, const FiredAlert &) = default;
};

// What the engine hands over: the alerts fired since the last take, in order, and how many
// were dropped because the buffer was full.
struct FiredAlerts
{
    QList<FiredAlert> alerts {};
    quint64 dropped = 0;
};

} // namespace feeddeck::alert
