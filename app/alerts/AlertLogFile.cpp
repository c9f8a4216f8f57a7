#include "app/alerts/AlertLogFile.h"

#include "core/alert/AlertJson.h"
#include "core/export/Format.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace feeddeck::app::alerts {

namespace {

QString cannotWrite(const QString &path, const QString &reason)
{
    return QStringLiteral("cannot write the alert log \"%1\": %2").arg(path, reason);
}

} // namespace

AlertLogFile::AlertLogFile(QString path, int maxEntries)
    : m_path(std::move(path))
    , m_maxEntries(std::max(1, maxEntries))
{
}

AlertLogFile::Loaded AlertLogFile::load()
{
    Loaded loaded;
    m_file.close();
    m_lines.clear();
    QFile file(m_path);
    if (!file.exists())
        return loaded;
    if (!file.open(QIODevice::ReadOnly)) {
        loaded.warning = QStringLiteral("cannot read the alert log \"%1\": %2; earlier alerts are not shown")
                             .arg(m_path, feeddeck::exporting::osReason(file.errorString()));
        return loaded;
    }
    int firstDamaged = 0;
    QString firstReason;
    bool cutShort = false;
    int lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNumber;
        if (!line.endsWith('\n')) {
            cutShort = true; // the last line of a write that never finished
            line.append('\n');
        }
        if (line.trimmed().isEmpty())
            continue;
        QString reason;
        std::optional<alert::FiredAlert> alert = alert::parseJsonLine(line, &reason);
        if (!alert) {
            if (++loaded.damagedLines == 1) {
                firstDamaged = lineNumber;
                firstReason = reason;
            }
            continue;
        }
        m_lines.append(line);
        loaded.alerts.append(std::move(*alert));
    }
    file.close();
    if (loaded.alerts.size() > m_maxEntries) {
        const qsizetype extra = loaded.alerts.size() - m_maxEntries;
        loaded.alerts.remove(0, extra);
        m_lines.remove(0, extra);
    }
    if (loaded.damagedLines > 0)
        // One arg() call: a '%' in the path is not taken for a placeholder.
        loaded.warning = QStringLiteral("alert log \"%1\": line %2 skipped (%3)%4")
                             .arg(m_path, QString::number(firstDamaged), firstReason,
                                  loaded.damagedLines > 1
                                      ? QStringLiteral(", and %1 more damaged lines").arg(loaded.damagedLines - 1)
                                      : QString());
    if (cutShort) {
        QString error;
        if (!rewrite(&error))
            loaded.warning += QStringLiteral("; ") + error;
    }
    return loaded;
}

bool AlertLogFile::append(const QList<alert::FiredAlert> &alerts, QString *error)
{
    if (alerts.isEmpty())
        return true;
    QByteArray text;
    for (const alert::FiredAlert &alert : alerts) {
        QByteArray line = alert::toJsonLine(alert);
        text.append(line);
        m_lines.append(std::move(line));
    }
    if (m_lines.size() > m_maxEntries + slack()) {
        m_lines.remove(0, m_lines.size() - m_maxEntries);
        return rewrite(error);
    }
    if (!openForAppend(error))
        return false;
    if (m_file.write(text) != text.size() || !m_file.flush()) {
        *error = cannotWrite(m_path, feeddeck::exporting::osReason(m_file.errorString()));
        m_file.close(); // the next batch tries again from a fresh handle
        return false;
    }
    return true;
}

bool AlertLogFile::clear(QString *error)
{
    m_lines.clear();
    return rewrite(error);
}

bool AlertLogFile::openForAppend(QString *error)
{
    if (m_file.isOpen())
        return true;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.path())) {
        *error = cannotWrite(m_path, QStringLiteral("its folder could not be made"));
        return false;
    }
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        *error = cannotWrite(m_path, feeddeck::exporting::osReason(m_file.errorString()));
        return false;
    }
    return true;
}

bool AlertLogFile::rewrite(QString *error)
{
    m_file.close();
    if (!QDir().mkpath(QFileInfo(m_path).path())) {
        *error = cannotWrite(m_path, QStringLiteral("its folder could not be made"));
        return false;
    }
    QSaveFile file(m_path);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = cannotWrite(m_path, feeddeck::exporting::osReason(file.errorString()));
        return false;
    }
    for (const QByteArray &line : std::as_const(m_lines)) {
        if (file.write(line) != line.size()) {
            *error = cannotWrite(m_path, feeddeck::exporting::osReason(file.errorString()));
            file.cancelWriting();
            return false;
        }
    }
    if (!file.commit()) {
        *error = cannotWrite(m_path, feeddeck::exporting::osReason(file.errorString()));
        return false;
    }
    return openForAppend(error);
}

} // namespace feeddeck::app::alerts
