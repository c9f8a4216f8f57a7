#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/NumberParser.h"
#include "core/codec/ProtocolDescription.h"
#include "core/codec/SymbolCache.h"

#include <memory>
#include <string>
#include <string_view>

namespace feeddeck::codec {

// The Coinbase Exchange WebSocket protocol (wss://ws-feed.exchange.coinbase.com):
// subscribe/unsubscribe frames for a set of channels, and `ticker` messages decoded
// into canonical market fields. Other message types are control frames.
// Not thread-safe: one instance per feed, used from the feed's thread.
class CoinbaseCodec final : public FeedCodec
{
public:
    explicit CoinbaseCodec(QStringList channels = defaultChannels());
    ~CoinbaseCodec() override;

    CoinbaseCodec(const CoinbaseCodec &) = delete;
    CoinbaseCodec &operator=(const CoinbaseCodec &) = delete;

    // The channels subscribed when options.channels is absent: ticker and heartbeat.
    [[nodiscard]] static QStringList defaultChannels();
    // ticker, heartbeat, level2, matches, status: what options.channels may list.
    [[nodiscard]] static QStringList supportedChannels();
    // Protocol "coinbase" for the codec registry.
    [[nodiscard]] static ProtocolDescription description();

    [[nodiscard]] QString protocol() const override;
    [[nodiscard]] QStringList channels() const { return m_channels; }

    [[nodiscard]] QList<QByteArray> subscribeMessages(const QStringList &symbols) override;
    [[nodiscard]] QList<QByteArray> unsubscribeMessages(const QStringList &symbols) override;

    [[nodiscard]] DecodeResult decode(QByteArrayView frame, qint64 receivedMs) override;

private:
    struct Parser; // simdjson state, kept out of this header

    [[nodiscard]] QByteArray subscriptionFrame(const char *type, const QStringList &symbols) const;
    [[nodiscard]] DecodeResult decodeDocument(std::string_view bytes, qint64 receivedMs);

    QStringList m_channels;
    std::unique_ptr<Parser> m_parser;
    IsoTimeReader m_times; // source times, their date read once per day
    SymbolCache m_symbols; // row symbols made so far: a known symbol costs no conversion
};

} // namespace feeddeck::codec
