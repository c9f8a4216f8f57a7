#include "AlertSamples.h"

#include "app/alerts/AlertLogFile.h"
#include "core/alert/AlertJson.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace feeddeck;
using feeddeck::app::alerts::AlertLogFile;
using feeddeck::testing::sampleAlerts;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QByteArray linesOf(const QList<alert::FiredAlert> &alerts)
{
    QByteArray text;
    for (const alert::FiredAlert &alert : alerts)
        text.append(alert::toJsonLine(alert));
    return text;
}

} // namespace

class TstAlertLogFile : public QObject
{
    Q_OBJECT

private slots:
    void appendsOneLinePerAlertInItsFolderMadeOnFirstUse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("feeddeck/alerts.jsonl"));
        AlertLogFile log(path);
        QVERIFY(log.load().alerts.isEmpty());
        QString error;
        QVERIFY2(log.append(sampleAlerts(1, 2), &error), qPrintable(error));
        QVERIFY2(log.append(sampleAlerts(3, 3), &error), qPrintable(error));
        // Flushed per batch: readable while the log is still open.
        QCOMPARE(readAll(path), linesOf(sampleAlerts(1, 3)));
        QCOMPARE(log.lineCount(), 3);
    }

    void aRestartLoadsTheSameEntries()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.jsonl"));
        QString error;
        {
            AlertLogFile log(path);
            QVERIFY(log.load().alerts.isEmpty());
            QVERIFY2(log.append(sampleAlerts(1, 4), &error), qPrintable(error));
        }
        AlertLogFile again(path);
        const AlertLogFile::Loaded loaded = again.load();
        QCOMPARE(loaded.alerts, sampleAlerts(1, 4));
        QCOMPARE(loaded.damagedLines, 0);
        QVERIFY(loaded.warning.isEmpty());
        // Appending goes on after what was there.
        QVERIFY2(again.append(sampleAlerts(5, 5), &error), qPrintable(error));
        QCOMPARE(readAll(path), linesOf(sampleAlerts(1, 5)));
    }

    void pastItsBoundTheFileIsRewrittenWithTheNewest()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.jsonl"));
        AlertLogFile log(path, 20); // a tenth of slack: rewritten past 22 lines
        QVERIFY(log.load().alerts.isEmpty());
        QString error;
        QVERIFY2(log.append(sampleAlerts(1, 22), &error), qPrintable(error));
        QCOMPARE(log.lineCount(), 22);
        QCOMPARE(readAll(path), linesOf(sampleAlerts(1, 22)));
        QVERIFY2(log.append(sampleAlerts(23, 23), &error), qPrintable(error));
        QCOMPARE(log.lineCount(), 20);
        QCOMPARE(readAll(path), linesOf(sampleAlerts(4, 23)));
        // The rewrite went through a temporary file that is gone; nothing else is left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("alerts.jsonl")});
        // And appending continues on the rewritten file.
        QVERIFY2(log.append(sampleAlerts(24, 24), &error), qPrintable(error));
        QCOMPARE(readAll(path), linesOf(sampleAlerts(4, 24)));
        // A restart keeps only the newest 20.
        AlertLogFile again(path, 20);
        QCOMPARE(again.load().alerts, sampleAlerts(5, 24));
    }

    void damagedLinesAreSkippedCountedAndNamedOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("100%1 alerts.jsonl")); // a '%' is no placeholder
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(linesOf(sampleAlerts(1, 1)));
        file.write("not json at all\n");
        file.write(linesOf(sampleAlerts(2, 2)));
        file.write("{\"time\":\"2026-11-22T22:22:17.818Z\"}\n");
        file.write("\n"); // an empty line is not damage
        file.write(linesOf(sampleAlerts(3, 3)));
        file.close();

        AlertLogFile log(path);
        const AlertLogFile::Loaded loaded = log.load();
        QCOMPARE(loaded.alerts, sampleAlerts(1, 3));
        QCOMPARE(loaded.damagedLines, 2);
        QCOMPARE(loaded.warning, QStringLiteral("alert log \"%1\": line 2 skipped (not a JSON object), and 1 more damaged lines")
                                     .arg(path));
    }

    void aLastLineCutShortIsSkippedAndAppendsStartOnANewLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(linesOf(sampleAlerts(1, 2)));
        file.write(alert::toJsonLine(testing::sampleAlert(3)).left(40)); // a crash mid-write
        file.close();

        AlertLogFile log(path);
        const AlertLogFile::Loaded loaded = log.load();
        QCOMPARE(loaded.alerts, sampleAlerts(1, 2));
        QCOMPARE(loaded.damagedLines, 1);
        QVERIFY(loaded.warning.contains(QStringLiteral("line 3 skipped")));
        QString error;
        QVERIFY2(log.append(sampleAlerts(4, 4), &error), qPrintable(error));
        QCOMPARE(readAll(path), linesOf(sampleAlerts(1, 2)) + linesOf(sampleAlerts(4, 4)));
    }

    void clearLeavesAnEmptyLog()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.jsonl"));
        AlertLogFile log(path);
        QString error;
        QVERIFY2(log.append(sampleAlerts(1, 3), &error), qPrintable(error));
        QVERIFY2(log.clear(&error), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray());
        QVERIFY2(log.append(sampleAlerts(4, 4), &error), qPrintable(error));
        QCOMPARE(readAll(path), linesOf(sampleAlerts(4, 4)));
    }

    void aLogThatCannotBeWrittenSaysWhere()
    {
        QTemporaryDir dir;
        // Its folder is a file: it can never be made.
        QFile blocker(dir.filePath(QStringLiteral("feeddeck")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString path = dir.filePath(QStringLiteral("feeddeck/alerts.jsonl"));
        AlertLogFile log(path);
        QVERIFY(log.load().alerts.isEmpty());
        QString error;
        QVERIFY(!log.append(sampleAlerts(1, 1), &error));
        QCOMPARE(error, QStringLiteral("cannot write the alert log \"%1\": its folder could not be made").arg(path));
    }
};

QTEST_GUILESS_MAIN(TstAlertLogFile)

#include "tst_alertlogfile.moc"
