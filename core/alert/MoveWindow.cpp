#include "core/alert/MoveWindow.h"

#include <algorithm>
#include <cmath>

namespace feeddeck::alert {

void MoveWindow::SampleRing::pushBack(Sample sample)
{
    if (m_size == m_slots.size()) {
        if (m_slots.size() >= kMaxSamples) {
            popFront(); // the oldest goes (see kMaxSamples)
        } else {
            std::vector<Sample> grown(std::max<std::size_t>(4, m_slots.size() * 2));
            for (std::size_t i = 0; i < m_size; ++i)
                grown[i] = m_slots[(m_head + i) & mask()];
            m_slots = std::move(grown);
            m_head = 0;
        }
    }
    m_slots[(m_head + m_size) & mask()] = sample;
    ++m_size;
}

void MoveWindow::add(qint64 timeMs, double value, qint64 windowMs)
{
    const qint64 oldest = timeMs - windowMs;
    while (!m_lows.empty() && m_lows.front().timeMs < oldest)
        m_lows.popFront();
    while (!m_highs.empty() && m_highs.front().timeMs < oldest)
        m_highs.popFront();

    while (!m_lows.empty() && m_lows.back().value >= value)
        m_lows.popBack();
    m_lows.pushBack({timeMs, value});
    while (!m_highs.empty() && m_highs.back().value <= value)
        m_highs.popBack();
    m_highs.pushBack({timeMs, value});
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
