#include "core/data/Update.h"
#include "core/store/DerivedPresets.h"
#include "core/store/DerivedSeries.h"
#include "core/store/RollingWindow.h"
#include "core/store/SeriesHistory.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace feeddeck;
using namespace feeddeck::store;

namespace {

constexpr double kGapValue = std::numeric_limits<double>::quiet_NaN();

// One input point, in the order a test feeds them.
struct DerivedEvent
{
    qint64 t;
    int input;
    double v;
};

Expression derivedExpression(const QString &text, const QStringList &bound = {QStringLiteral("a"), QStringLiteral("b")})
{
    ExpressionParse parse = Expression::parse(text, bound);
    if (!parse.ok())
        qFatal("%s: %s", qPrintable(text), qPrintable(parse.error.text()));
    return std::move(*parse.expression);
}

// Feeds each event as an instant of its own (push()).
QList<Point> pushAll(DerivedSeries &series, const QList<DerivedEvent> &events)
{
    QList<Point> out;
    for (const DerivedEvent &e : events)
        if (const std::optional<Point> p = series.push(e.input, Point{e.t, e.v}))
            out.append(*p);
    return out;
}

// Feeds the events grouped into instants: consecutive events at one time form one advance().
QList<Point> advanceByInstant(DerivedSeries &series, const QList<DerivedEvent> &events)
{
    QList<Point> out;
    std::vector<DerivedSeries::InputValue> instant;
    for (qsizetype i = 0; i < events.size();) {
        const qint64 t = events.at(i).t;
        instant.clear();
        for (; i < events.size() && events.at(i).t == t; ++i)
            instant.push_back({events.at(i).input, events.at(i).v});
        if (const std::optional<Point> p = series.advance(t, instant))
            out.append(*p);
    }
    return out;
}

// The same bits: NaN equals NaN, and no tolerance (both ways must do the same arithmetic).
bool identicalPoints(const QList<Point> &a, const QList<Point> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const Point &p = a.at(i);
        const Point &q = b.at(i);
        if (p.t != q.t || !(p.v == q.v || (std::isnan(p.v) && std::isnan(q.v))))
            return false;
    }
    return true;
}

QString describePoints(const QList<Point> &points)
{
    QStringList parts;
    for (const Point &p : points)
        parts.append(QStringLiteral("%1:%2").arg(p.t).arg(p.v, 0, 'g', 17));
    return parts.join(QStringLiteral(" "));
}

#define COMPARE_POINTS(actual, expected)                                                                                 \
    QVERIFY2(identicalPoints(actual, expected),                                                                          \
             qPrintable(QStringLiteral("got %1, expected %2").arg(describePoints(actual), describePoints(expected))))

// Hand-computed values are compared with a tolerance: the window sums round differently.
#define COMPARE_NEAR(actual, expected)                                                                                   \
    do {                                                                                                                 \
        const std::optional<Point> got_ = (actual);                                                                      \
        QVERIFY2(got_.has_value(), "no output point");                                                                   \
        QVERIFY2(std::fabs(got_->v - (expected)) < 1e-9,                                                                 \
                 qPrintable(QStringLiteral("got %1, expected %2").arg(got_->v, 0, 'g', 17).arg(double(expected))));      \
    } while (false)

// Random input streams: `inputs` series, times rising by 0-3 ms (so inputs often share a
// time), now and then a gap on one input or an exact zero (a division by zero).
QList<DerivedEvent> randomDerivedEvents(quint32 seed, int count, int inputs, bool distinctTimes)
{
    QRandomGenerator rng(seed);
    QList<DerivedEvent> events;
    events.reserve(count);
    qint64 t = 1'795'392'000'000;
    std::vector<double> level(std::size_t(inputs), 100.0);
    for (int i = 0; i < count; ++i) {
        t += distinctTimes ? 1 + rng.bounded(3) : rng.bounded(4);
        const int input = rng.bounded(inputs);
        const int roll = rng.bounded(100);
        double v;
        if (roll == 0) {
            v = kGapValue;
        } else if (roll == 1) {
            v = 0.0;
        } else {
            level[std::size_t(input)] += rng.bounded(2.0) - 1.0;
            v = level[std::size_t(input)];
        }
        events.append({t, input, v});
    }
    // Within one time, inputs in index order: the order feedHistories() applies them.
    std::stable_sort(events.begin(), events.end(), [](const DerivedEvent &x, const DerivedEvent &y) {
        return x.t != y.t ? x.t < y.t : x.input < y.input;
    });
    return events;
}

std::vector<QList<Point>> splitByInput(const QList<DerivedEvent> &events, int inputs)
{
    std::vector<QList<Point>> histories(static_cast<std::size_t>(inputs));
    for (const DerivedEvent &e : events)
        histories[std::size_t(e.input)].append({e.t, e.v});
    return histories;
}

std::vector<PointRuns> runsOf(const std::vector<QList<Point>> &histories)
{
    std::vector<PointRuns> runs;
    for (const QList<Point> &h : histories)
        runs.emplace_back(std::span<const Point>(h.constData(), std::size_t(h.size())));
    return runs;
}

const QStringList kThreeInputs{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};

} // namespace

class TstDerivedSeries : public QObject
{
    Q_OBJECT

private slots:
    void differencePairsEachPointWithTheOtherInputsLatestValue()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a - b")));
        QVERIFY(!series.push(0, {0, 10.0}));   // b has no value yet: no point
        QCOMPARE(series.push(1, {5, 4.0})->v, 6.0);
        QCOMPARE(series.push(0, {10, 12.0})->v, 8.0);
        const std::optional<Point> p = series.push(1, {20, 5.0});
        QCOMPARE(p->t, qint64(20));
        QCOMPARE(p->v, 7.0);
    }

    void ratioAndPercentChange()
    {
        DerivedSeries ratio(derivedExpression(QStringLiteral("a / b")));
        QVERIFY(!ratio.push(0, {1, 1.0}));
        QCOMPARE(ratio.push(1, {2, 4.0})->v, 0.25);
        QCOMPARE(ratio.push(0, {3, 3.0})->v, 0.75);

        DerivedSeries change(derivedExpression(QStringLiteral("(a - b) / b * 100")));
        QVERIFY(!change.push(1, {1, 100.0}));
        QCOMPARE(change.push(0, {2, 110.0})->v, 10.0);
        QCOMPARE(change.push(0, {3, 95.0})->v, -5.0);
        QCOMPARE(change.push(1, {4, 50.0})->v, 90.0);
    }

    void unaryMinusAbsAndConstants()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("-a * 2 + abs(b - 10) - -1")));
        QVERIFY(!series.push(0, {1, 3.0}));
        QCOMPARE(series.push(1, {2, 4.0})->v, -6.0 + 6.0 + 1.0);
        DerivedSeries constant(derivedExpression(QStringLiteral("2 * 3")));
        QCOMPARE(constant.inputCount(), 0);
        QCOMPARE(constant.advance(7, {})->v, 6.0); // no inputs to wait for
    }

    void inputsWithDifferentTimingsAreJoinedAsOf()
    {
        // a every 10 ms, b every 20 ms from 5: each output uses both inputs' latest values.
        DerivedSeries series(derivedExpression(QStringLiteral("a + b")));
        const QList<DerivedEvent> events{{0, 0, 1}, {5, 1, 10}, {10, 0, 2}, {20, 0, 3}, {25, 1, 20}, {30, 0, 4}};
        const QList<Point> expected{{5, 11}, {10, 12}, {20, 13}, {25, 23}, {30, 24}};
        COMPARE_POINTS(pushAll(series, events), expected);
    }

    void pointsAtOneTimeMoveTheOutputOnce()
    {
        const std::optional<DerivedPreset> spread = derivedPreset(u"spread");
        QVERIFY(spread);
        DerivedSeries series(derivedExpression(spread->expression, spread->inputs));
        QCOMPARE(series.expression().inputs(), (QStringList{QStringLiteral("bid"), QStringLiteral("ask")}));
        const DerivedSeries::InputValue first[]{{0, 99.0}, {1, 101.0}};
        QCOMPARE(series.advance(1, first)->v, 2.0);
        // Both sides move in one message: one point, never the half-updated -1.
        const DerivedSeries::InputValue both[]{{0, 104.0}, {1, 105.0}};
        const std::optional<Point> p = series.advance(2, both);
        QCOMPARE(p->t, qint64(2));
        QCOMPARE(p->v, 1.0);

        // Over history, points at one time in both inputs are one instant as well.
        const QList<Point> bid{{1, 99.0}, {2, 104.0}};
        const QList<Point> ask{{1, 101.0}, {2, 105.0}};
        const std::vector<PointRuns> runs = runsOf({bid, ask});
        COMPARE_POINTS(DerivedSeries::compute(series.expression(), runs), (QList<Point>{{1, 2.0}, {2, 1.0}}));
    }

    void presetsComputeMidAndSpread()
    {
        const QList<DerivedPreset> presets = derivedPresets();
        QCOMPARE(presets.size(), 2);
        QCOMPARE(presets.at(0).name, QStringLiteral("mid"));
        QCOMPARE(presets.at(1).name, QStringLiteral("spread"));
        QVERIFY(!derivedPreset(u"vwap"));
        const DerivedSeries::InputValue quote[]{{0, 99.5}, {1, 100.25}};
        for (const DerivedPreset &preset : presets) {
            QCOMPARE(preset.inputs, (QStringList{data::fields::kBid, data::fields::kAsk}));
            DerivedSeries series(derivedExpression(preset.expression, preset.inputs));
            QCOMPARE(series.advance(1, quote)->v, preset.name == u"mid" ? 99.875 : 0.75);
        }
    }

    void divisionByZeroGivesNoPoint()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a / b")));
        QVERIFY(!series.push(0, {1, 5.0}));
        QVERIFY(!series.push(1, {2, 0.0}));  // 5 / 0 = inf
        QVERIFY(!series.push(0, {3, 0.0}));  // 0 / 0 = NaN
        QCOMPARE(series.push(1, {4, 2.0})->v, 0.0);
        QCOMPARE(series.push(0, {5, 1.0})->v, 0.5);
        // An overflow is not finite either.
        DerivedSeries big(derivedExpression(QStringLiteral("a * b")));
        QVERIFY(!big.push(0, {1, 1e300}));
        QVERIFY(!big.push(1, {2, 1e300}));
    }

    void aGapOnAnInputIsOneGapOnTheOutput()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a - b")));
        QVERIFY(!series.push(0, {1, 10.0}));
        QCOMPARE(series.push(1, {2, 4.0})->v, 6.0);
        const std::optional<Point> gap = series.push(1, {3, kGapValue});
        QVERIFY(gap);
        QCOMPARE(gap->t, qint64(3));
        QVERIFY(std::isnan(gap->v));
        QVERIFY(!series.push(0, {4, 11.0}));     // b has no value: nothing
        QVERIFY(!series.push(0, {5, kGapValue})); // already ends in a gap
        QVERIFY(!series.push(1, {6, 5.0}));      // a still has none
        QCOMPARE(series.push(0, {7, 12.0})->v, 7.0);
    }

    void aGapBeforeTheFirstValueGivesNothing()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a - b")));
        QVERIFY(!series.push(0, {1, 10.0}));
        QVERIFY(!series.push(0, {2, kGapValue})); // b never had a value: no output has begun
        QVERIFY(!series.push(1, {3, 1.0}));
        QCOMPARE(series.push(0, {4, 3.0})->v, 2.0);
    }

    void movingAverageWeighsEachValueByHowLongItHeld()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("ma(a, 30s)")));
        COMPARE_NEAR(series.push(0, {0, 10.0}), 10.0);     // no time elapsed: the value itself
        COMPARE_NEAR(series.push(0, {10'000, 20.0}), 10.0); // 10 held 10 s; 20 has held no time yet
        COMPARE_NEAR(series.push(0, {20'000, 40.0}), (10.0 * 10 + 20.0 * 10) / 20);
        COMPARE_NEAR(series.push(0, {30'000, 0.0}), (10.0 * 10 + 20.0 * 10 + 40.0 * 10) / 30);
        // Window [15 s, 45 s]: 20 for its last 5 s, 40 for 10 s, 0 for 15 s; 10 has left.
        COMPARE_NEAR(series.push(0, {45'000, 0.0}), (20.0 * 5 + 40.0 * 10) / 30);
        // Window [40 s, 70 s]: only zeros are left.
        COMPARE_NEAR(series.push(0, {70'000, 5.0}), 0.0);
        COMPARE_NEAR(series.push(0, {76'000, 5.0}), 5.0 * 6 / 30);
    }

    void movingAverageIsNotSkewedByTheOtherInputsTicks()
    {
        // b ticks every second, a twice in 30 s: the average of a weighs time, not ticks.
        DerivedSeries series(derivedExpression(QStringLiteral("ma(a, 30s) + b * 0")));
        QVERIFY(!series.push(0, {0, 10.0}));
        std::optional<Point> last;
        for (qint64 t = 0; t <= 25'000; t += 1000) {
            if (t == 20'000)
                last = series.push(0, {t, 40.0});
            last = series.push(1, {t, 1.0});
        }
        COMPARE_NEAR(last, (10.0 * 20 + 40.0 * 5) / 25);
    }

    void rollingMinAndMaxAsPointsLeaveTheWindow()
    {
        DerivedSeries low(derivedExpression(QStringLiteral("min(a, 10s)")));
        DerivedSeries high(derivedExpression(QStringLiteral("max(a, 10s)")));
        const QList<DerivedEvent> events{{0, 0, 5},      {2000, 0, 3},  {4000, 0, 8},  {6000, 0, 1},
                                         {13'000, 0, 7}, {17'000, 0, 9}, {30'000, 0, 4}, {40'000, 0, 2}};
        const QList<Point> lows{{0, 5},      {2000, 3},      {4000, 3},      {6000, 1},
                                {13'000, 1}, {17'000, 1},     {30'000, 4},    {40'000, 2}};
        const QList<Point> highs{{0, 5},      {2000, 5},      {4000, 8},      {6000, 8},
                                 {13'000, 8}, {17'000, 9},     {30'000, 9},    {40'000, 4}};
        // At 13 s the window is [3 s, 13 s]: 3 held until 4 s, 8 until 6 s and 1 until 13 s.
        // At 17 s, [7 s, 17 s]: 1 held until 13 s. At 30 s, [20 s, 30 s]: 9 held since 17 s.
        // At 40 s, [30 s, 40 s]: 9 ended at 30 s, 4 held since, 2 now.
        COMPARE_POINTS(pushAll(low, events), lows);
        COMPARE_POINTS(pushAll(high, events), highs);
    }

    void theValueInForceAtTheWindowStartCounts()
    {
        // 9 held from 0 to 5 s; at 12 s the window [2 s, 12 s] still covers part of it.
        DerivedSeries series(derivedExpression(QStringLiteral("max(a, 10s)")));
        QCOMPARE(series.push(0, {0, 9.0})->v, 9.0);
        QCOMPARE(series.push(0, {5000, 1.0})->v, 9.0);
        QCOMPARE(series.push(0, {12'000, 1.0})->v, 9.0);
        QCOMPARE(series.push(0, {16'000, 1.0})->v, 1.0);
    }

    void windowsAnswerFromHeldValuesWhenTheOperandHasNone()
    {
        // b = 0 makes a / b non-finite: no value from then on, the window keeps what it had.
        DerivedSeries series(derivedExpression(QStringLiteral("max(a / b, 10s)")));
        QVERIFY(!series.push(0, {0, 8.0}));
        QCOMPARE(series.push(1, {1000, 2.0})->v, 4.0);
        QCOMPARE(series.push(1, {2000, 0.0})->v, 4.0); // 8 / 0: the 4 held from 1 s to 2 s
        QVERIFY(!series.push(0, {20'000, 8.0}));       // 4 has left the window: nothing to say
        QCOMPARE(series.push(1, {21'000, 8.0})->v, 1.0);
    }

    void theSameTimeAgainSupersedesThatInstant()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("ma(a, 10s)")));
        COMPARE_NEAR(series.push(0, {0, 1.0}), 1.0);
        COMPARE_NEAR(series.push(0, {10'000, 3.0}), 1.0);
        COMPARE_NEAR(series.push(0, {10'000, 5.0}), 1.0); // replaces the 3 of that instant
        COMPARE_NEAR(series.push(0, {20'000, 0.0}), 5.0);  // the 3 never held
    }

    void olderInstantsAreDroppedAndCounted()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a - b")));
        QVERIFY(!series.push(0, {10, 1.0}));
        QCOMPARE(series.push(1, {20, 1.0})->v, 0.0);
        QVERIFY(!series.push(0, {15, 5.0}));
        QCOMPARE(series.outOfOrder(), quint64(1));
        QCOMPARE(series.push(0, {20, 3.0})->v, 2.0);
    }

    void windowStateStaysWithinItsCap()
    {
        // A steady rise keeps every value in a min window's deque, and a mean keeps a segment
        // per value: both stop at the cap and still answer.
        RollingExtreme low(RollingExtreme::Kind::Min, Expression::kMaxWindowMs);
        TimeWeightedMean mean(Expression::kMaxWindowMs);
        const int n = int(kRollingWindowMaxEntries) + 1000;
        double lowest = 0;
        double average = 0;
        for (int i = 0; i < n; ++i) {
            lowest = low.update(i, double(i));
            average = mean.update(i, 2.0);
        }
        QCOMPARE(low.entries(), kRollingWindowMaxEntries);
        QCOMPARE(mean.entries(), kRollingWindowMaxEntries);
        QCOMPARE(lowest, 0.0);
        QCOMPARE(average, 2.0);
    }

    void aMeanPastItsCapStaysExact()
    {
        // Merged segments keep their sums: with nothing leaving a 24 h window, the mean of
        // 1, 3, 1, 3, ... (each held 1 ms) is still exact well past the cap.
        TimeWeightedMean mean(Expression::kMaxWindowMs);
        const int n = int(kRollingWindowMaxEntries) * 2 + 1;
        double sum = 0;
        double last = 0;
        for (int i = 0; i < n; ++i) {
            const double v = i % 2 == 0 ? 1.0 : 3.0;
            last = mean.update(i, v);
            if (i < n - 1)
                sum += v; // the newest value has held no time yet
        }
        QCOMPARE(mean.entries(), kRollingWindowMaxEntries);
        QCOMPARE(last, sum / (n - 1));
    }

    void unknownInputsAndMismatchedHistoriesAreIgnored()
    {
        DerivedSeries series(derivedExpression(QStringLiteral("a - b")));
        const DerivedSeries::InputValue stray[]{{-1, 5.0}, {2, 5.0}};
        QVERIFY(!series.advance(1, stray));
        QList<Point> out;
        const QList<Point> one{{1, 1.0}};
        const std::vector<PointRuns> tooFew = runsOf({one});
        series.feedHistories(tooFew, out);
        QVERIFY(out.isEmpty());
        QCOMPARE(series.push(0, {2, 3.0}), std::nullopt);
        QCOMPARE(series.push(1, {3, 1.0})->v, 2.0);
    }

    void liveInstantsMatchTheHistoryComputation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("percent change") << "(a - b) / b * 100" << 1u;
        QTest::newRow("windows") << "ma(a, 30ms) - min(b, 50ms) + max(c, 20ms)" << 2u;
        QTest::newRow("nested") << "abs(a - ma(b, 100ms)) / c + max(ma(a, 10ms), 40ms)" << 3u;
        QTest::newRow("long ma") << "ma(a, 5s) - ma(b, 500ms)" << 4u;
    }

    void liveInstantsMatchTheHistoryComputation()
    {
        QFETCH(QString, text);
        QFETCH(quint32, seed);
        const Expression e = derivedExpression(text, kThreeInputs);
        const int inputs = int(e.inputs().size());
        const QList<DerivedEvent> events = randomDerivedEvents(seed, 10'000, inputs, false);
        const std::vector<QList<Point>> histories = splitByInput(events, inputs);
        const QList<Point> fromHistory = DerivedSeries::compute(e, runsOf(histories));
        QVERIFY(fromHistory.size() > 1000);
        QVERIFY(std::any_of(fromHistory.cbegin(), fromHistory.cend(), [](const Point &p) { return std::isnan(p.v); }));

        DerivedSeries live(e);
        COMPARE_POINTS(advanceByInstant(live, events), fromHistory);

        // History first, then live from where it stopped: as a chart adding a derived series
        // to a running feed does.
        const qint64 cut = events.at(events.size() / 2).t;
        std::vector<QList<Point>> before(static_cast<std::size_t>(inputs));
        QList<DerivedEvent> after;
        for (const DerivedEvent &ev : events) {
            if (ev.t < cut)
                before[std::size_t(ev.input)].append({ev.t, ev.v});
            else
                after.append(ev);
        }
        DerivedSeries resumed(e);
        QList<Point> joined;
        resumed.feedHistories(runsOf(before), joined);
        joined += advanceByInstant(resumed, after);
        COMPARE_POINTS(joined, fromHistory);
    }

    void pointByPointMatchesTheHistoryComputation()
    {
        const Expression e = derivedExpression(QStringLiteral("(a - b) / b * 100 + ma(c, 25ms) - max(a, 40ms)"),
                                               kThreeInputs);
        const QList<DerivedEvent> events = randomDerivedEvents(5, 10'000, 3, true);
        DerivedSeries live(e);
        COMPARE_POINTS(pushAll(live, events), DerivedSeries::compute(e, runsOf(splitByInput(events, 3))));
    }

    void historiesReadInPlaceFromSeriesHistory()
    {
        // The inputs as a feed records them: fields of one update share its time, and a
        // disconnect marks a gap in every series of the feed at once.
        SeriesHistory history(4000); // rings that wrap: 10k updates into 4000 points
        const QString feed = QStringLiteral("f");
        const QString symbol = QStringLiteral("BTC-USD");
        const Expression e = derivedExpression(QStringLiteral("ma((bid + ask) / 2, 20ms) - (ask - bid)"),
                                               {data::fields::kBid, data::fields::kAsk});
        DerivedSeries live(e);
        QList<Point> liveOut;
        QRandomGenerator rng(6);
        qint64 t = 1'795'392'000'000;
        double bid = 100;
        bool gapped = false;
        for (int i = 0; i < 10'000; ++i) {
            t += 1 + rng.bounded(2);
            if (rng.bounded(200) == 0) {
                history.markGap(feed, t);
                if (!gapped) {
                    const DerivedSeries::InputValue gap[]{{0, kGapValue}, {1, kGapValue}};
                    if (const std::optional<Point> p = live.advance(t, gap))
                        liveOut.append(*p);
                }
                gapped = true;
                continue;
            }
            gapped = false;
            bid += rng.bounded(1.0) - 0.5;
            const double ask = bid + 0.01 + rng.bounded(0.5);
            data::Update u;
            u.symbol = symbol;
            u.receivedMs = t;
            u.fields.append({data::fields::kBid, bid});
            u.fields.append({data::fields::kAsk, ask});
            history.record(feed, u);
            const DerivedSeries::InputValue quote[]{{0, bid}, {1, ask}};
            if (const std::optional<Point> p = live.advance(t, quote))
                liveOut.append(*p);
        }
        // The history holds the newest 4000 points: compare from there.
        const PointRuns bids = history.runsAround(feed, symbol, data::fields::kBid, 0, t);
        const PointRuns asks = history.runsAround(feed, symbol, data::fields::kAsk, 0, t);
        QCOMPARE(bids.size(), 4000);
        QVERIFY(bids.runCount() > 1);
        const std::vector<PointRuns> runs{bids, asks};
        const QList<Point> fromHistory = DerivedSeries::compute(e, runs);
        QVERIFY(fromHistory.size() > 3900);
        // The live series saw older points too, so its windows differ at first: from one
        // window (20 ms) into the history on, the two hold the same values. Their running
        // sums were added and taken in a different order, so equal to rounding, not to the bit.
        const qint64 settled = bids.at(0).t + 20;
        QList<Point> liveTail;
        QList<Point> historyTail;
        for (const Point &p : liveOut)
            if (p.t > settled)
                liveTail.append(p);
        for (const Point &p : fromHistory)
            if (p.t > settled)
                historyTail.append(p);
        QVERIFY(historyTail.size() > 3800);
        QCOMPARE(liveTail.size(), historyTail.size());
        for (qsizetype i = 0; i < liveTail.size(); ++i) {
            const Point &p = liveTail.at(i);
            const Point &q = historyTail.at(i);
            QCOMPARE(p.t, q.t);
            QCOMPARE(std::isnan(p.v), std::isnan(q.v));
            if (!std::isnan(p.v))
                QVERIFY2(std::fabs(p.v - q.v) <= 1e-9 * std::max(1.0, std::fabs(q.v)),
                         qPrintable(QStringLiteral("at %1: %2 vs %3").arg(p.t).arg(p.v, 0, 'g', 17).arg(q.v, 0, 'g', 17)));
        }
    }
};

QTEST_APPLESS_MAIN(TstDerivedSeries)
#include "tst_derivedseries.moc"
