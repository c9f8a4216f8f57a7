#include "core/workspace/WireFormat.h"

namespace feeddeck::workspace {

// In enum order.
QStringList compressionNames()
{
    return {QStringLiteral("auto"), QStringLiteral("off")};
}

QString compressionName(Compression compression)
{
    return compressionNames().at(int(compression));
}

std::optional<Compression> compressionFromName(const QString &name)
{
    const qsizetype at = compressionNames().indexOf(name);
    return at < 0 ? std::nullopt : std::optional(Compression(at));
}

QStringList payloadNames()
{
    return {QStringLiteral("text"), QStringLiteral("gzip"), QStringLiteral("deflate"), QStringLiteral("zlib")};
}

QString payloadName(Payload payload)
{
    return payloadNames().at(int(payload));
}

std::optional<Payload> payloadFromName(const QString &name)
{
    const qsizetype at = payloadNames().indexOf(name);
    return at < 0 ? std::nullopt : std::optional(Payload(at));
}

} // namespace feeddeck::workspace
