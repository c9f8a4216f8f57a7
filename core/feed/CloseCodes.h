#pragma once

#include <QString>

namespace feeddeck::feed {

// Plain-words meaning of a WebSocket close code, e.g. 1006 -> "connection lost without a close frame".
[[nodiscard]] QString closeCodeMeaning(int code);

// "connection closed (1006: connection lost without a close frame)", with the server's reason when it gave one.
[[nodiscard]] QString describeClose(int code, const QString &reason);

} // namespace feeddeck::feed
