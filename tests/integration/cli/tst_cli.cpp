// The feeddeck command line end to end: headless snapshot export and stats on the
// built-in demo, the window's screenshot, invalid workspaces and failed exports.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runFeeddeck(const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FEEDDECK_BINARY), arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    }
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
               process.readAllStandardError()};
}

QList<QByteArrayList> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArrayList> rows;
    // The demo's cells hold no quotes or commas, so a plain split is exact here.
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.isEmpty())
            rows.append(line.chopped(line.endsWith('\r') ? 1 : 0).split(','));
    return rows;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

} // namespace

class TstCli : public QObject
{
    Q_OBJECT

private slots:
    void headlessDemoExportWritesALiveSnapshotAndStats();
    void numbersKeepTheDecimalPointUnderAGermanLocale();
    void exportToStdoutWritesTheCsvThere();
    void exportIntoAMissingFolderFailsWithExit1AndLeavesNoFile();
    void invalidWorkspaceExits2NamingFileAndJsonPath_data();
    void invalidWorkspaceExits2NamingFileAndJsonPath();
    void badUsageExits2WithAHint_data();
    void badUsageExits2WithAHint();
    void versionAndHelpExit0();
    void helpNamesTheWorkspaceFileExitCodesAndACronLine();
    void sigtermEndsAHeadlessRunWithItsExports();
    void windowRunSavesAScreenshotAndCountsFrames();
    void windowOnAnInvalidWorkspaceSaysWhyKeepsTheFileAndExits2();
};

void TstCli::headlessDemoExportWritesALiveSnapshotAndStats()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("snap.csv");
    const QString stats = dir.filePath("stats.json");
    const Run run = runFeeddeck({"--headless", "--demo", "--duration", "2", "--export-csv", csv, "--stats", stats});
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const QList<QByteArrayList> rows = readCsv(csv);
    const QByteArrayList header{"feed", "symbol", "price", "bid", "ask", "bid_size", "ask_size", "size", "open_24h",
                                "high_24h", "low_24h", "volume_24h", "change_pct", "change_session", "change_session_pct",
                                "on_hand", "delta", "source_time",
                                "received_time", "age_ms", "status"};
    QCOMPARE(rows.value(0), header);
    const auto col = [&header](const char *name) { return int(header.indexOf(name)); };
    // 8 instruments, then one row per SKU and warehouse (15 in the simulator's catalogue).
    QCOMPARE(rows.size(), 1 + 8 + 15);
    const QByteArrayList symbols{"BTC-USD", "ETH-USD", "SOL-USD", "LTC-USD", "AAPL", "MSFT", "NVDA", "EUR-USD"};
    for (int i = 1; i < rows.size(); ++i) {
        const QByteArrayList &r = rows.at(i);
        QCOMPARE(r.size(), header.size());
        bool ok = false;
        if (i <= 8) {
            QCOMPARE(r.at(0), QByteArray("Market (simulated)"));
            QCOMPARE(r.at(1), symbols.at(i - 1));
            const double price = r.at(col("price")).toDouble(&ok);
            QVERIFY2(ok && price > 0, r.at(col("price")).constData());
            QVERIFY(r.at(col("bid")).toDouble() < price && price < r.at(col("ask")).toDouble());
            QVERIFY(r.at(col("on_hand")).isEmpty());
        } else {
            QCOMPARE(r.at(0), QByteArray("Warehouse stock (simulated)"));
            QVERIFY2(QRegularExpression("^SKU-\\d{4}/WH-(EAST|WEST|NORTH)$").match(QString::fromLatin1(r.at(1))).hasMatch(),
                     r.at(1).constData());
            QVERIFY(r.at(col("price")).isEmpty());
            QVERIFY2(r.at(col("on_hand")).toLongLong(&ok) >= 0 && ok, r.at(col("on_hand")).constData()); // integers stay integers
            r.at(col("delta")).toLongLong(&ok);
            QVERIFY(ok);
        }
        QVERIFY(QDateTime::fromString(QString::fromLatin1(r.at(col("received_time"))), Qt::ISODateWithMs).isValid());
        QVERIFY(r.at(col("received_time")).endsWith('Z'));
        QVERIFY(r.at(col("age_ms")).toLongLong(&ok) >= 0 && ok);
        QCOMPARE(r.at(col("status")), QByteArray("live"));
    }

    QFile statsFile(stats);
    QVERIFY(statsFile.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(statsFile.readAll()).object();
    QCOMPARE(root.value("version").toInt(), 1);
    QVERIFY(root.value("duration_ms").toInteger() >= 2000);
    QVERIFY(!root.contains("ui")); // no window was shown
    QCOMPARE(root.value("feeds").toArray().size(), 2);
    QCOMPARE(root.value("feeds").toArray().at(1).toObject().value("state").toString(), QStringLiteral("live"));
    const QJsonObject feed = root.value("feeds").toArray().at(0).toObject();
    QCOMPARE(feed.value("id").toString(), QStringLiteral("market"));
    QCOMPARE(feed.value("state").toString(), QStringLiteral("live"));
    QCOMPARE(feed.value("connects").toInt(), 1);
    QVERIFY(feed.value("messages").toInteger() >= 8);
    QCOMPARE(feed.value("messages").toInteger(),
             feed.value("updates").toInteger() + feed.value("ignored").toInteger() + feed.value("bad_messages").toInteger());
    QCOMPARE(feed.value("bad_messages").toInt(), 0);
    // The ping sent with the subscription was answered by the simulator.
    const QJsonObject rtt = feed.value("rtt_ms").toObject();
    QVERIFY2(rtt.value("last").isDouble() && rtt.value("last").toDouble() >= 0.0, qPrintable(QJsonDocument(rtt).toJson()));
    QCOMPARE(rtt.value("median_1m").toDouble(), rtt.value("last").toDouble());
}

void TstCli::numbersKeepTheDecimalPointUnderAGermanLocale()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("snap.csv");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LC_ALL", "de_DE.UTF-8");
    env.insert("LANG", "de_DE.UTF-8");
    env.insert("QT_LOGGING_RULES", "feeddeck.app.debug=true");
    const Run run = runFeeddeck({"--headless", "--demo", "--duration", "1.5", "--export-csv", csv}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // The German locale took effect in the child, in Qt and in the C library (a locale that is not
    // installed leaves the C library on "C" with '.': then this test would prove nothing).
    QVERIFY2(run.err.contains("locale: Qt de_DE decimal point ',', C library de_DE.UTF-8 decimal point ','"),
             run.err.constData());
    const QList<QByteArrayList> rows = readCsv(csv);
    QVERIFY(rows.size() > 9);
    int withDecimals = 0;
    for (int i = 1; i <= 8; ++i) {
        QCOMPARE(rows.at(i).size(), rows.at(0).size()); // a decimal comma would have split cells
        for (int column = 2; column <= 12; ++column) {
            bool ok = false;
            rows.at(i).at(column).toDouble(&ok); // QByteArray::toDouble reads the C locale only
            QVERIFY2(ok, rows.at(i).at(column).constData());
            withDecimals += rows.at(i).at(column).contains('.') ? 1 : 0;
        }
    }
    QVERIFY(withDecimals > 20); // prices and sizes carry fractions, written with '.'
}

void TstCli::exportToStdoutWritesTheCsvThere()
{
    const Run run = runFeeddeck({"--headless", "--demo", "--duration", "1", "--export-csv", "-"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("feed,symbol,price,"));
    QVERIFY(run.out.count('\n') >= 1 + 8 + 8); // every instrument, and every SKU at least once
}

void TstCli::exportIntoAMissingFolderFailsWithExit1AndLeavesNoFile()
{
    QTemporaryDir dir;
    const QString target = dir.filePath("no/such/folder/snap.csv");
    const Run run = runFeeddeck({"--headless", "--demo", "--duration", "0.5", "--export-csv", target});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("does not exist"), run.err.constData());
    QVERIFY(run.err.contains(target.toUtf8()));
    QVERIFY(!QFile::exists(target));
    QVERIFY(!QDir(dir.filePath("no")).exists()); // folders are never created
}

void TstCli::invalidWorkspaceExits2NamingFileAndJsonPath_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("not json") << QByteArray("{\"version\": 1,\n  feeds: []}") << QByteArray("line 2");
    QTest::newRow("wrong version") << QByteArray(R"({"version": 7, "feeds": []})") << QByteArray("version");
    QTest::newRow("http url") << QByteArray(
        R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase","url":"ws://x/"},{"id":"b","protocol":"coinbase","url":"http://x/"}]})")
                              << QByteArray("feeds[1].url");
    QTest::newRow("missing url") << QByteArray(R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase"}]})")
                                 << QByteArray("feeds[0].url");
    QTest::newRow("unknown protocol") << QByteArray(R"({"version":1,"feeds":[{"id":"a","protocol":"kraken","url":"ws://x/"}]})")
                                      << QByteArray("feeds[0].protocol");
    QTest::newRow("duplicate ids") << QByteArray(
        R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase","url":"ws://x/"},{"id":"a","protocol":"coinbase","url":"ws://y/"}]})")
                                   << QByteArray("feeds[1].id");
    QTest::newRow("wrong type") << QByteArray(R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase","url":"ws://x/","symbols":"BTC-USD"}]})")
                                << QByteArray("feeds[0].symbols");
    QTest::newRow("negative duration") << QByteArray(
        R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase","url":"ws://x/","stale_after_ms":-5}]})")
                                       << QByteArray("feeds[0].stale_after_ms");
}

void TstCli::invalidWorkspaceExits2NamingFileAndJsonPath()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, expected);
    QTemporaryDir dir;
    const QString path = writeFile(dir, "workspace.json", content);
    const Run run = runFeeddeck({"--headless", "--config", path, "--duration", "1", "--export-csv", dir.filePath("x.csv")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(path.toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains(expected), run.err.constData());
    QVERIFY(!QFile::exists(dir.filePath("x.csv")));
    QFile kept(path);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), content); // the user's file is never touched
}

void TstCli::badUsageExits2WithAHint_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << QByteArray("frobnicate");
    QTest::newRow("zero duration") << QStringList{"--headless", "--demo", "--duration", "0"} << QByteArray("--duration");
    QTest::newRow("text duration") << QStringList{"--headless", "--demo", "--duration", "soon"} << QByteArray("soon");
    QTest::newRow("demo and config") << QStringList{"--demo", "--config", "x.json"} << QByteArray("--demo and --config");
    QTest::newRow("screenshot headless") << QStringList{"--headless", "--screenshot", "x.png"} << QByteArray("--screenshot");
    QTest::newRow("missing config") << QStringList{"--headless", "--config", "/no/such/workspace.json", "--duration", "1"}
                                    << QByteArray("/no/such/workspace.json");
}

void TstCli::badUsageExits2WithAHint()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, expected);
    const Run run = runFeeddeck(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), run.err.constData());
}

void TstCli::versionAndHelpExit0()
{
    const Run version = runFeeddeck({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("feeddeck "));
    const Run help = runFeeddeck({"--help"});
    QCOMPARE(help.exitCode, 0);
    for (const char *option : {"--config", "--demo", "--headless", "--duration", "--export-csv", "--stats", "--screenshot"})
        QVERIFY2(help.out.contains(option), option);
}

void TstCli::helpNamesTheWorkspaceFileExitCodesAndACronLine()
{
    // QCommandLineParser adds --help-all as well: it must show the help, not start a run.
    for (const char *option : {"--help", "--help-all"}) {
        const Run help = runFeeddeck({option});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: feeddeck [options]"), help.out.left(80).constData());
        for (const char *text : {"$XDG_CONFIG_HOME/feeddeck/workspace.json", "Exit codes:", "  2  bad usage",
                                 "* * * * * feeddeck --headless --config"})
            QVERIFY2(help.out.contains(text), text);
    }
}

void TstCli::sigtermEndsAHeadlessRunWithItsExports()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("snap.csv");
    QProcess process;
    process.start(QStringLiteral(FEEDDECK_BINARY), {"--headless", "--demo", "--export-csv", csv});
    QVERIFY(process.waitForStarted());
    QVERIFY(!process.waitForFinished(1000)); // without --duration it keeps running
    process.terminate();                     // SIGTERM, as a service manager or kill(1) sends it
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QList<QByteArrayList> rows = readCsv(csv);
    // Header, every instrument, every SKU at least once (per warehouse once data arrived).
    QVERIFY2(rows.size() >= 1 + 8 + 8 && rows.size() <= 1 + 8 + 15, qPrintable(QString::number(rows.size())));
}

void TstCli::windowRunSavesAScreenshotAndCountsFrames()
{
    QTemporaryDir dir;
    const QString png = dir.filePath("shot.png");
    const QString stats = dir.filePath("stats.json");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    const qint64 launchedMs = QDateTime::currentMSecsSinceEpoch();
    const Run run = runFeeddeck({"--demo", "--duration", "2", "--screenshot", png, "--stats", stats}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile image(png);
    QVERIFY(image.open(QIODevice::ReadOnly));
    const QByteArray bytes = image.readAll();
    QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
    QVERIFY(bytes.size() > 10000); // a rendered table, not an empty image
    QFile statsFile(stats);
    QVERIFY(statsFile.open(QIODevice::ReadOnly));
    const QJsonObject ui = QJsonDocument::fromJson(statsFile.readAll()).object().value("ui").toObject();
    QVERIFY(ui.value("frames").toInteger() > 0);
    QVERIFY(ui.value("max_frame_gap_ms").toDouble() > 0);
    // The demo's first quotes were drawn during the run (the cold-start figure).
    const qint64 firstValueMs = ui.value("first_value_ms").toInteger(-1);
    QVERIFY2(firstValueMs >= launchedMs && firstValueMs <= QDateTime::currentMSecsSinceEpoch(),
             QByteArray::number(firstValueMs - launchedMs).constData());
}

void TstCli::windowOnAnInvalidWorkspaceSaysWhyKeepsTheFileAndExits2()
{
    QTemporaryDir dir;
    const QByteArray content = R"({"version":1,"feeds":[{"id":"a","protocol":"coinbase","url":"http://x/"}]})";
    const QString path = writeFile(dir, "workspace.json", content);
    const QString png = dir.filePath("shot.png");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    const Run run = runFeeddeck({"--config", path, "--duration", "1", "--screenshot", png}, env);
    // The window showed the problem (and offered the demo); nobody took it, so the run ends as invalid.
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(path.toUtf8()) && run.err.contains("feeds[0].url"), run.err.constData());
    QVERIFY(QFile::exists(png));
    QFile kept(path);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), content);
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
