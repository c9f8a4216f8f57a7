#pragma once

#include "core/sim/SimRandom.h"

namespace feeddeck::sim {

// Spreads messages over timer ticks as a Poisson process: the average rate is exact,
// arrivals are jittered like a real feed, and fractions carry over between ticks.
class RateBudget
{
public:
    // Most messages one tick may produce; a larger backlog is dropped, not burst out later.
    static constexpr int kMaxPerTick = 5000;

    // How many messages are due in a tick that expects `expected` messages on average.
    [[nodiscard]] int take(double expected, SimRandom &rng);

private:
    double m_untilNext = -1.0; // expected-message units until the next arrival; < 0: not drawn yet
};

} // namespace feeddeck::sim
