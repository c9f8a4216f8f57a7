#include "core/ws/ProxyTunnel.h"

#include <QList>

namespace feeddeck::ws {

namespace {

// "the proxy http://alice:****@127.0.0.1:3128 (from https_proxy)"
QString proxyLabel(const net::ProxyServer &proxy)
{
    QString label = QStringLiteral("the proxy %1").arg(proxy.display());
    if (!proxy.origin.isEmpty())
        label += QStringLiteral(" (from %1)").arg(proxy.origin);
    return label;
}

QString scheme(const net::ProxyServer &proxy)
{
    return proxy.kind == net::ProxyServer::Kind::Socks5 ? QStringLiteral("socks5") : QStringLiteral("http");
}

QString whereToFix(const net::ProxyServer &proxy)
{
    return proxy.origin.isEmpty() ? QStringLiteral("the proxy settings") : proxy.origin;
}

QString credentialsProblem(const net::ProxyServer &proxy, const QString &status)
{
    if (proxy.hasCredentials())
        return QStringLiteral("%1 rejected the credentials%2; check the user and password in %3 (FeedDeck will try "
                              "again)")
            .arg(proxyLabel(proxy), status, whereToFix(proxy));
    return QStringLiteral("%1 requires credentials%2; add them as %3://user:password@%4:%5 in %6")
        .arg(proxyLabel(proxy), status, scheme(proxy), proxy.host, QString::number(proxy.port), whereToFix(proxy));
}

QString unreachableProxy(const net::ProxyServer &proxy, const QString &why)
{
    return QStringLiteral("cannot reach %1: %2; check its address in %3 and that it is running (FeedDeck will try "
                          "again)")
        .arg(proxyLabel(proxy), why, whereToFix(proxy));
}

} // namespace

QNetworkProxy socketProxy(const net::ProxyServer &proxy)
{
    if (proxy.kind != net::ProxyServer::Kind::Socks5)
        return QNetworkProxy(QNetworkProxy::NoProxy);
    return QNetworkProxy(QNetworkProxy::Socks5Proxy, proxy.host, proxy.port, proxy.user, proxy.password);
}

QByteArray connectRequest(const QString &host, quint16 port, const net::ProxyServer &proxy, QByteArrayView userAgent)
{
    QByteArray authority = QUrl::toAce(host);
    if (authority.isEmpty())
        authority = host.toLatin1();
    if (host.contains(u':'))
        authority = '[' + host.toLatin1() + ']'; // an IPv6 literal
    authority += ':' + QByteArray::number(port);
    QByteArray request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (proxy.hasCredentials())
        request += "Proxy-Authorization: Basic " + (proxy.user + u':' + proxy.password).toUtf8().toBase64() + "\r\n";
    if (!userAgent.isEmpty())
        request += "User-Agent: " + userAgent.toByteArray() + "\r\n";
    request += "\r\n";
    return request;
}

QString checkConnectReply(QByteArrayView head, const net::ProxyServer &proxy, const QString &target)
{
    const QByteArray statusLine = head.toByteArray().split('\n').value(0).trimmed();
    const QList<QByteArray> parts = statusLine.split(' ');
    bool numeric = false;
    const int status = parts.size() >= 2 ? parts.at(1).toInt(&numeric) : 0;
    if (!statusLine.startsWith("HTTP/") || !numeric)
        return QStringLiteral("%1 did not answer CONNECT in HTTP; check that it is an HTTP proxy (a SOCKS proxy is "
                              "written socks5://host:port) in %2")
            .arg(proxyLabel(proxy), whereToFix(proxy));
    if (status >= 200 && status < 300)
        return {};
    const QString text = QStringLiteral(" (HTTP %1)")
                             .arg(QString::fromLatin1(statusLine.mid(statusLine.indexOf(' ') + 1)).left(80));
    // A CONNECT is answered by the proxy alone, so 401 is about its credentials too: tinyproxy
    // 1.11 answers a wrong password with 401 (and missing credentials with 407).
    if (status == 407 || status == 401)
        return credentialsProblem(proxy, text);
    if (status >= 500)
        return QStringLiteral("%1 could not reach the feed at %2%3; check the feed's address, or whether the feed "
                              "is reachable without the proxy (\"proxy\": \"none\"); FeedDeck will try again")
            .arg(proxyLabel(proxy), target, text);
    return QStringLiteral("%1 refused to connect to %2%3; ask its administrator to allow %2, or set \"proxy\": "
                          "\"none\" if the feed is reachable without it")
        .arg(proxyLabel(proxy), target, text);
}

QString describeProxyError(QAbstractSocket::SocketError error, const QString &errorString,
                           const net::ProxyServer &proxy, const QString &target, bool tunnelOpen)
{
    if (proxy.isDirect() || tunnelOpen)
        return {};
    if (proxy.kind == net::ProxyServer::Kind::Http) {
        // Before the tunnel every socket error is about the proxy itself.
        if (error == QAbstractSocket::RemoteHostClosedError)
            return QStringLiteral("%1 closed the connection without answering CONNECT; check that it is an HTTP "
                                  "proxy in %2 (FeedDeck will try again)")
                .arg(proxyLabel(proxy), whereToFix(proxy));
        return unreachableProxy(proxy, errorString.toLower());
    }
    switch (error) {
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return credentialsProblem(proxy, {});
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return unreachableProxy(proxy, errorString.toLower());
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyProtocolError:
        return QStringLiteral("%1 failed: %2; check that it is a SOCKS5 proxy in %3 (FeedDeck will try again)")
            .arg(proxyLabel(proxy), errorString.toLower(), whereToFix(proxy));
    default:
        // The proxy answered but could not reach the feed (refused, unknown host, unreachable).
        return QStringLiteral("%1 could not connect to the feed at %2: %3; check the feed's address (FeedDeck will "
                              "try again)")
            .arg(proxyLabel(proxy), target, errorString.toLower());
    }
}

} // namespace feeddeck::ws
