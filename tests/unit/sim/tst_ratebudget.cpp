// The simulator's message budget: the average rate is exact over on-time ticks and
// ordinary timer jitter, and a tick that comes late does not release a burst.
#include "core/sim/RateBudget.h"

#include <QTest>

#include <cmath>
#include <limits>

using feeddeck::sim::RateBudget;
using feeddeck::sim::SimRandom;

namespace {

constexpr double kInterval = 0.010; // the server's 10 ms tick
constexpr quint64 kSeed = 20261122;

// Messages released by `ticks` ticks of `seconds` each.
qint64 released(RateBudget &budget, SimRandom &rng, double rate, double seconds, int ticks)
{
    qint64 total = 0;
    for (int i = 0; i < ticks; ++i)
        total += budget.take(rate, seconds, rng);
    return total;
}

} // namespace

class TstRateBudget : public QObject
{
    Q_OBJECT

private slots:
    void onTimeTicksReleaseTheRateOnAverage()
    {
        RateBudget budget(kInterval);
        SimRandom rng(kSeed);
        const qint64 total = released(budget, rng, 1000.0, kInterval, 1000); // 10 s at 1000 a second
        QVERIFY2(std::abs(total - 10000) <= 300, qPrintable(QString::number(total)));
    }

    void timerJitterWithinTwoIntervalsLosesNoRate()
    {
        RateBudget budget(kInterval);
        SimRandom rng(kSeed);
        qint64 total = 0;
        for (int i = 0; i < 500; ++i) { // ticks 5, 19 and 6 ms apart: 15 s in all
            total += budget.take(1000.0, 0.005, rng);
            total += budget.take(1000.0, 0.019, rng);
            total += budget.take(1000.0, 0.006, rng);
        }
        QVERIFY2(std::abs(total - 15000) <= 450, qPrintable(QString::number(total)));
    }

    void aLateTickReleasesAtMostTwoIntervalsWorth()
    {
        // 100 000 a second is 1000 a tick. A tick a whole second late would release 100 000
        // (5000, kMaxPerTick, before the cap); it releases what a tick two intervals long does.
        RateBudget late(kInterval);
        RateBudget twoIntervals(kInterval);
        SimRandom lateRng(kSeed);
        SimRandom twoRng(kSeed);
        // The same history up to the late tick.
        const qint64 before = released(late, lateRng, 100000.0, kInterval, 10);
        QCOMPARE(released(twoIntervals, twoRng, 100000.0, kInterval, 10), before);

        const int burst = late.take(100000.0, 1.0, lateRng);
        QCOMPARE(burst, twoIntervals.take(100000.0, 2 * kInterval, twoRng));
        QVERIFY2(burst >= 1800 && burst <= 2200, qPrintable(QString::number(burst)));
        QCOMPARE(RateBudget::kMaxIntervalsPerTick, 2.0);

        // What the late tick skipped is not made up afterwards: on-time ticks go on at the rate.
        const qint64 after = released(late, lateRng, 100000.0, kInterval, 100);
        QVERIFY2(std::abs(after - 100000) <= 1500, qPrintable(QString::number(after)));
    }

    void theCapFollowsTheIntervalTheBudgetWasMadeFor()
    {
        RateBudget slow(0.100); // a budget for 100 ms ticks: 250 ms late is capped at 200 ms
        RateBudget reference(0.100);
        SimRandom slowRng(kSeed);
        SimRandom referenceRng(kSeed);
        QCOMPARE(slow.take(10000.0, 0.250, slowRng), reference.take(10000.0, 0.200, referenceRng));
        QCOMPARE(slow.take(10000.0, 0.150, slowRng), reference.take(10000.0, 0.150, referenceRng));
    }

    void nothingIsDueForNoTimeOrNoRate()
    {
        RateBudget budget(kInterval);
        SimRandom rng(kSeed);
        QCOMPARE(budget.take(1000.0, 0.0, rng), 0);
        QCOMPARE(budget.take(1000.0, -1.0, rng), 0); // a clock that went backwards
        QCOMPARE(budget.take(0.0, kInterval, rng), 0);
        QCOMPARE(budget.take(std::numeric_limits<double>::quiet_NaN(), kInterval, rng), 0);
        QCOMPARE(budget.take(1000.0, std::numeric_limits<double>::quiet_NaN(), rng), 0);
    }
};

QTEST_APPLESS_MAIN(TstRateBudget)
#include "tst_ratebudget.moc"
