#include "SimTestClient.h"

#include "core/Version.h"

#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>

#include <sys/types.h>

namespace {

constexpr int kWaitMs = 10000;

QString simExecutable()
{
    return QStringLiteral(FEEDDECK_SIM_EXECUTABLE);
}

} // namespace

class TstSimCli : public QObject
{
    Q_OBJECT

private slots:
    void printsOneListeningLineAndServesUntilTerminated_data();
    void printsOneListeningLineAndServesUntilTerminated();
    void durationEndsTheRun();
    void invalidOptionsExitWithUsageError_data();
    void invalidOptionsExitWithUsageError();
    void busyPortExitsWithRuntimeFailure();
    void versionPrintsTheVersion();
    void helpListsTheOptions();
};

void TstSimCli::printsOneListeningLineAndServesUntilTerminated_data()
{
    QTest::addColumn<int>("stopSignal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TstSimCli::printsOneListeningLineAndServesUntilTerminated()
{
    QFETCH(int, stopSignal);
    QProcess sim;
    sim.start(simExecutable(), {QStringLiteral("--rate"), QStringLiteral("50"), QStringLiteral("--seed"),
                                QStringLiteral("11")});
    QVERIFY2(sim.waitForStarted(kWaitMs), qPrintable(sim.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), kWaitMs);

    const QByteArray line = sim.readLine();
    QVERIFY(line.endsWith('\n'));
    QJsonParseError error;
    const QJsonObject listening = QJsonDocument::fromJson(line, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(listening.keys(), (QStringList{"event", "port", "url"}));
    QCOMPARE(listening.value(QStringLiteral("event")).toString(), QStringLiteral("listening"));
    const int port = listening.value(QStringLiteral("port")).toInt();
    QVERIFY(port > 0 && port < 65536);
    QCOMPARE(listening.value(QStringLiteral("url")).toString(), QStringLiteral("ws://127.0.0.1:%1").arg(port));

    // It serves the advertised URL.
    SimTestClient client;
    QVERIFY(client.open(QUrl(listening.value(QStringLiteral("url")).toString() + QStringLiteral("/market"))));
    client.send({{"type", "subscribe"}, {"product_ids", QJsonArray{"ETH-USD"}}, {"channels", QJsonArray{"ticker"}}});
    QTRY_VERIFY_WITH_TIMEOUT(client.count(QStringLiteral("ticker")) >= 5, kWaitMs);

    QCOMPARE(::kill(pid_t(sim.processId()), stopSignal), 0);
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
    QCOMPARE(sim.readAllStandardOutput(), QByteArray()); // exactly one line
    QTRY_COMPARE_WITH_TIMEOUT(client.socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
}

void TstSimCli::durationEndsTheRun()
{
    QProcess sim;
    sim.start(simExecutable(), {QStringLiteral("--duration"), QStringLiteral("0.3")});
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
    QVERIFY(sim.readAllStandardOutput().startsWith("{\"event\":\"listening\""));
}

void TstSimCli::invalidOptionsExitWithUsageError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << QStringList{"--bogus"} << "bogus";
    QTest::newRow("missing value") << QStringList{"--port"} << "port";
    QTest::newRow("port not a number") << QStringList{"--port", "abc"} << "--port";
    QTest::newRow("port out of range") << QStringList{"--port", "70000"} << "--port";
    QTest::newRow("negative port") << QStringList{"--port", "-1"} << "--port";
    QTest::newRow("negative rate") << QStringList{"--rate", "-2"} << "--rate";
    QTest::newRow("rate not a number") << QStringList{"--rate", "nan"} << "--rate";
    QTest::newRow("rate with a comma") << QStringList{"--rate", "2,5"} << "--rate";
    QTest::newRow("seed not a number") << QStringList{"--seed", "x"} << "--seed";
    QTest::newRow("zero duration") << QStringList{"--duration", "0"} << "--duration";
    QTest::newRow("host not an address") << QStringList{"--host", "not-a-host"} << "--host";
    QTest::newRow("stray argument") << QStringList{"extra"} << "extra";
}

void TstSimCli::invalidOptionsExitWithUsageError()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QProcess sim;
    sim.start(simExecutable(), arguments);
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 2);
    QCOMPARE(sim.readAllStandardOutput(), QByteArray());
    const QString stderrText = QString::fromUtf8(sim.readAllStandardError());
    QVERIFY2(stderrText.contains(mentions), qPrintable(stderrText));
}

void TstSimCli::busyPortExitsWithRuntimeFailure()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QProcess sim;
    sim.start(simExecutable(), {QStringLiteral("--port"), QString::number(occupant.serverPort())});
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitCode(), 1);
    QCOMPARE(sim.readAllStandardOutput(), QByteArray());
    QVERIFY(sim.readAllStandardError().contains(QByteArray::number(occupant.serverPort())));
}

void TstSimCli::versionPrintsTheVersion()
{
    QProcess sim;
    sim.start(simExecutable(), {QStringLiteral("--version")});
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitCode(), 0);
    QCOMPARE(sim.readAllStandardOutput().trimmed(), QByteArray("feeddeck-sim ") + feeddeck::kVersion);
}

void TstSimCli::helpListsTheOptions()
{
    QProcess sim;
    sim.start(simExecutable(), {QStringLiteral("--help")});
    QVERIFY(sim.waitForFinished(kWaitMs));
    QCOMPARE(sim.exitCode(), 0);
    const QByteArray help = sim.readAllStandardOutput();
    for (const char *option : {"--host", "--port", "--rate", "--seed", "--duration", "--version"})
        QVERIFY2(help.contains(option), option);
}

QTEST_GUILESS_MAIN(TstSimCli)
#include "tst_simcli.moc"
