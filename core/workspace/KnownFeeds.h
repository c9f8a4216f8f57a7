#pragma once

#include "core/workspace/FeedConfig.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace feeddeck::workspace {

// Letters, digits, "_", "." and "-": what feed, alert rule and derived series ids are made of.
[[nodiscard]] bool isWorkspaceId(const QString &id);

// Whether `feedRef` (a rule's or a derived input's feed) is feed `feedId` or, for a nats feed,
// "<feedId>/<upstream id>", one of the feeds behind its relay.
[[nodiscard]] bool namesFeed(const QString &feedRef, const QString &feedId);

// The feed ids a rule or a derived series may name: the workspace's feeds, and for a nats
// feed "<nats feed>/<upstream id>" (a feed seen through a relay). One home for that check
// and for the message that lists the choices.
class KnownFeeds
{
public:
    explicit KnownFeeds(const QList<FeedConfig> &feeds);

    [[nodiscard]] bool contains(const QString &feedId) const;
    // "a, b" or "(the workspace has no feeds; add the feed first)".
    [[nodiscard]] QString choices() const;
    // "\"x\" is not a feed of this workspace; use one of: a, b (or \"relay/<feed id at the relay>\")".
    [[nodiscard]] QString notAFeed(const QString &feedId) const;

private:
    QStringList m_feedIds;
    QStringList m_relayIds; // nats feeds, whose upstream feeds may be named
};

} // namespace feeddeck::workspace
