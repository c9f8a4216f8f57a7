// `feeddeck relay` end to end: the built binary against a real nats-server. Usage errors exit 2
// naming the option; a demo run publishes and its --stats file carries the relay's counters,
// also when NATS was never there.
#include "../support/NatsServerProcess.h"
#include "../support/NatsTestClient.h"

#include "core/codec/nats/NatsSubject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using feeddeck::testing::NatsServerProcess;
using feeddeck::testing::NatsTestClient;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray err;
};

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"FEEDDECK_NATS_USER", "FEEDDECK_NATS_PASSWORD", "FEEDDECK_NATS_TOKEN"})
        env.remove(QString::fromLatin1(name));
    return env;
}

Run runFeeddeck(const QStringList &arguments, const QProcessEnvironment &env = cleanEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FEEDDECK_BINARY), arguments);
    // Not waitForFinished: the test's own sockets (the subscriber) must keep being served.
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 60000)) {
        process.kill();
        process.waitForFinished();
    }
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardError()};
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TstRelayCli : public QObject
{
    Q_OBJECT

private slots:
    void badUsageExits2NamingTheOption_data();
    void badUsageExits2NamingTheOption();
    void helpDescribesTheRelay();
    void demoRunPublishesAndReportsItInStats();
    void credentialsComeFromTheEnvironment();
    void statsAreRightWhenNatsWasNeverThere();
    void sigtermEndsARelayRunWithItsStats();
};

void TstRelayCli::badUsageExits2NamingTheOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString nats = QStringLiteral("nats://127.0.0.1:4222");
    QTest::newRow("no --nats") << QStringList{"relay", "--demo"} << "--nats";
    QTest::newRow("no workspace") << QStringList{"relay", "--nats", nats} << "--config";
    QTest::newRow("demo and config") << QStringList{"relay", "--demo", "--config", "x.json", "--nats", nats} << "--demo";
    QTest::newRow("no scheme") << QStringList{"relay", "--demo", "--nats", "127.0.0.1:4222"} << "got \"127.0.0.1:4222\"";
    QTest::newRow("ws scheme") << QStringList{"relay", "--demo", "--nats", "ws://127.0.0.1:8080"} << "nats://HOST:PORT";
    QTest::newRow("bad prefix") << QStringList{"relay", "--demo", "--nats", nats, "--subject-prefix", "desk.>"}
                                << "--subject-prefix";
    QTest::newRow("unreadable CA") << QStringList{"relay", "--demo", "--nats", "tls://127.0.0.1:4222", "--nats-ca",
                                                  "/nonexistent/ca.pem"}
                                   << "--nats-ca";
    QTest::newRow("CA without tls") << QStringList{"relay", "--demo", "--nats", nats, "--nats-ca", "/etc/hostname"}
                                    << "tls://";
    QTest::newRow("bad buffer") << QStringList{"relay", "--demo", "--nats", nats, "--buffer", "lots"} << "--buffer";
    QTest::newRow("user without password") << QStringList{"relay", "--demo", "--nats", nats, "--nats-user", "desk"}
                                           << "--nats-password";
    QTest::newRow("bad duration") << QStringList{"relay", "--demo", "--nats", nats, "--duration", "soon"} << "--duration";
    QTest::newRow("bad history") << QStringList{"relay", "--demo", "--nats", nats, "--history", "an hour"} << "--history";
    QTest::newRow("history in bare seconds") << QStringList{"relay", "--demo", "--nats", nats, "--history", "3600"}
                                             << "such as 1h";
    QTest::newRow("bad history bytes") << QStringList{"relay", "--demo", "--nats", nats, "--history-bytes", "huge"}
                                       << "--history-bytes";
    QTest::newRow("unknown option") << QStringList{"relay", "--demo", "--nats", nats, "--replay", "1h"} << "replay";
}

void TstRelayCli::badUsageExits2NamingTheOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runFeeddeck(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(mentions.toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains("feeddeck relay --help"), run.err.constData());
}

void TstRelayCli::helpDescribesTheRelay()
{
    QProcess process;
    process.start(QStringLiteral(FEEDDECK_BINARY), {"relay", "--help"});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray out = process.readAllStandardOutput();
    for (const char *text : {"--nats", "--nats-token", "--subject-prefix", "--buffer", "FEEDDECK_NATS_PASSWORD", "$status"})
        QVERIFY2(out.contains(text), text);
}

void TstRelayCli::demoRunPublishesAndReportsItInStats()
{
    if (NatsServerProcess::program().isEmpty())
        QSKIP("nats-server is not installed (/usr/sbin/nats-server): packaging/bootstrap.sh deps installs it");
    NatsServerProcess nats;
    QString error;
    QVERIFY2(nats.start(&error), qPrintable(error));
    NatsTestClient subscriber;
    QVERIFY(subscriber.open(nats.clientPort(), {}, "desk.>"));
    QTemporaryDir dir;
    const QString stats = dir.filePath(QStringLiteral("stats.json"));
    const Run run = runFeeddeck({"relay", "--demo", "--nats", nats.clientUrl().toString(), "--subject-prefix", "desk",
                                 "--duration", "2", "--stats", stats});
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const QJsonObject root = readJson(stats);
    QCOMPARE(root.value("version").toInt(), 1);
    QCOMPARE(root.value("feeds").toArray().size(), 2);
    QCOMPARE(root.value("feeds").toArray().at(0).toObject().value("state").toString(), QStringLiteral("live"));
    const QJsonObject relay = root.value("relay").toObject();
    QCOMPARE(relay.value("nats_url").toString(), nats.clientUrl().toString());
    QCOMPARE(relay.value("server").toString(), nats.clientUrl().toString());
    QCOMPARE(relay.value("connected").toBool(), true);
    QCOMPARE(relay.value("connects").toInt(), 1);
    QCOMPARE(relay.value("disconnects").toInt(), 0);
    QCOMPARE(relay.value("dropped").toInt(), 0);
    QCOMPARE(relay.value("oversize").toInt(), 0);
    QCOMPARE(relay.value("buffered").toInt(), 0);
    QVERIFY(relay.value("last_error").isNull());
    QVERIFY(relay.value("dropped_by_feed").toObject().isEmpty());
    // This server runs without JetStream: no history, and the reason.
    const QJsonObject history = relay.value("history").toObject();
    QCOMPARE(history.value("state").toString(), QStringLiteral("unavailable"));
    QCOMPARE(history.value("stream").toString(), QStringLiteral("DESK"));
    QCOMPARE(history.value("max_age_s").toInteger(), 3600);
    QVERIFY2(history.value("error").toString().contains(QStringLiteral("without JetStream")),
             qPrintable(history.value("error").toString()));
    const qint64 published = relay.value("published").toInteger();
    QVERIFY2(published >= 8, qPrintable(QString::number(published)));
    QVERIFY(relay.value("bytes").toInteger() > published * 50);
    QCOMPARE(relay.value("received").toInteger(), published);
    // Every update it counted reached the subscriber, once ($status reports besides).
    QTRY_COMPARE_WITH_TIMEOUT(qint64(subscriber.updates().size()), published, 5000);
    QCOMPARE(qint64(subscriber.messages().size() - subscriber.updates().size()), relay.value("statuses").toInteger());
    const auto first = feeddeck::codec::nats::parseSubject(subscriber.updates().constFirst().subject);
    QVERIFY(first);
    QVERIFY(first->feedId == QLatin1String("market") || first->feedId == QLatin1String("stock"));
}

void TstRelayCli::credentialsComeFromTheEnvironment()
{
    if (NatsServerProcess::program().isEmpty())
        QSKIP("nats-server is not installed");
    NatsServerProcess nats;
    nats.options().user = QStringLiteral("desk");
    nats.options().password = QStringLiteral("from env");
    QString error;
    QVERIFY2(nats.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString stats = dir.filePath(QStringLiteral("stats.json"));
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("FEEDDECK_NATS_USER"), QStringLiteral("desk"));
    env.insert(QStringLiteral("FEEDDECK_NATS_PASSWORD"), QStringLiteral("from env"));
    Run run = runFeeddeck({"relay", "--demo", "--nats", nats.clientUrl().toString(), "--duration", "1", "--stats", stats}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(readJson(stats).value("relay").toObject().value("connected").toBool(), true);

    // An option overrides the environment: a wrong password is refused and the report names it.
    run = runFeeddeck({"relay", "--demo", "--nats", nats.clientUrl().toString(), "--nats-password", "wrong",
                       "--duration", "1", "--stats", stats}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject relay = readJson(stats).value("relay").toObject();
    QCOMPARE(relay.value("connected").toBool(), false);
    QVERIFY2(relay.value("last_error").toString().contains("--nats-password"), qPrintable(relay.value("last_error").toString()));
    QVERIFY(!run.err.contains("from env")); // secrets are not echoed
}

void TstRelayCli::statsAreRightWhenNatsWasNeverThere()
{
    const quint16 port = NatsServerProcess::freePort();
    const QString url = QStringLiteral("nats://127.0.0.1:%1").arg(port);
    QTemporaryDir dir;
    const QString stats = dir.filePath(QStringLiteral("stats.json"));
    const Run run = runFeeddeck({"relay", "--demo", "--nats", url, "--duration", "1.5", "--buffer", "64KiB", "--stats", stats});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject root = readJson(stats);
    // The feeds ran regardless.
    QCOMPARE(root.value("feeds").toArray().at(0).toObject().value("state").toString(), QStringLiteral("live"));
    const QJsonObject relay = root.value("relay").toObject();
    QCOMPARE(relay.value("connected").toBool(), false);
    QVERIFY(relay.value("server").isNull());
    QCOMPARE(relay.value("connects").toInt(), 0);
    QCOMPARE(relay.value("published").toInt(), 0);
    QVERIFY2(relay.value("last_error").toString().contains(url), qPrintable(relay.value("last_error").toString()));
    // Everything the feeds produced is either waiting or counted as dropped, per feed.
    const qint64 buffered = relay.value("buffered").toInteger();
    const qint64 dropped = relay.value("dropped").toInteger();
    QCOMPARE(buffered + dropped, relay.value("received").toInteger());
    QVERIFY(buffered > 0);
    QVERIFY(relay.value("buffered_bytes").toInteger() <= 64 * 1024);
    qint64 byFeed = 0;
    for (const QJsonValue v : relay.value("dropped_by_feed").toObject())
        byFeed += v.toInteger();
    QCOMPARE(byFeed, dropped);
    // The relay stopped taking updates just before the feeds' counters were read.
    qint64 updates = 0;
    for (const QJsonValue f : root.value("feeds").toArray())
        updates += f.toObject().value("updates").toInteger();
    QVERIFY(relay.value("received").toInteger() > 0);
    QVERIFY(relay.value("received").toInteger() <= updates);
}

void TstRelayCli::sigtermEndsARelayRunWithItsStats()
{
    QTemporaryDir dir;
    const QString stats = dir.filePath(QStringLiteral("stats.json"));
    QProcess process;
    process.setProcessEnvironment(cleanEnvironment());
    process.start(QStringLiteral(FEEDDECK_BINARY),
                  {"relay", "--demo", "--nats", QStringLiteral("nats://127.0.0.1:%1").arg(NatsServerProcess::freePort()),
                   "--stats", stats});
    QVERIFY(process.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("feeddeck relay:"), 10000);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(readJson(stats).contains("relay"));
}

QTEST_GUILESS_MAIN(TstRelayCli)
#include "tst_relaycli.moc"
