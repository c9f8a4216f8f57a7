// Feeds through real proxies: tinyproxy (HTTP CONNECT, BasicAuth) and microsocks (SOCKS5), from
// Debian, started here on free loopback ports. ws:// and wss:// (a CA made for this run) reach
// a TestFeedServer through them; refusals say that it was the proxy and are retried.
#include "../support/TestTransport.h"
#include "../support/ProxyProcess.h"
#include "../support/TestCertificates.h"
#include "../support/TestFeedServer.h"

#include "core/codec/CoinbaseCodec.h"
#include "core/feed/ConnectionProbe.h"
#include "core/feed/FeedConnection.h"
#include "core/workspace/UrlTemplate.h"

#include <QSignalSpy>
#include <QWebSocket>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using testing::ProxyProcess;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 10000;

const char *const kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                                       "ALL_PROXY",  "no_proxy",   "NO_PROXY"};

workspace::FeedConfig configFor(const QUrl &url, const QString &proxy, const QString &caFile = {})
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("proxied");
    c.name = QStringLiteral("Proxied");
    c.protocol = QStringLiteral("coinbase");
    c.transport = testing::testTransport();
    c.url = url;
    c.symbols = {QStringLiteral("BTC-USD")};
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.caFile = caFile;
    c.proxy = proxy;
    return c;
}

std::unique_ptr<FeedConnection> makeConnection(const workspace::FeedConfig &config)
{
    return std::make_unique<FeedConnection>(config, std::make_unique<codec::CoinbaseCodec>(),
                                            feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 7});
}

QString proxyUrl(const QString &scheme, const ProxyProcess &proxy, const QString &credentials = {})
{
    const QString userInfo = credentials.isEmpty() ? QString() : credentials + u'@';
    return scheme + QStringLiteral("://") + userInfo + QStringLiteral("127.0.0.1:") + QString::number(proxy.port());
}

// The tinyproxy log line of a CONNECT to the test server: proof the connection went through it.
QString connectLine(const TestFeedServer &server)
{
    return QStringLiteral("CONNECT 127.0.0.1:%1 HTTP/1.1").arg(server.port());
}

} // namespace

class TstProxy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void feedGoesLiveThroughTheProxy_data();
    void feedGoesLiveThroughTheProxy();
    void wrongPasswordIsTheProxyRejectingTheCredentials();
    void wrongPasswordAtSquidIsA407SayingTheProxyRejectedIt();
    void missingCredentialsSayWhatToAdd();
    void proxyThatForbidsThePortSaysItRefused();
    void proxyThatCannotReachTheFeedSaysSo();
    void wrongSocksPasswordIsTheProxyRejectingTheCredentials();
    void refusedProxyPortIsReportedAsTheProxyAndRetried_data();
    void refusedProxyPortIsReportedAsTheProxyAndRetried();
    void systemSettingTakesTheSchemesProxyFromTheEnvironment_data();
    void systemSettingTakesTheSchemesProxyFromTheEnvironment();
    void noProxyBypassesTheEnvironmentsProxy();
    void noneIgnoresTheEnvironment();
    void builtInSimulatorIsNeverProxied();
    void proxyCredentialsComeFromTheEnvironment();
    void missingProxyVariableFailsNamingFeedKeyAndVariable();
    void connectionTestGoesThroughTheProxy();
    void keyInTheUrlReachesTheServerAndIsNeverShown();
    void missingUrlVariableFailsNamingFeedKeyAndVariable();

private:
    testing::TestCertificates m_certificates;
};

void TstProxy::initTestCase()
{
    QString error;
    QVERIFY2(m_certificates.make(&error), qPrintable(error));
}

// Each test sets the variables it means; the developer's own proxy settings must not leak in.
void TstProxy::init()
{
    for (const char *name : kProxyVariables)
        qunsetenv(name);
}

void TstProxy::cleanup()
{
    init();
    qunsetenv("FD_TEST_PROXY_USER");
    qunsetenv("FD_TEST_PROXY_PASS");
    qunsetenv("FD_TEST_FEED_KEY");
}

void TstProxy::feedGoesLiveThroughTheProxy_data()
{
    QTest::addColumn<QString>("kind"); // "http" (CONNECT, tinyproxy) or "socks5" (microsocks)
    QTest::addColumn<bool>("secure");
    QTest::addColumn<bool>("credentials");
    for (const char *kind : {"http", "socks5"}) {
        QTest::addRow("%s, ws://", kind) << QString::fromLatin1(kind) << false << false;
        QTest::addRow("%s, ws:// with credentials", kind) << QString::fromLatin1(kind) << false << true;
        QTest::addRow("%s, wss://", kind) << QString::fromLatin1(kind) << true << false;
        QTest::addRow("%s, wss:// with credentials", kind) << QString::fromLatin1(kind) << true << true;
    }
}

void TstProxy::feedGoesLiveThroughTheProxy()
{
    QFETCH(QString, kind);
    QFETCH(bool, secure);
    QFETCH(bool, credentials);
    const bool http = kind == QStringLiteral("http");
    const QString user = http ? QStringLiteral("alice") : QStringLiteral("bob");
    const QString password = http ? QStringLiteral("s3cret") : QStringLiteral("pw-9");
    ProxyProcess proxy;
    QString error;
    const bool started = http ? (credentials ? proxy.startTinyproxy(&error, user, password) : proxy.startTinyproxy(&error))
                              : (credentials ? proxy.startMicrosocks(&error, user, password) : proxy.startMicrosocks(&error));
    QVERIFY2(started, qPrintable(error));
    std::unique_ptr<TestFeedServer> server =
        secure ? std::make_unique<TestFeedServer>(m_certificates.serverTls()) : std::make_unique<TestFeedServer>();
    QVERIFY(server->listen());

    auto c = makeConnection(configFor(server->url(),
                                      proxyUrl(kind, proxy, credentials ? user + QLatin1Char(':') + password : QString()),
                                      secure ? m_certificates.caFile() : QString()));
    int updates = 0;
    c->setUpdateSink([&](const QList<data::Update> &u) { updates += int(u.size()); });
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    server->sendTicker(QStringLiteral("BTC-USD"), 50000.5);
    QTRY_COMPARE_WITH_TIMEOUT(updates, 1, kWait);
    QCOMPARE(c->status().counters.attempts, 1u);
    if (http) {
        QTRY_VERIFY2_WITH_TIMEOUT(proxy.log().contains(connectLine(*server)), qPrintable(proxy.log()), kWait);
    } else {
        // microsocks logs nothing; the server sees the connection come from the proxy's socket, which the
        // refused-port test below shows is the only way: without the proxy running nothing connects.
        QCOMPARE(server->connectionCount(), 1);
    }
}

void TstProxy::wrongPasswordIsTheProxyRejectingTheCredentials()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy, QStringLiteral("alice:wr0ng-pw"))));
    QSignalSpy states(c.get(), &FeedConnection::stateChanged);
    c->start();

    // Retried with backoff, and every attempt says it was the proxy.
    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    const QString message = c->status().lastError;
    // tinyproxy 1.11 answers a wrong password with 401 (407 only when credentials are missing).
    QVERIFY2(message.startsWith(QStringLiteral("the proxy http://alice:****@127.0.0.1:%1 (from the feed's \"proxy\") "
                                               "rejected the credentials (HTTP 401 Unauthorized)")
                                    .arg(proxy.port())),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("check the user and password in the feed's \"proxy\"")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("wr0ng-pw")), qPrintable(message));
    QVERIFY(states.contains(QVariantList{QVariant::fromValue(FeedState::Backoff)}));
    QCOMPARE(c->status().counters.connects, 0u);
    QCOMPARE(server.connectionCount(), 0);
}

void TstProxy::wrongPasswordAtSquidIsA407SayingTheProxyRejectedIt()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startSquid(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());

    auto good = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy, QStringLiteral("alice:s3cret"))));
    good->start();
    QTRY_COMPARE_WITH_TIMEOUT(good->state(), FeedState::Live, kWait);
    good->stop();

    auto c = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy, QStringLiteral("alice:wr0ng-pw"))));
    c->start();
    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.startsWith(
                 QStringLiteral("the proxy http://alice:****@127.0.0.1:%1 (from the feed's \"proxy\") rejected the "
                                "credentials (HTTP 407 Proxy Authentication Required); check the user and password in "
                                "the feed's \"proxy\"")
                     .arg(proxy.port())),
             qPrintable(c->status().lastError));
    QVERIFY(!c->status().lastError.contains(QStringLiteral("wr0ng-pw")));
    QCOMPARE(c->status().counters.connects, 0u);
    QCOMPARE(server.connectionCount(), 1); // the good connection only
}

void TstProxy::missingCredentialsSayWhatToAdd()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy)));
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.contains(QStringLiteral("requires credentials (HTTP 407")), qPrintable(c->status().lastError));
    QVERIFY2(c->status().lastError.contains(QStringLiteral("add them as http://user:password@127.0.0.1:%1").arg(proxy.port())),
             qPrintable(c->status().lastError));
}

void TstProxy::proxyThatForbidsThePortSaysItRefused()
{
    ProxyProcess proxy;
    QString error;
    // CONNECT only to port 443: the test server's port is refused with 403.
    QVERIFY2(proxy.startTinyproxy(&error, {}, {}, {QStringLiteral("ConnectPort 443")}), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy)));
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("the proxy http://127.0.0.1:%1 (from the feed's \"proxy\") "
                                                             "refused to connect to 127.0.0.1:%2 (HTTP 403")
                                                  .arg(proxy.port())
                                                  .arg(server.port())),
             qPrintable(c->status().lastError));
    QCOMPARE(server.connectionCount(), 0);
}

void TstProxy::proxyThatCannotReachTheFeedSaysSo()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error), qPrintable(error));
    const quint16 closed = ProxyProcess::freePort();
    auto c = makeConnection(configFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/feed").arg(closed)),
                                      proxyUrl(QStringLiteral("http"), proxy)));
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.contains(QStringLiteral("could not reach the feed at 127.0.0.1:%1 (HTTP 5").arg(closed)),
             qPrintable(c->status().lastError));
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("the proxy ")), qPrintable(c->status().lastError));
}

void TstProxy::wrongSocksPasswordIsTheProxyRejectingTheCredentials()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startMicrosocks(&error, QStringLiteral("bob"), QStringLiteral("pw-9")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), proxyUrl(QStringLiteral("socks5"), proxy, QStringLiteral("bob:nope-nope"))));
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("the proxy socks5://bob:****@127.0.0.1:%1 (from the feed's "
                                                             "\"proxy\") rejected the credentials")
                                                  .arg(proxy.port())),
             qPrintable(c->status().lastError));
    QVERIFY(!c->status().lastError.contains(QStringLiteral("nope-nope")));
    QCOMPARE(server.connectionCount(), 0);
}

void TstProxy::refusedProxyPortIsReportedAsTheProxyAndRetried_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::newRow("http") << "http";
    QTest::newRow("socks5") << "socks5";
}

void TstProxy::refusedProxyPortIsReportedAsTheProxyAndRetried()
{
    QFETCH(QString, scheme);
    TestFeedServer server;
    QVERIFY(server.listen());
    const quint16 closed = ProxyProcess::freePort();
    auto c = makeConnection(configFor(server.url(), QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(closed)));
    QSignalSpy states(c.get(), &FeedConnection::stateChanged);
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 3, kWait);
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("cannot reach the proxy %1://127.0.0.1:%2 (from the feed's "
                                                             "\"proxy\"): ")
                                                  .arg(scheme)
                                                  .arg(closed)),
             qPrintable(c->status().lastError));
    QVERIFY2(c->status().lastError.contains(QStringLiteral("refused")), qPrintable(c->status().lastError));
    QVERIFY(states.contains(QVariantList{QVariant::fromValue(FeedState::Backoff)}));
    QVERIFY(c->state() != FeedState::Failed);
    QCOMPARE(server.connectionCount(), 0);
}

void TstProxy::systemSettingTakesTheSchemesProxyFromTheEnvironment_data()
{
    QTest::addColumn<bool>("secure");
    QTest::newRow("wss:// from https_proxy") << true;
    QTest::newRow("ws:// from lower-case http_proxy") << false;
}

void TstProxy::systemSettingTakesTheSchemesProxyFromTheEnvironment()
{
    QFETCH(bool, secure);
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error), qPrintable(error));
    std::unique_ptr<TestFeedServer> server =
        secure ? std::make_unique<TestFeedServer>(m_certificates.serverTls()) : std::make_unique<TestFeedServer>();
    QVERIFY(server->listen());
    // The other scheme's variable points nowhere: it must not be the one used.
    qputenv(secure ? "https_proxy" : "http_proxy", proxyUrl(QStringLiteral("http"), proxy).toUtf8());
    qputenv(secure ? "http_proxy" : "https_proxy", "http://127.0.0.1:1");

    auto c = makeConnection(
        configFor(server->url(), QStringLiteral("system"), secure ? m_certificates.caFile() : QString()));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QTRY_VERIFY2_WITH_TIMEOUT(proxy.log().contains(connectLine(*server)), qPrintable(proxy.log()), kWait);
}

void TstProxy::noProxyBypassesTheEnvironmentsProxy()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    qputenv("http_proxy", proxyUrl(QStringLiteral("http"), proxy).toUtf8());
    qputenv("no_proxy", "feeds.internal, 127.0.0.0/8");

    auto c = makeConnection(configFor(server.url(), QStringLiteral("system")));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QVERIFY2(!proxy.log().contains(QStringLiteral("CONNECT 127.0.0.1")), qPrintable(proxy.log()));
}

void TstProxy::noneIgnoresTheEnvironment()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    qputenv("http_proxy", "http://127.0.0.1:1");
    qputenv("all_proxy", "socks5://127.0.0.1:1");

    auto c = makeConnection(configFor(server.url(), QStringLiteral("none")));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
}

void TstProxy::builtInSimulatorIsNeverProxied()
{
    // A desk with http_proxy set still gets the demo: sim:// resolves to this process's loopback server.
    TestFeedServer server;
    QVERIFY(server.listen());
    qputenv("http_proxy", "http://127.0.0.1:1");
    auto c = makeConnection(configFor(QUrl(QStringLiteral("sim://market")), QStringLiteral("system")));
    c->setConnectUrl(server.url());
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
}

void TstProxy::proxyCredentialsComeFromTheEnvironment()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    qputenv("FD_TEST_PROXY_USER", "alice");
    qputenv("FD_TEST_PROXY_PASS", "s3cret");

    auto c = makeConnection(configFor(
        server.url(),
        proxyUrl(QStringLiteral("http"), proxy, QStringLiteral("${env:FD_TEST_PROXY_USER}:${env:FD_TEST_PROXY_PASS}"))));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QTRY_VERIFY2_WITH_TIMEOUT(proxy.log().contains(connectLine(server)), qPrintable(proxy.log()), kWait);
}

void TstProxy::missingProxyVariableFailsNamingFeedKeyAndVariable()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), QStringLiteral("http://alice:${env:FD_TEST_PROXY_PASS}@127.0.0.1:3128")));
    QSignalSpy problems(c.get(), &FeedConnection::problemReported);
    c->start();

    QCOMPARE(c->state(), FeedState::Failed);
    QCOMPARE(c->status().lastError,
             QStringLiteral("\"proxy\" of feed \"proxied\" uses ${env:FD_TEST_PROXY_PASS}, which is not set; set "
                            "FD_TEST_PROXY_PASS in the environment FeedDeck starts from, then restart FeedDeck"));
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).at(0).toString().startsWith(QStringLiteral("Proxied: ")));
    QCOMPARE(c->status().counters.attempts, 0u);
}

void TstProxy::connectionTestGoesThroughTheProxy()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    connect(&server, &TestFeedServer::frameReceived, &server, [&server](const QJsonObject &message) {
        if (message.value(QStringLiteral("type")) == QStringLiteral("subscribe"))
            for (int i = 0; i < 5; ++i)
                server.sendTicker(QStringLiteral("BTC-USD"), 100 + i, i + 1);
    });

    const auto runProbe = [&](const QString &credentials) {
        const workspace::FeedConfig config =
            configFor(server.url(), proxyUrl(QStringLiteral("http"), proxy, credentials));
        feed::ConnectionProbe probe(config, std::make_unique<codec::CoinbaseCodec>(), config.url, {});
        QSignalSpy finished(&probe, &feed::ConnectionProbe::finished);
        probe.start();
        feed::ProbeReport report;
        report.error = QStringLiteral("the probe did not finish");
        if (finished.wait(kWait))
            report = finished.at(0).at(0).value<feed::ProbeReport>();
        return report;
    };

    const feed::ProbeReport good = runProbe(QStringLiteral("alice:s3cret"));
    QVERIFY2(good.ok(), qPrintable(good.error));
    QVERIFY(proxy.log().contains(connectLine(server)));

    const feed::ProbeReport refused = runProbe(QStringLiteral("alice:bad-password"));
    QVERIFY(!refused.opened);
    QVERIFY2(refused.error.contains(QStringLiteral("rejected the credentials (HTTP 401")), qPrintable(refused.error));
    QVERIFY(!refused.error.contains(QStringLiteral("bad-password")));
}

void TstProxy::keyInTheUrlReachesTheServerAndIsNeverShown()
{
    ProxyProcess proxy;
    QString error;
    QVERIFY2(proxy.startTinyproxy(&error, QStringLiteral("alice"), QStringLiteral("s3cret")), qPrintable(error));
    TestFeedServer server;
    QVERIFY(server.listen());
    const QString key = QStringLiteral("sk-live-4242");
    qputenv("FD_TEST_FEED_KEY", key.toUtf8());
    // The server echoes the key in an error, as some venues do.
    server.onMessage = [&](QWebSocket *socket, const QJsonObject &) {
        socket->sendTextMessage(QStringLiteral(R"({"type":"error","message":"key %1 has no access","reason":"x"})").arg(key));
        return true;
    };

    workspace::FeedConfig config =
        configFor(QUrl(), proxyUrl(QStringLiteral("http"), proxy, QStringLiteral("alice:s3cret")));
    config.url = workspace::urlFromTemplate(
        QStringLiteral("ws://127.0.0.1:%1/feed?apikey=${env:FD_TEST_FEED_KEY}").arg(server.port()));
    auto c = makeConnection(config);
    QStringList problems;
    connect(c.get(), &FeedConnection::problemReported, this, [&](const QString &text) { problems.append(text); });
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr, kWait);
    QCOMPARE(server.client()->requestUrl().query(), QStringLiteral("apikey=") + key);
    QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), kWait);
    const QString shown = problems.join(u'\n') + c->status().lastError + c->recentMessages().join(u'\n');
    QVERIFY2(shown.contains(QStringLiteral("key **** has no access")), qPrintable(shown));
    QVERIFY2(!shown.contains(key), qPrintable(shown));
}

void TstProxy::missingUrlVariableFailsNamingFeedKeyAndVariable()
{
    workspace::FeedConfig config = configFor(QUrl(), QStringLiteral("none"));
    config.url = workspace::urlFromTemplate(QStringLiteral("wss://feed.example/ws?apikey=${env:FD_TEST_FEED_KEY}"));
    auto c = makeConnection(config);
    c->start();
    QCOMPARE(c->state(), FeedState::Failed);
    QCOMPARE(c->status().lastError,
             QStringLiteral("\"url\" of feed \"proxied\" uses ${env:FD_TEST_FEED_KEY}, which is not set; set "
                            "FD_TEST_FEED_KEY in the environment FeedDeck starts from, then restart FeedDeck"));
    QCOMPARE(c->status().counters.attempts, 0u);
}

QTEST_GUILESS_MAIN(TstProxy)

#include "tst_proxy.moc"
