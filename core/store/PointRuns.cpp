#include "core/store/PointRuns.h"

#include <algorithm>

namespace feeddeck::store {

PointRuns::PointRuns(std::span<const Point> points)
{
    append(points);
}

void PointRuns::append(std::span<const Point> run)
{
    if (run.empty())
        return;
    m_runs.push_back(Run{run.data(), m_size, qsizetype(run.size())});
    m_size += qsizetype(run.size());
}

std::size_t PointRuns::runOf(qsizetype i) const noexcept
{
    // The last run starting at or before i.
    const auto after = std::upper_bound(m_runs.cbegin(), m_runs.cend(), i,
                                        [](qsizetype index, const Run &run) { return index < run.start; });
    return std::size_t(after - m_runs.cbegin()) - 1;
}

const Point &PointRuns::at(qsizetype i) const noexcept
{
    const Run &run = m_runs[runOf(i)];
    return run.points[i - run.start];
}

} // namespace feeddeck::store
