#include "app/chart/ChartViewport.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace feeddeck::app::chart {

void ChartViewport::setWindowSpan(qint64 spanMs)
{
    m_windowMs = std::max<qint64>(0, spanMs);
    resetView();
}

void ChartViewport::setPaused(bool paused, qint64 atMs)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        m_pausedAtMs = atMs;
    } else {
        m_offsetMs = 0; // resume shows the present
        m_detachedAtMs.reset();
    }
}

void ChartViewport::resetView()
{
    m_spanMs = 0;
    m_offsetMs = 0;
    m_detachedAtMs.reset();
}

void ChartViewport::detach(qint64 nowMs)
{
    if (!m_detachedAtMs)
        m_detachedAtMs = anchor(nowMs); // paused: where the pause holds it
}

void ChartViewport::noteEarliest(std::optional<qint64> earliestMs, bool exact)
{
    if (exact || !m_earliestMs)
        m_earliestMs = earliestMs;
    else if (earliestMs)
        m_earliestMs = std::min(*m_earliestMs, *earliestMs);
}

qint64 ChartViewport::baseSpan(qint64 anchorMs) const
{
    if (m_windowMs > 0)
        return m_windowMs;
    if (m_earliestMs)
        return std::max(kMinSpanMs, anchorMs - *m_earliestMs);
    return kDefaultAllSpanMs;
}

ChartViewport::Range ChartViewport::range(qint64 nowMs) const
{
    const qint64 a = anchor(nowMs);
    const qint64 span = m_spanMs > 0 ? m_spanMs : baseSpan(a);
    Range r;
    r.toMs = a - m_offsetMs;
    r.fromMs = r.toMs - span;
    r.fromFirstPoint = m_windowMs == 0 && m_spanMs == 0 && m_offsetMs == 0;
    return r;
}

void ChartViewport::clampOffset(qint64 anchorMs, qint64 spanMs)
{
    // Keep some data in view: the earliest point may reach the middle, no further.
    qint64 maxOffset = std::max<qint64>(0, m_offsetMs);
    if (m_earliestMs)
        maxOffset = std::max<qint64>(0, anchorMs - (*m_earliestMs + spanMs / 2));
    m_offsetMs = std::clamp<qint64>(m_offsetMs, 0, maxOffset);
}

void ChartViewport::zoom(double factor, double anchorFraction, qint64 nowMs)
{
    if (!std::isfinite(factor) || factor <= 0.0)
        return;
    factor = std::clamp(factor, 0.01, 100.0);
    const double f = std::isfinite(anchorFraction) ? std::clamp(anchorFraction, 0.0, 1.0) : 1.0;
    detach(nowMs);

    const qint64 a = anchor(nowMs);
    const Range r = range(nowMs);
    const double span = double(r.toMs - r.fromMs);
    const qint64 base = baseSpan(a);
    const qint64 newSpan = std::clamp<qint64>(std::llround(span * factor), kMinSpanMs, std::max(base, kMinSpanMs));
    // The time under the cursor stays under the cursor.
    const double pivot = double(r.fromMs) + f * span;
    const qint64 newTo = std::min(a, std::llround(pivot - f * double(newSpan)) + newSpan);

    m_offsetMs = a - newTo;
    m_spanMs = newSpan >= base ? 0 : newSpan;
    clampOffset(a, newSpan);
}

void ChartViewport::pan(double fraction, qint64 nowMs)
{
    if (!std::isfinite(fraction))
        return;
    fraction = std::clamp(fraction, -10.0, 10.0);
    detach(nowMs);
    const qint64 a = anchor(nowMs);
    const Range r = range(nowMs);
    const qint64 span = r.toMs - r.fromMs;
    m_offsetMs -= std::llround(fraction * double(span));
    clampOffset(a, span);
}

ValueScale steadyScale(const ValueScale &current, double lo, double hi, int targetTicks)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return niceScale(lo, hi, targetTicks);
    if (hi < lo)
        std::swap(lo, hi);
    const double span = current.max - current.min;
    const bool fits = span > 0.0 && lo >= current.min && hi <= current.max;
    if (fits && (hi - lo) * 3.0 >= span)
        return current;
    return niceScale(lo, hi, targetTicks);
}

ValueScale niceScale(double lo, double hi, int targetTicks)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {};
    if (hi < lo)
        std::swap(lo, hi);
    targetTicks = std::clamp(targetTicks, 2, 20);

    double span = hi - lo;
    if (!std::isfinite(span)) // beyond what a double can subdivide: show it as it is
        return {.min = lo, .max = hi, .step = hi / 5 - lo / 5, .ticks = 6, .decimals = 0};
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    if (span <= magnitude * 1e-12) {
        // A flat line sits in the middle of a small band around its value.
        const double pad = magnitude == 0.0 ? 1.0 : magnitude * 1e-3;
        lo -= pad;
        hi += pad;
    } else {
        lo -= span * 0.04;
        hi += span * 0.04;
    }
    span = hi - lo;
    if (!std::isfinite(span) || span <= 0.0)
        return {.min = lo, .max = hi, .step = hi / 5 - lo / 5, .ticks = 6, .decimals = 0};

    const double raw = span / targetTicks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double n = raw / mag;
    const double step = (n <= 1.0 ? 1.0 : n <= 2.0 ? 2.0 : n <= 2.5 ? 2.5 : n <= 5.0 ? 5.0 : 10.0) * mag;

    ValueScale s;
    s.step = step;
    s.min = std::floor(lo / step) * step;
    s.max = std::ceil(hi / step) * step;
    s.ticks = std::clamp(int(std::llround((s.max - s.min) / step)) + 1, 2, 64);
    s.decimals = 0;
    for (double scaled = step; s.decimals < 10; scaled *= 10.0, ++s.decimals)
        if (std::abs(scaled - std::round(scaled)) <= 1e-9 * scaled)
            break;
    return s;
}

TimeScale roundTimeScale(qint64 fromMs, qint64 toMs, int plotWidth, int utcOffsetSeconds)
{
    static constexpr std::array<qint64, 24> kSteps{
        100, 200, 250, 500, 1'000, 2'000, 5'000, 10'000, 15'000, 30'000, 60'000, 120'000,
        300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000,
        43'200'000, 86'400'000, 172'800'000, 604'800'000};
    constexpr int kPixelsPerLabel = 110;
    const qint64 span = std::max<qint64>(toMs - fromMs, 1);
    const int most = std::clamp(plotWidth / kPixelsPerLabel, 2, 10);
    // The finest step that leaves room for every label.
    qint64 step = kSteps.back();
    for (const qint64 s : kSteps) {
        if (span / s + 1 <= most) {
            step = s;
            break;
        }
    }
    TimeScale scale;
    scale.stepMs = step;
    scale.format = step < 1'000           ? QStringLiteral("hh:mm:ss.zzz")
                   : step < 60'000        ? QStringLiteral("hh:mm:ss")
                   : step >= 86'400'000   ? QStringLiteral("MMM d")
                   : span > 86'400'000    ? QStringLiteral("MMM d hh:mm") // an hour can come twice
                                          : QStringLiteral("hh:mm");
    // Round in local time: shift by the offset, round up to the step, shift back.
    const qint64 offsetMs = qint64(utcOffsetSeconds) * 1000;
    const qint64 localFrom = fromMs + offsetMs;
    qint64 first = (localFrom / step) * step;
    if (first < localFrom)
        first += step;
    for (qint64 t = first - offsetMs; t <= toMs; t += step)
        scale.ticks.append(t);
    return scale;
}

} // namespace feeddeck::app::chart
