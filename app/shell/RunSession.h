#pragma once

#include "app/shell/CommandLine.h"
#include "core/export/StatsJson.h"
#include "core/feed/FeedManager.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace feeddeck::app::shell {

// The feed engine of every run (window, headless, relay): sim:// feeds run on the simulator
// built into this process.
[[nodiscard]] feed::FeedWorker::Options engineOptions();

// One run of FeedDeck from start to exit, with or without a window: the --duration
// deadline, SIGINT/SIGTERM, and the outputs written at the end (--export-csv, --stats).
// The snapshot is taken at the deadline, before the feeds are shut down, so its
// statuses describe that instant.
class RunSession : public QObject
{
    Q_OBJECT

public:
    RunSession(const CliOptions &options, feed::FeedManager &feeds, QObject *parent = nullptr);

    // GUI runs provide frame statistics for --stats and save the screenshot before exit.
    void setUiStatsProvider(std::function<feeddeck::exporting::UiStats()> provider) { m_uiStats = std::move(provider); }
    void setBeforeExit(std::function<bool(QString *error)> hook) { m_beforeExit = std::move(hook); }
    // Work the outputs wait for (the relay's last counters, asked on the network thread): the
    // hook calls `ready` when it is done.
    void setBeforeOutputs(std::function<void(std::function<void()> ready)> hook) { m_beforeOutputs = std::move(hook); }
    // One more top-level object of the --stats file (the relay's "relay").
    void setStatsSection(const QString &name, std::function<QJsonObject()> section)
    {
        m_statsSectionName = name;
        m_statsSection = std::move(section);
    }

    // A failure during the run (an output that stopped being writable): said on stderr now, and
    // the run ends with exit code 1.
    void reportFailure(const QString &what, const QString &error);

    void start();  // starts the deadline timer
    void finish(); // snapshot, write outputs, stop the feeds, quit the event loop

    [[nodiscard]] int exitCode() const noexcept { return m_exitCode; }

signals:
    void finished(int exitCode);

private:
    void writeOutputs(const feed::SnapshotPtr &snapshot);

    CliOptions m_options;
    feed::FeedManager &m_feeds;
    std::function<feeddeck::exporting::UiStats()> m_uiStats;
    std::function<bool(QString *error)> m_beforeExit;
    std::function<void(std::function<void()>)> m_beforeOutputs;
    QString m_statsSectionName;
    std::function<QJsonObject()> m_statsSection;
    QElapsedTimer m_elapsed;
    QTimer m_deadline;
    bool m_finishing = false;
    int m_exitCode = 0;
};

} // namespace feeddeck::app::shell
