// The workspace's "derived" section: both forms read and written back, unknown keys kept, and
// every mistake reported at its JSON path with what to write instead.
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace feeddeck::workspace;

namespace {

const QStringList kProtocols = {QStringLiteral("coinbase"), QStringLiteral("nats")};
const QString kFile = QStringLiteral("desk.json");

QByteArray withDerived(const QByteArray &derived, const QByteArray &alerts = "[]")
{
    return R"({"version": 1, "feeds": [{"id": "cb", "protocol": "coinbase", "url": "wss://h.example/ws"},)"
        R"( {"id": "desk", "protocol": "nats", "url": "ws://127.0.0.1:4222", "symbols": ["x"]}],)"
        R"( "derived": )"
           + derived + R"(, "alerts": )" + alerts + "}";
}

const QByteArray kBoth = R"([)"
        R"( {"id": "btc-mid", "preset": "mid", "feed": "cb", "symbol": "BTC-USD", "colour": "teal"},)"
        R"( {"id": "btc-eth", "expression": "(a - b) / b * 100", "note": "ratio",)"
        R"( "inputs": {"a": {"feed": "cb", "symbol": "BTC-USD"},)"
        R"( "b": {"feed": "desk/binance", "symbol": "ETH-USD", "field": "bid", "unit": "usd"}}}])";

} // namespace

class TstDerivedSeriesParser : public QObject
{
    Q_OBJECT

private slots:
    void bothFormsAreReadWithDefaultsAndUnknownKeys();
    void bothFormsAreWrittenBackAsTheyWereRead();
    void problemsAreReportedAtTheirPaths_data();
    void problemsAreReportedAtTheirPaths();
    void aFeedMayNotTakeTheDerivedId();
    void alertRulesMayWatchADerivedSeries();
};

void TstDerivedSeriesParser::bothFormsAreReadWithDefaultsAndUnknownKeys()
{
    const ParseResult result = parseWorkspace(withDerived(kBoth), kFile, kProtocols);
    QVERIFY2(result.workspace.has_value(), qPrintable(formatProblems(result.problems)));
    const QList<DerivedSeriesConfig> &derived = result.workspace->derived;
    QCOMPARE(derived.size(), 2);

    const DerivedSeriesConfig &mid = derived.at(0);
    QCOMPARE(mid.id, QStringLiteral("btc-mid"));
    QVERIFY(mid.isPreset());
    QCOMPARE(mid.expressionText(), QStringLiteral("(bid + ask) / 2"));
    const QList<DerivedInput> midInputs = mid.bindings();
    QCOMPARE(midInputs.size(), 2);
    QCOMPARE(midInputs.at(0).name, QStringLiteral("bid"));
    QCOMPARE(midInputs.at(0).feed, QStringLiteral("cb"));
    QCOMPARE(midInputs.at(0).symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(midInputs.at(0).field, QStringLiteral("bid"));
    QCOMPARE(midInputs.at(1).field, QStringLiteral("ask"));
    QCOMPARE(mid.extra.value("colour").toString(), QStringLiteral("teal"));

    const DerivedSeriesConfig &ratio = derived.at(1);
    QVERIFY(!ratio.isPreset());
    QCOMPARE(ratio.expressionText(), QStringLiteral("(a - b) / b * 100"));
    QCOMPARE(ratio.note, QStringLiteral("ratio"));
    QCOMPARE(ratio.inputs.size(), 2);
    QCOMPARE(ratio.inputs.at(0).field, QStringLiteral("price")); // the default
    QCOMPARE(ratio.inputs.at(1).feed, QStringLiteral("desk/binance")); // a feed behind a relay
    QCOMPARE(ratio.inputs.at(1).field, QStringLiteral("bid"));
    QCOMPARE(ratio.inputs.at(1).extra.value("unit").toString(), QStringLiteral("usd"));
    QVERIFY(!result.workspace->extra.contains("derived"));
}

void TstDerivedSeriesParser::bothFormsAreWrittenBackAsTheyWereRead()
{
    const ParseResult first = parseWorkspace(withDerived(kBoth), kFile, kProtocols);
    QVERIFY(first.workspace.has_value());
    const QByteArray written = toJsonBytes(*first.workspace);
    const ParseResult again = parseWorkspace(written, kFile, kProtocols);
    QVERIFY2(again.workspace.has_value(), qPrintable(formatProblems(again.problems)));
    QCOMPARE(again.workspace->derived, first.workspace->derived);

    const QJsonObject root = QJsonDocument::fromJson(written).object();
    const QJsonObject mid = root.value("derived")[0].toObject();
    QCOMPARE(mid.value("preset").toString(), QStringLiteral("mid")); // not expanded into an expression
    QVERIFY(!mid.contains("expression"));
    QVERIFY(!mid.contains("inputs"));
    // Known keys first, in a fixed order; an input on one level of its own.
    QVERIFY(written.indexOf("\"id\": \"btc-eth\"") < written.indexOf("\"expression\": \"(a - b) / b * 100\""));
    QVERIFY(written.indexOf("\"expression\": \"(a - b) / b * 100\"") < written.indexOf("\"inputs\""));

    Workspace none = *first.workspace;
    none.derived.clear();
    QVERIFY(!QJsonDocument::fromJson(toJsonBytes(none)).object().contains("derived"));
}

void TstDerivedSeriesParser::problemsAreReportedAtTheirPaths_data()
{
    QTest::addColumn<QByteArray>("derived");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("not an array") << QByteArray(R"({})") << "derived" << "must be an array of derived series";
    QTest::newRow("not an object") << QByteArray(R"([3])") << "derived[0]" << "must be an object";
    QTest::newRow("no id") << QByteArray(R"([{"preset": "mid", "feed": "cb", "symbol": "X"}])") << "derived[0].id"
                           << "missing; give the derived series a unique id";
    QTest::newRow("bad id") << QByteArray(R"([{"id": "a b", "preset": "mid", "feed": "cb", "symbol": "X"}])")
                            << "derived[0].id" << "may only contain letters";
    QTest::newRow("duplicate id")
        << QByteArray(R"([{"id": "m", "preset": "mid", "feed": "cb", "symbol": "X"},)"
        R"( {"id": "m", "preset": "spread", "feed": "cb", "symbol": "X"}])")
        << "derived[1].id" << "duplicate id \"m\" (also derived[0].id)";
    QTest::newRow("neither form") << QByteArray(R"([{"id": "m"}])") << "derived[0]"
                                  << "add \"preset\": \"mid\" with \"feed\" and \"symbol\", or an \"expression\"";
    QTest::newRow("both forms")
        << QByteArray(R"([{"id": "m", "preset": "mid", "feed": "cb", "symbol": "X", "expression": "a",)"
        R"( "inputs": {}}])")
        << "derived[0].expression" << "either a preset or an expression";
    QTest::newRow("unknown preset") << QByteArray(R"([{"id": "m", "preset": "vwap", "feed": "cb", "symbol": "X"}])")
                                    << "derived[0].preset" << "\"vwap\" is not a preset; use one of: mid, spread";
    QTest::newRow("preset without symbol") << QByteArray(R"([{"id": "m", "preset": "mid", "feed": "cb"}])")
                                           << "derived[0].symbol" << "missing; name the symbol";
    QTest::newRow("preset of an unknown feed")
        << QByteArray(R"([{"id": "m", "preset": "mid", "feed": "kraken", "symbol": "X"}])") << "derived[0].feed"
        << "\"kraken\" is not a feed of this workspace; use one of: cb, desk";
    QTest::newRow("preset with inputs")
        << QByteArray(R"([{"id": "m", "preset": "mid", "feed": "cb", "symbol": "X", "inputs": {}}])")
        << "derived[0].inputs" << "remove \"inputs\"";
    QTest::newRow("expression without inputs") << QByteArray(R"([{"id": "m", "expression": "a - b"}])")
                                               << "derived[0].inputs" << "missing; say which series each name";
    QTest::newRow("expression empty")
        << QByteArray(R"([{"id": "m", "expression": " ", "inputs": {"a": {"feed": "cb", "symbol": "X"}}}])")
        << "derived[0].expression" << "is empty; write a formula";
    QTest::newRow("expression names a missing series")
        << QByteArray(R"([{"id": "m", "expression": "a - c", "inputs": {"a": {"feed": "cb", "symbol": "X"},)"
        R"( "b": {"feed": "cb", "symbol": "Y"}}}])")
        << "derived[0].expression" << "column 5: unknown series \"c\"";
    QTest::newRow("expression does not parse")
        << QByteArray(R"([{"id": "m", "expression": "a * (", "inputs": {"a": {"feed": "cb", "symbol": "X"}}}])")
        << "derived[0].expression" << "column";
    QTest::newRow("input name not an identifier")
        << QByteArray(R"([{"id": "m", "expression": "a", "inputs": {"1x": {"feed": "cb", "symbol": "X"}}}])")
        << "derived[0].inputs.1x" << "cannot be used in an expression";
    QTest::newRow("input not an object")
        << QByteArray(R"([{"id": "m", "expression": "a", "inputs": {"a": "cb/X"}}])") << "derived[0].inputs.a"
        << "must be an object naming a series";
    QTest::newRow("input of an unknown feed")
        << QByteArray(R"([{"id": "m", "expression": "a", "inputs": {"a": {"feed": "kr", "symbol": "X"}}}])")
        << "derived[0].inputs.a.feed" << "\"kr\" is not a feed of this workspace";
    QTest::newRow("input reads a derived series")
        << QByteArray(R"([{"id": "m", "expression": "a", "inputs": {"a": {"feed": "derived", "symbol": "n"}}}])")
        << "derived[0].inputs.a.feed" << "cannot read another derived series";
    QTest::newRow("input field empty")
        << QByteArray(R"([{"id": "m", "expression": "a", "inputs": {"a": {"feed": "cb", "symbol": "X", "field": ""}}}])")
        << "derived[0].inputs.a.field" << "is empty; name a field";
}

void TstDerivedSeriesParser::problemsAreReportedAtTheirPaths()
{
    QFETCH(QByteArray, derived);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const ParseResult result = parseWorkspace(withDerived(derived), kFile, kProtocols);
    QVERIFY(!result.workspace.has_value());
    QVERIFY2(result.problems.size() == 1, qPrintable(formatProblems(result.problems)));
    QCOMPARE(result.problems.at(0).file, kFile);
    QCOMPARE(result.problems.at(0).jsonPath, path);
    QVERIFY2(result.problems.at(0).message.contains(message), qPrintable(result.problems.at(0).message));
}

void TstDerivedSeriesParser::aFeedMayNotTakeTheDerivedId()
{
    const ParseResult result = parseWorkspace(
        R"({"version": 1, "feeds": [{"id": "derived", "protocol": "coinbase", "url": "wss://h.example/ws"}]})", kFile,
        kProtocols);
    QVERIFY(!result.workspace.has_value());
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).jsonPath, QStringLiteral("feeds[0].id"));
    QVERIFY(result.problems.at(0).message.contains("give the feed another id"));
}

void TstDerivedSeriesParser::alertRulesMayWatchADerivedSeries()
{
    const QByteArray rule = R"([{"id": "wide", "feed": "derived", "symbol": "btc-mid", "field": "value",)"
        R"( "when": "crosses_up", "value": 100}])";
    const ParseResult ok = parseWorkspace(withDerived(kBoth, rule), kFile, kProtocols);
    QVERIFY2(ok.workspace.has_value(), qPrintable(formatProblems(ok.problems)));
    QCOMPARE(ok.workspace->alerts.at(0).feed, QStringLiteral("derived"));

    const QByteArray unknown = R"([{"id": "wide", "feed": "derived", "symbol": "eth-mid", "field": "value",)"
        R"( "when": "above", "value": 1}])";
    const ParseResult refused = parseWorkspace(withDerived(kBoth, unknown), kFile, kProtocols);
    QCOMPARE(refused.problems.size(), 1);
    QCOMPARE(refused.problems.at(0).jsonPath, QStringLiteral("alerts[0].symbol"));
    QVERIFY2(refused.problems.at(0).message.contains("\"eth-mid\" is not a derived series of this workspace; use one "
                                                     "of: btc-mid, btc-eth"),
             qPrintable(refused.problems.at(0).message));

    // Without derived series, "derived" is just not a feed.
    const ParseResult none = parseWorkspace(withDerived("[]", unknown), kFile, kProtocols);
    QCOMPARE(none.problems.size(), 1);
    QCOMPARE(none.problems.at(0).jsonPath, QStringLiteral("alerts[0].feed"));
}

QTEST_GUILESS_MAIN(TstDerivedSeriesParser)
#include "tst_derivedseriesparser.moc"
