// The test helper that runs Debian's nats-server: it starts from its generated config on
// loopback ports, restarts on the same ports, and its options reach the server.
#include "../support/NatsServerProcess.h"
#include "../support/TestCertificates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>

using feeddeck::testing::NatsServerProcess;

namespace {

// The INFO a server greets a client with (its JSON), or an empty object.
QJsonObject serverInfo(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    QByteArray line;
    while (!line.endsWith("\r\n") && socket.waitForReadyRead(5000))
        line += socket.readAll();
    if (!line.startsWith("INFO "))
        return {};
    return QJsonDocument::fromJson(line.mid(5).trimmed()).object();
}

} // namespace

class TstNatsServerProcess : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void startsOnItsPortsAndRestartsOnTheSamePorts();
    void optionsReachTheServer();
    void twoNodesFormACluster();
    void tlsOnTheClientPortMakesATlsUrl();
};

void TstNatsServerProcess::init()
{
    if (NatsServerProcess::program().isEmpty())
        QSKIP("nats-server is not installed (/usr/sbin/nats-server): packaging/bootstrap.sh deps installs it");
}

void TstNatsServerProcess::startsOnItsPortsAndRestartsOnTheSamePorts()
{
    NatsServerProcess server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QCOMPARE(server.clientUrl().scheme(), QStringLiteral("nats"));
    QCOMPARE(serverInfo(server.clientPort()).value(QStringLiteral("port")).toInt(), int(server.clientPort()));
    QTcpSocket ws;
    ws.connectToHost(QHostAddress::LocalHost, server.wsPort());
    QVERIFY(ws.waitForConnected(5000));

    server.stop();
    QVERIFY(!server.isRunning());
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, server.clientPort());
    QVERIFY(!refused.waitForConnected(2000));

    QVERIFY2(server.start(&error), qPrintable(error));
    QCOMPARE(serverInfo(server.clientPort()).value(QStringLiteral("port")).toInt(), int(server.clientPort()));
}

void TstNatsServerProcess::optionsReachTheServer()
{
    NatsServerProcess server;
    server.options().user = QStringLiteral("desk");
    server.options().password = QStringLiteral("pa\"ss");
    server.options().maxPayload = 2048;
    server.options().serverName = QStringLiteral("desk-a");
    server.options().jetstream = true;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QJsonObject info = serverInfo(server.clientPort());
    QCOMPARE(info.value(QStringLiteral("max_payload")).toInteger(), 2048);
    QCOMPARE(info.value(QStringLiteral("auth_required")).toBool(), true);
    QCOMPARE(info.value(QStringLiteral("server_name")).toString(), QStringLiteral("desk-a"));
    QCOMPARE(info.value(QStringLiteral("jetstream")).toBool(), true);
}

void TstNatsServerProcess::twoNodesFormACluster()
{
    NatsServerProcess a;
    NatsServerProcess b;
    a.options().clusterName = b.options().clusterName = QStringLiteral("desk");
    a.options().routePorts = {b.clusterPort()};
    b.options().routePorts = {a.clusterPort()};
    QString error;
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    QVERIFY2(a.waitForLog(QStringLiteral("Route connection created"), 10000), qPrintable(a.log()));
    // Each node tells its clients where the other one listens.
    QTRY_VERIFY_WITH_TIMEOUT(serverInfo(a.clientPort())
                                 .value(QStringLiteral("connect_urls"))
                                 .toArray()
                                 .contains(QStringLiteral("127.0.0.1:%1").arg(b.clientPort())),
                             10000);
}

void TstNatsServerProcess::tlsOnTheClientPortMakesATlsUrl()
{
    feeddeck::testing::TestCertificates certificates;
    QString error;
    QVERIFY2(certificates.make(&error), qPrintable(error));
    NatsServerProcess server;
    server.options().tlsCertFile = certificates.path(QStringLiteral("server.pem"));
    server.options().tlsKeyFile = certificates.path(QStringLiteral("server.key"));
    QVERIFY2(server.start(&error), qPrintable(error));
    QCOMPARE(server.clientUrl().scheme(), QStringLiteral("tls"));
    QCOMPARE(serverInfo(server.clientPort()).value(QStringLiteral("tls_required")).toBool(), true);
}

QTEST_GUILESS_MAIN(TstNatsServerProcess)
#include "tst_natsserverprocess.moc"
