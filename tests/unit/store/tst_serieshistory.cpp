#include "core/store/SeriesHistory.h"

#include <QTest>

#include <limits>

using namespace feeddeck::data;
using namespace feeddeck::store;

namespace {

const QString kFeed = QStringLiteral("crypto");
const QString kSym = QStringLiteral("BTC-USD");

Update tick(qint64 t, double price, const QString &symbol = kSym)
{
    Update u;
    u.symbol = symbol;
    u.fields.append({fields::kPrice, price});
    u.receivedMs = t;
    return u;
}

QList<qint64> timesOf(const QList<Point> &points)
{
    QList<qint64> times;
    for (const Point &p : points)
        times.append(p.t);
    return times;
}

} // namespace

class TstSeriesHistory : public QObject
{
    Q_OBJECT

private slots:
    void recordAppendsOnePointPerFieldAtTheReceiveTime()
    {
        SeriesHistory history(100);
        Update u;
        u.symbol = kSym;
        u.fields.append({fields::kPrice, 100.0});
        u.fields.append({fields::kBid, 99.0});
        u.receivedMs = 5000;
        u.sourceMs = 4000;
        history.record(kFeed, u);

        QCOMPARE(history.seriesCount(), 2);
        QCOMPARE(history.size(kFeed, kSym, fields::kPrice), 1);
        QCOMPARE(history.size(kFeed, kSym, fields::kBid), 1);
        QCOMPARE(history.size(kFeed, kSym, fields::kAsk), 0);
        const QList<Point> bid = history.points(kFeed, kSym, fields::kBid, 0, 10000);
        QCOMPARE(bid.size(), 1);
        QCOMPARE(bid.first().t, 5000);
        QCOMPARE(bid.first().v, 99.0);
    }

    void ringKeepsExactlyItsCapacityAndDropsTheOldest_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("extra");
        QTest::newRow("capacity 1, no overflow") << 1 << 0;
        QTest::newRow("capacity 1, 5 over") << 1 << 5;
        QTest::newRow("capacity 10, 3 over") << 10 << 3;
        QTest::newRow("one full chunk, 1 over") << SeriesHistory::kChunkPoints << 1;
        QTest::newRow("chunk plus one, wraps twice") << SeriesHistory::kChunkPoints + 1 << 600;
        QTest::newRow("capacity 1000, 1000 over") << 1000 << 1000;
        QTest::newRow("capacity 1000, 2345 over") << 1000 << 2345;
    }

    void ringKeepsExactlyItsCapacityAndDropsTheOldest()
    {
        QFETCH(int, capacity);
        QFETCH(int, extra);
        SeriesHistory history(capacity);
        for (int i = 0; i < capacity + extra; ++i)
            history.record(kFeed, tick(i, i * 0.5));

        QCOMPARE(history.size(kFeed, kSym, fields::kPrice), capacity);
        const QList<Point> all = history.points(kFeed, kSym, fields::kPrice,
                                                std::numeric_limits<qint64>::min(),
                                                std::numeric_limits<qint64>::max());
        QCOMPARE(all.size(), capacity);
        for (int i = 0; i < capacity; ++i) {
            QCOMPARE(all.at(i).t, qint64(extra + i));
            QCOMPARE(all.at(i).v, (extra + i) * 0.5);
        }
        // The oldest dropped point is gone from range queries too.
        if (extra > 0)
            QVERIFY(history.points(kFeed, kSym, fields::kPrice, 0, extra - 1).isEmpty());
    }

    void storageGrowsInChunksAsASeriesFills()
    {
        const int capacity = 4 * SeriesHistory::kChunkPoints + 17;
        SeriesHistory history(capacity);
        const std::size_t empty = history.memoryBytes();
        QVERIFY(empty < 1024);

        history.record(kFeed, tick(0, 1.0));
        const std::size_t onePoint = history.memoryBytes();
        const std::size_t chunkBytes = SeriesHistory::kChunkPoints * sizeof(Point);
        QVERIFY(onePoint > empty);
        QVERIFY2(onePoint - empty <= chunkBytes + 512,
                 qPrintable(QStringLiteral("one point costs %1 bytes").arg(onePoint - empty)));

        for (int i = 1; i < capacity; ++i)
            history.record(kFeed, tick(i, 1.0));
        const std::size_t full = history.memoryBytes();
        const std::size_t pointBytes = std::size_t(capacity) * sizeof(Point);
        QVERIFY(full - empty >= pointBytes);
        QVERIFY2(full - empty <= pointBytes + pointBytes / 20 + 512,
                 qPrintable(QStringLiteral("full series costs %1 bytes for %2 points")
                                .arg(full - empty)
                                .arg(capacity)));

        // Overwriting the oldest allocates nothing more.
        for (int i = 0; i < capacity * 2; ++i)
            history.record(kFeed, tick(capacity + i, 2.0));
        QCOMPARE(history.memoryBytes(), full);

        history.removeFeed(kFeed);
        QVERIFY(history.memoryBytes() < onePoint);
    }

    void aShortSeriesInALargeHistoryCostsOneChunk()
    {
        SeriesHistory history; // 100000 points a series
        history.record(kFeed, tick(0, 1.0));
        QVERIFY(history.memoryBytes() < 8 * 1024);
    }

    void markGapEndsEverySeriesOfThatFeedOnce()
    {
        SeriesHistory history(100);
        Update u = tick(1000, 10.0);
        u.fields.append({fields::kBid, 9.0});
        history.record(kFeed, u);
        history.record(kFeed, tick(1000, 20.0, QStringLiteral("ETH-USD")));
        history.record(QStringLiteral("other"), tick(1000, 30.0));

        history.markGap(kFeed, 2000);
        history.markGap(kFeed, 2500); // still disconnected: no second gap

        for (const auto &[symbol, field] : {std::pair{kSym, fields::kPrice}, std::pair{kSym, fields::kBid},
                                            std::pair{QStringLiteral("ETH-USD"), fields::kPrice}}) {
            const QList<Point> pts = history.points(kFeed, symbol, field, 0, 10000);
            QCOMPARE(pts.size(), 2);
            QVERIFY(!SeriesHistory::isGap(pts.at(0)));
            QVERIFY(SeriesHistory::isGap(pts.at(1)));
            QCOMPARE(pts.at(1).t, 2000);
        }
        QCOMPARE(history.size(QStringLiteral("other"), kSym, fields::kPrice), 1);

        // After new data, the next disconnect marks a new gap.
        history.record(kFeed, tick(3000, 11.0));
        history.markGap(kFeed, 4000);
        const QList<Point> pts = history.points(kFeed, kSym, fields::kPrice, 0, 10000);
        QCOMPARE(timesOf(pts), (QList<qint64>{1000, 2000, 3000, 4000}));
        QVERIFY(SeriesHistory::isGap(pts.at(3)));
        QVERIFY(!SeriesHistory::isGap(pts.at(2)));
    }

    void markGapOnAFeedWithoutPointsAddsNothing()
    {
        SeriesHistory history(100);
        history.markGap(kFeed, 1000);
        QCOMPARE(history.seriesCount(), 0);
        QVERIFY(history.keys().isEmpty());
    }

    void rangeQueriesIncludeBothEdges_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<QList<qint64>>("expected");
        // Points at 10, 20, 30, 40, 50.
        QTest::newRow("exact edges") << qint64(20) << qint64(40) << QList<qint64>{20, 30, 40};
        QTest::newRow("between points") << qint64(15) << qint64(45) << QList<qint64>{20, 30, 40};
        QTest::newRow("single instant") << qint64(30) << qint64(30) << QList<qint64>{30};
        QTest::newRow("whole range") << qint64(10) << qint64(50) << QList<qint64>{10, 20, 30, 40, 50};
        QTest::newRow("wider than data") << qint64(0) << qint64(100) << QList<qint64>{10, 20, 30, 40, 50};
        QTest::newRow("before all") << qint64(0) << qint64(9) << QList<qint64>{};
        QTest::newRow("after all") << qint64(51) << qint64(90) << QList<qint64>{};
        QTest::newRow("between two points") << qint64(21) << qint64(29) << QList<qint64>{};
        QTest::newRow("reversed") << qint64(40) << qint64(20) << QList<qint64>{};
    }

    void rangeQueriesIncludeBothEdges()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(QList<qint64>, expected);
        // Capacity 5 with 6 appends: the ring has wrapped, so the search crosses its end.
        SeriesHistory history(5);
        for (qint64 t : {0, 10, 20, 30, 40, 50})
            history.record(kFeed, tick(t, double(t)));
        QCOMPARE(timesOf(history.points(kFeed, kSym, fields::kPrice, from, to)), expected);
    }

    void pointsAroundAddsTheNeighboursOfTheRange()
    {
        SeriesHistory history(100);
        for (qint64 t : {10, 20, 30, 40, 50})
            history.record(kFeed, tick(t, double(t)));
        QCOMPARE(timesOf(history.pointsAround(kFeed, kSym, fields::kPrice, 25, 35)),
                 (QList<qint64>{20, 30, 40}));
        QCOMPARE(timesOf(history.pointsAround(kFeed, kSym, fields::kPrice, 20, 40)),
                 (QList<qint64>{10, 20, 30, 40, 50}));
        QCOMPARE(timesOf(history.pointsAround(kFeed, kSym, fields::kPrice, 0, 5)), QList<qint64>{10});
        QCOMPARE(timesOf(history.pointsAround(kFeed, kSym, fields::kPrice, 60, 70)), QList<qint64>{50});
        QCOMPARE(timesOf(history.pointsAround(kFeed, kSym, fields::kPrice, 22, 28)),
                 (QList<qint64>{20, 30}));
    }

    void anOlderPointIsClampedToTheLastTime()
    {
        SeriesHistory history(100);
        history.record(kFeed, tick(1000, 1.0));
        history.record(kFeed, tick(900, 2.0)); // clock stepped back
        history.record(kFeed, tick(1000, 3.0));
        history.record(kFeed, tick(1100, 4.0));

        const QList<Point> pts = history.points(kFeed, kSym, fields::kPrice, 0, 5000);
        QCOMPARE(timesOf(pts), (QList<qint64>{1000, 1000, 1000, 1100}));
        QCOMPARE(pts.at(1).v, 2.0);
        QVERIFY(history.points(kFeed, kSym, fields::kPrice, 0, 999).isEmpty());
        QCOMPARE(history.points(kFeed, kSym, fields::kPrice, 1000, 1000).size(), 3);
    }

    void newSeriesBeyondTheLimitAreRefusedAndCounted()
    {
        SeriesHistory history(10, 3);
        Update u = tick(1, 1.0);
        u.fields.append({fields::kBid, 1.0});
        history.record(kFeed, u);                                       // 2 series
        history.record(kFeed, tick(1, 1.0, QStringLiteral("ETH-USD"))); // 3rd
        history.record(kFeed, tick(1, 1.0, QStringLiteral("SOL-USD"))); // refused
        history.record(kFeed, u);                                       // existing: fine

        QCOMPARE(history.seriesCount(), 3);
        QCOMPARE(history.refusedSeries(), 1u);
        QCOMPARE(history.size(kFeed, QStringLiteral("SOL-USD"), fields::kPrice), 0);
        QCOMPARE(history.size(kFeed, kSym, fields::kBid), 2);

        history.removeSymbol(kFeed, QStringLiteral("ETH-USD"));
        QCOMPARE(history.seriesCount(), 2);
        history.record(kFeed, tick(2, 1.0, QStringLiteral("SOL-USD")));
        QCOMPARE(history.size(kFeed, QStringLiteral("SOL-USD"), fields::kPrice), 1);
    }

    void valuesThatAreNotFiniteAndUntimedUpdatesAreNotRecorded()
    {
        SeriesHistory history(10);
        Update u = tick(1, std::numeric_limits<double>::quiet_NaN());
        u.fields.append({fields::kBid, std::numeric_limits<double>::infinity()});
        u.fields.append({fields::kAsk, 5.0});
        history.record(kFeed, u);
        QCOMPARE(history.seriesCount(), 1);
        QCOMPARE(history.size(kFeed, kSym, fields::kAsk), 1);

        history.record(kFeed, tick(kNoTime, 1.0));
        QCOMPARE(history.size(kFeed, kSym, fields::kPrice), 0);
        QCOMPARE(history.untimedUpdates(), 1u);
    }

    void removeFeedDropsOnlyItsSeries()
    {
        SeriesHistory history(10);
        Update u = tick(1, 1.0);
        u.fields.append({fields::kBid, 1.0});
        history.record(QStringLiteral("b"), u);
        history.record(QStringLiteral("a"), tick(1, 1.0, QStringLiteral("Z")));
        history.record(QStringLiteral("a"), tick(1, 1.0, QStringLiteral("Y")));
        history.record(QStringLiteral("c"), tick(1, 1.0));

        const QList<SeriesKey> before{{QStringLiteral("a"), QStringLiteral("Y"), fields::kPrice},
                                      {QStringLiteral("a"), QStringLiteral("Z"), fields::kPrice},
                                      {QStringLiteral("b"), kSym, fields::kPrice},
                                      {QStringLiteral("b"), kSym, fields::kBid},
                                      {QStringLiteral("c"), kSym, fields::kPrice}};
        QCOMPARE(history.keys(), before);

        history.removeFeed(QStringLiteral("b"));
        QCOMPARE(history.seriesCount(), 3);
        QCOMPARE(history.size(QStringLiteral("b"), kSym, fields::kPrice), 0);
        QCOMPARE(history.keys(), (QList<SeriesKey>{before.at(0), before.at(1), before.at(4)}));

        history.clear();
        QCOMPARE(history.seriesCount(), 0);
        QVERIFY(history.keys().isEmpty());
    }

    void eachFeedKeepsAsManyPointsASeriesAsItsOwnCapacity()
    {
        SeriesHistory history(1000); // for feeds without a capacity of their own
        history.setCapacity(QStringLiteral("small"), 5);
        history.setCapacity(QStringLiteral("chunky"), SeriesHistory::kChunkPoints + 3);
        QCOMPARE(history.capacityPerSeries(QStringLiteral("small")), 5);
        QCOMPARE(history.capacityPerSeries(QStringLiteral("other")), 1000);
        for (qint64 t = 0; t < 2000; ++t) {
            Update u = tick(t, double(t));
            u.fields.append({fields::kBid, double(t) - 1});
            for (const char *feed : {"small", "chunky", "other"})
                history.record(QString::fromLatin1(feed), u);
            history.record(QStringLiteral("small"), tick(t, double(t), QStringLiteral("ETH-USD")));
        }
        // Every series of the feed, not only the first, holds its feed's capacity, newest kept.
        for (const QString &symbol : {kSym, QStringLiteral("ETH-USD")})
            QCOMPARE(timesOf(history.points(QStringLiteral("small"), symbol, fields::kPrice, 0, 5000)),
                     (QList<qint64>{1995, 1996, 1997, 1998, 1999}));
        QCOMPARE(history.size(QStringLiteral("small"), kSym, fields::kBid), 5);
        QCOMPARE(history.size(QStringLiteral("chunky"), kSym, fields::kPrice), SeriesHistory::kChunkPoints + 3);
        QCOMPARE(history.points(QStringLiteral("chunky"), kSym, fields::kPrice, 0, 5000).constFirst().t,
                 2000 - SeriesHistory::kChunkPoints - 3);
        QCOMPARE(history.size(QStringLiteral("other"), kSym, fields::kPrice), 1000);

        // A gap counts against the feed's capacity like any point.
        history.markGap(QStringLiteral("small"), 3000);
        const QList<Point> pts = history.points(QStringLiteral("small"), kSym, fields::kPrice, 0, 5000);
        QCOMPARE(timesOf(pts), (QList<qint64>{1996, 1997, 1998, 1999, 3000}));
        QVERIFY(SeriesHistory::isGap(pts.constLast()));
        QCOMPARE(timesOf(history.pointsAround(QStringLiteral("small"), kSym, fields::kPrice, 1998, 1998)),
                 (QList<qint64>{1997, 1998, 1999}));
    }

    void changingAFeedsCapacityKeepsTheNewestPointsOfItsSeries()
    {
        SeriesHistory history(100);
        for (qint64 t = 0; t < 50; ++t) {
            history.record(kFeed, tick(t, double(t)));
            history.record(QStringLiteral("other"), tick(t, double(t)));
        }
        history.setCapacity(kFeed, 10);
        QCOMPARE(timesOf(history.points(kFeed, kSym, fields::kPrice, 0, 100)),
                 (QList<qint64>{40, 41, 42, 43, 44, 45, 46, 47, 48, 49}));
        QCOMPARE(history.size(QStringLiteral("other"), kSym, fields::kPrice), 50);
        history.record(kFeed, tick(50, 50.0));
        QCOMPARE(history.points(kFeed, kSym, fields::kPrice, 0, 100).constFirst().t, 41);

        history.setCapacity(kFeed, 20); // room again: nothing comes back, new points fill it
        for (qint64 t = 51; t < 100; ++t)
            history.record(kFeed, tick(t, double(t)));
        QCOMPARE(history.size(kFeed, kSym, fields::kPrice), 20);
        QCOMPARE(history.points(kFeed, kSym, fields::kPrice, 0, 100).constFirst().t, 80);

        // Removing the feed forgets its capacity: it starts again from the default.
        history.removeFeed(kFeed);
        QCOMPARE(history.capacityPerSeries(kFeed), 100);
        for (qint64 t = 0; t < 150; ++t)
            history.record(kFeed, tick(t, double(t)));
        QCOMPARE(history.size(kFeed, kSym, fields::kPrice), 100);
    }

    void aCopyIsIndependentOfTheOriginal()
    {
        SeriesHistory history(3);
        for (qint64 t = 0; t < 5; ++t)
            history.record(kFeed, tick(t, double(t)));
        const SeriesHistory copy = history;
        history.record(kFeed, tick(10, 10.0));
        history.removeFeed(QStringLiteral("nothing"));

        QCOMPARE(timesOf(copy.points(kFeed, kSym, fields::kPrice, 0, 100)), (QList<qint64>{2, 3, 4}));
        QCOMPARE(timesOf(history.points(kFeed, kSym, fields::kPrice, 0, 100)), (QList<qint64>{3, 4, 10}));
    }

    void aCopyGoesOnRecordingIntoItsOwnMemory_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("before"); // points recorded before the copy
        QTest::newRow("filling, mid-chunk") << 1000 << 300;
        QTest::newRow("filling, at a chunk's end") << 1000 << SeriesHistory::kChunkPoints;
        QTest::newRow("full, wrapping mid-chunk") << SeriesHistory::kChunkPoints + 44 << 400;
        QTest::newRow("full, at the short last chunk") << SeriesHistory::kChunkPoints + 44 << 2 * (SeriesHistory::kChunkPoints + 44) - 1;
    }

    void aCopyGoesOnRecordingIntoItsOwnMemory()
    {
        // Each ring writes through a cursor into its chunks; a copy has chunks of its own.
        QFETCH(int, capacity);
        QFETCH(int, before);
        SeriesHistory history(capacity);
        for (int t = 0; t < before; ++t)
            history.record(kFeed, tick(t, double(t)));
        SeriesHistory copy = history;
        for (int t = before; t < before + 300; ++t)
            copy.record(kFeed, tick(t, double(t)));
        history.record(kFeed, tick(100000, -1.0));

        const auto expect = [](int first, int last) {
            QList<qint64> times;
            for (int t = first; t <= last; ++t)
                times.append(t);
            return times;
        };
        const int end = before + 300;
        QCOMPARE(timesOf(copy.points(kFeed, kSym, fields::kPrice, 0, 1 << 30)), expect(std::max(0, end - capacity), end - 1));
        QList<qint64> original = expect(std::max(0, before + 1 - capacity), before - 1);
        original.append(100000);
        QCOMPARE(timesOf(history.points(kFeed, kSym, fields::kPrice, 0, 1 << 30)), original);
        for (const Point &p : copy.points(kFeed, kSym, fields::kPrice, 0, 1 << 30))
            QCOMPARE(p.v, double(p.t));
    }
};

QTEST_APPLESS_MAIN(TstSeriesHistory)
#include "tst_serieshistory.moc"
