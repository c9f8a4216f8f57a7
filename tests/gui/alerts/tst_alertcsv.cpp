#include "AlertSamples.h"

#include "app/alerts/AlertCsv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace feeddeck;
using feeddeck::testing::sampleAlert;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TstAlertCsv : public QObject
{
    Q_OBJECT

private slots:
    void writesTheExactFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.csv"));
        alert::FiredAlert silence{.timeMs = 1795386137818,
                                  .ruleId = QStringLiteral("quiet"),
                                  .feed = QStringLiteral("cb"),
                                  .symbol = QStringLiteral("*"),
                                  .field = {},
                                  .value = 30,
                                  .severity = alert::Severity::Warning,
                                  .note = QStringLiteral("=call, \"ops\""),
                                  .when = alert::When::SilentFor};
        alert::FiredAlert nan = sampleAlert(2);
        nan.value = std::numeric_limits<double>::quiet_NaN();
        const exporting::ExportResult result = app::alerts::exportAlertCsv(path, {silence, sampleAlert(1), nan});
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(readAll(path),
                 QByteArray("time,rule,feed,symbol,field,value,severity,when,note\r\n"
                            "2026-11-22T22:22:17.818Z,quiet,cb,*,,30,warning,silent_for_s,\"'=call, \"\"ops\"\"\"\r\n"
                            "2026-11-22T22:22:18.818Z,rule-1,cb,BTC-USD,price,1.5,critical,above,note 1\r\n"
                            "2026-11-22T22:22:19.818Z,rule-2,cb,BTC-USD,price,,info,above,note 2\r\n"));
    }

    void aMissingFolderSaysWhatToDoAndLeavesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("gone/alerts.csv"));
        const exporting::ExportResult result = app::alerts::exportAlertCsv(path, {sampleAlert(1)});
        QVERIFY(!result.ok);
        QCOMPARE(result.error,
                 QStringLiteral("Alert log not exported: cannot write \"%1\": the folder \"%2\" does not exist. "
                                "Choose a folder that exists and that you can write to, then export again.")
                     .arg(path, dir.filePath(QStringLiteral("gone"))));
        QVERIFY(QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    }

    void aFailedExportKeepsTheEarlierFileWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.csv"));
        QVERIFY(app::alerts::exportAlertCsv(path, {sampleAlert(1)}).ok);
        const QByteArray before = readAll(path);
        // The target is now a folder's name: the write fails before anything is replaced.
        const QString folder = dir.filePath(QStringLiteral("sub"));
        QVERIFY(QDir().mkpath(folder));
        const exporting::ExportResult result = app::alerts::exportAlertCsv(folder, {sampleAlert(2)});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("it is a folder")), qPrintable(result.error));
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("alerts.csv"), QStringLiteral("sub")}));
    }
};

QTEST_GUILESS_MAIN(TstAlertCsv)

#include "tst_alertcsv.moc"
