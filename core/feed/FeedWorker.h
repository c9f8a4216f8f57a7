#pragma once

#include "core/alert/AlertEngine.h"
#include "core/feed/ConnectionProbe.h"
#include "core/feed/DerivedFeed.h"
#include "core/feed/EngineBatch.h"
#include "core/feed/FeedConnection.h"
#include "core/feed/RelayedFeeds.h"
#include "core/feed/SeriesQuery.h"
#include "core/feed/Snapshot.h"
#include "core/store/QuoteStore.h"
#include "core/store/SeriesHistory.h"
#include "core/workspace/FeedConfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace feeddeck::feed {

// Lives on the network thread: owns every FeedConnection, the latest-value store and the
// chart history, and publishes conflated batches at display rate. Only this thread writes
// the stores; other threads get immutable batches and snapshots.
class FeedWorker : public QObject
{
    Q_OBJECT

public:
    // Turns a feed's configured URL into the one its socket opens; an empty URL, with the
    // reason in *error, when it cannot.
    using UrlResolver = std::function<QUrl(const QUrl &url, QString *error)>;

    struct Options
    {
        // How often a batch is pushed (batchReady): two a display frame, so a value reaches a
        // headless run's receivers within one frame. 0: never pushed, only taken when asked
        // (takeBatch) — the window's display clock asks once a frame.
        int publishIntervalMs = 8;
        int idlePublishMs = 250;       // counters and states still refresh when no row changes
        // Rows and history points are bounded per feed by its max_rows and history_points.
        int maxProblems = 200;         // pending problem lines per batch
        int maxAlerts = 1000;          // fired alerts per batch; more are dropped and counted
        ConnectionTiming timing;
        // Makes the resolver of feed URLs (sim:// to the built-in simulator, see
        // sim::urlResolver): called on the network thread when a feed first connects, and what it
        // made is dropped there at shutdown, after the feeds closed. Unset, URLs open as written.
        std::function<UrlResolver()> urlResolver;
    };

    explicit FeedWorker(Options options);
    ~FeedWorker() override;

    // All of these run on the worker's thread (call them through QMetaObject::invokeMethod).
    void applyWorkspace(const workspace::Workspace &workspace);
    void setSymbols(const QString &feedId, const QStringList &symbols);
    void setEnabled(const QString &feedId, bool enabled);
    [[nodiscard]] SnapshotPtr takeSnapshot() const;
    [[nodiscard]] SeriesSlices sliceSeries(const QList<SeriesQuery> &queries) const;
    // Every retained point of each series in its window, not decimated (for exports).
    [[nodiscard]] SeriesSlices historyPoints(const QList<SeriesQuery> &queries) const;
    // The last few raw messages of a running feed (empty for an unknown feed).
    [[nodiscard]] QStringList recentMessages(const QString &feedId) const;
    // Tries `config` on a connection of its own, beside the running feeds; `done` runs on
    // this thread with the report. At most kMaxProbes run at once.
    void probe(const workspace::FeedConfig &config, ConnectionProbe::Limits limits,
               std::function<void(ProbeReport)> done);
    static constexpr int kMaxProbes = 4;
    void shutdown();

    // Sees every feed's updates as they are applied (the relay publishes them), and the end
    // of each socket read (the relay writes what that read produced in one go). Direct calls
    // on this thread: a signal per message would cost more than the message.
    using UpdateTap = std::function<void(const QString &feedId, const QList<data::Update> &updates)>;
    void setUpdateTap(UpdateTap tap) { m_updateTap = std::move(tap); }
    using ReadTap = std::function<void()>;
    void setReadTap(ReadTap tap) { m_readTap = std::move(tap); }
    // Every feed's status now, in workspace order.
    [[nodiscard]] QList<FeedStatus> statuses() const;
    // Keeps `part` (which lives on this thread) until shutdown, where it goes before the feeds
    // close: the relay's last publishes still see them.
    void adopt(std::unique_ptr<QObject> part);

    // The receiver has handled the last batch (any thread). Until then no further batch is
    // published: changes keep conflating here, so a receiver slower than the display rate
    // gets fewer, fuller batches instead of a queue that grows without bound.
    void batchConsumed();

    // What changed since the last batch, taken now; null when nothing did and the idle refresh
    // is not due. For a receiver that asks at its own pace (publishIntervalMs 0).
    [[nodiscard]] EngineBatchPtr takeBatch();

signals:
    void batchReady(const feeddeck::feed::EngineBatchPtr &batch);

private:
    struct Feed
    {
        std::unique_ptr<FeedConnection> connection;
        // The upstream feeds behind it when it reads a relay (stable address: the update sink holds it).
        std::unique_ptr<RelayedFeeds> relayed;
        // symbolsWithoutRows() as last worked out, and what it was worked out from (a cache,
        // hence mutable: the snapshot asks too).
        mutable QStringList waiting;
        mutable QStringList waitingFor;
        mutable int rowsWhenCounted = -1;
    };

    void addFeed(const workspace::FeedConfig &config);
    void reportProblem(const QString &text);
    void removeRowsNotSubscribed(const FeedConnection &connection);
    // The subscribed symbols (as shown) that have no row yet; worked out again only when the
    // feed's rows or symbols changed.
    [[nodiscard]] const QStringList &symbolsWithoutRows(const Feed &feed) const;
    void onUpdates(const QString &feedId, const QList<data::Update> &updates, RelayedFeeds &relayed);
    // The store id of a relayed update's rows, with the store's bounds set the first time.
    [[nodiscard]] const QString &relayedStoreId(const QString &feedId, const QString &origin, qint64 nowMs,
                                                RelayedFeeds &relayed);
    void removeStored(const Feed &feed);
    // The feed's status, then (a nats feed) one status per upstream feed behind its relay;
    // each with the status of its rows.
    [[nodiscard]] QList<FeedStatus> statusesOf(const Feed &feed, qint64 nowMs) const;
    void publish();
    [[nodiscard]] QUrl resolveUrl(const QUrl &url, QString *error);
    [[nodiscard]] FeedConnection *connection(const QString &feedId) const;

    Options m_options;
    std::vector<Feed> m_feeds; // workspace order
    std::vector<std::unique_ptr<ConnectionProbe>> m_probes;
    store::QuoteStore m_quotes;
    store::SeriesHistory m_history;
    alert::AlertEngine m_alerts;
    DerivedFeed m_derived;
    QList<data::Update> m_derivedUpdates; // what one update made of the derived series (reused)
    UrlResolver m_resolveUrl; // made by m_options.urlResolver when first needed
    UpdateTap m_updateTap;
    ReadTap m_readTap;
    std::vector<std::unique_ptr<QObject>> m_adopted;

    quint64 m_publishedRevision = 0; // store revision of the last batch
    bool m_statusDirty = true;
    bool m_resetRows = false;
    QStringList m_problems;
    quint64 m_droppedProblems = 0;
    quint64 m_updatesSinceLast = 0;
    qint64 m_firstReceiptNs = 0; // steady ns of the oldest update not yet published
    qint64 m_lastAppliedNs = 0;  // steady ns when the newest of them had been applied
    qint64 m_lastPublishMs = 0;
    std::atomic<bool> m_batchInFlight = false;
    bool m_publishDeferred = false; // a publish tick came while a batch was in flight
    QTimer m_publishTimer;
};

} // namespace feeddeck::feed
