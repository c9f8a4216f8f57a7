#include "core/net/SystemProxy.h"

#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>

namespace feeddeck::net {

ProxyServer systemProxyFor(const QUrl &target)
{
    // Desktop settings are keyed by http/https, which is what ws/wss travel as.
    QUrl asked = target;
    asked.setScheme(target.scheme() == QStringLiteral("wss") ? QStringLiteral("https") : QStringLiteral("http"));
    ProxyServer server;
    server.origin = QStringLiteral("the system proxy settings");
    for (const QNetworkProxy &proxy : QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(asked))) {
        if (proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::DefaultProxy)
            return server;
        if (proxy.type() != QNetworkProxy::HttpProxy && proxy.type() != QNetworkProxy::Socks5Proxy)
            continue; // caching proxies cannot tunnel
        server.kind = proxy.type() == QNetworkProxy::HttpProxy ? ProxyServer::Kind::Http : ProxyServer::Kind::Socks5;
        server.host = proxy.hostName();
        server.port = proxy.port();
        server.user = proxy.user();
        server.password = proxy.password();
        return server;
    }
    return server;
}

} // namespace feeddeck::net
