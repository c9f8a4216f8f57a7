#include "core/feed/RoundTrip.h"

#include <algorithm>
#include <vector>

namespace feeddeck::feed {

namespace {
// Readable in a server's log, well under the 125 bytes a control frame may carry.
constexpr QByteArrayView kPrefix = "feeddeck-rtt-";
} // namespace

QByteArray RoundTrip::nextPing(qint64 nowNs)
{
    const quint64 sequence = ++m_sequence;
    if (m_outstanding.size() == kMaxOutstanding)
        m_outstanding.pop_front(); // a peer that answers none: keep the newest few
    m_outstanding.emplace_back(sequence, nowNs);
    return kPrefix.toByteArray() + QByteArray::number(sequence);
}

bool RoundTrip::onPong(QByteArrayView payload, qint64 nowNs)
{
    if (!payload.startsWith(kPrefix))
        return false;
    bool ok = false;
    const quint64 sequence = payload.sliced(kPrefix.size()).toULongLong(&ok);
    if (!ok)
        return false;
    const auto it = std::find_if(m_outstanding.begin(), m_outstanding.end(),
                                 [sequence](const auto &sent) { return sent.first == sequence; });
    if (it == m_outstanding.end())
        return false;
    m_lastMs = double(std::max<qint64>(0, nowNs - it->second)) / 1e6;
    // Pings are answered in order: older ones still outstanding were lost.
    m_outstanding.erase(m_outstanding.begin(), it + 1);
    if (m_samples.size() == kMaxSamples)
        m_samples.pop_front();
    m_samples.emplace_back(nowNs, m_lastMs);
    return true;
}

double RoundTrip::medianMs(qint64 nowNs)
{
    expire(nowNs);
    if (m_samples.empty())
        return -1.0;
    std::vector<double> values;
    values.reserve(m_samples.size());
    for (const auto &[at, ms] : m_samples)
        values.push_back(ms);
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(middle), values.end());
    if (values.size() % 2 == 1)
        return values[middle];
    const double upper = values[middle];
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(middle));
    return (lower + upper) / 2.0;
}

void RoundTrip::expire(qint64 nowNs)
{
    while (!m_samples.empty() && nowNs - m_samples.front().first > kWindowNs)
        m_samples.pop_front();
}

} // namespace feeddeck::feed
