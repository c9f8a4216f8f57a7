#pragma once

#include "core/net/ProxyServer.h"

#include <QHash>
#include <QString>
#include <QUrl>

#include <variant>

namespace feeddeck::net {

// What a feed's "proxy" key says.
struct ProxySetting
{
    enum class Mode { System, None, Url };

    Mode mode = Mode::System;
    ProxyServer server {}; // Mode::Url: the proxy, its user and password as written (may hold ${env:NAME})

    friend bool operator==(const ProxySetting &, const ProxySetting &) = default;
};

// "system", "none" or a proxy URL; otherwise what is wrong, in words for the user.
[[nodiscard]] std::variant<ProxySetting, QString> parseProxySetting(const QString &text);

using Environment = QHash<QString, QString>;

// The process environment as a map (what resolveProxy reads in production).
[[nodiscard]] Environment processEnvironment();

struct ProxyResolution
{
    enum class Outcome {
        Use,       // connect directly or through `server`
        AskSystem, // nothing in the environment: ask the desktop's settings (SystemProxy)
        Error,     // a proxy variable is set but unusable: `error` says which and why
    };

    Outcome outcome = Outcome::Use;
    ProxyServer server {};
    QString error {};
};

// Picks the proxy for a connection to `target` (ws:// or wss://): the feed's own setting, or for
// "system" the variables curl reads: no_proxy/NO_PROXY first, then https_proxy/HTTPS_PROXY for
// wss:// or http_proxy (lower case only, as curl) for ws://, then all_proxy/ALL_PROXY. Lower case
// wins over upper case; an empty variable counts as unset. Pure: the environment is passed in.
[[nodiscard]] ProxyResolution resolveProxy(const ProxySetting &setting, const QUrl &target, const Environment &env);

} // namespace feeddeck::net
