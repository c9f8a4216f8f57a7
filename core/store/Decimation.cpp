#include "core/store/Decimation.h"

#include <algorithm>
#include <array>

namespace feeddeck::store {

namespace {

// A safe lower/upper bound over time: no precondition beyond the span's size, so
// out-of-order input gives a poor picture, never undefined behaviour.
std::size_t timeBound(std::span<const Point> points, qint64 t, bool upper)
{
    std::size_t lo = 0;
    std::size_t hi = points.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (upper ? points[mid].t <= t : points[mid].t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

class ColumnReducer
{
public:
    ColumnReducer(std::span<const Point> points, QList<Point> &out)
        : m_points(points)
        , m_out(out)
    {
    }

    void add(std::size_t i, int column)
    {
        if (m_open && column != m_column)
            flush();
        const double v = m_points[i].v;
        if (!m_open) {
            m_open = true;
            m_column = column;
            m_first = m_min = m_max = m_last = i;
            return;
        }
        m_last = i;
        if (v < m_points[m_min].v)
            m_min = i;
        if (v > m_points[m_max].v)
            m_max = i;
    }

    void addGap(std::size_t i)
    {
        flush();
        if (m_out.isEmpty() || !SeriesHistory::isGap(m_out.constLast()))
            m_out.append(m_points[i]);
    }

    void flush()
    {
        if (!m_open)
            return;
        m_open = false;
        std::array<std::size_t, 4> picks{m_first, m_min, m_max, m_last};
        std::sort(picks.begin(), picks.end());
        for (std::size_t k = 0; k < picks.size(); ++k)
            if (k == 0 || picks[k] != picks[k - 1])
                m_out.append(m_points[picks[k]]);
    }

private:
    std::span<const Point> m_points;
    QList<Point> &m_out;
    bool m_open = false;
    int m_column = 0;
    std::size_t m_first = 0;
    std::size_t m_min = 0;
    std::size_t m_max = 0;
    std::size_t m_last = 0;
};

} // namespace

QList<Point> decimateMinMax(std::span<const Point> points, qint64 t0, qint64 t1, int columns)
{
    if (t1 < t0)
        std::swap(t0, t1);
    // At most one column per ~pixel of any real screen; keeps 4 * columns in range.
    columns = std::clamp(columns, 1, 1 << 24);

    const std::size_t begin = timeBound(points, t0, false);
    const std::size_t end = std::max(begin, timeBound(points, t1, true));
    const bool hasBefore = begin > 0;
    const bool hasAfter = end < points.size();

    QList<Point> out;
    const std::size_t inRange = end - begin;
    if (inRange <= std::size_t(columns) * 4) {
        out.reserve(qsizetype(inRange) + 2);
        for (std::size_t i = hasBefore ? begin - 1 : begin; i < end + (hasAfter ? 1 : 0); ++i)
            out.append(points[i]);
        return out;
    }

    out.reserve(qsizetype(columns) * 4 + 2);
    if (hasBefore)
        out.append(points[begin - 1]);

    // Doubles hold epoch milliseconds exactly and cannot overflow on odd inputs.
    const double width = double(t1) - double(t0);
    const double perMs = width > 0 ? double(columns) / width : 0.0;
    ColumnReducer reducer(points, out);
    for (std::size_t i = begin; i < end; ++i) {
        if (SeriesHistory::isGap(points[i])) {
            reducer.addGap(i);
            continue;
        }
        const double x = (double(points[i].t) - double(t0)) * perMs;
        const int column = std::clamp(int(std::min(x, double(columns))), 0, columns - 1);
        reducer.add(i, column);
    }
    reducer.flush();

    if (hasAfter)
        out.append(points[end]);
    return out;
}

} // namespace feeddeck::store
