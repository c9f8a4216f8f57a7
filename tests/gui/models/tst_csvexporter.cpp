// The window's CSV export against the headless --export-csv of the same workspace: the same
// bytes. Feeds that cannot connect make a snapshot that does not change with time (every row
// "no data", no ages), so the two runs can be compared byte for byte.
#include "app/chart/ChartBoard.h"
#include "app/display/DisplayClock.h"
#include "app/export/CsvExporter.h"
#include "app/health/FeedStatusModel.h"
#include "app/settings/UiSettings.h"
#include "core/feed/FeedManager.h"
#include "core/workspace/WorkspaceFile.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace feeddeck;

namespace {

constexpr int kWait = 10000;

workspace::Workspace unreachableWorkspace()
{
    workspace::Workspace ws;
    for (const char *id : {"crypto", "spot"}) {
        workspace::FeedConfig feed;
        feed.id = QString::fromLatin1(id);
        feed.name = feed.id == QLatin1String("crypto") ? QStringLiteral("Crypto, main") : QStringLiteral("=Spot");
        feed.protocol = feed.id == QLatin1String("crypto") ? QStringLiteral("coinbase") : QStringLiteral("binance");
        feed.url = QUrl(QStringLiteral("ws://127.0.0.1:9/"));
        feed.symbols = feed.id == QLatin1String("crypto") ? QStringList{"BTC-USD", "ETH-USD"} : QStringList{"btcusdt"};
        ws.feeds.append(feed);
    }
    return ws;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TstCsvExporter : public QObject
{
    Q_OBJECT

private slots:
    void windowExportIsByteIdenticalToTheHeadlessExport();
};

void TstCsvExporter::windowExportIsByteIdenticalToTheHeadlessExport()
{
    QTemporaryDir dir;
    const workspace::Workspace ws = unreachableWorkspace();
    const QString workspacePath = dir.filePath("workspace.json");
    QVERIFY(workspace::saveWorkspaceFile(workspacePath, ws).ok);

    // Headless, as from cron.
    const QString headless = dir.filePath("headless.csv");
    QProcess process;
    process.start(QStringLiteral(FEEDDECK_BINARY),
                  {"--headless", "--config", workspacePath, "--duration", "0.5", "--export-csv", headless});
    QVERIFY(process.waitForFinished(kWait));
    QCOMPARE(process.exitCode(), 0);

    // The window's exporter on the same workspace, default options.
    QCoreApplication::setOrganizationName(QStringLiteral("FeedDeckTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_csvexporter"));
    QSettings().clear();
    feed::FeedManager engine(app::display::DisplayClock::engineOptions());
    app::display::DisplayClock clock(engine);
    app::health::FeedStatusModel status;
    app::settings::UiSettings settings;
    app::chart::ChartBoard charts(engine, clock);
    app::exporting::CsvExporter exporter(engine, charts, status, settings);
    clock.addModel(status);
    engine.start(ws);
    QTRY_COMPARE_WITH_TIMEOUT(status.count(), 2, kWait);

    const QString window = dir.filePath("window.csv");
    QSignalSpy finished(&exporter, &app::exporting::CsvExporter::finished);
    exporter.exportSnapshot(window, QStringLiteral("all"));
    QVERIFY(finished.wait(kWait));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Exported 3 rows to %1").arg(window));

    const QByteArray expected = readAll(headless);
    QCOMPARE(expected,
             QByteArray("feed,symbol,source_time,received_time,age_ms,status\r\n"
                        "\"Crypto, main\",BTC-USD,,,,no data\r\n"
                        "\"Crypto, main\",ETH-USD,,,,no data\r\n"
                        "'=Spot,BTCUSDT,,,,no data\r\n"));
    QCOMPARE(readAll(window), expected);
    QSettings().clear();
}

QTEST_MAIN(TstCsvExporter)
#include "tst_csvexporter.moc"
