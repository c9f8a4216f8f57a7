// nats feeds against a real nats-server (Debian's, on loopback ports): what a relay publishes
// becomes rows of the upstream feeds, the relay's reports drive their health, and a desktop
// rides out a server restart and the loss of its cluster node.
#include "../support/NatsServerProcess.h"
#include "../support/NatsTestClient.h"

#include "core/codec/nats/JetStream.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"
#include "core/feed/FeedManager.h"
#include "core/feed/RelayedFeeds.h"

#include <QDateTime>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace feeddeck;
using feed::FeedManager;
using feed::FeedState;
using testing::NatsServerProcess;
using testing::NatsTestClient;
namespace nats = codec::nats;

namespace {

constexpr int kWait = 10000;
const QString kDesk = QStringLiteral("desk");
const QString kCrypto = QStringLiteral("desk/crypto");

workspace::Workspace deskWorkspace(const QUrl &wsUrl, const QStringList &patterns = {QStringLiteral("feeddeck.>")})
{
    workspace::FeedConfig c;
    c.id = kDesk;
    c.name = QStringLiteral("Desk relay");
    c.protocol = QStringLiteral("nats");
    c.url = wsUrl;
    c.symbols = patterns;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

QByteArray quote(double price, qint64 sourceMs)
{
    data::Update update;
    update.fields.emplace_back(data::fields::kPrice, price);
    update.fields.emplace_back(data::fields::kBid, price - 0.5);
    update.sourceMs = sourceMs;
    update.receivedMs = sourceMs + 3;
    QByteArray payload;
    nats::appendUpdatePayload(payload, update);
    return payload;
}

QByteArray upstreamStatus(const QString &state, const QString &error = {}, qint64 retryAtMs = -1, qint64 atMs = 0)
{
    nats::RelayedStatus status;
    status.name = QStringLiteral("Coinbase");
    status.protocol = QStringLiteral("coinbase");
    status.state = state;
    status.sinceMs = atMs > 0 ? atMs : QDateTime::currentMSecsSinceEpoch();
    status.atMs = status.sinceMs;
    status.retryAtMs = retryAtMs;
    status.lastError = error;
    status.updates = 7;
    return nats::statusPayload(status);
}

// Publishes as a relay of feed "crypto" would.
void publishQuote(NatsTestClient &relay, const QString &symbol, double price, qint64 sourceMs)
{
    relay.publish(nats::updateSubject("feeddeck", u"crypto", symbol), quote(price, sourceMs));
}

void publishStatus(NatsTestClient &relay, const QString &state, const QString &error = {}, qint64 retryAtMs = -1,
                   qint64 atMs = 0)
{
    relay.publish(nats::statusSubject("feeddeck", u"crypto"), upstreamStatus(state, error, retryAtMs, atMs));
}

feed::SnapshotPtr snapshotOf(FeedManager &manager)
{
    auto result = std::make_shared<feed::SnapshotPtr>();
    manager.requestSnapshot([result](const feed::SnapshotPtr &s) { *result = s; });
    if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait))
        return std::make_shared<feed::Snapshot>();
    return *result;
}

std::optional<feed::FeedStatus> statusOf(FeedManager &manager, const QString &id)
{
    const feed::SnapshotPtr snapshot = snapshotOf(manager);
    for (const feed::FeedStatus &status : snapshot->feeds)
        if (status.id == id)
            return status;
    return std::nullopt;
}

FeedState stateOf(FeedManager &manager, const QString &id)
{
    const std::optional<feed::FeedStatus> status = statusOf(manager, id);
    return status ? status->state : FeedState::Disabled;
}

std::optional<feed::SnapshotRow> rowOf(FeedManager &manager, const QString &feedId, const QString &symbol)
{
    const feed::SnapshotPtr snapshot = snapshotOf(manager);
    for (const feed::SnapshotRow &row : snapshot->rows)
        if (row.feedId == feedId && row.symbol == symbol)
            return row;
    return std::nullopt;
}

double priceOf(FeedManager &manager, const QString &feedId, const QString &symbol)
{
    const std::optional<feed::SnapshotRow> row = rowOf(manager, feedId, symbol);
    if (!row)
        return std::nan("");
    return data::valueOf(row->fields, data::fields::kPrice).value_or(std::nan(""));
}

QList<store::Point> historyOf(FeedManager &manager, const store::SeriesKey &key)
{
    auto result = std::make_shared<feed::SeriesSlices>();
    manager.requestHistory({feed::SeriesQuery{.key = key}}, [result](const feed::SeriesSlices &s) { *result = s; });
    if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait) || (*result)->isEmpty())
        return {};
    return (*result)->constFirst().points;
}

// A nats-server, a desktop whose nats feed reads it (live), and a relay's connection to it.
struct LiveDesk
{
    NatsServerProcess server;
    FeedManager manager;
    NatsTestClient relay;

    bool start(const QStringList &patterns = {QStringLiteral("feeddeck.>")})
    {
        QString error;
        if (!server.start(&error)) {
            qWarning().noquote() << error;
            return false;
        }
        manager.start(deskWorkspace(server.wsUrl(), patterns));
        if (!QTest::qWaitFor([this] { return stateOf(manager, kDesk) == FeedState::Live; }, kWait)) {
            qWarning("the desktop's nats feed did not go live");
            return false;
        }
        if (!relay.connectTo(server.clientPort(), &error)) {
            qWarning().noquote() << error;
            return false;
        }
        return true;
    }
};

// Publishes a new price until one arrives at the desktop (routes between nodes take a moment
// to form, and a message published before they have is not carried).
bool reachesTheDesktop(NatsTestClient &relay, FeedManager &manager, double &price)
{
    return QTest::qWaitFor(
        [&] {
            price += 1.0;
            publishQuote(relay, QStringLiteral("BTC-USD"), price, 1700000000000 + qint64(price));
            return relay.flush()
                && QTest::qWaitFor([&] { return priceOf(manager, kCrypto, QStringLiteral("BTC-USD")) == price; }, 200);
        },
        kWait);
}

} // namespace

class TstNatsFeed : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void relayedUpdatesBecomeRowsOfTheUpstreamFeed();
    void keysWithDotsWildcardsAndSpacesRoundTrip();
    void anUpstreamInBackoffDimsItsRowsAndSaysWhen();
    void aNarrowPatternStillHearsItsFeedsReports();
    void aRestartedServerIsRejoinedResubscribedAndTheGapIsShown();
    void aDesktopMovesToAnotherNodeWhenItsClusterNodeStops();
    void aLateJoinerReadsTheStoredHistoryThenLiveWithoutGapOrDuplicate();
    void aReconnectionResumesTheStreamAfterTheLastMessageRead();
    void withHistoryOffOnlyLiveUpdatesArrive();
    void aRelayThatWentQuietBeforeTheDesktopStartedReadsAsSilent();
};

void TstNatsFeed::init()
{
    if (NatsServerProcess::program().isEmpty())
        QSKIP("nats-server is not installed (/usr/sbin/nats-server): packaging/bootstrap.sh deps installs it");
}

void TstNatsFeed::relayedUpdatesBecomeRowsOfTheUpstreamFeed()
{
    LiveDesk desk;
    QVERIFY(desk.start());
    FeedManager &manager = desk.manager;
    NatsTestClient &relay = desk.relay;
    publishStatus(relay, QStringLiteral("live"));
    publishQuote(relay, QStringLiteral("BTC-USD"), 64000.25, 1700000000000);
    publishQuote(relay, QStringLiteral("ETH-USD"), 3100.5, 1700000000001);
    publishQuote(relay, QStringLiteral("BTC-USD"), 64001.75, 1700000000002);
    QVERIFY(relay.flush());

    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 64001.75, kWait);
    const std::optional<feed::SnapshotRow> btc = rowOf(manager, kCrypto, QStringLiteral("BTC-USD"));
    QVERIFY(btc);
    QCOMPARE(btc->feedName, QStringLiteral("Coinbase"));
    QCOMPARE(data::valueOf(btc->fields, data::fields::kBid), std::optional<double>(64001.25));
    QCOMPARE(btc->sourceMs, 1700000000002);
    QCOMPARE(btc->receivedMs, 1700000000005); // the relay's receipt, not ours
    QCOMPARE(btc->status, feed::RowStatus::Live);
    QCOMPARE(priceOf(manager, kCrypto, QStringLiteral("ETH-USD")), 3100.5);

    const std::optional<feed::FeedStatus> crypto = statusOf(manager, kCrypto);
    QVERIFY(crypto);
    QCOMPARE(crypto->name, QStringLiteral("Coinbase"));
    QCOMPARE(crypto->relayFeedId, kDesk);
    QCOMPARE(crypto->state, FeedState::Live);
    QCOMPARE(crypto->counters.updates, quint64(7)); // as the relay counts them
    const std::optional<feed::FeedStatus> relayFeed = statusOf(manager, kDesk);
    QVERIFY(relayFeed);
    QCOMPARE(relayFeed->upstreams.size(), 1);
    QCOMPARE(relayFeed->upstreams.constFirst().name, QStringLiteral("Coinbase"));
    // Only the relay's feeds have rows: the nats feed itself holds none.
    const feed::SnapshotPtr snapshot = snapshotOf(manager);
    for (const feed::SnapshotRow &row : snapshot->rows)
        QVERIFY2(row.feedId == kCrypto, qPrintable(row.feedId));
}

void TstNatsFeed::keysWithDotsWildcardsAndSpacesRoundTrip()
{
    LiveDesk desk;
    QVERIFY(desk.start());
    FeedManager &manager = desk.manager;
    NatsTestClient &relay = desk.relay;
    const QStringList keys = {QStringLiteral("BRK.B"), QStringLiteral("A>B*C"), QStringLiteral("two words"),
                              QStringLiteral("100%"), QStringLiteral("$status"), QStringLiteral("Zürich/é")};
    for (int i = 0; i < keys.size(); ++i)
        publishQuote(relay, keys.at(i), 10.0 + i, 1700000000000 + i);
    QVERIFY(relay.flush());
    for (int i = 0; i < keys.size(); ++i)
        QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, keys.at(i)), 10.0 + i, kWait);
    QCOMPARE(snapshotOf(manager)->rows.size(), keys.size());
}

void TstNatsFeed::anUpstreamInBackoffDimsItsRowsAndSaysWhen()
{
    LiveDesk desk;
    QVERIFY(desk.start());
    FeedManager &manager = desk.manager;
    NatsTestClient &relay = desk.relay;
    publishStatus(relay, QStringLiteral("live"));
    publishQuote(relay, QStringLiteral("BTC-USD"), 64000.0, 1700000000000);
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(manager, kCrypto, QStringLiteral("BTC-USD")).value_or(feed::SnapshotRow{}).status,
                              feed::RowStatus::Live, kWait);

    const qint64 retryAt = QDateTime::currentMSecsSinceEpoch() + 3000;
    publishStatus(relay, QStringLiteral("backoff"), QStringLiteral("connection closed (1006)"), retryAt);
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kCrypto), FeedState::Backoff, kWait);
    const std::optional<feed::FeedStatus> crypto = statusOf(manager, kCrypto);
    QVERIFY(crypto);
    QCOMPARE(crypto->retryAtMs, retryAt);
    QCOMPARE(crypto->lastError, QStringLiteral("connection closed (1006)"));
    // The value stays, dimmed: the relay's connection is fine, its upstream is not.
    const std::optional<feed::SnapshotRow> row = rowOf(manager, kCrypto, QStringLiteral("BTC-USD"));
    QVERIFY(row);
    QCOMPARE(row->status, feed::RowStatus::Disconnected);
    QCOMPARE(data::valueOf(row->fields, data::fields::kPrice), std::optional<double>(64000.0));
    QCOMPARE(stateOf(manager, kDesk), FeedState::Live);

    publishStatus(relay, QStringLiteral("live"));
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(manager, kCrypto, QStringLiteral("BTC-USD")).value_or(feed::SnapshotRow{}).status,
                              feed::RowStatus::Live, kWait);
}

void TstNatsFeed::aNarrowPatternStillHearsItsFeedsReports()
{
    LiveDesk desk;
    QVERIFY(desk.start({QStringLiteral("feeddeck.crypto.BTC-USD")}));
    FeedManager &manager = desk.manager;
    NatsTestClient &relay = desk.relay;
    publishQuote(relay, QStringLiteral("ETH-USD"), 3100.0, 1700000000000); // not subscribed
    publishQuote(relay, QStringLiteral("BTC-USD"), 64000.0, 1700000000001);
    publishStatus(relay, QStringLiteral("stale"), QStringLiteral("no message for 30 s"));
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kCrypto), FeedState::Stale, kWait);
    QCOMPARE(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 64000.0);
    QVERIFY(!rowOf(manager, kCrypto, QStringLiteral("ETH-USD")));
}

void TstNatsFeed::aRestartedServerIsRejoinedResubscribedAndTheGapIsShown()
{
    NatsServerProcess server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    FeedManager manager;
    manager.start(deskWorkspace(server.wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);

    auto relay = std::make_unique<NatsTestClient>();
    QVERIFY2(relay->connectTo(server.clientPort(), &error), qPrintable(error));
    publishQuote(*relay, QStringLiteral("BTC-USD"), 100.0, 1700000000000);
    publishQuote(*relay, QStringLiteral("BTC-USD"), 101.0, 1700000000001);
    QVERIFY(relay->flush());
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 101.0, kWait);

    server.stop();
    relay.reset();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(manager, kDesk) != FeedState::Live, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(manager, kCrypto, QStringLiteral("BTC-USD")).value_or(feed::SnapshotRow{}).status,
                              feed::RowStatus::Disconnected, kWait);
    QVERIFY2(server.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);
    QCOMPARE(statusOf(manager, kDesk)->counters.connects, quint64(2));

    // Subscribed again: what is published now arrives.
    relay = std::make_unique<NatsTestClient>();
    QVERIFY2(relay->connectTo(server.clientPort(), &error), qPrintable(error));
    publishQuote(*relay, QStringLiteral("BTC-USD"), 105.0, 1700000000100);
    QVERIFY(relay->flush());
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 105.0, kWait);

    // The chart shows the time the desktop could not hear the relay as a gap.
    const QList<store::Point> points = historyOf(manager, {kCrypto, QStringLiteral("BTC-USD"), data::fields::kPrice});
    QCOMPARE(points.size(), 4);
    QCOMPARE(points.at(0).v, 100.0);
    QCOMPARE(points.at(1).v, 101.0);
    QVERIFY(store::SeriesHistory::isGap(points.at(2)));
    QCOMPARE(points.at(3).v, 105.0);
}

void TstNatsFeed::aDesktopMovesToAnotherNodeWhenItsClusterNodeStops()
{
    // Three nodes with routes to each other; the desktop is given only the first one's URL.
    std::array<std::unique_ptr<NatsServerProcess>, 3> nodes;
    for (auto &node : nodes)
        node = std::make_unique<NatsServerProcess>();
    for (int i = 0; i < 3; ++i) {
        NatsServerProcess::Options &options = nodes.at(i)->options();
        options.clusterName = QStringLiteral("desk");
        options.serverName = QStringLiteral("node-%1").arg(i);
        for (int j = 0; j < 3; ++j)
            if (j != i)
                options.routePorts.append(nodes.at(j)->clusterPort());
    }
    QString error;
    for (auto &node : nodes)
        QVERIFY2(node->start(&error), qPrintable(error));

    FeedManager manager;
    manager.start(deskWorkspace(nodes.at(0)->wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);

    // The relay publishes on the third node; the cluster carries it to the desktop's node.
    NatsTestClient relay;
    QVERIFY2(relay.connectTo(nodes.at(2)->clientPort(), &error), qPrintable(error));
    double price = 100.0;
    QVERIFY(reachesTheDesktop(relay, manager, price));

    nodes.at(0)->stop();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(manager, kDesk) != FeedState::Live, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);
    QVERIFY(reachesTheDesktop(relay, manager, price));
    QVERIFY(!nodes.at(0)->isRunning());
}

namespace {

// A JetStream server holding "feeddeck.>" in stream FEEDDECK, as a relay with history keeps it.
bool startWithStream(NatsServerProcess &server, NatsTestClient &relay, QString *error)
{
    server.options().jetstream = true;
    if (!server.start(error) || !relay.connectTo(server.clientPort(), error))
        return false;
    const std::optional<QByteArray> answer =
        relay.request(nats::streamCreateSubject(u"FEEDDECK"), nats::streamConfig(u"FEEDDECK", {"feeddeck.>"}, 3'600'000, 0));
    const nats::ApiResponse created = nats::parseApiResponse(answer.value_or(QByteArray()));
    if (!created.ok)
        *error = QStringLiteral("stream not created: %1").arg(created.description);
    return created.ok;
}

QList<double> valuesOf(const QList<store::Point> &points)
{
    QList<double> values;
    for (const store::Point &p : points)
        values.append(p.v);
    return values;
}

QList<double> range(double first, double last)
{
    QList<double> values;
    for (double v = first; v <= last; v += 1.0)
        values.append(v);
    return values;
}

} // namespace

void TstNatsFeed::aLateJoinerReadsTheStoredHistoryThenLiveWithoutGapOrDuplicate()
{
    NatsServerProcess server;
    NatsTestClient relay;
    QString error;
    QVERIFY2(startWithStream(server, relay, &error), qPrintable(error));
    // What the relay published before this desktop started.
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 60'000;
    publishStatus(relay, QStringLiteral("live"));
    for (int i = 1; i <= 300; ++i)
        publishQuote(relay, QStringLiteral("BTC-USD"), i, t0 + i);
    for (int i = 1; i <= 20; ++i)
        publishQuote(relay, QStringLiteral("ETH-USD"), 1000 + i, t0 + i);
    QVERIFY(relay.flush());

    FeedManager manager;
    manager.start(deskWorkspace(server.wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 300.0, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("ETH-USD")), 1020.0, kWait);
    QCOMPARE(statusOf(manager, kCrypto).value_or(feed::FeedStatus{}).name, QStringLiteral("Coinbase"));
    const store::SeriesKey btc{kCrypto, QStringLiteral("BTC-USD"), data::fields::kPrice};
    QCOMPARE(valuesOf(historyOf(manager, btc)), range(1, 300));

    // Live from here on, through the same consumer: each value once, in order.
    for (int i = 301; i <= 400; ++i)
        publishQuote(relay, QStringLiteral("BTC-USD"), i, t0 + i);
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 400.0, kWait);
    QCOMPARE(valuesOf(historyOf(manager, btc)), range(1, 400));
}

void TstNatsFeed::aReconnectionResumesTheStreamAfterTheLastMessageRead()
{
    NatsServerProcess server;
    auto relay = std::make_unique<NatsTestClient>();
    QString error;
    QVERIFY2(startWithStream(server, *relay, &error), qPrintable(error));
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 60'000;
    for (int i = 1; i <= 50; ++i)
        publishQuote(*relay, QStringLiteral("BTC-USD"), i, t0 + i);
    QVERIFY(relay->flush());
    FeedManager manager;
    manager.start(deskWorkspace(server.wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 50.0, kWait);

    // The server goes away and comes back with its stored stream.
    relay.reset();
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(manager, kDesk) != FeedState::Live, kWait);
    QVERIFY2(server.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);
    relay = std::make_unique<NatsTestClient>();
    QVERIFY2(relay->connectTo(server.clientPort(), &error), qPrintable(error));
    for (int i = 51; i <= 60; ++i)
        publishQuote(*relay, QStringLiteral("BTC-USD"), i, t0 + i);
    QVERIFY(relay->flush());
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 60.0, kWait);

    // The first 50 are not read again; the time the desktop was away is a gap.
    const QList<store::Point> points = historyOf(manager, {kCrypto, QStringLiteral("BTC-USD"), data::fields::kPrice});
    QCOMPARE(points.size(), 61);
    QCOMPARE(valuesOf(points.first(50)), range(1, 50));
    QVERIFY(store::SeriesHistory::isGap(points.at(50)));
    QCOMPARE(valuesOf(points.sliced(51)), range(51, 60));
}

void TstNatsFeed::withHistoryOffOnlyLiveUpdatesArrive()
{
    NatsServerProcess server;
    NatsTestClient relay;
    QString error;
    QVERIFY2(startWithStream(server, relay, &error), qPrintable(error));
    publishQuote(relay, QStringLiteral("BTC-USD"), 1.0, 1700000000001);
    QVERIFY(relay.flush());
    workspace::Workspace workspace = deskWorkspace(server.wsUrl());
    workspace.feeds[0].options.insert(QStringLiteral("history"), false);
    FeedManager manager;
    manager.start(workspace);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(manager, kDesk), FeedState::Live, kWait);
    publishQuote(relay, QStringLiteral("BTC-USD"), 2.0, 1700000000002);
    QVERIFY(relay.flush());
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 2.0, kWait);
    QCOMPARE(valuesOf(historyOf(manager, {kCrypto, QStringLiteral("BTC-USD"), data::fields::kPrice})),
             QList<double>{2.0});
}

void TstNatsFeed::aRelayThatWentQuietBeforeTheDesktopStartedReadsAsSilent()
{
    NatsServerProcess server;
    NatsTestClient relay;
    QString error;
    QVERIFY2(startWithStream(server, relay, &error), qPrintable(error));
    // The relay's last words, a minute ago; the desktop reads them from the history now.
    const qint64 minuteAgo = QDateTime::currentMSecsSinceEpoch() - 60'000;
    publishStatus(relay, QStringLiteral("live"), {}, -1, minuteAgo);
    publishQuote(relay, QStringLiteral("BTC-USD"), 64000.0, minuteAgo);
    QVERIFY(relay.flush());
    FeedManager manager;
    manager.start(deskWorkspace(server.wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(priceOf(manager, kCrypto, QStringLiteral("BTC-USD")), 64000.0, kWait);
    const std::optional<feed::FeedStatus> crypto = statusOf(manager, kCrypto);
    QVERIFY(crypto);
    QCOMPARE(crypto->state, FeedState::Stale);
    QVERIFY2(crypto->lastError.startsWith(QStringLiteral("the relay has not reported on this feed for 6")),
             qPrintable(crypto->lastError));
    QCOMPARE(rowOf(manager, kCrypto, QStringLiteral("BTC-USD"))->status, feed::RowStatus::Stale);
}

QTEST_GUILESS_MAIN(TstNatsFeed)
#include "tst_natsfeed.moc"
