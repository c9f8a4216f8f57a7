#pragma once

#include <QtGlobal>

#include <cmath>
#include <cstddef>
#include <deque>

namespace feeddeck::store {

// The state of one windowed function of a derived series (ma, min, max) over its operand.
//
// The operand is a step function, as every series is read (sample and hold): a value holds
// from its time until the next value, or until the operand has no value (a gap upstream, a
// division by zero). The window at time t is [t - window, t].
//
// update(t, v) gives the function's value at t. Times never go back; the same t again is the
// same instant with a newer value, which replaces the earlier one (so feeding an instant in
// several calls leaves the same state as feeding it once). The value of the current instant
// is "pending": it is committed, with its end, only when a later time arrives.
//
// State is bounded: at most kRollingWindowMaxEntries entries a window, whatever the rate.
// Without a cap, a 24 h window over a 10k points/s feed would keep ~860M entries (over
// 20 GiB); with it a window costs at most 2 MiB (32-byte entries; 24 for min/max). Past the
// cap the newest entries are merged (see each class), which only blurs the result near the
// window's trailing edge.
inline constexpr std::size_t kRollingWindowMaxEntries = std::size_t(1) << 16;

// The operand's value at its latest instant, held by both windowed functions below: it is
// committed, with its end, only once a later time arrives.
struct PendingValue
{
    qint64 t = 0;
    double v = 0;
    bool held = false; // false: the operand has no value from t on

    // The held value ended before `at`, so it is committed up to `at`.
    [[nodiscard]] bool endedBefore(qint64 at) const noexcept { return held && at > t; }
    void set(qint64 at, double value) noexcept
    {
        held = std::isfinite(value);
        t = at;
        v = value;
    }
};

// ma(x, w): the time-weighted mean of x over the window, each value weighted by how long it
// held. Chosen over a simple mean of samples because a derived series samples its operand at
// every point of every input: a simple mean would weight x by the other inputs' tick rates.
// The value of the current instant has held for no time yet, so it has no weight; until any
// time has elapsed in the window (the first point) the mean is the current value. Time where
// x had no value counts for nothing.
class TimeWeightedMean
{
public:
    explicit TimeWeightedMean(qint64 windowMs) noexcept;

    // The mean at t with x = v from t on; a non-finite v means x has no value from t on.
    // NaN when the window holds no value at all.
    [[nodiscard]] double update(qint64 t, double v);
    // x has no value from t on (a gap upstream): the value held so far ends at t.
    void interrupt(qint64 t);

    [[nodiscard]] std::size_t entries() const noexcept { return m_segments.size(); }

private:
    struct Segment
    {
        qint64 start;
        qint64 end;
        qint64 held; // end - start, less any gap inside a segment merged at the cap
        double v;
    };

    void commit(qint64 end);
    void evict(qint64 from);

    std::deque<Segment> m_segments; // committed, time order, each [start, end) with end > start
    double m_area = 0;              // sum of v * held over m_segments
    qint64 m_duration = 0;          // sum of held: exact, integer milliseconds
    std::size_t m_evictedSinceSum = 0;
    qint64 m_window;
    PendingValue m_pending;
};

// min(x, w) / max(x, w): the lowest / highest value x held at any time in the window (the
// value in force at the window's start counts, as the line shows it). A monotonic deque: an
// entry that a later, at least as extreme entry outlives can never be the answer again, so
// it is dropped, and the front is the answer. Amortised O(1) per point.
class RollingExtreme
{
public:
    enum class Kind { Min, Max };

    RollingExtreme(Kind kind, qint64 windowMs) noexcept;

    // As TimeWeightedMean::update(): the extreme at t with x = v from t on.
    [[nodiscard]] double update(qint64 t, double v);
    void interrupt(qint64 t);

    [[nodiscard]] std::size_t entries() const noexcept { return m_entries.size(); }

private:
    struct Entry
    {
        qint64 start;
        qint64 end;
        double v;
    };

    [[nodiscard]] bool atLeastAsExtreme(double a, double b) const noexcept
    {
        return m_kind == Kind::Min ? a <= b : a >= b;
    }
    void commit(qint64 end);

    std::deque<Entry> m_entries; // time order, values strictly improving towards the front
    qint64 m_window;
    Kind m_kind;
    PendingValue m_pending;
};

} // namespace feeddeck::store
