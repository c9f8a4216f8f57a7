#include "app/alerts/AlertText.h"

#include "app/display/NumberDisplay.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cmath>

namespace feeddeck::app::alerts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FeedDeck::Alerts", text);
}

} // namespace

QString ruleNumber(double value)
{
    return display::fixed(value, display::fractionDigits(value));
}

QString localTime(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formattedValue(const alert::FiredAlert &alert)
{
    if (!std::isfinite(alert.value))
        return QStringLiteral("—");
    // A move in percent reads to two decimals and a silence in whole seconds: their raw values
    // (0.0520611868 %, 30.016 s) carry digits no one reads.
    switch (alert.when) {
    case alert::When::MovePct:
        return display::fixed(alert.value, 2);
    case alert::When::SilentFor:
        return display::fixed(alert.value, 0);
    default:
        return display::fixed(alert.value, display::fractionDigits(alert.value));
    }
}

QString summary(const alert::FiredAlert &alert)
{
    const QString value = formattedValue(alert);
    const QString subject = alert.symbol == alert::kEverySymbol ? alert.feed : alert.symbol;
    switch (alert.when) {
    case alert::When::Above:
        return tr("%1 %2 above: %3").arg(subject, alert.field, value);
    case alert::When::Below:
        return tr("%1 %2 below: %3").arg(subject, alert.field, value);
    case alert::When::CrossesUp:
        return tr("%1 %2 crossed up: %3").arg(subject, alert.field, value);
    case alert::When::CrossesDown:
        return tr("%1 %2 crossed down: %3").arg(subject, alert.field, value);
    case alert::When::MovePct:
        return tr("%1 %2 moved %3%").arg(subject, alert.field, value);
    case alert::When::SpreadAbove:
        return tr("%1 spread wide: %2").arg(subject, value);
    case alert::When::SilentFor:
        return tr("%1 silent for %2 s").arg(subject, value);
    }
    return subject;
}

QString details(const alert::FiredAlert &alert)
{
    QString text = tr("Rule %1 on feed %2 at %3.").arg(alert.ruleId, alert.feed, localTime(alert.timeMs));
    if (!alert.note.isEmpty())
        text += u' ' + alert.note;
    return text;
}

QString whenText(alert::When when)
{
    switch (when) {
    case alert::When::Above: return tr("is above");
    case alert::When::Below: return tr("is below");
    case alert::When::CrossesUp: return tr("crosses up through");
    case alert::When::CrossesDown: return tr("crosses down through");
    case alert::When::MovePct: return tr("moves by (% within a window)");
    case alert::When::SpreadAbove: return tr("spread (ask − bid) is above");
    case alert::When::SilentFor: return tr("is silent for (seconds)");
    }
    return {};
}

QString valueLabel(alert::When when)
{
    switch (when) {
    case alert::When::MovePct: return tr("Move (%)");
    case alert::When::SpreadAbove: return tr("Spread");
    case alert::When::SilentFor: return tr("Silence (s)");
    default: return tr("Level");
    }
}

QString condition(const alert::AlertRule &rule)
{
    const QString value = ruleNumber(rule.value);
    switch (rule.when) {
    case alert::When::Above: return tr("%1 above %2").arg(rule.field, value);
    case alert::When::Below: return tr("%1 below %2").arg(rule.field, value);
    case alert::When::CrossesUp: return tr("%1 crosses up through %2").arg(rule.field, value);
    case alert::When::CrossesDown: return tr("%1 crosses down through %2").arg(rule.field, value);
    case alert::When::MovePct:
        return tr("%1 moves %2% within %3 s").arg(rule.field, value, ruleNumber(rule.windowS));
    case alert::When::SpreadAbove: return tr("spread above %1").arg(value);
    case alert::When::SilentFor: return tr("silent for %1 s").arg(value);
    }
    return {};
}

} // namespace feeddeck::app::alerts
