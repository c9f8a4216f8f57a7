// Every fault a real feed can produce, injected by FaultServer into a real FeedConnection:
// the feed recovers by itself (reconnects, resubscribes the full set, data flows again),
// the state the user sees is right at each step, and the counters add up.
#include "../support/TestTransport.h"
#include "../support/FaultServer.h"

#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using feed::FeedStatus;
using testing::FaultPlan;
using testing::FaultServer;
using Fault = FaultPlan::Fault;

namespace {

constexpr int kWait = 10000;
const QString kLetThrough = QStringLiteral("(taken as data)");
const QStringList kSymbols{QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD"), QStringLiteral("SOL-USD")};

workspace::FeedConfig configFor(const QUrl &url)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.transport = testing::testTransport();
    c.url = url;
    c.symbols = kSymbols;
    c.reconnect = {.initialMs = 50, .maxMs = 300};
    c.staleAfterMs = 10000;
    c.handshakeTimeoutMs = 3000;
    return c;
}

// What the user was shown on each state change, with the clock at that moment.
struct Seen
{
    FeedStatus status;
    qint64 atMs = 0;
};

// A connection under test with a record of every state the user saw.
struct Rig
{
    explicit Rig(const workspace::FeedConfig &config)
        : connection(config, std::make_unique<codec::CoinbaseCodec>(),
                     feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 11})
    {
        QObject::connect(&connection, &FeedConnection::stateChanged, &connection, [this] {
            seen.append({connection.status(), QDateTime::currentMSecsSinceEpoch()});
        });
        connection.setUpdateSink([this](const QList<data::Update> &updates) { updateCount += int(updates.size()); });
        QObject::connect(&connection, &FeedConnection::problemReported, &connection,
                         [this](const QString &text) { problems.append(text); });
    }

    [[nodiscard]] QList<FeedState> states() const
    {
        QList<FeedState> out;
        for (const Seen &s : seen)
            out.append(s.status.state);
        return out;
    }

    [[nodiscard]] const feed::FeedCounters &counters() const { return connection.status().counters; }

    FeedConnection connection;
    QList<Seen> seen;
    int updateCount = 0;
    QStringList problems;
};

// messages == updates + ignored + bad, whatever happened.
bool countersAddUp(const feed::FeedCounters &c)
{
    return c.messages == c.updates + c.ignored + c.badMessages;
}

// After a lost connection the user sees: backoff with the reason and a countdown inside
// the policy's window, then connecting, subscribing and live again.
void verifyRecoveryAfter(const Rig &rig, qsizetype lostAt, const QString &reasonPart)
{
    const QList<FeedState> states = rig.states().mid(lostAt);
    QVERIFY2(states.size() >= 4, qPrintable(QStringLiteral("only %1 states after the loss").arg(states.size())));
    QCOMPARE(states.at(0), FeedState::Backoff);
    QCOMPARE(states.at(1), FeedState::Connecting);
    QCOMPARE(states.at(2), FeedState::Subscribing);
    QCOMPARE(states.at(3), FeedState::Live);
    const Seen &backoff = rig.seen.at(lostAt);
    QVERIFY2(backoff.status.lastError.contains(reasonPart), qPrintable(backoff.status.lastError));
    QVERIFY(backoff.status.retryAtMs >= backoff.atMs + 100 - 5);
    QVERIFY(backoff.status.retryAtMs <= backoff.atMs + 300 + 5);
    // Outside backoff there is no countdown.
    QCOMPARE(rig.seen.at(lostAt + 3).status.retryAtMs, -1);
}

qsizetype firstIndexOf(const Rig &rig, FeedState state, qsizetype from = 0)
{
    const QList<FeedState> states = rig.states();
    return states.indexOf(state, from);
}

} // namespace

class TstFaults : public QObject
{
    Q_OBJECT

    // Qt's client takes what FeedDeck's refuses (a masked frame from a server, RFC 6455 5.1):
    // the feed stays on its first connection and what the frame carried is counted as data.
    void verifyQtLetsItThrough(Fault fault)
    {
        FaultServer server;
        server.plans = {FaultPlan{.fault = fault, .afterMessages = 3}};
        bool injected = false;
        connect(&server, &FaultServer::faultInjected, this, [&injected](int, Fault) { injected = true; });
        QVERIFY(server.listen());
        Rig rig(configFor(server.url()));
        rig.connection.start();
        QTRY_VERIFY_WITH_TIMEOUT(injected, kWait);
        // The server's tickers, and the one in the offending frame as well.
        QTRY_COMPARE_WITH_TIMEOUT(rig.updateCount, server.tickersSent() + 1, kWait);
        QCOMPARE(rig.connection.state(), FeedState::Live);
        QCOMPARE(rig.counters().badMessages, 0u);
        QCOMPARE(server.connectionCount(), 1);
        QCOMPARE(rig.counters().disconnects, 0u);
    }

private slots:
    void droppedConnectionReconnectsAndResubscribesTheFullSet();
    void closeCodesAreShownAndRecoveredFrom_data();
    void closeCodesAreShownAndRecoveredFrom();
    void refusedUpgradeBacksOffUntilTheServerAccepts();
    void handshakeThatNeverCompletesTimesOutAndRetries();
    void stalledButReachableServerIsShownStaleWithoutReconnecting();
    void frozenServerIsDroppedAndReconnected();
    void junkCostsOnlyTheJunkFrames_data();
    void junkCostsOnlyTheJunkFrames();
    void protocolViolationsAreRefusedAndReconnected_data();
    void protocolViolationsAreRefusedAndReconnected();
    void hugeFrameCountsAsOversizeAndReconnects();
    void floodIsReadCompletelyWithoutLosingTheConnection();
};

void TstFaults::droppedConnectionReconnectsAndResubscribesTheFullSet()
{
    FaultServer server;
    server.plans = {{.fault = Fault::Drop, .afterMessages = 6}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(server.handshakeCount() == 2 && rig.connection.state() == FeedState::Live, kWait);
    const int updatesAtReconnect = rig.updateCount;
    QTRY_VERIFY_WITH_TIMEOUT(rig.updateCount >= updatesAtReconnect + 6, kWait); // data flows again

    const QList<FeedState> states = rig.states();
    QCOMPARE(states.mid(0, 3), (QList<FeedState>{FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    verifyRecoveryAfter(rig, 3, QStringLiteral("1006"));
    QCOMPARE(server.subscribeRequests().size(), 2);
    QCOMPARE(server.subscribeRequests().at(1), kSymbols);
    const feed::FeedCounters &c = rig.counters();
    QCOMPARE(c.attempts, 2u);
    QCOMPARE(c.connects, 2u);
    QCOMPARE(c.disconnects, 1u);
    QCOMPARE(c.badMessages, 0u);
    QCOMPARE(c.updates, quint64(rig.updateCount));
    QVERIFY(countersAddUp(c));
}

void TstFaults::closeCodesAreShownAndRecoveredFrom_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("meaning");
    QTest::newRow("1000 normal") << 1000 << "1000";
    QTest::newRow("1001 going away") << 1001 << "1001: the server is going away";
    QTest::newRow("1008 policy") << 1008 << "1008";
    QTest::newRow("1011 server error") << 1011 << "1011";
    QTest::newRow("4000 application") << 4000 << "4000";
}

void TstFaults::closeCodesAreShownAndRecoveredFrom()
{
    QFETCH(int, code);
    QFETCH(QString, meaning);
    FaultServer server;
    server.plans = {{.fault = Fault::Close, .afterMessages = 3, .closeCode = code}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(server.handshakeCount() == 2 && rig.connection.state() == FeedState::Live, kWait);
    verifyRecoveryAfter(rig, 3, meaning);
    QCOMPARE(server.subscribeRequests().at(1), kSymbols);
    QCOMPARE(rig.counters().disconnects, 1u);
    QVERIFY(countersAddUp(rig.counters()));
}

void TstFaults::refusedUpgradeBacksOffUntilTheServerAccepts()
{
    FaultServer server;
    server.plans = {{.fault = Fault::Refuse}, {.fault = Fault::Refuse}, {.fault = Fault::Refuse}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(rig.connection.state(), FeedState::Live, kWait);
    QCOMPARE(server.connectionCount(), 4);
    // Three refusals, each shown with its reason and a countdown, then one good session.
    const QList<FeedState> states = rig.states();
    QCOMPARE(states.count(FeedState::Backoff), 3);
    for (const Seen &s : std::as_const(rig.seen)) {
        if (s.status.state != FeedState::Backoff)
            continue;
        QVERIFY2(s.status.lastError.contains(QStringLiteral("503")), qPrintable(s.status.lastError));
        QVERIFY(s.status.retryAtMs >= s.atMs + 100 - 5);
    }
    QCOMPARE(rig.counters().attempts, 4u);
    QCOMPARE(rig.counters().connects, 1u);
    QCOMPARE(rig.counters().disconnects, 0u); // never open, so never lost
}

void TstFaults::handshakeThatNeverCompletesTimesOutAndRetries()
{
    FaultServer server;
    server.plans = {{.fault = Fault::NeverHandshake}};
    QVERIFY(server.listen());
    workspace::FeedConfig config = configFor(server.url());
    config.handshakeTimeoutMs = 300;
    Rig rig(config);
    rig.connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(rig.connection.state(), FeedState::Live, kWait);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(rig.states().mid(0, 3), (QList<FeedState>{FeedState::Connecting, FeedState::Backoff, FeedState::Connecting}));
    QVERIFY2(rig.seen.at(1).status.lastError.contains(QStringLiteral("no WebSocket handshake reply within 300 ms")),
             qPrintable(rig.seen.at(1).status.lastError));
    QVERIFY2(rig.seen.at(1).atMs - rig.seen.at(0).atMs >= 300 - 5, qPrintable(QString::number(rig.seen.at(1).atMs - rig.seen.at(0).atMs)));
    QCOMPARE(server.subscribeRequests(), QList<QStringList>{kSymbols});
}

void TstFaults::stalledButReachableServerIsShownStaleWithoutReconnecting()
{
    FaultServer server;
    server.plans = {{.fault = Fault::Stall, .afterMessages = 3}};
    QVERIFY(server.listen());
    workspace::FeedConfig config = configFor(server.url());
    config.staleAfterMs = 300;
    Rig rig(config);
    rig.connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(rig.connection.state(), FeedState::Stale, kWait);
    const qsizetype staleAt = firstIndexOf(rig, FeedState::Stale);
    const qint64 lastLive = rig.seen.at(staleAt - 1).atMs;
    QVERIFY(rig.seen.at(staleAt).atMs - lastLive >= 300 - 5);
    // Pongs keep arriving: over several stale periods the feed stays connected and stale.
    QElapsedTimer watched;
    watched.start();
    QTRY_VERIFY_WITH_TIMEOUT(watched.elapsed() > 1200 || rig.connection.state() != FeedState::Stale, kWait);
    QCOMPARE(rig.connection.state(), FeedState::Stale);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(rig.counters().disconnects, 0u);
    QVERIFY(countersAddUp(rig.counters()));
}

void TstFaults::frozenServerIsDroppedAndReconnected()
{
    FaultServer server;
    server.plans = {{.fault = Fault::Freeze, .afterMessages = 3}};
    QVERIFY(server.listen());
    workspace::FeedConfig config = configFor(server.url());
    config.staleAfterMs = 300;
    Rig rig(config);
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(server.handshakeCount() == 2 && rig.connection.state() == FeedState::Live, kWait);
    const qsizetype staleAt = firstIndexOf(rig, FeedState::Stale);
    QVERIFY(staleAt > 0);
    QCOMPARE(rig.states().at(staleAt + 1), FeedState::Backoff);
    // Stale for the ping's grace (min(stale/2, 5 s)) before giving up.
    QVERIFY(rig.seen.at(staleAt + 1).atMs - rig.seen.at(staleAt).atMs >= 150 - 5);
    verifyRecoveryAfter(rig, staleAt + 1, QStringLiteral("no answer to a ping"));
    QCOMPARE(server.subscribeRequests().at(1), kSymbols);
    QCOMPARE(rig.counters().disconnects, 1u);
}

void TstFaults::junkCostsOnlyTheJunkFrames_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("problem");
    QTest::newRow("malformed JSON") << int(Fault::MalformedJson) << "truncated JSON";
    QTest::newRow("wrong types") << int(Fault::WrongTypes) << "price";
    QTest::newRow("binary junk") << int(Fault::Binary) << "bad message";
}

void TstFaults::junkCostsOnlyTheJunkFrames()
{
    QFETCH(int, fault);
    QFETCH(QString, problem);
    FaultServer server;
    server.plans = {{.fault = Fault(fault), .afterMessages = 3, .count = 4}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(rig.counters().badMessages, 4u, kWait);
    const int updatesAfterJunk = rig.updateCount;
    QTRY_VERIFY_WITH_TIMEOUT(rig.updateCount >= updatesAfterJunk + 6, kWait); // data keeps flowing
    QCOMPARE(rig.connection.state(), FeedState::Live);
    QCOMPARE(rig.states(), (QList<FeedState>{FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(rig.counters().disconnects, 0u);
    QCOMPARE(rig.problems.size(), 4);
    for (const QString &text : std::as_const(rig.problems))
        QVERIFY2(text.contains(problem), qPrintable(text));
    QVERIFY(countersAddUp(rig.counters()));
}

void TstFaults::protocolViolationsAreRefusedAndReconnected_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("detail");     // closeCode for BadCloseCode, reservedBits for ReservedBits
    QTest::addColumn<int>("clientCode"); // what the client closes with; 0: refused before the WebSocket opened
    QTest::addColumn<QString>("reason"); // the feed's lastError, word for word
    // What Qt's QWebSocket 6.4 makes of the same (the suite's _qtwebsockets run): its own words,
    // or kLetThrough where it takes the frame as data, or a handshake it never completes.
    QTest::addColumn<QString>("qtReason");
    const QString protocolError = QStringLiteral("connection closed (1002: protocol error): ");
    QTest::newRow("a masked frame from the server")
        << int(Fault::MaskedFrame) << 0 << 1002 << protocolError + "a masked frame from the server" << kLetThrough;
    const QString reserved = protocolError + "a frame with reserved bits set (no extension was agreed)";
    const QString qtReserved = protocolError + "Rsv field is non-zero";
    QTest::newRow("a frame with RSV1 set") << int(Fault::ReservedBits) << 0x40 << 1002 << reserved << qtReserved;
    QTest::newRow("a frame with RSV2 set") << int(Fault::ReservedBits) << 0x20 << 1002 << reserved << qtReserved;
    QTest::newRow("a frame with RSV3 set") << int(Fault::ReservedBits) << 0x10 << 1002 << reserved << qtReserved;
    QTest::newRow("a frame with an unknown opcode")
        << int(Fault::UnknownOpcode) << 0 << 1002 << protocolError + "a frame with the unknown opcode 3"
        << protocolError + "Used reserved opcode";
    const QString invalidData = QStringLiteral("connection closed (1007: invalid data (e.g. text that is not UTF-8)): ");
    QTest::newRow("a text frame that is not UTF-8")
        << int(Fault::InvalidUtf8) << 0 << 1007 << invalidData + "a text message was not valid UTF-8"
        << invalidData + "Invalid UTF-8 code encountered.";
    for (const int code : {1005, 1006, 999, 5000})
        QTest::addRow("a close frame with code %d on the wire", code)
            << int(Fault::BadCloseCode) << code << 1002
            << protocolError + QStringLiteral("a close frame with the invalid code %1").arg(code)
            << protocolError + QStringLiteral("Invalid close code 1002 detected."); // sic: Qt names its own code
    const QString neverOpened = QStringLiteral("no WebSocket handshake reply within 3000 ms");
    QTest::newRow("an upgrade reply with the wrong Sec-WebSocket-Accept")
        << int(Fault::WrongAccept) << 0 << 0
        << QStringLiteral("the server's Sec-WebSocket-Accept does not match the key sent; it is not a WebSocket "
                          "server, or a proxy changed the handshake")
        << neverOpened;
    QTest::newRow("an upgrade reply choosing a subprotocol nobody offered")
        << int(Fault::UnofferedSubprotocol) << 0 << 0
        << QStringLiteral("the server chose the subprotocol \"chat.v9\" although none was offered; add it to the "
                          "feed's \"subprotocols\" if the feed speaks it")
        << neverOpened;
}

// A frame or handshake that breaks RFC 6455 ends the connection with the code and what was
// wrong; nothing the frame carried is shown, and the next connection goes live again.
void TstFaults::protocolViolationsAreRefusedAndReconnected()
{
    QFETCH(int, fault);
    QFETCH(int, detail);
    QFETCH(int, clientCode);
    QFETCH(QString, reason);
    QFETCH(QString, qtReason);
    if (testing::onQtTransport()) {
        if (qtReason == kLetThrough) {
            verifyQtLetsItThrough(Fault(fault));
            return;
        }
        reason = qtReason;
    }
    const bool wasOpen = clientCode != 0;
    FaultServer server;
    FaultPlan plan{.fault = Fault(fault), .afterMessages = 3};
    if (plan.fault == Fault::BadCloseCode)
        plan.closeCode = detail;
    if (plan.fault == Fault::ReservedBits)
        plan.reservedBits = detail;
    server.plans = {plan};
    int tickersBeforeFault = -1;
    connect(&server, &FaultServer::faultInjected, this, [&](int connection, Fault) {
        if (connection == 0)
            tickersBeforeFault = server.tickersSent();
    });
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(rig.connection.state() == FeedState::Live && server.connectionCount() == 2, kWait);
    const int updatesAtReconnect = rig.updateCount;
    QTRY_VERIFY_WITH_TIMEOUT(rig.updateCount >= updatesAtReconnect + 6, kWait); // data flows again
    QCOMPARE(server.handshakeCount(), wasOpen ? 2 : 1);

    const qsizetype lostAt = wasOpen ? 3 : 1;
    if (wasOpen)
        QCOMPARE(rig.states().mid(0, 3), (QList<FeedState>{FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    else
        QCOMPARE(rig.states().at(0), FeedState::Connecting);
    verifyRecoveryAfter(rig, lostAt, reason);
    QCOMPARE(rig.seen.at(lostAt).status.lastError, reason);
    // Nothing of the offending frame was shown or counted as a bad message.
    QVERIFY(tickersBeforeFault >= 0);
    QCOMPARE(rig.seen.at(lostAt).status.counters.updates, quint64(wasOpen ? tickersBeforeFault : 0));
    QCOMPARE(rig.counters().badMessages, 0u);
    QVERIFY2(rig.problems.isEmpty(), qPrintable(rig.problems.join(QLatin1Char('\n'))));
    if (wasOpen) // the client told the server why it closed
        QTRY_COMPARE_WITH_TIMEOUT(server.clientCloseCodes().value(0), clientCode, kWait);
    // A handshake refused by the client never carried a subscription.
    QCOMPARE(server.subscribeRequests().size(), wasOpen ? 2 : 1);
    QCOMPARE(server.subscribeRequests().last(), kSymbols);
    const feed::FeedCounters &c = rig.counters();
    QCOMPARE(c.attempts, 2u);
    QCOMPARE(c.connects, wasOpen ? 2u : 1u);
    QCOMPARE(c.disconnects, wasOpen ? 1u : 0u); // a handshake that failed was never a connection
    QVERIFY(countersAddUp(c));
}

void TstFaults::hugeFrameCountsAsOversizeAndReconnects()
{
    FaultServer server;
    server.plans = {{.fault = Fault::Huge, .afterMessages = 3}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url())); // max_message_bytes: the 1 MiB default
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(server.handshakeCount() == 2 && rig.connection.state() == FeedState::Live, kWait);
    verifyRecoveryAfter(rig, 3, QStringLiteral("max_message_bytes"));
    QCOMPARE(rig.counters().oversize, 1u);
    QCOMPARE(rig.counters().disconnects, 1u);
    QVERIFY(rig.counters().bytes < 1024u * 1024u); // the frame was never taken in whole
    QVERIFY(countersAddUp(rig.counters()));
}

void TstFaults::floodIsReadCompletelyWithoutLosingTheConnection()
{
    constexpr int kFlood = 30000;
    FaultServer server;
    server.plans = {{.fault = Fault::Flood, .afterMessages = 3, .count = kFlood}};
    QVERIFY(server.listen());
    Rig rig(configFor(server.url()));
    rig.connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(rig.counters().updates >= quint64(3 + kFlood), 60000);
    QCOMPARE(rig.connection.state(), FeedState::Live);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(rig.counters().disconnects, 0u);
    QCOMPARE(rig.counters().badMessages, 0u);
    QVERIFY(countersAddUp(rig.counters()));
}

QTEST_GUILESS_MAIN(TstFaults)

#include "tst_faults.moc"
