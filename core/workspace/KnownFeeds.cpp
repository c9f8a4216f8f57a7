#include "core/workspace/KnownFeeds.h"

#include "core/codec/JsonPath.h"

#include <algorithm>

namespace feeddeck::workspace {

bool isWorkspaceId(const QString &id)
{
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'
               || c == u'.' || c == u'-';
    });
}

bool namesFeed(const QString &feedRef, const QString &feedId)
{
    return feedRef == feedId
           || (feedRef.size() > feedId.size() && feedRef.startsWith(feedId) && feedRef.at(feedId.size()) == u'/');
}

KnownFeeds::KnownFeeds(const QList<FeedConfig> &feeds)
{
    for (const FeedConfig &feed : feeds) {
        m_feedIds.append(feed.id);
        if (feed.protocol == QLatin1String("nats"))
            m_relayIds.append(feed.id);
    }
}

bool KnownFeeds::contains(const QString &feedId) const
{
    if (m_feedIds.contains(feedId))
        return true;
    const qsizetype slash = feedId.indexOf(u'/');
    return slash > 0 && slash < feedId.size() - 1 && m_relayIds.contains(feedId.left(slash));
}

QString KnownFeeds::choices() const
{
    return m_feedIds.isEmpty() ? QStringLiteral("(the workspace has no feeds; add the feed first)")
                               : m_feedIds.join(QStringLiteral(", "));
}

QString KnownFeeds::notAFeed(const QString &feedId) const
{
    return QStringLiteral("%1 is not a feed of this workspace; use one of: %2%3")
        .arg(codec::quotedText(feedId), choices(),
             m_relayIds.isEmpty() ? QString()
                                  : QStringLiteral(" (or \"%1/<feed id at the relay>\")").arg(m_relayIds.constFirst()));
}

} // namespace feeddeck::workspace
