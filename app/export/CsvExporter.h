#pragma once

#include "core/export/CsvWriter.h"
#include "core/feed/Snapshot.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>

class QAbstractItemModel;

namespace feeddeck::feed {
class FeedManager;
}

namespace feeddeck::app::chart {
class ChartBoard;
}
namespace feeddeck::app::health {
class FeedStatusModel;
}
namespace feeddeck::app::settings {
class UiSettings;
}

namespace feeddeck::app::exporting {

// CSV exports from the window: a snapshot (all feeds, one feed, or the rows a table shows,
// in its order) and the charted history. The data is taken at one instant on the network
// thread, then written on a worker thread through an atomic file, so the window stays
// responsive, Cancel works at any moment, and a failed or cancelled export leaves nothing.
// Uses the same writers as the headless --export-csv, so the bytes are the same.
class CsvExporter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("CsvExporter is provided by the application")
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged) // 0..1 while running
    Q_PROPERTY(QString lastPath READ lastPath NOTIFY finished)
    Q_PROPERTY(qint64 lastRows READ lastRows NOTIFY finished)

public:
    CsvExporter(feed::FeedManager &engine, chart::ChartBoard &charts, health::FeedStatusModel &status, settings::UiSettings &settings,
                QObject *parent = nullptr);
    ~CsvExporter() override;

    // "<last folder>/feeddeck-snapshot-YYYYMMDD-HHMMSS.csv" (or -history-), local time now.
    Q_INVOKABLE QString suggestedPath(const QString &kind) const;

    // scope: "all", "feed" (feedId) or "visible" (the rows of `table`, in its order).
    Q_INVOKABLE void exportSnapshot(const QString &path, const QString &scope, const QString &feedId = {},
                                    QAbstractItemModel *table = nullptr);
    // The charted series: only what the chart shows now, or every retained point.
    Q_INVOKABLE void exportHistory(const QString &path, bool visibleWindowOnly);
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void openFolder() const;

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] QString lastPath() const { return m_lastPath; }
    [[nodiscard]] qint64 lastRows() const { return m_lastRows; }

signals:
    void runningChanged();
    void progressChanged();
    // ok: `message` says where and how many rows; otherwise what went wrong, in plain words.
    void finished(bool ok, const QString &message);

private:
    struct Job;
    bool begin(const QString &path);
    void writeSnapshot(const QString &path, const feed::SnapshotPtr &snapshot);
    void runJob(std::shared_ptr<Job> job);
    void end(bool ok, const QString &path, qint64 rows, const QString &error);
    [[nodiscard]] feeddeck::exporting::CsvOptions options() const;

    feed::FeedManager &m_engine;
    chart::ChartBoard &m_charts; // history exports take its current panel
    health::FeedStatusModel &m_status;
    settings::UiSettings &m_settings;
    bool m_running = false;
    double m_progress = 0.0;
    QString m_lastPath;
    qint64 m_lastRows = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace feeddeck::app::exporting
