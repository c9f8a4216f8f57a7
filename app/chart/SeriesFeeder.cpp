#include "app/chart/SeriesFeeder.h"

#include <QPen>

#include <algorithm>
#include <utility>

namespace feeddeck::app::chart {

namespace {

// QPointF's == is fuzzy (relative 1e-12: about a millisecond at epoch times).
bool sameExactly(const QList<QPointF> &a, const QList<QPointF> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(),
                      [](const QPointF &p, const QPointF &q) { return p.x() == q.x() && p.y() == q.y(); });
}

} // namespace

SeriesFeeder::SeriesFeeder(QColor colour)
    : m_colour(colour)
{
}

bool SeriesFeeder::attach(QXYSeries *line)
{
    std::erase_if(m_segments, [](const Segment &s) { return s.line.isNull(); });
    if (!line || int(m_segments.size()) >= kMaxSegments)
        return false;
    if (std::any_of(m_segments.cbegin(), m_segments.cend(), [line](const Segment &s) { return s.line == line; }))
        return false;
    if (m_colour.isValid()) {
        QPen pen(m_colour);
        pen.setWidthF(2.0);
        line->setPen(pen);
    }
    // Start from a known state: whatever the line held is replaced on the next update.
    if (line->count() > 0)
        line->clear();
    m_segments.push_back({.line = line, .shown = {}});
    return true;
}

QList<QList<QPointF>> SeriesFeeder::splitAtGaps(const QList<store::Point> &points, int maxSegments)
{
    QList<QList<QPointF>> segments;
    if (maxSegments < 1)
        return segments;
    QList<QPointF> current;
    for (const store::Point &p : points) {
        if (store::SeriesHistory::isGap(p)) {
            if (!current.isEmpty())
                segments.append(std::exchange(current, {}));
            continue;
        }
        current.append(QPointF(double(p.t), p.v));
    }
    if (!current.isEmpty())
        segments.append(std::move(current));
    return joinOldest(std::move(segments), maxSegments);
}

QList<QList<QPointF>> SeriesFeeder::joinOldest(QList<QList<QPointF>> segments, int maxSegments)
{
    if (maxSegments < 1)
        return {};
    // Out of lines: the oldest gaps are drawn over so the recent ones stay visible.
    if (segments.size() > maxSegments) {
        const qsizetype joined = segments.size() - maxSegments + 1;
        QList<QPointF> head;
        for (qsizetype i = 0; i < joined; ++i)
            head.append(segments.at(i));
        segments.remove(0, joined);
        segments.prepend(std::move(head));
    }
    return segments;
}

int SeriesFeeder::update(const QList<store::Point> &points)
{
    std::erase_if(m_segments, [](const Segment &s) { return s.line.isNull(); });
    QList<QList<QPointF>> segments = splitAtGaps(points, kMaxSegments);
    m_wanted = int(segments.size());
    segments = joinOldest(std::move(segments), int(m_segments.size()));
    int replaces = 0;
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        Segment &s = m_segments[i];
        const QList<QPointF> target = qsizetype(i) < segments.size() ? segments.at(qsizetype(i)) : QList<QPointF>();
        if (sameExactly(target, s.shown))
            continue;
        s.line->replace(target);
        s.shown = target;
        ++replaces;
    }
    return replaces;
}

void SeriesFeeder::clear()
{
    update({});
}

} // namespace feeddeck::app::chart
