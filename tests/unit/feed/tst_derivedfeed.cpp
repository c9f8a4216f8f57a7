// Derived series on the network thread: computed from their inputs' updates as they are
// applied, written to the history under feed "derived", handed back for alert rules, with a
// past worked out from the history when defined, gaps when an input's feed drops, and state
// kept across an unrelated workspace change.
#include "core/feed/DerivedFeed.h"

#include <QTest>

#include <cmath>
#include <limits>

using feeddeck::data::Update;
using feeddeck::feed::DerivedFeed;
using feeddeck::store::Point;
using feeddeck::store::SeriesHistory;
using feeddeck::workspace::DerivedInput;
using feeddeck::workspace::DerivedSeriesConfig;

namespace {

constexpr qint64 kAll = std::numeric_limits<qint64>::max();

Update quote(const QString &symbol, qint64 t, std::initializer_list<std::pair<QString, double>> fields)
{
    Update u;
    u.symbol = symbol;
    u.receivedMs = t;
    for (const auto &[name, value] : fields)
        u.fields.emplace_back(name, value);
    return u;
}

DerivedSeriesConfig mid(const QString &feed = QStringLiteral("cb"))
{
    DerivedSeriesConfig c;
    c.id = QStringLiteral("btc-mid");
    c.preset = QStringLiteral("mid");
    c.feed = feed;
    c.symbol = QStringLiteral("BTC-USD");
    return c;
}

DerivedSeriesConfig ratio()
{
    DerivedSeriesConfig c;
    c.id = QStringLiteral("btc-eth");
    c.expression = QStringLiteral("(a - b) / b * 100");
    c.inputs = {DerivedInput{.name = "a", .feed = "cb", .symbol = "BTC-USD", .field = "price", .extra = {}},
                DerivedInput{.name = "b", .feed = "bn", .symbol = "ETH-USD", .field = "price", .extra = {}}};
    return c;
}

// Applies `u` as the worker does: history first, then the derived series.
QList<Update> apply(DerivedFeed &derived, SeriesHistory &history, const QString &feed, const Update &u)
{
    history.record(feed, u);
    QList<Update> out;
    derived.apply(feed, u, history, out);
    return out;
}

QList<Point> derivedPoints(const SeriesHistory &history, const QString &id)
{
    return history.points(QStringLiteral("derived"), id, QStringLiteral("value"), 0, kAll);
}

} // namespace

class TstDerivedFeed : public QObject
{
    Q_OBJECT

private slots:
    void midFollowsBidAndAskOfOneUpdateAtOnce();
    void anExpressionJoinsTwoFeedsAsOf();
    void outputsAreHandedBackAsUpdatesOfTheDerivedFeed();
    void aNewSeriesHasAPastFromTheHistory();
    void aDroppedFeedCutsTheSeriesUntilItsInputsReturn();
    void anUnchangedDefinitionKeepsItsStateAndARemovedOneItsHistoryGoes();
    void otherFeedsAndSymbolsAreIgnored();
};

void TstDerivedFeed::midFollowsBidAndAskOfOneUpdateAtOnce()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({mid()}, history);
    QCOMPARE(derived.count(), 1);

    apply(derived, history, "cb", quote("BTC-USD", 1000, {{"bid", 100}, {"ask", 102}, {"price", 101.5}}));
    apply(derived, history, "cb", quote("BTC-USD", 2000, {{"ask", 104}}));
    apply(derived, history, "cb", quote("BTC-USD", 3000, {{"bid", 103}, {"ask", 105}}));

    const QList<Point> points = derivedPoints(history, "btc-mid");
    QCOMPARE(points.size(), 3); // one per update: bid and ask of one message move it once
    QCOMPARE(points.at(0).t, 1000);
    QCOMPARE(points.at(0).v, 101.0);
    QCOMPARE(points.at(1).v, 102.0); // the held bid, the new ask
    QCOMPARE(points.at(2).v, 104.0);
}

void TstDerivedFeed::anExpressionJoinsTwoFeedsAsOf()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({ratio()}, history);

    QVERIFY(apply(derived, history, "cb", quote("BTC-USD", 1000, {{"price", 110}})).isEmpty()); // no b yet
    apply(derived, history, "bn", quote("ETH-USD", 1500, {{"price", 100}}));
    apply(derived, history, "cb", quote("BTC-USD", 2000, {{"price", 120}}));
    apply(derived, history, "bn", quote("ETH-USD", 2500, {{"price", 0}})); // x / 0: no point

    const QList<Point> points = derivedPoints(history, "btc-eth");
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.at(0).t, 1500);
    QCOMPARE(points.at(0).v, 10.0);
    QCOMPARE(points.at(1).t, 2000);
    QCOMPARE(points.at(1).v, 20.0);
}

void TstDerivedFeed::outputsAreHandedBackAsUpdatesOfTheDerivedFeed()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({mid(), ratio()}, history);

    apply(derived, history, "bn", quote("ETH-USD", 500, {{"price", 50}}));
    const QList<Update> out =
        apply(derived, history, "cb", quote("BTC-USD", 1000, {{"bid", 99}, {"ask", 101}, {"price", 100}}));
    QCOMPARE(out.size(), 2); // both series read this update
    QCOMPARE(out.at(0).symbol, QStringLiteral("btc-mid"));
    QCOMPARE(out.at(0).fields.size(), 1);
    QCOMPARE(out.at(0).fields.at(0).name, QStringLiteral("value"));
    QCOMPARE(out.at(0).fields.at(0).value, 100.0);
    QCOMPARE(out.at(0).receivedMs, 1000);
    QCOMPARE(out.at(1).symbol, QStringLiteral("btc-eth"));
    QCOMPARE(out.at(1).fields.at(0).value, 100.0);
}

void TstDerivedFeed::aNewSeriesHasAPastFromTheHistory()
{
    SeriesHistory history;
    DerivedFeed derived;
    for (int i = 0; i < 5; ++i)
        apply(derived, history, "cb", quote("BTC-USD", 1000 * (i + 1), {{"bid", 100.0 + i}, {"ask", 102.0 + i}}));
    derived.setSeries({mid()}, history);

    QList<Point> points = derivedPoints(history, "btc-mid");
    QCOMPARE(points.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(points.at(i).t, 1000 * (i + 1));
        QCOMPARE(points.at(i).v, 101.0 + i);
    }
    // ...and continues live from there.
    apply(derived, history, "cb", quote("BTC-USD", 6000, {{"bid", 110}}));
    points = derivedPoints(history, "btc-mid");
    QCOMPARE(points.size(), 6);
    QCOMPARE(points.last().v, (110.0 + 106.0) / 2);
}

void TstDerivedFeed::aDroppedFeedCutsTheSeriesUntilItsInputsReturn()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({ratio()}, history);
    apply(derived, history, "bn", quote("ETH-USD", 1000, {{"price", 100}}));
    apply(derived, history, "cb", quote("BTC-USD", 1100, {{"price", 150}}));

    history.markGap("bn", 2000);
    derived.markGap("bn", 2000, history);
    derived.markGap("bn", 2001, history); // one gap is enough
    QVERIFY(apply(derived, history, "cb", quote("BTC-USD", 2500, {{"price", 160}})).isEmpty()); // b has no value
    apply(derived, history, "bn", quote("ETH-USD", 3000, {{"price", 80}}));

    const QList<Point> points = derivedPoints(history, "btc-eth");
    QCOMPARE(points.size(), 3);
    QCOMPARE(points.at(0).v, 50.0);
    QCOMPARE(points.at(1).t, 2000);
    QVERIFY(std::isnan(points.at(1).v));
    QCOMPARE(points.at(2).t, 3000);
    QCOMPARE(points.at(2).v, 100.0); // (160 - 80) / 80 * 100
}

void TstDerivedFeed::anUnchangedDefinitionKeepsItsStateAndARemovedOneItsHistoryGoes()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({mid(), ratio()}, history);
    apply(derived, history, "bn", quote("ETH-USD", 500, {{"price", 50}}));
    apply(derived, history, "cb", quote("BTC-USD", 1000, {{"bid", 99}, {"ask", 101}, {"price", 100}}));
    QCOMPARE(derivedPoints(history, "btc-mid").size(), 1);

    // The ratio goes; mid stays as it was (its held bid and ask still count).
    derived.setSeries({mid()}, history);
    QCOMPARE(derived.count(), 1);
    QVERIFY(derivedPoints(history, "btc-eth").isEmpty());
    const QList<Update> out = apply(derived, history, "cb", quote("BTC-USD", 2000, {{"ask", 103}}));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.at(0).fields.at(0).value, 101.0);
    QCOMPARE(derivedPoints(history, "btc-mid").size(), 2);

    // A changed definition starts over from the history of its new inputs.
    derived.setSeries({mid(QStringLiteral("bn"))}, history);
    QVERIFY(derivedPoints(history, "btc-mid").isEmpty()); // bn has no BTC-USD bid or ask
}

void TstDerivedFeed::otherFeedsAndSymbolsAreIgnored()
{
    SeriesHistory history;
    DerivedFeed derived;
    derived.setSeries({mid()}, history);
    QVERIFY(apply(derived, history, "bn", quote("BTC-USD", 1000, {{"bid", 1}, {"ask", 3}})).isEmpty());
    QVERIFY(apply(derived, history, "cb", quote("ETH-USD", 1000, {{"bid", 1}, {"ask", 3}})).isEmpty());
    QVERIFY(apply(derived, history, "cb", quote("BTC-USD", 1000, {{"price", 2}})).isEmpty());
    QVERIFY(derivedPoints(history, "btc-mid").isEmpty());
}

QTEST_GUILESS_MAIN(TstDerivedFeed)
#include "tst_derivedfeed.moc"
