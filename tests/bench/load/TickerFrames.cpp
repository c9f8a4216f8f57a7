#include "TickerFrames.h"

#include <QRandomGenerator>

namespace feeddeck::bench {

TickerFrames::TickerFrames(int instruments, int variants)
{
    QRandomGenerator random(42); // the same stream on every run
    std::vector<double> prices(static_cast<std::size_t>(instruments));
    for (int i = 0; i < instruments; ++i)
        prices[std::size_t(i)] = 10.0 + random.bounded(50000.0);

    m_offsets.push_back(0);
    int sequence = 1000000;
    for (int v = 0; v < variants; ++v) {
        for (int i = 0; i < instruments; ++i) {
            double &price = prices[std::size_t(i)];
            price *= 1.0 + (random.bounded(2.0) - 1.0) * 0.001;
            ++sequence;
            const QByteArray payload =
                QStringLiteral(R"({"type":"ticker","sequence":%1,"product_id":"%2","price":"%3","volume_24h":"%4",)"
                               R"("best_bid":"%5","best_bid_size":"0.41","best_ask":"%6","best_ask_size":"0.30",)"
                               R"("time":"2026-11-23T15:30:00.123456Z"})")
                    .arg(sequence)
                    .arg(instrument(i))
                    .arg(price, 0, 'f', 2)
                    .arg(18000.0 + sequence % 977, 0, 'f', 2)
                    .arg(price - 0.01, 0, 'f', 2)
                    .arg(price + 0.01, 0, 'f', 2)
                    .toUtf8();
            m_payloads.append(payload);
            m_wire += frame(0x1, payload);
            m_offsets.push_back(m_wire.size());
        }
    }
}

QString TickerFrames::instrument(int i)
{
    return QStringLiteral("X%1-USD").arg(i, 3, 10, QLatin1Char('0'));
}

QStringList TickerFrames::instruments(int count)
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list.append(instrument(i));
    return list;
}

double TickerFrames::averagePayloadBytes() const noexcept
{
    qsizetype total = 0;
    for (const QByteArray &p : m_payloads)
        total += p.size();
    return m_payloads.isEmpty() ? 0.0 : double(total) / double(m_payloads.size());
}

QByteArray TickerFrames::frame(int opcode, const QByteArray &payload)
{
    QByteArray out;
    out.append(char(0x80 | opcode));
    const qsizetype n = payload.size();
    if (n < 126) {
        out.append(char(n));
    } else if (n <= 0xFFFF) {
        out.append(char(126));
        out.append(char((n >> 8) & 0xFF));
        out.append(char(n & 0xFF));
    } else {
        out.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((quint64(n) >> shift) & 0xFF));
    }
    return out + payload;
}

} // namespace feeddeck::bench
