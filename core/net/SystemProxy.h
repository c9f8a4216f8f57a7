#pragma once

#include "core/net/ProxyServer.h"

#include <QUrl>

namespace feeddeck::net {

// The desktop's proxy for `target` (ws:// or wss://), from Qt's system query (libproxy on
// Debian: GNOME/KDE settings, PAC files). Only proxies that can tunnel a WebSocket count:
// HTTP CONNECT and SOCKS5; anything else means a direct connection.
[[nodiscard]] ProxyServer systemProxyFor(const QUrl &target);

} // namespace feeddeck::net
