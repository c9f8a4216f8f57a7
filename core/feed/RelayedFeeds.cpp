#include "core/feed/RelayedFeeds.h"

#include <algorithm>

namespace feeddeck::feed {

QString relayedFeedId(const QString &relayFeedId, const QString &upstreamId)
{
    return relayFeedId + QLatin1Char('/') + upstreamId;
}

FeedStatus relayedFeedStatus(const FeedStatus &relay, const QString &upstreamId, const UpstreamStatus *upstream,
                             qint64 nowMs)
{
    FeedStatus status;
    status.id = relayedFeedId(relay.id, upstreamId);
    status.name = upstream && !upstream->name.isEmpty() ? upstream->name : upstreamId;
    status.relayFeedId = relay.id;
    if (upstream)
        status.counters = upstream->counters;

    if (relay.state != FeedState::Live) {
        status.state = relay.state;
        status.stateSinceMs = relay.stateSinceMs;
        status.retryAtMs = relay.retryAtMs;
        status.failedAttemptsInARow = relay.failedAttemptsInARow;
        status.lastError = relay.lastError.isEmpty() ? QString()
                                                     : QStringLiteral("relay: %1").arg(relay.lastError);
        return status;
    }
    if (!upstream) {
        status.state = FeedState::Live;
        status.stateSinceMs = relay.stateSinceMs;
        return status;
    }
    if (upstream->heardAtMs >= 0 && nowMs - upstream->heardAtMs > kRelaySilentMs) {
        status.state = FeedState::Stale;
        status.stateSinceMs = upstream->heardAtMs;
        status.lastError = QStringLiteral("the relay has not reported on this feed for %1 s")
                               .arg((nowMs - upstream->heardAtMs) / 1000);
        return status;
    }
    status.state = upstream->state;
    status.stateSinceMs = upstream->stateSinceMs;
    status.retryAtMs = upstream->retryAtMs;
    status.lastError = upstream->lastError;
    return status;
}

const QString &RelayedFeeds::storeId(const QString &upstreamId, qint64 nowMs, bool *isNew)
{
    auto it = m_byUpstream.find(upstreamId);
    *isNew = it == m_byUpstream.end();
    if (*isNew) {
        it = m_byUpstream.insert(upstreamId, Upstream{.storeId = relayedFeedId(m_relayFeedId, upstreamId)});
        m_upstreams.append(upstreamId);
        m_storeIds.append(it->storeId);
    }
    it->lastUpdateMs = nowMs;
    return it->storeId;
}

QList<FeedStatus> RelayedFeeds::statuses(const FeedStatus &relay, qint64 nowMs) const
{
    QList<FeedStatus> list;
    list.reserve(m_upstreams.size());
    for (const QString &id : m_upstreams) {
        const auto upstream = std::find_if(relay.upstreams.cbegin(), relay.upstreams.cend(),
                                           [&](const UpstreamStatus &u) { return u.feedId == id; });
        FeedStatus &status =
            list.emplaceBack(relayedFeedStatus(relay, id, upstream == relay.upstreams.cend() ? nullptr : &*upstream, nowMs));
        status.counters.lastMessageMs = m_byUpstream.value(id).lastUpdateMs;
    }
    // Feeds the relay reports on that have sent no update yet are listed too.
    for (const UpstreamStatus &upstream : relay.upstreams)
        if (!m_byUpstream.contains(upstream.feedId))
            list.append(relayedFeedStatus(relay, upstream.feedId, &upstream, nowMs));
    return list;
}

} // namespace feeddeck::feed
