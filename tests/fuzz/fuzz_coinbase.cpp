// libFuzzer target: any bytes into CoinbaseCodec::decode must give a result, never a crash,
// a sanitizer report or unbounded memory. Run through tests/fuzz/run.sh.
#include "core/codec/CoinbaseCodec.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // One codec for the whole run, as a feed keeps one: state carried between frames is fuzzed too.
    static feeddeck::codec::CoinbaseCodec codec;
    const auto result = codec.decode(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), 1);
    // Every frame is exactly one kind, and only data frames carry updates.
    if (result.kind != feeddeck::codec::FrameKind::Data && !result.updates.isEmpty())
        __builtin_trap();
    return 0;
}
