// Desktop notifications of fired alerts over a real D-Bus: a private dbus-daemon started by the
// test (Debian's), a notification service registered on it inside the test, the notifier
// pointed at that bus. Nothing touches the desktop session of whoever runs the tests.
#include "../../gui/alerts/AlertSamples.h"

#include "app/alerts/AlertCenter.h"
#include "app/alerts/AlertText.h"
#include "app/alerts/DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace feeddeck;
using feeddeck::app::alerts::AlertCenter;
using feeddeck::app::alerts::DesktopNotifier;
using feeddeck::testing::sampleAlert;
using feeddeck::testing::sampleAlerts;

// What a desktop's notification daemon offers, recording what it is asked to show.
class TestNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    // Nested, not in an anonymous namespace: a unity build takes this file for a header
    // (-Wsubobject-linkage).
    struct Notification
    {
        QString appName;
        QString summary;
        QString body;
        QVariantMap hints;
    };
    QList<Notification> received;

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(appIcon)
        Q_UNUSED(actions)
        Q_UNUSED(expireTimeout)
        received.append({appName, summary, body, hints});
        return uint(received.size());
    }
};

class TstDesktopNotifier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
    int m_connections = 0;

    // A connection of its own to the test's bus.
    QDBusConnection connect()
    {
        return QDBusConnection::connectToBus(m_address, QStringLiteral("test-%1").arg(++m_connections));
    }

    static feed::EngineBatchPtr batchOf(const QList<alert::FiredAlert> &alerts)
    {
        auto batch = std::make_shared<feed::EngineBatch>();
        batch->alerts = alerts;
        return batch;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A session bus like the desktop's, but with no services to start on demand: a
        // notification daemon installed on this machine must not be started by the test.
        const QString config = m_dir.filePath(QStringLiteral("session.conf"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                                  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                                  "<busconfig><type>session</type><listen>unix:dir=%1</listen>"
                                  "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                  "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                       .arg(m_dir.path())
                       .toUtf8());
        file.close();
        m_daemon.start(QStringLiteral("dbus-daemon"),
                       {QStringLiteral("--config-file=") + config, QStringLiteral("--print-address"), QStringLiteral("--nofork")});
        QVERIFY2(m_daemon.waitForStarted(5000), "dbus-daemon (Debian package dbus-daemon) did not start");
        while (!m_daemon.canReadLine())
            QVERIFY2(m_daemon.waitForReadyRead(5000), qPrintable(m_daemon.readAllStandardError()));
        m_address = QString::fromUtf8(m_daemon.readLine().trimmed());
        QVERIFY(!m_address.isEmpty());
    }

    void cleanupTestCase()
    {
        for (int i = 1; i <= m_connections; ++i)
            QDBusConnection::disconnectFromBus(QStringLiteral("test-%1").arg(i));
        m_daemon.kill();
        m_daemon.waitForFinished(5000);
    }

    void aFiredAlertReachesTheNotificationService()
    {
        QDBusConnection serviceBus = connect();
        QVERIFY(serviceBus.isConnected());
        TestNotificationService service;
        QVERIFY(serviceBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &service,
                                          QDBusConnection::ExportAllSlots));
        QVERIFY(serviceBus.registerService(DesktopNotifier::kService));

        DesktopNotifier notifier;
        notifier.setConnection(connect());
        alert::FiredAlert critical = sampleAlert(1); // critical, "note 1"
        critical.value = 70012.5;
        critical.note = QStringLiteral("Sell <half> & wait");
        alert::FiredAlert info = sampleAlert(2);
        notifier.notify({critical});
        QTRY_COMPARE(service.received.size(), 1);
        notifier.notify({info});
        QTRY_COMPARE(service.received.size(), 2);

        const TestNotificationService::Notification first = service.received.at(0);
        QCOMPARE(first.appName, QStringLiteral("FeedDeck"));
        QCOMPARE(first.summary, app::alerts::summary(critical));
        QVERIFY2(first.summary.startsWith(QStringLiteral("BTC-USD price above: ")), qPrintable(first.summary));
        QVERIFY2(first.body.contains(QStringLiteral("cb")) && first.body.contains(app::alerts::localTime(critical.timeMs))
                     && first.body.contains(app::alerts::formattedValue(critical)) && first.body.contains(QStringLiteral("Sell &lt;half&gt; &amp; wait")),
                 qPrintable(first.body));
        QCOMPARE(first.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(service.received.at(1).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(0));
        QVERIFY(notifier.available());
        serviceBus.unregisterService(DesktopNotifier::kService);
        serviceBus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
    }

    void aFloodIsSummedUpInsteadOfShownOneByOne()
    {
        QDBusConnection serviceBus = connect();
        TestNotificationService service;
        QVERIFY(serviceBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &service,
                                          QDBusConnection::ExportAllSlots));
        QVERIFY(serviceBus.registerService(DesktopNotifier::kService));

        DesktopNotifier notifier;
        notifier.setConnection(connect());
        notifier.notify(sampleAlerts(1, 15));
        QTRY_COMPARE(service.received.size(), DesktopNotifier::kPerSecond + 1);
        // The newest are shown, the rest summed up once the second is over.
        QCOMPARE(service.received.at(DesktopNotifier::kPerSecond - 1).summary, app::alerts::summary(sampleAlert(15)));
        QCOMPARE(service.received.constLast().summary, QStringLiteral("And 12 more alerts"));
        QCOMPARE(service.received.constLast().hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        serviceBus.unregisterService(DesktopNotifier::kService);
        serviceBus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
    }

    void withoutANotificationServiceItSaysSoOnceAndAlertsStayInTheWindow()
    {
        AlertCenter center(m_dir.filePath(QStringLiteral("alerts.jsonl")));
        center.notifier()->setConnection(connect());
        QSignalSpy changed(center.notifier(), &DesktopNotifier::availableChanged);
        center.applyBatch(batchOf(sampleAlerts(1, 1)));
        QTRY_VERIFY(!center.notifier()->available());
        QVERIFY2(center.notifier()->unavailableReason().startsWith(
                     QStringLiteral("No desktop notification service")),
                 qPrintable(center.notifier()->unavailableReason()));
        center.applyBatch(batchOf(sampleAlerts(2, 3)));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(center.log()->count(), 3);
        QCOMPARE(center.latestSummary(), app::alerts::summary(sampleAlert(3)));
    }

    void withoutABusItSaysSoOnce()
    {
        DesktopNotifier notifier;
        notifier.setConnection(QDBusConnection::connectToBus(
            QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("no-such-bus")), QStringLiteral("no-bus")));
        QSignalSpy changed(&notifier, &DesktopNotifier::availableChanged);
        notifier.notify(sampleAlerts(1, 1));
        QVERIFY(!notifier.available());
        QVERIFY2(notifier.unavailableReason().startsWith(QStringLiteral("No desktop session bus")),
                 qPrintable(notifier.unavailableReason()));
        notifier.notify(sampleAlerts(2, 2));
        QCOMPARE(changed.size(), 1);
        QDBusConnection::disconnectFromBus(QStringLiteral("no-bus"));
    }
};

QTEST_GUILESS_MAIN(TstDesktopNotifier)

#include "tst_desktopnotifier.moc"
