#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace feeddeck::workspace;

namespace {

const QStringList kProtocols = {QStringLiteral("coinbase"), QStringLiteral("binance"), QStringLiteral("json"),
                                QStringLiteral("nats")};

Workspace load(const QString &name)
{
    QFile file(QStringLiteral(FEEDDECK_TEST_DATA_DIR "/workspace/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    ParseResult result = parseWorkspace(file.readAll(), name, kProtocols);
    if (!result.workspace)
        qFatal("%s", qPrintable(formatProblems(result.problems)));
    return *result.workspace;
}

// Workspace has no operator==: compare it through every field the file carries.
bool sameFeed(const FeedConfig &a, const FeedConfig &b)
{
    return a.id == b.id && a.name == b.name && a.protocol == b.protocol && a.url == b.url && a.symbols == b.symbols
           && a.enabled == b.enabled && a.options == b.options && a.json == b.json
           && a.reconnect.initialMs == b.reconnect.initialMs && a.reconnect.maxMs == b.reconnect.maxMs
           && a.reconnect.extra == b.reconnect.extra && a.staleAfterMs == b.staleAfterMs
           && a.handshakeTimeoutMs == b.handshakeTimeoutMs && a.pingIntervalMs == b.pingIntervalMs
           && a.maxMessageBytes == b.maxMessageBytes
           && a.maxSymbolBytes == b.maxSymbolBytes && a.maxRows == b.maxRows && a.historyPoints == b.historyPoints
           && a.headers == b.headers && a.caFile == b.caFile && a.proxy == b.proxy && a.subprotocols == b.subprotocols
           && a.transport == b.transport && a.compression == b.compression && a.payload == b.payload
           && a.extra == b.extra;
}

bool sameWorkspace(const Workspace &a, const Workspace &b)
{
    if (a.version != b.version || a.maxProblems != b.maxProblems || a.extra != b.extra
        || a.feeds.size() != b.feeds.size() || a.alerts != b.alerts)
        return false;
    for (qsizetype i = 0; i < a.feeds.size(); ++i) {
        if (!sameFeed(a.feeds.at(i), b.feeds.at(i)))
            return false;
    }
    return true;
}

} // namespace

class TstWorkspaceSerializer : public QObject
{
    Q_OBJECT

private slots:
    void parseSaveParseGivesEqualWorkspace_data();
    void parseSaveParseGivesEqualWorkspace();
    void defaultsAreWrittenOut();
    void unknownKeysAreWrittenBackUnchanged();
    void knownKeysWinOverStrayExtraCopies();
    void bytesAreTheSameDocumentAsTheObject();
    void versionComesFirstAndEachFeedStartsWithItsId();
    void shortScalarArraysStayOnOneLine();
    void awkwardTextSurvivesTheRoundTrip();
    void limitsSurviveTheRoundTripPerFeed();
    void proxyAndEnvReferencesInTheUrlSurviveTheRoundTrip();
    void compressionAndPayloadSurviveTheRoundTrip();
    void alertRulesAreWrittenWithTheirDefaultsAndUnknownKeys();
    void aWorkspaceWithoutAlertRulesIsWrittenWithoutAlerts();
};

void TstWorkspaceSerializer::parseSaveParseGivesEqualWorkspace_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("design example") << "full.json";
    QTest::newRow("minimal") << "minimal.json";
    QTest::newRow("alert rules") << "alerts.json";
}

void TstWorkspaceSerializer::parseSaveParseGivesEqualWorkspace()
{
    QFETCH(QString, file);
    const Workspace first = load(file);
    const ParseResult again = parseWorkspace(toJsonBytes(first), QStringLiteral("saved.json"), kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    QVERIFY(sameWorkspace(first, *again.workspace));
    // Saving is stable: a second save writes the same bytes.
    QCOMPARE(toJsonBytes(*again.workspace), toJsonBytes(first));
}

void TstWorkspaceSerializer::defaultsAreWrittenOut()
{
    const QJsonObject feed = toJson(load(QStringLiteral("minimal.json"))).value("feeds").toArray().at(0).toObject();
    QCOMPARE(feed.value("name").toString(), QStringLiteral("solo"));
    QCOMPARE(feed.value("enabled").toBool(false), true);
    QCOMPARE(feed.value("symbols").toArray(), QJsonArray());
    QCOMPARE(feed.value("reconnect").toObject(), (QJsonObject{{"initial_ms", 500}, {"max_ms", 30000}}));
    QCOMPARE(feed.value("stale_after_ms").toInteger(), 10000);
    QCOMPARE(feed.value("handshake_timeout_ms").toInteger(), 10000);
    QCOMPARE(feed.value("ping_interval_ms").toInteger(), 15000);
    QCOMPARE(feed.value("max_message_bytes").toInteger(), 1048576);
    QCOMPARE(feed.value("max_symbol_bytes").toInteger(), 128);
    QCOMPARE(feed.value("max_rows").toInteger(), 10000);
    QCOMPARE(feed.value("history_points").toInteger(), 100000);
    QCOMPARE(toJson(load(QStringLiteral("minimal.json"))).value("max_problems").toInteger(), 200);
    // Empty optional sections are left out rather than written as noise.
    QVERIFY(!feed.contains("options"));
    QVERIFY(!feed.contains("json"));
    QVERIFY(!feed.contains("headers"));
    QVERIFY(!feed.contains("ca_file"));
    QVERIFY(!feed.contains("compression")); // "auto"
    QVERIFY(!feed.contains("payload"));     // "text"
}

void TstWorkspaceSerializer::unknownKeysAreWrittenBackUnchanged()
{
    const QJsonObject root = toJson(load(QStringLiteral("full.json")));
    QCOMPARE(root.value("layout").toObject(),
             (QJsonObject{{"split", QJsonArray{0.3, 0.7}}, {"theme", "dark"}}));
    const QJsonObject crypto = root.value("feeds").toArray().at(0).toObject();
    QCOMPARE(crypto.value("color").toString(), QStringLiteral("#ff8800"));
    QCOMPARE(crypto.value("reconnect").toObject().value("jitter").toString(), QStringLiteral("full"));
    QCOMPARE(crypto.value("headers").toObject().value("Authorization").toString(),
             QStringLiteral("Bearer ${env:CRYPTO_TOKEN}"));
    const QJsonObject stock = root.value("feeds").toArray().at(2).toObject();
    QCOMPARE(stock.value("json").toObject().value("fields").toArray(), (QJsonArray{"on_hand", "delta"}));
}

void TstWorkspaceSerializer::knownKeysWinOverStrayExtraCopies()
{
    Workspace ws;
    ws.extra.insert("version", 7);
    FeedConfig feed;
    feed.id = "a";
    feed.protocol = "coinbase";
    feed.url = QUrl("wss://h");
    feed.staleAfterMs = 2000;
    feed.extra.insert("stale_after_ms", 5);
    feed.extra.insert("headers", QJsonObject{{"X", "stale"}});
    ws.feeds.append(feed);

    const QJsonObject root = toJson(ws);
    QCOMPARE(root.value("version").toInt(), 1);
    const QJsonObject written = root.value("feeds").toArray().at(0).toObject();
    QCOMPARE(written.value("stale_after_ms").toInt(), 2000);
    QVERIFY(!written.contains("headers"));
}

void TstWorkspaceSerializer::bytesAreTheSameDocumentAsTheObject()
{
    const Workspace ws = load(QStringLiteral("full.json"));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(toJsonBytes(ws), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object(), toJson(ws));
}

void TstWorkspaceSerializer::versionComesFirstAndEachFeedStartsWithItsId()
{
    const QByteArray bytes = toJsonBytes(load(QStringLiteral("full.json")));
    QVERIFY2(bytes.startsWith("{\n    \"version\": 1,\n    \"feeds\": [\n        {\n            \"id\": \"crypto\",\n"
                              "            \"name\": \"Crypto\",\n            \"protocol\": \"coinbase\",\n"),
             bytes.constData());
    // Unknown keys come after the known ones.
    QVERIFY(bytes.indexOf("\"max_problems\": 500") > bytes.indexOf("\"feeds\""));
    QVERIFY(bytes.indexOf("\"layout\"") > bytes.indexOf("\"max_problems\""));
    QVERIFY(bytes.indexOf("\"color\"") > bytes.indexOf("\"headers\""));
    QVERIFY(bytes.indexOf("\"jitter\"") > bytes.indexOf("\"max_ms\""));
    QVERIFY(bytes.endsWith("}\n"));
}

void TstWorkspaceSerializer::shortScalarArraysStayOnOneLine()
{
    const QByteArray bytes = toJsonBytes(load(QStringLiteral("full.json")));
    QVERIFY2(bytes.contains("\"symbols\": [\"BTC-USD\", \"ETH-USD\"],"), bytes.constData());
    QVERIFY(bytes.contains("\"channels\": [\"ticker\", \"heartbeat\"]"));

    Workspace ws;
    FeedConfig feed;
    feed.id = "many";
    feed.protocol = "binance";
    feed.url = QUrl("wss://h");
    for (int i = 0; i < 30; ++i)
        feed.symbols.append(QStringLiteral("SYMBOL%1").arg(i));
    ws.feeds.append(feed);
    const QByteArray longList = toJsonBytes(ws);
    QVERIFY(longList.contains("\"symbols\": [\n                \"SYMBOL0\",\n                \"SYMBOL1\","));
}

void TstWorkspaceSerializer::awkwardTextSurvivesTheRoundTrip()
{
    Workspace ws;
    ws.extra.insert(QStringLiteral("note \"quoted\"\n"), QStringLiteral("tab\there, ünïcödé, emoji \U0001F600, \\"));
    FeedConfig feed;
    feed.id = "a.b-c_1";
    feed.name = QStringLiteral("Név \"with\" quotes");
    feed.protocol = "coinbase";
    feed.url = QUrl("wss://h.example:8443/ws?x=1&y=%20");
    feed.symbols = {QStringLiteral("BTC/USD"), QStringLiteral("ÆØÅ")};
    feed.headers = {{"Authorization", "Bearer ${env:T}"}, {"X-Extra", "a=b; c=\"d\""}};
    feed.extra.insert("big", 1e300);
    feed.extra.insert("nothing", QJsonValue::Null);
    ws.feeds.append(feed);

    const ParseResult again = parseWorkspace(toJsonBytes(ws), QStringLiteral("saved.json"), kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    QVERIFY(sameWorkspace(ws, *again.workspace));
}

void TstWorkspaceSerializer::limitsSurviveTheRoundTripPerFeed()
{
    Workspace ws;
    ws.maxProblems = 75;
    FeedConfig small;
    small.id = "small";
    small.name = "Small";
    small.protocol = "coinbase";
    small.url = QUrl("wss://h");
    small.maxSymbolBytes = 9;
    small.maxRows = 5;
    small.historyPoints = 250;
    small.pingIntervalMs = 0; // ping only when silent
    FeedConfig plain;
    plain.id = "plain";
    plain.name = "Plain";
    plain.protocol = "binance";
    plain.url = QUrl("wss://h");
    plain.subprotocols = {QStringLiteral("v2.json"), QStringLiteral("v1.json")};
    plain.transport = QStringLiteral("qtwebsockets");
    ws.feeds = {small, plain};

    const QByteArray bytes = toJsonBytes(ws);
    QVERIFY2(bytes.contains("\"max_message_bytes\": 1048576,\n            \"max_symbol_bytes\": 9,\n"
                            "            \"max_rows\": 5,\n            \"history_points\": 250\n        },\n"),
             bytes.constData());
    QVERIFY2(bytes.endsWith("    ],\n    \"max_problems\": 75\n}\n"), bytes.constData());
    const ParseResult again = parseWorkspace(bytes, QStringLiteral("saved.json"), kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    QVERIFY(sameWorkspace(ws, *again.workspace));
    QCOMPARE(again.workspace->maxProblems, 75);
    QCOMPARE(again.workspace->feeds.at(0).maxRows, 5);
    QCOMPARE(again.workspace->feeds.at(1).maxRows, 10000);
    QCOMPARE(again.workspace->feeds.at(0).pingIntervalMs, 0);
    QCOMPARE(again.workspace->feeds.at(1).pingIntervalMs, 15000);
    QCOMPARE(again.workspace->feeds.at(1).subprotocols, QStringList({"v2.json", "v1.json"}));
    QVERIFY(again.workspace->feeds.at(0).subprotocols.isEmpty());
    QVERIFY(!bytes.contains("\"subprotocols\": []"));
    QCOMPARE(again.workspace->feeds.at(1).transport, QStringLiteral("qtwebsockets"));
    QCOMPARE(again.workspace->feeds.at(0).transport, QStringLiteral("feeddeck"));
    QCOMPARE(bytes.count("\"transport\""), 1); // the default is not written
}

void TstWorkspaceSerializer::proxyAndEnvReferencesInTheUrlSurviveTheRoundTrip()
{
    // The saved file keeps ${env:NAME} as written, never the value (which is set here to prove it).
    qputenv("FD_TEST_FEED_KEY", "value-that-must-not-be-saved");
    const QByteArray json = R"({"version": 1, "feeds": [
        {"id": "keyed", "protocol": "coinbase",
         "url": "wss://${env:FD_TEST_USER}:${env:FD_TEST_PASS}@h.example/ws?x=%20&apikey=${env:FD_TEST_FEED_KEY}",
         "proxy": "http://${env:FD_TEST_PROXY_USER}:${env:FD_TEST_PROXY_PASS}@proxy.corp:3128"},
        {"id": "socks", "protocol": "coinbase", "url": "wss://h", "proxy": "socks5://127.0.0.1:1080"},
        {"id": "direct", "protocol": "coinbase", "url": "wss://h", "proxy": "none"},
        {"id": "default", "protocol": "coinbase", "url": "wss://h"}]})";
    const ParseResult first = parseWorkspace(json, QStringLiteral("in.json"), kProtocols);
    QVERIFY2(first.workspace, qPrintable(formatProblems(first.problems)));
    const QByteArray saved = toJsonBytes(*first.workspace);
    QVERIFY2(saved.contains("\"url\": \"wss://${env:FD_TEST_USER}:${env:FD_TEST_PASS}@h.example/ws?x=%20&apikey="
                            "${env:FD_TEST_FEED_KEY}\""),
             saved.constData());
    QVERIFY2(saved.contains("\"proxy\": \"http://${env:FD_TEST_PROXY_USER}:${env:FD_TEST_PROXY_PASS}@proxy.corp:3128\""),
             saved.constData());
    QVERIFY(saved.contains("\"proxy\": \"socks5://127.0.0.1:1080\""));
    QVERIFY(saved.contains("\"proxy\": \"none\""));
    QVERIFY(!saved.contains("value-that-must-not-be-saved"));
    QCOMPARE(saved.count("\"proxy\""), 3); // "system", the default, is not written

    const ParseResult again = parseWorkspace(saved, QStringLiteral("saved.json"), kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    QVERIFY(sameWorkspace(*first.workspace, *again.workspace));
    QCOMPARE(again.workspace->feeds.at(3).proxy, QStringLiteral("system"));
    QCOMPARE(toJsonBytes(*again.workspace), saved);
    qunsetenv("FD_TEST_FEED_KEY");
}

void TstWorkspaceSerializer::compressionAndPayloadSurviveTheRoundTrip()
{
    Workspace ws;
    FeedConfig venue;
    venue.id = "venue";
    venue.name = "Venue";
    venue.protocol = "coinbase";
    venue.url = QUrl("wss://h");
    venue.compression = feeddeck::workspace::Compression::Off;
    venue.payload = feeddeck::workspace::Payload::Gzip;
    ws.feeds = {venue};

    const QByteArray bytes = toJsonBytes(ws);
    QVERIFY2(bytes.contains("\"compression\": \"off\",\n            \"payload\": \"gzip\"\n"), bytes.constData());
    const ParseResult again = parseWorkspace(bytes, QStringLiteral("saved.json"), kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    QVERIFY(sameWorkspace(ws, *again.workspace));
    QCOMPARE(toJsonBytes(*again.workspace), bytes);
}

void TstWorkspaceSerializer::alertRulesAreWrittenWithTheirDefaultsAndUnknownKeys()
{
    const Workspace loaded = load(QStringLiteral("alerts.json"));
    const QJsonArray alerts = toJson(loaded).value("alerts").toArray();
    QCOMPARE(alerts.size(), 6);
    const QJsonObject high = alerts.at(0).toObject();
    QCOMPARE(high.value("colour").toString(), QStringLiteral("red"));
    QCOMPARE(high.value("severity").toString(), QStringLiteral("critical"));
    QCOMPARE(high.value("note").toString(), QStringLiteral("take profit?"));
    const QJsonObject low = alerts.at(1).toObject();
    QCOMPARE(low, (QJsonObject{{"id", "btc-low"}, {"feed", "cb"}, {"symbol", "BTC-USD"}, {"field", "price"},
                               {"when", "crosses_down"}, {"value", 60000}, {"cooldown_s", 0}, {"enabled", true},
                               {"severity", "warning"}}));
    const QJsonObject jump = alerts.at(2).toObject();
    QCOMPARE(jump.value("window_s").toDouble(), 300.0);
    QCOMPARE(jump.value("sound").toObject().value("file").toString(), QStringLiteral("ding.wav"));
    QCOMPARE(alerts.at(3).toObject().value("enabled").toBool(true), false);
    QCOMPARE(alerts.at(4).toObject().value("symbol").toString(), QStringLiteral("*"));
    // In the file: after the feeds, each rule starting with its id, feed and symbol.
    const QByteArray bytes = toJsonBytes(loaded);
    QVERIFY(bytes.indexOf("\"feeds\"") < bytes.indexOf("\"alerts\""));
    QVERIFY(bytes.contains("{\n            \"id\": \"btc-high\",\n            \"feed\": \"cb\",\n            \"symbol\""));
}

void TstWorkspaceSerializer::aWorkspaceWithoutAlertRulesIsWrittenWithoutAlerts()
{
    QVERIFY(!toJson(load(QStringLiteral("full.json"))).contains("alerts"));
}

QTEST_APPLESS_MAIN(TstWorkspaceSerializer)
#include "tst_workspaceserializer.moc"
