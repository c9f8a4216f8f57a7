#pragma once

#include <QString>
#include <QtGlobal>

#include <variant>

namespace feeddeck::net {

// A proxy a connection goes through, or none. Plain value; credentials are in clear here
// and must go through display() (or SecretMask) before they are shown or logged.
struct ProxyServer
{
    enum class Kind { Direct, Http, Socks5 };

    Kind kind = Kind::Direct;
    QString host {};
    quint16 port = 0;
    QString user {};
    QString password {};
    QString origin {}; // where the choice came from, for messages: "the feed's \"proxy\"", "https_proxy", ...

    [[nodiscard]] bool isDirect() const noexcept { return kind == Kind::Direct; }
    [[nodiscard]] bool hasCredentials() const noexcept { return !user.isEmpty() || !password.isEmpty(); }
    // "http://alice:****@proxy.corp:3128", "socks5://127.0.0.1:1080", "direct": never the password.
    [[nodiscard]] QString display() const;

    friend bool operator==(const ProxyServer &, const ProxyServer &) = default;
};

// How a proxy URL is read.
enum class ProxyUrlStyle {
    Workspace,   // the feed's "proxy": http:// or socks5://, the port written out
    Environment, // curl's rules for http_proxy and friends: no scheme means http://, port 1080 by default
};

// Parses "http://[user:password@]host:port" or "socks5://[user:password@]host:port" (user and
// password percent-decoded). On failure, says what is wrong in words for the user (without
// repeating the text, which may hold a password).
[[nodiscard]] std::variant<ProxyServer, QString> parseProxyUrl(const QString &text, ProxyUrlStyle style);

} // namespace feeddeck::net
