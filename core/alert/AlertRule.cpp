#include "core/alert/AlertRule.h"

namespace feeddeck::alert {

namespace {

// In enum order, so an enum value indexes its name.
const QStringList &alertWhenNameList()
{
    static const QStringList names = {QStringLiteral("above"),       QStringLiteral("below"),
                                      QStringLiteral("crosses_up"),  QStringLiteral("crosses_down"),
                                      QStringLiteral("move_pct"),    QStringLiteral("spread_above"),
                                      QStringLiteral("silent_for_s")};
    return names;
}

const QStringList &alertSeverityNameList()
{
    static const QStringList names = {QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("critical")};
    return names;
}

} // namespace

QString whenName(When when)
{
    return alertWhenNameList().at(static_cast<qsizetype>(when));
}

std::optional<When> whenFromName(const QString &name)
{
    const qsizetype at = alertWhenNameList().indexOf(name);
    if (at < 0)
        return std::nullopt;
    return static_cast<When>(at);
}

const QStringList &whenNames()
{
    return alertWhenNameList();
}

QString severityName(Severity severity)
{
    return alertSeverityNameList().at(static_cast<qsizetype>(severity));
}

std::optional<Severity> severityFromName(const QString &name)
{
    const qsizetype at = alertSeverityNameList().indexOf(name);
    if (at < 0)
        return std::nullopt;
    return static_cast<Severity>(at);
}

const QStringList &severityNames()
{
    return alertSeverityNameList();
}

} // namespace feeddeck::alert
