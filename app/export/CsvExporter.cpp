#include "app/export/CsvExporter.h"

#include "app/chart/ChartBoard.h"
#include "app/health/FeedStatusModel.h"
#include "app/settings/UiSettings.h"
#include "app/tables/QuoteTableModel.h"
#include "core/export/AtomicFile.h"
#include "core/export/HistoryCsv.h"
#include "core/export/SnapshotCsv.h"
#include "core/feed/FeedManager.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QThreadPool>
#include <QUrl>

#include <limits>

namespace feeddeck::app::exporting {

namespace {

constexpr qint64 kProgressIntervalMs = 50; // progress reaches the window at most this often

QThreadPool &exportThread()
{
    // One export at a time, off the GUI and network threads. Its thread never ends on its
    // own (no 30 s idle expiry): a thread ending while the application exits would run its
    // thread-local destructors beside exit()'s (see feed::NetworkThread); a parked one is
    // simply gone with the process.
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return *pool;
}

QString rowKey(const QString &feedId, const QString &symbol)
{
    return feedId + QChar(0) + symbol;
}

// The snapshot's rows for the chosen scope, in the order the user sees them.
feed::SnapshotPtr scoped(const feed::SnapshotPtr &snapshot, const QString &scope, const QString &feedId,
                          QAbstractItemModel *table)
{
    if (scope == QLatin1String("all"))
        return snapshot;
    auto result = std::make_shared<feed::Snapshot>();
    result->takenAtMs = snapshot->takenAtMs;
    result->feeds = snapshot->feeds;
    if (scope == QLatin1String("feed")) {
        for (const feed::SnapshotRow &row : snapshot->rows)
            if (row.feedId == feedId)
                result->rows.append(row);
        return result;
    }
    if (!table)
        return result;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < snapshot->rows.size(); ++i)
        index.insert(rowKey(snapshot->rows.at(i).feedId, snapshot->rows.at(i).symbol), i);
    for (int r = 0; r < table->rowCount(); ++r) {
        const QModelIndex cell = table->index(r, 0);
        const QString key = rowKey(table->data(cell, tables::QuoteTableModel::FeedIdRole).toString(),
                                   table->data(cell, tables::QuoteTableModel::SymbolRole).toString());
        if (const auto it = index.constFind(key); it != index.cend())
            result->rows.append(snapshot->rows.at(*it));
    }
    return result;
}

} // namespace

struct CsvExporter::Job
{
    QString path;
    qint64 rows = 0;
    std::shared_ptr<std::atomic<bool>> cancel;
    // Fills the file; `progress` (rows written) returns false once cancelled.
    std::function<bool(QIODevice &, QString *, const feeddeck::exporting::ExportProgress &)> write;
};

CsvExporter::CsvExporter(feed::FeedManager &engine, chart::ChartBoard &charts, health::FeedStatusModel &status,
                         settings::UiSettings &settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_charts(charts)
    , m_status(status)
    , m_settings(settings)
{
}

CsvExporter::~CsvExporter()
{
    if (m_cancel)
        m_cancel->store(true);
    exportThread().waitForDone(); // the job posts to this object: it must not outlive it
}

QString CsvExporter::suggestedPath(const QString &kind) const
{
    const QString name = QStringLiteral("feeddeck-%1-%2.csv")
                             .arg(kind == QLatin1String("history") ? kind : QStringLiteral("snapshot"),
                                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    return QDir(m_settings.exportFolder()).filePath(name);
}

feeddeck::exporting::CsvOptions CsvExporter::options() const
{
    const QString d = m_settings.csvDelimiter();
    return feeddeck::exporting::CsvOptions{.delimiter = d == QLatin1String(";") ? ';' : d == QLatin1String("\t") ? '\t' : ',',
                                 .bom = m_settings.csvBom()};
}

bool CsvExporter::begin(const QString &path)
{
    if (m_running) {
        emit finished(false, tr("An export is still running; wait for it or cancel it first"));
        return false;
    }
    if (path.trimmed().isEmpty()) {
        emit finished(false, tr("Choose a file to export to"));
        return false;
    }
    m_running = true;
    m_progress = 0.0;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    emit runningChanged();
    emit progressChanged();
    return true;
}

void CsvExporter::exportSnapshot(const QString &path, const QString &scope, const QString &feedId,
                                 QAbstractItemModel *table)
{
    if (!begin(path))
        return;
    // The rows to keep are read now, as the table shows them at the moment of the export.
    QPointer<QAbstractItemModel> shown(table);
    m_engine.requestSnapshot([this, path, scope, feedId, shown](const feed::SnapshotPtr &snapshot) {
        writeSnapshot(path, scoped(snapshot, scope, feedId, shown.data()));
    });
}

void CsvExporter::writeSnapshot(const QString &path, const feed::SnapshotPtr &snapshot)
{
    auto job = std::make_shared<Job>();
    job->path = path;
    job->rows = snapshot->rows.size();
    job->cancel = m_cancel;
    job->write = [snapshot, options = options()](QIODevice &out, QString *error, const feeddeck::exporting::ExportProgress &) {
        return feeddeck::exporting::writeSnapshotCsv(*snapshot, out, error, options);
    };
    runJob(job);
}

void CsvExporter::exportHistory(const QString &path, bool visibleWindowOnly)
{
    if (!begin(path))
        return;
    QList<feed::SeriesQuery> queries;
    chart::ChartController &panel = *m_charts.current();
    const chart::ChartSeriesModel &series = *panel.series();
    for (int i = 0; i < series.count(); ++i) {
        feed::SeriesQuery q{.key = series.at(i).key};
        if (visibleWindowOnly) {
            q.fromMs = qint64(panel.xMinMs());
            q.toMs = qint64(panel.xMaxMs());
        }
        queries.append(q);
    }
    m_engine.requestHistory(queries, [this, path](const feed::SeriesSlices &slices) {
        QList<feeddeck::exporting::HistorySeries> data;
        for (const feed::SeriesSlice &slice : *slices) {
            const feed::FeedStatus *status = m_status.statusOf(slice.key.feedId);
            data.append(feeddeck::exporting::HistorySeries{.feedName = status ? status->name : slice.key.feedId,
                                                 .symbol = slice.key.symbol,
                                                 .field = slice.key.field,
                                                 .points = slice.points});
        }
        auto job = std::make_shared<Job>();
        job->path = path;
        job->rows = feeddeck::exporting::historyRowCount(data);
        job->cancel = m_cancel;
        job->write = [data = std::move(data), options = options()](QIODevice &out, QString *error,
                                                                    const feeddeck::exporting::ExportProgress &progress) {
            return feeddeck::exporting::writeHistoryCsv(data, out, error, options, progress);
        };
        runJob(job);
    });
}

void CsvExporter::runJob(std::shared_ptr<Job> job)
{
    if (job->cancel->load()) {
        end(false, job->path, 0, tr("the export was cancelled"));
        return;
    }
    exportThread().start([this, job] {
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        const feeddeck::exporting::ExportProgress progress = [this, job, &sinceProgress](qint64 rows) {
            if (job->cancel->load())
                return false;
            if (sinceProgress.elapsed() >= kProgressIntervalMs && job->rows > 0) {
                sinceProgress.restart();
                const double fraction = double(rows) / double(job->rows);
                QMetaObject::invokeMethod(this, [this, fraction] {
                    m_progress = fraction;
                    emit progressChanged();
                }, Qt::QueuedConnection);
            }
            return true;
        };
        const feeddeck::exporting::ExportResult result = feeddeck::exporting::writeAtomically(
            job->path, [&](QIODevice &out, QString *error) {
                if (!job->write(out, error, progress))
                    return false;
                if (job->cancel->load()) { // cancelled after the last progress call: still nothing is kept
                    *error = QStringLiteral("the export was cancelled");
                    return false;
                }
                return true;
            });
        QMetaObject::invokeMethod(this, [this, job, result] { end(result.ok, job->path, job->rows, result.error); },
                                  Qt::QueuedConnection);
    });
}

void CsvExporter::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void CsvExporter::end(bool ok, const QString &path, qint64 rows, const QString &error)
{
    m_running = false;
    m_progress = ok ? 1.0 : 0.0;
    if (ok) {
        m_lastPath = path;
        m_lastRows = rows;
        m_settings.setExportFolder(QFileInfo(path).absolutePath());
    }
    emit runningChanged();
    emit progressChanged();
    if (ok) {
        emit finished(true, rows == 1 ? tr("Exported 1 row to %1").arg(path) : tr("Exported %1 rows to %2").arg(rows).arg(path));
    } else if (m_cancel && m_cancel->load()) {
        emit finished(false, tr("Export cancelled; no file was written"));
    } else {
        emit finished(false, tr("Export failed: %1. Nothing was written; an earlier file of that name is unchanged.")
                                 .arg(error));
    }
}

void CsvExporter::openFolder() const
{
    if (!m_lastPath.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_lastPath).absolutePath()));
}

} // namespace feeddeck::app::exporting
