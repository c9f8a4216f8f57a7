#include "AlertSamples.h"

#include "app/alerts/AlertCenter.h"
#include "app/alerts/AlertText.h"

#include <QDBusConnection>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace feeddeck;
using feeddeck::app::alerts::AlertCenter;
using feeddeck::testing::sampleAlert;
using feeddeck::testing::sampleAlerts;

namespace {

feed::EngineBatchPtr batchOf(const QList<alert::FiredAlert> &alerts)
{
    auto batch = std::make_shared<feed::EngineBatch>();
    batch->alerts = alerts;
    return batch;
}

} // namespace

class TstAlertCenter : public QObject
{
    Q_OBJECT

private slots:
    void theBannerShowsTheMostSevereAlertOfAFrame()
    {
        QTemporaryDir dir;
        AlertCenter center(dir.filePath(QStringLiteral("alerts.jsonl")));
        center.notifier()->setConnection(QDBusConnection(QStringLiteral("no-such-connection")));
        QSignalSpy fired(&center, &AlertCenter::fired);
        // 3 is critical, 4 is info and fired after it.
        center.applyBatch(batchOf(sampleAlerts(3, 4)));
        QCOMPARE(fired.size(), 1);
        QCOMPARE(center.latestSummary(), app::alerts::summary(sampleAlert(3)));
        QCOMPARE(center.latestSeverity(), QStringLiteral("critical"));
        QVERIFY2(center.latestDetails().endsWith(QStringLiteral("(and 1 more in the log)")), qPrintable(center.latestDetails()));
        // A frame without alerts changes nothing.
        center.applyBatch(batchOf({}));
        QCOMPARE(fired.size(), 1);
    }

    void whatTheWindowReceivedIsThereAfterARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("feeddeck/alerts.jsonl"));
        {
            AlertCenter center(path);
            center.notifier()->setConnection(QDBusConnection(QStringLiteral("no-such-connection")));
            center.applyBatch(batchOf(sampleAlerts(1, 2)));
            center.applyBatch(batchOf(sampleAlerts(3, 3)));
        }
        AlertCenter again(path);
        QCOMPARE(again.log()->count(), 3);
        QCOMPARE(again.log()->alerts().constFirst(), sampleAlert(3));
        QCOMPARE(again.log()->unreadCount(), 0);
        QVERIFY(again.problem().isEmpty());
        again.clear();
        QCOMPARE(AlertCenter(path).log()->count(), 0);
    }

    void aDamagedLogIsSaidOnceAndTheRestLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("garbage\n");
        file.close();
        QTest::ignoreMessage(QtWarningMsg, qPrintable(QStringLiteral("alert log \"%1\": line 1 skipped (not a JSON object)").arg(path)));
        AlertCenter center(path);
        QCOMPARE(center.log()->count(), 0);
        QCOMPARE(center.problem(), QStringLiteral("alert log \"%1\": line 1 skipped (not a JSON object)").arg(path));
    }

    void anExportTakesAFileUrlAndSaysWhatToDoWhenItFails()
    {
        QTemporaryDir dir;
        AlertCenter center(dir.filePath(QStringLiteral("alerts.jsonl")));
        center.notifier()->setConnection(QDBusConnection(QStringLiteral("no-such-connection")));
        center.applyBatch(batchOf(sampleAlerts(1, 2)));
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        QCOMPARE(center.exportCsv(QUrl::fromLocalFile(csv).toString()), QString());
        QFile written(csv);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // header, two alerts oldest first, and the end
        QVERIFY(lines.at(1).contains(",rule-1,"));
        QVERIFY(lines.at(2).contains(",rule-2,"));
        const QString error = center.exportCsv(dir.filePath(QStringLiteral("nowhere/out.csv")));
        QVERIFY2(error.contains(QStringLiteral("does not exist")) && error.contains(QStringLiteral("Choose a folder")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstAlertCenter)

#include "tst_alertcenter.moc"
