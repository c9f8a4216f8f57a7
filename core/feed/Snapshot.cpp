#include "core/feed/Snapshot.h"

namespace feeddeck::feed {

QString rowStatusName(RowStatus status)
{
    switch (status) {
    case RowStatus::Live:
        return QStringLiteral("live");
    case RowStatus::Stale:
        return QStringLiteral("stale");
    case RowStatus::Disconnected:
        return QStringLiteral("disconnected");
    case RowStatus::NoData:
        break;
    }
    return QStringLiteral("no data");
}

} // namespace feeddeck::feed
