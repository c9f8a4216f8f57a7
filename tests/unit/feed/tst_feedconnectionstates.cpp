// FeedConnection's state machine without sockets: each attempt's transport comes from a
// scripted factory, and the test plays the server's side of it (opens, messages, pongs,
// closes). The real clients against real servers are tests/integration/feed and faults.
#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"
#include "core/feed/RetryPolicy.h"
#include "core/ws/Transport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

#include <utility>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;

namespace {

constexpr int kWait = 5000;
constexpr quint64 kSeed = 7;

struct Frame
{
    QByteArray bytes;
    bool text = true;
};

// What the connection did with one attempt's transport; kept after the transport is deleted.
struct AttemptRecord
{
    QString client;
    ws::TransportOptions options;
    QUrl url;
    int opens = 0;
    QList<Frame> sent;
    QList<QByteArray> pings;
    int closeCode = 0; // 0: close() never called
    QString closeReason;
    bool aborted = false;
};

// One connection attempt as the test scripts it: what the connection does to it goes to its
// record; the test's calls stand for what the server does.
class ScriptedTransport final : public ws::Transport
{
    Q_OBJECT

public:
    explicit ScriptedTransport(std::shared_ptr<AttemptRecord> record)
        : m_record(std::move(record))
    {
    }

    void open(const QUrl &url) override
    {
        ++m_record->opens;
        m_record->url = url;
    }
    void sendText(QByteArrayView utf8) override { m_record->sent.append({utf8.toByteArray(), true}); }
    void sendBinary(QByteArrayView bytes) override { m_record->sent.append({bytes.toByteArray(), false}); }
    void ping(QByteArrayView payload) override
    {
        m_record->pings.append(payload.toByteArray());
        if (m_answerPings) // as a reachable peer does: later, from the event loop
            QMetaObject::invokeMethod(
                this, [this, echo = payload.toByteArray()] { emit pongReceived(echo); }, Qt::QueuedConnection);
    }
    void close(int code, const QString &reason) override
    {
        m_record->closeCode = code;
        m_record->closeReason = reason;
        m_open = false;
    }
    void abort() override
    {
        m_record->aborted = true;
        m_open = false;
    }
    [[nodiscard]] bool isOpen() const override { return m_open; }
    [[nodiscard]] QByteArray subprotocol() const override { return m_subprotocol; }
    [[nodiscard]] quint64 takeWireBytes() noexcept override { return std::exchange(m_wireBytes, 0); }

    // The server's side.
    void accept(const QByteArray &subprotocol = {})
    {
        m_open = true;
        m_subprotocol = subprotocol;
        emit opened();
    }
    // One socket read carrying these messages: they share a receipt stamp.
    void deliver(const QList<QByteArray> &messages, bool text = true)
    {
        const qint64 receivedMs = QDateTime::currentMSecsSinceEpoch();
        for (const QByteArray &message : messages) {
            m_wireBytes += quint64(message.size()) + 2;
            if (m_handler)
                m_handler(message, text, receivedMs);
        }
        if (m_readDone)
            m_readDone();
    }
    void deliver(const QByteArray &message, bool text = true) { deliver(QList<QByteArray>{message}, text); }
    void rejectCertificate() { emit sslErrorsOccurred({QSslError(QSslError::SelfSignedCertificate)}); }
    void end(const ws::CloseInfo &info)
    {
        m_open = false;
        emit closed(info);
    }
    void answerPings() { m_answerPings = true; }

    [[nodiscard]] const QList<Frame> &sent() const noexcept { return m_record->sent; }
    [[nodiscard]] const QList<QByteArray> &pings() const noexcept { return m_record->pings; }

private:
    std::shared_ptr<AttemptRecord> m_record;
    QByteArray m_subprotocol;
    quint64 m_wireBytes = 0;
    bool m_open = false;
    bool m_answerPings = false;
};

// Hands out a ScriptedTransport per attempt and keeps track of them (the connection owns them).
class ScriptedTransports final : public ws::TransportFactory
{
public:
    [[nodiscard]] std::unique_ptr<ws::Transport> create(const QString &client, ws::TransportOptions options) override
    {
        auto record = std::make_shared<AttemptRecord>();
        record->client = client;
        record->options = std::move(options);
        auto transport = std::make_unique<ScriptedTransport>(record);
        m_records.append(std::move(record));
        m_created.append(transport.get());
        return transport;
    }

    [[nodiscard]] int count() const noexcept { return int(m_created.size()); }
    [[nodiscard]] const AttemptRecord &record(int n) const { return *m_records.at(n); }
    // The latest attempt's transport; null once the connection has deleted it.
    [[nodiscard]] ScriptedTransport *last() const { return m_created.isEmpty() ? nullptr : m_created.constLast().data(); }

private:
    QList<std::shared_ptr<AttemptRecord>> m_records;
    QList<QPointer<ScriptedTransport>> m_created;
};

workspace::FeedConfig configFor(const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = QUrl(QStringLiteral("wss://feed.example/ws"));
    c.symbols = symbols;
    c.proxy = QStringLiteral("none"); // the scripted transport goes nowhere; keep the environment out of it
    c.reconnect = {.initialMs = 100, .maxMs = 400};
    c.staleAfterMs = 60000;
    c.handshakeTimeoutMs = 60000;
    c.pingIntervalMs = 0; // pings only on open and when stale: each one is counted below
    return c;
}

// A connection on scripted transports, and everything it told the outside.
struct Rig
{
    explicit Rig(const workspace::FeedConfig &config, int stableLiveMs = 60000)
        : connection(config, std::make_unique<codec::CoinbaseCodec>(),
                     feed::ConnectionTiming{.stableLiveMs = stableLiveMs, .retrySeed = kSeed}, transports)
    {
        QObject::connect(&connection, &FeedConnection::stateChanged, &connection,
                         [this](FeedState s) { states.append(s); });
        QObject::connect(&connection, &FeedConnection::problemReported, &connection,
                         [this](const QString &text) { problems.append(text); });
        QObject::connect(&connection, &FeedConnection::connectionLost, &connection, [this] { ++lost; });
        connection.setUpdateSink([this](const QList<data::Update> &batch) { updates += int(batch.size()); });
    }

    [[nodiscard]] ScriptedTransport &transport() const { return *transports->last(); }
    [[nodiscard]] const feed::FeedCounters &counters() const { return connection.status().counters; }
    [[nodiscard]] FeedState state() const { return connection.state(); }
    // Start, accept the handshake and acknowledge the subscription: Live.
    void goLive()
    {
        connection.start();
        transport().accept();
        transport().deliver(ack());
    }

    static QByteArray ack()
    {
        return R"({"type":"subscriptions","channels":[{"name":"ticker","product_ids":["BTC-USD"]}]})";
    }
    static QByteArray ticker(const char *product, double price)
    {
        return QStringLiteral(R"({"type":"ticker","sequence":1,"product_id":"%1","price":"%2","best_bid":"1",)"
                              R"("best_ask":"2","time":"2026-11-22T22:22:17.818123Z"})")
            .arg(QLatin1String(product))
            .arg(price)
            .toUtf8();
    }
    static QByteArray heartbeat()
    {
        return R"({"type":"heartbeat","product_id":"BTC-USD","sequence":2,"time":"2026-11-22T22:22:18.000000Z"})";
    }

    std::shared_ptr<ScriptedTransports> transports = std::make_shared<ScriptedTransports>();
    FeedConnection connection;
    QList<FeedState> states;
    QStringList problems;
    int lost = 0;
    int updates = 0;
};

using Subscription = std::pair<QString, QStringList>;

// A sent subscription frame as (type, product ids).
Subscription subscription(const Frame &frame)
{
    const QJsonObject o = QJsonDocument::fromJson(frame.bytes).object();
    QStringList products;
    for (const QJsonValue &v : o.value(QStringLiteral("product_ids")).toArray())
        products.append(v.toString());
    return {o.value(QStringLiteral("type")).toString(), products};
}

Subscription subscribe(const QStringList &products)
{
    return {QStringLiteral("subscribe"), products};
}

Subscription unsubscribe(const QStringList &products)
{
    return {QStringLiteral("unsubscribe"), products};
}

QList<Subscription> subscriptions(const ScriptedTransport &transport)
{
    QList<Subscription> list;
    for (const Frame &frame : transport.sent())
        list.append(subscription(frame));
    return list;
}

// How long the connection waits in Backoff: what it promised, not a measured time.
qint64 backoffDelay(const feed::FeedStatus &status)
{
    return status.retryAtMs - status.stateSinceMs;
}

ws::CloseInfo lostConnection()
{
    return {.wasOpen = true, .byServer = false, .code = ws::kCloseAbnormal, .reason = {}};
}

ws::CloseInfo refused(const QString &reason)
{
    return {.wasOpen = false, .byServer = false, .code = ws::kCloseAbnormal, .reason = reason};
}

} // namespace

class TstFeedConnectionStates : public QObject
{
    Q_OBJECT

private slots:
    void nothingIsCreatedBeforeStart();
    void eachAttemptGetsATransportForTheFeedsClientAndOptions();
    void goesConnectingSubscribingThenLiveOnTheAck();
    void firstDataWithoutAnAckAlsoMakesTheFeedLive();
    void withoutSymbolsTheOpenConnectionIsLiveAtOnce();
    void messagesAreDecodedAndCounted();
    void everyOpenSubscribesTheFullCurrentSet();
    void editsWhileLiveAreSentAsDeltasWithoutReconnecting();
    void editsWhileConnectingApplyOnTheOpen();
    void editsDuringBackoffApplyOnTheNextOpen();
    void handshakeTimeoutBacksOff();
    void silenceMakesTheFeedStaleAndAnyMessageMakesItLiveAgain();
    void aStalePeerThatAnswersPingsStaysConnected();
    void aStalePeerThatDoesNotAnswerIsDroppedAndRetried();
    void pongsGiveTheRoundTripTime();
    void closeCodesBackOffAndShowTheirMeaning_data();
    void closeCodesBackOffAndShowTheirMeaning();
    void retryDelaysFollowTheRetryPolicy();
    void attemptsThatNeverGoLiveMakeTheFeedFailing();
    void aStableLivePeriodResetsTheRetryPolicy();
    void certificateErrorsAreShownInsteadOfTheHandshakeFailure();
    void errorsRetryingCannotFixEndInFailed_data();
    void errorsRetryingCannotFixEndInFailed();
    void anOversizeMessageIsCountedAndReconnects();
    void aProtocolErrorIsShownAndReconnects();
    void anUnreadableBinaryMessageCostsOnlyThatMessage();
    void aSymbolTheServerRefusesIsMarkedAndNotAskedForAgain();
    void stopClosesAndStaysDisabledUntilStartedAgain();
};

void TstFeedConnectionStates::nothingIsCreatedBeforeStart()
{
    Rig rig(configFor({"BTC-USD"}));
    QCOMPARE(rig.state(), FeedState::Disabled);
    QCOMPARE(rig.transports->count(), 0);
    QVERIFY(!rig.connection.hasScheduledWork());
}

void TstFeedConnectionStates::eachAttemptGetsATransportForTheFeedsClientAndOptions()
{
    qputenv("FEEDDECK_STATES_TOKEN", "s3cret");
    auto config = configFor({"BTC-USD"});
    config.transport = ws::kQtTransport;
    config.maxMessageBytes = 4096;
    config.subprotocols = {QStringLiteral("v1.json")};
    config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:FEEDDECK_STATES_TOKEN}")}};
    config.compression = workspace::Compression::Off;
    Rig rig(config);
    rig.connection.start();
    qunsetenv("FEEDDECK_STATES_TOKEN");

    QCOMPARE(rig.transports->count(), 1);
    const AttemptRecord &t = rig.transports->record(0);
    QCOMPARE(t.client, ws::kQtTransport);
    QCOMPARE(t.opens, 1);
    QCOMPARE(t.url, QUrl(QStringLiteral("wss://feed.example/ws")));
    QCOMPARE(t.options.maxMessageBytes, 4096);
    QCOMPARE(t.options.subprotocols, QList<QByteArray>({"v1.json"}));
    QCOMPARE(t.options.headers.size(), 1);
    QCOMPARE(t.options.headers.constFirst().second, QByteArray("Bearer s3cret"));
    QVERIFY(t.options.userAgent.startsWith("FeedDeck/"));
    QVERIFY(!t.options.offerDeflate);
    QVERIFY(t.options.proxy.isDirect());
    QCOMPARE(rig.counters().attempts, 1u);
}

void TstFeedConnectionStates::goesConnectingSubscribingThenLiveOnTheAck()
{
    Rig rig(configFor({"BTC-USD", "ETH-USD"}));
    rig.connection.start();
    QCOMPARE(rig.states, QList<FeedState>({FeedState::Connecting}));
    QVERIFY(rig.transport().sent().isEmpty()); // nothing goes out before the handshake

    rig.transport().accept(QByteArrayLiteral("v1.json"));
    QCOMPARE(rig.states, QList<FeedState>({FeedState::Connecting, FeedState::Subscribing}));
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD", "ETH-USD"})}));
    QVERIFY(rig.transport().sent().constFirst().text); // a JSON protocol: text frames
    QCOMPARE(rig.transport().pings().size(), 1); // the first round trip goes out with the subscription
    QCOMPARE(rig.connection.status().subprotocol, QStringLiteral("v1.json"));
    QCOMPARE(rig.counters().connects, 1u);

    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.states, QList<FeedState>({FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    QCOMPARE(rig.counters().attempts, 1u);
    QCOMPARE(rig.counters().messages, 1u);
    QCOMPARE(rig.counters().ignored, 1u);
    QCOMPARE(rig.counters().disconnects, 0u);
    QCOMPARE(rig.transports->count(), 1);
}

void TstFeedConnectionStates::firstDataWithoutAnAckAlsoMakesTheFeedLive()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.connection.start();
    rig.transport().accept();
    QCOMPARE(rig.state(), FeedState::Subscribing);
    rig.transport().deliver(Rig::heartbeat()); // control, not data: still waiting
    QCOMPARE(rig.state(), FeedState::Subscribing);
    rig.transport().deliver(Rig::ticker("BTC-USD", 5.0));
    QCOMPARE(rig.state(), FeedState::Live);
    QCOMPARE(rig.updates, 1);
}

void TstFeedConnectionStates::withoutSymbolsTheOpenConnectionIsLiveAtOnce()
{
    Rig rig(configFor({}));
    rig.connection.start();
    rig.transport().accept();
    QCOMPARE(rig.states, QList<FeedState>({FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    QVERIFY(rig.transport().sent().isEmpty());
}

void TstFeedConnectionStates::messagesAreDecodedAndCounted()
{
    Rig rig(configFor({"BTC-USD"}));
    int readsDone = 0;
    rig.connection.setReadSink([&readsDone] { ++readsDone; });
    rig.goLive();
    rig.transport().deliver({Rig::ticker("BTC-USD", 1.5), Rig::heartbeat(), "{not json", Rig::ticker("BTC-USD", 2.5)});

    const feed::FeedCounters &c = rig.counters();
    QCOMPARE(c.messages, 5u); // the ack and four
    QCOMPARE(c.updates, 2u);
    QCOMPARE(c.ignored, 2u);
    QCOMPARE(c.badMessages, 1u);
    QVERIFY(c.bytes > 100u);
    QVERIFY(c.wireBytes > c.bytes);
    QVERIFY(c.firstMessageMs > 0 && c.lastMessageMs >= c.firstMessageMs);
    QCOMPARE(rig.updates, 2);
    QCOMPARE(readsDone, 2); // once per socket read, after its messages
    QCOMPARE(rig.state(), FeedState::Live); // a bad message costs only that message
    QCOMPARE(rig.problems.size(), 1);
    QCOMPARE(rig.connection.recentMessages().constLast(), QString::fromUtf8(Rig::ticker("BTC-USD", 2.5)));
}

void TstFeedConnectionStates::everyOpenSubscribesTheFullCurrentSet()
{
    Rig rig(configFor({"BTC-USD", "ETH-USD", "SOL-USD"}));
    rig.goLive();
    QPointer<ScriptedTransport> first = &rig.transport();

    first->end(lostConnection());
    QCOMPARE(rig.state(), FeedState::Backoff);
    QVERIFY(rig.transports->record(0).aborted);
    QCOMPARE(rig.lost, 1);
    QCOMPARE(rig.counters().disconnects, 1u);
    QCOMPARE(rig.connection.status().lastError,
             QStringLiteral("connection closed (1006: connection lost without a close frame)"));

    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait); // the retry: a new transport
    QCOMPARE(rig.state(), FeedState::Connecting);
    QVERIFY(first.isNull()); // the ended attempt's transport is gone with it
    rig.transport().accept();
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD", "ETH-USD", "SOL-USD"})}));
    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.state(), FeedState::Live);
    QCOMPARE(rig.counters().attempts, 2u);
    QCOMPARE(rig.counters().connects, 2u);
    QCOMPARE(rig.counters().disconnects, 1u);
}

void TstFeedConnectionStates::editsWhileLiveAreSentAsDeltasWithoutReconnecting()
{
    Rig rig(configFor({"BTC-USD", "ETH-USD"}));
    rig.goLive();
    QSignalSpy sent(&rig.connection, &FeedConnection::framesSent);

    rig.connection.setSymbols({"ETH-USD", "SOL-USD", "", "AAPL", "SOL-USD"});
    QCOMPARE(subscriptions(rig.transport()),
             QList<Subscription>({subscribe({"BTC-USD", "ETH-USD"}), unsubscribe({"BTC-USD"}),
                                  subscribe({"SOL-USD", "AAPL"})}));
    QCOMPARE(sent.size(), 2);
    QCOMPARE(rig.connection.symbols(), QStringList({"ETH-USD", "SOL-USD", "AAPL"}));

    rig.connection.setSymbols({"ETH-USD", "SOL-USD", "AAPL"}); // no change: nothing to send
    QCOMPARE(rig.transport().sent().size(), 3);
    QCOMPARE(rig.state(), FeedState::Live);
    QCOMPARE(rig.transports->count(), 1);
    QCOMPARE(rig.counters().attempts, 1u);
    QCOMPARE(rig.lost, 0);
}

void TstFeedConnectionStates::editsWhileConnectingApplyOnTheOpen()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.connection.start();
    rig.connection.setSymbols({"BTC-USD", "NVDA"});
    QVERIFY(rig.transport().sent().isEmpty());
    rig.transport().accept();
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD", "NVDA"})}));
}

void TstFeedConnectionStates::editsDuringBackoffApplyOnTheNextOpen()
{
    Rig rig(configFor({"BTC-USD", "ETH-USD"}));
    rig.goLive();
    rig.transport().end(lostConnection());
    QCOMPARE(rig.state(), FeedState::Backoff);

    rig.connection.setSymbols({"ETH-USD", "NVDA"});
    QCOMPARE(rig.transports->count(), 1); // no reconnect for an edit
    QCOMPARE(rig.state(), FeedState::Backoff);

    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
    rig.transport().accept();
    // The whole new set, and no unsubscribe for what the old connection had.
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"ETH-USD", "NVDA"})}));
}

void TstFeedConnectionStates::handshakeTimeoutBacksOff()
{
    auto config = configFor({"BTC-USD"});
    config.handshakeTimeoutMs = 100;
    Rig rig(config);
    rig.connection.start();
    QVERIFY(rig.connection.hasScheduledWork());

    QTRY_COMPARE_WITH_TIMEOUT(rig.state(), FeedState::Backoff, kWait);
    QCOMPARE(rig.states.mid(0, 2), QList<FeedState>({FeedState::Connecting, FeedState::Backoff}));
    QCOMPARE(rig.connection.status().lastError, QStringLiteral("no WebSocket handshake reply within 100 ms"));
    QVERIFY(rig.transports->record(0).aborted);
    QCOMPARE(rig.counters().connects, 0u);
    QCOMPARE(rig.counters().disconnects, 0u); // it was never a connection
    QCOMPARE(rig.lost, 0);
    QCOMPARE(rig.connection.status().failedAttemptsInARow, 1u);
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait); // and it tries again
    QCOMPARE(rig.state(), FeedState::Connecting);
}

void TstFeedConnectionStates::silenceMakesTheFeedStaleAndAnyMessageMakesItLiveAgain()
{
    auto config = configFor({"BTC-USD"});
    config.staleAfterMs = 400; // and 200 ms more for the ping: ample time to answer
    Rig rig(config);
    rig.goLive();
    QCOMPARE(rig.transport().pings().size(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(rig.state(), FeedState::Stale, kWait);
    QCOMPARE(rig.transport().pings().size(), 2); // a silent peer is asked whether it is there
    rig.transport().deliver(Rig::heartbeat()); // any message, data or not
    QCOMPARE(rig.state(), FeedState::Live);

    QTRY_COMPARE_WITH_TIMEOUT(rig.state(), FeedState::Stale, kWait);
    rig.transport().deliver(Rig::ticker("BTC-USD", 3.0));
    QCOMPARE(rig.state(), FeedState::Live);
    QCOMPARE(rig.states.mid(2), QList<FeedState>({FeedState::Live, FeedState::Stale, FeedState::Live, FeedState::Stale,
                                                   FeedState::Live}));
    QCOMPARE(rig.transports->count(), 1);
    QCOMPARE(rig.counters().disconnects, 0u);
}

void TstFeedConnectionStates::aStalePeerThatAnswersPingsStaysConnected()
{
    auto config = configFor({"BTC-USD"});
    config.staleAfterMs = 200; // a ping unanswered for 100 ms more would drop it
    Rig rig(config);
    rig.goLive();
    rig.transport().answerPings();

    QTRY_COMPARE_WITH_TIMEOUT(rig.state(), FeedState::Stale, kWait);
    // Asked again once per stale period, and still the same connection: a reachable peer is
    // shown Stale (its values age), not dropped.
    QTRY_VERIFY_WITH_TIMEOUT(rig.transport().pings().size() >= 4, kWait);
    QCOMPARE(rig.state(), FeedState::Stale);
    QCOMPARE(rig.states.count(FeedState::Stale), 1); // a pong is no message: no flapping
    QCOMPARE(rig.transports->count(), 1);
    QCOMPARE(rig.lost, 0);

    rig.transport().deliver(Rig::ticker("BTC-USD", 4.0));
    QCOMPARE(rig.state(), FeedState::Live);
}

void TstFeedConnectionStates::aStalePeerThatDoesNotAnswerIsDroppedAndRetried()
{
    auto config = configFor({"BTC-USD"});
    config.staleAfterMs = 200;
    Rig rig(config);
    rig.goLive();

    QTRY_COMPARE_WITH_TIMEOUT(rig.state(), FeedState::Backoff, kWait);
    QCOMPARE(rig.states.mid(2, 3), QList<FeedState>({FeedState::Live, FeedState::Stale, FeedState::Backoff}));
    QVERIFY(rig.transports->record(0).aborted);
    QVERIFY2(rig.connection.status().lastError.contains(QStringLiteral("no answer to a ping (stale_after_ms 200)")),
             qPrintable(rig.connection.status().lastError));
    QCOMPARE(rig.counters().disconnects, 1u);
    QCOMPARE(rig.lost, 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
}

void TstFeedConnectionStates::pongsGiveTheRoundTripTime()
{
    Rig rig(configFor({"BTC-USD"}));
    QCOMPARE(rig.connection.status().rttMs, -1.0);
    rig.connection.start();
    rig.transport().answerPings();
    rig.transport().accept();
    QTRY_VERIFY_WITH_TIMEOUT(rig.connection.status().rttMs >= 0.0, kWait);
    QCOMPARE(rig.connection.status().rttMedianMs, rig.connection.status().rttMs);
    QCOMPARE(rig.state(), FeedState::Subscribing); // a pong proves the peer, not the subscription
}

void TstFeedConnectionStates::closeCodesBackOffAndShowTheirMeaning_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("byServer");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1000 from the server") << 1000 << true << "bye" << "connection closed (1000: normal closure): bye";
    QTest::newRow("1001 from the server")
        << 1001 << true << "restart" << "connection closed (1001: the server is going away (restart or shutdown)): restart";
    QTest::newRow("1006, no close frame")
        << 1006 << false << "" << "connection closed (1006: connection lost without a close frame)";
    QTest::newRow("1008 from the server")
        << 1008 << true << "bad token"
        << "connection closed (1008: policy violation (often authentication or rate limits)): bad token";
    QTest::newRow("1011 from the server") << 1011 << true << "" << "connection closed (1011: internal server error)";
    QTest::newRow("4001 from the server")
        << 4001 << true << "kicked" << "connection closed (4001: application-defined code): kicked";
    // The server's own 1009 is its limit, not ours: shown, not counted as oversize.
    QTest::newRow("1009 from the server")
        << 1009 << true << "" << "connection closed (1009: message too big for the configured limit)";
}

void TstFeedConnectionStates::closeCodesBackOffAndShowTheirMeaning()
{
    QFETCH(int, code);
    QFETCH(bool, byServer);
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    Rig rig(configFor({"BTC-USD"}));
    rig.goLive();

    rig.transport().end({.wasOpen = true, .byServer = byServer, .code = code, .reason = reason});
    QCOMPARE(rig.state(), FeedState::Backoff);
    QCOMPARE(rig.connection.status().lastError, expected);
    QCOMPARE(rig.counters().disconnects, 1u);
    QCOMPARE(rig.counters().oversize, 0u);
    QCOMPARE(rig.lost, 1);
    // Every close code is retried, after the policy's first delay.
    feed::RetryPolicy expectedPolicy({.initialMs = 100, .maxMs = 400, .floorMs = 100}, kSeed);
    QCOMPARE(backoffDelay(rig.connection.status()), expectedPolicy.nextDelayMs());
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
    rig.transport().accept();
    QCOMPARE(rig.counters().connects, 2u);
}

void TstFeedConnectionStates::retryDelaysFollowTheRetryPolicy()
{
    auto config = configFor({"BTC-USD"});
    config.reconnect = {.initialMs = 100, .maxMs = 300};
    Rig rig(config);
    feed::RetryPolicy expected({.initialMs = 100, .maxMs = 300, .floorMs = 100}, kSeed);
    rig.connection.start();

    for (int attempt = 0; attempt < 5; ++attempt) {
        QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), attempt + 1, kWait);
        QCOMPARE(rig.state(), FeedState::Connecting);
        QCOMPARE(rig.connection.status().retryAtMs, -1);
        rig.transport().end(refused(QStringLiteral("connection refused")));
        QCOMPARE(rig.state(), FeedState::Backoff);
        QCOMPARE(rig.connection.retryPolicy().attempt(), attempt + 1);
        const qint64 delay = backoffDelay(rig.connection.status());
        // Full jitter within the window that doubles per attempt up to max_ms, never under the floor.
        QVERIFY2(delay >= 100 && delay <= std::min(100 << attempt, 300),
                 qPrintable(QStringLiteral("attempt %1: %2 ms").arg(attempt).arg(delay)));
        QCOMPARE(delay, expected.nextDelayMs());
        QVERIFY(rig.connection.hasScheduledWork());
    }
    QCOMPARE(rig.counters().attempts, 5u);
    QCOMPARE(rig.counters().connects, 0u);
    QCOMPARE(rig.connection.status().lastError, QStringLiteral("connection refused"));
}

void TstFeedConnectionStates::attemptsThatNeverGoLiveMakeTheFeedFailing()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.connection.start();
    for (quint64 failed = 1; failed <= feed::kFailingAfterAttempts; ++failed) {
        QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), int(failed), kWait);
        QVERIFY(!feed::isFailing(rig.connection.status()));
        if (failed == 2) { // open but never live counts too
            rig.transport().accept();
            rig.transport().end(lostConnection());
        } else {
            rig.transport().end(refused(QStringLiteral("connection refused")));
        }
        QCOMPARE(rig.connection.status().failedAttemptsInARow, failed);
    }
    QVERIFY(feed::isFailing(rig.connection.status()));

    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 4, kWait);
    rig.transport().accept();
    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.connection.status().failedAttemptsInARow, 0u);
    QVERIFY(!feed::isFailing(rig.connection.status()));
}

void TstFeedConnectionStates::aStableLivePeriodResetsTheRetryPolicy()
{
    Rig rig(configFor({"BTC-USD"}), 150);
    rig.goLive();
    rig.transport().end(lostConnection());
    QCOMPARE(rig.connection.retryPolicy().attempt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
    rig.transport().accept();
    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.connection.retryPolicy().attempt(), 1); // not reset by merely going live
    QTRY_COMPARE_WITH_TIMEOUT(rig.connection.retryPolicy().attempt(), 0, kWait);
    QCOMPARE(rig.state(), FeedState::Live);
}

void TstFeedConnectionStates::certificateErrorsAreShownInsteadOfTheHandshakeFailure()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.connection.start();
    rig.transport().rejectCertificate();
    rig.transport().end(refused(QStringLiteral("SSL handshake failed")));
    QCOMPARE(rig.state(), FeedState::Backoff); // a certificate may be fixed on the server: retried
    const QString error = rig.connection.status().lastError;
    QVERIFY2(error.startsWith(QStringLiteral("TLS certificate rejected: ")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("ca_file")), qPrintable(error));
    QCOMPARE(rig.counters().connects, 0u);
}

void TstFeedConnectionStates::errorsRetryingCannotFixEndInFailed_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("proxy");
    QTest::addColumn<QString>("errorPart");
    const QUrl good(QStringLiteral("wss://feed.example/ws"));
    QTest::newRow("not a WebSocket URL")
        << QUrl(QStringLiteral("http://feed.example/ws")) << "" << "" << "none" << "not a ws:// or wss:// URL";
    QTest::newRow("no URL at all") << QUrl() << "" << "" << "none" << "not a ws:// or wss:// URL";
    QTest::newRow("an unset variable in a header")
        << good << "Bearer ${env:FEEDDECK_STATES_UNSET}" << "" << "none" << "FEEDDECK_STATES_UNSET";
    QTest::newRow("a missing ca_file")
        << good << "" << "/nonexistent/feeddeck-ca.pem" << "none" << "cannot read ca_file";
    QTest::newRow("an unusable proxy setting") << good << "" << "" << "ftp://proxy.example:21" << "\"proxy\"";
}

void TstFeedConnectionStates::errorsRetryingCannotFixEndInFailed()
{
    QFETCH(QUrl, url);
    QFETCH(QString, header);
    QFETCH(QString, caFile);
    QFETCH(QString, proxy);
    QFETCH(QString, errorPart);
    qunsetenv("FEEDDECK_STATES_UNSET");
    auto config = configFor({"BTC-USD"});
    config.url = url;
    if (!header.isEmpty())
        config.headers = {{QStringLiteral("Authorization"), header}};
    config.caFile = caFile;
    config.proxy = proxy;
    Rig rig(config);
    const QRegularExpression logged(QRegularExpression::escape(errorPart));
    QTest::ignoreMessage(QtWarningMsg, logged); // Failed is logged as a warning, once per start
    rig.connection.start();

    QCOMPARE(rig.states, QList<FeedState>({FeedState::Failed}));
    QVERIFY2(rig.connection.status().lastError.contains(errorPart), qPrintable(rig.connection.status().lastError));
    QCOMPARE(rig.problems.size(), 1);
    QCOMPARE(rig.transports->count(), 0); // no attempt was made
    QCOMPARE(rig.counters().attempts, 0u);
    QVERIFY(!rig.connection.hasScheduledWork()); // nothing can bring it back by itself
    QCOMPARE(rig.connection.status().retryAtMs, -1);

    QTest::ignoreMessage(QtWarningMsg, logged);
    rig.connection.start(); // the user may try again (after fixing the environment, say)
    QCOMPARE(rig.state(), FeedState::Failed);
    QCOMPARE(rig.problems.size(), 2);
}

void TstFeedConnectionStates::anOversizeMessageIsCountedAndReconnects()
{
    auto config = configFor({"BTC-USD"});
    config.maxMessageBytes = 4096;
    Rig rig(config);
    rig.goLive();
    // The transport refused a message over the limit and closed with 1009 itself.
    rig.transport().end({.wasOpen = true, .byServer = false, .code = ws::kCloseTooBig, .reason = {}});
    QCOMPARE(rig.state(), FeedState::Backoff);
    QCOMPARE(rig.counters().oversize, 1u);
    QCOMPARE(rig.counters().disconnects, 1u);
    QCOMPARE(rig.connection.status().lastError,
             QStringLiteral("a message exceeded max_message_bytes (4096 bytes); connection closed (1009)"));
    QCOMPARE(rig.counters().messages, 1u); // the ack; the oversize message never arrived
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
    rig.transport().accept();
    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.state(), FeedState::Live);
}

void TstFeedConnectionStates::aProtocolErrorIsShownAndReconnects()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.goLive();
    rig.transport().end({.wasOpen = true, .byServer = false, .code = ws::kCloseProtocolError,
                         .reason = QStringLiteral("a masked frame from the server")});
    QCOMPARE(rig.state(), FeedState::Backoff);
    QCOMPARE(rig.connection.status().lastError,
             QStringLiteral("connection closed (1002: protocol error): a masked frame from the server"));
    QCOMPARE(rig.counters().badMessages, 0u); // the connection's fault, not a message's
    QCOMPARE(rig.counters().disconnects, 1u);
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
}

void TstFeedConnectionStates::anUnreadableBinaryMessageCostsOnlyThatMessage()
{
    Rig rig(configFor({"BTC-USD"})); // payload "text": a binary frame cannot be read
    rig.goLive();
    rig.transport().deliver(QByteArray("\x1f\x8b\x08\x00", 4), false);
    QCOMPARE(rig.counters().badMessages, 1u);
    QCOMPARE(rig.counters().messages, 2u);
    QCOMPARE(rig.problems.size(), 1);
    QVERIFY2(rig.problems.constFirst().contains(QStringLiteral("binary frame on a text feed")),
             qPrintable(rig.problems.constFirst()));
    QCOMPARE(rig.state(), FeedState::Live);
    rig.transport().deliver(Rig::ticker("BTC-USD", 6.0));
    QCOMPARE(rig.updates, 1);
}

void TstFeedConnectionStates::aSymbolTheServerRefusesIsMarkedAndNotAskedForAgain()
{
    Rig rig(configFor({"BTC-USD", "FOO-USD", "ETH-USD"}));
    rig.connection.start();
    rig.transport().accept();
    rig.transport().deliver(
        R"({"type":"error","message":"Failed to subscribe","reason":"FOO-USD is not a valid product"})");
    // The venue refused the whole request: asked again once, without the refused symbol.
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD", "FOO-USD", "ETH-USD"}),
                                                                  subscribe({"BTC-USD", "ETH-USD"})}));
    QCOMPARE(rig.connection.status().rejectedSymbols.value("FOO-USD"),
             QStringLiteral("FOO-USD is not a valid product"));
    QCOMPARE(rig.connection.status().rejectedSymbols.size(), 1);
    rig.transport().deliver(Rig::ack());
    QCOMPARE(rig.state(), FeedState::Live); // the feed goes on with the rest
    QCOMPARE(rig.connection.symbols(), QStringList({"BTC-USD", "FOO-USD", "ETH-USD"})); // kept as typed

    rig.transport().end(lostConnection());
    QTRY_COMPARE_WITH_TIMEOUT(rig.transports->count(), 2, kWait);
    rig.transport().accept();
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD", "ETH-USD"})}));

    rig.connection.setSymbols({"BTC-USD", "ETH-USD"}); // removing it clears the mark
    QVERIFY(rig.connection.status().rejectedSymbols.isEmpty());
}

void TstFeedConnectionStates::stopClosesAndStaysDisabledUntilStartedAgain()
{
    Rig rig(configFor({"BTC-USD"}));
    rig.goLive();
    QPointer<ScriptedTransport> first = &rig.transport();
    rig.connection.stop();
    QCOMPARE(rig.state(), FeedState::Disabled);
    QCOMPARE(rig.transports->record(0).closeCode, ws::kCloseNormal);
    QCOMPARE(rig.transports->record(0).closeReason, QStringLiteral("feed disabled"));
    QVERIFY(!rig.transports->record(0).aborted); // closed politely, with a close frame
    QCOMPARE(rig.counters().disconnects, 1u);
    QCOMPARE(rig.lost, 1);
    QVERIFY(!rig.connection.hasScheduledWork());
    QCOMPARE(rig.connection.status().retryAtMs, -1);
    QTRY_VERIFY_WITH_TIMEOUT(first.isNull(), kWait);
    QCOMPARE(rig.transports->count(), 1);

    rig.connection.start();
    QCOMPARE(rig.transports->count(), 2);
    QCOMPARE(rig.state(), FeedState::Connecting);
    rig.transport().accept();
    QCOMPARE(subscriptions(rig.transport()), QList<Subscription>({subscribe({"BTC-USD"})}));
}

QTEST_GUILESS_MAIN(TstFeedConnectionStates)
#include "tst_feedconnectionstates.moc"
