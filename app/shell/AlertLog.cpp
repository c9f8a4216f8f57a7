#include "app/shell/AlertLog.h"

#include "core/export/Format.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace feeddeck::app::shell {

namespace {

// A JSON string with Qt's escaping (quotes, control characters, non-ASCII kept as UTF-8).
void appendJsonText(QByteArray &out, const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    out.append(array.constData() + 1, array.size() - 2);
}

void appendMember(QByteArray &out, const char *key, const QString &text)
{
    out.append(",\"").append(key).append("\":");
    appendJsonText(out, text);
}

} // namespace

bool AlertLog::open(const QString &path, QString *error)
{
    m_path = path;
    if (path != QLatin1String("-"))
        m_file.setFileName(path);
    const bool opened = path == QLatin1String("-")
                            ? m_file.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered)
                            : m_file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    if (!opened)
        *error = QStringLiteral("--alerts-jsonl: cannot write \"%1\": %2; check that its folder exists and is writable")
                     .arg(path, feeddeck::exporting::osReason(m_file.errorString()));
    return opened;
}

QByteArray AlertLog::jsonLine(const alert::FiredAlert &alert)
{
    QByteArray line;
    line.reserve(256);
    line.append("{\"time\":\"").append(feeddeck::exporting::formatIsoTimeMs(alert.timeMs)).append('"');
    appendMember(line, "rule", alert.ruleId);
    appendMember(line, "feed", alert.feed);
    appendMember(line, "symbol", alert.symbol);
    appendMember(line, "field", alert.field);
    const QByteArray value = feeddeck::exporting::formatNumber(alert.value);
    line.append(",\"value\":").append(value.isEmpty() ? QByteArray("null") : value);
    appendMember(line, "severity", alert::severityName(alert.severity));
    appendMember(line, "when", alert::whenName(alert.when));
    appendMember(line, "note", alert.note);
    line.append("}\n");
    return line;
}

void AlertLog::write(const QList<alert::FiredAlert> &alerts, quint64 dropped)
{
    if (dropped > 0)
        std::fprintf(stderr, "feeddeck: %llu alerts were not written: more fired within one batch than are held\n",
                     static_cast<unsigned long long>(dropped));
    if (alerts.isEmpty() || m_broken || !m_file.isOpen())
        return;
    QByteArray lines;
    for (const alert::FiredAlert &alert : alerts)
        lines.append(jsonLine(alert));
    if (m_file.write(lines) == lines.size() && m_file.flush())
        return;
    m_broken = true; // said once, not once a batch
    if (m_failed)
        m_failed(QStringLiteral("cannot write \"%1\": %2").arg(m_path, feeddeck::exporting::osReason(m_file.errorString())));
}

} // namespace feeddeck::app::shell
