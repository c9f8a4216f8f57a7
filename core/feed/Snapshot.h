#pragma once

#include "core/data/Update.h"
#include "core/feed/FeedState.h"

#include <QList>
#include <QString>

#include <limits>
#include <memory>

namespace feeddeck::feed {

// The CSV names of a row status: live, stale, disconnected, no data.
[[nodiscard]] QString rowStatusName(RowStatus status);

struct SnapshotRow
{
    QString feedId;
    QString feedName;
    QString symbol;
    data::FieldList fields; // empty when no data has arrived yet
    qint64 sourceMs = data::kNoTime;
    qint64 receivedMs = data::kNoTime;
    RowStatus status = RowStatus::NoData;
    double sessionOpen = std::numeric_limits<double>::quiet_NaN(); // the row's first price this session
};

// Every subscribed row and every feed's status at one instant, taken in one
// slot on the network thread. Immutable once made; safe to hand to any thread.
struct Snapshot
{
    qint64 takenAtMs = 0; // Unix epoch ms
    QList<SnapshotRow> rows;
    QList<FeedStatus> feeds;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace feeddeck::feed
