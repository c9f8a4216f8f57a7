#pragma once

#include "core/net/ProxyServer.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QByteArrayView>
#include <QNetworkProxy>
#include <QString>

namespace feeddeck::ws {

// The way through a proxy, as plain functions. HTTP CONNECT is FeedDeck's own (Qt's HTTP proxy
// engine reports a wrong password, an unreachable feed and an unknown host all as the same
// "Error communicating with HTTP proxy"); SOCKS5 is Qt's, whose errors tell these apart.

inline constexpr qsizetype kMaxConnectReplyBytes = 16 * 1024;

// The QNetworkProxy to set on the socket: SOCKS5, or NoProxy (direct, and HTTP proxies, which
// the socket reaches directly to send CONNECT). Never Qt's application default.
[[nodiscard]] QNetworkProxy socketProxy(const net::ProxyServer &proxy);

// "CONNECT host:port HTTP/1.1" with Basic credentials sent up front, as curl does.
[[nodiscard]] QByteArray connectRequest(const QString &host, quint16 port, const net::ProxyServer &proxy,
                                        QByteArrayView userAgent);

// Empty when the proxy's reply head opens the tunnel; otherwise what went wrong, in words for the user.
[[nodiscard]] QString checkConnectReply(QByteArrayView head, const net::ProxyServer &proxy, const QString &target);

// What a socket error before the WebSocket handshake means when a proxy is in the way; empty when
// none is (the caller then uses the socket's own text). tunnelOpen: the proxy had connected us to
// the feed, so what follows is between FeedDeck and the feed.
[[nodiscard]] QString describeProxyError(QAbstractSocket::SocketError error, const QString &errorString,
                                         const net::ProxyServer &proxy, const QString &target, bool tunnelOpen);

} // namespace feeddeck::ws
