#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/ProtocolDescription.h"
#include "core/codec/SymbolCache.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace feeddeck::codec {

// The Binance spot WebSocket protocol (wss://stream.binance.com:9443/ws or /stream?streams=...):
// SUBSCRIBE/UNSUBSCRIBE requests with ids, their replies, and the 24hrTicker, bookTicker and
// trade payloads, raw or wrapped as {"stream":...,"data":{...}}, decoded into canonical fields.
// Not thread-safe: one instance per feed, used from the feed's thread.
class BinanceCodec final : public FeedCodec
{
public:
    // Requests remembered until their reply arrives; older ones are forgotten first.
    static constexpr qsizetype kMaxPendingRequests = 256;
    // Symbols waiting to be subscribed one by one (Binance allows 1024 streams per connection).
    static constexpr qsizetype kMaxSplitSymbols = 1024;

    // streams: any of supportedStreams(); unknown names are dropped, and none at all means "ticker".
    explicit BinanceCodec(QStringList streams = defaultStreams());
    ~BinanceCodec() override;

    BinanceCodec(const BinanceCodec &) = delete;
    BinanceCodec &operator=(const BinanceCodec &) = delete;

    // "ticker" (24hrTicker), "bookTicker", "trade": the spellings of the workspace option "streams".
    [[nodiscard]] static QStringList supportedStreams();
    // The streams subscribed when options.streams is absent: ticker.
    [[nodiscard]] static QStringList defaultStreams();
    // Protocol "binance" for the codec registry.
    [[nodiscard]] static ProtocolDescription description();

    [[nodiscard]] QString protocol() const override;
    [[nodiscard]] QStringList streams() const { return m_streams; }

    [[nodiscard]] QList<QByteArray> subscribeMessages(const QStringList &symbols) override;
    [[nodiscard]] QList<QByteArray> unsubscribeMessages(const QStringList &symbols) override;

    [[nodiscard]] bool expectsSubscriptionAck() const override { return true; }
    [[nodiscard]] QString displaySymbol(const QString &configured) const override;

    [[nodiscard]] DecodeResult decode(QByteArrayView frame, qint64 receivedMs) override;

    // Requests sent and not yet answered (bounded by kMaxPendingRequests).
    [[nodiscard]] qsizetype pendingRequestCount() const noexcept { return qsizetype(m_pending.size()); }
    // Symbols the next subscribeMessages() asks for one request each, in display form.
    [[nodiscard]] QStringList splitSymbols() const { return m_splitNext; }

private:
    struct Parser; // simdjson state, kept out of this header
    struct Captured;

    struct Request
    {
        quint64 id = 0;
        bool subscribe = true;
        QStringList symbols; // display form (upper case)
    };

    [[nodiscard]] QByteArray requestFrame(bool subscribe, const QStringList &symbols);
    [[nodiscard]] DecodeResult decodeDocument(std::string_view bytes, qint64 receivedMs);
    [[nodiscard]] DecodeResult decodeReply(const Captured &captured);
    [[nodiscard]] DecodeResult decodeError(const Captured &captured);
    [[nodiscard]] DecodeResult decodePayload(const Captured &captured, bool wrapped, std::string_view bytes,
                                             qint64 receivedMs);
    [[nodiscard]] std::optional<Request> takeRequest(const Captured &captured);
    void addSplitSymbols(const QStringList &symbols);

    QStringList m_streams;
    std::unique_ptr<Parser> m_parser;
    quint64 m_nextId = 1;
    std::deque<Request> m_pending;
    QStringList m_splitNext;
    SymbolCache m_symbols{SymbolCache::Case::Upper}; // row symbols made so far: a known symbol costs no conversion
};

} // namespace feeddeck::codec
