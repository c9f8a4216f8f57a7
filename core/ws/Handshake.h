#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace feeddeck::ws {

// The opening handshake of a WebSocket client (RFC 6455 4.1), as plain functions of bytes.

inline constexpr qsizetype kMaxHandshakeReplyBytes = 16 * 1024;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Host, Upgrade, Connection, Content-Length and Sec-WebSocket-*: the handshake's own, which a
// feed's extra headers cannot replace.
[[nodiscard]] bool isHandshakeHeader(QByteArrayView name);

// A fresh Sec-WebSocket-Key: 16 random bytes, base64.
[[nodiscard]] QByteArray newHandshakeKey();

// The Sec-WebSocket-Accept a server must answer to key.
[[nodiscard]] QByteArray acceptKeyFor(QByteArrayView key);

// The GET request for url. Extra headers follow the handshake's own; one that would
// replace a handshake header (Host, Upgrade, Connection, Sec-WebSocket-*) is left out.
// Subprotocols, when given, are offered in Sec-WebSocket-Protocol in the order given.
[[nodiscard]] QByteArray handshakeRequest(const QUrl &url, QByteArrayView key, const HeaderList &extraHeaders,
                                          QByteArrayView userAgent, const QList<QByteArray> &subprotocols = {});

// Where the reply's head ends (just past the blank line), or -1 while it is incomplete.
[[nodiscard]] qsizetype handshakeReplyEnd(QByteArrayView data) noexcept;

// Empty when the reply head accepts the upgrade for key; otherwise what is wrong, in words for the user.
[[nodiscard]] QString checkHandshakeReply(QByteArrayView head, QByteArrayView key);

// The subprotocol an accepted reply chose (RFC 6455 4.1, 11.3.4) into `chosen`: it must be
// one of those offered, and one must be chosen when any were offered (the feed speaks only
// those). Empty when the reply is fine; otherwise what is wrong, in words for the user.
[[nodiscard]] QString checkSubprotocol(QByteArrayView head, const QList<QByteArray> &offered, QByteArray *chosen);
// The same rule for a choice already read from a reply (empty: none chosen).
[[nodiscard]] QString checkChosenSubprotocol(const QByteArray &reply, const QList<QByteArray> &offered);

} // namespace feeddeck::ws
