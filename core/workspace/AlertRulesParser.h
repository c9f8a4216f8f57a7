#pragma once

#include "core/alert/AlertRule.h"
#include "core/workspace/FeedConfig.h"
#include "core/workspace/SectionReader.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace feeddeck::workspace {

inline constexpr qsizetype kMaxAlertRules = 10000;
inline constexpr double kMaxAlertSeconds = 604'800; // window_s, cooldown_s, silent_for_s: one week

// Where a problem is (an absolute JSON path such as "alerts[2].when") and what to do about it.
using AlertProblemSink = SectionProblemSink;

// The workspace's top-level "alerts" array (absent: no rules), checked against `feeds` (a
// rule's feed is one of them, or "<nats feed>/<upstream id>" for a feed seen through a relay)
// and the ids of the workspace's derived series (a rule on feed "derived" names one as its symbol).
// Every problem goes to `report`; the rules read are returned either way. Unknown keys of a
// rule are kept in its `extra`.
[[nodiscard]] QList<alert::AlertRule> parseAlertRules(const QJsonValue &alerts, const QList<FeedConfig> &feeds,
                                                      const QStringList &derivedIds, const AlertProblemSink &report);

// Whether `rule` watches the feed `feedId` or, for a nats feed, one of the feeds behind it.
[[nodiscard]] bool isAlertOfFeed(const alert::AlertRule &rule, const QString &feedId);

} // namespace feeddeck::workspace
