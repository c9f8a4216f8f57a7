#pragma once

#include "core/sim/SimOptions.h"
#include "core/sim/SimRandom.h"

namespace feeddeck::sim {

// Spreads messages over timer ticks as a Poisson process: the average rate is exact,
// arrivals are jittered like a real feed, and fractions carry over between ticks.
class RateBudget
{
public:
    // Most messages one tick may produce; a larger backlog is dropped, not burst out later.
    static constexpr int kMaxPerTick = 5000;
    // A tick that comes late releases at most this many intervals' worth of messages.
    static constexpr double kMaxIntervalsPerTick = 2.0;

    // intervalSeconds: how often ticks are meant to come.
    explicit RateBudget(double intervalSeconds = kTickIntervalMs / 1000.0) noexcept
        : m_intervalSeconds(intervalSeconds)
    {
    }

    // How many messages are due at `ratePerSecond` in a tick that came `elapsedSeconds`
    // after the previous one.
    [[nodiscard]] int take(double ratePerSecond, double elapsedSeconds, SimRandom &rng);

private:
    double m_intervalSeconds;
    double m_untilNext = -1.0; // expected-message units until the next arrival; < 0: not drawn yet
};

} // namespace feeddeck::sim
