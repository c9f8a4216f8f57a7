#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/UrlTemplate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace feeddeck::workspace;

namespace {

const QStringList kProtocols = {QStringLiteral("coinbase"), QStringLiteral("binance"), QStringLiteral("json")};
const QString kFile = QStringLiteral("ws.json");

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(FEEDDECK_TEST_DATA_DIR "/workspace/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

// A document with one feed: the base feed's keys, overridden by `feedKeys` (a JSON object body).
QByteArray oneFeed(const QByteArray &feedKeys)
{
    return "{\"version\": 1, \"feeds\": [{" + feedKeys + "}]}";
}

QStringList paths(const QList<WorkspaceProblem> &problems)
{
    QStringList result;
    for (const WorkspaceProblem &problem : problems)
        result.append(problem.jsonPath);
    return result;
}

// The document is refused with exactly one problem: in kFile, at `path`, saying `message`.
void verifyTheOneProblem(const QByteArray &json, const QString &path, const QString &message)
{
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY(!result.workspace.has_value());
    QVERIFY2(result.problems.size() == 1, qPrintable(formatProblems(result.problems)));
    const WorkspaceProblem &problem = result.problems.at(0);
    QCOMPARE(problem.file, kFile);
    QCOMPARE(problem.jsonPath, path);
    QVERIFY2(problem.message.contains(message), qPrintable(problem.message));
}

} // namespace

class TstWorkspaceParser : public QObject
{
    Q_OBJECT

private slots:
    void designExampleParsesWithEveryValue();
    void missingOptionalKeysGetDefaults();
    void unknownKeysAreKeptVerbatim();
    void simulatorUrlsAreAccepted_data();
    void simulatorUrlsAreAccepted();
    void urlSchemeIsStoredInLowerCase();
    void emptyFeedListIsValid();
    void validProtocolOptionsAreAccepted_data();
    void validProtocolOptionsAreAccepted();
    void optionsOfAnUnknownProtocolAreNotChecked();
    void jsonMappingIsCheckedOnlyForProtocolJson();
    void everyJsonMappingProblemIsReported();
    void compressionAndPayloadAreRead();
    void invalidInputIsReportedAtItsPath_data();
    void invalidInputIsReportedAtItsPath();
    void everyProblemIsReportedNotOnlyTheFirst();
    void brokenJsonNamesLineAndColumn();
    void byteOrderMarkIsIgnored();
    void byteOrderMarkInsideTheFileIsRefusedWithItsPlace();
    void problemToStringJoinsFilePathAndMessage();
    void formatProblemsPutsOneProblemPerLine();
    void problemListIsBounded();
    void truncatedFileAtEveryLengthYieldsProblemsNotCrash();
    void hostileInputYieldsProblemsNotCrash_data();
    void hostileInputYieldsProblemsNotCrash();
    void checkFeedReportsPathsRelativeToTheFeed();
    void checkFeedAcceptsWhatAFileAccepts();
    void limitsAreReadForEachFeedAndForTheWindow();
    void limitsAtTheEndsOfTheirRangesAreAccepted_data();
    void limitsAtTheEndsOfTheirRangesAreAccepted();
    void limitOutsideItsRangeIsReportedWithPathRangeAndWhatToDo_data();
    void limitOutsideItsRangeIsReportedWithPathRangeAndWhatToDo();
    void checkFeedReportsALimitAtItsKey();
    void proxySettingsAreAccepted_data();
    void proxySettingsAreAccepted();
    void proxyWrongInTheSecondFeedNamesThatFeed();
    void urlWithEnvReferencesIsAcceptedAsWritten_data();
    void urlWithEnvReferencesIsAcceptedAsWritten();
    void passwordInABadProxyIsNotRepeated();
    void aNatsFeedIsAcceptedWithPatternsCredentialsAndHistory();
    void aNatsFeedsProblemsAreReportedAtTheirPaths_data();
    void aNatsFeedsProblemsAreReportedAtTheirPaths();
    void alertRulesAreReadWithDefaultsAndUnknownKeys();
    void aWorkspaceWithoutAlertsHasNoRules();
    void alertRuleProblemsAreReportedAtTheirPaths_data();
    void alertRuleProblemsAreReportedAtTheirPaths();
    void everyAlertRuleProblemIsReported();
};

void TstWorkspaceParser::designExampleParsesWithEveryValue()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("full.json")), kFile, kProtocols);
    QVERIFY2(result.problems.isEmpty(), qPrintable(formatProblems(result.problems)));
    QVERIFY(result.workspace.has_value());
    const Workspace &ws = *result.workspace;
    QCOMPARE(ws.version, 1);
    QCOMPARE(ws.feeds.size(), 3);

    const FeedConfig &crypto = ws.feeds.at(0);
    QCOMPARE(crypto.id, QStringLiteral("crypto"));
    QCOMPARE(crypto.name, QStringLiteral("Crypto"));
    QCOMPARE(crypto.protocol, QStringLiteral("coinbase"));
    QCOMPARE(crypto.url, QUrl(QStringLiteral("wss://ws-feed.exchange.coinbase.com")));
    QCOMPARE(crypto.symbols, (QStringList{"BTC-USD", "ETH-USD"}));
    QCOMPARE(crypto.enabled, true);
    QCOMPARE(crypto.options.value("channels").toArray(), (QJsonArray{"ticker", "heartbeat"}));
    QCOMPARE(crypto.reconnect.initialMs, 500);
    QCOMPARE(crypto.reconnect.maxMs, 30000);
    QCOMPARE(crypto.staleAfterMs, 10000);
    QCOMPARE(crypto.maxMessageBytes, 1048576);
    QCOMPARE(crypto.headers.size(), 1);
    QCOMPARE(crypto.headers.at(0).first, QStringLiteral("Authorization"));
    // Expansion happens at connect time, never at load time.
    QCOMPARE(crypto.headers.at(0).second, QStringLiteral("Bearer ${env:CRYPTO_TOKEN}"));

    const FeedConfig &spot = ws.feeds.at(1);
    QCOMPARE(spot.url.port(), 9443);
    QCOMPARE(spot.enabled, false);
    QCOMPARE(spot.handshakeTimeoutMs, 2500);
    QCOMPARE(spot.caFile, QStringLiteral("/etc/feeddeck/spot-ca.pem"));
    QVERIFY(crypto.caFile.isEmpty());
    QCOMPARE(spot.options.value("streams").toArray(), (QJsonArray{"ticker", "bookTicker"}));
    QCOMPARE(spot.maxSymbolBytes, 16);
    QCOMPARE(spot.maxRows, 500);
    QCOMPARE(spot.historyPoints, 20000);
    QCOMPARE(ws.maxProblems, 500);

    const FeedConfig &stock = ws.feeds.at(2);
    QCOMPARE(stock.protocol, QStringLiteral("json"));
    QCOMPARE(stock.json.value("key").toArray(), (QJsonArray{"sku", "warehouse"}));
    QCOMPARE(stock.json.value("match").toObject().value("type").toString(), QStringLiteral("inventory"));
    QVERIFY(stock.extra.isEmpty());
}

void TstWorkspaceParser::missingOptionalKeysGetDefaults()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("minimal.json")), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    const FeedConfig &feed = result.workspace->feeds.at(0);
    QCOMPARE(feed.name, QStringLiteral("solo"));
    QVERIFY(feed.symbols.isEmpty());
    QCOMPARE(feed.enabled, true);
    QVERIFY(feed.options.isEmpty());
    QVERIFY(feed.json.isEmpty());
    QCOMPARE(feed.reconnect.initialMs, 500);
    QCOMPARE(feed.reconnect.maxMs, 30000);
    QCOMPARE(feed.staleAfterMs, 10000);
    QCOMPARE(feed.handshakeTimeoutMs, 10000);
    QCOMPARE(feed.maxMessageBytes, 1048576);
    QCOMPARE(feed.maxSymbolBytes, 128);
    QCOMPARE(feed.maxRows, 10000);
    QCOMPARE(feed.historyPoints, 100000);
    QVERIFY(feed.headers.isEmpty());
    QCOMPARE(feed.compression, feeddeck::workspace::Compression::Auto);
    QCOMPARE(feed.payload, feeddeck::workspace::Payload::Text);
    QVERIFY(feed.extra.isEmpty());
    QCOMPARE(result.workspace->maxProblems, 200);
    QVERIFY(result.workspace->extra.isEmpty());
}

void TstWorkspaceParser::unknownKeysAreKeptVerbatim()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("full.json")), kFile, kProtocols);
    QVERIFY(result.workspace);
    const Workspace &ws = *result.workspace;
    QCOMPARE(ws.extra.keys(), QStringList{"layout"});
    QCOMPARE(ws.extra.value("layout").toObject().value("split").toArray(), (QJsonArray{0.3, 0.7}));
    QCOMPARE(ws.feeds.at(0).extra, (QJsonObject{{"color", "#ff8800"}}));
    QCOMPARE(ws.feeds.at(0).reconnect.extra, (QJsonObject{{"jitter", "full"}}));
    QVERIFY(ws.feeds.at(1).reconnect.extra.isEmpty());
}

void TstWorkspaceParser::simulatorUrlsAreAccepted_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("market") << "sim://market";
    QTest::newRow("inventory") << "sim://inventory";
}

void TstWorkspaceParser::simulatorUrlsAreAccepted()
{
    QFETCH(QString, url);
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "s", "protocol": "coinbase", "url": ")" + url.toUtf8() + '"'), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).url.toString(), url);
}

void TstWorkspaceParser::urlSchemeIsStoredInLowerCase()
{
    const ParseResult result =
        parseWorkspace(oneFeed(R"("id": "s", "protocol": "coinbase", "url": "WSS://feed.example/ws")"), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).url.scheme(), QStringLiteral("wss"));
}

void TstWorkspaceParser::emptyFeedListIsValid()
{
    const ParseResult result = parseWorkspace(R"({"version": 1, "feeds": []})", kFile, kProtocols);
    QVERIFY(result.problems.isEmpty());
    QVERIFY(result.workspace);
    QVERIFY(result.workspace->feeds.isEmpty());
}

void TstWorkspaceParser::validProtocolOptionsAreAccepted_data()
{
    QTest::addColumn<QByteArray>("feedKeys");
    QTest::newRow("coinbase every channel")
        << QByteArray(R"("protocol": "coinbase", "options": {"channels": ["ticker", "heartbeat", "level2", "matches", "status"]})");
    QTest::newRow("coinbase ticker alone") << QByteArray(R"("protocol": "coinbase", "options": {"channels": ["ticker"]})");
    QTest::newRow("coinbase channels null") << QByteArray(R"("protocol": "coinbase", "options": {"channels": null})");
    QTest::newRow("coinbase other options kept") << QByteArray(R"("protocol": "coinbase", "options": {"batch": 5})");
    QTest::newRow("binance every stream")
        << QByteArray(R"("protocol": "binance", "options": {"streams": ["ticker", "bookTicker", "trade"]})");
    QTest::newRow("binance without options") << QByteArray(R"("protocol": "binance")");
    QTest::newRow("json with a full mapping")
        << QByteArray(R"("protocol": "json", "json": {"subscribe": {"op": "sub", "ids": "$symbols"},
                                                      "match": {"meta.kind": "stock", "v": 2, "live": true},
                                                      "ack": {"op": "ok"}, "error": {"match": {"op": "err"}},
                                                      "key": ["item.sku", "site"], "time": "meta.ts",
                                                      "fields": ["levels.on_hand"], "note": "kept"})");
}

void TstWorkspaceParser::validProtocolOptionsAreAccepted()
{
    QFETCH(QByteArray, feedKeys);
    const ParseResult result = parseWorkspace(oneFeed(R"("id": "a", "url": "wss://h", )" + feedKeys), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
}

void TstWorkspaceParser::optionsOfAnUnknownProtocolAreNotChecked()
{
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "a", "protocol": "binance", "url": "wss://h", "options": {"streams": ["depth"]})"), kFile,
        {QStringLiteral("coinbase")});
    QCOMPARE(paths(result.problems), QStringList{"feeds[0].protocol"});
}

void TstWorkspaceParser::jsonMappingIsCheckedOnlyForProtocolJson()
{
    // Another protocol's feed may carry a "json" section (e.g. while the user switches protocols): it is kept as is.
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "json": {"key": 5})"), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).json, (QJsonObject{{"key", 5}}));
}

void TstWorkspaceParser::everyJsonMappingProblemIsReported()
{
    const ParseResult result = parseWorkspace(
        R"({"version": 1, "feeds": [
              {"id": "ok", "protocol": "coinbase", "url": "wss://h"},
              {"id": "stock", "protocol": "json", "url": "ws://h",
               "json": {"match": {"type": null}, "key": ["sku", 1], "time": false, "fields": "on_hand"}}]})",
        kFile, kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(paths(result.problems), QStringList({"feeds[1].json.match.type", "feeds[1].json.key[1]",
                                                  "feeds[1].json.time", "feeds[1].json.fields"}));
    QCOMPARE(result.problems.at(1).toString(),
             QStringLiteral("ws.json: feeds[1].json.key[1]: must be a field path string such as \"price\", found a number"));
}

void TstWorkspaceParser::invalidInputIsReportedAtItsPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    const QByteArray base = R"("id": "a", "protocol": "coinbase", "url": "wss://h.example/ws")";
    const QByteArray noUrl = R"("id": "a", "protocol": "coinbase")";

    // The file as a whole.
    QTest::newRow("root is an array") << QByteArray("[1, 2]") << "" << "the top level must be an object";
    QTest::newRow("empty file") << QByteArray("  \n") << "" << "the file is empty";
    QTest::newRow("version missing") << QByteArray(R"({"feeds": []})") << "version"
                                     << "this FeedDeck reads version 1";
    QTest::newRow("version 2") << QByteArray(R"({"version": 2, "feeds": []})") << "version"
                               << "version 2 is not supported; this FeedDeck reads version 1";
    QTest::newRow("version 1.5") << QByteArray(R"({"version": 1.5, "feeds": []})") << "version"
                                 << "version 1.5 is not supported";
    QTest::newRow("version as string") << QByteArray(R"({"version": "1", "feeds": []})") << "version"
                                       << "must be a number, found a string";
    QTest::newRow("feeds missing") << QByteArray(R"({"version": 1})") << "feeds" << "missing";
    QTest::newRow("feeds an object") << QByteArray(R"({"version": 1, "feeds": {}})") << "feeds"
                                     << "must be an array of feed objects, found an object";
    QTest::newRow("feed not an object") << QByteArray(R"({"version": 1, "feeds": [42]})") << "feeds[0]"
                                        << "must be an object describing one feed, found a number";

    // id
    QTest::newRow("id missing") << oneFeed(R"("protocol": "coinbase", "url": "wss://h")") << "feeds[0].id"
                                << "missing; give the feed a unique id";
    QTest::newRow("id a number") << oneFeed(R"("id": 7, "protocol": "coinbase", "url": "wss://h")") << "feeds[0].id"
                                 << "must be a string, found a number";
    QTest::newRow("id empty") << oneFeed(R"("id": "", "protocol": "coinbase", "url": "wss://h")") << "feeds[0].id"
                              << "is empty";
    QTest::newRow("id with space") << oneFeed(R"("id": "my feed", "protocol": "coinbase", "url": "wss://h")")
                                   << "feeds[0].id" << R"("my feed" may only contain letters, digits)";
    QTest::newRow("id duplicate")
        << QByteArray(R"({"version": 1, "feeds": [{"id": "x", "protocol": "json", "url": "wss://h",
                                                   "json": {"key": ["id"], "fields": ["v"]}},
                                                  {"id": "x", "protocol": "binance", "url": "wss://h"}]})")
        << "feeds[1].id" << R"(duplicate id "x" (also feeds[0].id))";

    // name, protocol
    QTest::newRow("name a bool") << oneFeed(base + R"(, "name": true)") << "feeds[0].name"
                                 << "must be a string, found a boolean";
    QTest::newRow("protocol missing") << oneFeed(R"("id": "a", "url": "wss://h")") << "feeds[0].protocol"
                                      << "missing; use one of: coinbase, binance, json";
    QTest::newRow("protocol unknown") << oneFeed(R"("id": "a", "protocol": "kraken", "url": "wss://h")")
                                      << "feeds[0].protocol"
                                      << R"("kraken" is not a known protocol; use one of: coinbase, binance, json)";
    QTest::newRow("protocol null") << oneFeed(R"("id": "a", "protocol": null, "url": "wss://h")") << "feeds[0].protocol"
                                   << "must be a string, found null";

    // url
    QTest::newRow("url missing") << oneFeed(noUrl) << "feeds[0].url" << "missing";
    QTest::newRow("url http") << oneFeed(noUrl + R"(, "url": "http://x")") << "feeds[0].url"
                              << R"("http://x" is not a WebSocket URL; use ws://, wss:// or sim://market)";
    QTest::newRow("url without scheme") << oneFeed(noUrl + R"(, "url": "feed.example")") << "feeds[0].url"
                                        << "is not a WebSocket URL";
    QTest::newRow("url without host") << oneFeed(noUrl + R"(, "url": "ws:///path")") << "feeds[0].url"
                                      << R"("ws:///path" has no host)";
    QTest::newRow("url with bad port") << oneFeed(noUrl + R"(, "url": "wss://h:99999/x")") << "feeds[0].url"
                                       << "is not a valid URL";
    QTest::newRow("url with space") << oneFeed(noUrl + R"(, "url": "wss://h ost/x")") << "feeds[0].url"
                                    << "is not a valid URL";
    QTest::newRow("url empty") << oneFeed(noUrl + R"(, "url": "")") << "feeds[0].url" << "is empty";
    QTest::newRow("url a number") << oneFeed(noUrl + R"(, "url": 8080)") << "feeds[0].url"
                                  << "must be a string, found a number";
    QTest::newRow("unknown simulator") << oneFeed(noUrl + R"(, "url": "sim://weather")") << "feeds[0].url"
                                       << R"("sim://weather" is not a built-in simulator; use sim://market or sim://inventory)";
    QTest::newRow("simulator with path") << oneFeed(noUrl + R"(, "url": "sim://market/x")") << "feeds[0].url"
                                         << "is not a built-in simulator";

    // symbols
    QTest::newRow("symbols a string") << oneFeed(base + R"(, "symbols": "BTC-USD")") << "feeds[0].symbols"
                                      << "must be an array of strings";
    QTest::newRow("symbol a number") << oneFeed(base + R"(, "symbols": ["BTC-USD", 5])") << "feeds[0].symbols[1]"
                                     << "must be a string, found a number";
    QTest::newRow("symbol empty") << oneFeed(base + R"(, "symbols": [""])") << "feeds[0].symbols[0]" << "is empty";
    QTest::newRow("symbol too long") << oneFeed(base + R"(, "symbols": [")" + QByteArray(65, 'A') + R"("])")
                                     << "feeds[0].symbols[0]" << "is 65 characters long; a symbol has at most 64";
    QTest::newRow("symbol duplicate") << oneFeed(base + R"(, "symbols": ["A", "B", "A"])") << "feeds[0].symbols[2]"
                                      << R"(duplicate symbol "A" (also feeds[0].symbols[0]))";
    {
        QByteArray many;
        for (int i = 0; i < 1001; ++i)
            many += (i ? ",\"S" : "\"S") + QByteArray::number(i) + '"';
        QTest::newRow("1001 symbols") << oneFeed(base + R"(, "symbols": [)" + many + "]") << "feeds[0].symbols"
                                      << "has 1001 symbols but a feed takes at most 1000";
    }

    // enabled, options, json
    QTest::newRow("enabled a string") << oneFeed(base + R"(, "enabled": "yes")") << "feeds[0].enabled"
                                      << "must be true or false, found a string";
    QTest::newRow("options an array") << oneFeed(base + R"(, "options": ["ticker"])") << "feeds[0].options"
                                      << "must be an object";
    QTest::newRow("json protocol without mapping")
        << oneFeed(R"("id": "a", "protocol": "json", "url": "ws://h")") << "feeds[0].json"
        << R"(missing; a feed with protocol "json" needs a "json" object)";
    QTest::newRow("json mapping a string") << oneFeed(R"("id": "a", "protocol": "json", "url": "ws://h", "json": "x")")
                                           << "feeds[0].json" << "must be an object";

    // the json mapping, reported at its full path
    const QByteArray jsonFeed = R"("id": "a", "protocol": "json", "url": "ws://h", "json": )";
    QTest::newRow("json mapping key entry a number")
        << oneFeed(jsonFeed + R"({"key": ["sku", 5], "fields": ["on_hand"]})") << "feeds[0].json.key[1]"
        << "must be a field path string such as \"price\", found a number";
    QTest::newRow("json mapping without key")
        << oneFeed(jsonFeed + R"({"fields": ["on_hand"]})") << "feeds[0].json.key"
        << "missing; list the field paths that identify a row";
    QTest::newRow("json mapping without fields")
        << oneFeed(jsonFeed + R"({"key": ["sku"]})") << "feeds[0].json.fields"
        << "missing; list the field paths of the numbers to show";
    QTest::newRow("json mapping fields empty")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": []})") << "feeds[0].json.fields" << "is empty";
    QTest::newRow("json mapping duplicate field")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["a", "a"]})") << "feeds[0].json.fields[1]"
        << R"(duplicate path "a" (also fields[0]))";
    QTest::newRow("json mapping bad field path")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["levels..on_hand"]})") << "feeds[0].json.fields[0]"
        << R"("levels..on_hand" is not a field path)";
    QTest::newRow("json mapping time a number")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "time": 5})") << "feeds[0].json.time"
        << "must be a field path string";
    QTest::newRow("json mapping match an array")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "match": ["inventory"]})") << "feeds[0].json.match"
        << "must be an object of field paths and the values to compare with";
    QTest::newRow("json mapping match value an object")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "match": {"meta.kind": {}}})")
        << R"(feeds[0].json.match["meta.kind"])" << "must be a string, a number or true/false";
    QTest::newRow("json mapping ack empty")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "ack": {}})") << "feeds[0].json.ack"
        << "is empty, so every message would count as the server's confirmation";
    QTest::newRow("json mapping error without match")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "error": {"symbol": "sku"}})")
        << "feeds[0].json.error.match" << "missing; say what an error message contains";
    QTest::newRow("json mapping error symbol a number")
        << oneFeed(jsonFeed + R"({"key": ["sku"], "fields": ["v"], "error": {"match": {"type": "error"}, "symbol": 1}})")
        << "feeds[0].json.error.symbol" << "must be a field path string";

    // protocol options
    const QByteArray coinbase = R"("id": "a", "protocol": "coinbase", "url": "wss://h", "options": )";
    QTest::newRow("coinbase channels a string") << oneFeed(coinbase + R"({"channels": "ticker"})")
                                                << "feeds[0].options.channels"
                                                << R"(must be an array of Coinbase channel names such as ["ticker", "heartbeat"], found a string)";
    QTest::newRow("coinbase channels empty") << oneFeed(coinbase + R"({"channels": []})") << "feeds[0].options.channels"
                                             << "is empty; list the Coinbase channels to subscribe to";
    QTest::newRow("coinbase channel unknown") << oneFeed(coinbase + R"({"channels": ["ticker", "full"]})")
                                              << "feeds[0].options.channels[1]"
                                              << R"("full" is not a Coinbase channel FeedDeck reads; use one of: ticker, heartbeat, level2, matches, status)";
    QTest::newRow("coinbase channel a number") << oneFeed(coinbase + R"({"channels": [1, "ticker"]})")
                                               << "feeds[0].options.channels[0]"
                                               << "must be a Coinbase channel name, found a number";
    QTest::newRow("coinbase channel empty") << oneFeed(coinbase + R"({"channels": ["ticker", ""]})")
                                            << "feeds[0].options.channels[1]" << "is empty; use one of: ticker";
    QTest::newRow("coinbase channels without ticker") << oneFeed(coinbase + R"({"channels": ["heartbeat", "status"]})")
                                                      << "feeds[0].options.channels"
                                                      << R"(does not include "ticker", the channel FeedDeck shows prices from)";
    const QByteArray binance = R"("id": "a", "protocol": "binance", "url": "wss://h", "options": )";
    QTest::newRow("binance streams an object") << oneFeed(binance + R"({"streams": {"ticker": true}})")
                                               << "feeds[0].options.streams"
                                               << "must be an array of Binance stream names such as";
    QTest::newRow("binance streams empty") << oneFeed(binance + R"({"streams": []})") << "feeds[0].options.streams"
                                           << "is empty; list the Binance streams to subscribe to";
    QTest::newRow("binance stream unknown") << oneFeed(binance + R"({"streams": ["ticker", "depth"]})")
                                            << "feeds[0].options.streams[1]"
                                            << R"("depth" is not a Binance stream FeedDeck reads; use one of: ticker, bookTicker, trade)";
    QTest::newRow("binance stream in the wrong case") << oneFeed(binance + R"({"streams": ["bookticker"]})")
                                                      << "feeds[0].options.streams[0]"
                                                      << R"("bookticker" is not a Binance stream)";
    QTest::newRow("binance stream empty") << oneFeed(binance + R"({"streams": ["trade", ""]})")
                                          << "feeds[0].options.streams[1]" << "is empty; use one of: ticker, bookTicker, trade";
    QTest::newRow("binance stream null") << oneFeed(binance + R"({"streams": [null]})") << "feeds[0].options.streams[0]"
                                         << "must be a Binance stream name, found null";

    // reconnect
    QTest::newRow("reconnect a number") << oneFeed(base + R"(, "reconnect": 5)") << "feeds[0].reconnect"
                                        << "must be an object";
    QTest::newRow("initial_ms negative") << oneFeed(base + R"(, "reconnect": {"initial_ms": -5})")
                                         << "feeds[0].reconnect.initial_ms" << "must be positive, found -5";
    QTest::newRow("initial_ms zero") << oneFeed(base + R"(, "reconnect": {"initial_ms": 0})")
                                     << "feeds[0].reconnect.initial_ms" << "must be positive, found 0";
    QTest::newRow("initial_ms fractional") << oneFeed(base + R"(, "reconnect": {"initial_ms": 2.5})")
                                           << "feeds[0].reconnect.initial_ms" << "must be a whole number, found 2.5";
    QTest::newRow("initial_ms a string") << oneFeed(base + R"(, "reconnect": {"initial_ms": "500"})")
                                         << "feeds[0].reconnect.initial_ms" << "must be a number, found a string";
    QTest::newRow("max_ms over an hour") << oneFeed(base + R"(, "reconnect": {"max_ms": 3600001})")
                                         << "feeds[0].reconnect.max_ms" << "must be at most 3600000, found 3600001";
    QTest::newRow("initial above max") << oneFeed(base + R"(, "reconnect": {"initial_ms": 5000, "max_ms": 1000})")
                                       << "feeds[0].reconnect.initial_ms"
                                       << "5000 is larger than max_ms (1000); make initial_ms at most max_ms";
    QTest::newRow("initial above default max") << oneFeed(base + R"(, "reconnect": {"initial_ms": 60000})")
                                               << "feeds[0].reconnect.initial_ms" << "larger than max_ms (30000)";

    // durations and sizes
    QTest::newRow("stale negative") << oneFeed(base + R"(, "stale_after_ms": -1000)") << "feeds[0].stale_after_ms"
                                    << "must be positive, found -1000";
    QTest::newRow("stale below 100") << oneFeed(base + R"(, "stale_after_ms": 99)") << "feeds[0].stale_after_ms"
                                     << "must be at least 100, found 99";
    QTest::newRow("stale fractional") << oneFeed(base + R"(, "stale_after_ms": 1000.5)") << "feeds[0].stale_after_ms"
                                      << "must be a whole number, found 1000.5";
    QTest::newRow("stale huge") << oneFeed(base + R"(, "stale_after_ms": 1e300)") << "feeds[0].stale_after_ms"
                                << "must be at most 86400000";
    QTest::newRow("unknown transport") << oneFeed(base + R"(, "transport": "curl")") << "feeds[0].transport"
                                       << "\"curl\" is not a transport; use \"feeddeck\"";
    QTest::newRow("transport a number") << oneFeed(base + R"(, "transport": 2)") << "feeds[0].transport"
                                        << "must be a string, found a number";
    QTest::newRow("subprotocols not a list") << oneFeed(base + R"(, "subprotocols": "v1.json")")
                                             << "feeds[0].subprotocols"
                                             << "must be a list of subprotocol names, e.g. [\"v1.json\"], found a string";
    QTest::newRow("subprotocol with a space") << oneFeed(base + R"(, "subprotocols": ["v1.json", "v 2"])")
                                              << "feeds[0].subprotocols[1]" << "\"v 2\" is not a subprotocol name";
    QTest::newRow("subprotocol with a comma") << oneFeed(base + R"(, "subprotocols": ["a,b"])")
                                              << "feeds[0].subprotocols[0]" << "no spaces or commas";
    QTest::newRow("subprotocol twice") << oneFeed(base + R"(, "subprotocols": ["v1", "v1"])")
                                       << "feeds[0].subprotocols[1]" << "\"v1\" is listed twice";
    QTest::newRow("subprotocol a number") << oneFeed(base + R"(, "subprotocols": [1])")
                                          << "feeds[0].subprotocols[0]" << "must be a string, found a number";
    QTest::newRow("ping interval below a second") << oneFeed(base + R"(, "ping_interval_ms": 500)")
                                                  << "feeds[0].ping_interval_ms"
                                                  << "must be 0 (ping only when the feed is silent) or at least 1000 ms, found 500";
    QTest::newRow("ping interval negative") << oneFeed(base + R"(, "ping_interval_ms": -1)") << "feeds[0].ping_interval_ms"
                                            << "must be at least 0, found -1";
    QTest::newRow("ping interval a string") << oneFeed(base + R"(, "ping_interval_ms": "15s")")
                                            << "feeds[0].ping_interval_ms" << "must be a number, found a string";
    QTest::newRow("handshake a bool") << oneFeed(base + R"(, "handshake_timeout_ms": false)")
                                      << "feeds[0].handshake_timeout_ms" << "must be a number, found a boolean";
    QTest::newRow("handshake below 100") << oneFeed(base + R"(, "handshake_timeout_ms": 10)")
                                         << "feeds[0].handshake_timeout_ms" << "must be at least 100";
    QTest::newRow("max bytes below 1024") << oneFeed(base + R"(, "max_message_bytes": 1023)")
                                          << "feeds[0].max_message_bytes" << "must be at least 1024, found 1023";
    QTest::newRow("max bytes above 256 MiB") << oneFeed(base + R"(, "max_message_bytes": 268435457)")
                                             << "feeds[0].max_message_bytes" << "must be at most 268435456";

    // headers
    QTest::newRow("headers an array") << oneFeed(base + R"(, "headers": ["a"])") << "feeds[0].headers"
                                      << "must be an object of header names and values";
    QTest::newRow("header value a number") << oneFeed(base + R"(, "headers": {"X-Api-Key": 5})")
                                           << "feeds[0].headers.X-Api-Key" << "must be a string, found a number";
    QTest::newRow("header name with space") << oneFeed(base + R"(, "headers": {"Api Key": "v"})")
                                            << R"(feeds[0].headers["Api Key"])"
                                            << R"("Api Key" is not a valid HTTP header name)";
    QTest::newRow("header name with colon") << oneFeed(base + R"(, "headers": {"X:Y": "v"})")
                                            << R"(feeds[0].headers["X:Y"])" << "is not a valid HTTP header name";
    QTest::newRow("header name empty") << oneFeed(base + R"(, "headers": {"": "v"})") << R"(feeds[0].headers[""])"
                                       << "is not a valid HTTP header name";
    QTest::newRow("header value with line break") << oneFeed(base + R"(, "headers": {"X-A": "v\r\nHost: evil"})")
                                                  << "feeds[0].headers.X-A" << "must be a single line";

    // ca_file
    QTest::newRow("ca_file a number") << oneFeed(base + R"(, "ca_file": 5)") << "feeds[0].ca_file"
                                      << "must be a string, found a number";
    QTest::newRow("ca_file empty") << oneFeed(base + R"(, "ca_file": "")") << "feeds[0].ca_file"
                                   << "is not an absolute file path; give the full path of a PEM file";
    QTest::newRow("ca_file relative") << oneFeed(base + R"(, "ca_file": "certs/ca.pem")") << "feeds[0].ca_file"
                                      << R"("certs/ca.pem" is not an absolute file path)";

    // proxy: the message never repeats the text, which may hold a password.
    QTest::newRow("proxy not a string") << oneFeed(base + R"(, "proxy": false)") << "feeds[0].proxy"
                                        << "must be a string, found a boolean";
    QTest::newRow("proxy empty") << oneFeed(base + R"(, "proxy": "")") << "feeds[0].proxy"
                                 << "is empty; use \"system\", \"none\" or a proxy URL";
    QTest::newRow("proxy unknown word") << oneFeed(base + R"(, "proxy": "auto")") << "feeds[0].proxy"
                                        << "is not a proxy URL; write it like http://host:3128";
    QTest::newRow("proxy without port") << oneFeed(base + R"(, "proxy": "http://alice:s3cret@proxy.corp")")
                                        << "feeds[0].proxy" << "has no port; add it, e.g. http://proxy.corp:3128";
    QTest::newRow("proxy https") << oneFeed(base + R"(, "proxy": "https://proxy.corp:3128")") << "feeds[0].proxy"
                                 << "use http://";
    QTest::newRow("proxy env in host") << oneFeed(base + R"(, "proxy": "http://${env:PROXY_HOST}:3128")")
                                       << "feeds[0].proxy" << "may only hold the user and password";

    // url with ${env:NAME}
    QTest::newRow("url env in host") << oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://${env:HOST}/ws")")
                                     << "feeds[0].url" << "uses ${env:...} in the host or port";
    QTest::newRow("url env in port") << oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h:${env:P}/ws")")
                                     << "feeds[0].url" << "uses ${env:...} in the host or port";
    // compression and payload
    QTest::newRow("compression unknown") << oneFeed(base + R"(, "compression": "brotli")") << "feeds[0].compression"
                                         << R"("brotli" is not one of: auto, off ("auto" offers permessage-deflate to )"
                                            R"(the server, "off" does not))";
    QTest::newRow("compression a bool") << oneFeed(base + R"(, "compression": false)") << "feeds[0].compression"
                                        << "must be a string, found a boolean";
    QTest::newRow("payload unknown") << oneFeed(base + R"(, "payload": "GZIP")") << "feeds[0].payload"
                                     << R"("GZIP" is not one of: text, gzip, deflate, zlib ("text" takes text frames )"
                                        R"(only; gzip, deflate or zlib when the server's binary frames carry )"
                                        R"(compressed JSON))";
}

void TstWorkspaceParser::compressionAndPayloadAreRead()
{
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "compression": "off", "payload": "zlib")"),
        kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).compression, feeddeck::workspace::Compression::Off);
    QCOMPARE(result.workspace->feeds.at(0).payload, feeddeck::workspace::Payload::Zlib);
    QVERIFY(result.workspace->feeds.at(0).extra.isEmpty());
}

void TstWorkspaceParser::invalidInputIsReportedAtItsPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);

    verifyTheOneProblem(json, path, message);
}

void TstWorkspaceParser::everyProblemIsReportedNotOnlyTheFirst()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("many-problems.json")), kFile, kProtocols);
    QVERIFY(!result.workspace.has_value());
    QStringList found = paths(result.problems);
    found.sort();
    QStringList expected = {
        "feeds[0].url",
        "feeds[0].symbols[1]",
        "feeds[1].id",
        "feeds[1].protocol",
        "feeds[1].reconnect.initial_ms",
        "feeds[1].reconnect.max_ms",
        "feeds[2].enabled",
        "feeds[2].json",
        "feeds[2].stale_after_ms",
        "feeds[3]",
    };
    expected.sort();
    QCOMPARE(found, expected);
}

void TstWorkspaceParser::brokenJsonNamesLineAndColumn()
{
    // The missing comma sits on line 3, before column 15; Qt reports the offset just past it.
    const QByteArray json = "{\n  \"version\": 1,\n  \"feeds\": [] \"extra\": 1\n}\n";
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(result.problems.size(), 1);
    const WorkspaceProblem &problem = result.problems.at(0);
    QCOMPARE(problem.jsonPath, QString());
    QVERIFY2(problem.message.startsWith(QStringLiteral("not valid JSON at line 3, column 16: unterminated object;")),
             qPrintable(problem.message));
}

void TstWorkspaceParser::byteOrderMarkIsIgnored()
{
    const ParseResult result =
        parseWorkspace("\xEF\xBB\xBF" + readData(QStringLiteral("minimal.json")), kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.size(), 1);
}

void TstWorkspaceParser::byteOrderMarkInsideTheFileIsRefusedWithItsPlace()
{
    // Qt's JSON reader would drop it from the start of "symbols" and of "BTC-USD": the
    // workspace used and saved would not be the one written.
    const QByteArray json = "{\"version\": 1,\n"
                            " \"feeds\": [{\"id\": \"a\", \"protocol\": \"coinbase\", \"url\": \"wss://x.example\",\n"
                            "   \"\xEF\xBB\xBFsymbols\": [\"\xEF\xBB\xBF" "BTC-USD\"]}]}";
    const ParseResult result = parseWorkspace("\xEF\xBB\xBF" + json, kFile, kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.constFirst().jsonPath, QString());
    QCOMPARE(result.problems.constFirst().message,
             QStringLiteral("an invisible byte order mark (U+FEFF) at line 3, column 5; delete it in a text editor (it "
                            "may only be the file's first character)"));
}

void TstWorkspaceParser::problemToStringJoinsFilePathAndMessage()
{
    const WorkspaceProblem withPath{"/home/u/ws.json", "feeds[1].url", "\"http://x\" is not a WebSocket URL"};
    QCOMPARE(withPath.toString(), QStringLiteral("/home/u/ws.json: feeds[1].url: \"http://x\" is not a WebSocket URL"));
    const WorkspaceProblem wholeFile{"/home/u/ws.json", {}, "the file is empty"};
    QCOMPARE(wholeFile.toString(), QStringLiteral("/home/u/ws.json: the file is empty"));

    const ParseResult result = parseWorkspace(oneFeed(R"("id": "a", "protocol": "coinbase", "url": "http://x")"),
                                              QStringLiteral("/tmp/w.json"), kProtocols);
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).toString(),
             QStringLiteral("/tmp/w.json: feeds[0].url: \"http://x\" is not a WebSocket URL; "
                            "use ws://, wss:// or sim://market"));
}

void TstWorkspaceParser::formatProblemsPutsOneProblemPerLine()
{
    const QList<WorkspaceProblem> problems{{"f", "version", "a"}, {"f", "feeds", "b"}};
    QCOMPARE(formatProblems(problems), QStringLiteral("f: version: a\nf: feeds: b"));
}

void TstWorkspaceParser::problemListIsBounded()
{
    QByteArray symbols;
    for (int i = 0; i < 900; ++i)
        symbols += i ? ", 1" : "1";
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "symbols": [)" + symbols + "]"), kFile,
        kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(result.problems.size(), kMaxProblems + 1);
    QCOMPARE(result.problems.first().jsonPath, QStringLiteral("feeds[0].symbols[0]"));
    QVERIFY2(result.problems.last().message.startsWith(QStringLiteral("800 more problems not shown")),
             qPrintable(result.problems.last().message));
}

void TstWorkspaceParser::truncatedFileAtEveryLengthYieldsProblemsNotCrash()
{
    const QByteArray full = readData(QStringLiteral("full.json"));
    for (qsizetype length = 0; length < full.size() - 2; ++length) {
        const ParseResult result = parseWorkspace(full.left(length), kFile, kProtocols);
        QVERIFY2(!result.workspace.has_value(), qPrintable(QString::number(length)));
        QVERIFY(!result.problems.isEmpty());
    }
}

void TstWorkspaceParser::hostileInputYieldsProblemsNotCrash_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01{\x80", 6);
    QTest::newRow("deep nesting") << QByteArray(100000, '[') + QByteArray(100000, ']');
    QTest::newRow("deep nesting in a feed")
        << oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "x": )" + QByteArray(5000, '[')
                   + QByteArray(5000, ']'));
    QTest::newRow("number overflow") << oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "stale_after_ms": 1e999)");
    QTest::newRow("invalid utf-8 in strings") << oneFeed("\"id\": \"a\xc3\x28\", \"protocol\": \"\xff\", \"url\": \"wss://\xfe\"");
    QTest::newRow("huge string id") << oneFeed("\"id\": \"" + QByteArray(1 << 20, 'x') + " \"");
    QTest::newRow("scalar root") << QByteArray("42");
    QTest::newRow("null root") << QByteArray("null");
}

void TstWorkspaceParser::hostileInputYieldsProblemsNotCrash()
{
    QFETCH(QByteArray, json);
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY(!result.workspace.has_value());
    QVERIFY(!result.problems.isEmpty());
    QVERIFY(result.problems.size() <= kMaxProblems + 1);
    for (const WorkspaceProblem &problem : result.problems)
        QVERIFY(problem.message.size() < 400); // echoed text is shortened
}

void TstWorkspaceParser::checkFeedReportsPathsRelativeToTheFeed()
{
    const QJsonObject feed{{"id", "crypto"},
                           {"protocol", "coinbase"},
                           {"url", "http://example.com/feed"},
                           {"reconnect", QJsonObject{{"initial_ms", 5000}, {"max_ms", 1000}}},
                           {"headers", QJsonObject{{"Bad Name", "x"}}}};
    const FeedCheck check = checkFeed(feed, kProtocols);
    QVERIFY(!check.feed);
    QStringList paths;
    for (const WorkspaceProblem &p : check.problems) {
        QVERIFY(p.file.isEmpty());
        paths.append(p.jsonPath);
    }
    QCOMPARE(paths, QStringList({"url", "reconnect.initial_ms", "headers[\"Bad Name\"]"}));
    QVERIFY2(check.problems.at(0).message.contains(QStringLiteral("not a WebSocket URL")),
             qPrintable(check.problems.at(0).message));
}

void TstWorkspaceParser::checkFeedAcceptsWhatAFileAccepts()
{
    const QJsonObject feed{{"id", "spot"},
                           {"name", "Binance spot"},
                           {"protocol", "binance"},
                           {"url", "wss://stream.example.com:9443/ws"},
                           {"symbols", QJsonArray{"btcusdt"}},
                           {"options", QJsonObject{{"streams", QJsonArray{"ticker"}}}},
                           {"colour", "teal"}};
    const FeedCheck check = checkFeed(feed, kProtocols);
    QVERIFY2(check.problems.isEmpty(), qPrintable(formatProblems(check.problems)));
    QVERIFY(check.feed);
    QCOMPARE(check.feed->name, QStringLiteral("Binance spot"));
    QCOMPARE(check.feed->url, QUrl("wss://stream.example.com:9443/ws"));
    QCOMPARE(check.feed->symbols, QStringList({"btcusdt"}));
    QCOMPARE(check.feed->extra.value("colour").toString(), QStringLiteral("teal"));
}

void TstWorkspaceParser::limitsAreReadForEachFeedAndForTheWindow()
{
    const ParseResult result = parseWorkspace(R"({"version": 1, "max_problems": 50, "feeds": [
        {"id": "small", "protocol": "coinbase", "url": "wss://h",
         "max_symbol_bytes": 12, "max_rows": 5, "history_points": 300},
        {"id": "plain", "protocol": "binance", "url": "wss://h"}]})",
                                              kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    const Workspace &ws = *result.workspace;
    QCOMPARE(ws.maxProblems, 50);
    QCOMPARE(ws.feeds.at(0).maxSymbolBytes, 12);
    QCOMPARE(ws.feeds.at(0).maxRows, 5);
    QCOMPARE(ws.feeds.at(0).historyPoints, 300);
    // Each feed has its own: the other keeps the defaults.
    QCOMPARE(ws.feeds.at(1).maxSymbolBytes, 128);
    QCOMPARE(ws.feeds.at(1).maxRows, 10000);
    QCOMPARE(ws.feeds.at(1).historyPoints, 100000);
    // Known keys, not kept as unknown ones.
    QVERIFY(ws.extra.isEmpty());
    QVERIFY(ws.feeds.at(0).extra.isEmpty());
}

void TstWorkspaceParser::limitsAtTheEndsOfTheirRangesAreAccepted_data()
{
    QTest::addColumn<int>("maxProblems");
    QTest::addColumn<int>("maxSymbolBytes");
    QTest::addColumn<int>("maxRows");
    QTest::addColumn<int>("historyPoints");
    QTest::newRow("lowest") << 10 << 1 << 1 << 100;
    QTest::newRow("highest") << 100000 << 1024 << 1000000 << 10000000;
}

void TstWorkspaceParser::limitsAtTheEndsOfTheirRangesAreAccepted()
{
    QFETCH(int, maxProblems);
    QFETCH(int, maxSymbolBytes);
    QFETCH(int, maxRows);
    QFETCH(int, historyPoints);
    const QByteArray json = QStringLiteral(R"({"version": 1, "max_problems": %1, "feeds": [
        {"id": "a", "protocol": "coinbase", "url": "wss://h", "max_symbol_bytes": %2, "max_rows": %3,
         "history_points": %4}]})")
                                .arg(maxProblems)
                                .arg(maxSymbolBytes)
                                .arg(maxRows)
                                .arg(historyPoints)
                                .toUtf8();
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->maxProblems, maxProblems);
    QCOMPARE(result.workspace->feeds.at(0).maxSymbolBytes, maxSymbolBytes);
    QCOMPARE(result.workspace->feeds.at(0).maxRows, maxRows);
    QCOMPARE(result.workspace->feeds.at(0).historyPoints, historyPoints);
}

void TstWorkspaceParser::limitOutsideItsRangeIsReportedWithPathRangeAndWhatToDo_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("problem"); // exactly, as stderr and the window show it

    // The limit is on the third feed, so the path names which one.
    const auto third = [](const QByteArray &keys) {
        return R"({"version": 1, "feeds": [{"id": "a", "protocol": "coinbase", "url": "wss://h"},
                                           {"id": "b", "protocol": "coinbase", "url": "wss://h"},
                                           {"id": "c", "protocol": "coinbase", "url": "wss://h", )"
               + keys + "}]}";
    };
    QTest::newRow("max_rows zero") << third(R"("max_rows": 0)")
                                   << "ws.json: feeds[2].max_rows: must be positive, found 0; use a value from 1 to 1000000";
    QTest::newRow("max_rows above a million")
        << third(R"("max_rows": 1000001)")
        << "ws.json: feeds[2].max_rows: must be at most 1000000, found 1000001; use a value from 1 to 1000000";
    QTest::newRow("max_rows fractional")
        << third(R"("max_rows": 2.5)")
        << "ws.json: feeds[2].max_rows: must be a whole number, found 2.5; use a value from 1 to 1000000";
    QTest::newRow("max_rows a string") << third(R"("max_rows": "500")")
                                       << "ws.json: feeds[2].max_rows: must be a number, found a string";
    QTest::newRow("max_symbol_bytes negative")
        << third(R"("max_symbol_bytes": -8)")
        << "ws.json: feeds[2].max_symbol_bytes: must be positive, found -8; use a value from 1 to 1024";
    QTest::newRow("max_symbol_bytes above 1024")
        << third(R"("max_symbol_bytes": 1025)")
        << "ws.json: feeds[2].max_symbol_bytes: must be at most 1024, found 1025; use a value from 1 to 1024";
    QTest::newRow("history_points below 100")
        << third(R"("history_points": 99)")
        << "ws.json: feeds[2].history_points: must be at least 100, found 99; use a value from 100 to 10000000";
    QTest::newRow("history_points above ten million")
        << third(R"("history_points": 10000001)")
        << "ws.json: feeds[2].history_points: must be at most 10000000, found 10000001; use a value from 100 to "
           "10000000";
    QTest::newRow("history_points null") << third(R"("history_points": null)")
                                         << "ws.json: feeds[2].history_points: must be a number, found null";
    QTest::newRow("max_problems below 10")
        << QByteArray(R"({"version": 1, "feeds": [], "max_problems": 9})")
        << "ws.json: max_problems: must be at least 10, found 9; use a value from 10 to 100000";
    QTest::newRow("max_problems above 100000")
        << QByteArray(R"({"version": 1, "feeds": [], "max_problems": 100001})")
        << "ws.json: max_problems: must be at most 100000, found 100001; use a value from 10 to 100000";
    QTest::newRow("max_problems a boolean") << QByteArray(R"({"version": 1, "feeds": [], "max_problems": true})")
                                            << "ws.json: max_problems: must be a number, found a boolean";
}

void TstWorkspaceParser::limitOutsideItsRangeIsReportedWithPathRangeAndWhatToDo()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, problem);
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(formatProblems(result.problems), problem);
}

void TstWorkspaceParser::checkFeedReportsALimitAtItsKey()
{
    // What the feed editor shows next to the field.
    const QJsonObject feed{{"id", "crypto"}, {"protocol", "coinbase"}, {"url", "wss://h"},
                           {"max_rows", 0}, {"history_points", 50}, {"max_symbol_bytes", 64}};
    const FeedCheck check = checkFeed(feed, kProtocols);
    QVERIFY(!check.feed);
    QCOMPARE(check.problems.size(), 2);
    QCOMPARE(check.problems.at(0).jsonPath, QStringLiteral("max_rows"));
    QCOMPARE(check.problems.at(0).message, QStringLiteral("must be positive, found 0; use a value from 1 to 1000000"));
    QCOMPARE(check.problems.at(1).jsonPath, QStringLiteral("history_points"));
    QCOMPARE(check.problems.at(1).message,
             QStringLiteral("must be at least 100, found 50; use a value from 100 to 10000000"));

    QJsonObject fixed = feed;
    fixed.insert("max_rows", 5);
    fixed.insert("history_points", 500);
    const FeedCheck accepted = checkFeed(fixed, kProtocols);
    QVERIFY2(accepted.feed, qPrintable(formatProblems(accepted.problems)));
    QCOMPARE(accepted.feed->maxRows, 5);
    QCOMPARE(accepted.feed->historyPoints, 500);
    QCOMPARE(accepted.feed->maxSymbolBytes, 64);
}

void TstWorkspaceParser::proxySettingsAreAccepted_data()
{
    QTest::addColumn<QString>("proxy");
    QTest::newRow("system") << "system";
    QTest::newRow("none") << "none";
    QTest::newRow("http") << "http://proxy.corp:3128";
    QTest::newRow("http with credentials") << "http://alice:s3cret@proxy.corp:3128";
    QTest::newRow("credentials from the environment") << "http://${env:PROXY_USER}:${env:PROXY_PASS}@10.0.0.1:8080";
    QTest::newRow("socks5") << "socks5://127.0.0.1:1080";
    QTest::newRow("socks5 with credentials") << "socks5://bob:pw@[::1]:1080";
}

void TstWorkspaceParser::proxySettingsAreAccepted()
{
    QFETCH(QString, proxy);
    const QByteArray json = oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "proxy": )"
                                    + QJsonDocument(QJsonArray{proxy}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).proxy, proxy);
}

void TstWorkspaceParser::proxyWrongInTheSecondFeedNamesThatFeed()
{
    const QByteArray json = R"({"version": 1, "feeds": [
        {"id": "a", "protocol": "coinbase", "url": "wss://h"},
        {"id": "b", "protocol": "coinbase", "url": "wss://h", "proxy": "socks4://gw:1080"}]})";
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QCOMPARE(paths(result.problems), QStringList{QStringLiteral("feeds[1].proxy")});
    QCOMPARE(result.problems.at(0).toString(),
             QStringLiteral("ws.json: feeds[1].proxy: uses the scheme \"socks4\"; FeedDeck supports http:// "
                            "(CONNECT) and socks5:// proxies"));
}

void TstWorkspaceParser::urlWithEnvReferencesIsAcceptedAsWritten_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("query") << "wss://stream.example/ws?apikey=${env:FEED_KEY}";
    QTest::newRow("query among others") << "wss://stream.example/ws?a=1&apikey=${env:FEED_KEY}&b=%20";
    QTest::newRow("path") << "wss://stream.example/v1/${env:ACCOUNT}/stream";
    QTest::newRow("user info") << "wss://${env:FEED_USER}:${env:FEED_PASS}@stream.example:9443/ws";
}

void TstWorkspaceParser::urlWithEnvReferencesIsAcceptedAsWritten()
{
    QFETCH(QString, url);
    const QByteArray json = oneFeed(R"("id": "a", "protocol": "coinbase", "url": ")" + url.toUtf8() + "\"");
    const ParseResult result = parseWorkspace(json, kFile, kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    const QUrl parsed = result.workspace->feeds.at(0).url;
    QVERIFY(hasEnvReference(parsed));
    QCOMPARE(templateText(parsed), url);
    QCOMPARE(parsed.host(), QStringLiteral("stream.example"));
}

void TstWorkspaceParser::passwordInABadProxyIsNotRepeated()
{
    const ParseResult result =
        parseWorkspace(oneFeed(R"("id": "a", "protocol": "coinbase", "url": "wss://h", "proxy": "ftp://u:hunter22@gw:21")"),
                       kFile, kProtocols);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY2(!result.problems.at(0).message.contains(QStringLiteral("hunter22")), qPrintable(result.problems.at(0).message));
}

namespace {
const QStringList kWithNats = kProtocols + QStringList{QStringLiteral("nats")};
}

void TstWorkspaceParser::aNatsFeedIsAcceptedWithPatternsCredentialsAndHistory()
{
    const ParseResult result = parseWorkspace(
        oneFeed(R"("id": "desk", "protocol": "nats", "url": "ws://nats.example:8080",
                   "symbols": ["feeddeck.>", "feeddeck.crypto.*", "feeddeck.stock.SKU-1"],
                   "options": {"user": "desk", "password": "${env:NATS_PASSWORD}", "history": false})"),
        kFile, kWithNats);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.workspace->feeds.at(0).symbols.size(), 3);
    QCOMPARE(result.workspace->feeds.at(0).options.value(QStringLiteral("history")).toBool(true), false);
    // nats-server sends a WebSocket client whatever it has pending in one message.
    QCOMPARE(result.workspace->feeds.at(0).maxMessageBytes, kNatsMaxMessageBytes);
    const ParseResult limited = parseWorkspace(
        oneFeed(R"("id": "desk", "protocol": "nats", "url": "ws://h:8080", "max_message_bytes": 2097152)"), kFile,
        kWithNats);
    QVERIFY2(limited.workspace, qPrintable(formatProblems(limited.problems)));
    QCOMPARE(limited.workspace->feeds.at(0).maxMessageBytes, 2097152);
}

void TstWorkspaceParser::aNatsFeedsProblemsAreReportedAtTheirPaths_data()
{
    QTest::addColumn<QByteArray>("feedKeys");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    const QByteArray base = R"("id": "desk", "protocol": "nats", )";
    QTest::newRow("client port url") << base + R"("url": "nats://h:4222", "symbols": ["feeddeck.>"])"
                                     << "feeds[0].url" << "use ws://HOST:PORT or wss://HOST:PORT";
    QTest::newRow("space in a pattern") << base + R"("url": "ws://h:8080", "symbols": ["feeddeck.>", "feeddeck. x"])"
                                        << "feeds[0].symbols[1]" << "is not a NATS subject pattern";
    QTest::newRow("> not last") << base + R"("url": "ws://h:8080", "symbols": ["feeddeck.>.x"])"
                                << "feeds[0].symbols[0]" << "is not a NATS subject pattern";
    QTest::newRow("numeric token") << base + R"("url": "ws://h:8080", "symbols": ["a.>"], "options": {"token": 5})"
                                   << "feeds[0].options.token" << "must be a string";
    QTest::newRow("history as a duration")
        << base + R"("url": "ws://h:8080", "symbols": ["a.>"], "options": {"history": "1h"})"
        << "feeds[0].options.history" << "must be true (read the relay's stored history first) or false";
}

void TstWorkspaceParser::aNatsFeedsProblemsAreReportedAtTheirPaths()
{
    QFETCH(QByteArray, feedKeys);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const ParseResult result = parseWorkspace(oneFeed(feedKeys), kFile, kWithNats);
    QVERIFY(!result.workspace);
    QCOMPARE(paths(result.problems), QStringList{path});
    QVERIFY2(result.problems.constFirst().message.contains(message), qPrintable(result.problems.constFirst().message));
}


namespace {

// A workspace with one coinbase feed "cb" and the alert rules `rules` (the body of the array).
QByteArray withAlerts(const QByteArray &rules)
{
    return R"({"version": 1, "feeds": [{"id": "cb", "protocol": "coinbase", "url": "wss://h.example/ws"}], "alerts": [)"
           + rules + "]}";
}

} // namespace

void TstWorkspaceParser::alertRulesAreReadWithDefaultsAndUnknownKeys()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("alerts.json")), kFile, kWithNats);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    const QList<feeddeck::alert::AlertRule> &rules = result.workspace->alerts;
    QCOMPARE(rules.size(), 6);
    using feeddeck::alert::Severity;
    using feeddeck::alert::When;

    const feeddeck::alert::AlertRule &high = rules.at(0);
    QCOMPARE(high.id, QStringLiteral("btc-high"));
    QCOMPARE(high.feed, QStringLiteral("cb"));
    QCOMPARE(high.symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(high.field, QStringLiteral("price"));
    QCOMPARE(high.when, When::Above);
    QCOMPARE(high.value, 70000.0);
    QCOMPARE(high.cooldownS, 60.0);
    QCOMPARE(high.enabled, true);
    QCOMPARE(high.severity, Severity::Critical);
    QCOMPARE(high.note, QStringLiteral("take profit?"));
    QCOMPARE(high.extra, (QJsonObject{{"colour", "red"}}));

    const feeddeck::alert::AlertRule &low = rules.at(1); // defaults
    QCOMPARE(low.when, When::CrossesDown);
    QCOMPARE(low.field, QStringLiteral("price"));
    QCOMPARE(low.cooldownS, 0.0);
    QCOMPARE(low.enabled, true);
    QCOMPARE(low.severity, Severity::Warning);
    QVERIFY(low.note.isEmpty());
    QVERIFY(low.extra.isEmpty());

    QCOMPARE(rules.at(2).when, When::MovePct);
    QCOMPARE(rules.at(2).symbol, feeddeck::alert::kEverySymbol);
    QCOMPARE(rules.at(2).windowS, 300.0);
    QCOMPARE(rules.at(2).severity, Severity::Info);
    QCOMPARE(rules.at(2).extra.value("sound").toObject().value("file").toString(), QStringLiteral("ding.wav"));
    QCOMPARE(rules.at(3).when, When::SpreadAbove);
    QCOMPARE(rules.at(3).enabled, false);
    QCOMPARE(rules.at(4).when, When::SilentFor);
    QCOMPARE(rules.at(4).symbol, feeddeck::alert::kEverySymbol); // absent: the whole feed
    QCOMPARE(rules.at(5).feed, QStringLiteral("desk/crypto")); // a feed seen through the relay "desk"
    QCOMPARE(rules.at(5).cooldownS, 0.5);
    // "alerts" is a known key, not kept twice.
    QVERIFY(!result.workspace->extra.contains("alerts"));
}

void TstWorkspaceParser::aWorkspaceWithoutAlertsHasNoRules()
{
    const ParseResult result = parseWorkspace(readData(QStringLiteral("full.json")), kFile, kProtocols);
    QVERIFY(result.workspace);
    QVERIFY(result.workspace->alerts.isEmpty());
    const ParseResult empty = parseWorkspace(withAlerts(""), kFile, kProtocols);
    QVERIFY(empty.workspace);
    QVERIFY(empty.workspace->alerts.isEmpty());
}

void TstWorkspaceParser::alertRuleProblemsAreReportedAtTheirPaths_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    const QByteArray ok = R"({"id": "ok", "feed": "cb", "symbol": "BTC-USD", "when": "above", "value": 1})";
    QTest::newRow("alerts an object")
        << QByteArray(R"({"version": 1, "feeds": [], "alerts": {}})") << "alerts"
        << R"(must be an array of alert rules such as [{"id": "btc-high")";
    QTest::newRow("rule not an object") << withAlerts(ok + ", 7") << "alerts[1]"
                                        << "must be an object describing one alert rule, found a number";
    QTest::newRow("id missing") << withAlerts(R"({"feed": "cb", "when": "above", "value": 1})") << "alerts[0].id"
                                << R"(missing; give the alert rule a unique id such as "btc-high")";
    QTest::newRow("id with space") << withAlerts(R"({"id": "a b", "feed": "cb", "when": "above", "value": 1})")
                                   << "alerts[0].id" << R"("a b" may only contain letters, digits)";
    QTest::newRow("id duplicate")
        << withAlerts(ok + ", " + ok)
        << "alerts[1].id" << R"(duplicate id "ok" (also alerts[0].id); give each alert rule its own id)";
    QTest::newRow("feed missing") << withAlerts(R"({"id": "a", "when": "above", "value": 1})") << "alerts[0].feed"
                                  << "missing; name the feed the rule watches, one of: cb";
    QTest::newRow("feed not in the workspace")
        << withAlerts(R"({"id": "a", "feed": "binance", "when": "above", "value": 1})") << "alerts[0].feed"
        << R"("binance" is not a feed of this workspace; use one of: cb)";
    QTest::newRow("relayed id under a feed that is no relay")
        << withAlerts(R"({"id": "a", "feed": "cb/x", "when": "above", "value": 1})") << "alerts[0].feed"
        << R"("cb/x" is not a feed of this workspace)";
    QTest::newRow("when missing") << withAlerts(R"({"id": "a", "feed": "cb", "value": 1})") << "alerts[0].when"
                                  << "missing; say when the rule fires, one of: above, below, crosses_up, "
                                     "crosses_down, move_pct, spread_above, silent_for_s";
    QTest::newRow("when unknown")
        << withAlerts(ok + R"(, {"id": "a", "feed": "cb", "when": "over", "value": 1})") << "alerts[1].when"
        << R"("over" is not a kind of rule; use one of: above, below, crosses_up, crosses_down, move_pct, )"
           "spread_above, silent_for_s";
    QTest::newRow("value missing") << withAlerts(R"({"id": "a", "feed": "cb", "when": "above"})") << "alerts[0].value"
                                   << R"(missing; add the level, e.g. "value": 70000)";
    QTest::newRow("value a string")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": "70000"})") << "alerts[0].value"
        << "must be a number, found a string";
    QTest::newRow("silence of 0 s")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "silent_for_s", "value": 0})") << "alerts[0].value"
        << R"(must be positive, found 0; write the seconds of silence, e.g. "value": 30)";
    QTest::newRow("window_s missing for move_pct")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "move_pct", "value": 2})") << "alerts[0].window_s"
        << R"(missing; a move_pct rule needs the window its move is measured over, in seconds, e.g. "window_s": 60)";
    QTest::newRow("window_s of 0")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "move_pct", "value": 2, "window_s": 0})")
        << "alerts[0].window_s" << "must be positive, found 0";
    QTest::newRow("negative cooldown")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": 1, "cooldown_s": -5})")
        << "alerts[0].cooldown_s"
        << "must not be negative, found -5; use 0 (no cooldown) or the seconds the rule stays quiet";
    QTest::newRow("cooldown over a week")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": 1, "cooldown_s": 1e9})")
        << "alerts[0].cooldown_s" << "must be at most 604800 seconds (a week)";
    QTest::newRow("bad severity")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": 1, "severity": "urgent"})")
        << "alerts[0].severity" << R"("urgent" is not a severity; use one of: info, warning, critical)";
    QTest::newRow("enabled a string")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": 1, "enabled": "yes"})")
        << "alerts[0].enabled" << "must be true or false, found a string";
    QTest::newRow("empty symbol")
        << withAlerts(R"({"id": "a", "feed": "cb", "symbol": "", "when": "above", "value": 1})") << "alerts[0].symbol"
        << R"(or "*" for every symbol of the feed)";
    QTest::newRow("note a number")
        << withAlerts(R"({"id": "a", "feed": "cb", "when": "above", "value": 1, "note": 5})") << "alerts[0].note"
        << "must be a string, found a number";
}

void TstWorkspaceParser::alertRuleProblemsAreReportedAtTheirPaths()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);

    verifyTheOneProblem(json, path, message);
}

void TstWorkspaceParser::everyAlertRuleProblemIsReported()
{
    const ParseResult result = parseWorkspace(
        withAlerts(R"({"id": "a", "feed": "nope", "when": "move_pct", "value": "x", "cooldown_s": -1},
                      {"when": "sideways"})"),
        kFile, kProtocols);
    QVERIFY(!result.workspace);
    QStringList found = paths(result.problems);
    found.sort();
    QCOMPARE(found, (QStringList{"alerts[0].cooldown_s", "alerts[0].feed", "alerts[0].value", "alerts[0].window_s",
                                 "alerts[1].feed", "alerts[1].id", "alerts[1].value", "alerts[1].when"}));
}

QTEST_APPLESS_MAIN(TstWorkspaceParser)

#include "tst_workspaceparser.moc"
