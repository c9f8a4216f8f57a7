// The feeds behind a relay as a desktop shows them: ids, names and states worked out from the
// relay's own connection and its $status reports.
#include "core/feed/RelayedFeeds.h"

#include <QtTest>

using namespace feeddeck;
using feed::FeedState;
using feed::FeedStatus;
using feed::RelayedFeeds;
using feed::UpstreamStatus;

namespace {

constexpr qint64 kNow = 1'700'000'100'000;

FeedStatus relayIn(FeedState state)
{
    FeedStatus relay;
    relay.id = QStringLiteral("desk");
    relay.name = QStringLiteral("Desk relay");
    relay.state = state;
    relay.stateSinceMs = kNow - 60'000;
    return relay;
}

UpstreamStatus upstream(const QString &id, const QString &name, FeedState state)
{
    UpstreamStatus u;
    u.feedId = id;
    u.name = name;
    u.state = state;
    u.stateSinceMs = kNow - 30'000;
    u.heardAtMs = kNow - 800;
    u.counters.updates = 42;
    return u;
}

} // namespace

class TstRelayedFeeds : public QObject
{
    Q_OBJECT

private slots:
    void anUpstreamFeedIsNamedAfterTheRelayFeedAndItsOwnId();
    void theUpstreamsStateShowsWhileTheRelayIsHeard();
    void aLostRelayMakesEveryUpstreamFeedShareItsState();
    void anUpstreamTheRelayStoppedReportingOnIsStale();
    void updatesBeforeAnyReportReadLiveUnderTheUpstreamId();
    void statusesListFeedsInTheOrderFirstHeardOfThenReportedOnly();
};

void TstRelayedFeeds::anUpstreamFeedIsNamedAfterTheRelayFeedAndItsOwnId()
{
    QCOMPARE(feed::relayedFeedId(QStringLiteral("desk"), QStringLiteral("crypto")), QStringLiteral("desk/crypto"));
    RelayedFeeds feeds(QStringLiteral("desk"));
    bool isNew = false;
    QCOMPARE(feeds.storeId(QStringLiteral("crypto"), kNow, &isNew), QStringLiteral("desk/crypto"));
    QVERIFY(isNew);
    QCOMPARE(feeds.storeId(QStringLiteral("crypto"), kNow, &isNew), QStringLiteral("desk/crypto"));
    QVERIFY(!isNew);
    QCOMPARE(feeds.storeId(QStringLiteral("stock"), kNow - 2000, &isNew), QStringLiteral("desk/stock"));
    QVERIFY(isNew);
    QCOMPARE(feeds.storeIds(), (QStringList{"desk/crypto", "desk/stock"}));
}

void TstRelayedFeeds::theUpstreamsStateShowsWhileTheRelayIsHeard()
{
    UpstreamStatus coinbase = upstream(QStringLiteral("crypto"), QStringLiteral("Coinbase"), FeedState::Backoff);
    coinbase.retryAtMs = kNow + 3000;
    coinbase.lastError = QStringLiteral("connection closed (1006)");
    const FeedStatus status = feed::relayedFeedStatus(relayIn(FeedState::Live), coinbase.feedId, &coinbase, kNow);
    QCOMPARE(status.id, QStringLiteral("desk/crypto"));
    QCOMPARE(status.name, QStringLiteral("Coinbase"));
    QCOMPARE(status.relayFeedId, QStringLiteral("desk"));
    QCOMPARE(status.state, FeedState::Backoff);
    QCOMPARE(status.stateSinceMs, kNow - 30'000);
    QCOMPARE(status.retryAtMs, kNow + 3000);
    QCOMPARE(status.lastError, QStringLiteral("connection closed (1006)"));
    QCOMPARE(status.counters.updates, quint64(42));
}

void TstRelayedFeeds::aLostRelayMakesEveryUpstreamFeedShareItsState()
{
    FeedStatus relay = relayIn(FeedState::Backoff);
    relay.retryAtMs = kNow + 1500;
    relay.failedAttemptsInARow = 4;
    relay.lastError = QStringLiteral("Connection refused");
    const UpstreamStatus coinbase = upstream(QStringLiteral("crypto"), QStringLiteral("Coinbase"), FeedState::Live);
    const FeedStatus status = feed::relayedFeedStatus(relay, coinbase.feedId, &coinbase, kNow);
    QCOMPARE(status.state, FeedState::Backoff);
    QCOMPARE(status.retryAtMs, kNow + 1500);
    QCOMPARE(status.failedAttemptsInARow, quint64(4));
    QCOMPARE(status.lastError, QStringLiteral("relay: Connection refused"));
    QCOMPARE(status.name, QStringLiteral("Coinbase"));
}

void TstRelayedFeeds::anUpstreamTheRelayStoppedReportingOnIsStale()
{
    UpstreamStatus coinbase = upstream(QStringLiteral("crypto"), QStringLiteral("Coinbase"), FeedState::Live);
    coinbase.heardAtMs = kNow - feed::kRelaySilentMs;
    QCOMPARE(feed::relayedFeedStatus(relayIn(FeedState::Live), coinbase.feedId, &coinbase, kNow).state, FeedState::Live);
    coinbase.heardAtMs = kNow - feed::kRelaySilentMs - 2000;
    const FeedStatus status = feed::relayedFeedStatus(relayIn(FeedState::Live), coinbase.feedId, &coinbase, kNow);
    QCOMPARE(status.state, FeedState::Stale);
    QCOMPARE(status.stateSinceMs, coinbase.heardAtMs);
    QCOMPARE(status.lastError, QStringLiteral("the relay has not reported on this feed for 7 s"));
}

void TstRelayedFeeds::updatesBeforeAnyReportReadLiveUnderTheUpstreamId()
{
    const FeedStatus status = feed::relayedFeedStatus(relayIn(FeedState::Live), QStringLiteral("crypto"), nullptr, kNow);
    QCOMPARE(status.state, FeedState::Live);
    QCOMPARE(status.name, QStringLiteral("crypto"));
    QCOMPARE(status.stateSinceMs, kNow - 60'000);
}

void TstRelayedFeeds::statusesListFeedsInTheOrderFirstHeardOfThenReportedOnly()
{
    RelayedFeeds feeds(QStringLiteral("desk"));
    bool isNew = false;
    (void)feeds.storeId(QStringLiteral("stock"), kNow - 2000, &isNew);
    (void)feeds.storeId(QStringLiteral("crypto"), kNow, &isNew);
    FeedStatus relay = relayIn(FeedState::Live);
    relay.upstreams = {upstream(QStringLiteral("crypto"), QStringLiteral("Coinbase"), FeedState::Stale),
                       upstream(QStringLiteral("binance"), QStringLiteral("Binance"), FeedState::Connecting)};
    const QList<FeedStatus> statuses = feeds.statuses(relay, kNow);
    QCOMPARE(statuses.size(), 3);
    QCOMPARE(statuses.at(0).id, QStringLiteral("desk/stock"));
    QCOMPARE(statuses.at(0).state, FeedState::Live); // updates, no report yet
    QCOMPARE(statuses.at(0).counters.lastMessageMs, kNow - 2000); // when its last update arrived here
    QCOMPARE(statuses.at(1).id, QStringLiteral("desk/crypto"));
    QCOMPARE(statuses.at(1).state, FeedState::Stale);
    QCOMPARE(statuses.at(2).id, QStringLiteral("desk/binance"));
    QCOMPARE(statuses.at(2).name, QStringLiteral("Binance"));
    QCOMPARE(statuses.at(2).state, FeedState::Connecting);
    QCOMPARE(statuses.at(2).counters.lastMessageMs, -1);
}

QTEST_GUILESS_MAIN(TstRelayedFeeds)
#include "tst_relayedfeeds.moc"
