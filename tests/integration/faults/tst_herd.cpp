// The thundering herd: 50 feeds on one server that restarts at once. Their reconnect
// attempts must spread over the backoff window instead of arriving together, none may
// come sooner than the 100 ms floor, and none later than its backoff window allows.
#include "../support/TestTransport.h"
#include "../support/FaultServer.h"

#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"

#include <QDateTime>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using testing::FaultServer;

namespace {

constexpr int kFeeds = 50;
constexpr int kInitialMs = 2000; // the first window after a stable session: [100 ms, 2 s]
constexpr int kMaxMs = 8000;
constexpr int kFloorMs = 100;
constexpr int kWait = 30000;

// One feed's view of the restart: when it lost the connection, when it was told it would
// retry, and when it actually tried.
struct Timeline
{
    qint64 backoffAtMs = -1;
    qint64 retryAtMs = -1;
    qint64 attemptAtMs = -1;
};

} // namespace

class TstHerd : public QObject
{
    Q_OBJECT

private slots:
    void restartSpreadsReconnectsOverTheWindowAboveTheFloor();
};

void TstHerd::restartSpreadsReconnectsOverTheWindowAboveTheFloor()
{
    FaultServer server;
    server.tickIntervalMs = 500; // 50 feeds: keep the data light
    QVERIFY(server.listen());
    const quint16 port = server.port();

    std::vector<std::unique_ptr<FeedConnection>> feeds;
    std::vector<Timeline> timelines(kFeeds);
    bool restarted = false;
    for (int i = 0; i < kFeeds; ++i) {
        workspace::FeedConfig config;
        config.id = QStringLiteral("feed-%1").arg(i);
        config.protocol = QStringLiteral("coinbase");
        config.transport = testing::testTransport();
        config.url = server.url();
        config.symbols = {QStringLiteral("BTC-USD")};
        config.reconnect = {.initialMs = kInitialMs, .maxMs = kMaxMs};
        // Each feed has its own random sequence, as separate processes or feeds would.
        auto feed = std::make_unique<FeedConnection>(
            config, std::make_unique<codec::CoinbaseCodec>(),
            feed::ConnectionTiming{.stableLiveMs = 200, .retrySeed = quint64(1000 + i)});
        FeedConnection *raw = feed.get();
        connect(raw, &FeedConnection::stateChanged, this, [&, raw, i](FeedState state) {
            if (!restarted)
                return;
            Timeline &t = timelines[std::size_t(i)];
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (state == FeedState::Backoff && t.retryAtMs < 0) {
                t.retryAtMs = raw->status().retryAtMs;
            } else if (state == FeedState::Connecting && t.attemptAtMs < 0) {
                t.attemptAtMs = now;
            }
        });
        // The drop is stamped before the retry is scheduled: every delay is measured from it.
        connect(raw, &FeedConnection::connectionLost, this, [&, i](qint64 atMs) {
            if (restarted && timelines[std::size_t(i)].backoffAtMs < 0)
                timelines[std::size_t(i)].backoffAtMs = atMs;
        });
        feeds.push_back(std::move(feed));
    }
    for (auto &feed : feeds)
        feed->start();
    const auto allLive = [&] {
        return std::all_of(feeds.begin(), feeds.end(), [](const auto &f) { return f->state() == FeedState::Live; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allLive(), kWait);
    // Stable sessions: every feed's retry policy starts again from its first window.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(feeds.begin(), feeds.end(),
                                         [](const auto &f) { return f->retryPolicy().attempt() == 0; }),
                             kWait);

    // The restart: every connection dropped at the same instant, the server back at once.
    restarted = true;
    server.close();
    QVERIFY(server.listen(port));

    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(timelines.begin(), timelines.end(),
                                         [](const Timeline &t) { return t.attemptAtMs >= 0; }),
                             kWait);
    QTRY_VERIFY_WITH_TIMEOUT(allLive(), kWait);

    std::vector<qint64> delays;
    for (const Timeline &t : timelines) {
        const qint64 planned = t.retryAtMs - t.backoffAtMs;
        const qint64 waited = t.attemptAtMs - t.backoffAtMs;
        QVERIFY2(planned >= kFloorMs && planned <= kInitialMs + 50, // + the time to schedule it
                 qPrintable(QStringLiteral("planned %1 ms, outside [%2, %3]").arg(planned).arg(kFloorMs).arg(kInitialMs)));
        // Never sooner than the floor; later only by the event loop's lag on a loaded machine.
        QVERIFY2(waited >= kFloorMs, qPrintable(QStringLiteral("retried after %1 ms").arg(waited)));
        QVERIFY2(waited >= planned - 2, qPrintable(QStringLiteral("retried after %1 ms, planned %2").arg(waited).arg(planned)));
        QVERIFY2(waited <= kInitialMs + 1000, qPrintable(QStringLiteral("retried after %1 ms").arg(waited)));
        delays.push_back(planned);
    }

    // Spread, not lockstep: the planned delays cover the window like a uniform draw would.
    // Uniform over [0, 2000] has a standard deviation of about 577 ms; lockstep has 0.
    double mean = 0;
    for (const qint64 d : delays)
        mean += double(d) / kFeeds;
    double variance = 0;
    for (const qint64 d : delays)
        variance += (double(d) - mean) * (double(d) - mean) / kFeeds;
    QVERIFY2(std::sqrt(variance) > 350, qPrintable(QStringLiteral("delays deviate by only %1 ms").arg(std::sqrt(variance))));
    // No 100 ms slice of the window takes more than a fifth of the herd.
    std::vector<int> slices(kInitialMs / 100 + 1, 0);
    for (const qint64 d : delays)
        ++slices[std::size_t(std::min<qint64>(d, kInitialMs) / 100)];
    const int busiest = *std::max_element(slices.begin(), slices.end());
    QVERIFY2(busiest <= kFeeds / 5, qPrintable(QStringLiteral("%1 feeds retried in one 100 ms slice").arg(busiest)));
    const auto used = std::count_if(slices.begin(), slices.end(), [](int n) { return n > 0; });
    QVERIFY2(used >= 12, qPrintable(QStringLiteral("retries fell in only %1 of 21 slices").arg(used)));

    // Every feed came back with its subscription.
    QCOMPARE(server.subscribeRequests().size(), 2 * kFeeds);
}

QTEST_GUILESS_MAIN(TstHerd)

#include "tst_herd.moc"
