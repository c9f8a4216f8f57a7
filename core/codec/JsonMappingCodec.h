#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/JsonMapping.h"
#include "core/codec/NumberParser.h"
#include "core/codec/ProtocolDescription.h"
#include "core/codec/SymbolCache.h"

#include <memory>
#include <string>
#include <string_view>

namespace feeddeck::codec {

// Protocol "json": any JSON-over-WebSocket feed described by a JsonMapping.
// Subscriptions are rendered from the mapping's templates; each frame is parsed once,
// capturing only the field paths the mapping names, then classified in this order:
// error (SymbolRejected or ServerError), subscription ack, data (match), anything else
// ignored. A data message becomes one Update whose symbol is the key values joined by "/".
// Not thread-safe: one instance per feed, used from the feed's thread.
class JsonMappingCodec final : public FeedCodec
{
public:
    explicit JsonMappingCodec(JsonMapping mapping);

    // Protocol "json" for the codec registry: its setting is the feed's "json" mapping.
    [[nodiscard]] static ProtocolDescription description();
    ~JsonMappingCodec() override;

    JsonMappingCodec(const JsonMappingCodec &) = delete;
    JsonMappingCodec &operator=(const JsonMappingCodec &) = delete;

    [[nodiscard]] QString protocol() const override;
    [[nodiscard]] const JsonMapping &mapping() const noexcept { return m_mapping; }

    [[nodiscard]] QList<QByteArray> subscribeMessages(const QStringList &symbols) override;
    [[nodiscard]] QList<QByteArray> unsubscribeMessages(const QStringList &symbols) override;
    // Only a mapping with "ack" waits for the server; otherwise the feed is Live on open.
    [[nodiscard]] bool expectsSubscriptionAck() const override;
    [[nodiscard]] bool producesQuotes() const override;

    [[nodiscard]] DecodeResult decode(QByteArrayView frame, qint64 receivedMs) override;

private:
    struct Parser; // simdjson state, kept out of this header
    struct Plan;   // the mapping compiled into a path tree and slot indices

    [[nodiscard]] DecodeResult decodeDocument(std::string_view bytes, qint64 receivedMs);
    [[nodiscard]] DecodeResult decodeData(qint64 receivedMs);
    [[nodiscard]] DecodeResult decodeError() const;

    JsonMapping m_mapping;
    std::unique_ptr<Plan> m_plan;
    std::unique_ptr<Parser> m_parser;
    std::string m_keyBuffer; // the joined key of the current message, reused
    IsoTimeReader m_times; // source times, their date read once per day
    SymbolCache m_symbols; // row symbols made so far: a known symbol costs no conversion
};

} // namespace feeddeck::codec
