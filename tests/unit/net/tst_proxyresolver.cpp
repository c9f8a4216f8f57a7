// Which proxy a feed's connection takes: its own "proxy" setting, or for "system" the
// environment variables curl reads. Pure: the environment is a map given to each case.
#include "core/net/ProxyResolver.h"

#include <QtTest>

using namespace feeddeck::net;

namespace {

using Outcome = ProxyResolution::Outcome;

ProxyServer server(ProxyServer::Kind kind, const QString &host, quint16 port, const QString &origin,
                   const QString &user = {}, const QString &password = {})
{
    return {.kind = kind, .host = host, .port = port, .user = user, .password = password, .origin = origin};
}

ProxyResolution resolveSystem(const QString &target, const Environment &env)
{
    return resolveProxy(ProxySetting{}, QUrl(target), env);
}

} // namespace

Q_DECLARE_METATYPE(feeddeck::net::ProxySetting)

class TstProxyResolver : public QObject
{
    Q_OBJECT

private slots:
    void settingsParse_data();
    void settingsParse();
    void badSettingsSayWhatIsWrong_data();
    void badSettingsSayWhatIsWrong();
    void credentialsKeepTheirEnvReferencesAndColons();
    void explicitSettingsIgnoreTheEnvironment();
    void httpsProxyServesWssAndHttpProxyServesWs();
    void upperCaseHttpProxyIsIgnoredAsCurlDoes();
    void lowerCaseWinsOverUpperCase();
    void allProxyIsTheFallback();
    void emptyVariablesCountAsUnset();
    void noProxyBypassesMatchingHosts();
    void environmentValuesFollowCurl();
    void unusableVariableIsAnErrorNamingIt();
    void nothingSetAsksTheSystem();
    void displayNeverShowsThePassword();
};

void TstProxyResolver::settingsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ProxySetting>("expected");
    using Mode = ProxySetting::Mode;
    using Kind = ProxyServer::Kind;
    const QString origin = QStringLiteral("the feed's \"proxy\"");
    QTest::newRow("system") << "system" << ProxySetting{};
    QTest::newRow("none") << "none" << ProxySetting{.mode = Mode::None};
    QTest::newRow("http") << "http://proxy.corp:3128"
                          << ProxySetting{Mode::Url, server(Kind::Http, "proxy.corp", 3128, origin)};
    QTest::newRow("http trailing slash") << "http://proxy.corp:3128/"
                                         << ProxySetting{Mode::Url, server(Kind::Http, "proxy.corp", 3128, origin)};
    QTest::newRow("scheme case") << "HTTP://proxy.corp:3128"
                                 << ProxySetting{Mode::Url, server(Kind::Http, "proxy.corp", 3128, origin)};
    QTest::newRow("credentials") << "http://alice:s3cret@10.0.0.1:8080"
                                 << ProxySetting{Mode::Url, server(Kind::Http, "10.0.0.1", 8080, origin, "alice", "s3cret")};
    QTest::newRow("encoded credentials") << "http://al%40ce:p%3Aw%40d@proxy:3128"
                                         << ProxySetting{Mode::Url, server(Kind::Http, "proxy", 3128, origin, "al@ce", "p:w@d")};
    QTest::newRow("socks5") << "socks5://127.0.0.1:1080"
                            << ProxySetting{Mode::Url, server(Kind::Socks5, "127.0.0.1", 1080, origin)};
    QTest::newRow("socks5h") << "socks5h://bob:pw@gw:1080"
                             << ProxySetting{Mode::Url, server(Kind::Socks5, "gw", 1080, origin, "bob", "pw")};
    QTest::newRow("IPv6") << "http://[::1]:3128" << ProxySetting{Mode::Url, server(Kind::Http, "::1", 3128, origin)};
}

void TstProxyResolver::settingsParse()
{
    QFETCH(QString, text);
    QFETCH(ProxySetting, expected);
    const auto parsed = parseProxySetting(text);
    QVERIFY2(std::holds_alternative<ProxySetting>(parsed),
             qPrintable(std::holds_alternative<QString>(parsed) ? std::get<QString>(parsed) : QString()));
    QCOMPARE(std::get<ProxySetting>(parsed), expected);
}

void TstProxyResolver::badSettingsSayWhatIsWrong_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << "" << "is empty; use \"system\", \"none\" or a proxy URL";
    QTest::newRow("word") << "direct" << "is not a proxy URL";
    QTest::newRow("no scheme") << "proxy.corp:3128" << "is not a proxy URL";
    QTest::newRow("https") << "https://proxy.corp:3128" << "does not support; use http://";
    QTest::newRow("socks4") << "socks4://gw:1080" << "uses the scheme \"socks4\"";
    QTest::newRow("no port") << "http://proxy.corp" << "has no port; add it, e.g. http://proxy.corp:3128";
    QTest::newRow("port zero") << "http://proxy.corp:0" << "has an invalid port";
    QTest::newRow("port too big") << "socks5://gw:70000" << "has an invalid port";
    QTest::newRow("port not a number") << "http://proxy.corp:31a8" << "has an invalid port";
    QTest::newRow("path") << "http://proxy.corp:3128/pac" << "has a path or query";
    QTest::newRow("no host") << "http://:3128" << "has no host";
    QTest::newRow("bad host") << "http://pro xy:3128" << "has an invalid host name";
    QTest::newRow("env in host") << "http://${env:HOST}:3128" << "may only hold the user and password";
    QTest::newRow("password without user") << "http://:pw@proxy:3128" << "without a user name";
}

void TstProxyResolver::badSettingsSayWhatIsWrong()
{
    QFETCH(QString, text);
    QFETCH(QString, says);
    const auto parsed = parseProxySetting(text);
    QVERIFY(std::holds_alternative<QString>(parsed));
    QVERIFY2(std::get<QString>(parsed).contains(says), qPrintable(std::get<QString>(parsed)));
}

void TstProxyResolver::credentialsKeepTheirEnvReferencesAndColons()
{
    const auto parsed = parseProxySetting(QStringLiteral("http://${env:PROXY_USER}:${env:PROXY_PASS}@proxy:3128"));
    QVERIFY(std::holds_alternative<ProxySetting>(parsed));
    const ProxyServer &proxy = std::get<ProxySetting>(parsed).server;
    QCOMPARE(proxy.user, QStringLiteral("${env:PROXY_USER}"));
    QCOMPARE(proxy.password, QStringLiteral("${env:PROXY_PASS}"));
    QCOMPARE(proxy.host, QStringLiteral("proxy"));
}

void TstProxyResolver::explicitSettingsIgnoreTheEnvironment()
{
    const Environment env{{"https_proxy", "http://env-proxy:1"}, {"no_proxy", "*"}};
    const ProxySetting own = std::get<ProxySetting>(parseProxySetting(QStringLiteral("socks5://gw:1080")));
    const ProxyResolution viaOwn = resolveProxy(own, QUrl(QStringLiteral("wss://feed.example/ws")), env);
    QCOMPARE(viaOwn.outcome, Outcome::Use);
    QCOMPARE(viaOwn.server, own.server);

    const ProxyResolution none =
        resolveProxy(ProxySetting{.mode = ProxySetting::Mode::None}, QUrl(QStringLiteral("wss://feed.example/")), env);
    QCOMPARE(none.outcome, Outcome::Use);
    QVERIFY(none.server.isDirect());
}

void TstProxyResolver::httpsProxyServesWssAndHttpProxyServesWs()
{
    const Environment env{{"https_proxy", "http://secure-proxy:3128"}, {"http_proxy", "http://plain-proxy:8080"}};
    const ProxyResolution secure = resolveSystem(QStringLiteral("wss://feed.example/ws"), env);
    QCOMPARE(secure.outcome, Outcome::Use);
    QCOMPARE(secure.server, server(ProxyServer::Kind::Http, "secure-proxy", 3128, "https_proxy"));
    const ProxyResolution plain = resolveSystem(QStringLiteral("ws://feed.example/ws"), env);
    QCOMPARE(plain.server, server(ProxyServer::Kind::Http, "plain-proxy", 8080, "http_proxy"));
}

void TstProxyResolver::upperCaseHttpProxyIsIgnoredAsCurlDoes()
{
    // HTTP_PROXY can be set by a CGI request header ("httpoxy"); curl never reads it.
    const ProxyResolution plain =
        resolveSystem(QStringLiteral("ws://feed.example/"), Environment{{"HTTP_PROXY", "http://evil:1"}});
    QCOMPARE(plain.outcome, Outcome::AskSystem);
}

void TstProxyResolver::lowerCaseWinsOverUpperCase()
{
    const Environment env{{"https_proxy", "http://lower:1"}, {"HTTPS_PROXY", "http://upper:2"}};
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), env).server.host, QStringLiteral("lower"));
    const Environment upperOnly{{"HTTPS_PROXY", "http://upper:2"}};
    const ProxyResolution upper = resolveSystem(QStringLiteral("wss://feed.example/"), upperOnly);
    QCOMPARE(upper.server.host, QStringLiteral("upper"));
    QCOMPARE(upper.server.origin, QStringLiteral("HTTPS_PROXY"));
}

void TstProxyResolver::allProxyIsTheFallback()
{
    const Environment env{{"ALL_PROXY", "socks5://gw:1080"}};
    const ProxyResolution secure = resolveSystem(QStringLiteral("wss://feed.example/"), env);
    QCOMPARE(secure.server, server(ProxyServer::Kind::Socks5, "gw", 1080, "ALL_PROXY"));
    const ProxyResolution plain = resolveSystem(QStringLiteral("ws://feed.example/"), env);
    QCOMPARE(plain.server.host, QStringLiteral("gw"));
    // The scheme-specific variable comes first.
    const Environment both{{"all_proxy", "socks5://gw:1080"}, {"https_proxy", "http://web:3128"}};
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), both).server.host, QStringLiteral("web"));
}

void TstProxyResolver::emptyVariablesCountAsUnset()
{
    const Environment env{{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper:2"}, {"no_proxy", ""}};
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), env).server.host, QStringLiteral("upper"));
}

void TstProxyResolver::noProxyBypassesMatchingHosts()
{
    const Environment env{{"https_proxy", "http://proxy:3128"}, {"no_proxy", "localhost,.internal,10.0.0.0/8"}};
    const ProxyResolution internal = resolveSystem(QStringLiteral("wss://md.feeds.internal:9443/"), env);
    QCOMPARE(internal.outcome, Outcome::Use);
    QVERIFY(internal.server.isDirect());
    QCOMPARE(internal.server.origin, QStringLiteral("no_proxy"));
    QVERIFY(resolveSystem(QStringLiteral("wss://10.1.2.3/"), env).server.isDirect());
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), env).server.host, QStringLiteral("proxy"));
    // NO_PROXY when no_proxy is not set; the port of the URL (default 443/80) meets ports in entries.
    const Environment upper{{"https_proxy", "http://proxy:3128"}, {"NO_PROXY", "feed.example:443"}};
    QVERIFY(resolveSystem(QStringLiteral("wss://feed.example/"), upper).server.isDirect());
    QVERIFY(!resolveSystem(QStringLiteral("wss://feed.example:9443/"), upper).server.isDirect());
}

void TstProxyResolver::environmentValuesFollowCurl()
{
    // No scheme: http; no port: 1080; credentials percent-decoded.
    const Environment env{{"https_proxy", "u%40corp:p%3Ass@proxy.corp"}};
    const ProxyResolution r = resolveSystem(QStringLiteral("wss://feed.example/"), env);
    QCOMPARE(r.server, server(ProxyServer::Kind::Http, "proxy.corp", 1080, "https_proxy", "u@corp", "p:ss"));
}

void TstProxyResolver::unusableVariableIsAnErrorNamingIt()
{
    const ProxyResolution r =
        resolveSystem(QStringLiteral("wss://feed.example/"), Environment{{"https_proxy", "https://proxy.corp:3128"}});
    QCOMPARE(r.outcome, Outcome::Error);
    QVERIFY2(r.error.startsWith(QStringLiteral("the environment variable https_proxy uses https://")),
             qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("\"proxy\"")), qPrintable(r.error));
}

void TstProxyResolver::nothingSetAsksTheSystem()
{
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), {}).outcome, Outcome::AskSystem);
    // no_proxy that does not match leaves the question to the system too.
    QCOMPARE(resolveSystem(QStringLiteral("wss://feed.example/"), Environment{{"no_proxy", "other.test"}}).outcome,
             Outcome::AskSystem);
}

void TstProxyResolver::displayNeverShowsThePassword()
{
    QCOMPARE(server(ProxyServer::Kind::Http, "proxy", 3128, {}, "alice", "s3cret").display(),
             QStringLiteral("http://alice:****@proxy:3128"));
    QCOMPARE(server(ProxyServer::Kind::Socks5, "::1", 1080, {}).display(), QStringLiteral("socks5://[::1]:1080"));
    QCOMPARE(ProxyServer{}.display(), QStringLiteral("direct"));
}

QTEST_APPLESS_MAIN(TstProxyResolver)

#include "tst_proxyresolver.moc"
