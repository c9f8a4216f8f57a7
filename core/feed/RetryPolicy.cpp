#include "core/feed/RetryPolicy.h"

#include <algorithm>

namespace feeddeck::feed {

RetryPolicy::RetryPolicy(Params params, quint64 seed)
    : m_params(params)
    , m_random(seed)
{
    m_params.initialMs = std::max(1, m_params.initialMs);
    m_params.maxMs = std::max(m_params.initialMs, m_params.maxMs);
    m_params.floorMs = std::max(0, m_params.floorMs);
}

int RetryPolicy::ceilingMs(int attempt) const noexcept
{
    // Doubling past 2^30 would overflow long before it matters: the cap is reached first.
    const int shift = std::clamp(attempt, 0, 30);
    const qint64 grown = qint64(m_params.initialMs) << shift;
    return int(std::min<qint64>(grown, m_params.maxMs));
}

int RetryPolicy::nextDelayMs()
{
    const int ceiling = ceilingMs(m_attempt);
    if (m_attempt < 1'000'000)
        ++m_attempt;
    std::uniform_int_distribution<int> jitter(0, ceiling);
    return std::max(m_params.floorMs, jitter(m_random));
}

} // namespace feeddeck::feed
