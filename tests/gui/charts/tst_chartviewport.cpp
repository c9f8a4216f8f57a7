// Where the chart looks: windows, the "All" edge, pause, zoom and pan as arithmetic on a
// clock the test controls; and the y scale's nice bounds.
#include "app/chart/ChartViewport.h"

#include <QDateTime>
#include <QSet>
#include <QtTest>

#include <cmath>
#include <limits>

using feeddeck::app::chart::ChartViewport;
using feeddeck::app::chart::niceScale;
using feeddeck::app::chart::roundTimeScale;
using feeddeck::app::chart::TimeScale;
using feeddeck::app::chart::ValueScale;

namespace {

constexpr qint64 kNow = 1'800'000'000'000; // an epoch time in 2027
constexpr qint64 kMinute = 60'000;

ChartViewport minuteView()
{
    ChartViewport v;
    v.setWindowSpan(kMinute);
    return v;
}

} // namespace

class TstChartViewport : public QObject
{
    Q_OBJECT

private slots:
    void liveWindowEndsAtTheClockAndSpansTheWindow();
    void allStartsAtTheFirstRetainedPoint();
    void allWithoutDataShowsTheLastMinute();
    void pauseFreezesTheViewAndResumeJumpsToNow();
    void zoomKeepsTheTimeUnderTheCursorInPlace();
    void zoomOutStopsAtTheWindowAndZoomInAtOneSecond();
    void aZoomedOrPannedViewHoldsStillUntilBackToLive();
    void panNeitherEntersTheFutureNorLeavesTheData();
    void windowChangeResetsZoomAndPan();
    void earliestKnownOnlyMovesLaterOnAnExactAnswer();
    void nonsenseZoomAndPanAreIgnored();
    void scaleBoundsAreRoundMultiplesOfTheStep_data();
    void scaleBoundsAreRoundMultiplesOfTheStep();
    void flatLineGetsABandAroundItsValue();
    void yScaleHoldsWhileTheValuesFitAndFillAThirdOfIt();
    void nonFiniteValuesGiveTheDefaultScale();
    void timeTicksFallOnRoundLocalTimes_data();
    void timeTicksFallOnRoundLocalTimes();
    void timeLabelsAreUniqueOverMoreThanADay();
};

void TstChartViewport::liveWindowEndsAtTheClockAndSpansTheWindow()
{
    const ChartViewport v = minuteView();
    const ChartViewport::Range r = v.range(kNow);
    QCOMPARE(r.toMs, kNow);
    QCOMPARE(r.fromMs, kNow - kMinute);
    QVERIFY(!r.fromFirstPoint);
    QCOMPARE(v.range(kNow + 500).toMs, kNow + 500);
    QVERIFY(!v.isZoomedOrPanned());
}

void TstChartViewport::allStartsAtTheFirstRetainedPoint()
{
    ChartViewport v;
    v.setWindowSpan(0);
    v.noteEarliest(kNow - 3 * kMinute, true);
    const ChartViewport::Range r = v.range(kNow);
    QVERIFY(r.fromFirstPoint);
    QCOMPARE(r.fromMs, kNow - 3 * kMinute);
    QCOMPARE(r.toMs, kNow);
}

void TstChartViewport::allWithoutDataShowsTheLastMinute()
{
    ChartViewport v;
    v.setWindowSpan(0);
    const ChartViewport::Range r = v.range(kNow);
    QVERIFY(r.fromFirstPoint);
    QCOMPARE(r.toMs - r.fromMs, ChartViewport::kDefaultAllSpanMs);
}

void TstChartViewport::pauseFreezesTheViewAndResumeJumpsToNow()
{
    ChartViewport v = minuteView();
    v.noteEarliest(kNow - 10 * kMinute, true);
    v.setPaused(true, kNow);
    QVERIFY(v.isPaused());
    QCOMPARE(v.range(kNow + 5000).toMs, kNow);
    QCOMPARE(v.range(kNow + 90'000).fromMs, kNow - kMinute);

    v.pan(-0.5, kNow + 5000);
    QCOMPARE(v.range(kNow + 5000).toMs, kNow - 30'000);

    v.setPaused(false, kNow + 7000);
    QCOMPARE(v.range(kNow + 7000).toMs, kNow + 7000);
    QCOMPARE(v.range(kNow + 7000).fromMs, kNow + 7000 - kMinute);
}

void TstChartViewport::zoomKeepsTheTimeUnderTheCursorInPlace()
{
    ChartViewport v = minuteView();
    v.noteEarliest(kNow - 10 * kMinute, true);
    v.setPaused(true, kNow);
    // The middle of the view stays the middle.
    v.zoom(0.5, 0.5, kNow);
    ChartViewport::Range r = v.range(kNow);
    QCOMPARE(r.fromMs, kNow - 45'000);
    QCOMPARE(r.toMs, kNow - 15'000);
    QVERIFY(v.isZoomedOrPanned());
    // A quarter of the way in stays a quarter of the way in.
    const double pivot = double(r.fromMs) + 0.25 * double(r.toMs - r.fromMs);
    v.zoom(0.5, 0.25, kNow);
    r = v.range(kNow);
    QCOMPARE(r.toMs - r.fromMs, 15'000);
    QCOMPARE(double(r.fromMs) + 0.25 * double(r.toMs - r.fromMs), pivot);
}

void TstChartViewport::zoomOutStopsAtTheWindowAndZoomInAtOneSecond()
{
    ChartViewport v = minuteView();
    v.zoom(1e-6, 1.0, kNow); // the factor is clamped, then the span
    ChartViewport::Range r = v.range(kNow);
    QCOMPARE(r.toMs - r.fromMs, ChartViewport::kMinSpanMs);
    QCOMPARE(r.toMs, kNow);

    v.zoom(1000.0, 1.0, kNow);
    r = v.range(kNow);
    QCOMPARE(r.toMs - r.fromMs, kMinute);
    QCOMPARE(r.toMs, kNow);
    QVERIFY(!v.isZoomedOrPanned());
}

// #19: a panned chart kept scrolling with the clock.
void TstChartViewport::aZoomedOrPannedViewHoldsStillUntilBackToLive()
{
    ChartViewport v = minuteView();
    QVERIFY(!v.isDetached());
    v.zoom(0.25, 1.0, kNow);
    QVERIFY(v.isDetached());
    QCOMPARE(v.range(kNow).toMs, kNow);
    QCOMPARE(v.range(kNow + 2000).toMs, kNow); // holds still while the clock runs on
    QCOMPARE(v.range(kNow + 2000).fromMs, kNow - 15'000);
    v.noteEarliest(kNow - 100'000, true);
    v.pan(-0.5, kNow + 4000);
    QCOMPARE(v.range(kNow + 9000).toMs, kNow - 7'500);

    v.resetView(); // "Back to live"
    QVERIFY(!v.isDetached());
    QCOMPARE(v.range(kNow + 9000).toMs, kNow + 9000);
    QCOMPARE(v.range(kNow + 9000).fromMs, kNow + 9000 - kMinute);

    // A pan alone detaches too; picking a window follows the clock again.
    v.pan(-0.1, kNow + 10'000);
    QVERIFY(v.isDetached());
    QCOMPARE(v.range(kNow + 20'000).toMs, kNow + 10'000 - 6'000);
    v.setWindowSpan(kMinute);
    QVERIFY(!v.isDetached());
    QCOMPARE(v.range(kNow + 20'000).toMs, kNow + 20'000);

    // Resuming a pause shows the present, detached or not.
    v.zoom(0.5, 1.0, kNow + 21'000);
    v.setPaused(true, kNow + 21'000);
    v.setPaused(false, kNow + 30'000);
    QVERIFY(!v.isDetached());
    QCOMPARE(v.range(kNow + 30'000).toMs, kNow + 30'000);
}

void TstChartViewport::panNeitherEntersTheFutureNorLeavesTheData()
{
    ChartViewport v = minuteView();
    v.pan(0.5, kNow);
    QCOMPARE(v.range(kNow).toMs, kNow); // no future

    v.noteEarliest(kNow - 100'000, true);
    v.pan(-0.25, kNow);
    QCOMPARE(v.range(kNow).toMs, kNow - 15'000);
    // Far back: the earliest point may reach the middle of the view, no further.
    v.pan(-10.0, kNow);
    const ChartViewport::Range r = v.range(kNow);
    QCOMPARE(r.toMs, kNow - 100'000 + 30'000);
    QCOMPARE((r.fromMs + r.toMs) / 2, kNow - 100'000);
}

void TstChartViewport::windowChangeResetsZoomAndPan()
{
    ChartViewport v = minuteView();
    v.noteEarliest(kNow - 3'600'000, true);
    v.zoom(0.5, 0.5, kNow);
    v.pan(-1.0, kNow);
    QVERIFY(v.isZoomedOrPanned());
    v.setWindowSpan(15 * kMinute);
    QVERIFY(!v.isZoomedOrPanned());
    QCOMPARE(v.range(kNow).toMs, kNow);
    QCOMPARE(v.range(kNow).fromMs, kNow - 15 * kMinute);
}

void TstChartViewport::earliestKnownOnlyMovesLaterOnAnExactAnswer()
{
    ChartViewport v;
    v.noteEarliest(kNow - 5000, false);
    QCOMPARE(v.earliest(), std::optional<qint64>(kNow - 5000));
    v.noteEarliest(kNow - 9000, false);
    QCOMPARE(v.earliest(), std::optional<qint64>(kNow - 9000));
    v.noteEarliest(kNow - 1000, false); // a bound later than what is known teaches nothing
    QCOMPARE(v.earliest(), std::optional<qint64>(kNow - 9000));
    v.noteEarliest(kNow - 1000, true);  // the old points were dropped from the history
    QCOMPARE(v.earliest(), std::optional<qint64>(kNow - 1000));
    v.noteEarliest(std::nullopt, true);
    QVERIFY(!v.earliest());
}

void TstChartViewport::nonsenseZoomAndPanAreIgnored()
{
    ChartViewport v = minuteView();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    v.zoom(nan, 0.5, kNow);
    v.zoom(0.0, 0.5, kNow);
    v.zoom(-2.0, 0.5, kNow);
    v.zoom(inf, 0.5, kNow);
    v.pan(nan, kNow);
    QVERIFY(!v.isZoomedOrPanned());
    v.zoom(0.5, nan, kNow); // an unknown cursor zooms at the right edge
    QCOMPARE(v.range(kNow).toMs, kNow);
    QCOMPARE(v.range(kNow).fromMs, kNow - 30'000);
}

void TstChartViewport::scaleBoundsAreRoundMultiplesOfTheStep_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("step");
    QTest::addColumn<int>("decimals");

    QTest::newRow("units") << 0.5 << 9.7 << 0.0 << 12.0 << 2.0 << 0;
    QTest::newRow("a bitcoin price") << 65432.1 << 65440.9 << 65430.0 << 65442.0 << 2.0 << 0;
    QTest::newRow("cents") << 1.0712 << 1.0745 << 1.071 << 1.0750 << 0.001 << 3;
    QTest::newRow("quarter steps") << 0.001 << 0.002 << 0.00075 << 0.00225 << 0.00025 << 5;
    QTest::newRow("negative") << -42.0 << -3.0 << -50.0 << 0.0 << 10.0 << 0;
    QTest::newRow("reversed") << 9.7 << 0.5 << 0.0 << 12.0 << 2.0 << 0;
}

void TstChartViewport::scaleBoundsAreRoundMultiplesOfTheStep()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(double, step);
    QFETCH(int, decimals);

    const ValueScale s = niceScale(lo, hi);
    QVERIFY2(std::abs(s.min - min) < step * 1e-6, qPrintable(QString::number(s.min, 'g', 17)));
    QVERIFY2(std::abs(s.max - max) < step * 1e-6, qPrintable(QString::number(s.max, 'g', 17)));
    QVERIFY2(std::abs(s.step - step) < step * 1e-9, qPrintable(QString::number(s.step, 'g', 17)));
    QCOMPARE(s.decimals, decimals);
    QCOMPARE(s.ticks, int(std::llround((max - min) / step)) + 1);
    QVERIFY(s.min < std::min(lo, hi) && s.max > std::max(lo, hi)); // lines never touch the frame
}

void TstChartViewport::flatLineGetsABandAroundItsValue()
{
    const ValueScale s = niceScale(100.0, 100.0);
    QVERIFY(s.min < 100.0 && s.max > 100.0);
    QVERIFY(s.max - s.min < 1.0);
    QVERIFY(s.ticks >= 2);

    const ValueScale zero = niceScale(0.0, 0.0);
    QVERIFY(zero.min < 0.0 && zero.max > 0.0);
}

void TstChartViewport::nonFiniteValuesGiveTheDefaultScale()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (const auto &[lo, hi] : {std::pair{nan, 1.0}, std::pair{0.0, inf}, std::pair{-inf, inf}}) {
        const ValueScale s = niceScale(lo, hi);
        QCOMPARE(s.min, ValueScale{}.min);
        QCOMPARE(s.max, ValueScale{}.max);
    }
    const ValueScale huge = niceScale(-1e308, 1e308);
    QVERIFY(std::isfinite(huge.min) && std::isfinite(huge.max) && huge.min < huge.max);
}

// #19: a y range that jumped on every update.
void TstChartViewport::yScaleHoldsWhileTheValuesFitAndFillAThirdOfIt()
{
    const ValueScale first = steadyScale(ValueScale{}, 100.0, 110.0);
    QCOMPARE(first.min, niceScale(100.0, 110.0).min);
    QCOMPARE(first.max, niceScale(100.0, 110.0).max);
    // New values inside, still spread over a third or more: the axis stays.
    const ValueScale held = steadyScale(first, 101.5, 108.2);
    QCOMPARE(held.min, first.min);
    QCOMPARE(held.max, first.max);
    QVERIFY(niceScale(101.5, 108.2).min != first.min || niceScale(101.5, 108.2).max != first.max);
    // A value outside: a new scale that holds it.
    const ValueScale grown = steadyScale(held, 101.5, 125.0);
    QVERIFY(grown.max >= 125.0);
    QVERIFY(grown.min <= 101.5);
    // Values that shrank into a small part of it: rescaled to show them.
    const ValueScale shrunk = steadyScale(grown, 104.0, 105.0);
    QVERIFY(shrunk.max - shrunk.min < (grown.max - grown.min) / 3);
    QVERIFY(shrunk.min <= 104.0 && shrunk.max >= 105.0);
}

void TstChartViewport::timeTicksFallOnRoundLocalTimes_data()
{
    QTest::addColumn<qint64>("spanMs");
    QTest::addColumn<int>("plotWidth");
    QTest::addColumn<int>("utcOffset");
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<QString>("format");
    // #19: a fresh chart labelled its ticks "00:06:34.424".
    QTest::newRow("a minute, wide") << kMinute << 1000 << 0 << qint64(10'000) << "hh:mm:ss";
    QTest::newRow("a minute, narrow") << kMinute << 400 << 0 << qint64(30'000) << "hh:mm:ss";
    QTest::newRow("five minutes") << 5 * kMinute << 1000 << 3600 << qint64(60'000) << "hh:mm";
    QTest::newRow("an hour, India") << 60 * kMinute << 1000 << 19800 << qint64(600'000) << "hh:mm";
    QTest::newRow("four seconds") << qint64(4'000) << 1000 << 0 << qint64(500) << "hh:mm:ss.zzz";
    QTest::newRow("a week") << 7 * 1440 * kMinute << 1000 << -18000 << qint64(86'400'000) << "MMM d";
}

void TstChartViewport::timeTicksFallOnRoundLocalTimes()
{
    QFETCH(qint64, spanMs);
    QFETCH(int, plotWidth);
    QFETCH(int, utcOffset);
    QFETCH(qint64, stepMs);
    QFETCH(QString, format);
    const qint64 from = kNow + 1234; // not on any round time
    const TimeScale scale = roundTimeScale(from, from + spanMs, plotWidth, utcOffset);
    QCOMPARE(scale.stepMs, stepMs);
    QCOMPARE(scale.format, format);
    QVERIFY(scale.ticks.size() >= 2);
    QVERIFY(scale.ticks.size() <= std::max(2, plotWidth / 110));
    QVERIFY(scale.ticks.constFirst() >= from);
    QVERIFY(scale.ticks.constFirst() - from < stepMs);
    QVERIFY(scale.ticks.constLast() <= from + spanMs);
    for (qsizetype i = 0; i < scale.ticks.size(); ++i) {
        // On the step in local time: 10:15:00, 10:15:30 (and local midnight for days).
        QCOMPARE((scale.ticks[i] + qint64(utcOffset) * 1000) % stepMs, 0);
        if (i > 0)
            QCOMPARE(scale.ticks[i] - scale.ticks[i - 1], stepMs);
    }
}

void TstChartViewport::timeLabelsAreUniqueOverMoreThanADay()
{
    const TimeScale scale = roundTimeScale(kNow, kNow + 30 * 60 * kMinute, 1000, 0);
    QCOMPARE(scale.format, QStringLiteral("MMM d hh:mm"));
    QSet<QString> labels;
    for (const qint64 t : scale.ticks)
        labels.insert(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(scale.format));
    QCOMPARE(labels.size(), scale.ticks.size());
}

QTEST_APPLESS_MAIN(TstChartViewport)
#include "tst_chartviewport.moc"
