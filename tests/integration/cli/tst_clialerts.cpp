// (No raw string literals here: moc mis-reads the quotes in them.)
// --alerts-jsonl end to end: the real feeddeck binary, headless on the built-in simulator,
// writes every alert its workspace's rules fire as one JSON line; bad usage is refused at start.
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct AlertsRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

AlertsRun runAlertsFeeddeck(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(FEEDDECK_BINARY), arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    }
    return AlertsRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                     process.readAllStandardOutput(), process.readAllStandardError()};
}

// The simulated market (BTC-USD trades far above 1) with `alerts` (the body of the array).
QString writeAlertsWorkspace(const QTemporaryDir &dir, const QByteArray &alerts)
{
    const QString path = dir.filePath(QStringLiteral("alerts-workspace.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("{\"version\": 1,"
               " \"feeds\": [{\"id\": \"market\", \"name\": \"Market\", \"protocol\": \"coinbase\","
               " \"url\": \"sim://market\", \"symbols\": [\"BTC-USD\", \"ETH-USD\", \"SOL-USD\"]}],"
               " \"alerts\": [" + alerts + "]}");
    return path;
}

const QByteArray kRules =
    "{\"id\": \"btc-high\", \"feed\": \"market\", \"symbol\": \"BTC-USD\", \"field\": \"price\", \"when\": \"above\","
    " \"value\": 1, \"cooldown_s\": 0, \"enabled\": true, \"note\": \"BTC over 1\"},"
    " {\"id\": \"every-symbol\", \"feed\": \"market\", \"symbol\": \"*\", \"when\": \"above\", \"value\": 0,"
    " \"severity\": \"info\"},"
    " {\"id\": \"nvda-quiet\", \"feed\": \"market\", \"symbol\": \"NVDA\", \"when\": \"silent_for_s\", \"value\": 0.5,"
    " \"severity\": \"critical\"},"
    " {\"id\": \"off\", \"feed\": \"market\", \"when\": \"above\", \"value\": 0, \"enabled\": false}";

QList<QJsonObject> jsonLines(const QByteArray &text, QString *problem)
{
    QList<QJsonObject> lines;
    if (!text.isEmpty() && !text.endsWith('\n'))
        *problem = QStringLiteral("the last line is not ended");
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            *problem = QStringLiteral("not a JSON object: ") + QString::fromUtf8(line);
        lines.append(document.object());
    }
    return lines;
}

} // namespace

class TstCliAlerts : public QObject
{
    Q_OBJECT

private slots:
    void headlessRunWritesEachFiredAlertAsOneJsonLine();
    void alertsGoToStdoutWithDash();
    void unwritablePathFailsAtStartWithExit2();
    void windowRunRefusesAlertsJsonl();
    void invalidAlertRuleExits2NamingItsJsonPath();
};

void TstCliAlerts::headlessRunWritesEachFiredAlertAsOneJsonLine()
{
    QTemporaryDir dir;
    const QString jsonl = dir.filePath(QStringLiteral("alerts.jsonl"));
    const AlertsRun run = runAlertsFeeddeck({"--headless", "--config", writeAlertsWorkspace(dir, kRules), "--duration",
                                             "2", "--alerts-jsonl", jsonl});
    QVERIFY2(run.exitCode == 0, run.err.constData());

    QFile file(jsonl);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString problem;
    const QList<QJsonObject> lines = jsonLines(file.readAll(), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const QSet<QString> keys{"time", "rule", "feed", "symbol", "field", "value", "severity", "when", "note"};
    const QRegularExpression isoMs(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    QMultiHash<QString, QString> symbolsByRule;
    for (const QJsonObject &line : lines) {
        const QStringList lineKeys = line.keys();
        QCOMPARE(QSet<QString>(lineKeys.cbegin(), lineKeys.cend()), keys);
        const QString time = line.value("time").toString();
        QVERIFY2(isoMs.match(time).hasMatch(), qPrintable(time));
        QVERIFY(QDateTime::fromString(time, Qt::ISODateWithMs).isValid());
        QCOMPARE(line.value("feed").toString(), QStringLiteral("market"));
        QVERIFY(line.value("value").isDouble());
        symbolsByRule.insert(line.value("rule").toString(), line.value("symbol").toString());
    }

    // Edge-triggered on a price that stays above 1: exactly one line, with everything it says.
    QCOMPARE(symbolsByRule.values(QStringLiteral("btc-high")), QStringList{QStringLiteral("BTC-USD")});
    const auto btc = std::find_if(lines.cbegin(), lines.cend(),
                                  [](const QJsonObject &l) { return l.value("rule").toString() == "btc-high"; });
    QCOMPARE(btc->value("field").toString(), QStringLiteral("price"));
    QVERIFY(btc->value("value").toDouble() > 1);
    QCOMPARE(btc->value("severity").toString(), QStringLiteral("warning"));
    QCOMPARE(btc->value("when").toString(), QStringLiteral("above"));
    QCOMPARE(btc->value("note").toString(), QStringLiteral("BTC over 1"));
    // A "*" rule: once for each subscribed symbol, none twice.
    QStringList every = symbolsByRule.values(QStringLiteral("every-symbol"));
    every.sort();
    QCOMPARE(every, (QStringList{"BTC-USD", "ETH-USD", "SOL-USD"}));
    // NVDA is not subscribed: silent from the start, once per silence.
    QCOMPARE(symbolsByRule.values(QStringLiteral("nvda-quiet")), QStringList{QStringLiteral("NVDA")});
    QVERIFY(!symbolsByRule.contains(QStringLiteral("off")));
    QCOMPARE(lines.size(), 1 + 3 + 1);
}

void TstCliAlerts::alertsGoToStdoutWithDash()
{
    QTemporaryDir dir;
    const AlertsRun run = runAlertsFeeddeck(
        {"--headless", "--config", writeAlertsWorkspace(dir, kRules), "--duration", "1", "--alerts-jsonl", "-"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QString problem;
    const QList<QJsonObject> lines = jsonLines(run.out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
                        [](const QJsonObject &l) { return l.value("rule").toString() == "btc-high"; }));
}

void TstCliAlerts::unwritablePathFailsAtStartWithExit2()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/alerts.jsonl"));
    QElapsedTimer elapsed;
    elapsed.start();
    const AlertsRun run = runAlertsFeeddeck(
        {"--headless", "--config", writeAlertsWorkspace(dir, kRules), "--duration", "30", "--alerts-jsonl", path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(elapsed.elapsed() < 20'000); // at start, not after the run
    QVERIFY2(run.err.contains("--alerts-jsonl: cannot write \"" + path.toUtf8() + "\": no such file or directory"),
             run.err.constData());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("missing"))));
}

void TstCliAlerts::windowRunRefusesAlertsJsonl()
{
    QTemporaryDir dir;
    const AlertsRun run = runAlertsFeeddeck({"--demo", "--alerts-jsonl", dir.filePath(QStringLiteral("a.jsonl"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--alerts-jsonl writes the alerts of a headless run: add --headless"), run.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.jsonl"))));
}

void TstCliAlerts::invalidAlertRuleExits2NamingItsJsonPath()
{
    QTemporaryDir dir;
    const QString workspace =
        writeAlertsWorkspace(dir, "{\"id\": \"a\", \"feed\": \"market\", \"when\": \"above\", \"value\": 1},"
                                  " {\"id\": \"b\", \"feed\": \"market\", \"when\": \"over\", \"value\": 1}");
    const AlertsRun run = runAlertsFeeddeck({"--headless", "--config", workspace, "--duration", "1"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(workspace.toUtf8() + ": alerts[1].when: \"over\" is not a kind of rule; use one of: above, "
                                                  "below, crosses_up, crosses_down, move_pct, spread_above, silent_for_s"),
             run.err.constData());
}

QTEST_GUILESS_MAIN(TstCliAlerts)
#include "tst_clialerts.moc"
