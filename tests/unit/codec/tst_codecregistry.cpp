#include "core/codec/CodecRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace feeddeck;

namespace {

workspace::FeedConfig feedWith(const QString &protocol, const QJsonObject &options = {})
{
    workspace::FeedConfig feed;
    feed.id = QStringLiteral("crypto");
    feed.protocol = protocol;
    feed.options = options;
    if (protocol == QLatin1String("json")) // the smallest valid mapping
        feed.json = QJsonObject{{QStringLiteral("key"), QJsonArray{QStringLiteral("sku")}},
                                {QStringLiteral("fields"), QJsonArray{QStringLiteral("on_hand")}}};
    return feed;
}

QJsonArray channelsSentBy(codec::FeedCodec &codec)
{
    const QByteArray frame = codec.subscribeMessages({QStringLiteral("BTC-USD")}).value(0);
    return QJsonDocument::fromJson(frame).object().value(QLatin1String("channels")).toArray();
}

} // namespace

class TstCodecRegistry : public QObject
{
    Q_OBJECT

private slots:
    void knownProtocolsListsEveryCodecOfThisBuild();
    void binanceReadsStreamsAndRefusesUnknownOnes();
    void jsonMappingProblemsNameTheirPath();
    void everyKnownProtocolMakesItsCodec();
    void coinbaseDefaultsToTickerAndHeartbeat();
    void coinbaseReadsChannelsFromOptions();
    void unknownProtocolGivesNoCodecAndSaysWhy();
    void unusableChannelsGiveNoCodecAndSayWhy_data();
    void unusableChannelsGiveNoCodecAndSayWhy();
    void errorPointerMayBeNull();
};

void TstCodecRegistry::knownProtocolsListsEveryCodecOfThisBuild()
{
    QCOMPARE(codec::knownProtocols(), QStringList({"coinbase", "binance", "json"}));
}

void TstCodecRegistry::binanceReadsStreamsAndRefusesUnknownOnes()
{
    QString error;
    auto made = codec::makeCodec(
        feedWith(QStringLiteral("binance"), {{QStringLiteral("streams"), QJsonArray{"bookTicker", "trade"}}}), &error);
    QVERIFY2(made, qPrintable(error));
    const QByteArray frame = made->subscribeMessages({QStringLiteral("BTCUSDT")}).value(0);
    const QJsonArray params = QJsonDocument::fromJson(frame).object().value(QLatin1String("params")).toArray();
    QCOMPARE(params, QJsonArray({"btcusdt@bookTicker", "btcusdt@trade"}));

    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("binance"), {{QStringLiteral("streams"), QJsonArray{"depth"}}}), &error));
    QVERIFY2(error.contains(QStringLiteral("depth")) && error.contains(QStringLiteral("options.streams")), qPrintable(error));
}

void TstCodecRegistry::jsonMappingProblemsNameTheirPath()
{
    workspace::FeedConfig feed = feedWith(QStringLiteral("json"));
    feed.json.insert(QStringLiteral("key"), QJsonArray{});
    QString error;
    QVERIFY(!codec::makeCodec(feed, &error));
    QVERIFY2(error.startsWith(QStringLiteral("json.key")), qPrintable(error));
}

void TstCodecRegistry::everyKnownProtocolMakesItsCodec()
{
    for (const QString &protocol : codec::knownProtocols()) {
        QString error;
        const std::unique_ptr<codec::FeedCodec> made = codec::makeCodec(feedWith(protocol), &error);
        QVERIFY2(made, qPrintable(error));
        QCOMPARE(made->protocol(), protocol);
        QVERIFY(error.isEmpty());
    }
}

void TstCodecRegistry::coinbaseDefaultsToTickerAndHeartbeat()
{
    QString error;
    const std::unique_ptr<codec::FeedCodec> made = codec::makeCodec(feedWith(QStringLiteral("coinbase")), &error);
    QVERIFY(made);
    QCOMPARE(channelsSentBy(*made), QJsonArray({QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
}

void TstCodecRegistry::coinbaseReadsChannelsFromOptions()
{
    const QJsonObject options{
        {QStringLiteral("channels"), QJsonArray{QStringLiteral("ticker"), QStringLiteral("status")}}};
    QString error;
    const std::unique_ptr<codec::FeedCodec> made =
        codec::makeCodec(feedWith(QStringLiteral("coinbase"), options), &error);
    QVERIFY2(made, qPrintable(error));
    QCOMPARE(channelsSentBy(*made), QJsonArray({QStringLiteral("ticker"), QStringLiteral("status")}));
}

void TstCodecRegistry::unknownProtocolGivesNoCodecAndSaysWhy()
{
    QString error;
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("fix44")), &error));
    QCOMPARE(error, QStringLiteral("unknown protocol \"fix44\" (supported: coinbase, binance, json)"));

    error.clear();
    QVERIFY(!codec::makeCodec(feedWith(QString()), &error));
    QVERIFY(!error.isEmpty());
}

void TstCodecRegistry::unusableChannelsGiveNoCodecAndSayWhy_data()
{
    QTest::addColumn<QJsonValue>("channels");
    QTest::addColumn<QString>("path");

    QTest::newRow("a string") << QJsonValue(QStringLiteral("ticker")) << QStringLiteral("options.channels");
    QTest::newRow("an object") << QJsonValue(QJsonObject{{QStringLiteral("name"), QStringLiteral("ticker")}})
                               << QStringLiteral("options.channels");
    QTest::newRow("a number inside") << QJsonValue(QJsonArray{QStringLiteral("ticker"), 5})
                                     << QStringLiteral("options.channels[1]");
    QTest::newRow("an empty name inside") << QJsonValue(QJsonArray{QString()}) << QStringLiteral("options.channels[0]");
}

void TstCodecRegistry::unusableChannelsGiveNoCodecAndSayWhy()
{
    QFETCH(QJsonValue, channels);
    QFETCH(QString, path);
    QString error;
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("coinbase"), {{QStringLiteral("channels"), channels}}), &error));
    QVERIFY2(error.contains(path), qPrintable(error));
}

void TstCodecRegistry::errorPointerMayBeNull()
{
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("nope")), nullptr));
    QVERIFY(codec::makeCodec(feedWith(QStringLiteral("coinbase")), nullptr));
}

QTEST_APPLESS_MAIN(TstCodecRegistry)

#include "tst_codecregistry.moc"
