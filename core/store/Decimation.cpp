#include "core/store/Decimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace feeddeck::store {

namespace {

// A safe lower/upper bound over time: no precondition beyond the sequence's size, so
// out-of-order input gives a poor picture, never undefined behaviour.
qsizetype timeBound(const PointRuns &points, qint64 t, bool upper)
{
    qsizetype lo = 0;
    qsizetype hi = points.size();
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        const qint64 mt = points.at(mid).t;
        if (upper ? mt <= t : mt < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// Reduces the points of [t0, t1] column by column: per column its first, min, max and last
// point. Picks point into the runs, which outlive the call; their sequence index keeps
// them in time order. A column is scanned by a tight loop that keeps its min and max in
// registers: the whole window passes through here every frame.
class ColumnReducer
{
public:
    ColumnReducer(QList<Point> &out, qint64 t0, qint64 t1, int columns)
        : m_out(out)
        , m_t0(double(t0))
        , m_columns(columns)
    {
        // Doubles hold epoch milliseconds exactly and cannot overflow on odd inputs.
        const double width = double(t1) - double(t0);
        m_perMs = width > 0 ? double(columns) / width : 0.0;
    }

    // The points of one run, index being the sequence index of its first point.
    void addRun(std::span<const Point> run, qsizetype index)
    {
        const Point *const begin = run.data();
        const Point *const end = begin + run.size();
        for (const Point *p = begin; p != end;) {
            if (SeriesHistory::isGap(*p)) {
                addGap(*p);
                ++p;
                continue;
            }
            const double x = xOf(*p);
            const Pick here{index + (p - begin), p};
            if (!m_open || !(x >= m_lo && x < m_hi)) {
                flush();
                open(columnOf(x), here);
            } else {
                m_last = here;
                if (p->v < m_min.point->v)
                    m_min = here;
                if (p->v > m_max.point->v)
                    m_max = here;
            }
            // The rest of the column in this run: until a gap, another column or the run's end.
            const Point *minP = m_min.point;
            const Point *maxP = m_max.point;
            double minV = minP->v;
            double maxV = maxP->v;
            const Point *q = p + 1;
            for (; q != end; ++q) {
                const double v = q->v;
                const double xq = xOf(*q);
                if (std::isnan(v) || !(xq >= m_lo && xq < m_hi))
                    break;
                if (v < minV) {
                    minV = v;
                    minP = q;
                }
                if (v > maxV) {
                    maxV = v;
                    maxP = q;
                }
            }
            if (q != p + 1) {
                m_last = Pick{index + (q - 1 - begin), q - 1};
                if (minP != m_min.point)
                    m_min = Pick{index + (minP - begin), minP};
                if (maxP != m_max.point)
                    m_max = Pick{index + (maxP - begin), maxP};
            }
            p = q;
        }
    }

    void flush()
    {
        if (!m_open)
            return;
        m_open = false;
        // first <= min, max <= last in time: only min and max need ordering.
        const bool minFirst = m_min.index <= m_max.index;
        const Pick &early = minFirst ? m_min : m_max;
        const Pick &late = minFirst ? m_max : m_min;
        m_out.append(*m_first.point);
        if (early.index != m_first.index && early.index != m_last.index)
            m_out.append(*early.point);
        if (late.index != early.index && late.index != m_first.index && late.index != m_last.index)
            m_out.append(*late.point);
        if (m_last.index != m_first.index)
            m_out.append(*m_last.point);
    }

private:
    struct Pick
    {
        qsizetype index = 0;
        const Point *point = nullptr;
    };

    [[nodiscard]] double xOf(const Point &p) const noexcept { return (double(p.t) - m_t0) * m_perMs; }
    [[nodiscard]] int columnOf(double x) const noexcept
    {
        return std::clamp(int(std::min(x, double(m_columns))), 0, m_columns - 1);
    }

    // Column c holds exactly the x in [m_lo, m_hi): those columnOf() maps to c.
    void open(int column, Pick first)
    {
        m_open = true;
        m_lo = column == 0 ? -kInfinity : double(column);
        m_hi = column == m_columns - 1 ? kInfinity : double(column) + 1;
        m_first = m_min = m_max = m_last = first;
    }

    // A gap closes the column and shows once, however many follow each other.
    void addGap(const Point &p)
    {
        flush();
        if (m_out.isEmpty() || !SeriesHistory::isGap(m_out.constLast()))
            m_out.append(p);
    }

    static constexpr double kInfinity = std::numeric_limits<double>::infinity();

    QList<Point> &m_out;
    double m_t0;
    double m_perMs = 0;
    int m_columns;
    bool m_open = false;
    double m_lo = 0;
    double m_hi = 0;
    Pick m_first;
    Pick m_min;
    Pick m_max;
    Pick m_last;
};

} // namespace

QList<Point> decimateMinMax(const PointRuns &points, qint64 t0, qint64 t1, int columns)
{
    if (t1 < t0)
        std::swap(t0, t1);
    // At most one column per ~pixel of any real screen; keeps 4 * columns in range.
    columns = std::clamp(columns, 1, 1 << 24);

    const qsizetype begin = timeBound(points, t0, false);
    const qsizetype end = std::max(begin, timeBound(points, t1, true));
    const bool hasBefore = begin > 0;
    const bool hasAfter = end < points.size();

    QList<Point> out;
    const qsizetype inRange = end - begin;
    if (inRange <= qsizetype(columns) * 4) {
        out.reserve(inRange + 2);
        points.forEachRun(hasBefore ? begin - 1 : begin, hasAfter ? end + 1 : end,
                          [&](std::span<const Point> run, qsizetype) {
                              for (const Point &p : run)
                                  out.append(p);
                          });
        return out;
    }

    out.reserve(qsizetype(columns) * 4 + 2);
    if (hasBefore)
        out.append(points.at(begin - 1));

    ColumnReducer reducer(out, t0, t1, columns);
    points.forEachRun(begin, end, [&](std::span<const Point> run, qsizetype index) { reducer.addRun(run, index); });
    reducer.flush();

    if (hasAfter)
        out.append(points.at(end));
    return out;
}

} // namespace feeddeck::store
