// wss:// against a server whose certificate comes from a CA made for this test run (openssl
// CLI): refused by default with a clear reason, trusted once the feed names the CA in "ca_file".
#include "../support/TestTransport.h"
#include "../support/FaultServer.h"
#include "../support/TestCertificates.h"

#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using testing::FaultServer;

namespace {

constexpr int kWait = 10000;

workspace::FeedConfig configFor(const QUrl &url, const QString &caFile = {})
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("secure");
    c.protocol = QStringLiteral("coinbase");
    c.transport = testing::testTransport();
    c.url = url;
    c.symbols = {QStringLiteral("BTC-USD")};
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.caFile = caFile;
    return c;
}

std::unique_ptr<FeedConnection> makeConnection(const workspace::FeedConfig &config)
{
    return std::make_unique<FeedConnection>(config, std::make_unique<codec::CoinbaseCodec>(),
                                            feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 5});
}

} // namespace

class TstTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void certificateFromAnUnknownCaIsRefusedWithAClearReason();
    void namedCaFileMakesTheServerTrusted();
    void caFileThatCannotBeReadFailsTheFeed();
    void caFileWithoutACertificateFailsTheFeed();

private:
    [[nodiscard]] QString path(const QString &name) const { return m_certificates.path(name); }

    testing::TestCertificates m_certificates;
    QSslConfiguration m_serverTls;
};

void TstTls::initTestCase()
{
    QString error;
    QVERIFY2(m_certificates.make(&error), qPrintable(error));
    m_serverTls = m_certificates.serverTls();
}

void TstTls::certificateFromAnUnknownCaIsRefusedWithAClearReason()
{
    FaultServer server;
    server.setTls(m_serverTls);
    QVERIFY(server.listen());
    QCOMPARE(server.url().scheme(), QStringLiteral("wss"));
    auto c = makeConnection(configFor(server.url()));
    QSignalSpy states(c.get(), &FeedConnection::stateChanged);
    c->start();

    QTRY_VERIFY_WITH_TIMEOUT(c->status().counters.attempts >= 2, kWait);
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("TLS certificate rejected: ")),
             qPrintable(c->status().lastError));
    QVERIFY2(c->status().lastError.contains(QStringLiteral("ca_file")), qPrintable(c->status().lastError));
    QCOMPARE(c->status().counters.connects, 0u);
    QCOMPARE(server.handshakeCount(), 0);
    QVERIFY(states.contains(QVariantList{QVariant::fromValue(FeedState::Backoff)}));
}

void TstTls::namedCaFileMakesTheServerTrusted()
{
    FaultServer server;
    server.setTls(m_serverTls);
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), path(QStringLiteral("ca.pem"))));
    int updates = 0;
    c->setUpdateSink([&](const QList<data::Update> &u) { updates += int(u.size()); });
    c->start();

    QTRY_COMPARE_WITH_TIMEOUT(c->state(), FeedState::Live, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(updates >= 3, kWait);
    QCOMPARE(c->status().counters.attempts, 1u);
    QCOMPARE(server.subscribeRequests(), QList<QStringList>{{QStringLiteral("BTC-USD")}});
}

void TstTls::caFileThatCannotBeReadFailsTheFeed()
{
    FaultServer server;
    server.setTls(m_serverTls);
    QVERIFY(server.listen());
    auto c = makeConnection(configFor(server.url(), path(QStringLiteral("missing.pem"))));
    c->start();

    QCOMPARE(c->state(), FeedState::Failed);
    QVERIFY2(c->status().lastError.startsWith(QStringLiteral("cannot read ca_file \"%1\"").arg(path("missing.pem"))),
             qPrintable(c->status().lastError));
    QCOMPARE(c->status().counters.attempts, 0u);
    QCOMPARE(server.connectionCount(), 0);
}

void TstTls::caFileWithoutACertificateFailsTheFeed()
{
    FaultServer server;
    server.setTls(m_serverTls);
    QVERIFY(server.listen());
    // The CA's private key is PEM, but not a certificate.
    auto c = makeConnection(configFor(server.url(), path(QStringLiteral("ca.key"))));
    c->start();

    QCOMPARE(c->state(), FeedState::Failed);
    QVERIFY2(c->status().lastError.contains(QStringLiteral("holds no PEM certificate")),
             qPrintable(c->status().lastError));
}

QTEST_GUILESS_MAIN(TstTls)

#include "tst_tls.moc"
