#pragma once

#include "core/store/Point.h"

#include <QtGlobal>

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace feeddeck::store {

// Time-ordered points read in place: consecutive runs of contiguous points (the chunks of
// a history ring, or one plain span) read as one sequence, so a chart's window is walked
// where it lies instead of being copied out first. A view: it owns no points and is valid
// only as long as the memory it was given (for a history, until the history next changes).
class PointRuns
{
public:
    PointRuns() = default;
    // A sequence of one run.
    explicit PointRuns(std::span<const Point> points);

    void reserve(std::size_t runs) { m_runs.reserve(runs); }
    // Appends a run after the last; an empty one is skipped.
    void append(std::span<const Point> run);

    [[nodiscard]] qsizetype size() const noexcept { return m_size; }
    [[nodiscard]] bool isEmpty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::size_t runCount() const noexcept { return m_runs.size(); }
    // The point at index i of the sequence, 0 <= i < size() (a search over the runs).
    [[nodiscard]] const Point &at(qsizetype i) const noexcept;

    // Calls fn(run, index of the run's first point) over the points [from, to), in order,
    // each run cut to that range. 0 <= from <= to <= size().
    template<typename Fn>
    void forEachRun(qsizetype from, qsizetype to, Fn &&fn) const
    {
        if (from >= to)
            return;
        for (std::size_t r = runOf(from); r < m_runs.size() && m_runs[r].start < to; ++r) {
            const Run &run = m_runs[r];
            const qsizetype begin = std::max(from, run.start);
            const qsizetype end = std::min(to, run.start + run.size);
            fn(std::span<const Point>(run.points + (begin - run.start), std::size_t(end - begin)), begin);
        }
    }

private:
    struct Run
    {
        const Point *points;
        qsizetype start; // index of its first point in the sequence
        qsizetype size;
    };

    // The run holding index i, 0 <= i < size().
    [[nodiscard]] std::size_t runOf(qsizetype i) const noexcept;

    std::vector<Run> m_runs;
    qsizetype m_size = 0;
};

} // namespace feeddeck::store
