#include "core/feed/RetryPolicy.h"

#include <QtTest>

#include <algorithm>

using feeddeck::feed::RetryPolicy;

class TstRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void ceilingDoublesUntilTheCap();
    void everyDelayStaysWithinFloorAndCeiling();
    void delaysNeverExceedTheCapAfterManyAttempts();
    void floorAppliesWhenTheJitterDrawsLess();
    void jitterSpreadsDelaysOverTheWholeWindow();
    void manyFeedsRestartingTogetherDoNotRetryInLockstep();
    void resetStartsAgainFromTheFirstAttempt();
    void sameSeedGivesSameDelays();
};

void TstRetryPolicy::ceilingDoublesUntilTheCap()
{
    const RetryPolicy policy({.initialMs = 500, .maxMs = 30000, .floorMs = 100}, 1);
    QCOMPARE(policy.ceilingMs(0), 500);
    QCOMPARE(policy.ceilingMs(1), 1000);
    QCOMPARE(policy.ceilingMs(5), 16000);
    QCOMPARE(policy.ceilingMs(6), 30000);
    QCOMPARE(policy.ceilingMs(60), 30000); // no overflow far past the cap
}

void TstRetryPolicy::everyDelayStaysWithinFloorAndCeiling()
{
    RetryPolicy policy({.initialMs = 200, .maxMs = 10000, .floorMs = 100}, 42);
    for (int attempt = 0; attempt < 40; ++attempt) {
        const int ceiling = policy.ceilingMs(attempt);
        QCOMPARE(policy.attempt(), attempt);
        const int delay = policy.nextDelayMs();
        QVERIFY2(delay >= 100 && delay <= std::max(100, ceiling),
                 qPrintable(QStringLiteral("attempt %1: %2 ms outside [100, %3]").arg(attempt).arg(delay).arg(ceiling)));
    }
}

void TstRetryPolicy::delaysNeverExceedTheCapAfterManyAttempts()
{
    RetryPolicy policy({.initialMs = 500, .maxMs = 2000, .floorMs = 100}, 7);
    int largest = 0;
    for (int i = 0; i < 10000; ++i)
        largest = std::max(largest, policy.nextDelayMs());
    QVERIFY(largest <= 2000);
    QVERIFY(largest > 1900); // the cap is reachable: the window is not accidentally shrunk
}

void TstRetryPolicy::floorAppliesWhenTheJitterDrawsLess()
{
    // A window below the floor always yields the floor.
    RetryPolicy policy({.initialMs = 10, .maxMs = 50, .floorMs = 100}, 3);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(policy.nextDelayMs(), 100);
}

void TstRetryPolicy::jitterSpreadsDelaysOverTheWholeWindow()
{
    // At the cap the delays are uniform over [0, max] (below the floor clamped up): each quarter gets its share.
    RetryPolicy policy({.initialMs = 1000, .maxMs = 8000, .floorMs = 100}, 99);
    for (int i = 0; i < 5; ++i)
        (void)policy.nextDelayMs();
    std::array<int, 4> quarters{};
    const int samples = 8000;
    for (int i = 0; i < samples; ++i)
        ++quarters[std::min(3, policy.nextDelayMs() / 2000)];
    for (int count : quarters)
        QVERIFY2(count > samples / 4 * 0.85 && count < samples / 4 * 1.15, qPrintable(QString::number(count)));
}

void TstRetryPolicy::manyFeedsRestartingTogetherDoNotRetryInLockstep()
{
    // 50 feeds with their own seeds, all on their third attempt: their delays spread out.
    QList<int> delays;
    for (quint64 feed = 1; feed <= 50; ++feed) {
        RetryPolicy policy({.initialMs = 500, .maxMs = 30000, .floorMs = 100}, feed * 7919);
        (void)policy.nextDelayMs();
        (void)policy.nextDelayMs();
        delays.append(policy.nextDelayMs()); // window [0, 2000]
    }
    std::sort(delays.begin(), delays.end());
    const auto distinct = std::unique(delays.begin(), delays.end()) - delays.begin();
    QVERIFY(distinct >= 40);
    QVERIFY(delays.front() < 500);
    QVERIFY(delays.back() > 1500);
}

void TstRetryPolicy::resetStartsAgainFromTheFirstAttempt()
{
    RetryPolicy policy({.initialMs = 500, .maxMs = 30000, .floorMs = 100}, 5);
    for (int i = 0; i < 8; ++i)
        (void)policy.nextDelayMs();
    QCOMPARE(policy.attempt(), 8);
    policy.reset();
    QCOMPARE(policy.attempt(), 0);
    for (int i = 0; i < 100; ++i) {
        policy.reset();
        QVERIFY(policy.nextDelayMs() <= 500);
    }
}

void TstRetryPolicy::sameSeedGivesSameDelays()
{
    RetryPolicy a({}, 1234);
    RetryPolicy b({}, 1234);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(a.nextDelayMs(), b.nextDelayMs());
}

QTEST_APPLESS_MAIN(TstRetryPolicy)
#include "tst_retrypolicy.moc"
