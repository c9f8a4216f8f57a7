#include "core/feed/FeedWorker.h"

#include "core/codec/CodecRegistry.h"
#include "core/data/WallClock.h"
#include "core/feed/FeedCodecOptions.h"
#include "core/feed/Logging.h"
#include "core/store/Decimation.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QDateTime>

#include <chrono>

namespace feeddeck::feed {

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Whether two versions of a feed differ only in what can change on a live connection.
bool sameConnection(const workspace::FeedConfig &a, const workspace::FeedConfig &b)
{
    QJsonObject ja = workspace::toJson(a);
    QJsonObject jb = workspace::toJson(b);
    for (const char *live : {"symbols", "enabled"}) {
        ja.remove(QLatin1String(live));
        jb.remove(QLatin1String(live));
    }
    return ja == jb;
}

bool isRowOfSymbol(const QString &row, const QString &symbol)
{
    // A JSON mapping's rows are keyed "SKU-1001/WH-EAST" under the subscribed "SKU-1001".
    return row == symbol || (row.size() > symbol.size() && row.startsWith(symbol) && row.at(symbol.size()) == u'/');
}

} // namespace

FeedWorker::FeedWorker(Options options)
    : m_options(options)
    , m_alerts([&options] {
        alert::AlertEngine::Limits limits;
        limits.maxPending = options.maxAlerts;
        return limits;
    }())
    , m_publishTimer(this) // a child, so it follows the worker to the network thread
{
    m_publishTimer.setTimerType(Qt::PreciseTimer);
    m_publishTimer.setInterval(m_options.publishIntervalMs);
    connect(&m_publishTimer, &QTimer::timeout, this, &FeedWorker::publish);
}

// Whatever deletes the worker, its feeds close first: destroyed as members, the
// connections would go after the stores and the URL resolver (the simulator), and a
// signal of theirs (connectionLost marks a gap in the history) would reach a store
// already destroyed.
FeedWorker::~FeedWorker()
{
    shutdown();
}

void FeedWorker::applyWorkspace(const workspace::Workspace &workspace)
{
    // Feeds whose connection settings changed are rebuilt; symbol and enabled edits
    // apply to the running connection (deltas, no reconnect).
    std::vector<Feed> kept;
    for (Feed &feed : m_feeds) {
        const workspace::FeedConfig *next = workspace.feed(feed.connection->config().id);
        if (next && sameConnection(feed.connection->config(), *next)) {
            kept.push_back(std::move(feed));
        } else {
            removeStored(feed);
            feed.connection->stop();
            m_resetRows = true;
        }
    }
    m_feeds = std::move(kept);

    for (const workspace::FeedConfig &config : workspace.feeds) {
        if (FeedConnection *existing = connection(config.id)) {
            existing->setSymbols(config.symbols);
            removeRowsNotSubscribed(*existing);
            setEnabled(config.id, config.enabled);
            continue;
        }
        addFeed(config);
    }
    // Keep workspace order for the status list.
    std::vector<Feed> ordered;
    for (const workspace::FeedConfig &config : workspace.feeds)
        for (Feed &feed : m_feeds)
            if (feed.connection && feed.connection->config().id == config.id)
                ordered.push_back(std::move(feed));
    m_feeds = std::move(ordered);
    // Before the rules: a rule may watch a derived series.
    m_derived.setSeries(workspace.derived, m_history);
    // Rules that did not change keep their state (an edit elsewhere does not fire them again).
    m_alerts.setRules(workspace.alerts, data::nowMs());

    m_statusDirty = true;
    if (m_options.publishIntervalMs > 0 && !m_publishTimer.isActive())
        m_publishTimer.start();
}

void FeedWorker::addFeed(const workspace::FeedConfig &config)
{
    QString error;
    std::unique_ptr<codec::FeedCodec> codec = codec::makeCodec(codecOptions(config), &error);
    if (!codec) {
        // The workspace validator only lets known protocols through; this is a build without that codec.
        qCWarning(lcFeed).noquote() << config.id << error;
        m_problems.append(QStringLiteral("%1: %2").arg(config.displayName(), error));
        return;
    }
    // This feed's bounds on what its server can create; a feed rebuilt with new settings
    // was removed from both stores first, so they start from these.
    m_quotes.setMaxRows(config.id, config.maxRows);
    m_history.setCapacity(config.id, config.historyPoints);
    auto connection = std::make_unique<FeedConnection>(config, std::move(codec), m_options.timing);
    FeedConnection *c = connection.get();
    const QString id = config.id;

    auto relayed = std::make_unique<RelayedFeeds>(id);
    c->setUpdateSink([this, id, r = relayed.get()](const QList<data::Update> &updates) { onUpdates(id, updates, *r); });
    // One clock read per socket read, not per message: when the last update of the batch was applied.
    c->setReadSink([this] {
        if (m_updatesSinceLast > 0)
            m_lastAppliedNs = steadyNs();
        if (m_readTap)
            m_readTap();
    });
    connect(c, &FeedConnection::stateChanged, this, [this] { m_statusDirty = true; });
    connect(c, &FeedConnection::connectionLost, this, [this, id, r = relayed.get()](qint64 atMs) {
        m_history.markGap(id, atMs);
        m_derived.markGap(id, atMs, m_history);
        for (const QString &relayedId : r->storeIds()) {
            m_history.markGap(relayedId, atMs);
            m_derived.markGap(relayedId, atMs, m_history);
        }
    });
    connect(c, &FeedConnection::problemReported, this, &FeedWorker::reportProblem);

    m_feeds.push_back(Feed{.connection = std::move(connection), .relayed = std::move(relayed), .waiting = {},
                           .waitingFor = {}, .rowsWhenCounted = -1});
    if (!config.enabled) {
        m_alerts.setFeedPaused(config.id, true, data::nowMs());
        return;
    }

    const QUrl url = resolveUrl(config.url, &error);
    if (url.isEmpty()) {
        m_problems.append(QStringLiteral("%1: %2").arg(config.displayName(), error));
        c->setConnectUrl(QUrl());
    } else {
        c->setConnectUrl(url);
    }
    c->start();
}

QUrl FeedWorker::resolveUrl(const QUrl &url, QString *error)
{
    if (!m_resolveUrl && m_options.urlResolver)
        m_resolveUrl = m_options.urlResolver();
    return m_resolveUrl ? m_resolveUrl(url, error) : url;
}

void FeedWorker::reportProblem(const QString &text)
{
    if (m_problems.size() < m_options.maxProblems)
        m_problems.append(text);
    else
        ++m_droppedProblems;
}

FeedConnection *FeedWorker::connection(const QString &feedId) const
{
    for (const Feed &feed : m_feeds)
        if (feed.connection && feed.connection->config().id == feedId)
            return feed.connection.get();
    return nullptr;
}

void FeedWorker::setSymbols(const QString &feedId, const QStringList &symbols)
{
    FeedConnection *c = connection(feedId);
    if (!c)
        return;
    c->setSymbols(symbols);
    removeRowsNotSubscribed(*c);
    m_statusDirty = true;
}

void FeedWorker::removeStored(const Feed &feed)
{
    const QString &id = feed.connection->config().id;
    m_quotes.removeFeed(id);
    m_history.removeFeed(id);
    for (const QString &relayedId : feed.relayed->storeIds()) {
        m_quotes.removeFeed(relayedId);
        m_history.removeFeed(relayedId);
    }
}

void FeedWorker::removeRowsNotSubscribed(const FeedConnection &connection)
{
    // Rows named by what arrives (a relay's subjects) belong to no one symbol.
    if (!connection.rowsFollowSymbols())
        return;
    const QString &id = connection.config().id;
    QStringList subscribed;
    for (const QString &s : connection.symbols())
        subscribed.append(connection.displaySymbol(s));

    QStringList gone;
    m_quotes.forEach(id, [&](const store::Quote &quote) {
        const bool keep = std::any_of(subscribed.cbegin(), subscribed.cend(),
                                      [&](const QString &s) { return isRowOfSymbol(quote.symbol, s); });
        if (!keep)
            gone.append(quote.symbol);
    });
    for (const QString &symbol : std::as_const(gone))
        m_quotes.removeSymbol(id, symbol);
    if (!gone.isEmpty())
        m_resetRows = true;
}

void FeedWorker::setEnabled(const QString &feedId, bool enabled)
{
    FeedConnection *c = connection(feedId);
    if (!c)
        return;
    m_alerts.setFeedPaused(feedId, !enabled, data::nowMs());
    if (!enabled) {
        c->stop();
    } else if (c->state() == FeedState::Disabled) {
        QString error;
        const QUrl url = resolveUrl(c->config().url, &error);
        c->setConnectUrl(url);
        c->start();
    }
    m_statusDirty = true;
}

const QString &FeedWorker::relayedStoreId(const QString &feedId, const QString &origin, qint64 nowMs,
                                          RelayedFeeds &relayed)
{
    bool isNew = false;
    const QString &storeId = relayed.storeId(origin, nowMs, &isNew);
    if (isNew) {
        // The bounds of the nats feed hold for each feed behind it.
        m_quotes.setMaxRows(storeId, m_quotes.maxRows(feedId));
        m_history.setCapacity(storeId, m_history.capacityPerSeries(feedId));
        m_statusDirty = true;
    }
    return storeId;
}

void FeedWorker::onUpdates(const QString &feedId, const QList<data::Update> &updates, RelayedFeeds &relayed)
{
    // Decoded in the same call as the frame arrived: this is its receipt time. One clock
    // read per batch, not per message.
    if (m_updatesSinceLast == 0)
        m_firstReceiptNs = steadyNs();
    // A relay's updates all name their feed; a venue's none (and they need no clock read).
    const qint64 relayedAtMs = !updates.isEmpty() && !updates.constFirst().origin.isEmpty() ? data::nowMs() : 0;
    for (const data::Update &update : updates) {
        const QString &storeId =
            update.origin.isEmpty() ? feedId : relayedStoreId(feedId, update.origin, relayedAtMs, relayed);
        const store::ApplyResult applied = m_quotes.apply(storeId, update);
        if (applied == store::ApplyResult::Refused) {
            if (m_quotes.refusedRows(storeId) == 1) { // said once, not once a message
                const FeedConnection *c = connection(feedId);
                reportProblem(QStringLiteral("%1: the server sent more rows than max_rows (%2); rows beyond it "
                                             "are not shown")
                                  .arg(c ? c->config().displayName() : feedId)
                                  .arg(m_quotes.maxRows(storeId)));
            }
            continue;
        }
        m_history.record(storeId, update);
        // Under the id the user sees: a relayed feed's rows and rules use "<nats feed>/<upstream>".
        m_alerts.evaluate(storeId, update);
        if (!m_derived.isEmpty()) {
            m_derivedUpdates.clear();
            m_derived.apply(storeId, update, m_history, m_derivedUpdates);
            for (const data::Update &derived : std::as_const(m_derivedUpdates))
                m_alerts.evaluate(workspace::kDerivedFeed, derived);
        }
    }
    m_updatesSinceLast += quint64(updates.size());
    if (m_updateTap)
        m_updateTap(feedId, updates);
}

void FeedWorker::batchConsumed()
{
    m_batchInFlight.store(false, std::memory_order_release);
    // A tick that came while the batch was out publishes now rather than a whole interval later.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_publishDeferred)
                publish();
        },
        Qt::QueuedConnection);
}

void FeedWorker::publish()
{
    if (m_batchInFlight.load(std::memory_order_acquire)) {
        m_publishDeferred = true;
        return;
    }
    m_publishDeferred = false;
    EngineBatchPtr batch = takeBatch();
    if (!batch)
        return;
    m_batchInFlight.store(true, std::memory_order_release);
    emit batchReady(batch);
}

EngineBatchPtr FeedWorker::takeBatch()
{
    const qint64 now = data::nowMs();
    // On the publish timer (or the display clock's ask): silence is a matter of the clock.
    m_alerts.checkSilence(now);
    const bool rowsChanged = m_quotes.revision() != m_publishedRevision;
    if (!rowsChanged && !m_statusDirty && !m_resetRows && m_problems.isEmpty() && !m_alerts.hasFired()
        && now - m_lastPublishMs < m_options.idlePublishMs)
        return {};

    auto batch = std::make_shared<EngineBatch>();
    batch->atMs = now;
    batch->resetRows = m_resetRows;
    batch->updatesSinceLast = m_updatesSinceLast;
    batch->firstReceiptNs = m_updatesSinceLast > 0 ? m_firstReceiptNs : 0;
    // A read cut short by a close has no stamp of its own: its updates count as applied now.
    if (m_updatesSinceLast > 0 && m_lastAppliedNs < m_firstReceiptNs)
        m_lastAppliedNs = steadyNs();
    batch->lastAppliedNs = m_updatesSinceLast > 0 ? m_lastAppliedNs : 0;
    // Rows changed since the last batch are those with a newer store revision: no per-message
    // bookkeeping on the hot path, one pass over the rows per frame.
    const quint64 since = m_resetRows ? 0 : m_publishedRevision;
    if (rowsChanged || m_resetRows) {
        for (const Feed &feed : m_feeds) {
            const auto collect = [&](const QString &id) {
                m_quotes.forEach(id, [&](const store::Quote &quote) {
                    if (quote.revision > since)
                        batch->rows.append(RowUpdate{id, quote});
                });
            };
            collect(feed.connection->config().id);
            for (const QString &relayedId : feed.relayed->storeIds())
                collect(relayedId);
        }
    }
    for (Feed &feed : m_feeds) {
        QList<FeedStatus> statuses = statusesOf(feed, now);
        FeedStatus &status = statuses.first();
        // A feed at its max_rows gets no new rows: its other symbols are not waiting, they are refused.
        if (feed.connection->producesQuotes() && m_quotes.rowCount(status.id) < m_quotes.maxRows(status.id)) {
            status.waitingSymbols = symbolsWithoutRows(feed);
            status.waitingSymbols.removeIf([&status](const QString &s) { return status.rejectedSymbols.contains(s); });
        }
        batch->feeds.append(std::move(statuses));
    }
    alert::FiredAlerts fired = m_alerts.takeFired();
    batch->alerts = std::move(fired.alerts);
    batch->alertsDropped = fired.dropped;
    batch->problems = std::move(m_problems);
    if (m_droppedProblems > 0)
        batch->problems.append(QStringLiteral("%1 more problems were not listed").arg(m_droppedProblems));

    m_problems.clear();
    m_droppedProblems = 0;
    m_publishedRevision = m_quotes.revision();
    m_statusDirty = false;
    m_resetRows = false;
    m_updatesSinceLast = 0;
    m_lastPublishMs = now;
    batch->publishedNs = steadyNs();
    return batch;
}

QList<FeedStatus> FeedWorker::statusesOf(const Feed &feed, qint64 nowMs) const
{
    QList<FeedStatus> statuses{feed.connection->status()};
    const FeedStatus &status = statuses.constFirst();
    if (!status.upstreams.isEmpty() || !feed.relayed->storeIds().isEmpty())
        statuses.append(feed.relayed->statuses(status, nowMs));
    for (FeedStatus &s : statuses)
        s.rowStatus = rowStatusOf(s.state);
    return statuses;
}

const QStringList &FeedWorker::symbolsWithoutRows(const Feed &feed) const
{
    const FeedConnection &c = *feed.connection;
    if (!c.rowsFollowSymbols()) {
        feed.waiting.clear();
        return feed.waiting;
    }
    const int rows = m_quotes.rowCount(c.config().id);
    if (rows == feed.rowsWhenCounted && c.symbols() == feed.waitingFor)
        return feed.waiting;
    feed.rowsWhenCounted = rows;
    feed.waitingFor = c.symbols();
    feed.waiting.clear();
    const std::span<const store::Quote> existing = m_quotes.rows(c.config().id);
    for (const QString &configured : feed.waitingFor) {
        const QString symbol = c.displaySymbol(configured);
        const bool hasRow = std::any_of(existing.begin(), existing.end(),
                                        [&](const store::Quote &q) { return isRowOfSymbol(q.symbol, symbol); });
        if (!hasRow && !feed.waiting.contains(symbol))
            feed.waiting.append(symbol);
    }
    return feed.waiting;
}

SnapshotPtr FeedWorker::takeSnapshot() const
{
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->takenAtMs = data::nowMs();
    for (const Feed &feed : m_feeds) {
        const QList<FeedStatus> statuses = statusesOf(feed, snapshot->takenAtMs);
        for (const FeedStatus &status : statuses) {
            snapshot->feeds.append(status);
            m_quotes.forEach(status.id, [&](const store::Quote &quote) {
                snapshot->rows.append(SnapshotRow{.feedId = status.id,
                                                  .feedName = status.name,
                                                  .symbol = quote.symbol,
                                                  .fields = quote.fields,
                                                  .sourceMs = quote.sourceMs,
                                                  .receivedMs = quote.receivedMs,
                                                  .status = status.rowStatus,
                                                  .sessionOpen = quote.sessionOpen});
            });
        }
        const FeedStatus &status = statuses.constFirst();
        // Every subscribed symbol appears, once, even before its first value.
        for (const QString &symbol : symbolsWithoutRows(feed))
            snapshot->rows.append(SnapshotRow{.feedId = status.id,
                                              .feedName = status.name,
                                              .symbol = symbol,
                                              .fields = {},
                                              .sourceMs = data::kNoTime,
                                              .receivedMs = data::kNoTime,
                                              .status = RowStatus::NoData});
    }
    return snapshot;
}

SeriesSlices FeedWorker::sliceSeries(const QList<SeriesQuery> &queries) const
{
    auto slices = std::make_shared<QList<SeriesSlice>>();
    slices->reserve(queries.size());
    for (const SeriesQuery &q : queries) {
        const store::SeriesKey &k = q.key;
        // Decimated where the ring holds it: copying the window out first cost more than
        // reducing it (tests/bench/RESULTS.md, chart slicing).
        const store::PointRuns around = m_history.runsAround(k.feedId, k.symbol, k.field, q.fromMs, q.toMs);
        SeriesSlice slice{.key = k, .fromMs = q.fromMs, .toMs = q.toMs,
                          .retained = m_history.size(k.feedId, k.symbol, k.field), .points = {}};
        if (q.fromMs == kFromFirstPoint)
            slice.fromMs = around.isEmpty() ? q.toMs : around.at(0).t;
        slice.points = store::decimateMinMax(around, slice.fromMs, slice.toMs, q.columns);
        slices->append(std::move(slice));
    }
    return slices;
}

SeriesSlices FeedWorker::historyPoints(const QList<SeriesQuery> &queries) const
{
    auto slices = std::make_shared<QList<SeriesSlice>>();
    for (const SeriesQuery &q : queries) {
        const store::SeriesKey &k = q.key;
        SeriesSlice slice{.key = k, .fromMs = q.fromMs, .toMs = q.toMs,
                          .retained = m_history.size(k.feedId, k.symbol, k.field),
                          .points = m_history.points(k.feedId, k.symbol, k.field, q.fromMs, q.toMs)};
        slices->append(std::move(slice));
    }
    return slices;
}

QStringList FeedWorker::recentMessages(const QString &feedId) const
{
    const FeedConnection *c = connection(feedId);
    return c ? c->recentMessages() : QStringList{};
}

void FeedWorker::probe(const workspace::FeedConfig &config, ConnectionProbe::Limits limits,
                       std::function<void(ProbeReport)> done)
{
    ProbeReport refused;
    if (m_probes.size() >= std::size_t(kMaxProbes)) {
        refused.error = QStringLiteral("%1 connection tests are already running; wait for one to finish")
                            .arg(kMaxProbes);
        done(refused);
        return;
    }
    std::unique_ptr<codec::FeedCodec> codec = codec::makeCodec(codecOptions(config), &refused.error);
    if (!codec) {
        done(refused);
        return;
    }
    const QUrl url = resolveUrl(config.url, &refused.error);
    if (url.isEmpty()) {
        done(refused);
        return;
    }
    auto probe = std::make_unique<ConnectionProbe>(config, std::move(codec), url, limits);
    ConnectionProbe *p = probe.get();
    connect(p, &ConnectionProbe::finished, this, [this, p, done = std::move(done)](const ProbeReport &report) {
        done(report);
        // Destroyed later: this runs inside the probe's own signal.
        for (auto it = m_probes.begin(); it != m_probes.end(); ++it) {
            if (it->get() == p) {
                it->release()->deleteLater();
                m_probes.erase(it);
                break;
            }
        }
    });
    m_probes.push_back(std::move(probe));
    p->start();
}

QList<FeedStatus> FeedWorker::statuses() const
{
    QList<FeedStatus> list;
    list.reserve(qsizetype(m_feeds.size()));
    for (const Feed &feed : m_feeds)
        list.append(feed.connection->status());
    return list;
}

void FeedWorker::adopt(std::unique_ptr<QObject> part)
{
    m_adopted.push_back(std::move(part));
}

void FeedWorker::shutdown()
{
    // Attached parts first (newest first), while the feeds they watch still exist.
    while (!m_adopted.empty())
        m_adopted.pop_back();
    m_updateTap = {};
    m_readTap = {};
    m_publishTimer.stop();
    m_publishDeferred = false;
    m_probes.clear();
    for (Feed &feed : m_feeds)
        feed.connection->stop();
    m_feeds.clear();
    m_resolveUrl = nullptr; // and with it what it started (the simulator), on this thread
}

} // namespace feeddeck::feed
