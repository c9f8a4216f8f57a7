#include "core/store/Decimation.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace feeddeck::store;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::span<const Point> spanOf(const QList<Point> &points)
{
    return {points.constData(), std::size_t(points.size())};
}

bool contains(const QList<Point> &points, const Point &p)
{
    return std::any_of(points.cbegin(), points.cend(), [&](const Point &q) {
        return q.t == p.t && (q.v == p.v || (std::isnan(q.v) && std::isnan(p.v)));
    });
}

bool sameValues(const QList<Point> &a, const QList<Point> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const bool bothGaps = std::isnan(a.at(i).v) && std::isnan(b.at(i).v);
        if (a.at(i).t != b.at(i).t || (!bothGaps && a.at(i).v != b.at(i).v))
            return false;
    }
    return true;
}

bool timeOrdered(const QList<Point> &points)
{
    for (qsizetype i = 1; i < points.size(); ++i)
        if (points.at(i).t < points.at(i - 1).t)
            return false;
    return true;
}

// n points one millisecond apart from t = 0, shaped by `shape`.
QList<Point> series(int n, const QString &shape)
{
    QRandomGenerator rng(1234); // seeded: the test is reproducible
    QList<Point> points;
    points.reserve(n);
    for (int i = 0; i < n; ++i) {
        double v = 0;
        if (shape == QLatin1String("sine"))
            v = std::sin(i / 50.0) * 100;
        else if (shape == QLatin1String("random"))
            v = rng.bounded(1000.0) - 500.0;
        else if (shape == QLatin1String("spikes"))
            v = (i % 997 == 500) ? 1e6 : (i % 1009 == 3 ? -1e6 : 1.0);
        else if (shape == QLatin1String("ramp"))
            v = i;
        points.append({i, v});
    }
    return points;
}

} // namespace

class TstDecimation : public QObject
{
    Q_OBJECT

private slots:
    void emptyInputGivesEmptyOutput()
    {
        QVERIFY(decimateMinMax(std::span<const Point>{}, 0, 1000, 100).isEmpty());
    }

    void aSinglePointInRangeIsReturned()
    {
        const QList<Point> one{{500, 3.5}};
        const QList<Point> out = decimateMinMax(spanOf(one), 0, 1000, 100);
        QVERIFY(sameValues(out, one));
    }

    void fewPointsAreReturnedUnchangedWithTheirNeighbours()
    {
        QList<Point> in;
        for (int i = 0; i < 50; ++i)
            in.append({i * 10, double(i % 7)});
        in[20].v = kNaN;
        // 4 * 20 columns = 80 >= the 50 points: nothing to reduce.
        QVERIFY(sameValues(decimateMinMax(spanOf(in), 0, 490, 20), in));
        // A window inside: the in-range points plus one neighbour each side.
        const QList<Point> out = decimateMinMax(spanOf(in), 100, 200, 20);
        QVERIFY(sameValues(out, in.mid(9, 13)));
    }

    void keepsGlobalExtremesAndBothEnds_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::newRow("sine, 10k points, 200 columns") << QStringLiteral("sine") << 10000 << 200;
        QTest::newRow("random, 50k points, 800 columns") << QStringLiteral("random") << 50000 << 800;
        QTest::newRow("spikes, 20k points, 100 columns") << QStringLiteral("spikes") << 20000 << 100;
        QTest::newRow("ramp, 5k points, 1 column") << QStringLiteral("ramp") << 5000 << 1;
        QTest::newRow("random, 100k points, 7 columns") << QStringLiteral("random") << 100000 << 7;
    }

    void keepsGlobalExtremesAndBothEnds()
    {
        QFETCH(QString, shape);
        QFETCH(int, count);
        QFETCH(int, columns);
        const QList<Point> in = series(count, shape);
        const QList<Point> out = decimateMinMax(spanOf(in), 0, count - 1, columns);

        QVERIFY(out.size() < in.size());
        QVERIFY(out.size() <= 4 * columns);
        QVERIFY(timeOrdered(out));
        QCOMPARE(out.first().t, in.first().t);
        QCOMPARE(out.last().t, in.last().t);
        const auto [minIt, maxIt] = std::minmax_element(in.cbegin(), in.cend(),
                                                        [](const Point &a, const Point &b) { return a.v < b.v; });
        QVERIFY(contains(out, *minIt));
        QVERIFY(contains(out, *maxIt));
        // Every output point is an input point (times here equal indices).
        for (const Point &p : out)
            QVERIFY(p.t >= 0 && p.t < count && in.at(p.t).v == p.v);
    }

    void keepsTheExtremesOfEveryColumn()
    {
        const int columns = 50;
        const QList<Point> in = series(10000, QStringLiteral("random"));
        const QList<Point> out = decimateMinMax(spanOf(in), 0, 9999, columns);
        // Column c covers t in [c * 200, (c + 1) * 200).
        for (int c = 0; c < columns; ++c) {
            const auto first = in.cbegin() + c * 200;
            const auto [minIt, maxIt] = std::minmax_element(first, first + 200,
                                                            [](const Point &a, const Point &b) { return a.v < b.v; });
            QVERIFY2(contains(out, *minIt), qPrintable(QStringLiteral("min of column %1").arg(c)));
            QVERIFY2(contains(out, *maxIt), qPrintable(QStringLiteral("max of column %1").arg(c)));
            QVERIFY(contains(out, *first));
            QVERIFY(contains(out, *(first + 199)));
        }
        // First, min, max and last per column; fewer where an extreme is also an end.
        QVERIFY(out.size() <= 4 * columns);
        QVERIFY(out.size() >= 2 * columns);
    }

    void respectsTheColumnBound_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("columns");
        QTest::newRow("1 column") << 10000 << 1;
        QTest::newRow("10 columns") << 10000 << 10;
        QTest::newRow("800 columns") << 100000 << 800;
        QTest::newRow("2000 columns, 8001 points") << 8001 << 2000;
    }

    void respectsTheColumnBound()
    {
        QFETCH(int, count);
        QFETCH(int, columns);
        const QList<Point> in = series(count, QStringLiteral("random"));
        // A window inside the data: at most 4 a column plus the two edge neighbours.
        const qint64 t0 = count / 10;
        const qint64 t1 = count - count / 10;
        const QList<Point> out = decimateMinMax(spanOf(in), t0, t1, columns);
        QVERIFY2(out.size() <= 4 * columns + 2, qPrintable(QString::number(out.size())));
        QVERIFY(timeOrdered(out));
        QCOMPARE(out.first().t, t0 - 1);
        QCOMPARE(out.last().t, t1 + 1);
        QCOMPARE(std::count_if(out.cbegin(), out.cend(), [&](const Point &p) { return p.t < t0 || p.t > t1; }), 2);
    }

    void allEqualValuesGiveAtMostTwoPointsPerColumn()
    {
        QList<Point> in;
        for (int i = 0; i < 4000; ++i)
            in.append({i, 7.0});
        const QList<Point> out = decimateMinMax(spanOf(in), 0, 3999, 10);
        QCOMPARE(out.size(), 20);
        for (const Point &p : out)
            QCOMPARE(p.v, 7.0);
        QCOMPARE(out.first().t, 0);
        QCOMPARE(out.last().t, 3999);
    }

    void gapsArePreservedAndSplitTheirColumn()
    {
        QList<Point> in = series(10000, QStringLiteral("sine"));
        in[5050].v = kNaN; // inside column 5 of 10
        in[5051].v = kNaN; // a repeated gap shows once
        const QList<Point> out = decimateMinMax(spanOf(in), 0, 9999, 10);

        QCOMPARE(std::count_if(out.cbegin(), out.cend(), [](const Point &p) { return SeriesHistory::isGap(p); }), 1);
        const auto gap = std::find_if(out.cbegin(), out.cend(), [](const Point &p) { return SeriesHistory::isGap(p); });
        QCOMPARE(gap->t, 5050);
        // The column is split: the points either side of the gap close and open a run.
        QCOMPARE((gap - 1)->t, 5049);
        QCOMPARE((gap + 1)->t, 5052);
        QVERIFY(timeOrdered(out));
    }

    void aRangeWithNoPointsGivesOnlyItsNeighbours()
    {
        QList<Point> in = series(1000, QStringLiteral("ramp"));
        for (Point &p : in)
            p.t *= 100; // points every 100 ms
        // Window between two points: the line still crosses it.
        QVERIFY(sameValues(decimateMinMax(spanOf(in), 50010, 50090, 1),
                           (QList<Point>{in.at(500), in.at(501)})));
        // Window after all data: only the last point, before it.
        QVERIFY(sameValues(decimateMinMax(spanOf(in), 200000, 300000, 100), QList<Point>{in.last()}));
        // Window before all data: only the first point, after it.
        QVERIFY(sameValues(decimateMinMax(spanOf(in), -5000, -1, 100), QList<Point>{in.first()}));
    }

    void oddArgumentsDoNotCrash()
    {
        const QList<Point> in = series(5000, QStringLiteral("random"));
        QVERIFY(decimateMinMax(spanOf(in), 0, 4999, 0).size() <= 4 + 2);
        QVERIFY(decimateMinMax(spanOf(in), 0, 4999, -3).size() <= 4 + 2);
        // A reversed window is read the right way round.
        QVERIFY(sameValues(decimateMinMax(spanOf(in), 4999, 0, 10), decimateMinMax(spanOf(in), 0, 4999, 10)));
        // A zero-width window: every point at that instant, plus neighbours.
        QCOMPARE(decimateMinMax(spanOf(in), 100, 100, 10).size(), 3);
        QVERIFY(!decimateMinMax(spanOf(in), std::numeric_limits<qint64>::min(),
                                std::numeric_limits<qint64>::max(), 100)
                     .isEmpty());
        // Out-of-order input gives a poorer picture, never a crash.
        QList<Point> shuffled = in;
        std::reverse(shuffled.begin(), shuffled.end());
        QVERIFY(decimateMinMax(spanOf(shuffled), 0, 4999, 10).size() <= 5000);
    }
};

QTEST_APPLESS_MAIN(TstDecimation)
#include "tst_decimation.moc"
