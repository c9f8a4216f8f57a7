#pragma once

#include "core/feed/FeedState.h"

#include <QString>

namespace feeddeck::app::tables {

// The word the tables' Status column shows and the views colour by: "live", "stale",
// "disconnected", or "waiting" for a subscribed symbol without a value yet. (The CSV snapshot
// names the last one "no data": feed::rowStatusName.)
[[nodiscard]] inline QString rowStatusKey(feed::RowStatus status)
{
    switch (status) {
    case feed::RowStatus::Live: return QStringLiteral("live");
    case feed::RowStatus::Stale: return QStringLiteral("stale");
    case feed::RowStatus::Disconnected: return QStringLiteral("disconnected");
    case feed::RowStatus::NoData: break;
    }
    return QStringLiteral("waiting");
}

} // namespace feeddeck::app::tables
