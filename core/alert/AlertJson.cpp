#include "core/alert/AlertJson.h"

#include "core/export/Format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <limits>

namespace feeddeck::alert {

namespace {

// A JSON string with Qt's escaping (quotes, control characters, non-ASCII kept as UTF-8).
void appendAlertJsonText(QByteArray &out, const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    out.append(array.constData() + 1, array.size() - 2);
}

void appendAlertMember(QByteArray &out, const char *key, const QString &text)
{
    out.append(",\"").append(key).append("\":");
    appendAlertJsonText(out, text);
}

// A text member that must be there; false (and *error) otherwise.
bool readAlertText(const QJsonObject &object, const char *key, QString *out, QString *error)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isString()) {
        *error = QStringLiteral("no text \"%1\"").arg(QLatin1String(key));
        return false;
    }
    *out = value.toString();
    return true;
}

} // namespace

QByteArray toJsonLine(const FiredAlert &alert)
{
    QByteArray line;
    line.reserve(256);
    line.append("{\"time\":\"").append(exporting::formatIsoTimeMs(alert.timeMs)).append('"');
    appendAlertMember(line, "rule", alert.ruleId);
    appendAlertMember(line, "feed", alert.feed);
    appendAlertMember(line, "symbol", alert.symbol);
    appendAlertMember(line, "field", alert.field);
    const QByteArray value = exporting::formatNumber(alert.value);
    line.append(",\"value\":").append(value.isEmpty() ? QByteArray("null") : value);
    appendAlertMember(line, "severity", severityName(alert.severity));
    appendAlertMember(line, "when", whenName(alert.when));
    appendAlertMember(line, "note", alert.note);
    line.append("}\n");
    return line;
}

std::optional<FiredAlert> parseJsonLine(QByteArrayView line, QString *error)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    FiredAlert alert;
    QString time, severity, when;
    if (!readAlertText(object, "time", &time, error) || !readAlertText(object, "rule", &alert.ruleId, error)
        || !readAlertText(object, "feed", &alert.feed, error) || !readAlertText(object, "symbol", &alert.symbol, error)
        || !readAlertText(object, "field", &alert.field, error) || !readAlertText(object, "severity", &severity, error)
        || !readAlertText(object, "when", &when, error))
        return std::nullopt;
    const QDateTime at = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (!at.isValid()) {
        *error = QStringLiteral("\"time\" is not an ISO 8601 time");
        return std::nullopt;
    }
    alert.timeMs = at.toMSecsSinceEpoch();
    const QJsonValue value = object.value(QLatin1String("value"));
    if (!value.isDouble() && !value.isNull()) {
        *error = QStringLiteral("\"value\" is not a number");
        return std::nullopt;
    }
    alert.value = value.isNull() ? std::numeric_limits<double>::quiet_NaN() : value.toDouble();
    const std::optional<Severity> parsedSeverity = severityFromName(severity);
    const std::optional<When> parsedWhen = whenFromName(when);
    if (!parsedSeverity || !parsedWhen) {
        *error = parsedSeverity ? QStringLiteral("unknown \"when\"") : QStringLiteral("unknown \"severity\"");
        return std::nullopt;
    }
    alert.severity = *parsedSeverity;
    alert.when = *parsedWhen;
    alert.note = object.value(QLatin1String("note")).toString(); // optional
    return alert;
}

} // namespace feeddeck::alert
