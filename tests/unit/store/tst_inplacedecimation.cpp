#include "core/store/Decimation.h"
#include "core/store/SeriesHistory.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

using namespace feeddeck::data;
using namespace feeddeck::store;

// A chart's slice is decimated where the history ring holds it (runsAround() over the
// ring's chunks). It must give exactly what copying the window out (pointsAround()) and
// decimating the copy gives, and what the documented rules give, spelled out plainly
// below, for rings of every shape: filling, full, wrapped anywhere, gaps on chunk edges.

namespace {

const QString kFeed = QStringLiteral("crypto");
const QString kSym = QStringLiteral("BTC-USD");
constexpr qint64 kAll = std::numeric_limits<qint64>::min(); // the chart's "all" window
constexpr qint64 kEnd = std::numeric_limits<qint64>::max();
constexpr qint64 kStart = 1'000'000;

// One series written `writes` times into a ring of `capacity`: a gap at each write of
// `gapWrites` (and at random with `gapChance`), else a point. Time steps of 0 to 3 ms, so
// some points share a time and some windows fall between points.
struct Series
{
    Series(int capacity, int writes, quint32 seed, const std::set<int> &gapWrites = {}, double gapChance = 0)
        : history(capacity)
    {
        QRandomGenerator rng(seed);
        qint64 t = kStart;
        for (int w = 0; w < writes; ++w) {
            t += rng.bounded(4);
            if (w > 0 && (gapWrites.count(w) || rng.generateDouble() < gapChance)) {
                history.markGap(kFeed, t);
                continue;
            }
            Update u;
            u.symbol = kSym;
            u.receivedMs = t;
            // Few distinct values: ties for a column's min and max are common, and the first wins.
            u.fields.append({fields::kPrice, double(rng.bounded(40)) - 20.0});
            history.record(kFeed, u);
        }
        all = history.points(kFeed, kSym, fields::kPrice, kAll, kEnd);
        head = writes > capacity ? writes % capacity : 0;
        this->capacity = capacity;
    }

    // Where logical point i lies in the ring's storage.
    [[nodiscard]] int physical(int i) const { return (head + i) % capacity; }

    SeriesHistory history;
    QList<Point> all;
    int head = 0;
    int capacity = 0;
};

struct Window
{
    qint64 from;
    qint64 to;
};

QList<Point> concatenated(const PointRuns &runs)
{
    QList<Point> out;
    runs.forEachRun(0, runs.size(), [&](std::span<const Point> run, qsizetype) {
        for (const Point &p : run)
            out.append(p);
    });
    return out;
}

bool samePoints(const QList<Point> &a, const QList<Point> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const Point &p, const Point &q) {
        return p.t == q.t && (p.v == q.v || (std::isnan(p.v) && std::isnan(q.v)));
    });
}

QString describe(const QList<Point> &points)
{
    QStringList parts;
    for (const Point &p : points.mid(0, 12))
        parts.append(QStringLiteral("%1:%2").arg(p.t).arg(p.v));
    const QString more = points.size() > 12 ? QStringLiteral(" ...") : QString();
    return QStringLiteral("%1 points [%2%3]").arg(points.size()).arg(parts.join(QLatin1Char(' ')), more);
}

// decimateMinMax's documented rules, spelled out one at a time over a plain list: the
// point just before t0 and the one just after t1; in between, every point if they are at
// most 4 per column, else per column (split by gaps) its first, lowest, highest and last
// point in time order, and each gap once.
QList<Point> reference(const QList<Point> &points, qint64 t0, qint64 t1, int columns)
{
    if (t1 < t0)
        std::swap(t0, t1);
    columns = std::clamp(columns, 1, 1 << 24);
    int before = -1;
    int after = -1;
    QList<int> inRange;
    for (int i = 0; i < points.size(); ++i) {
        const qint64 t = points.at(i).t;
        if (t < t0)
            before = i;
        else if (t <= t1)
            inRange.append(i);
        else if (after < 0)
            after = i;
    }

    QList<Point> out;
    if (before >= 0)
        out.append(points.at(before));
    if (inRange.size() <= 4 * qsizetype(columns)) {
        for (int i : inRange)
            out.append(points.at(i));
    } else {
        const double width = double(t1) - double(t0);
        const double perMs = width > 0 ? columns / width : 0.0;
        QList<int> group;
        int groupColumn = -1;
        const auto close = [&] {
            if (group.isEmpty())
                return;
            const auto byValue = [&](int a, int b) { return points.at(a).v < points.at(b).v; };
            const std::set<int> picks{group.first(), *std::min_element(group.cbegin(), group.cend(), byValue),
                                      *std::max_element(group.cbegin(), group.cend(), byValue), group.last()};
            for (int i : picks)
                out.append(points.at(i));
            group.clear();
        };
        for (int i : inRange) {
            const Point &p = points.at(i);
            if (std::isnan(p.v)) {
                close();
                if (out.isEmpty() || !std::isnan(out.last().v))
                    out.append(p);
                continue;
            }
            const double x = (double(p.t) - double(t0)) * perMs;
            const int column = std::clamp(int(std::min(x, double(columns))), 0, columns - 1);
            if (column != groupColumn)
                close();
            group.append(i);
            groupColumn = column;
        }
        close();
    }
    if (after >= 0)
        out.append(points.at(after));
    return out;
}

// The windows worth asking of a series: the whole of it, before and after it, empty ones,
// reversed ones, and windows starting and ending on and beside its chunk boundaries.
QList<Window> windowsOf(const Series &s, QRandomGenerator &rng)
{
    QList<Window> windows{{kAll, kEnd}, {kStart - 100, kStart - 1}, {kEnd - 10, kEnd}, {kAll, kStart - 1}};
    if (s.all.isEmpty())
        return windows;
    const qint64 first = s.all.constFirst().t;
    const qint64 last = s.all.constLast().t;
    const int n = int(s.all.size());
    windows += {{first, last}, {last + 1, last + 500}, {first - 500, first - 1}, {last, first},
                {first, first}, {last, last}, {kAll, first + (last - first) / 2}};
    for (int i = 1; i < n; ++i) {
        const qint64 t = s.all.at(i).t;
        // Between two points: a window holding none.
        if (t - s.all.at(i - 1).t >= 3 && windows.size() < 40)
            windows.append({s.all.at(i - 1).t + 1, t - 1});
        // On a chunk boundary of the ring's storage, and one point either side of it.
        if (s.physical(i) % SeriesHistory::kChunkPoints == 0) {
            windows.append({t, last});
            windows.append({first, t});
            windows.append({s.all.at(i - 1).t, s.all.at(std::min(n - 1, i + 300)).t});
            windows.append({t + 1, s.all.at(std::max(0, n - 2)).t});
        }
    }
    for (int k = 0; k < 12; ++k) {
        const qint64 a = first - 5 + qint64(rng.bounded(quint64(last - first + 10) + 1));
        const qint64 b = first - 5 + qint64(rng.bounded(quint64(last - first + 10) + 1));
        windows.append({std::min(a, b), std::max(a, b)});
    }
    return windows;
}

// The three ways agree for one window: in place, copy then decimate, and the rules. The
// window's start is resolved as FeedWorker does for "all": the first point's time.
void compareWindow(const Series &s, Window w, int columns, const char *what)
{
    const PointRuns runs = s.history.runsAround(kFeed, kSym, fields::kPrice, w.from, w.to);
    const QList<Point> copied = s.history.pointsAround(kFeed, kSym, fields::kPrice, w.from, w.to);
    const QString where = QStringLiteral("%1: window [%2, %3], %4 columns, capacity %5, head %6")
                              .arg(QLatin1String(what))
                              .arg(w.from)
                              .arg(w.to)
                              .arg(columns)
                              .arg(s.capacity)
                              .arg(s.head);
    QVERIFY2(samePoints(concatenated(runs), copied),
             qPrintable(where + QStringLiteral(": runs hold ") + describe(concatenated(runs))
                        + QStringLiteral(", the copy ") + describe(copied)));

    const qint64 t0 = w.from == kAll ? (runs.isEmpty() ? w.to : runs.at(0).t) : w.from;
    const QList<Point> inPlace = decimateMinMax(runs, t0, w.to, columns);
    const QList<Point> fromCopy = decimateMinMax(std::span<const Point>(copied.constData(), std::size_t(copied.size())),
                                                 t0, w.to, columns);
    const QList<Point> expected = reference(copied, t0, w.to, columns);
    QVERIFY2(samePoints(inPlace, expected),
             qPrintable(where + QStringLiteral(": in place ") + describe(inPlace) + QStringLiteral(", expected ")
                        + describe(expected)));
    QVERIFY2(samePoints(fromCopy, expected),
             qPrintable(where + QStringLiteral(": from the copy ") + describe(fromCopy)
                        + QStringLiteral(", expected ") + describe(expected)));
}

void compareSeries(const Series &s, quint32 seed, const char *what)
{
    QRandomGenerator rng(seed);
    for (const Window &w : windowsOf(s, rng)) {
        for (int columns : {1, 3, 10, 97, 1000}) {
            compareWindow(s, w, columns, what);
            if (QTest::currentTestFailed())
                return;
        }
    }
}

} // namespace

class TstInPlaceDecimation : public QObject
{
    Q_OBJECT

private slots:
    void anUnknownSeriesGivesNothing()
    {
        const SeriesHistory history(100);
        const PointRuns runs = history.runsAround(kFeed, kSym, fields::kPrice, kAll, kEnd);
        QVERIFY(runs.isEmpty());
        QVERIFY(decimateMinMax(runs, 0, 1000, 100).isEmpty());
    }

    void theWindowIsReadWhereTheRingHoldsIt()
    {
        // A wrapped ring of five chunks: the window's runs point into the ring itself, one
        // run per chunk touched (plus the wrap), and nothing is copied.
        const Series s(5 * SeriesHistory::kChunkPoints, 7 * SeriesHistory::kChunkPoints + 100, 7);
        const PointRuns runs = s.history.runsAround(kFeed, kSym, fields::kPrice, kAll, kEnd);
        QCOMPARE(runs.size(), s.all.size());
        QCOMPARE(runs.runCount(), std::size_t(6));
        QCOMPARE(&runs.at(1) - &runs.at(0), 1); // contiguous within a run
    }

    void sameAsCopyingForEveryShapeOfRing_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("writes");
        QTest::addColumn<QList<int>>("gaps"); // writes that are gaps

        const int c = SeriesHistory::kChunkPoints;
        QTest::newRow("empty ring") << 1000 << 0 << QList<int>{};
        QTest::newRow("one point") << 1000 << 1 << QList<int>{};
        QTest::newRow("filling, inside its first chunk") << 1000 << 100 << QList<int>{};
        QTest::newRow("filling, over several chunks") << 1000 << 700 << QList<int>{};
        QTest::newRow("full, not wrapped") << 2 * c << 2 * c << QList<int>{};
        QTest::newRow("wrapped, head mid-chunk") << 1000 << 2345 << QList<int>{};
        QTest::newRow("wrapped, head on a chunk boundary") << 4 * c << 5 * c << QList<int>{};
        QTest::newRow("wrapped, head one short of a boundary") << 4 * c << 5 * c - 1 << QList<int>{};
        QTest::newRow("capacity not a whole number of chunks, wrapped") << 300 << 1000 << QList<int>{};
        QTest::newRow("capacity below a chunk, wrapped") << 100 << 250 << QList<int>{};
        QTest::newRow("capacity 1") << 1 << 10 << QList<int>{};
        QTest::newRow("gaps on the last and first slots of chunks")
            << 4 * c << 3 * c + 40 << QList<int>{c - 1, 2 * c, 3 * c - 1};
        // Wrapped by 4c + 100 writes: write w lies in slot w mod 4c.
        QTest::newRow("gaps on chunk boundaries of a wrapped ring")
            << 4 * c << 5 * c + 100 << QList<int>{4 * c, 5 * c - 1, 5 * c + 1, 2 * c, 3 * c - 1};
        QTest::newRow("a gap as the newest point") << 1000 << 1500 << QList<int>{1499};
        QTest::newRow("a gap as the oldest point kept") << 1000 << 1500 << QList<int>{500};
    }

    void sameAsCopyingForEveryShapeOfRing()
    {
        QFETCH(int, capacity);
        QFETCH(int, writes);
        QFETCH(QList<int>, gaps);
        const Series s(capacity, writes, 99, std::set<int>(gaps.cbegin(), gaps.cend()));
        // Each gap still held lies in the slot meant for it (write w goes to slot w mod capacity).
        const int oldestWrite = writes - int(s.all.size());
        for (int w : gaps) {
            if (w < oldestWrite)
                continue;
            QVERIFY(SeriesHistory::isGap(s.all.at(w - oldestWrite)));
            QCOMPARE(s.physical(w - oldestWrite), w % capacity);
        }
        compareSeries(s, 5, QTest::currentDataTag());
    }

    void sameAsCopyingForManySeededRandomRings()
    {
        QRandomGenerator rng(20261207); // seeded: a failure names its case and repeats
        for (int round = 0; round < 150; ++round) {
            const int capacity = 1 + int(rng.bounded(4 * SeriesHistory::kChunkPoints));
            const int writes = int(rng.bounded(3 * capacity + 2));
            const double gapChance = round % 3 == 0 ? 0.0 : 0.02;
            const Series s(capacity, writes, rng.generate(), {}, gapChance);
            const QByteArray what = QByteArrayLiteral("round ") + QByteArray::number(round);
            compareSeries(s, rng.generate(), what.constData());
            if (QTest::currentTestFailed())
                return;
        }
    }

    void aLargeWrappedRingDecimatesToTheSamePoints()
    {
        // The chart's case: 100k points over 391 chunks, a gap here and there, 1000 columns.
        const Series s(100'000, 125'000, 3, {30'000, 50'000, 100'000, 110'079});
        const qint64 last = s.all.constLast().t;
        const Window windows[] = {{kAll, kEnd}, {last - 20'000, last}, {kStart + 60'000, kStart + 61'000}};
        for (const Window &w : windows) {
            compareWindow(s, w, 1000, "100k points");
            compareWindow(s, w, 1, "100k points");
        }
    }
};

QTEST_APPLESS_MAIN(TstInPlaceDecimation)
#include "tst_inplacedecimation.moc"
