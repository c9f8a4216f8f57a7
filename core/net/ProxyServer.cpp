#include "core/net/ProxyServer.h"

#include <QUrl>

#include <algorithm>

namespace feeddeck::net {

namespace {

// Index of the first `c` in text outside ${...} references (whose names hold ":"), or -1.
qsizetype indexOutsideReferences(QStringView text, QChar c)
{
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'$' && i + 1 < text.size() && text.at(i + 1) == u'{')
            ++depth;
        else if (text.at(i) == u'}' && depth > 0)
            --depth;
        else if (text.at(i) == c && depth == 0)
            return i;
    }
    return -1;
}

bool isHostChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.'
           || c == u'_';
}

QString decoded(QStringView text)
{
    return QUrl::fromPercentEncoding(text.toUtf8());
}

} // namespace

QString ProxyServer::display() const
{
    if (kind == Kind::Direct)
        return QStringLiteral("direct");
    QString text = kind == Kind::Http ? QStringLiteral("http://") : QStringLiteral("socks5://");
    if (hasCredentials())
        text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QStringLiteral(":****@");
    text += host.contains(u':') ? u'[' + host + u']' : host;
    return text + u':' + QString::number(port);
}

std::variant<ProxyServer, QString> parseProxyUrl(const QString &text, ProxyUrlStyle style)
{
    const bool workspace = style == ProxyUrlStyle::Workspace;
    const QString example = QStringLiteral("write it like http://host:3128, http://user:password@host:3128 or "
                                           "socks5://host:1080");
    ProxyServer server;
    QStringView rest(text);
    const qsizetype schemeEnd = rest.indexOf(QStringLiteral("://"));
    QString scheme;
    if (schemeEnd >= 0) {
        scheme = rest.first(schemeEnd).toString().toLower();
        rest = rest.sliced(schemeEnd + 3);
    } else if (workspace) {
        return QStringLiteral("is not a proxy URL; %1 (or \"system\" or \"none\")").arg(example);
    } else {
        scheme = QStringLiteral("http"); // curl reads "proxy.corp:3128" as an HTTP proxy
    }
    if (scheme == QStringLiteral("http")) {
        server.kind = ProxyServer::Kind::Http;
    } else if (scheme == QStringLiteral("socks5") || scheme == QStringLiteral("socks5h")) {
        server.kind = ProxyServer::Kind::Socks5; // host names are resolved by the proxy either way
    } else if (scheme == QStringLiteral("https")) {
        return QStringLiteral("uses https://, a TLS connection to the proxy itself, which FeedDeck does not support; "
                              "use http:// (wss:// feeds stay encrypted end to end through it)");
    } else {
        return QStringLiteral("uses the scheme \"%1\"; FeedDeck supports http:// (CONNECT) and socks5:// proxies")
            .arg(scheme.left(20));
    }

    if (rest.endsWith(u'/'))
        rest.chop(1); // "http://proxy.corp:3128/" as many environments write it
    if (indexOutsideReferences(rest, u'/') >= 0 || rest.contains(u'?') || rest.contains(u'#'))
        return QStringLiteral("has a path or query; a proxy URL is only scheme, credentials, host and port: %1")
            .arg(example);

    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const QStringView userInfo = rest.first(at);
        rest = rest.sliced(at + 1);
        const qsizetype colon = indexOutsideReferences(userInfo, u':');
        server.user = decoded(colon < 0 ? userInfo : userInfo.first(colon));
        if (colon >= 0)
            server.password = decoded(userInfo.sliced(colon + 1));
        if (server.user.isEmpty())
            return QStringLiteral("has credentials without a user name; write them as user:password@");
    }

    QStringView portText;
    if (rest.startsWith(u'[')) {
        const qsizetype close = rest.indexOf(u']');
        if (close < 0)
            return QStringLiteral("has an IPv6 address without its closing \"]\"; %1").arg(example);
        server.host = rest.sliced(1, close - 1).toString();
        rest = rest.sliced(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return QStringLiteral("has text after the IPv6 address; %1").arg(example);
        portText = rest.isEmpty() ? QStringView() : rest.sliced(1);
        if (!std::all_of(server.host.cbegin(), server.host.cend(),
                         [](QChar c) { return c == u':' || c == u'.' || isHostChar(c); }))
            return QStringLiteral("has an invalid IPv6 address; %1").arg(example);
    } else {
        const qsizetype colon = rest.indexOf(u':');
        server.host = (colon < 0 ? rest : rest.first(colon)).toString();
        portText = colon < 0 ? QStringView() : rest.sliced(colon + 1);
        if (server.host.contains(QStringLiteral("${")))
            return QStringLiteral("uses ${env:...} in the host; environment variables may only hold the user and "
                                  "password");
        if (!std::all_of(server.host.cbegin(), server.host.cend(), isHostChar))
            return QStringLiteral("has an invalid host name; %1").arg(example);
    }
    if (server.host.isEmpty())
        return QStringLiteral("has no host; %1").arg(example);

    if (portText.isEmpty() && !workspace) {
        server.port = 1080; // curl's default proxy port
    } else {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (portText.isEmpty())
            return QStringLiteral("has no port; add it, e.g. %1://%2:%3")
                .arg(scheme, server.host, server.kind == ProxyServer::Kind::Http ? QStringLiteral("3128")
                                                                                  : QStringLiteral("1080"));
        if (!ok || port == 0 || port > 65535 || !std::all_of(portText.cbegin(), portText.cend(), [](QChar c) {
                return c >= u'0' && c <= u'9';
            }))
            return QStringLiteral("has an invalid port; use a number from 1 to 65535");
        server.port = quint16(port);
    }
    return server;
}

} // namespace feeddeck::net
