#include "core/sim/RateBudget.h"

#include <algorithm>

namespace feeddeck::sim {

int RateBudget::take(double ratePerSecond, double elapsedSeconds, SimRandom &rng)
{
    // A timer that fires late (a loaded machine) would otherwise release every tick it
    // missed at once: a burst no real feed sends, written to the socket in one go and so
    // past the slow-client limit SimConnection checks between ticks. Two intervals absorb
    // ordinary timer jitter (a late tick after an early one) without losing rate; the rest
    // of a longer delay is skipped, as the ticks of a client that cannot keep up are.
    const double seconds = std::min(elapsedSeconds, kMaxIntervalsPerTick * m_intervalSeconds);
    const double expected = ratePerSecond * seconds;
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
