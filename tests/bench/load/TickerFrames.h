#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace feeddeck::bench {

// Coinbase Exchange style ticker messages (about 230 bytes, six numeric fields each) for a set of instruments,
// prebuilt as server-to-client WebSocket text frames laid end to end, so a load source
// only copies bytes into its socket.
class TickerFrames
{
public:
    // `variants` distinct messages per instrument (a small random walk), interleaved so
    // consecutive frames belong to different instruments.
    TickerFrames(int instruments, int variants);

    [[nodiscard]] static QString instrument(int i);
    [[nodiscard]] static QStringList instruments(int count);

    [[nodiscard]] int count() const noexcept { return int(m_offsets.size()) - 1; }
    // Frames [first, first + n) as one contiguous byte range; first + n <= count().
    [[nodiscard]] const char *data(int first) const noexcept { return m_wire.constData() + m_offsets[std::size_t(first)]; }
    [[nodiscard]] qsizetype bytes(int first, int n) const noexcept
    {
        return m_offsets[std::size_t(first + n)] - m_offsets[std::size_t(first)];
    }
    [[nodiscard]] const QByteArray &payload(int i) const { return m_payloads.at(i); }
    [[nodiscard]] double averagePayloadBytes() const noexcept;

    // A WebSocket frame as a server sends it (FIN, unmasked).
    [[nodiscard]] static QByteArray frame(int opcode, const QByteArray &payload);

private:
    QList<QByteArray> m_payloads;
    QByteArray m_wire;
    std::vector<qsizetype> m_offsets; // frame i spans [m_offsets[i], m_offsets[i + 1])
};

} // namespace feeddeck::bench
