#include "app/shell/RunSession.h"

#include "core/export/AtomicFile.h"
#include "core/export/SnapshotCsv.h"
#include "core/sim/LocalSimulator.h"

#include <QCoreApplication>

#include <cstdio>

namespace feeddeck::app::shell {

feed::FeedWorker::Options engineOptions()
{
    feed::FeedWorker::Options options;
    options.urlResolver = sim::urlResolver;
    return options;
}

RunSession::RunSession(const CliOptions &options, feed::FeedManager &feeds, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_feeds(feeds)
{
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &RunSession::finish);
}

void RunSession::start()
{
    m_elapsed.start();
    if (m_options.durationSeconds)
        m_deadline.start(int(*m_options.durationSeconds * 1000.0));
}

void RunSession::finish()
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_deadline.stop();
    auto snapshotAndExit = [this] {
        m_feeds.requestSnapshot([this](const feed::SnapshotPtr &snapshot) {
            writeOutputs(snapshot);
            m_feeds.shutdown();
            emit finished(m_exitCode);
            QCoreApplication::exit(m_exitCode);
        });
    };
    if (m_beforeOutputs)
        m_beforeOutputs(snapshotAndExit);
    else
        snapshotAndExit();
}

void RunSession::reportFailure(const QString &what, const QString &error)
{
    std::fprintf(stderr, "feeddeck: %s failed: %s\n", qPrintable(what), qPrintable(error));
    m_exitCode = 1;
}

void RunSession::writeOutputs(const feed::SnapshotPtr &snapshot)
{
    auto report = [this](const QString &what, const QString &error) { reportFailure(what, error); };

    if (!m_options.exportCsv.isEmpty()) {
        const feeddeck::exporting::ExportResult written = feeddeck::exporting::writeAtomically(
            m_options.exportCsv,
            [&snapshot](QIODevice &out, QString *error) { return feeddeck::exporting::writeSnapshotCsv(*snapshot, out, error); });
        if (!written.ok)
            report(QStringLiteral("CSV export"), written.error);
    }
    if (!m_options.statsFile.isEmpty()) {
        std::optional<feeddeck::exporting::UiStats> ui;
        if (m_uiStats)
            ui = m_uiStats();
        QList<feeddeck::exporting::StatsSection> sections;
        if (m_statsSection)
            sections.append({m_statsSectionName, m_statsSection()});
        const QByteArray json = feeddeck::exporting::statsJson(m_elapsed.elapsed(), snapshot->feeds, ui, sections);
        const feeddeck::exporting::ExportResult written =
            feeddeck::exporting::writeAtomically(m_options.statsFile, [&json](QIODevice &out, QString *error) {
                if (out.write(json) == json.size())
                    return true;
                *error = out.errorString();
                return false;
            });
        if (!written.ok)
            report(QStringLiteral("writing stats"), written.error);
    }
    if (m_beforeExit) {
        QString error;
        if (!m_beforeExit(&error))
            report(QStringLiteral("screenshot"), error);
    }
}

} // namespace feeddeck::app::shell
