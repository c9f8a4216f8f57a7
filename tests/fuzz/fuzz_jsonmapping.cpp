// libFuzzer target: any bytes into JsonMappingCodec::decode with a mapping that uses every
// feature (nested match, composite key, time, fields, ack, error). Run through tests/fuzz/run.sh.
#include "core/codec/JsonMapping.h"
#include "core/codec/JsonMappingCodec.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

namespace {

feeddeck::codec::JsonMappingCodec &codec()
{
    static feeddeck::codec::JsonMappingCodec instance([] {
        const QJsonObject json{
            {"subscribe", QJsonObject{{"type", "subscribe"}, {"skus", "$symbols"}}},
            {"match", QJsonObject{{"type", "inventory"}, {"meta.source", "wms"}}},
            {"ack", QJsonObject{{"type", "subscribed"}}},
            {"error", QJsonObject{{"match", QJsonObject{{"type", "error"}}}, {"symbol", "sku"}, {"message", "message"}}},
            {"key", QJsonArray{"sku", "warehouse"}},
            {"time", "ts"},
            {"fields", QJsonArray{"on_hand", "delta", "levels.reserved"}}};
        feeddeck::codec::JsonMapping::Problems problems;
        const auto mapping = feeddeck::codec::JsonMapping::fromJson(json, &problems);
        if (!mapping)
            __builtin_trap(); // the mapping above is valid; a refusal is a bug in this target
        return *mapping;
    }());
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto result = codec().decode(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), 1);
    if (result.kind != feeddeck::codec::FrameKind::Data && !result.updates.isEmpty())
        __builtin_trap();
    return 0;
}
