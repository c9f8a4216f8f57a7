#include "core/store/PointRuns.h"

#include <QTest>

using namespace feeddeck::store;

namespace {

// Points numbered 0..n-1 by time, split into runs of the given lengths.
struct Numbered
{
    explicit Numbered(const QList<int> &lengths)
    {
        int n = 0;
        for (int length : lengths)
            n += length;
        for (int i = 0; i < n; ++i)
            points.append({i, i * 0.5});
        int start = 0;
        for (int length : lengths) {
            runs.append(std::span<const Point>(points.constData() + start, std::size_t(length)));
            start += length;
        }
    }

    QList<Point> points;
    PointRuns runs;
};

} // namespace

class TstPointRuns : public QObject
{
    Q_OBJECT

private slots:
    void anEmptySequenceHasNoPointsAndNoRuns()
    {
        const PointRuns none;
        QVERIFY(none.isEmpty());
        QCOMPARE(none.size(), 0);
        int calls = 0;
        none.forEachRun(0, 0, [&](std::span<const Point>, qsizetype) { ++calls; });
        QCOMPARE(calls, 0);
    }

    void emptyRunsAreSkipped()
    {
        const Numbered data({0, 3, 0, 2, 0});
        QCOMPARE(data.runs.size(), 5);
        QCOMPARE(data.runs.runCount(), std::size_t(2));
    }

    void atReadsEveryPointAcrossTheRuns()
    {
        const Numbered data({1, 4, 256, 7, 1});
        QCOMPARE(data.runs.size(), data.points.size());
        for (qsizetype i = 0; i < data.points.size(); ++i) {
            QCOMPARE(data.runs.at(i).t, qint64(i));
            // In place: the very point given, not a copy.
            QCOMPARE(&data.runs.at(i), data.points.constData() + i);
        }
    }

    void forEachRunCutsTheRunsToTheRange_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QList<int>>("lengths"); // of the pieces expected
        // Runs of 3, 4 and 5 points: [0, 3), [3, 7), [7, 12).
        QTest::newRow("everything") << 0 << 12 << QList<int>{3, 4, 5};
        QTest::newRow("inside one run") << 4 << 6 << QList<int>{2};
        QTest::newRow("across a boundary, mid-run both ends") << 2 << 8 << QList<int>{1, 4, 1};
        QTest::newRow("starting on a boundary") << 3 << 12 << QList<int>{4, 5};
        QTest::newRow("ending on a boundary") << 0 << 7 << QList<int>{3, 4};
        QTest::newRow("the last point") << 11 << 12 << QList<int>{1};
        QTest::newRow("empty range") << 5 << 5 << QList<int>{};
    }

    void forEachRunCutsTheRunsToTheRange()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QList<int>, lengths);
        const Numbered data({3, 4, 5});
        QList<int> pieces;
        qsizetype next = from;
        data.runs.forEachRun(from, to, [&](std::span<const Point> run, qsizetype index) {
            QCOMPARE(index, next); // each piece starts where the last ended
            QCOMPARE(run.front().t, qint64(index));
            pieces.append(int(run.size()));
            next = index + qsizetype(run.size());
        });
        QCOMPARE(pieces, lengths);
        QCOMPARE(next, qsizetype(to));
    }
};

QTEST_APPLESS_MAIN(TstPointRuns)
#include "tst_pointruns.moc"
