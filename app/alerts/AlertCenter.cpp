#include "app/alerts/AlertCenter.h"

#include "app/alerts/AlertCsv.h"
#include "app/alerts/AlertText.h"
#include "app/settings/SettingsLocation.h"

#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

namespace feeddeck::app::alerts {

namespace {
Q_LOGGING_CATEGORY(lcAlertLog, "feeddeck.alerts.log")
} // namespace

AlertCenter::AlertCenter(const QString &logPath, int maxEntries, QObject *parent)
    : QObject(parent)
    , m_file(logPath, maxEntries)
    , m_model(maxEntries)
{
    AlertLogFile::Loaded loaded = m_file.load();
    m_model.reset(loaded.alerts);
    if (!loaded.warning.isEmpty()) {
        qCWarning(lcAlertLog, "%s", qPrintable(loaded.warning));
        m_problem = loaded.warning;
    }
}

QString AlertCenter::defaultLogPath()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(data).filePath(settings::organizationName() + QStringLiteral("/alerts.jsonl"));
}

void AlertCenter::applyBatch(const feed::EngineBatchPtr &batch)
{
    if (batch->alertsDropped > 0)
        qCWarning(lcAlertLog, "%llu alerts fired within one frame beyond what is held; they are not logged",
                  static_cast<unsigned long long>(batch->alertsDropped));
    if (batch->alerts.isEmpty())
        return;
    QString error;
    if (!m_file.append(batch->alerts, &error)) {
        if (m_problem != error)
            qCWarning(lcAlertLog, "%s", qPrintable(error));
        setProblem(error);
    }
    m_model.add(batch->alerts);
    m_notifier.notify(batch->alerts);
    // The banner shows the newest of the most severe alerts of this frame: a critical alert
    // is not hidden by an info that fired a moment after it.
    const alert::FiredAlert *shown = &batch->alerts.constLast();
    for (const alert::FiredAlert &alert : batch->alerts)
        if (alert.severity >= shown->severity)
            shown = &alert;
    m_latestSummary = summary(*shown);
    m_latestDetails = details(*shown);
    if (const qsizetype others = batch->alerts.size() - 1; others > 0)
        m_latestDetails += u' ' + tr("(and %n more in the log)", nullptr, int(others));
    m_latestSeverity = alert::severityName(shown->severity);
    emit fired();
}

QString AlertCenter::exportCsv(const QString &path) const
{
    const QString local = path.startsWith(QLatin1String("file:")) ? QUrl(path).toLocalFile() : path;
    QList<alert::FiredAlert> oldestFirst(m_model.alerts().crbegin(), m_model.alerts().crend());
    return exportAlertCsv(local, oldestFirst).error;
}

void AlertCenter::clear()
{
    QString error;
    setProblem(m_file.clear(&error) ? QString() : error);
    m_model.clear();
}

void AlertCenter::setProblem(const QString &problem)
{
    if (m_problem == problem)
        return;
    m_problem = problem;
    emit problemChanged();
}

} // namespace feeddeck::app::alerts
