#include "core/alert/MoveWindow.h"

#include <algorithm>
#include <cmath>

namespace feeddeck::alert {

void MoveWindow::add(qint64 timeMs, double value, qint64 windowMs)
{
    const qint64 oldest = timeMs - windowMs;
    while (!m_lows.empty() && m_lows.front().timeMs < oldest)
        m_lows.pop_front();
    while (!m_highs.empty() && m_highs.front().timeMs < oldest)
        m_highs.pop_front();

    while (!m_lows.empty() && m_lows.back().value >= value)
        m_lows.pop_back();
    m_lows.push_back({timeMs, value});
    while (!m_highs.empty() && m_highs.back().value <= value)
        m_highs.pop_back();
    m_highs.push_back({timeMs, value});

    if (m_lows.size() > kMaxSamples)
        m_lows.pop_front();
    if (m_highs.size() > kMaxSamples)
        m_highs.pop_front();
}

double MoveWindow::movePct(double current) const noexcept
{
    if (m_lows.empty() || m_highs.empty())
        return 0.0;
    const double low = m_lows.front().value;
    const double high = m_highs.front().value;
    const double up = low != 0.0 ? (current - low) / std::abs(low) : 0.0;
    const double down = high != 0.0 ? (high - current) / std::abs(high) : 0.0;
    return 100.0 * std::max(up, down);
}

} // namespace feeddeck::alert
