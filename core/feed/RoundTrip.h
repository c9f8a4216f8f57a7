#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <deque>
#include <utility>

namespace feeddeck::feed {

// The round-trip time of a connection, from its pings. Each ping carries its own sequence
// number, which the peer's pong echoes (RFC 6455 5.5.3), so a pong is matched to the ping it
// answers; unsolicited pongs and answers to pings of an earlier connection are left out.
// Keeps the samples of the last minute (bounded) for a median that one slow pong cannot move.
class RoundTrip
{
public:
    static constexpr qint64 kWindowNs = 60'000'000'000;
    static constexpr std::size_t kMaxSamples = 256;
    static constexpr std::size_t kMaxOutstanding = 8;

    // The payload of a ping sent at nowNs (a steady clock).
    [[nodiscard]] QByteArray nextPing(qint64 nowNs);
    // A pong arrived at nowNs; true when it answered one of our pings (a sample was taken).
    bool onPong(QByteArrayView payload, qint64 nowNs);
    // A new connection: pings still outstanding will never be answered on it.
    void forgetOutstanding() { m_outstanding.clear(); }

    // Milliseconds; negative when there is no sample (in the last minute, for the median).
    [[nodiscard]] double lastMs() const noexcept { return m_lastMs; }
    [[nodiscard]] double medianMs(qint64 nowNs);

private:
    void expire(qint64 nowNs);

    quint64 m_sequence = 0;
    std::deque<std::pair<quint64, qint64>> m_outstanding; // sequence, sent at
    std::deque<std::pair<qint64, double>> m_samples;      // taken at, ms
    double m_lastMs = -1.0;
};

} // namespace feeddeck::feed
