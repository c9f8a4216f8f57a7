#include "core/feed/FeedManager.h"

#include "core/feed/Logging.h"

#include <QMetaObject>

namespace feeddeck::feed {

FeedManager::FeedManager(FeedWorker::Options options, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<EngineBatchPtr>();
    m_thread.setObjectName(QStringLiteral("FeedDeck-network"));
    m_worker = new FeedWorker(options); // no parent: it moves to the network thread
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Relayed on this thread; once every receiver has run, the worker may publish the next one.
    connect(
        m_worker, &FeedWorker::batchReady, this,
        [this](const EngineBatchPtr &batch) {
            emit batchReady(batch);
            if (m_worker)
                m_worker->batchConsumed();
        },
        Qt::QueuedConnection);
    m_thread.start();
}

FeedManager::~FeedManager()
{
    shutdown();
}

template<typename Fn>
void FeedManager::onWorker(Fn &&fn)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, std::forward<Fn>(fn), Qt::QueuedConnection);
}

void FeedManager::start(const workspace::Workspace &workspace)
{
    applyWorkspace(workspace);
}

void FeedManager::applyWorkspace(const workspace::Workspace &workspace)
{
    onWorker([w = m_worker, workspace] { w->applyWorkspace(workspace); });
}

void FeedManager::setSymbols(const QString &feedId, const QStringList &symbols)
{
    onWorker([w = m_worker, feedId, symbols] { w->setSymbols(feedId, symbols); });
}

void FeedManager::setEnabled(const QString &feedId, bool enabled)
{
    onWorker([w = m_worker, feedId, enabled] { w->setEnabled(feedId, enabled); });
}

template<typename Ask, typename Done>
void FeedManager::askWorker(Ask &&ask, Done &&done)
{
    // `this` outlives every call that runs on the network thread: the destructor does not
    // return before that thread has ended. (A QPointer tested on the network thread could
    // not make it safe: the facade could be deleted between the test and the post.)
    onWorker([w = m_worker, self = this, ask = std::forward<Ask>(ask), done = std::forward<Done>(done)] {
        auto answer = ask(*w);
        QMetaObject::invokeMethod(self, [done, answer] { done(answer); }, Qt::QueuedConnection);
    });
}

void FeedManager::requestSnapshot(std::function<void(SnapshotPtr)> done)
{
    askWorker([](const FeedWorker &w) { return w.takeSnapshot(); }, std::move(done));
}

void FeedManager::requestBatch(std::function<void(EngineBatchPtr)> done)
{
    askWorker([](FeedWorker &w) { return w.takeBatch(); }, std::move(done));
}

void FeedManager::requestSeries(const QList<SeriesQuery> &queries, std::function<void(SeriesSlices)> done)
{
    askWorker([queries](const FeedWorker &w) { return w.sliceSeries(queries); }, std::move(done));
}

void FeedManager::requestHistory(const QList<SeriesQuery> &queries, std::function<void(SeriesSlices)> done)
{
    askWorker([queries](const FeedWorker &w) { return w.historyPoints(queries); }, std::move(done));
}

void FeedManager::requestRecentMessages(const QString &feedId, std::function<void(QStringList)> done)
{
    askWorker([feedId](const FeedWorker &w) { return w.recentMessages(feedId); }, std::move(done));
}

void FeedManager::probe(const workspace::FeedConfig &config, std::function<void(ProbeReport)> done,
                        ConnectionProbe::Limits limits)
{
    onWorker([w = m_worker, self = this, config, limits, done = std::move(done)] {
        w->probe(config, limits, [self, done](const ProbeReport &report) { // on the network thread, as askWorker()
            QMetaObject::invokeMethod(self, [done, report] { done(report); }, Qt::QueuedConnection);
        });
    });
}

void FeedManager::attach(std::function<std::unique_ptr<QObject>(FeedWorker &worker)> make)
{
    onWorker([w = m_worker, make = std::move(make)] {
        if (std::unique_ptr<QObject> part = make(*w))
            w->adopt(std::move(part));
    });
}

void FeedManager::shutdown()
{
    if (!m_worker)
        return;
    disconnect(m_worker, nullptr, this, nullptr);
    // The loop is ended by the same call that closes the feeds. A quit() from here could end
    // it before it had taken that call (its iteration was under way when both arrived), and
    // the worker would then be deleted with its connections still open.
    onWorker([w = m_worker] {
        w->shutdown();
        QThread::currentThread()->quit();
    });
    m_worker = nullptr; // deleted on its thread when the thread finishes
    if (!m_thread.stopped(QDeadlineTimer(5000)))
        qCWarning(lcFeed) << "the network thread did not stop within 5 s";
}

} // namespace feeddeck::feed
