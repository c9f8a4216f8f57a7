#pragma once

#include "app/alerts/AlertLogFile.h"
#include "app/alerts/AlertLogModel.h"
#include "app/alerts/DesktopNotifier.h"
#include "core/feed/EngineBatch.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::alerts {

// Where the window's alerts go when a batch brings them: the log on disk, the log view's
// model, the desktop, and the banner (the newest alert). The alerts view's Export and Clear.
class AlertCenter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertCenter is provided by the application")
    Q_PROPERTY(feeddeck::app::alerts::AlertLogModel *log READ log CONSTANT)
    Q_PROPERTY(feeddeck::app::alerts::DesktopNotifier *notifier READ notifier CONSTANT)
    Q_PROPERTY(QString latestSummary READ latestSummary NOTIFY fired)
    Q_PROPERTY(QString latestDetails READ latestDetails NOTIFY fired)
    Q_PROPERTY(QString latestSeverity READ latestSeverity NOTIFY fired)
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)

public:
    // The log kept in `logPath` (loaded now), at most `maxEntries`.
    explicit AlertCenter(const QString &logPath, int maxEntries = AlertLogFile::kDefaultMaxEntries,
                         QObject *parent = nullptr);

    // $XDG_DATA_HOME/feeddeck/alerts.jsonl: beside the data of FeedDeck's other files.
    [[nodiscard]] static QString defaultLogPath();

    [[nodiscard]] AlertLogModel *log() { return &m_model; }
    [[nodiscard]] DesktopNotifier *notifier() { return &m_notifier; }
    [[nodiscard]] const QString &latestSummary() const noexcept { return m_latestSummary; }
    [[nodiscard]] const QString &latestDetails() const noexcept { return m_latestDetails; }
    [[nodiscard]] const QString &latestSeverity() const noexcept { return m_latestSeverity; }
    // What went wrong with the log file (damaged lines at start, a failed write); empty when fine.
    [[nodiscard]] const QString &problem() const noexcept { return m_problem; }

    void applyBatch(const feed::EngineBatchPtr &batch);

    // Writes the log as CSV; "" when it worked, otherwise what went wrong and what to do.
    // `path` is a local path or a file:// URL (a file dialog's).
    Q_INVOKABLE QString exportCsv(const QString &path) const;
    // Empties the log, on screen and on disk.
    Q_INVOKABLE void clear();

signals:
    // A batch brought alerts: the latest* properties hold the newest of its most severe.
    void fired();
    void problemChanged();

private:
    void setProblem(const QString &problem);

    AlertLogFile m_file;
    AlertLogModel m_model;
    DesktopNotifier m_notifier;
    QString m_latestSummary;
    QString m_latestDetails;
    QString m_latestSeverity;
    QString m_problem;
};

} // namespace feeddeck::app::alerts
