#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedCodecOptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace feeddeck;

namespace {

codec::CodecOptions feedWith(const QString &protocol, const QJsonObject &options = {})
{
    codec::CodecOptions feed;
    feed.feedId = QStringLiteral("crypto");
    feed.protocol = protocol;
    feed.options = options;
    if (protocol == QLatin1String("json")) // the smallest valid mapping
        feed.mapping = QJsonObject{{QStringLiteral("key"), QJsonArray{QStringLiteral("sku")}},
                                   {QStringLiteral("fields"), QJsonArray{QStringLiteral("on_hand")}}};
    return feed;
}

// A nats feed as the workspace configures it: its credentials may name environment variables.
codec::CodecOptions configuredNatsFeed(const QJsonObject &options)
{
    workspace::FeedConfig config;
    config.id = QStringLiteral("crypto");
    config.protocol = QStringLiteral("nats");
    config.options = options;
    return feed::codecOptions(config);
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
    void everyProtocolIsDescribedOnceWithAStarter();
    void protocolNamedFindsOnlyKnownProtocols();
    void descriptionDefaultsAreWhatTheCodecUses();
    void descriptionProblemsNameTheSettingsPath();
    void everyStarterPassesItsOwnChecks();
    void binanceReadsStreamsAndRefusesUnknownOnes();
    void jsonMappingProblemsNameTheirPath();
    void everyKnownProtocolMakesItsCodec();
    void coinbaseDefaultsToTickerAndHeartbeat();
    void coinbaseReadsChannelsFromOptions();
    void unknownProtocolGivesNoCodecAndSaysWhy();
    void unusableChannelsGiveNoCodecAndSayWhy_data();
    void unusableChannelsGiveNoCodecAndSayWhy();
    void errorPointerMayBeNull();
    void natsCredentialsComeFromOptionsAndTheEnvironment();
    void natsCredentialsThatCannotBeUsedSayWhy();
    void natsHistoryIsOnUnlessTurnedOff();
    void symbolLongerThanMaxSymbolBytesIsABadMessage_data();
    void symbolLongerThanMaxSymbolBytesIsABadMessage();
};

void TstCodecRegistry::everyProtocolIsDescribedOnceWithAStarter()
{
    QStringList names;
    for (const codec::ProtocolDescription &protocol : codec::protocols()) {
        QVERIFY2(!names.contains(protocol.name), qPrintable(protocol.name));
        names.append(protocol.name);
        QVERIFY(!protocol.displayName.isEmpty());
        QVERIFY(!protocol.starter.name.isEmpty());
        QVERIFY(QUrl(protocol.starter.url).isValid());
        QVERIFY(protocol.validate);
    }
    QCOMPARE(names, codec::knownProtocols());
    QCOMPARE(codec::protocolNamed("coinbase")->starter.url, QStringLiteral("wss://ws-feed.exchange.coinbase.com"));
    QCOMPARE(codec::protocolNamed("binance")->starter.url, QStringLiteral("wss://stream.binance.com:9443/ws"));
    QCOMPARE(codec::protocolNamed("nats")->starter.symbols, QStringList{"feeddeck.>"});
}

void TstCodecRegistry::protocolNamedFindsOnlyKnownProtocols()
{
    QCOMPARE(codec::protocolNamed("binance")->name, QStringLiteral("binance"));
    QCOMPARE(codec::protocolNamed("kraken"), nullptr);
    QCOMPARE(codec::protocolNamed({}), nullptr);
}

void TstCodecRegistry::descriptionDefaultsAreWhatTheCodecUses()
{
    const codec::ProtocolDescription &coinbase = *codec::protocolNamed("coinbase");
    const auto made = codec::makeCodec(feedWith("coinbase"), nullptr);
    QCOMPARE(channelsSentBy(*made), coinbase.defaultValue("channels").toArray());
    QCOMPARE(coinbase.allowedValues("channels"), QStringList({"ticker", "heartbeat", "level2", "matches", "status"}));
    QCOMPARE(codec::protocolNamed("binance")->allowedValues("streams"), QStringList({"ticker", "bookTicker", "trade"}));
    QCOMPARE(codec::protocolNamed("binance")->defaultValue("streams").toArray(), QJsonArray{"ticker"});
    QCOMPARE(codec::protocolNamed("nats")->defaultValue("history"), QJsonValue(true));
    QVERIFY(coinbase.defaultValue("streams").isUndefined());
    QVERIFY(coinbase.allowedValues("streams").isEmpty());
}

void TstCodecRegistry::descriptionProblemsNameTheSettingsPath()
{
    const auto problemsOf = [](const QString &protocol, const codec::ProtocolSettings &settings) {
        return codec::protocolNamed(protocol)->validate(settings);
    };
    codec::ProtocolProblems problems =
        problemsOf("coinbase", {.options = {{"channels", QJsonArray{"ticker", "full"}}}, .mapping = {}, .url = {},
                                .symbols = {}});
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.at(0).path, QStringLiteral("options.channels[1]"));
    QCOMPARE(problems.at(0).message,
             QStringLiteral(R"("full" is not a Coinbase channel FeedDeck reads; use one of: ticker, heartbeat, level2, )"
                            "matches, status"));
    problems = problemsOf("nats", {.options = {{"history", "yes"}}, .mapping = {}, .url = QUrl("http://h"),
                                   .symbols = {"feeddeck.>", "a..b"}});
    QCOMPARE(problems.size(), 3);
    QCOMPARE(problems.at(0).path, QStringLiteral("url"));
    QCOMPARE(problems.at(1).path, QStringLiteral("symbols[1]"));
    QCOMPARE(problems.at(2).path, QStringLiteral("options.history"));
    problems = problemsOf("json", {.options = {}, .mapping = QJsonObject{{"fields", QJsonArray{"v"}}}, .url = {},
                                   .symbols = {}});
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.at(0).path.startsWith("json"), qPrintable(problems.at(0).path));
    problems = problemsOf("json", {.options = {}, .mapping = QJsonValue(QJsonValue::Undefined), .url = {}, .symbols = {}});
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.at(0).path, QStringLiteral("json"));
}

void TstCodecRegistry::everyStarterPassesItsOwnChecks()
{
    for (const codec::ProtocolDescription &protocol : codec::protocols()) {
        const codec::ProtocolSettings settings{
            .options = protocol.starter.options,
            .mapping = protocol.starter.mapping.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                          : QJsonValue(protocol.starter.mapping),
            .url = QUrl(protocol.starter.url),
            .symbols = protocol.starter.symbols};
        QVERIFY2(protocol.validate(settings).isEmpty(), qPrintable(protocol.name));
        codec::CodecOptions options = feedWith(protocol.name, protocol.starter.options);
        if (!protocol.starter.mapping.isEmpty())
            options.mapping = protocol.starter.mapping;
        QString error;
        QVERIFY2(codec::makeCodec(options, &error), qPrintable(protocol.name + ": " + error));
    }
}

void TstCodecRegistry::knownProtocolsListsEveryCodecOfThisBuild()
{
    QCOMPARE(codec::knownProtocols(), QStringList({"coinbase", "binance", "json", "nats"}));
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
    codec::CodecOptions feed = feedWith(QStringLiteral("json"));
    feed.mapping.insert(QStringLiteral("key"), QJsonArray{});
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

void TstCodecRegistry::natsCredentialsComeFromOptionsAndTheEnvironment()
{
    qputenv("FEEDDECK_TEST_NATS_PASSWORD", "s3cret");
    QString error;
    const std::unique_ptr<codec::FeedCodec> made = codec::makeCodec(
        configuredNatsFeed({{QStringLiteral("user"), QStringLiteral("desk")},
                            {QStringLiteral("password"), QStringLiteral("${env:FEEDDECK_TEST_NATS_PASSWORD}")}}),
        &error);
    qunsetenv("FEEDDECK_TEST_NATS_PASSWORD");
    QVERIFY2(made, qPrintable(error));
    const QByteArray sent = made->subscribeMessages({QStringLiteral("feeddeck.>")}).value(0);
    QVERIFY2(sent.startsWith("CONNECT {"), sent.constData());
    const QByteArray json = sent.mid(8, sent.indexOf("\r\n") - 8);
    const QJsonObject connect = QJsonDocument::fromJson(json).object();
    QCOMPARE(connect.value(QLatin1String("user")).toString(), QStringLiteral("desk"));
    QCOMPARE(connect.value(QLatin1String("pass")).toString(), QStringLiteral("s3cret"));
    QVERIFY(!connect.contains(QLatin1String("auth_token")));
}

void TstCodecRegistry::natsCredentialsThatCannotBeUsedSayWhy()
{
    QString error;
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("nats"), {{QStringLiteral("token"), 42}}), &error));
    QCOMPARE(error, QStringLiteral("options.token must be a string"));
    qunsetenv("FEEDDECK_TEST_NATS_MISSING");
    QVERIFY(!codec::makeCodec(
        configuredNatsFeed({{QStringLiteral("token"), QStringLiteral("${env:FEEDDECK_TEST_NATS_MISSING}")}}), &error));
    QVERIFY2(error.startsWith(QStringLiteral("options.token uses ${env:FEEDDECK_TEST_NATS_MISSING}, which is not set")),
             qPrintable(error));
}

void TstCodecRegistry::natsHistoryIsOnUnlessTurnedOff()
{
    QString error;
    auto codec = codec::makeCodec(feedWith(QStringLiteral("nats"), {}), &error);
    QVERIFY2(codec, qPrintable(error));
    QVERIFY(codec->subscribeMessages({QStringLiteral("feeddeck.>")}).value(0).contains("$JS.API.STREAM.NAMES"));
    codec = codec::makeCodec(feedWith(QStringLiteral("nats"), {{QStringLiteral("history"), false}}), &error);
    QVERIFY2(codec, qPrintable(error));
    QVERIFY(!codec->subscribeMessages({QStringLiteral("feeddeck.>")}).value(0).contains("$JS.API"));
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("nats"), {{QStringLiteral("history"), QStringLiteral("1h")}}), &error));
    QCOMPARE(error, QStringLiteral("options.history must be true or false"));
}

void TstCodecRegistry::unknownProtocolGivesNoCodecAndSaysWhy()
{
    QString error;
    QVERIFY(!codec::makeCodec(feedWith(QStringLiteral("fix44")), &error));
    QCOMPARE(error, QStringLiteral("unknown protocol \"fix44\" (supported: coinbase, binance, json, nats)"));

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

void TstCodecRegistry::symbolLongerThanMaxSymbolBytesIsABadMessage_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QByteArray>("fits");    // a symbol of exactly max_symbol_bytes (8)
    QTest::addColumn<QString>("symbol");     // as the row shows it
    QTest::addColumn<QByteArray>("tooLong"); // one byte more
    QTest::addColumn<QString>("detail");

    QTest::newRow("coinbase product id")
        << "coinbase" << QByteArray(R"({"type":"ticker","product_id":"ABCD-EFG","price":"1.5"})") << "ABCD-EFG"
        << QByteArray(R"({"type":"ticker","product_id":"ABCD-EFGH","price":"1.5"})")
        << R"(field "product_id": expected a product id of at most 8 bytes (max_symbol_bytes), got "ABCD-EFGH")";
    QTest::newRow("binance symbol")
        << "binance" << QByteArray(R"({"u":1,"s":"ABCDEFGH","b":"1","B":"2","a":"3","A":"4"})") << "ABCDEFGH"
        << QByteArray(R"({"u":1,"s":"ABCDEFGHI","b":"1","B":"2","a":"3","A":"4"})")
        << R"(field "s": expected a symbol of at most 8 bytes (max_symbol_bytes), got "ABCDEFGHI"; frame: )"
           R"({"u":1,"s":"ABCDEFGHI","b":"1","B":"2","a":"3","A":"4"})";
    // Each part of a JSON mapping key on its own; the joined key may be longer.
    QTest::newRow("json mapping key part")
        << "json" << QByteArray(R"({"sku":"SKU-1001","on_hand":5})") << "SKU-1001"
        << QByteArray(R"({"sku":"SKU-10001","on_hand":5})")
        << R"(key field "sku": expected a key of at most 8 bytes (max_symbol_bytes), got "SKU-10001")";
    QTest::newRow("json mapping integer key part")
        << "json" << QByteArray(R"({"sku":12345678,"on_hand":5})") << "12345678"
        << QByteArray(R"({"sku":123456789,"on_hand":5})")
        << R"(key field "sku": expected a key of at most 8 bytes (max_symbol_bytes), got 123456789)";
}

void TstCodecRegistry::symbolLongerThanMaxSymbolBytesIsABadMessage()
{
    QFETCH(QString, protocol);
    QFETCH(QByteArray, fits);
    QFETCH(QString, symbol);
    QFETCH(QByteArray, tooLong);
    QFETCH(QString, detail);

    codec::CodecOptions feed = feedWith(protocol);
    feed.maxSymbolBytes = 8;
    QString error;
    const std::unique_ptr<codec::FeedCodec> made = codec::makeCodec(feed, &error);
    QVERIFY2(made, qPrintable(error));
    QCOMPARE(made->maxSymbolBytes(), std::size_t(8));

    const codec::DecodeResult ok = made->decode(fits, 1000);
    QCOMPARE(ok.kind, codec::FrameKind::Data);
    QCOMPARE(ok.updates.size(), 1);
    QCOMPARE(ok.updates.first().symbol, symbol);

    const codec::DecodeResult bad = made->decode(tooLong, 1000);
    QCOMPARE(bad.kind, codec::FrameKind::Bad);
    QVERIFY(bad.updates.isEmpty());
    QCOMPARE(bad.issues.size(), 1);
    QCOMPARE(bad.issues.first().kind, codec::IssueKind::WrongType);
    QCOMPARE(bad.issues.first().detail, detail);

    // The same frame is a row for a feed with the default bound (128 bytes).
    const std::unique_ptr<codec::FeedCodec> plain = codec::makeCodec(feedWith(protocol), &error);
    QVERIFY2(plain, qPrintable(error));
    QCOMPARE(plain->decode(tooLong, 1000).kind, codec::FrameKind::Data);
}

QTEST_APPLESS_MAIN(TstCodecRegistry)

#include "tst_codecregistry.moc"
