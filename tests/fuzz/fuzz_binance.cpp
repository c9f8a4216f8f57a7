// libFuzzer target: any bytes into BinanceCodec::decode (raw and combined payloads, replies
// matched against requests that were really sent). Run through tests/fuzz/run.sh.
#include "core/codec/BinanceCodec.h"

#include <QStringList>

#include <cstddef>
#include <cstdint>

namespace {

feeddeck::codec::BinanceCodec &codecWithRequests()
{
    static feeddeck::codec::BinanceCodec codec;
    static const bool subscribed = [] {
        // Requests with ids 1 and 2 are pending, so replies by id have something to match.
        (void)codec.subscribeMessages({QStringLiteral("btcusdt"), QStringLiteral("ethusdt")});
        (void)codec.unsubscribeMessages({QStringLiteral("ethusdt")});
        return true;
    }();
    (void)subscribed;
    return codec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto &codec = codecWithRequests();
    const auto result = codec.decode(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), 1);
    if (result.kind != feeddeck::codec::FrameKind::Data && !result.updates.isEmpty())
        __builtin_trap();
    return 0;
}
