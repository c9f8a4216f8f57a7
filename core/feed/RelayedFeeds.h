#pragma once

#include "core/feed/FeedState.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// The feeds behind a relay, as a desktop shows them. A nats feed's updates come from several
// upstream feeds at the relay; each becomes a feed of its own in the tables, the chart and the
// health list, named as at the relay, with the id "<nats feed>/<upstream id>" (a workspace feed
// id holds no '/', so the two never meet).
namespace feeddeck::feed {

// A relay that has not reported an upstream feed for this long is silent: its rows are stale
// (the relay reports each feed every second).
inline constexpr qint64 kRelaySilentMs = 5000;

[[nodiscard]] QString relayedFeedId(const QString &relayFeedId, const QString &upstreamId);

// The status of one upstream feed as seen through the relay's own connection: the relay's
// connection first (rows behind a lost relay are as stale as the relay), then the upstream's
// state as the relay reported it. `upstream` may be null (updates came, no report yet).
[[nodiscard]] FeedStatus relayedFeedStatus(const FeedStatus &relay, const QString &upstreamId,
                                           const UpstreamStatus *upstream, qint64 nowMs);

// One nats feed's upstream feeds, in the order they were first heard of.
class RelayedFeeds
{
public:
    explicit RelayedFeeds(QString relayFeedId)
        : m_relayFeedId(std::move(relayFeedId))
    {
    }

    // The id the rows of `upstreamId` are stored under, for an update of it that arrived at
    // `nowMs` (this machine's clock: the feed's "last message"); *isNew is set when it was not known.
    [[nodiscard]] const QString &storeId(const QString &upstreamId, qint64 nowMs, bool *isNew);
    // Every relayed feed id, in order.
    [[nodiscard]] const QStringList &storeIds() const noexcept { return m_storeIds; }
    // One status per upstream feed, whether it sent updates or only reports.
    [[nodiscard]] QList<FeedStatus> statuses(const FeedStatus &relay, qint64 nowMs) const;

private:
    struct Upstream
    {
        QString storeId;
        qint64 lastUpdateMs = -1;
    };

    QString m_relayFeedId;
    QHash<QString, Upstream> m_byUpstream; // by upstream id
    QStringList m_upstreams;              // in order first heard of
    QStringList m_storeIds;               // the same order
};

} // namespace feeddeck::feed
