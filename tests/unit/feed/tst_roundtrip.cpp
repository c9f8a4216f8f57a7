// The round-trip time from pings: each pong matched to the ping it answers, the median over
// the last minute, and nothing kept without bound.
#include "core/feed/RoundTrip.h"

#include <QTest>

using feeddeck::feed::RoundTrip;

namespace {
constexpr qint64 kMs = 1'000'000; // ns
} // namespace

class TstRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void aPongAnsweringAPingGivesItsRoundTrip();
    void pongsThatAnswerNoPingOfOursAreLeftOut();
    void anAnswerToALaterPingVoidsTheEarlierOnes();
    void theMedianCoversTheLastMinuteOnly();
    void evenCountsTakeTheMiddleTwo();
    void outstandingPingsAndSamplesAreBounded();
    void payloadsFitAControlFrame();
};

void TstRoundTrip::aPongAnsweringAPingGivesItsRoundTrip()
{
    RoundTrip rtt;
    QCOMPARE(rtt.lastMs(), -1.0);
    QCOMPARE(rtt.medianMs(0), -1.0);
    const QByteArray ping = rtt.nextPing(1000 * kMs);
    QVERIFY(rtt.onPong(ping, 1000 * kMs + 12'500'000));
    QCOMPARE(rtt.lastMs(), 12.5);
    QCOMPARE(rtt.medianMs(1001 * kMs), 12.5);
    QVERIFY(!rtt.onPong(ping, 1100 * kMs)); // answered already
    QCOMPARE(rtt.lastMs(), 12.5);
}

void TstRoundTrip::pongsThatAnswerNoPingOfOursAreLeftOut()
{
    RoundTrip rtt;
    static_cast<void>(rtt.nextPing(0));
    QVERIFY(!rtt.onPong({}, 5 * kMs));                      // unsolicited heartbeat pong
    QVERIFY(!rtt.onPong("hello", 5 * kMs));                 // someone else's payload
    QVERIFY(!rtt.onPong("feeddeck-rtt-", 5 * kMs));         // no number
    QVERIFY(!rtt.onPong("feeddeck-rtt-99", 5 * kMs));       // never sent
    QVERIFY(!rtt.onPong("feeddeck-rtt-1x", 5 * kMs));
    QCOMPARE(rtt.lastMs(), -1.0);
    // A new connection: the ping of the old one will not be answered on it.
    const QByteArray old = rtt.nextPing(10 * kMs);
    rtt.forgetOutstanding();
    QVERIFY(!rtt.onPong(old, 20 * kMs));
}

void TstRoundTrip::anAnswerToALaterPingVoidsTheEarlierOnes()
{
    RoundTrip rtt;
    const QByteArray first = rtt.nextPing(0);
    const QByteArray second = rtt.nextPing(100 * kMs);
    QVERIFY(first != second);
    QVERIFY(rtt.onPong(second, 103 * kMs));
    QCOMPARE(rtt.lastMs(), 3.0);
    QVERIFY(!rtt.onPong(first, 104 * kMs)); // pongs come in order: the first was lost
}

void TstRoundTrip::theMedianCoversTheLastMinuteOnly()
{
    RoundTrip rtt;
    const double samples[] = {400.0, 10.0, 12.0, 11.0, 9.0};
    qint64 now = 0;
    for (const double ms : samples) {
        const QByteArray ping = rtt.nextPing(now);
        QVERIFY(rtt.onPong(ping, now + qint64(ms * kMs)));
        now += 15'000 * kMs;
    }
    // When the last pong came, one slow pong does not move it: 9, 10, 11, 12, 400.
    const qint64 lastPongAt = 60'000 * kMs + 9 * kMs;
    QCOMPARE(rtt.medianMs(lastPongAt), 11.0);
    QCOMPARE(rtt.lastMs(), 9.0);
    // A minute after the 400 ms sample was taken it is out: 9, 10, 11, 12.
    QCOMPARE(rtt.medianMs(400 * kMs + 60'001 * kMs), 10.5);
    QCOMPARE(rtt.medianMs(now), 10.5);
    // Long after the last one: nothing left.
    QCOMPARE(rtt.medianMs(now + 120'000 * kMs), -1.0);
    QCOMPARE(rtt.lastMs(), 9.0); // the last one is still the last one
}

void TstRoundTrip::evenCountsTakeTheMiddleTwo()
{
    RoundTrip rtt;
    for (const double ms : {4.0, 1.0}) {
        const QByteArray ping = rtt.nextPing(0);
        QVERIFY(rtt.onPong(ping, qint64(ms * kMs)));
    }
    QCOMPARE(rtt.medianMs(5 * kMs), 2.5);
}

void TstRoundTrip::outstandingPingsAndSamplesAreBounded()
{
    RoundTrip rtt;
    QByteArray oldest;
    for (std::size_t i = 0; i < RoundTrip::kMaxOutstanding + 5; ++i) {
        const QByteArray ping = rtt.nextPing(qint64(i) * kMs);
        if (i == 0)
            oldest = ping;
    }
    QVERIFY(!rtt.onPong(oldest, 100 * kMs)); // forgotten: only the newest few are kept
    for (std::size_t i = 0; i < RoundTrip::kMaxSamples * 3; ++i) {
        const QByteArray ping = rtt.nextPing(qint64(i) * kMs);
        QVERIFY(rtt.onPong(ping, qint64(i) * kMs + (i < RoundTrip::kMaxSamples * 2 ? 100 : 1) * kMs));
    }
    // Only the newest kMaxSamples count, all of them 1 ms.
    QCOMPARE(rtt.medianMs(qint64(RoundTrip::kMaxSamples * 3) * kMs), 1.0);
}

void TstRoundTrip::payloadsFitAControlFrame()
{
    RoundTrip rtt;
    for (int i = 0; i < 1000; ++i)
        QVERIFY(rtt.nextPing(0).size() <= 125);
}

QTEST_APPLESS_MAIN(TstRoundTrip)
#include "tst_roundtrip.moc"
