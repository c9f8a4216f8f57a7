// FeedConnection against real in-process servers: subscription on open and after
// drops, deltas while Live, backoff under refusal, stalls, server errors for one
// symbol, oversize messages, close codes, handshake timeouts and headers.
#include "../support/TestTransport.h"
#include "../support/RawStallServer.h"
#include "../support/TestFeedServer.h"

#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using testing::RawStallServer;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;

workspace::FeedConfig configFor(const QUrl &url, const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.transport = testing::testTransport();
    c.url = url;
    c.symbols = symbols;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.staleAfterMs = 10000;
    c.handshakeTimeoutMs = 3000;
    return c;
}

std::unique_ptr<FeedConnection> makeConnection(const workspace::FeedConfig &config, int stableLiveMs = 60000)
{
    return std::make_unique<FeedConnection>(config, std::make_unique<codec::CoinbaseCodec>(),
                                            feed::ConnectionTiming{.stableLiveMs = stableLiveMs, .retrySeed = 7});
}

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed again when probe goes out of scope
}

} // namespace

class TstFeedConnection : public QObject
{
    Q_OBJECT

private slots:
    void subscribesToTheFullSetOnOpenAndGoesLiveOnTheAck();
    void theRoundTripIsMeasuredFromTheFirstPong();
    void theServerChoosesOneOfTheOfferedSubprotocols();
    void aServerThatChoosesNoSubprotocolIsRefused();
    void decodedTickersReachTheConsumerAndCountersAddUp();
    void resubscribesTheFullSetAfterADrop();
    void sendsDeltasWhileLiveWithoutReconnecting();
    void editsWhileDisconnectedApplyOnTheNextOpen();
    void backsOffUnderRefusalThenConnectsWhenTheServerReturns();
    void stableLivePeriodResetsTheBackoff();
    void silentPeerGoesStaleThenIsAbortedAndReconnected();
    void silentButReachablePeerStaysStaleUntilDataResumes();
    void handshakeThatNeverCompletesTimesOut();
    void serverErrorForOneSymbolMarksOnlyThatSymbol();
    void oversizeMessageClosesWith1009AndReconnects();
    void closeCodesAreReportedWithTheirMeaning_data();
    void closeCodesAreReportedWithTheirMeaning();
    void headersExpandEnvironmentVariables();
    void missingEnvironmentVariableFailsWithoutRetrying();
    void stopClosesAndStaysDisabled();
};

void TstFeedConnection::subscribesToTheFullSetOnOpenAndGoesLiveOnTheAck()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD", "ETH-USD"}));
    QSignalSpy states(c.get(), &FeedConnection::stateChanged);
    c->start();

    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(server.receivedOfType("subscribe").size(), 1);
    const QJsonObject sub = server.receivedOfType("subscribe").constFirst();
    QCOMPARE(TestFeedServer::productIds(sub), QStringList({"BTC-USD", "ETH-USD"}));
    QCOMPARE(states.at(0).at(0).value<FeedState>(), FeedState::Connecting);
    QCOMPARE(states.at(1).at(0).value<FeedState>(), FeedState::Subscribing);
    QCOMPARE(states.at(2).at(0).value<FeedState>(), FeedState::Live);
    QCOMPARE(c->status().counters.attempts, 1u);
    QCOMPARE(c->status().counters.connects, 1u);
}

// A ping goes out with the subscription; the peer's pong (Qt's server echoes the payload)
// gives the round-trip time at once, before any data.
void TstFeedConnection::theRoundTripIsMeasuredFromTheFirstPong()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.pingIntervalMs = 1000;
    auto c = makeConnection(config);
    QCOMPARE(c->status().rttMs, -1.0);
    c->start();
    QTRY_VERIFY_WITH_TIMEOUT(c->status().rttMs >= 0.0, kWait);
    QCOMPARE(c->status().rttMedianMs, c->status().rttMs); // one sample so far
    QCOMPARE(c->status().counters.updates, 0u); // no data needed
}

// Qt's own server (not FeedDeck's code) picks the first offered subprotocol it knows.
void TstFeedConnection::theServerChoosesOneOfTheOfferedSubprotocols()
{
    TestFeedServer server;
    server.setSupportedSubprotocols({QStringLiteral("v2.json"), QStringLiteral("v3.json")});
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.subprotocols = {QStringLiteral("v1.json"), QStringLiteral("v2.json")};
    auto c = makeConnection(config);
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->status().subprotocol, QStringLiteral("v2.json"));
    QCOMPARE(server.lastRequestHeader("Sec-WebSocket-Protocol"), QList<QByteArray>({"v1.json, v2.json"}));
    QCOMPARE(server.client()->subprotocol(), QStringLiteral("v2.json"));
    server.sendTicker("BTC-USD", 5.0);
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.updates, 1u, kWait);
    // Gone with the connection: a reconnect shows what the new one chose.
    server.abortClients();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() != FeedState::Live, kWait);
    QCOMPARE(c->status().subprotocol, QString());
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->status().subprotocol, QStringLiteral("v2.json"));
}

void TstFeedConnection::aServerThatChoosesNoSubprotocolIsRefused()
{
    TestFeedServer server; // knows no subprotocol: its reply names none
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.subprotocols = {QStringLiteral("v1.json")};
    auto c = makeConnection(config);
    c->start();
    QTRY_VERIFY_WITH_TIMEOUT(c->status().failedAttemptsInARow >= 2, kWait);
    QCOMPARE(c->status().counters.connects, 0u);
    QCOMPARE(c->status().lastError,
             QStringLiteral("the server accepted none of the subprotocols offered (v1.json); check the feed's "
                            "\"subprotocols\" against what the server speaks"));
}

void TstFeedConnection::decodedTickersReachTheConsumerAndCountersAddUp()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD"}));
    QList<data::Update> updates;
    c->setUpdateSink([&updates](const QList<data::Update> &batch) { updates.append(batch); });
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    server.sendTicker("BTC-USD", 43000.25, 1);
    server.send(R"({"type":"heartbeat","product_id":"BTC-USD","sequence":2,"time":"2026-11-22T22:22:18.000000Z"})");
    server.send("{not json");
    server.sendTicker("BTC-USD", 43001.5, 3);
    QTRY_COMPARE_WITH_TIMEOUT(updates.size(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.messages, 5u, kWait); // ack + 4

    const feed::FeedCounters &n = c->status().counters;
    QCOMPARE(n.updates, 2u);
    QCOMPARE(n.ignored, 2u); // subscriptions ack + heartbeat
    QCOMPARE(n.badMessages, 1u);
    QVERIFY(n.bytes > 200);
    QVERIFY(n.firstMessageMs > 0 && n.lastMessageMs >= n.firstMessageMs);
    QCOMPARE(updates.at(1).symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(updates.at(1).field(data::fields::kPrice)->value, 43001.5);
    QCOMPARE(updates.at(1).field(data::fields::kAsk)->value, 43002.0);
    QCOMPARE(c->state(), FeedState::Live); // a bad message costs only that message
}

void TstFeedConnection::resubscribesTheFullSetAfterADrop()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD", "ETH-USD", "SOL-USD"}));
    QSignalSpy lost(c.get(), &FeedConnection::connectionLost);
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    server.abortClients();
    QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    const QList<QJsonObject> subs = server.receivedOfType("subscribe");
    QCOMPARE(subs.size(), 2);
    QCOMPARE(TestFeedServer::productIds(subs.at(1)), QStringList({"BTC-USD", "ETH-USD", "SOL-USD"}));
    QCOMPARE(c->status().counters.disconnects, 1u);
    QCOMPARE(c->status().counters.connects, 2u);
}

void TstFeedConnection::sendsDeltasWhileLiveWithoutReconnecting()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD", "ETH-USD"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    c->setSymbols({"ETH-USD", "SOL-USD", "AAPL"});
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType("subscribe").size(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType("unsubscribe").size(), 1, kWait);
    QCOMPARE(TestFeedServer::productIds(server.receivedOfType("unsubscribe").constFirst()), QStringList({"BTC-USD"}));
    QCOMPARE(TestFeedServer::productIds(server.receivedOfType("subscribe").at(1)), QStringList({"SOL-USD", "AAPL"}));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(c->status().counters.connects, 1u);
    QCOMPARE(c->symbols(), QStringList({"ETH-USD", "SOL-USD", "AAPL"}));
}

void TstFeedConnection::editsWhileDisconnectedApplyOnTheNextOpen()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    server.stopListening();
    server.abortClients();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Backoff, kWait);
    c->setSymbols({"BTC-USD", "NVDA"});
    QCOMPARE(server.receivedOfType("subscribe").size(), 1); // nothing sent while disconnected

    QVERIFY(server.listen(server.port()));
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    const QList<QJsonObject> subs = server.receivedOfType("subscribe");
    QCOMPARE(subs.size(), 2);
    QCOMPARE(TestFeedServer::productIds(subs.at(1)), QStringList({"BTC-USD", "NVDA"}));
    QCOMPARE(server.receivedOfType("unsubscribe").size(), 0);
}

void TstFeedConnection::backsOffUnderRefusalThenConnectsWhenTheServerReturns()
{
    const quint16 port = unusedPort();
    auto c = makeConnection(configFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/feed").arg(port)), {"BTC-USD"}));
    QElapsedTimer clock;
    clock.start();
    QList<qint64> attemptsAt;
    QList<qint64> backoffAt;
    connect(c.get(), &FeedConnection::stateChanged, this, [&](FeedState s) {
        if (s == FeedState::Connecting)
            attemptsAt.append(clock.elapsed());
        if (s == FeedState::Backoff)
            backoffAt.append(clock.elapsed());
    });
    c->start();
    QTRY_VERIFY_WITH_TIMEOUT(attemptsAt.size() >= 5, kWait);
    QVERIFY2(c->status().lastError.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(c->status().lastError));
    // Never sooner than the floor after a failure, never later than the cap allows (with slack for a loaded machine).
    for (int i = 1; i < attemptsAt.size(); ++i) {
        const qint64 waited = attemptsAt.at(i) - backoffAt.at(i - 1);
        QVERIFY2(waited >= 100, qPrintable(QStringLiteral("attempt %1 after %2 ms").arg(i).arg(waited)));
        QVERIFY2(waited <= 200 + 500, qPrintable(QStringLiteral("attempt %1 after %2 ms").arg(i).arg(waited)));
    }
    QCOMPARE(c->status().counters.connects, 0u);
    QCOMPARE(c->status().counters.disconnects, 0u); // never connected, so never disconnected
    // #19: every attempt so far failed, in a row: the feed is failing, not just retrying.
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == FeedState::Backoff, kWait);
    QCOMPARE(c->status().failedAttemptsInARow, c->status().counters.attempts);
    QVERIFY(feed::isFailing(c->status()));

    TestFeedServer server;
    QVERIFY(server.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->status().failedAttemptsInARow, 0u);
    QVERIFY(!feed::isFailing(c->status()));
    QVERIFY(c->status().counters.attempts >= 6);
    QCOMPARE(c->status().counters.connects, 1u);
}

void TstFeedConnection::stableLivePeriodResetsTheBackoff()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD"}), 300);
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    server.abortClients();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Backoff, kWait);
    QCOMPARE(c->retryPolicy().attempt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->retryPolicy().attempt(), 1); // not reset by merely connecting
    QTRY_COMPARE_WITH_TIMEOUT(c->retryPolicy().attempt(), 0, kWait);
}

void TstFeedConnection::silentPeerGoesStaleThenIsAbortedAndReconnected()
{
    const QByteArray ack = R"({"type":"subscriptions","channels":[{"name":"ticker","product_ids":["BTC-USD"]}]})";
    RawStallServer server(RawStallServer::Mode::StallAfterFrames, {ack, TestFeedServer::ticker("BTC-USD", 10.0)});
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.staleAfterMs = 300;
    auto c = makeConnection(config);
    QList<FeedState> states;
    connect(c.get(), &FeedConnection::stateChanged, this, [&states](FeedState s) { states.append(s); });
    int updateMessages = 0;
    c->setUpdateSink([&updateMessages](const QList<data::Update> &) { ++updateMessages; });
    c->start();

    QTRY_COMPARE_WITH_TIMEOUT(updateMessages, 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(states.contains(FeedState::Stale), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    const qsizetype stale = states.indexOf(FeedState::Stale);
    QCOMPARE(states.at(stale - 1), FeedState::Live);
    QCOMPARE(states.at(stale + 1), FeedState::Backoff); // the ping went unanswered: aborted, not revived
    QVERIFY2(c->status().lastError.contains(QStringLiteral("no answer to a ping")), qPrintable(c->status().lastError));
    QCOMPARE(c->status().counters.disconnects, 1u);
}

void TstFeedConnection::silentButReachablePeerStaysStaleUntilDataResumes()
{
    TestFeedServer server; // answers pings, as every WebSocket server does
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.staleAfterMs = 200;
    auto c = makeConnection(config);
    QList<FeedState> states;
    connect(c.get(), &FeedConnection::stateChanged, this, [&states](FeedState s) { states.append(s); });
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Stale, kWait);

    // Several stale periods later: still Stale (values are old), still the same connection.
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > 1000, kWait);
    QCOMPARE(c->state(), FeedState::Stale);
    QCOMPARE(states.count(FeedState::Stale), 1); // no flapping between stale and live on pongs
    QCOMPARE(server.connectionCount(), 1);

    server.sendTicker("BTC-USD", 5.0);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->status().counters.disconnects, 0u);
}

void TstFeedConnection::handshakeThatNeverCompletesTimesOut()
{
    RawStallServer server(RawStallServer::Mode::NeverHandshake);
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.handshakeTimeoutMs = 300;
    auto c = makeConnection(config);
    QElapsedTimer clock;
    clock.start();
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Backoff, kWait);
    QVERIFY(clock.elapsed() >= 300);
    QCOMPARE(c->status().lastError, QStringLiteral("no WebSocket handshake reply within 300 ms"));
    QCOMPARE(c->status().counters.connects, 0u);
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait); // and it tries again
}

void TstFeedConnection::serverErrorForOneSymbolMarksOnlyThatSymbol()
{
    TestFeedServer server;
    server.invalidProducts = {"FOO-USD"};
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD", "FOO-USD", "ETH-USD"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    // The venue refused the whole request; the client asked again without the refused symbol, once.
    const QList<QJsonObject> subs = server.receivedOfType("subscribe");
    QCOMPARE(subs.size(), 2);
    QCOMPARE(TestFeedServer::productIds(subs.at(1)), QStringList({"BTC-USD", "ETH-USD"}));
    QCOMPARE(c->status().rejectedSymbols.value("FOO-USD"), QStringLiteral("FOO-USD is not a valid product"));
    QCOMPARE(c->status().rejectedSymbols.size(), 1);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(c->symbols(), QStringList({"BTC-USD", "FOO-USD", "ETH-USD"})); // the user's list is kept as typed

    // A reconnect does not ask for the refused symbol again.
    server.abortClients();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(TestFeedServer::productIds(server.receivedOfType("subscribe").constLast()), QStringList({"BTC-USD", "ETH-USD"}));
}

void TstFeedConnection::oversizeMessageClosesWith1009AndReconnects()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.maxMessageBytes = 4096;
    auto c = makeConnection(config);
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    server.send(QByteArray(R"({"type":"ticker","pad":")") + QByteArray(64 * 1024, 'x') + "\"}");
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.oversize, 1u, kWait);
    QCOMPARE(c->status().counters.disconnects, 1u);
    QVERIFY2(c->status().lastError.contains(QStringLiteral("1009")), qPrintable(c->status().lastError));
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(c->status().counters.messages, 2u); // the two acks; the oversize message was never delivered
}

void TstFeedConnection::closeCodesAreReportedWithTheirMeaning_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1000") << 1000 << "connection closed (1000: normal closure): bye";
    QTest::newRow("1001") << 1001 << "connection closed (1001: the server is going away (restart or shutdown)): bye";
    QTest::newRow("1006") << 1006 << "connection closed (1006: connection lost without a close frame)";
    QTest::newRow("1008") << 1008 << "connection closed (1008: policy violation (often authentication or rate limits)): bye";
    QTest::newRow("1011") << 1011 << "connection closed (1011: internal server error): bye";
    QTest::newRow("4000") << 4000 << "connection closed (4000: application-defined code): bye";
}

void TstFeedConnection::closeCodesAreReportedWithTheirMeaning()
{
    QFETCH(int, code);
    QFETCH(QString, expected);
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    if (code == 1006)
        server.abortClients();
    else
        server.closeClients(QWebSocketProtocol::CloseCode(code), QStringLiteral("bye"));
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.disconnects, 1u, kWait);
    QCOMPARE(c->status().lastError, expected);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait); // every close code is retried
    QCOMPARE(c->status().counters.connects, 2u);
}

void TstFeedConnection::headersExpandEnvironmentVariables()
{
    qputenv("FEEDDECK_TEST_TOKEN", "s3cret");
    TestFeedServer server;
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:FEEDDECK_TEST_TOKEN}")},
                      {QStringLiteral("X-Client"), QStringLiteral("feeddeck")}};
    auto c = makeConnection(config);
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(server.lastRequestHeader("Authorization"), QList<QByteArray>{"Bearer s3cret"});
    QCOMPARE(server.lastRequestHeader("X-Client"), QList<QByteArray>{"feeddeck"});
    qunsetenv("FEEDDECK_TEST_TOKEN");
}

void TstFeedConnection::missingEnvironmentVariableFailsWithoutRetrying()
{
    qunsetenv("FEEDDECK_UNSET_TOKEN");
    TestFeedServer server;
    QVERIFY(server.listen());
    auto config = configFor(server.url(), {"BTC-USD"});
    config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:FEEDDECK_UNSET_TOKEN}")}};
    auto c = makeConnection(config);
    QSignalSpy problems(c.get(), &FeedConnection::problemReported);
    c->start();
    QCOMPARE(c->state(), FeedState::Failed);
    QVERIFY(c->status().lastError.contains(QStringLiteral("FEEDDECK_UNSET_TOKEN")));
    QCOMPARE(problems.size(), 1);
    QVERIFY(!c->hasScheduledWork()); // a Failed feed stays put: no retry or deadline can bring it back
    QCOMPARE(c->status().retryAtMs, -1);
    QCOMPARE(server.connectionCount(), 0);
    QCOMPARE(c->state(), FeedState::Failed);
}

void TstFeedConnection::stopClosesAndStaysDisabled()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"BTC-USD"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    c->stop();
    QCOMPARE(c->state(), FeedState::Disabled);
    QTRY_VERIFY_WITH_TIMEOUT(server.client() == nullptr, kWait);
    QVERIFY(!c->hasScheduledWork()); // a stopped feed has nothing scheduled that could bring it back
    QCOMPARE(c->status().retryAtMs, -1);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(c->state(), FeedState::Disabled);
}

QTEST_GUILESS_MAIN(TstFeedConnection)
#include "tst_feedconnection.moc"
