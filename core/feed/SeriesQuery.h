#pragma once

#include "core/store/SeriesHistory.h"

#include <QList>
#include <QMetaType>

#include <limits>
#include <memory>

namespace feeddeck::feed {

// "From the first retained point": the chart's "all" window.
inline constexpr qint64 kFromFirstPoint = std::numeric_limits<qint64>::min();

// What a chart asks of the history once per frame: one series over a time window,
// reduced to what `columns` pixels can show.
struct SeriesQuery
{
    store::SeriesKey key;
    qint64 fromMs = kFromFirstPoint;
    qint64 toMs = std::numeric_limits<qint64>::max();
    int columns = 1000;
};

// The answer: min/max-decimated points (gaps as NaN values) and the window they cover.
struct SeriesSlice
{
    store::SeriesKey key;
    qint64 fromMs = 0;     // the resolved window (the first point's time for kFromFirstPoint)
    qint64 toMs = 0;
    qint64 retained = 0;   // points the history holds for this series
    QList<store::Point> points;
};

using SeriesSlices = std::shared_ptr<const QList<SeriesSlice>>;

} // namespace feeddeck::feed
