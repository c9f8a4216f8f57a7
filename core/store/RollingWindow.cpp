#include "core/store/RollingWindow.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace feeddeck::store {

namespace {
constexpr double kRollingWindowNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

// --- TimeWeightedMean ------------------------------------------------------------------

TimeWeightedMean::TimeWeightedMean(qint64 windowMs) noexcept
    : m_window(windowMs)
{
}

void TimeWeightedMean::commit(qint64 end)
{
    const qint64 d = end - m_pending.t;
    m_area += m_pending.v * double(d);
    m_duration += d;
    if (m_segments.size() < kRollingWindowMaxEntries) {
        m_segments.push_back({m_pending.t, end, d, m_pending.v});
        return;
    }
    // At the cap: the newest segment joins the one before it, as their time-weighted mean.
    // The sums stay exact; only the clipping at the trailing edge sees the blended value.
    Segment &back = m_segments.back();
    back.v = (back.v * double(back.held) + m_pending.v * double(d)) / double(back.held + d);
    back.held += d;
    back.end = end;
}

void TimeWeightedMean::evict(qint64 from)
{
    while (!m_segments.empty() && m_segments.front().end <= from) {
        const Segment &s = m_segments.front();
        m_area -= s.v * double(s.held);
        m_duration -= s.held;
        m_segments.pop_front();
        ++m_evictedSinceSum;
    }
    // A running sum that only adds and subtracts drifts (1e9 then 1 loses the 1). Summing
    // afresh once as many segments left as remain keeps it exact, at O(1) amortised.
    if (m_evictedSinceSum > 0 && m_evictedSinceSum >= m_segments.size()) {
        m_area = 0;
        for (const Segment &s : m_segments)
            m_area += s.v * double(s.held);
        m_evictedSinceSum = 0;
    }
}

double TimeWeightedMean::update(qint64 t, double v)
{
    if (m_pending.endedBefore(t))
        commit(t);
    m_pending.set(t, v);

    const qint64 from = t - m_window;
    evict(from);
    if (!m_segments.empty()) {
        const Segment &front = m_segments.front();
        // The part of the oldest segment before the window.
        const qint64 clip = std::clamp<qint64>(from - front.start, 0, front.held);
        const qint64 duration = m_duration - clip;
        if (duration > 0)
            return (m_area - front.v * double(clip)) / double(duration);
    }
    return m_pending.held ? m_pending.v : kRollingWindowNaN;
}

void TimeWeightedMean::interrupt(qint64 t)
{
    if (m_pending.endedBefore(t))
        commit(t);
    m_pending.held = false;
}

// --- RollingExtreme --------------------------------------------------------------------

RollingExtreme::RollingExtreme(Kind kind, qint64 windowMs) noexcept
    : m_window(windowMs)
    , m_kind(kind)
{
}

void RollingExtreme::commit(qint64 end)
{
    while (!m_entries.empty() && atLeastAsExtreme(m_pending.v, m_entries.back().v))
        m_entries.pop_back();
    if (m_entries.size() < kRollingWindowMaxEntries) {
        m_entries.push_back({m_pending.t, end, m_pending.v});
        return;
    }
    // At the cap (a trend steady enough to keep 64k entries): the entry before stretches over
    // this one's time. Its value is the more extreme, so the answer may show it for up to this
    // entry's duration longer than it held, and is never less extreme than the truth.
    m_entries.back().end = end;
}

double RollingExtreme::update(qint64 t, double v)
{
    if (m_pending.endedBefore(t))
        commit(t);
    m_pending.set(t, v);

    const qint64 from = t - m_window;
    while (!m_entries.empty() && m_entries.front().end <= from)
        m_entries.pop_front();
    if (m_entries.empty())
        return m_pending.held ? m_pending.v : kRollingWindowNaN;
    const double oldest = m_entries.front().v;
    if (!m_pending.held || atLeastAsExtreme(oldest, m_pending.v))
        return oldest;
    return m_pending.v;
}

void RollingExtreme::interrupt(qint64 t)
{
    if (m_pending.endedBefore(t))
        commit(t);
    m_pending.held = false;
}

} // namespace feeddeck::store
