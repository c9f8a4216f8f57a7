#pragma once

#include <QDateTime>

namespace feeddeck::data {

// Now as Unix epoch ms: the clock receive times, state changes and snapshots are stamped with.
[[nodiscard]] inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace feeddeck::data
