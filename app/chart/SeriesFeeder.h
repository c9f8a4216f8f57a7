#pragma once

#include "core/store/SeriesHistory.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QPointer>
#include <QtCharts/QXYSeries>

#include <vector>

namespace feeddeck::app::chart {

// Pushes one charted series into QtCharts. QtCharts cannot draw NaN, so the points are
// split at gaps (the feed was disconnected) into segments, one QXYSeries each, all in
// the same colour. The pool of lines grows on demand (wanted()) up to kMaxSegments;
// while it is short, the oldest segments are joined. Each line gets at most one
// replace() per update, and none when it would not change.
class SeriesFeeder
{
public:
    static constexpr int kMaxSegments = 16;

    explicit SeriesFeeder(QColor colour = {});

    // Adds a line to the pool (ignored when full, null or already there).
    bool attach(QXYSeries *line);
    [[nodiscard]] int segmentCapacity() const noexcept { return int(m_segments.size()); }
    // Lines the last update could have used (at most kMaxSegments).
    [[nodiscard]] int wanted() const noexcept { return m_wanted; }

    // Replaces each line's points with its segment of `points`; returns the replaces made.
    int update(const QList<store::Point> &points);
    // Empties every line (the series is no longer charted).
    void clear();

    // Time-ordered points to line segments: gaps cut, empty segments dropped, and the
    // oldest segments joined when there are more than `maxSegments`.
    [[nodiscard]] static QList<QList<QPointF>> splitAtGaps(const QList<store::Point> &points, int maxSegments);
    // Joins the oldest segments so that at most `maxSegments` remain.
    [[nodiscard]] static QList<QList<QPointF>> joinOldest(QList<QList<QPointF>> segments, int maxSegments);

private:
    struct Segment
    {
        QPointer<QXYSeries> line;
        QList<QPointF> shown;
    };

    QColor m_colour;
    std::vector<Segment> m_segments;
    int m_wanted = 0;
};

} // namespace feeddeck::app::chart
