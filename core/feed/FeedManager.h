#pragma once

#include "core/feed/EngineBatch.h"
#include "core/feed/FeedWorker.h"
#include "core/feed/NetworkThread.h"
#include "core/feed/Snapshot.h"
#include "core/workspace/FeedConfig.h"

#include <QObject>

#include <functional>

namespace feeddeck::feed {

// The facade on the caller's thread (GUI or headless main thread). Owns the network
// thread and the FeedWorker on it, forwards commands as queued calls, and relays the
// worker's conflated batches. Nothing here blocks on the network thread.
class FeedManager : public QObject
{
    Q_OBJECT

public:
    explicit FeedManager(FeedWorker::Options options = {}, QObject *parent = nullptr);
    ~FeedManager() override;

    void start(const workspace::Workspace &workspace);
    void applyWorkspace(const workspace::Workspace &workspace);
    void setSymbols(const QString &feedId, const QStringList &symbols);
    void setEnabled(const QString &feedId, bool enabled);

    // Takes one consistent snapshot on the network thread; `done` runs on this object's thread.
    void requestSnapshot(std::function<void(SnapshotPtr)> done);

    // What changed since the last batch (null when nothing did); `done` runs on this object's
    // thread. For a manager whose worker pushes none (publishIntervalMs 0): the window's display
    // clock asks once a frame instead of taking every push.
    void requestBatch(std::function<void(EngineBatchPtr)> done);

    // Decimated chart history; `done` runs on this object's thread.
    void requestSeries(const QList<SeriesQuery> &queries, std::function<void(SeriesSlices)> done);

    // Every retained point of the series in their windows (an export's data); `done` runs
    // on this object's thread.
    void requestHistory(const QList<SeriesQuery> &queries, std::function<void(SeriesSlices)> done);

    // The last few raw messages of a running feed; `done` runs on this object's thread.
    void requestRecentMessages(const QString &feedId, std::function<void(QStringList)> done);

    // Tries a feed's settings on a connection of its own ("Test connection"); `done` runs
    // on this object's thread when the test ends.
    void probe(const workspace::FeedConfig &config, std::function<void(ProbeReport)> done,
               ConnectionProbe::Limits limits = {});

    // Builds a part that lives on the network thread beside the feeds (the relay): `make` runs
    // there with the worker, and the worker keeps what it returns until shutdown.
    void attach(std::function<std::unique_ptr<QObject>(FeedWorker &worker)> make);

    // Ordered stop: close the feeds, stop the thread, wait (bounded) until it has ended
    // completely. Safe to call twice. The destructor calls it; when the bounded wait ran
    // out, the destructor waits on, so no answer of the worker ever reaches a deleted facade.
    void shutdown();

    [[nodiscard]] bool isRunning() const { return m_thread.isRunning(); }
    // The thread the worker and its connections live on (diagnostics and tests).
    [[nodiscard]] QThread *networkThread() noexcept { return &m_thread; }

signals:
    void batchReady(const feeddeck::feed::EngineBatchPtr &batch);

private:
    template<typename Fn>
    void onWorker(Fn &&fn);
    // Runs `ask` on the network thread and hands its answer to `done` on this thread.
    template<typename Ask, typename Done>
    void askWorker(Ask &&ask, Done &&done);

    NetworkThread m_thread;
    FeedWorker *m_worker = nullptr; // lives on m_thread; deleted there when it finishes
};

} // namespace feeddeck::feed
