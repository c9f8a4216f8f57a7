#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::workspace {

// How a feed's messages travel, as the workspace spells it: whether permessage-deflate
// (RFC 7692) is offered, and what a binary frame carries.

enum class Compression { Auto, Off };
enum class Payload { Text, Gzip, Deflate, Zlib };

[[nodiscard]] QStringList compressionNames();
[[nodiscard]] QString compressionName(Compression compression);
[[nodiscard]] std::optional<Compression> compressionFromName(const QString &name);

[[nodiscard]] QStringList payloadNames();
[[nodiscard]] QString payloadName(Payload payload);
[[nodiscard]] std::optional<Payload> payloadFromName(const QString &name);

} // namespace feeddeck::workspace
