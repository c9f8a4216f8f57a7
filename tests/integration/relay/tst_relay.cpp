// Relay mode against a real nats-server (Debian's, on free loopback ports): a fake exchange
// feeds the relay, and a plain NATS subscriber in the test (a TCP socket and the protocol
// reader) checks what reaches NATS: every update once, on its subject, with its fields;
// $status on changes; max_payload honoured; a bounded buffer while NATS is away; credentials;
// moving to another node of a cluster.
#include "../support/NatsServerProcess.h"
#include "../support/TestCertificates.h"
#include "../support/TestFeedServer.h"
#include "../support/NatsTestClient.h"

#include "core/codec/nats/NatsProtocol.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"
#include "core/feed/FeedManager.h"
#include "core/relay/Relay.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace feeddeck;
using testing::NatsServerProcess;
using testing::NatsTestClient;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 10000;

// Asks the relay on the network thread for its counters; the answer comes back queued.
class StatsProbe : public QObject
{
    Q_OBJECT

public:
    relay::RelayStats latest;
    bool answered = false;

    // Fresh counters (waits for the relay's answer).
    relay::RelayStats ask()
    {
        answered = false;
        // Asked again until it answers: right after start the relay may not be attached yet.
        QDeadlineTimer deadline(kWait);
        while (!answered && !deadline.hasExpired()) {
            emit requested();
            if (QTest::qWaitFor([this] { return answered; }, 100))
                break;
        }
        if (!answered)
            qWarning("the relay did not answer with its counters");
        return latest;
    }

    void take(const relay::RelayStats &stats)
    {
        latest = stats;
        answered = true;
    }

signals:
    void requested();
};

// Feeds on a network thread with a relay attached, as `feeddeck relay` runs them.
struct RelayRun
{
    StatsProbe probe; // outlives the relay, which reports to it until it is gone
    feed::FeedManager manager;

    void start(const workspace::Workspace &ws, const relay::RelayOptions &options)
    {
        QHash<QString, QString> protocols;
        for (const workspace::FeedConfig &c : ws.feeds)
            protocols.insert(c.id, c.protocol);
        manager.start(ws);
        StatsProbe *p = &probe;
        manager.attach([p, options, protocols](feed::FeedWorker &worker) -> std::unique_ptr<QObject> {
            auto r = std::make_unique<relay::Relay>(options, worker, protocols);
            QObject::connect(p, &StatsProbe::requested, r.get(), &relay::Relay::reportStats);
            QObject::connect(r.get(), &relay::Relay::statsReported, p, &StatsProbe::take);
            r->start();
            return r;
        });
    }
    relay::RelayStats stats() { return probe.ask(); }
};

// Until the test opens it, the relay's way to a nats-server that is already running is closed
// (connections refused): the subscriber is in place before the relay can publish, whatever the
// relay's backoff timer does. Once open, it pipes bytes both ways.
class Gate : public QObject
{
public:
    explicit Gate(quint16 target)
        : m_target(target)
        , m_port(NatsServerProcess::freePort())
    {
        connect(&m_server, &QTcpServer::newConnection, this, &Gate::onNewConnection);
    }
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("nats://127.0.0.1:%1").arg(m_port)); }
    bool open() { return m_server.listen(QHostAddress::LocalHost, m_port); }
    // New connections are refused again (those piped stay until either end closes).
    void close() { m_server.close(); }

private:
    void onNewConnection()
    {
        while (QTcpSocket *in = m_server.nextPendingConnection()) {
            auto *out = new QTcpSocket(in);
            connect(in, &QTcpSocket::readyRead, out, [in, out] { out->write(in->readAll()); });
            connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
            connect(out, &QTcpSocket::connected, out, [in, out] { out->write(in->readAll()); });
            connect(in, &QTcpSocket::disconnected, in, &QObject::deleteLater);
            connect(out, &QTcpSocket::disconnected, in, &QTcpSocket::disconnectFromHost);
            out->connectToHost(QHostAddress::LocalHost, m_target);
        }
    }

    QTcpServer m_server;
    quint16 m_target;
    quint16 m_port;
};

workspace::FeedConfig coinbaseFeed(const QString &id, const QUrl &url, const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = id;
    c.name = id.toUpper();
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = symbols;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    return c;
}

relay::RelayOptions relayTo(const QUrl &nats)
{
    relay::RelayOptions o;
    o.natsUrl = nats;
    o.retry = {.initialMs = 100, .maxMs = 500, .floorMs = 50};
    o.pingIntervalMs = 2000;
    return o;
}

// Every update the relay was given is in exactly one of its counters.
bool accountsForEveryUpdate(const relay::RelayStats &s)
{
    return s.received == s.published + s.oversize + s.dropped + s.buffered;
}

bool startServer(NatsServerProcess &server)
{
    QString error;
    const bool ok = server.start(&error);
    if (!ok)
        qWarning().noquote() << error;
    return ok;
}

// The source time of TestFeedServer::ticker: 2026-11-22T22:22:17.818Z.
const qint64 kTickerTimeMs = QDateTime::fromString(QStringLiteral("2026-11-22T22:22:17.818Z"), Qt::ISODateWithMs).toMSecsSinceEpoch();

} // namespace

class TstRelay : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void publishesEveryUpdateOnceOnItsSubjectWithItsFields();
    void reportsStateChangesOnStatusAndEverySecond();
    void skipsAndCountsUpdatesAboveTheServersMaxPayload();
    void keepsItsFeedsWhileNatsIsDownAndCatchesUp();
    void aSmallBufferDropsTheOldestAndCountsThemPerFeed();
    void logsInWithUserAndPassword();
    void logsInWithAToken();
    void aWrongPasswordIsReportedWithTheOptionToFix();
    void movesToAnotherNodeWhenItsNodeStops();
    void publishesOverTlsTrustingTheGivenCa();
    void aServerThatStopsAnsweringPingsIsLeft();
    void aRestartedServerGetsWhatCameMeanwhileExactlyOnce();
    void twoDesktopsShowWhatTheExchangeSentThroughOneUpstreamConnection();
    void aDesktopStartedLaterGetsTheStoredHistoryThenLiveWithoutGapOrDuplicate();
    void aServerWithoutJetStreamLeavesTheRelayLiveOnlyAndSaysSo();
};

void TstRelay::init()
{
    if (NatsServerProcess::program().isEmpty())
        QSKIP("nats-server is not installed (/usr/sbin/nats-server): packaging/bootstrap.sh deps installs it");
}

void TstRelay::publishesEveryUpdateOnceOnItsSubjectWithItsFields()
{
    NatsServerProcess nats;
    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort()));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    // Keys with the characters a subject cannot carry as they are.
    const QStringList symbols{QStringLiteral("BTC-USD"), QStringLiteral("A.B"), QStringLiteral("X>Y"),
                              QStringLiteral("ONE TWO")};
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto.eu"), exchange.url(), symbols));
    RelayRun run;
    run.start(ws, relayTo(nats.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);

    constexpr int kPerSymbol = 25;
    int sequence = 0;
    for (int i = 0; i < kPerSymbol; ++i)
        for (const QString &symbol : symbols)
            exchange.sendTicker(symbol, 100.25 + i, ++sequence);
    const int sent = kPerSymbol * int(symbols.size());
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), sent, kWait);

    QHash<QString, int> seen;
    for (const NatsTestClient::Message &m : subscriber.updates()) {
        const auto parts = codec::nats::parseSubject(m.subject);
        QVERIFY2(parts, m.subject.constData());
        QVERIFY(m.subject.startsWith("feeddeck.crypto%2Eeu."));
        QCOMPARE(parts->feedId, QStringLiteral("crypto.eu"));
        QVERIFY2(symbols.contains(parts->key), qPrintable(parts->key));
        data::Update update;
        QString error;
        QVERIFY2(codec::nats::parseUpdatePayload(m.payload, update, &error), qPrintable(error));
        // Per symbol in the order sent.
        const double price = 100.25 + seen[parts->key]++;
        // The codec's fields, change_pct (from open_24h) included.
        QCOMPARE(update.fields.size(), 6);
        QVERIFY(data::valueOf(update.fields, data::fields::kChangePct));
        QCOMPARE(data::valueOf(update.fields, data::fields::kPrice), std::optional<double>(price));
        QCOMPARE(data::valueOf(update.fields, data::fields::kBid), std::optional<double>(price - 0.5));
        QCOMPARE(data::valueOf(update.fields, data::fields::kAsk), std::optional<double>(price + 0.5));
        QCOMPARE(data::valueOf(update.fields, data::fields::kOpen24h), std::optional<double>(100));
        QCOMPARE(data::valueOf(update.fields, data::fields::kSize), std::optional<double>(0.5));
        QCOMPARE(update.sourceMs, kTickerTimeMs);
        QVERIFY(update.receivedMs > kTickerTimeMs);
    }
    for (const QString &symbol : symbols)
        QCOMPARE(seen.value(symbol), kPerSymbol);
    // The escaping in the subjects themselves.
    const QList<NatsTestClient::Message> updates = subscriber.updates();
    QVERIFY(std::any_of(updates.cbegin(), updates.cend(),
                        [](const auto &m) { return m.subject == "feeddeck.crypto%2Eeu.X%3EY"; }));
    QVERIFY(std::any_of(updates.cbegin(), updates.cend(),
                        [](const auto &m) { return m.subject == "feeddeck.crypto%2Eeu.ONE%20TWO"; }));

    // Nothing twice: one more update is the only one more that arrives.
    exchange.sendTicker(QStringLiteral("BTC-USD"), 1, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), sent + 1, kWait);
    const relay::RelayStats stats = run.stats();
    QCOMPARE(stats.published, quint64(sent + 1));
    QVERIFY(accountsForEveryUpdate(stats));
    QCOMPARE(stats.dropped, 0u);
    QCOMPARE(stats.oversize, 0u);
    QCOMPARE(stats.connects, 1u);
    QCOMPARE(stats.server, nats.clientUrl().toString());
    QCOMPARE(subscriber.updates().size(), sent + 1);
    QCOMPARE(exchange.connectionCount(), 1);
}

void TstRelay::reportsStateChangesOnStatusAndEverySecond()
{
    NatsServerProcess nats;
    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort()));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    RelayRun run;
    run.start(ws, relayTo(nats.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    exchange.sendTicker(QStringLiteral("BTC-USD"), 10, 1);
    auto lastState = [&subscriber] {
        const auto list = subscriber.statuses(QStringLiteral("crypto"));
        return list.isEmpty() ? QString() : list.constLast().state;
    };
    QTRY_COMPARE_WITH_TIMEOUT(lastState(), QStringLiteral("live"), kWait);
    const codec::nats::RelayedStatus live = subscriber.statuses(QStringLiteral("crypto")).constLast();
    QCOMPARE(live.name, QStringLiteral("CRYPTO"));
    QCOMPARE(live.protocol, QStringLiteral("coinbase"));
    QVERIFY(live.updates >= 1);

    // Unchanged, it is still reported about every second.
    const qsizetype before = subscriber.statuses(QStringLiteral("crypto")).size();
    QTRY_VERIFY_WITH_TIMEOUT(subscriber.statuses(QStringLiteral("crypto")).size() >= before + 2, 5000);

    // A drop is reported as it happens, with the retry time, then the recovery.
    exchange.closeClients(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("maintenance"));
    auto reportedBackoff = [&subscriber] {
        const QList<codec::nats::RelayedStatus> list = subscriber.statuses(QStringLiteral("crypto"));
        return std::any_of(list.cbegin(), list.cend(), [](const codec::nats::RelayedStatus &s) {
            return s.state == QLatin1String("backoff") && s.retryAtMs > 0 && !s.lastError.isEmpty();
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(reportedBackoff(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 2, kWait);
    exchange.sendTicker(QStringLiteral("BTC-USD"), 11, 2);
    QTRY_COMPARE_WITH_TIMEOUT(lastState(), QStringLiteral("live"), kWait);
    QVERIFY(subscriber.statuses(QStringLiteral("crypto")).constLast().disconnects >= 1);
}

void TstRelay::skipsAndCountsUpdatesAboveTheServersMaxPayload()
{
    NatsServerProcess nats;
    // A small update's payload is about 125 bytes, a long-priced one about 180.
    nats.options().maxPayload = 150;
    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort()));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    RelayRun run;
    run.start(ws, relayTo(nats.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);

    int sequence = 0;
    for (int i = 0; i < 10; ++i) {
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + i, ++sequence);
        if (i % 3 == 0)
            exchange.sendTicker(QStringLiteral("BTC-USD"), 1.2345678901234567 + i, ++sequence);
    }
    exchange.sendTicker(QStringLiteral("BTC-USD"), 999, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 11, kWait);
    for (const NatsTestClient::Message &m : subscriber.updates())
        QVERIFY(m.payload.size() <= 150);
    const relay::RelayStats stats = run.stats();
    QCOMPARE(stats.oversize, 4u);
    QVERIFY(accountsForEveryUpdate(stats));
    QCOMPARE(stats.published, 11u);
    QCOMPARE(stats.disconnects, 0u);
    QVERIFY(stats.connected);
}

void TstRelay::keepsItsFeedsWhileNatsIsDownAndCatchesUp()
{
    NatsServerProcess nats; // not started yet
    Gate gate(nats.clientPort());
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    RelayRun run;
    run.start(ws, relayTo(gate.url()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);

    constexpr int kSent = 200;
    for (int i = 0; i < kSent; ++i)
        exchange.sendTicker(i % 2 ? QStringLiteral("ETH-USD") : QStringLiteral("BTC-USD"), 1000 + i, i + 1);
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().buffered, quint64(kSent), kWait);
    relay::RelayStats down = run.stats();
    QVERIFY(!down.connected);
    QCOMPARE(down.connects, 0u);
    QCOMPARE(down.published, 0u);
    QCOMPARE(down.dropped, 0u);
    QVERIFY2(down.lastError.contains(gate.url().toString()), qPrintable(down.lastError));
    // The upstream feed stayed on its one connection all along.
    QCOMPARE(exchange.connectionCount(), 1);

    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort()));
    QVERIFY(gate.open());
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), kSent, kWait);
    // In the order they arrived from the exchange.
    for (int i = 0; i < kSent; ++i) {
        data::Update update;
        QVERIFY(codec::nats::parseUpdatePayload(subscriber.updates().at(i).payload, update, nullptr));
        QCOMPARE(data::valueOf(update.fields, data::fields::kPrice), std::optional<double>(1000 + i));
    }
    exchange.sendTicker(QStringLiteral("BTC-USD"), 5, kSent + 1);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), kSent + 1, kWait);
    const relay::RelayStats up = run.stats();
    QVERIFY(up.connected);
    QCOMPARE(up.published, quint64(kSent + 1));
    QCOMPARE(up.buffered, 0u);
    QCOMPARE(up.connects, 1u);
}

void TstRelay::aSmallBufferDropsTheOldestAndCountsThemPerFeed()
{
    NatsServerProcess nats;
    Gate gate(nats.clientPort());
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    // Two feeds on the same exchange: every ticker is an update of each.
    ws.feeds.append(coinbaseFeed(QStringLiteral("a"), exchange.url(), {QStringLiteral("BTC-USD")}));
    ws.feeds.append(coinbaseFeed(QStringLiteral("b"), exchange.url(), {QStringLiteral("BTC-USD")}));
    relay::RelayOptions options = relayTo(gate.url());
    options.bufferBytes = relay::kMinBufferBytes; // about 400 updates
    RelayRun run;
    run.start(ws, options);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 2, kWait);

    constexpr int kSent = 600;
    for (int i = 0; i < kSent; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 1000 + i, i + 1);
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().buffered + run.stats().dropped, quint64(2 * kSent), kWait);
    const relay::RelayStats down = run.stats();
    QVERIFY(down.dropped > 0);
    QVERIFY(accountsForEveryUpdate(down));
    QVERIFY(down.bufferedBytes <= relay::kMinBufferBytes);
    QHash<QString, quint64> dropped;
    for (const auto &[feed, count] : down.droppedByFeed)
        dropped.insert(feed, count);
    QCOMPARE(dropped.value(QStringLiteral("a")) + dropped.value(QStringLiteral("b")), down.dropped);
    QVERIFY(dropped.value(QStringLiteral("a")) > 0);
    QVERIFY(dropped.value(QStringLiteral("b")) > 0);

    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort()));
    QVERIFY(gate.open());
    QTRY_COMPARE_WITH_TIMEOUT(quint64(subscriber.updates().size()), down.buffered, kWait);
    // Each feed's survivors are its newest updates, and survivors + dropped = sent, exactly.
    for (const QString &feed : {QStringLiteral("a"), QStringLiteral("b")}) {
        QList<double> prices;
        for (const NatsTestClient::Message &m : subscriber.updates()) {
            if (codec::nats::parseSubject(m.subject)->feedId != feed)
                continue;
            data::Update update;
            QVERIFY(codec::nats::parseUpdatePayload(m.payload, update, nullptr));
            prices.append(*data::valueOf(update.fields, data::fields::kPrice));
        }
        QCOMPARE(quint64(prices.size()) + dropped.value(feed), quint64(kSent));
        for (qsizetype i = 0; i < prices.size(); ++i)
            QCOMPARE(prices.at(i), double(1000 + kSent - prices.size() + i));
        // The desktops hear of the drops in the feed's $status.
        QTRY_VERIFY_WITH_TIMEOUT(!subscriber.statuses(feed).isEmpty(), kWait);
        QCOMPARE(subscriber.statuses(feed).constLast().relayDropped, dropped.value(feed));
    }
    const relay::RelayStats up = run.stats();
    QCOMPARE(up.dropped, down.dropped);
    QCOMPARE(up.buffered, 0u);
    QVERIFY(accountsForEveryUpdate(up));
}

void TstRelay::logsInWithUserAndPassword()
{
    NatsServerProcess nats;
    nats.options().user = QStringLiteral("desk");
    nats.options().password = QStringLiteral("s3cret pass");
    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    codec::nats::ConnectOptions login;
    login.user = QStringLiteral("desk");
    login.password = QStringLiteral("s3cret pass");
    QVERIFY(subscriber.open(nats.clientPort(), login));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    relay::RelayOptions options = relayTo(nats.clientUrl());
    options.user = login.user;
    options.password = login.password;
    RelayRun run;
    run.start(ws, options);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    exchange.sendTicker(QStringLiteral("BTC-USD"), 42, 1);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 1, kWait);
    QCOMPARE(run.stats().lastError, QString());
}

void TstRelay::logsInWithAToken()
{
    NatsServerProcess nats;
    nats.options().token = QStringLiteral("t0ken");
    QVERIFY(startServer(nats));
    NatsTestClient subscriber;
    codec::nats::ConnectOptions login;
    login.token = QStringLiteral("t0ken");
    QVERIFY(subscriber.open(nats.clientPort(), login));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    relay::RelayOptions options = relayTo(nats.clientUrl());
    options.token = login.token;
    RelayRun run;
    run.start(ws, options);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    exchange.sendTicker(QStringLiteral("BTC-USD"), 42, 1);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 1, kWait);

    // The wrong token is refused, and the report says which option to fix.
    RelayRun wrong;
    relay::RelayOptions bad = relayTo(nats.clientUrl());
    bad.token = QStringLiteral("nope");
    wrong.start(ws, bad);
    QTRY_VERIFY_WITH_TIMEOUT(wrong.stats().lastError.contains(QLatin1String("--nats-token")), kWait);
    QVERIFY(!wrong.stats().connected);
}

void TstRelay::aWrongPasswordIsReportedWithTheOptionToFix()
{
    NatsServerProcess nats;
    nats.options().user = QStringLiteral("desk");
    nats.options().password = QStringLiteral("right");
    QVERIFY(startServer(nats));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    relay::RelayOptions options = relayTo(nats.clientUrl());
    options.user = QStringLiteral("desk");
    options.password = QStringLiteral("wrong");
    RelayRun run;
    run.start(ws, options);
    QTRY_VERIFY_WITH_TIMEOUT(!run.stats().lastError.isEmpty(), kWait);
    const relay::RelayStats stats = run.stats();
    QVERIFY2(stats.lastError.contains(QLatin1String("Authorization Violation")), qPrintable(stats.lastError));
    QVERIFY2(stats.lastError.contains(QLatin1String("--nats-password")), qPrintable(stats.lastError));
    QVERIFY(!stats.connected);
    QCOMPARE(stats.connects, 0u);
    // The feeds run on regardless.
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
}

void TstRelay::movesToAnotherNodeWhenItsNodeStops()
{
    NatsServerProcess a;
    NatsServerProcess b;
    NatsServerProcess c;
    QList<NatsServerProcess *> nodes{&a, &b, &c};
    for (NatsServerProcess *node : nodes) {
        node->options().clusterName = QStringLiteral("desk");
        node->options().websocket = false;
        for (NatsServerProcess *other : nodes)
            if (other != node)
                node->options().routePorts.append(other->clusterPort());
    }
    for (NatsServerProcess *node : nodes)
        QVERIFY(startServer(*node));
    // Each node routes to both others.
    for (NatsServerProcess *node : nodes)
        QTRY_VERIFY_WITH_TIMEOUT(node->log().count(QStringLiteral("Route connection created")) >= 2, 15000);

    NatsTestClient subscriber; // on the node that stays
    QVERIFY(subscriber.open(c.clientPort()));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    RelayRun run;
    run.start(ws, relayTo(a.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    // Its $status reaches the subscriber on c: the subscription is known on a.
    QTRY_VERIFY_WITH_TIMEOUT(!subscriber.statuses(QStringLiteral("crypto")).isEmpty(), kWait);
    QCOMPARE(run.stats().server, a.clientUrl().toString());

    int sequence = 0;
    for (int i = 0; i < 20; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + i, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 20, kWait);

    a.stop();
    // Updates written into the stopped node's socket before the relay saw it close are lost
    // (core NATS delivers at most once): the ones that must arrive are those after the move.
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected && run.stats().server != a.clientUrl().toString(), 20000);
    for (int i = 20; i < 40; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + i, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 40, 20000);
    const relay::RelayStats stats = run.stats();
    QVERIFY(stats.connected);
    QVERIFY2(stats.server == b.clientUrl().toString() || stats.server == c.clientUrl().toString(),
             qPrintable(stats.server));
    QCOMPARE(stats.connects, 2u);
    QCOMPARE(stats.disconnects, 1u);
    QCOMPARE(stats.published, 40u);
    for (int i = 0; i < 40; ++i) {
        data::Update update;
        QVERIFY(codec::nats::parseUpdatePayload(subscriber.updates().at(i).payload, update, nullptr));
        QCOMPARE(data::valueOf(update.fields, data::fields::kPrice), std::optional<double>(100 + i));
    }
}

void TstRelay::publishesOverTlsTrustingTheGivenCa()
{
    testing::TestCertificates certificates;
    QString error;
    QVERIFY2(certificates.make(&error), qPrintable(error));
    NatsServerProcess nats;
    nats.options().tlsCertFile = certificates.path(QStringLiteral("server.pem"));
    nats.options().tlsKeyFile = certificates.path(QStringLiteral("server.key"));
    QVERIFY(startServer(nats));
    QCOMPARE(nats.clientUrl().scheme(), QStringLiteral("tls"));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));

    // Without the desk's CA the certificate is rejected, never ignored.
    {
        RelayRun untrusted;
        untrusted.start(ws, relayTo(nats.clientUrl()));
        QTRY_VERIFY_WITH_TIMEOUT(untrusted.stats().lastError.contains(QLatin1String("--nats-ca")), kWait);
        QCOMPARE(untrusted.stats().connects, 0u);
    }

    relay::RelayOptions options = relayTo(nats.clientUrl());
    options.caFile = certificates.caFile();
    QCOMPARE(relay::validate(options), QString());
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort(), {}, "feeddeck.>", options.caCertificates));
    RelayRun run;
    run.start(ws, options);
    QTRY_VERIFY_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size() >= 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    for (int i = 0; i < 10; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + i, i + 1);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber.updates().size(), 10, kWait);
    QCOMPARE(run.stats().published, 10u);
}

void TstRelay::aServerThatStopsAnsweringPingsIsLeft()
{
    NatsServerProcess nats;
    QVERIFY(startServer(nats));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    relay::RelayOptions options = relayTo(nats.clientUrl());
    options.pingIntervalMs = 300;
    RelayRun run;
    run.start(ws, options);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    // Stopped, the server keeps its socket open but answers nothing: only the missing PONG tells.
    nats.suspend();
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().disconnects, 1u, kWait);
    QVERIFY2(run.stats().lastError.contains(QLatin1String("no PONG")), qPrintable(run.stats().lastError));
    nats.resume();
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    QCOMPARE(run.stats().connects, 2u);
}

void TstRelay::aRestartedServerGetsWhatCameMeanwhileExactlyOnce()
{
    NatsServerProcess nats;
    QVERIFY(startServer(nats));
    Gate gate(nats.clientPort());
    QVERIFY(gate.open());
    auto subscriber = std::make_unique<NatsTestClient>();
    QVERIFY(subscriber->open(nats.clientPort()));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace ws;
    ws.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    RelayRun run;
    run.start(ws, relayTo(gate.url()));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);
    int sequence = 0;
    for (; sequence < 30; ++sequence)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + sequence, sequence + 1);
    QTRY_COMPARE_WITH_TIMEOUT(subscriber->updates().size(), 30, kWait);

    // The server goes; the relay keeps taking updates from the exchange while it is away.
    gate.close();
    nats.stop();
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().disconnects, 1u, kWait);
    for (; sequence < 80; ++sequence)
        exchange.sendTicker(QStringLiteral("BTC-USD"), 100 + sequence, sequence + 1);
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().buffered, 50u, kWait);

    // Back on the same port, with a subscriber in place before the relay is let through.
    QVERIFY(startServer(nats));
    subscriber = std::make_unique<NatsTestClient>();
    QVERIFY(subscriber->open(nats.clientPort()));
    QVERIFY(gate.open());
    QTRY_COMPARE_WITH_TIMEOUT(subscriber->updates().size(), 50, kWait);
    for (int i = 0; i < 50; ++i) {
        data::Update update;
        QVERIFY(codec::nats::parseUpdatePayload(subscriber->updates().at(i).payload, update, nullptr));
        QCOMPARE(data::valueOf(update.fields, data::fields::kPrice), std::optional<double>(130 + i));
    }
    const relay::RelayStats stats = run.stats();
    QCOMPARE(stats.published, 80u);
    QCOMPARE(stats.connects, 2u);
    QCOMPARE(stats.disconnects, 1u);
    QCOMPARE(stats.dropped, 0u);
    QVERIFY(accountsForEveryUpdate(stats));
    QCOMPARE(exchange.connectionCount(), 1);
}

void TstRelay::twoDesktopsShowWhatTheExchangeSentThroughOneUpstreamConnection()
{
    NatsServerProcess nats;
    QVERIFY(startServer(nats));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    const QStringList symbols{QStringLiteral("BTC-USD"), QStringLiteral("A.B"), QStringLiteral("X>Y"),
                              QStringLiteral("ONE TWO")};
    workspace::Workspace relayed;
    relayed.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), symbols));
    RelayRun run;
    run.start(relayed, relayTo(nats.clientUrl()));

    // Two desktops, each with one nats feed on the server's WebSocket listener.
    workspace::FeedConfig desk;
    desk.id = QStringLiteral("desk");
    desk.name = QStringLiteral("Desk relay");
    desk.protocol = QStringLiteral("nats");
    desk.url = nats.wsUrl();
    desk.symbols = {QStringLiteral("feeddeck.>")};
    desk.reconnect = {.initialMs = 50, .maxMs = 200};
    workspace::Workspace deskWorkspace;
    deskWorkspace.feeds.append(desk);
    feed::FeedManager desktops[2];
    for (feed::FeedManager &desktop : desktops)
        desktop.start(deskWorkspace);
    auto snapshotOf = [](feed::FeedManager &manager) {
        auto result = std::make_shared<feed::SnapshotPtr>();
        manager.requestSnapshot([result](const feed::SnapshotPtr &s) { *result = s; });
        if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait))
            return std::make_shared<const feed::Snapshot>();
        return feed::SnapshotPtr(*result);
    };
    auto deskLive = [&snapshotOf](feed::FeedManager &manager) {
        const feed::SnapshotPtr s = snapshotOf(manager);
        return !s->feeds.isEmpty() && s->feeds.constFirst().state == feed::FeedState::Live;
    };
    for (feed::FeedManager &desktop : desktops)
        QTRY_VERIFY_WITH_TIMEOUT(deskLive(desktop), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().connected, kWait);

    int sequence = 0;
    for (int i = 0; i < 20; ++i)
        for (const QString &symbol : symbols)
            exchange.sendTicker(symbol, 50.5 + i, ++sequence);
    const double last = 50.5 + 19;
    for (feed::FeedManager &desktop : desktops) {
        // Rows under the upstream feed's name, keyed as at the venue, with the last values.
        auto rowsDone = [&] {
            const feed::SnapshotPtr s = snapshotOf(desktop);
            int done = 0;
            for (const feed::SnapshotRow &row : s->rows)
                if (row.feedName == QLatin1String("CRYPTO") && symbols.contains(row.symbol)
                    && data::valueOf(row.fields, data::fields::kPrice) == last
                    && data::valueOf(row.fields, data::fields::kBid) == last - 0.5
                    && data::valueOf(row.fields, data::fields::kAsk) == last + 0.5 && row.sourceMs == kTickerTimeMs)
                    ++done;
            return done;
        };
        QTRY_COMPARE_WITH_TIMEOUT(rowsDone(), int(symbols.size()), kWait);
    }
    QCOMPARE(run.stats().published, quint64(sequence));
    // One upstream connection for the whole desk.
    QCOMPARE(exchange.connectionCount(), 1);
}

namespace {

workspace::Workspace deskReading(const QUrl &wsUrl)
{
    workspace::FeedConfig desk;
    desk.id = QStringLiteral("desk");
    desk.name = QStringLiteral("Desk relay");
    desk.protocol = QStringLiteral("nats");
    desk.url = wsUrl;
    desk.symbols = {QStringLiteral("feeddeck.>")};
    desk.reconnect = {.initialMs = 50, .maxMs = 200};
    workspace::Workspace ws;
    ws.feeds.append(desk);
    return ws;
}

// Every retained price point of one relayed row, gaps included (as NaN).
QList<double> pricesOf(feed::FeedManager &desktop, const QString &symbol)
{
    auto result = std::make_shared<feed::SeriesSlices>();
    desktop.requestHistory({feed::SeriesQuery{.key = {QStringLiteral("desk/crypto"), symbol, data::fields::kPrice}}},
                           [result](const feed::SeriesSlices &s) { *result = s; });
    QList<double> values;
    if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait) || (*result)->isEmpty())
        return values;
    for (const store::Point &p : (*result)->constFirst().points)
        values.append(p.v);
    return values;
}

QList<double> pricesFrom(int first, int last)
{
    QList<double> values;
    for (int i = first; i <= last; ++i)
        values.append(i);
    return values;
}

} // namespace

void TstRelay::aDesktopStartedLaterGetsTheStoredHistoryThenLiveWithoutGapOrDuplicate()
{
    NatsServerProcess nats;
    nats.options().jetstream = true;
    QVERIFY(startServer(nats));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace relayed;
    relayed.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    RelayRun run;
    run.start(relayed, relayTo(nats.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().historyState, QStringLiteral("ready"), kWait);
    QCOMPARE(run.stats().historyStream, QStringLiteral("FEEDDECK"));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);

    // One desktop from the start, one started after 300 updates.
    feed::FeedManager early;
    early.start(deskReading(nats.wsUrl()));
    int sequence = 0;
    for (int i = 1; i <= 300; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), i, ++sequence);
    for (int i = 1; i <= 50; ++i)
        exchange.sendTicker(QStringLiteral("ETH-USD"), 1000 + i, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().published, quint64(350), kWait);

    feed::FeedManager late;
    late.start(deskReading(nats.wsUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(pricesOf(late, QStringLiteral("BTC-USD")), pricesFrom(1, 300), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(pricesOf(late, QStringLiteral("ETH-USD")).size(), 50, kWait);

    // Live from here on, in both: each value once, the seam invisible.
    for (int i = 301; i <= 400; ++i)
        exchange.sendTicker(QStringLiteral("BTC-USD"), i, ++sequence);
    QTRY_COMPARE_WITH_TIMEOUT(pricesOf(late, QStringLiteral("BTC-USD")), pricesFrom(1, 400), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(pricesOf(early, QStringLiteral("BTC-USD")), pricesFrom(1, 400), kWait);
    QCOMPARE(pricesOf(late, QStringLiteral("ETH-USD")), pricesOf(early, QStringLiteral("ETH-USD")));
    QCOMPARE(exchange.connectionCount(), 1);
}

void TstRelay::aServerWithoutJetStreamLeavesTheRelayLiveOnlyAndSaysSo()
{
    NatsServerProcess nats; // no JetStream
    QVERIFY(startServer(nats));
    TestFeedServer exchange;
    QVERIFY(exchange.listen());
    workspace::Workspace relayed;
    relayed.feeds.append(coinbaseFeed(QStringLiteral("crypto"), exchange.url(), {QStringLiteral("BTC-USD")}));
    RelayRun run;
    run.start(relayed, relayTo(nats.clientUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().historyState, QStringLiteral("unavailable"), kWait);
    const relay::RelayStats stats = run.stats();
    QVERIFY2(stats.historyError.contains(QStringLiteral("without JetStream")) && stats.historyError.contains(QStringLiteral("-js")),
             qPrintable(stats.historyError));
    QTRY_COMPARE_WITH_TIMEOUT(exchange.receivedOfType(QStringLiteral("subscribe")).size(), 1, kWait);
    exchange.sendTicker(QStringLiteral("BTC-USD"), 5.0, 1);
    QTRY_COMPARE_WITH_TIMEOUT(run.stats().published, quint64(1), kWait);
}

QTEST_GUILESS_MAIN(TstRelay)
#include "tst_relay.moc"
