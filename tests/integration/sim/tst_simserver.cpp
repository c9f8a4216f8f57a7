#include "SimTestClient.h"

#include "core/sim/InventoryStock.h"
#include "core/sim/MarketInstrument.h"
#include "core/sim/SimServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <memory>

using feeddeck::sim::SimOptions;
using feeddeck::sim::SimServer;

namespace {

constexpr double kTestRateHz = 50.0; // fast enough for quick tests, slow enough to read every message
constexpr int kWaitMs = 5000;

std::unique_ptr<SimServer> startServer(double rate = kTestRateHz, quint64 seed = 42)
{
    SimOptions options;
    options.ratePerSymbolHz = rate;
    options.seed = seed;
    auto server = std::make_unique<SimServer>(options);
    QString error;
    if (!server->listen(&error)) {
        qWarning("cannot start the simulator: %s", qUtf8Printable(error));
        return nullptr;
    }
    return server;
}

QJsonObject marketRequest(const QString &type, const QStringList &products, const QStringList &channels)
{
    QJsonObject request{{QStringLiteral("type"), type},
                        {QStringLiteral("product_ids"), QJsonArray::fromStringList(products)}};
    if (!channels.isEmpty())
        request.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
    return request;
}

QJsonObject inventoryRequest(const QString &type, const QStringList &skus)
{
    return {{QStringLiteral("type"), type}, {QStringLiteral("skus"), QJsonArray::fromStringList(skus)}};
}

QStringList texts(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

// channel name -> product ids of a "subscriptions" message.
QHash<QString, QStringList> channelsOf(const QJsonObject &subscriptions)
{
    QHash<QString, QStringList> channels;
    for (const QJsonValue &channel : subscriptions.value(QStringLiteral("channels")).toArray())
        channels.insert(channel[QStringLiteral("name")].toString(), texts(channel[QStringLiteral("product_ids")]));
    return channels;
}

QStringList keysInOrder(const QString &json)
{
    static const QRegularExpression key(QStringLiteral("\"([a-z0-9_]+)\":"));
    QStringList keys;
    for (const QRegularExpressionMatch &match : key.globalMatch(json))
        keys.append(match.captured(1));
    return keys;
}

// A decimal number sent as a string, the way the venue sends it: digits, a point, digits.
bool isDecimalText(const QJsonValue &value, double *number = nullptr)
{
    static const QRegularExpression decimal(QStringLiteral("^[0-9]+(\\.[0-9]+)?$"));
    if (!value.isString() || !decimal.match(value.toString()).hasMatch())
        return false;
    bool ok = false;
    const double parsed = value.toString().toDouble(&ok);
    if (number)
        *number = parsed;
    return ok;
}

bool isWholeNumber(const QJsonValue &value)
{
    return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
}

QSet<QString> symbolsOf(const QList<QJsonObject> &messages, const QString &key)
{
    QSet<QString> symbols;
    for (const QJsonObject &message : messages)
        symbols.insert(message.value(key).toString());
    return symbols;
}

} // namespace

class TstSimServer : public QObject
{
    Q_OBJECT

private slots:
    void marketCatalogHasTheRequiredInstruments();
    void listenRejectsAnInvalidRate_data();
    void listenRejectsAnInvalidRate();
    void listenReportsABusyPort();
    void urlNamesTheLoopbackAddressAndPath();

    void marketSubscribeIsAcknowledgedWithTheWholeSet();
    void marketTickersCarryEveryFieldInTheVenueFormat_data();
    void marketTickersCarryEveryFieldInTheVenueFormat();
    void marketTickersComeOnlyForSubscribedProducts();
    void channelObjectsCarryTheirOwnProducts();
    void unknownProductRefusesTheWholeRequest();
    void unsubscribeStopsAProduct_data();
    void unsubscribeStopsAProduct();
    void heartbeatsArriveEverySecondForEachProduct();
    void badRequestsAreAnsweredWithAnErrorAndTheConnectionStaysUsable_data();
    void badRequestsAreAnsweredWithAnErrorAndTheConnectionStaysUsable();

    void inventorySubscribeStreamsConsistentLevels();
    void inventoryUnknownSkuIsReportedButKnownOnesSubscribe();
    void inventoryUnsubscribeStopsASku();
    void inventoryHeartbeatsArriveWithoutASubscription();

    void otherPathsAreClosedWithPolicyViolation_data();
    void otherPathsAreClosedWithPolicyViolation();
    void twoClientsAreIndependent();
    void sameSeedReproducesTheWalk();
    void closeDisconnectsEveryClient();
    void slowClientGetsTicksSkippedInsteadOfBuffered();
    void serverCreatedOnAWorkerThreadServesClients();
};

void TstSimServer::marketCatalogHasTheRequiredInstruments()
{
    QStringList products;
    for (const auto &spec : feeddeck::sim::marketCatalog())
        products.append(spec.productId);
    for (const char *required : {"BTC-USD", "ETH-USD", "SOL-USD", "LTC-USD", "AAPL", "MSFT", "NVDA", "EUR-USD"})
        QVERIFY2(products.contains(QLatin1String(required)), required);
}

void TstSimServer::listenRejectsAnInvalidRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::newRow("negative") << -1.0;
    QTest::newRow("not a number") << std::nan("");
    QTest::newRow("infinite") << HUGE_VAL;
    QTest::newRow("absurdly high") << 1e9;
}

void TstSimServer::listenRejectsAnInvalidRate()
{
    QFETCH(double, rate);
    SimOptions options;
    options.ratePerSymbolHz = rate;
    SimServer server(options);
    QString error;
    QVERIFY(!server.listen(&error));
    QVERIFY(error.contains(QStringLiteral("rate")));
    QVERIFY(!server.isListening());
    QCOMPARE(server.port(), quint16(0));
}

void TstSimServer::listenReportsABusyPort()
{
    auto first = startServer();
    QVERIFY(first);
    SimOptions options;
    options.port = first->port();
    SimServer second(options);
    QString error;
    QVERIFY(!second.listen(&error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!second.listen(nullptr)); // no error text wanted: still no crash
}

void TstSimServer::urlNamesTheLoopbackAddressAndPath()
{
    auto server = startServer();
    QVERIFY(server);
    QVERIFY(server->port() > 0);
    const QString base = QStringLiteral("ws://127.0.0.1:%1").arg(server->port());
    QCOMPARE(server->url(QStringLiteral("/market")).toString(), base + QStringLiteral("/market"));
    QCOMPARE(server->url(QStringLiteral("inventory")).toString(), base + QStringLiteral("/inventory"));
    QCOMPARE(server->url(QString()).toString(), base);
    server->close();
    QVERIFY(server->url(QStringLiteral("/market")).isEmpty());
}

void TstSimServer::marketSubscribeIsAcknowledgedWithTheWholeSet()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));

    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")},
                              {QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
    QTRY_VERIFY_WITH_TIMEOUT(!client.messages.isEmpty(), kWaitMs);
    const QJsonObject first = client.messages.constFirst().json;
    QCOMPARE(first.value(QStringLiteral("type")).toString(), QStringLiteral("subscriptions"));
    QHash<QString, QStringList> channels = channelsOf(first);
    QCOMPARE(channels.size(), 2);
    QCOMPARE(channels.value(QStringLiteral("ticker")), (QStringList{"BTC-USD", "ETH-USD"}));
    QCOMPARE(channels.value(QStringLiteral("heartbeat")), (QStringList{"BTC-USD", "ETH-USD"}));

    // A second request adds to the set; the reply lists all of it.
    const qsizetype before = client.messages.size();
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("SOL-USD")}, {QStringLiteral("ticker")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.indexOf(QStringLiteral("subscriptions"), before) >= 0, kWaitMs);
    channels = channelsOf(client.messages.at(client.indexOf(QStringLiteral("subscriptions"), before)).json);
    QCOMPARE(channels.value(QStringLiteral("ticker")), (QStringList{"BTC-USD", "ETH-USD", "SOL-USD"}));
    QCOMPARE(channels.value(QStringLiteral("heartbeat")), (QStringList{"BTC-USD", "ETH-USD"}));
    QCOMPARE(client.unparsable, 0);
}

void TstSimServer::marketTickersCarryEveryFieldInTheVenueFormat_data()
{
    QTest::addColumn<QString>("product");
    QTest::addColumn<int>("priceDecimals");
    for (const auto &spec : feeddeck::sim::marketCatalog())
        QTest::newRow(qPrintable(spec.productId)) << spec.productId << spec.priceDecimals;
}

void TstSimServer::marketTickersCarryEveryFieldInTheVenueFormat()
{
    QFETCH(QString, product);
    QFETCH(int, priceDecimals);
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    client.send(marketRequest(QStringLiteral("subscribe"), {product}, {QStringLiteral("ticker")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 12, kWaitMs);
    QCOMPARE(client.unparsable, 0);

    static const QStringList kTickerKeys = {
        "type",     "sequence",      "product_id", "price",         "open_24h", "volume_24h",
        "low_24h",  "high_24h",      "volume_30d", "best_bid",      "best_bid_size",
        "best_ask", "best_ask_size", "side",       "time",          "trade_id", "last_size"};
    static const QRegularExpression kTime(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$"));
    const QDateTime now = QDateTime::currentDateTimeUtc();

    double lastSequence = -1;
    double lastTradeId = -1;
    double lastVolume = -1;
    for (const SimTestClient::Message &message : std::as_const(client.messages)) {
        const QJsonObject &t = message.json;
        if (t.value(QStringLiteral("type")).toString() != QStringLiteral("ticker"))
            continue;
        QCOMPARE(keysInOrder(message.text), kTickerKeys);
        QCOMPARE(t.value(QStringLiteral("product_id")).toString(), product);

        double price = 0, open = 0, low = 0, high = 0, bid = 0, ask = 0, bidSize = 0, askSize = 0, lastSize = 0,
               volume = 0, volume30d = 0;
        QVERIFY(isDecimalText(t[QStringLiteral("price")], &price));
        QVERIFY(isDecimalText(t[QStringLiteral("open_24h")], &open));
        QVERIFY(isDecimalText(t[QStringLiteral("low_24h")], &low));
        QVERIFY(isDecimalText(t[QStringLiteral("high_24h")], &high));
        QVERIFY(isDecimalText(t[QStringLiteral("best_bid")], &bid));
        QVERIFY(isDecimalText(t[QStringLiteral("best_ask")], &ask));
        QVERIFY(isDecimalText(t[QStringLiteral("best_bid_size")], &bidSize));
        QVERIFY(isDecimalText(t[QStringLiteral("best_ask_size")], &askSize));
        QVERIFY(isDecimalText(t[QStringLiteral("last_size")], &lastSize));
        QVERIFY(isDecimalText(t[QStringLiteral("volume_24h")], &volume));
        QVERIFY(isDecimalText(t[QStringLiteral("volume_30d")], &volume30d));

        // Prices carry exactly the tick size's decimals.
        const QString priceText = t[QStringLiteral("price")].toString();
        QCOMPARE(priceText.size() - priceText.indexOf(u'.') - 1, qsizetype(priceDecimals));

        QVERIFY2(bid < price && price < ask, qPrintable(message.text));
        QVERIFY2(low <= price && price <= high, qPrintable(message.text));
        QVERIFY2(low <= open && open <= high, qPrintable(message.text));
        QVERIFY(price > 0 && bidSize > 0 && askSize > 0 && lastSize > 0);
        QVERIFY(volume >= lastVolume);
        QVERIFY(volume30d >= volume);
        lastVolume = volume;

        QVERIFY(isWholeNumber(t[QStringLiteral("sequence")]));
        QVERIFY(isWholeNumber(t[QStringLiteral("trade_id")]));
        const double sequence = t[QStringLiteral("sequence")].toDouble();
        const double tradeId = t[QStringLiteral("trade_id")].toDouble();
        QVERIFY2(sequence > lastSequence, qPrintable(message.text));
        QVERIFY2(tradeId >= lastTradeId, qPrintable(message.text));
        lastSequence = sequence;
        lastTradeId = tradeId;

        const QString side = t[QStringLiteral("side")].toString();
        QVERIFY(side == QStringLiteral("buy") || side == QStringLiteral("sell"));

        const QString time = t[QStringLiteral("time")].toString();
        QVERIFY2(kTime.match(time).hasMatch(), qPrintable(time));
        const QDateTime stamp = QDateTime::fromString(time, Qt::ISODateWithMs);
        QVERIFY(stamp.isValid());
        QCOMPARE(stamp.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(stamp.secsTo(now)) < 60);
    }
}

void TstSimServer::marketTickersComeOnlyForSubscribedProducts()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD"), QStringLiteral("NVDA")},
                              {QStringLiteral("ticker")}));
    const QString key = QStringLiteral("product_id");
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("ticker", key, "BTC-USD").size() >= 30
                                 && client.ofType("ticker", key, "NVDA").size() >= 30,
                             kWaitMs);
    QCOMPARE(symbolsOf(client.ofType(QStringLiteral("ticker")), key), (QSet<QString>{"BTC-USD", "NVDA"}));
    // The heartbeat channel was not asked for.
    QCOMPARE(client.count(QStringLiteral("heartbeat")), 0);
    QCOMPARE(client.count(QStringLiteral("error")), 0);
}

void TstSimServer::channelObjectsCarryTheirOwnProducts()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    const QJsonObject request{
        {"type", "subscribe"},
        {"product_ids", QJsonArray{"ETH-USD"}},
        {"channels",
         QJsonArray{QJsonObject{{"name", "ticker"}, {"product_ids", QJsonArray{"AAPL"}}},
                    QJsonObject{{"name", "heartbeat"}, {"product_ids", QJsonArray{"MSFT", "EUR-USD"}}}}}};
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("subscriptions")) == 1, kWaitMs);
    const QHash<QString, QStringList> channels = channelsOf(client.ofType(QStringLiteral("subscriptions")).constFirst());
    QCOMPARE(channels.value(QStringLiteral("ticker")), QStringList{"AAPL"});
    QCOMPARE(channels.value(QStringLiteral("heartbeat")), (QStringList{"MSFT", "EUR-USD"}));

    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("heartbeat")) >= 2 && client.count("ticker") >= 5, kWaitMs);
    QCOMPARE(symbolsOf(client.ofType(QStringLiteral("ticker")), "product_id"), QSet<QString>{"AAPL"});
    QCOMPARE(symbolsOf(client.ofType(QStringLiteral("heartbeat")), "product_id"), (QSet<QString>{"MSFT", "EUR-USD"}));
}

void TstSimServer::unknownProductRefusesTheWholeRequest()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    client.send(marketRequest(QStringLiteral("subscribe"),
                              {QStringLiteral("BTC-USD"), QStringLiteral("FOO-USD"), QStringLiteral("BAR-USD")},
                              {QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
    QTRY_VERIFY_WITH_TIMEOUT(!client.messages.isEmpty(), kWaitMs);
    const QJsonObject error = client.messages.constFirst().json;
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Failed to subscribe"));
    QCOMPARE(error.value(QStringLiteral("reason")).toString(), QStringLiteral("FOO-USD is not a valid product"));

    // BTC-USD from the refused request was not subscribed: the next ack lists only ETH-USD.
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("ETH-USD")}, {QStringLiteral("ticker")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("subscriptions")) == 1, kWaitMs);
    const QHash<QString, QStringList> channels = channelsOf(client.ofType(QStringLiteral("subscriptions")).constFirst());
    QCOMPARE(channels.size(), 1);
    QCOMPARE(channels.value(QStringLiteral("ticker")), QStringList{"ETH-USD"});
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 40, kWaitMs);
    QCOMPARE(symbolsOf(client.ofType(QStringLiteral("ticker")), "product_id"), QSet<QString>{"ETH-USD"});
    QCOMPARE(client.count(QStringLiteral("error")), 1);
}

void TstSimServer::unsubscribeStopsAProduct_data()
{
    QTest::addColumn<QStringList>("unsubscribeChannels");
    QTest::newRow("named channel") << QStringList{"ticker"};
    QTest::newRow("every channel (none named)") << QStringList{};
}

void TstSimServer::unsubscribeStopsAProduct()
{
    QFETCH(QStringList, unsubscribeChannels);
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")},
                              {QStringLiteral("ticker")}));
    const QString key = QStringLiteral("product_id");
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("ticker", key, "BTC-USD").size() >= 3
                                 && client.ofType("ticker", key, "ETH-USD").size() >= 3,
                             kWaitMs);

    const qsizetype sent = client.messages.size();
    client.send(marketRequest(QStringLiteral("unsubscribe"), {QStringLiteral("ETH-USD")}, unsubscribeChannels));
    QTRY_VERIFY_WITH_TIMEOUT(client.indexOf(QStringLiteral("subscriptions"), sent) >= 0, kWaitMs);
    const qsizetype ack = client.indexOf(QStringLiteral("subscriptions"), sent);
    QCOMPARE(channelsOf(client.messages.at(ack).json).value(QStringLiteral("ticker")), QStringList{"BTC-USD"});

    // Messages arrive in order: nothing about ETH-USD follows the ack.
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("ticker", key, "BTC-USD", ack).size() >= 30, kWaitMs);
    QCOMPARE(client.ofType("ticker", key, "ETH-USD", ack).size(), 0);
}

void TstSimServer::heartbeatsArriveEverySecondForEachProduct()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/market"))));
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD"), QStringLiteral("LTC-USD")},
                              {QStringLiteral("heartbeat")}));
    const QString key = QStringLiteral("product_id");
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("heartbeat", key, "BTC-USD").size() >= 2
                                 && client.ofType("heartbeat", key, "LTC-USD").size() >= 2,
                             kWaitMs);
    QCOMPARE(client.count(QStringLiteral("ticker")), 0); // the ticker channel was not asked for

    static const QRegularExpression kTime(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$"));
    for (const SimTestClient::Message &message : std::as_const(client.messages)) {
        if (message.json.value(QStringLiteral("type")).toString() != QStringLiteral("heartbeat"))
            continue;
        QCOMPARE(keysInOrder(message.text), (QStringList{"type", "last_trade_id", "product_id", "sequence", "time"}));
        QVERIFY(isWholeNumber(message.json[QStringLiteral("last_trade_id")]));
        QVERIFY(isWholeNumber(message.json[QStringLiteral("sequence")]));
        QVERIFY(kTime.match(message.json[QStringLiteral("time")].toString()).hasMatch());
    }
    // Once a second, not faster.
    const QList<QJsonObject> btc = client.ofType("heartbeat", key, "BTC-USD");
    const QDateTime first = QDateTime::fromString(btc.at(0)[QStringLiteral("time")].toString(), Qt::ISODateWithMs);
    const QDateTime second = QDateTime::fromString(btc.at(1)[QStringLiteral("time")].toString(), Qt::ISODateWithMs);
    QVERIFY2(first.msecsTo(second) >= 900, qPrintable(QString::number(first.msecsTo(second))));
}

void TstSimServer::badRequestsAreAnsweredWithAnErrorAndTheConnectionStaysUsable_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("reasonPart");

    QTest::newRow("market: not JSON") << "/market" << "subscribe BTC-USD" << "Malformed JSON" << "";
    QTest::newRow("market: truncated") << "/market" << "{\"type\":\"subscribe\",\"product_ids\":[" << "Malformed JSON"
                                       << "";
    QTest::newRow("market: array") << "/market" << "[1,2]" << "Malformed JSON" << "object";
    QTest::newRow("market: unknown type") << "/market" << "{\"type\":\"hello\"}" << "Failed to subscribe" << "type";
    QTest::newRow("market: product_ids not an array")
        << "/market" << "{\"type\":\"subscribe\",\"product_ids\":\"BTC-USD\",\"channels\":[\"ticker\"]}"
        << "Failed to subscribe" << "product_ids";
    QTest::newRow("market: product id not a string")
        << "/market" << "{\"type\":\"subscribe\",\"product_ids\":[7],\"channels\":[\"ticker\"]}"
        << "Failed to subscribe" << "product_ids";
    QTest::newRow("market: no channels") << "/market" << "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"]}"
                                         << "Failed to subscribe" << "channels";
    QTest::newRow("market: unknown channel")
        << "/market" << "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"level2\"]}"
        << "Failed to subscribe" << "level2 is not a valid channel";
    QTest::newRow("market: channel without products")
        << "/market" << "{\"type\":\"subscribe\",\"channels\":[\"ticker\"]}" << "Failed to subscribe"
        << "product_ids";
    QTest::newRow("market: channel of a wrong kind")
        << "/market" << "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[null]}"
        << "Failed to subscribe" << "channel";
    QTest::newRow("inventory: not JSON") << "/inventory" << "\x01\x02" << "malformed json" << "";
    QTest::newRow("inventory: skus not an array")
        << "/inventory" << "{\"type\":\"subscribe\",\"skus\":\"SKU-1001\"}" << "invalid request" << "skus";
    QTest::newRow("inventory: unknown type") << "/inventory" << "{\"type\":\"restock\",\"skus\":[]}"
                                             << "invalid request" << "type";
}

void TstSimServer::badRequestsAreAnsweredWithAnErrorAndTheConnectionStaysUsable()
{
    QFETCH(QString, path);
    QFETCH(QString, request);
    QFETCH(QString, message);
    QFETCH(QString, reasonPart);
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(path)));
    client.socket.sendTextMessage(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("error")) == 1, kWaitMs);
    const QJsonObject error = client.ofType(QStringLiteral("error")).constFirst();
    QCOMPARE(error.value(QStringLiteral("message")).toString(), message);
    QVERIFY(!error.value(QStringLiteral("reason")).toString().isEmpty());
    QVERIFY2(error.value(QStringLiteral("reason")).toString().contains(reasonPart),
             qPrintable(error.value(QStringLiteral("reason")).toString()));

    // The bad request changed nothing and the connection still serves a good one.
    if (path == QStringLiteral("/market")) {
        client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD")}, {QStringLiteral("ticker")}));
        QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("subscriptions")) == 1, kWaitMs);
        QCOMPARE(channelsOf(client.ofType(QStringLiteral("subscriptions")).constFirst()).value(QStringLiteral("ticker")),
                 QStringList{"BTC-USD"});
        QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 1, kWaitMs);
    } else {
        client.send(inventoryRequest(QStringLiteral("subscribe"), {QStringLiteral("SKU-1001")}));
        QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("subscribed")) == 1, kWaitMs);
        QCOMPARE(texts(client.ofType(QStringLiteral("subscribed")).constFirst()[QStringLiteral("skus")]),
                 QStringList{"SKU-1001"});
    }
    QCOMPARE(client.count(QStringLiteral("error")), 1);
    QCOMPARE(client.unparsable, 0);
}

void TstSimServer::inventorySubscribeStreamsConsistentLevels()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/inventory"))));
    const QStringList skus = {QStringLiteral("SKU-1001"), QStringLiteral("SKU-1008")};
    client.send(inventoryRequest(QStringLiteral("subscribe"), skus));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("inventory")) >= 60, kWaitMs);
    QCOMPARE(client.unparsable, 0);

    const QJsonObject ack = client.messages.constFirst().json;
    QCOMPARE(ack.value(QStringLiteral("type")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(texts(ack[QStringLiteral("skus")]), skus);

    // Where each SKU is stocked, as declared.
    QSet<QString> declared;
    for (const auto &spec : feeddeck::sim::inventoryCatalog())
        if (skus.contains(spec.sku))
            for (const QString &warehouse : spec.warehouses)
                declared.insert(spec.sku + u'/' + warehouse);
    QCOMPARE(declared.size(), 5);

    static const QRegularExpression kTs(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"));
    QHash<QString, int> levels;
    QSet<QString> snapshot;
    int moves = 0;
    for (const SimTestClient::Message &message : std::as_const(client.messages)) {
        const QJsonObject &m = message.json;
        if (m.value(QStringLiteral("type")).toString() != QStringLiteral("inventory"))
            continue;
        QCOMPARE(keysInOrder(message.text), (QStringList{"type", "sku", "warehouse", "on_hand", "delta", "ts"}));
        const QString row = m[QStringLiteral("sku")].toString() + u'/' + m[QStringLiteral("warehouse")].toString();
        QVERIFY2(declared.contains(row), qPrintable(row));
        QVERIFY(isWholeNumber(m[QStringLiteral("on_hand")]));
        QVERIFY(isWholeNumber(m[QStringLiteral("delta")]));
        const int onHand = m[QStringLiteral("on_hand")].toInt();
        const int delta = m[QStringLiteral("delta")].toInt();
        QVERIFY2(onHand >= 0, qPrintable(message.text));
        QVERIFY(kTs.match(m[QStringLiteral("ts")].toString()).hasMatch());

        if (!levels.contains(row)) {
            // The first message of each row is its current level.
            QCOMPARE(delta, 0);
            snapshot.insert(row);
        } else {
            QVERIFY(delta != 0);
            QCOMPARE(onHand, levels.value(row) + delta);
            ++moves;
        }
        levels.insert(row, onHand);
    }
    QCOMPARE(snapshot, declared);
    QVERIFY(moves >= 50);
}

void TstSimServer::inventoryUnknownSkuIsReportedButKnownOnesSubscribe()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/inventory"))));
    client.send(inventoryRequest(QStringLiteral("subscribe"), {QStringLiteral("SKU-9999"), QStringLiteral("SKU-1003")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("subscribed")) == 1, kWaitMs);

    const QList<QJsonObject> errors = client.ofType(QStringLiteral("error"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.constFirst().value(QStringLiteral("message")).toString(), QStringLiteral("unknown sku"));
    QCOMPARE(errors.constFirst().value(QStringLiteral("sku")).toString(), QStringLiteral("SKU-9999"));
    QCOMPARE(texts(client.ofType(QStringLiteral("subscribed")).constFirst()[QStringLiteral("skus")]),
             QStringList{"SKU-1003"});

    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("inventory")) >= 20, kWaitMs);
    QCOMPARE(symbolsOf(client.ofType(QStringLiteral("inventory")), "sku"), QSet<QString>{"SKU-1003"});
}

void TstSimServer::inventoryUnsubscribeStopsASku()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/inventory"))));
    client.send(inventoryRequest(QStringLiteral("subscribe"), {QStringLiteral("SKU-1005"), QStringLiteral("SKU-1007")}));
    const QString key = QStringLiteral("sku");
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("inventory", key, "SKU-1005").size() >= 3
                                 && client.ofType("inventory", key, "SKU-1007").size() >= 3,
                             kWaitMs);
    const qsizetype sent = client.messages.size();
    client.send(inventoryRequest(QStringLiteral("unsubscribe"), {QStringLiteral("SKU-1005"), QStringLiteral("NOPE")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.indexOf(QStringLiteral("subscribed"), sent) >= 0, kWaitMs);
    const qsizetype ack = client.indexOf(QStringLiteral("subscribed"), sent);
    QCOMPARE(texts(client.messages.at(ack).json[QStringLiteral("skus")]), QStringList{"SKU-1007"});
    QTRY_VERIFY_WITH_TIMEOUT(client.ofType("inventory", key, "SKU-1007", ack).size() >= 25, kWaitMs);
    QCOMPARE(client.ofType("inventory", key, "SKU-1005", ack).size(), 0);
    QCOMPARE(client.count(QStringLiteral("error")), 0); // an unknown SKU in an unsubscribe is ignored
}

void TstSimServer::inventoryHeartbeatsArriveWithoutASubscription()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QVERIFY(client.open(server->url(QStringLiteral("/inventory"))));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("heartbeat")) >= 2, kWaitMs);
    QCOMPARE(client.messages.size(), 2);
    static const QRegularExpression kTs(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"));
    for (const SimTestClient::Message &message : std::as_const(client.messages)) {
        QCOMPARE(keysInOrder(message.text), (QStringList{"type", "ts"}));
        QVERIFY(kTs.match(message.json[QStringLiteral("ts")].toString()).hasMatch());
    }
}

void TstSimServer::otherPathsAreClosedWithPolicyViolation_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("root") << "/";
    QTest::newRow("unknown") << "/feed";
    QTest::newRow("below market") << "/market/level2";
    QTest::newRow("prefix of a path") << "/inventoryx";
    QTest::newRow("wrong case") << "/Market";
}

void TstSimServer::otherPathsAreClosedWithPolicyViolation()
{
    QFETCH(QString, path);
    auto server = startServer();
    QVERIFY(server);
    SimTestClient client;
    QSignalSpy disconnected(&client.socket, &QWebSocket::disconnected);
    client.socket.open(server->url(path));
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.count() == 1, kWaitMs);
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY2(client.socket.closeReason().contains(QStringLiteral("unknown path")),
             qPrintable(client.socket.closeReason()));
    QCOMPARE(client.messages.size(), 0);
    QCOMPARE(server->connectionCount(), 0);
}

void TstSimServer::twoClientsAreIndependent()
{
    auto server = startServer();
    QVERIFY(server);
    QSignalSpy countChanged(server.get(), &SimServer::connectionCountChanged);
    SimTestClient a;
    SimTestClient b;
    QVERIFY(a.open(server->url(QStringLiteral("/market"))));
    QVERIFY(b.open(server->url(QStringLiteral("/market"))));
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 2, kWaitMs);

    a.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD")}, {QStringLiteral("ticker")}));
    b.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("ETH-USD")}, {QStringLiteral("ticker")}));
    QTRY_VERIFY_WITH_TIMEOUT(a.count(QStringLiteral("ticker")) >= 20 && b.count(QStringLiteral("ticker")) >= 20, kWaitMs);
    QCOMPARE(channelsOf(a.ofType(QStringLiteral("subscriptions")).constFirst()).value(QStringLiteral("ticker")),
             QStringList{"BTC-USD"});
    QCOMPARE(channelsOf(b.ofType(QStringLiteral("subscriptions")).constFirst()).value(QStringLiteral("ticker")),
             QStringList{"ETH-USD"});
    QCOMPARE(symbolsOf(a.ofType(QStringLiteral("ticker")), "product_id"), QSet<QString>{"BTC-USD"});
    QCOMPARE(symbolsOf(b.ofType(QStringLiteral("ticker")), "product_id"), QSet<QString>{"ETH-USD"});

    // One client leaving does not disturb the other.
    a.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, kWaitMs);
    QCOMPARE(countChanged.size(), 3);
    QCOMPARE(countChanged.last().at(0).toInt(), 1);
    const qsizetype seen = b.messages.size();
    QTRY_VERIFY_WITH_TIMEOUT(b.count(QStringLiteral("ticker"), seen) >= 10, kWaitMs);
    QCOMPARE(b.socket.state(), QAbstractSocket::ConnectedState);
}

void TstSimServer::sameSeedReproducesTheWalk()
{
    // Prices, sequences and trade ids depend only on the seed, not on timing.
    const auto firstTickers = [](quint64 seed, QList<QJsonObject> &tickers) {
        auto server = startServer(kTestRateHz, seed);
        QVERIFY(server);
        SimTestClient client;
        QVERIFY(client.open(server->url(QStringLiteral("/market"))));
        client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("BTC-USD")}, {QStringLiteral("ticker")}));
        QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 10, kWaitMs);
        tickers = client.ofType(QStringLiteral("ticker")).mid(0, 10);
        for (QJsonObject &ticker : tickers)
            ticker.remove(QStringLiteral("time"));
    };
    QList<QJsonObject> first, second, other;
    firstTickers(7, first);
    firstTickers(7, second);
    firstTickers(8, other);
    QCOMPARE(first.size(), 10);
    QCOMPARE(second, first);
    QCOMPARE(other.size(), 10);
    QVERIFY(other.constFirst()[QStringLiteral("price")] != first.constFirst()[QStringLiteral("price")]);
}

void TstSimServer::closeDisconnectsEveryClient()
{
    auto server = startServer();
    QVERIFY(server);
    SimTestClient market;
    SimTestClient inventory;
    QVERIFY(market.open(server->url(QStringLiteral("/market"))));
    QVERIFY(inventory.open(server->url(QStringLiteral("/inventory"))));
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 2, kWaitMs);

    server->close();
    QCOMPARE(server->connectionCount(), 0);
    QVERIFY(!server->isListening());
    QTRY_COMPARE_WITH_TIMEOUT(market.socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(inventory.socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
    QCOMPARE(market.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

void TstSimServer::slowClientGetsTicksSkippedInsteadOfBuffered()
{
    // A fast stream to a client that has stopped reading: once its unsent data passes the
    // limit the server skips its ticks instead of queueing without bound.
    auto server = startServer(5000.0);
    QVERIFY(server);
    QTcpSocket tcp;
    tcp.connectToHost(QHostAddress(QHostAddress::LocalHost), server->port());
    QVERIFY(tcp.waitForConnected(kWaitMs));
    tcp.write(QStringLiteral("GET /market HTTP/1.1\r\nHost: 127.0.0.1:%1\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n\r\n")
                  .arg(server->port())
                  .toLatin1());
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += tcp.readAll()).contains("\r\n\r\n"), kWaitMs);
    QVERIFY2(response.startsWith("HTTP/1.1 101"), response.constData());
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, kWaitMs);

    // From here on the client reads at most 1 KiB and never empties it.
    tcp.setReadBufferSize(1024);
    QStringList products;
    for (const auto &spec : feeddeck::sim::marketCatalog())
        products.append(spec.productId);
    const QByteArray payload = QJsonDocument(marketRequest(QStringLiteral("subscribe"), products, {"ticker"}))
                                   .toJson(QJsonDocument::Compact);
    QVERIFY(payload.size() > 125 && payload.size() < 65536);
    QByteArray frame;
    frame.append(char(0x81)); // FIN + text
    frame.append(char(0x80 | 126)); // masked, 16-bit length
    frame.append(char(payload.size() >> 8)).append(char(payload.size() & 0xFF));
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    tcp.write(frame);

    QTRY_VERIFY_WITH_TIMEOUT(server->skippedTicks() >= 10, 30000);
    QCOMPARE(server->connectionCount(), 1);

    // While the client stays stalled, what waits for it stays at the limit: ticks are
    // skipped, not queued. One tick's messages (~550 here) may go past the limit.
    constexpr qint64 kLimit = 4 * 1024 * 1024; // the documented limit per client
    const quint64 skippedBefore = server->skippedTicks();
    qint64 mostPending = 0;
    const auto stillSkipping = [&] {
        mostPending = std::max(mostPending, server->pendingBytes());
        return server->skippedTicks() >= skippedBefore + 50;
    };
    QTRY_VERIFY_WITH_TIMEOUT(stillSkipping(), 30000);
    QVERIFY2(mostPending > kLimit && mostPending < kLimit + 1024 * 1024, qPrintable(QString::number(mostPending)));

    tcp.abort();
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, kWaitMs);
    QVERIFY(server->skippedTicks() >= 10); // kept after the connection closed
}

void TstSimServer::serverCreatedOnAWorkerThreadServesClients()
{
    QThread thread;
    thread.setObjectName(QStringLiteral("SimServer-test"));
    thread.start();
    QObject context;
    context.moveToThread(&thread);
    // Also on an early return: the thread must not outlive this scope running.
    const auto stopThread = qScopeGuard([&thread] {
        thread.quit();
        thread.wait(5000);
    });

    SimServer *server = nullptr;
    QUrl url;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            SimOptions options;
            options.ratePerSymbolHz = kTestRateHz;
            server = new SimServer(options);
            if (server->listen(nullptr))
                url = server->url(QStringLiteral("/market"));
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(server);
    QCOMPARE(server->thread(), &thread);
    QVERIFY(url.isValid());

    SimTestClient client;
    QVERIFY(client.open(url));
    client.send(marketRequest(QStringLiteral("subscribe"), {QStringLiteral("MSFT")}, {QStringLiteral("ticker")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 10, kWaitMs);

    QMetaObject::invokeMethod(&context, [&] { delete server; }, Qt::BlockingQueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(client.socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
}

QTEST_GUILESS_MAIN(TstSimServer)
#include "tst_simserver.moc"
