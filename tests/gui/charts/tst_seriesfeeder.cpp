// Splitting a series at gaps into line segments, and pushing them into QtCharts with
// at most one replace per line per update.
#include "app/chart/SeriesFeeder.h"

#include <QSignalSpy>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

using feeddeck::app::chart::SeriesFeeder;
using feeddeck::store::Point;

namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();

QList<Point> pointsOf(std::initializer_list<double> values)
{
    QList<Point> points;
    qint64 t = 1'000;
    for (const double v : values)
        points.append({t++, v});
    return points;
}

QList<double> ys(const QList<QPointF> &points)
{
    QList<double> out;
    for (const QPointF &p : points)
        out.append(p.y());
    return out;
}

QList<double> ys(const QXYSeries &line)
{
    return ys(line.points());
}

} // namespace

class TstSeriesFeeder : public QObject
{
    Q_OBJECT

private slots:
    void everyGapCutsTheLine();
    void leadingTrailingAndRepeatedGapsMakeNoEmptySegments();
    void moreGapsThanLinesJoinTheOldestSegments();
    void timesAndValuesReachTheLineExactly();
    void eachLineIsReplacedOnceAndOnlyWhenItChanges();
    void aShortPoolJoinsTheOldestAndSaysHowManyLinesItWants();
    void attachRefusesNullDuplicatesAndAFullPool();
    void attachedLinesTakeTheSeriesColour();
    void aDeletedLineLeavesThePool();
};

void TstSeriesFeeder::everyGapCutsTheLine()
{
    const auto segments = SeriesFeeder::splitAtGaps(pointsOf({1, 2, kGap, 3, 4, kGap, 5}), 16);
    QCOMPARE(segments.size(), 3);
    QCOMPARE(ys(segments.at(0)), QList<double>({1, 2}));
    QCOMPARE(ys(segments.at(1)), QList<double>({3, 4}));
    QCOMPARE(ys(segments.at(2)), QList<double>({5}));
}

void TstSeriesFeeder::leadingTrailingAndRepeatedGapsMakeNoEmptySegments()
{
    const auto segments = SeriesFeeder::splitAtGaps(pointsOf({kGap, 1, kGap, kGap, 2, kGap}), 16);
    QCOMPARE(segments.size(), 2);
    QCOMPARE(ys(segments.at(0)), QList<double>({1}));
    QCOMPARE(ys(segments.at(1)), QList<double>({2}));
    QVERIFY(SeriesFeeder::splitAtGaps(pointsOf({kGap, kGap}), 16).isEmpty());
    QVERIFY(SeriesFeeder::splitAtGaps({}, 16).isEmpty());
    QVERIFY(SeriesFeeder::splitAtGaps(pointsOf({1, 2}), 0).isEmpty());
}

void TstSeriesFeeder::moreGapsThanLinesJoinTheOldestSegments()
{
    const auto segments = SeriesFeeder::splitAtGaps(pointsOf({1, kGap, 2, kGap, 3, kGap, 4, kGap, 5}), 3);
    QCOMPARE(segments.size(), 3);
    QCOMPARE(ys(segments.at(0)), QList<double>({1, 2, 3})); // drawn over the two oldest gaps
    QCOMPARE(ys(segments.at(1)), QList<double>({4}));
    QCOMPARE(ys(segments.at(2)), QList<double>({5}));
}

void TstSeriesFeeder::timesAndValuesReachTheLineExactly()
{
    QLineSeries line;
    SeriesFeeder feeder;
    QVERIFY(feeder.attach(&line));
    const qint64 t0 = 1'795'386'140'691;
    feeder.update({{t0, 65432.12345678}, {t0 + 1, 0.1 + 0.2}});
    QCOMPARE(line.count(), 2);
    QCOMPARE(line.at(0).x(), double(t0));
    QCOMPARE(line.at(0).y(), 65432.12345678);
    QCOMPARE(line.at(1).x(), double(t0 + 1));
    QCOMPARE(line.at(1).y(), 0.1 + 0.2);
}

void TstSeriesFeeder::eachLineIsReplacedOnceAndOnlyWhenItChanges()
{
    std::vector<std::unique_ptr<QLineSeries>> lines;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    SeriesFeeder feeder;
    for (int i = 0; i < 4; ++i) {
        lines.push_back(std::make_unique<QLineSeries>());
        spies.push_back(std::make_unique<QSignalSpy>(lines.back().get(), &QXYSeries::pointsReplaced));
        QVERIFY(feeder.attach(lines.back().get()));
    }
    const QList<Point> twoSegments = pointsOf({1, 2, kGap, 3});
    QCOMPARE(feeder.update(twoSegments), 2);
    QCOMPARE(spies[0]->count(), 1);
    QCOMPARE(spies[1]->count(), 1);
    QCOMPARE(spies[2]->count(), 0); // was empty, stays empty: nothing to redo
    QCOMPARE(ys(*lines[0]), QList<double>({1, 2}));
    QCOMPARE(ys(*lines[1]), QList<double>({3}));

    QCOMPARE(feeder.update(twoSegments), 0);
    QCOMPARE(spies[0]->count(), 1);

    // A new point changes only the newest segment.
    QCOMPARE(feeder.update(pointsOf({1, 2, kGap, 3, 4})), 1);
    QCOMPARE(spies[0]->count(), 1);
    QCOMPARE(spies[1]->count(), 2);
    QCOMPARE(ys(*lines[1]), QList<double>({3, 4}));

    feeder.clear();
    QCOMPARE(lines[0]->count(), 0);
    QCOMPARE(lines[1]->count(), 0);
    QCOMPARE(spies[0]->count(), 2);
}

void TstSeriesFeeder::aShortPoolJoinsTheOldestAndSaysHowManyLinesItWants()
{
    SeriesFeeder feeder;
    QLineSeries first;
    QVERIFY(feeder.attach(&first));
    const QList<Point> threeSegments = pointsOf({1, kGap, 2, kGap, 3});
    feeder.update(threeSegments);
    QCOMPARE(feeder.wanted(), 3);
    QCOMPARE(ys(first), QList<double>({1, 2, 3}));

    QLineSeries second;
    QLineSeries third;
    QVERIFY(feeder.attach(&second));
    QVERIFY(feeder.attach(&third));
    feeder.update(threeSegments);
    QCOMPARE(ys(first), QList<double>({1}));
    QCOMPARE(ys(second), QList<double>({2}));
    QCOMPARE(ys(third), QList<double>({3}));

    QList<Point> manyGaps;
    for (int i = 0; i < 40; ++i)
        manyGaps << Point{2 * i, double(i)} << Point{2 * i + 1, kGap};
    feeder.update(manyGaps);
    QCOMPARE(feeder.wanted(), SeriesFeeder::kMaxSegments);
}

void TstSeriesFeeder::attachRefusesNullDuplicatesAndAFullPool()
{
    SeriesFeeder feeder;
    QLineSeries first;
    QVERIFY(!feeder.attach(nullptr));
    QVERIFY(feeder.attach(&first));
    QVERIFY(!feeder.attach(&first));
    std::vector<std::unique_ptr<QLineSeries>> more;
    for (int i = 1; i < SeriesFeeder::kMaxSegments; ++i) {
        more.push_back(std::make_unique<QLineSeries>());
        QVERIFY(feeder.attach(more.back().get()));
    }
    QLineSeries extra;
    QVERIFY(!feeder.attach(&extra));
    QCOMPARE(feeder.segmentCapacity(), SeriesFeeder::kMaxSegments);
}

void TstSeriesFeeder::attachedLinesTakeTheSeriesColour()
{
    SeriesFeeder feeder(QColor(0x3b82f6));
    QLineSeries line;
    line.append(1, 1); // stale points from elsewhere are dropped
    QVERIFY(feeder.attach(&line));
    QCOMPARE(line.color(), QColor(0x3b82f6));
    QCOMPARE(line.pen().widthF(), 2.0);
    QCOMPARE(line.count(), 0);
}

void TstSeriesFeeder::aDeletedLineLeavesThePool()
{
    SeriesFeeder feeder;
    auto first = std::make_unique<QLineSeries>();
    QLineSeries second;
    QVERIFY(feeder.attach(first.get()));
    QVERIFY(feeder.attach(&second));
    first.reset();
    QCOMPARE(feeder.update(pointsOf({1, kGap, 2})), 1);
    QCOMPARE(feeder.segmentCapacity(), 1);
    QCOMPARE(ys(second), QList<double>({1, 2})); // one line left: the gap is drawn over
}

QTEST_MAIN(TstSeriesFeeder)
#include "tst_seriesfeeder.moc"
