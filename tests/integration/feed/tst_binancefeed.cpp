// FeedConnection with a BinanceCodec against an in-process server that behaves like Binance
// spot: the subscription on open, the ack, raw and combined payloads, refused symbols,
// server pings, the 1001 "going away" close, and deltas while Live.
#include "../support/TestTransport.h"
#include "../support/BinanceTestServer.h"

#include "core/codec/BinanceCodec.h"
#include "core/feed/FeedConnection.h"

#include <QSignalSpy>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using testing::BinanceTestServer;

namespace {

constexpr int kWait = 5000;
constexpr qint64 kEventMs = Q_INT64_C(1672515782136);

workspace::FeedConfig configFor(const QUrl &url, const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("spot");
    c.name = QStringLiteral("Binance spot");
    c.protocol = QStringLiteral("binance");
    c.transport = testing::testTransport();
    c.url = url;
    c.symbols = symbols;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.staleAfterMs = 10000;
    c.handshakeTimeoutMs = 3000;
    return c;
}

std::unique_ptr<FeedConnection> makeConnection(const workspace::FeedConfig &config,
                                               const QStringList &streams = {QStringLiteral("ticker")})
{
    return std::make_unique<FeedConnection>(config, std::make_unique<codec::BinanceCodec>(streams),
                                            feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 7});
}

// Collects every decoded update of a connection.
struct UpdateLog
{
    QList<data::Update> updates;

    void attach(FeedConnection *connection)
    {
        connection->setUpdateSink([this](const QList<data::Update> &batch) { updates.append(batch); });
    }

    [[nodiscard]] QStringList symbols() const
    {
        QStringList out;
        for (const data::Update &u : updates)
            out.append(u.symbol);
        return out;
    }
};

double valueOf(const data::Update &update, const QString &field)
{
    const data::FieldValue *value = update.field(field);
    return value ? value->value : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

class TstBinanceFeed : public QObject
{
    Q_OBJECT

private slots:
    void subscribesToTheExactLowerCaseStreamSetAndGoesLiveOnTheAck();
    void rawAndCombinedPayloadsArriveWithUpperCaseSymbols();
    void oneInvalidSymbolAmongValidOnesEndsRejectedWhileTheOthersFlow_data();
    void oneInvalidSymbolAmongValidOnesEndsRejectedWhileTheOthersFlow();
    void invalidSymbolAddedWhileLiveIsRejectedAtOnce();
    void serverPingIsAnswered();
    void goingAwayCloseReconnectsAndResubscribesTheSameStreams();
    void deltasWhileLiveChangeTheStreamsWithoutReconnecting();
};

void TstBinanceFeed::subscribesToTheExactLowerCaseStreamSetAndGoesLiveOnTheAck()
{
    BinanceTestServer server;
    server.holdReplies = true;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt", "ETHUSDT"}),
                            {QStringLiteral("ticker"), QStringLiteral("bookTicker")});
    QList<FeedState> states;
    connect(c.get(), &FeedConnection::stateChanged, this, [&states](FeedState s) { states.append(s); });
    c->start();

    QTRY_COMPARE_WITH_TIMEOUT(server.requests("SUBSCRIBE").size(), 1, kWait);
    const QJsonObject subscribe = server.requests("SUBSCRIBE").constFirst();
    QCOMPARE(BinanceTestServer::params(subscribe),
             QStringList({"btcusdt@ticker", "btcusdt@bookTicker", "ethusdt@ticker", "ethusdt@bookTicker"}));
    QCOMPARE(subscribe.value("id").toInteger(), 1);
    QCOMPARE(subscribe.size(), 3);
    QCOMPARE(c->state(), FeedState::Subscribing); // not Live before the server confirms

    server.releaseReplies();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(states, QList<FeedState>({FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    QCOMPARE(server.subscribedStreams(),
             QStringList({"btcusdt@ticker", "btcusdt@bookTicker", "ethusdt@ticker", "ethusdt@bookTicker"}));
    QCOMPARE(c->status().counters.ignored, 1u); // the ack
    QCOMPARE(c->displaySymbol("btcusdt"), QStringLiteral("BTCUSDT"));
    QCOMPARE(server.received().size(), 1);
}

void TstBinanceFeed::rawAndCombinedPayloadsArriveWithUpperCaseSymbols()
{
    BinanceTestServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt", "ethusdt"}),
                            {QStringLiteral("ticker"), QStringLiteral("bookTicker"), QStringLiteral("trade")});
    UpdateLog log;
    log.attach(c.get());
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    QCOMPARE(server.sendTicker("BTCUSDT", 43000.5, kEventMs), 1);
    QCOMPARE(server.sendBookTicker("ETHUSDT", 2250.25, 2250.75), 1);
    server.combined = true; // as on a /stream?streams=... endpoint
    QCOMPARE(server.sendTrade("BTCUSDT", 43001.25, 0.125, kEventMs + 5), 1);
    QCOMPARE(server.sendTicker("ETHUSDT", 2251.5, kEventMs + 9), 1);
    QTRY_COMPARE_WITH_TIMEOUT(log.updates.size(), 4, kWait);

    namespace f = data::fields;
    QCOMPARE(log.symbols(), QStringList({"BTCUSDT", "ETHUSDT", "BTCUSDT", "ETHUSDT"}));
    const data::Update &ticker = log.updates.at(0);
    QCOMPARE(ticker.sourceMs, kEventMs);
    QCOMPARE(ticker.fields.size(), 11);
    QCOMPARE(valueOf(ticker, f::kPrice), 43000.5);
    QCOMPARE(valueOf(ticker, f::kBid), 43000.0);
    QCOMPARE(valueOf(ticker, f::kAsk), 43001.0);
    QCOMPARE(valueOf(ticker, f::kOpen24h), 42990.5);
    QCOMPARE(valueOf(ticker, f::kHigh24h), 43010.5);
    QCOMPARE(valueOf(ticker, f::kChangePct), 2.5);
    const data::Update &book = log.updates.at(1);
    QCOMPARE(book.sourceMs, data::kNoTime);
    QCOMPARE(book.fields.size(), 4);
    QCOMPARE(valueOf(book, f::kBid), 2250.25);
    QCOMPARE(valueOf(book, f::kAsk), 2250.75);
    const data::Update &trade = log.updates.at(2);
    QCOMPARE(trade.sourceMs, kEventMs + 5);
    QCOMPARE(trade.fields.size(), 2);
    QCOMPARE(valueOf(trade, f::kPrice), 43001.25);
    QCOMPARE(valueOf(trade, f::kSize), 0.125);
    QCOMPARE(log.updates.at(3).sourceMs, kEventMs + 9);
    QCOMPARE(valueOf(log.updates.at(3), f::kPrice), 2251.5);

    const feed::FeedCounters &n = c->status().counters;
    QCOMPARE(n.messages, 5u);
    QCOMPARE(n.updates, 4u);
    QCOMPARE(n.ignored, 1u);
    QCOMPARE(n.badMessages, 0u);
}

void TstBinanceFeed::oneInvalidSymbolAmongValidOnesEndsRejectedWhileTheOthersFlow_data()
{
    QTest::addColumn<bool>("flatErrors");
    QTest::addColumn<QString>("reason");
    QTest::newRow("error object") << false << "Invalid request: unknown symbol foousdt@ticker (code 2)";
    QTest::newRow("code and msg") << true << "Invalid symbol. (code -1121)";
}

void TstBinanceFeed::oneInvalidSymbolAmongValidOnesEndsRejectedWhileTheOthersFlow()
{
    QFETCH(bool, flatErrors);
    QFETCH(QString, reason);
    BinanceTestServer server;
    server.invalidSymbols = {"FOOUSDT"};
    server.flatErrors = flatErrors;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt", "foousdt", "ethusdt"}));
    QSignalSpy problems(c.get(), &FeedConnection::problemReported);
    UpdateLog log;
    log.attach(c.get());
    c->start();

    // Binance refuses the whole request without naming the stream: nothing is marked yet.
    QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), kWait);
    const QString problem = problems.constFirst().constFirst().toString();
    QVERIFY2(problem.contains(QStringLiteral("subscription to BTCUSDT, FOOUSDT, ETHUSDT refused")), qPrintable(problem));

    // Right away, on the same connection, each symbol is asked for on its own.
    QTRY_COMPARE_WITH_TIMEOUT(c->status().rejectedSymbols.size(), 1, kWait);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(c->status().rejectedSymbols.value("FOOUSDT"), reason);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(server.subscribedStreams(), QStringList({"btcusdt@ticker", "ethusdt@ticker"}), kWait);

    bool askedAlone = false;
    for (const QJsonObject &request : server.requests("SUBSCRIBE"))
        askedAlone = askedAlone || BinanceTestServer::params(request) == QStringList({"foousdt@ticker"});
    QVERIFY(askedAlone);
    // Once the refusal is known, the accepted set is asked for again in one request (it may
    // come after the single-symbol answers have already made both streams live).
    QTRY_COMPARE_WITH_TIMEOUT(BinanceTestServer::params(server.requests("SUBSCRIBE").constLast()),
                              QStringList({"btcusdt@ticker", "ethusdt@ticker"}), kWait);

    QCOMPARE(server.sendTicker("BTCUSDT", 43000.5, kEventMs), 1);
    QCOMPARE(server.sendTicker("FOOUSDT", 1.0, kEventMs), 0); // nobody is subscribed to it
    QCOMPARE(server.sendTicker("ETHUSDT", 2250.5, kEventMs), 1);
    QTRY_COMPARE_WITH_TIMEOUT(log.symbols(), QStringList({"BTCUSDT", "ETHUSDT"}), kWait);
    QCOMPARE(c->symbols(), QStringList({"btcusdt", "foousdt", "ethusdt"})); // the user's list is kept as typed

    // Later opens leave the refused symbol out, in one request.
    const qsizetype before = server.requests("SUBSCRIBE").size();
    server.abortClients();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QCOMPARE(server.requests("SUBSCRIBE").size(), before + 1);
    QCOMPARE(BinanceTestServer::params(server.requests("SUBSCRIBE").constLast()),
             QStringList({"btcusdt@ticker", "ethusdt@ticker"}));
}

void TstBinanceFeed::invalidSymbolAddedWhileLiveIsRejectedAtOnce()
{
    BinanceTestServer server;
    server.invalidSymbols = {"FOOUSDT"};
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    // A one-symbol request names its symbol when it is refused.
    c->setSymbols({"btcusdt", "foousdt"});
    QTRY_COMPARE_WITH_TIMEOUT(c->status().rejectedSymbols.size(), 1, kWait);
    QCOMPARE(c->status().rejectedSymbols.value("FOOUSDT"),
             QStringLiteral("Invalid request: unknown symbol foousdt@ticker (code 2)"));
    QTRY_COMPARE_WITH_TIMEOUT(server.requests("SUBSCRIBE").size(), 3, kWait);
    const QList<QJsonObject> subscribes = server.requests("SUBSCRIBE");
    QCOMPARE(BinanceTestServer::params(subscribes.at(1)), QStringList({"foousdt@ticker"}));
    QCOMPARE(BinanceTestServer::params(subscribes.at(2)), QStringList({"btcusdt@ticker"})); // the rest, once
    QCOMPARE(c->state(), FeedState::Live);
    QCOMPARE(server.connectionCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.messages, 3u, kWait); // ack, refusal, ack
    QCOMPARE(server.subscribedStreams(), QStringList({"btcusdt@ticker"}));
}

void TstBinanceFeed::serverPingIsAnswered()
{
    BinanceTestServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt"}));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    QSignalSpy pongs(&server, &BinanceTestServer::pongReceived);
    server.pingClients("binance-ping-1");
    QTRY_COMPARE_WITH_TIMEOUT(pongs.size(), 1, kWait);
    QCOMPARE(pongs.constFirst().constFirst().toByteArray(), QByteArray("binance-ping-1"));
    server.pingClients("binance-ping-2");
    QTRY_COMPARE_WITH_TIMEOUT(pongs.size(), 2, kWait);
    QCOMPARE(pongs.at(1).constFirst().toByteArray(), QByteArray("binance-ping-2"));
    QCOMPARE(c->state(), FeedState::Live);
    QCOMPARE(server.connectionCount(), 1);
}

void TstBinanceFeed::goingAwayCloseReconnectsAndResubscribesTheSameStreams()
{
    BinanceTestServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt", "ethusdt"}),
                            {QStringLiteral("ticker"), QStringLiteral("trade")});
    UpdateLog log;
    log.attach(c.get());
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    server.closeClients(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("going away"));
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.disconnects, 1u, kWait);
    QCOMPARE(c->status().lastError,
             QStringLiteral("connection closed (1001: the server is going away (restart or shutdown)): going away"));
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    const QList<QJsonObject> subscribes = server.requests("SUBSCRIBE");
    QCOMPARE(subscribes.size(), 2);
    const QStringList streams{"btcusdt@ticker", "btcusdt@trade", "ethusdt@ticker", "ethusdt@trade"};
    QCOMPARE(BinanceTestServer::params(subscribes.at(0)), streams);
    QCOMPARE(BinanceTestServer::params(subscribes.at(1)), streams);
    QCOMPARE(subscribes.at(1).value("id").toInteger(), 2); // ids keep increasing across connections
    QCOMPARE(server.subscribedStreams(), streams);
    QCOMPARE(c->status().counters.connects, 2u);

    QCOMPARE(server.sendTrade("ETHUSDT", 2250.5, 1.5, kEventMs), 1);
    QTRY_COMPARE_WITH_TIMEOUT(log.symbols(), QStringList({"ETHUSDT"}), kWait);
}

void TstBinanceFeed::deltasWhileLiveChangeTheStreamsWithoutReconnecting()
{
    BinanceTestServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), {"btcusdt", "ethusdt"}));
    UpdateLog log;
    log.attach(c.get());
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);

    c->setSymbols({"ethusdt", "SOLUSDT"});
    QTRY_COMPARE_WITH_TIMEOUT(server.requests("UNSUBSCRIBE").size(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(server.requests("SUBSCRIBE").size(), 2, kWait);
    const QJsonObject unsubscribe = server.requests("UNSUBSCRIBE").constFirst();
    const QJsonObject subscribe = server.requests("SUBSCRIBE").at(1);
    QCOMPARE(BinanceTestServer::params(unsubscribe), QStringList({"btcusdt@ticker"}));
    QCOMPARE(BinanceTestServer::params(subscribe), QStringList({"solusdt@ticker"}));
    QCOMPARE(unsubscribe.value("id").toInteger(), 2);
    QCOMPARE(subscribe.value("id").toInteger(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.messages, 3u, kWait); // three acks
    QCOMPARE(server.subscribedStreams(), QStringList({"ethusdt@ticker", "solusdt@ticker"}));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(c->status().counters.connects, 1u);
    QCOMPARE(c->state(), FeedState::Live);

    QCOMPARE(server.sendTicker("BTCUSDT", 43000.5, kEventMs), 0);
    QCOMPARE(server.sendTicker("SOLUSDT", 101.25, kEventMs), 1);
    QTRY_COMPARE_WITH_TIMEOUT(log.symbols(), QStringList({"SOLUSDT"}), kWait);
    QCOMPARE(valueOf(log.updates.constFirst(), data::fields::kPrice), 101.25);
}

QTEST_GUILESS_MAIN(TstBinanceFeed)
#include "tst_binancefeed.moc"
