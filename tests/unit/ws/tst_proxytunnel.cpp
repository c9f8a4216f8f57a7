// The HTTP CONNECT request and what each proxy answer means for the user.
#include "core/ws/ProxyTunnel.h"

#include <QtTest>

using namespace feeddeck;
using ws::checkConnectReply;

namespace {

net::ProxyServer httpProxy(const QString &user = {}, const QString &password = {})
{
    return {.kind = net::ProxyServer::Kind::Http, .host = QStringLiteral("proxy.corp"), .port = 3128, .user = user,
            .password = password, .origin = QStringLiteral("https_proxy")};
}

const QString kTarget = QStringLiteral("feed.example:443");

} // namespace

class TstProxyTunnel : public QObject
{
    Q_OBJECT

private slots:
    void requestNamesTheFeedAndSendsBasicCredentials();
    void requestBracketsIpv6();
    void anySuccessStatusOpensTheTunnel();
    void refusalsSayItWasTheProxyAndWhatToDo_data();
    void refusalsSayItWasTheProxyAndWhatToDo();
    void socketErrorsBeforeTheTunnelAreTheProxys();
    void socksUsesQtsProxyAndHttpTheSocketDirectly();
};

void TstProxyTunnel::requestNamesTheFeedAndSendsBasicCredentials()
{
    const QByteArray request = ws::connectRequest(QStringLiteral("feed.example"), 443,
                                                  httpProxy(QStringLiteral("alice"), QStringLiteral("s3:cret")), "FeedDeck/1");
    QCOMPARE(request, QByteArray("CONNECT feed.example:443 HTTP/1.1\r\nHost: feed.example:443\r\n"
                                 "Proxy-Authorization: Basic " + QByteArray("alice:s3:cret").toBase64()
                                 + "\r\nUser-Agent: FeedDeck/1\r\n\r\n"));
    QVERIFY(!ws::connectRequest(QStringLiteral("feed.example"), 443, httpProxy(), {}).contains("Proxy-Authorization"));
}

void TstProxyTunnel::requestBracketsIpv6()
{
    QVERIFY(ws::connectRequest(QStringLiteral("::1"), 9443, httpProxy(), {}).startsWith("CONNECT [::1]:9443 HTTP/1.1\r\n"));
}

void TstProxyTunnel::anySuccessStatusOpensTheTunnel()
{
    QCOMPARE(checkConnectReply("HTTP/1.1 200 Connection established\r\n\r\n", httpProxy(), kTarget), QString());
    QCOMPARE(checkConnectReply("HTTP/1.0 200 OK\r\nProxy-agent: x\r\n\r\n", httpProxy(), kTarget), QString());
}

void TstProxyTunnel::refusalsSayItWasTheProxyAndWhatToDo_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<bool>("credentials");
    QTest::addColumn<QString>("says");
    QTest::newRow("407 with credentials")
        << QByteArray("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n") << true
        << "the proxy http://alice:****@proxy.corp:3128 (from https_proxy) rejected the credentials (HTTP 407 Proxy "
           "Authentication Required); check the user and password in https_proxy";
    QTest::newRow("401 with credentials (tinyproxy)")
        << QByteArray("HTTP/1.0 401 Unauthorized\r\n\r\n") << true
        << "rejected the credentials (HTTP 401 Unauthorized)";
    QTest::newRow("407 without credentials")
        << QByteArray("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n") << false
        << "the proxy http://proxy.corp:3128 (from https_proxy) requires credentials (HTTP 407 Proxy Authentication "
           "Required); add them as http://user:password@proxy.corp:3128 in https_proxy";
    QTest::newRow("403") << QByteArray("HTTP/1.1 403 Forbidden\r\n\r\n") << false
                         << "the proxy http://proxy.corp:3128 (from https_proxy) refused to connect to feed.example:443 "
                            "(HTTP 403 Forbidden); ask its administrator to allow feed.example:443";
    QTest::newRow("502") << QByteArray("HTTP/1.1 502 Bad Gateway\r\n\r\n") << false
                         << "could not reach the feed at feed.example:443 (HTTP 502 Bad Gateway); check the feed's "
                            "address";
    QTest::newRow("not HTTP") << QByteArray("\x05\x00garbage\r\n\r\n") << false
                              << "did not answer CONNECT in HTTP; check that it is an HTTP proxy";
}

void TstProxyTunnel::refusalsSayItWasTheProxyAndWhatToDo()
{
    QFETCH(QByteArray, reply);
    QFETCH(bool, credentials);
    QFETCH(QString, says);
    const net::ProxyServer proxy = credentials ? httpProxy(QStringLiteral("alice"), QStringLiteral("pw")) : httpProxy();
    const QString message = checkConnectReply(reply, proxy, kTarget);
    QVERIFY2(message.contains(says), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral(":pw@")));
}

void TstProxyTunnel::socketErrorsBeforeTheTunnelAreTheProxys()
{
    const QString refused = ws::describeProxyError(QAbstractSocket::ConnectionRefusedError,
                                                   QStringLiteral("Connection refused"), httpProxy(), kTarget, false);
    QCOMPARE(refused, QStringLiteral("cannot reach the proxy http://proxy.corp:3128 (from https_proxy): connection "
                                     "refused; check its address in https_proxy and that it is running (FeedDeck "
                                     "will try again)"));
    // Once through, errors are the feed's; without a proxy there is nothing to add.
    QCOMPARE(ws::describeProxyError(QAbstractSocket::RemoteHostClosedError, QStringLiteral("closed"), httpProxy(),
                                    kTarget, true),
             QString());
    QCOMPARE(ws::describeProxyError(QAbstractSocket::ConnectionRefusedError, QStringLiteral("refused"),
                                    net::ProxyServer{}, kTarget, false),
             QString());
    net::ProxyServer socks = httpProxy(QStringLiteral("bob"), QStringLiteral("pw"));
    socks.kind = net::ProxyServer::Kind::Socks5;
    QVERIFY(ws::describeProxyError(QAbstractSocket::ProxyAuthenticationRequiredError, QStringLiteral("x"), socks,
                                   kTarget, false)
                .startsWith(QStringLiteral("the proxy socks5://bob:****@proxy.corp:3128 (from https_proxy) rejected "
                                           "the credentials")));
    QVERIFY(ws::describeProxyError(QAbstractSocket::HostNotFoundError, QStringLiteral("Host not found"), socks, kTarget,
                                   false)
                .contains(QStringLiteral("could not connect to the feed at feed.example:443: host not found")));
}

void TstProxyTunnel::socksUsesQtsProxyAndHttpTheSocketDirectly()
{
    QCOMPARE(ws::socketProxy(httpProxy()).type(), QNetworkProxy::NoProxy);
    QCOMPARE(ws::socketProxy(net::ProxyServer{}).type(), QNetworkProxy::NoProxy);
    net::ProxyServer socks = httpProxy(QStringLiteral("bob"), QStringLiteral("pw"));
    socks.kind = net::ProxyServer::Kind::Socks5;
    const QNetworkProxy qt = ws::socketProxy(socks);
    QCOMPARE(qt.type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(qt.hostName(), QStringLiteral("proxy.corp"));
    QCOMPARE(qt.port(), quint16(3128));
    QCOMPARE(qt.user(), QStringLiteral("bob"));
    QCOMPARE(qt.password(), QStringLiteral("pw"));
}

QTEST_APPLESS_MAIN(TstProxyTunnel)

#include "tst_proxytunnel.moc"
