#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace feeddeck::app::chart {

// Where the chart looks along time: a window (or everything retained), zoomed and
// panned by the user, following the clock while live and frozen while paused. A zoom or
// pan detaches the view from the clock: it holds still where the user put it until the
// view is reset (back to live), a window is picked, or a pause is resumed.
// Plain arithmetic on Unix epoch milliseconds; the caller passes the clock in.
class ChartViewport
{
public:
    static constexpr qint64 kMinSpanMs = 1000;
    static constexpr qint64 kDefaultAllSpanMs = 60'000; // "All" before any point is known

    struct Range
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        bool fromFirstPoint = false; // the left edge is the first retained point
    };

    // 0 = everything retained. Resets zoom and pan.
    void setWindowSpan(qint64 spanMs);
    [[nodiscard]] qint64 windowSpan() const noexcept { return m_windowMs; }

    // Pausing freezes the view at `atMs` (the time the right edge shows); resuming
    // jumps back to the clock and keeps the zoom.
    void setPaused(bool paused, qint64 atMs);
    [[nodiscard]] bool isPaused() const noexcept { return m_paused; }
    [[nodiscard]] qint64 anchor(qint64 nowMs) const noexcept
    {
        return m_paused ? m_pausedAtMs : m_detachedAtMs ? *m_detachedAtMs : nowMs;
    }
    // Zoomed or panned: the view holds still instead of following the clock.
    [[nodiscard]] bool isDetached() const noexcept { return m_detachedAtMs.has_value(); }

    // factor < 1 zooms in; anchorFraction is where the cursor sits (0 = left edge).
    void zoom(double factor, double anchorFraction, qint64 nowMs);
    // Positive moves the view later, by that fraction of the visible span.
    void pan(double fraction, qint64 nowMs);
    void resetView();
    [[nodiscard]] bool isZoomedOrPanned() const noexcept { return m_spanMs > 0 || m_offsetMs > 0; }

    // What an answer showed of the oldest data: the earliest point it held, and whether
    // that is the first retained point (`exact`) or only an upper bound of it (the answer
    // started before the view). Sets the left edge of "All" and how far back pan may go.
    void noteEarliest(std::optional<qint64> earliestMs, bool exact);
    [[nodiscard]] std::optional<qint64> earliest() const noexcept { return m_earliestMs; }

    [[nodiscard]] Range range(qint64 nowMs) const;

private:
    [[nodiscard]] qint64 baseSpan(qint64 anchorMs) const;
    void clampOffset(qint64 anchorMs, qint64 spanMs);
    void detach(qint64 nowMs);

    qint64 m_windowMs = 5 * 60'000;
    qint64 m_spanMs = 0;   // 0: the whole window (not zoomed)
    qint64 m_offsetMs = 0; // how far the right edge sits before the anchor
    bool m_paused = false;
    qint64 m_pausedAtMs = 0;
    std::optional<qint64> m_detachedAtMs; // the clock the view stopped following at
    std::optional<qint64> m_earliestMs;
};

// A y axis that reads well: bounds on multiples of a 1/2/2.5/5 step, a small margin
// so lines never touch the frame, and the decimals its labels need.
struct ValueScale
{
    double min = 0.0;
    double max = 1.0;
    double step = 0.2;
    int ticks = 6;
    int decimals = 1;
};

[[nodiscard]] ValueScale niceScale(double lo, double hi, int targetTicks = 5);

// The y scale for the next frame, with hysteresis: `current` while the values [lo, hi] still
// fit in it and fill at least a third of it, otherwise a new niceScale. An axis that moved
// with every update would make a steady line look nervous and its labels unreadable.
[[nodiscard]] ValueScale steadyScale(const ValueScale &current, double lo, double hi, int targetTicks = 5);

// A time axis that reads well: ticks on round local times (10:15:00, 10:15:30) a
// readable distance apart, each labelled just as finely as its step needs.
struct TimeScale
{
    qint64 stepMs = 1000;
    QString format;      // QDateTime format of the labels
    QList<qint64> ticks; // epoch ms of each tick in [fromMs, toMs], ascending
};

// utcOffsetSeconds: the local zone's offset, so minutes, hours and days fall on local ones.
[[nodiscard]] TimeScale roundTimeScale(qint64 fromMs, qint64 toMs, int plotWidth, int utcOffsetSeconds);

} // namespace feeddeck::app::chart
