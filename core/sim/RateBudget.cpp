#include "core/sim/RateBudget.h"

namespace feeddeck::sim {

int RateBudget::take(double expected, SimRandom &rng)
{
    if (!(expected > 0.0)) // also rejects NaN
        return 0;
    if (m_untilNext < 0.0)
        m_untilNext = exponential(rng, 1.0);

    m_untilNext -= expected;
    int due = 0;
    while (m_untilNext <= 0.0 && due < kMaxPerTick) {
        ++due;
        m_untilNext += exponential(rng, 1.0);
    }
    if (m_untilNext <= 0.0)
        m_untilNext = exponential(rng, 1.0);
    return due;
}

} // namespace feeddeck::sim
