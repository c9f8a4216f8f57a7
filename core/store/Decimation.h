#pragma once

#include "core/store/PointRuns.h"
#include "core/store/SeriesHistory.h"

#include <QList>

#include <span>

namespace feeddeck::store {

// Reduces time-ordered points to what a chart `columns` pixels wide can show over
// [t0, t1]: per column the first, min, max and last point, in time order and without
// duplicates, so the shape and every extreme survive. A gap point inside a column is
// kept and splits it (no line is drawn across a disconnect). Points outside [t0, t1]
// are dropped except the one just before t0 and the one just after t1, so lines reach
// the edges. When the range holds at most 4 * columns points they are returned as they
// are (with those two neighbours). The points are read where they lie (a history's
// chunks: SeriesHistory::runsAround()); only the result is built. Never throws; bad
// arguments give a sane result.
[[nodiscard]] QList<Point> decimateMinMax(const PointRuns &points, qint64 t0, qint64 t1, int columns);

// The same over one contiguous span.
[[nodiscard]] inline QList<Point> decimateMinMax(std::span<const Point> points, qint64 t0, qint64 t1,
                                                 int columns)
{
    return decimateMinMax(PointRuns(points), t0, t1, columns);
}

} // namespace feeddeck::store
