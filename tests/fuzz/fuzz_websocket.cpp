// libFuzzer target: any bytes from a server, split anywhere, into the WebSocket frame
// reader and the handshake reply check. Each must give events or errors, never a crash,
// a sanitizer report, an out-of-range view or a message over the limit. Run through
// tests/fuzz/run.sh.
#include "core/ws/FrameReader.h"
#include "core/ws/Handshake.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using feeddeck::ws::FrameReader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)feeddeck::ws::checkHandshakeReply(bytes.first(std::min<qsizetype>(bytes.size(), 4096)), "dGhlIHNhbXBsZSBub25jZQ==");

    // The first byte picks where the stream is cut, as socket reads would cut it.
    const qsizetype step = size > 0 ? 1 + data[0] % 64 : 1;
    constexpr qint64 kMax = 4096;
    FrameReader reader(kMax);
    qsizetype pos = 0;
    for (qsizetype end = std::min(step, bytes.size());; end = std::min(end + step, bytes.size())) {
        const QByteArrayView available = bytes.first(end);
        while (const auto event = reader.next(available, pos)) {
            if (pos > end)
                __builtin_trap();
            if (event->kind == FrameReader::Kind::Error)
                return 0; // the connection would be closed here
            if (event->payload.size() > kMax)
                __builtin_trap();
            if (event->kind == FrameReader::Kind::Message && event->text && !feeddeck::ws::isValidUtf8(event->payload))
                __builtin_trap();
        }
        if (end == bytes.size())
            break;
    }
    return 0;
}
