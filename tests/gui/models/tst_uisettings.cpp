// The window's remembered choices: what is kept across a restart, what is refused, and
// where the file lives (beside the workspace, moved there once from an earlier FeedDeck).
#include "app/settings/SettingsLocation.h"
#include "app/settings/UiSettings.h"

#include <QFile>
#include <QGuiApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace feeddeck::app::settings;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TstUiSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void choicesComeBackAfterARestart();
    void unknownValuesAreRefused();
    void aBrokenValueInTheFileFallsBackToTheDefault();
    void settingsLiveBesideTheWorkspace();
    void earlierSettingsMoveOnce();
    void settingsInUseAreNotOverwritten();
};

void TstUiSettings::init()
{
    QCoreApplication::setOrganizationName(QStringLiteral("FeedDeckTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_uisettings"));
    QSettings().clear();
}

void TstUiSettings::choicesComeBackAfterARestart()
{
    {
        UiSettings settings;
        QCOMPARE(settings.theme(), QStringLiteral("system"));
        QCOMPARE(settings.view(), 0);
        QCOMPARE(settings.csvDelimiter(), QStringLiteral(","));
        QCOMPARE(settings.chartWindow(), -1);
        QSignalSpy themeChanged(&settings, &UiSettings::themeChanged);
        settings.setTheme(QStringLiteral("dark"));
        QCOMPARE(themeChanged.count(), 1);
        settings.setView(3);
        settings.setCsvDelimiter(QStringLiteral(";"));
        settings.setCsvBom(true);
        settings.setFeedsPanelVisible(false);
        settings.setWelcomeDismissed(true);
        settings.setChartWindow(2);
        settings.setChartSeries({QVariantMap{{QStringLiteral("feed"), QStringLiteral("market")},
                                             {QStringLiteral("symbol"), QStringLiteral("BTC-USD")},
                                             {QStringLiteral("field"), QStringLiteral("bid")}}});
        settings.setQuoteColumnWidths({120, 80});
        settings.setGeometry(QRectF(40, 30, 1100.4, 700.6));
    }
    UiSettings restarted;
    QCOMPARE(restarted.theme(), QStringLiteral("dark"));
    QVERIFY(restarted.isDark());
    QCOMPARE(restarted.view(), 3);
    QCOMPARE(restarted.csvDelimiter(), QStringLiteral(";"));
    QVERIFY(restarted.csvBom());
    QVERIFY(!restarted.feedsPanelVisible());
    QVERIFY(restarted.welcomeDismissed());
    QCOMPARE(restarted.chartWindow(), 2);
    QCOMPARE(restarted.chartSeries().size(), 1);
    QCOMPARE(restarted.chartSeries().constFirst().toMap().value(QStringLiteral("field")).toString(), QStringLiteral("bid"));
    QCOMPARE(restarted.quoteColumnWidths(), (QVariantList{120, 80}));
    // Whole pixels, as the window has them.
    QCOMPARE(restarted.geometry(), QRectF(40, 30, 1100, 701));
    // Light and dark are the application's palette, which Theme dresses the window in.
    QCOMPARE(QGuiApplication::palette().color(QPalette::Active, QPalette::Window),
             UiSettings::darkPalette().color(QPalette::Active, QPalette::Window));
    QCOMPARE(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text),
             UiSettings::darkPalette().color(QPalette::Disabled, QPalette::Text));
}

void TstUiSettings::unknownValuesAreRefused()
{
    UiSettings settings;
    QSignalSpy themeChanged(&settings, &UiSettings::themeChanged);
    QSignalSpy csvChanged(&settings, &UiSettings::csvOptionsChanged);
    settings.setTheme(QStringLiteral("purple"));
    settings.setCsvDelimiter(QStringLiteral("|"));
    QCOMPARE(settings.theme(), QStringLiteral("system"));
    QCOMPARE(settings.csvDelimiter(), QStringLiteral(","));
    QCOMPARE(themeChanged.count(), 0);
    QCOMPARE(csvChanged.count(), 0);
    // Toggling from the desktop's palette lands on the opposite of what it shows.
    const bool wasDark = settings.isDark();
    settings.toggleTheme();
    QCOMPARE(settings.isDark(), !wasDark);
    QCOMPARE(settings.theme(), wasDark ? QStringLiteral("light") : QStringLiteral("dark"));
}

void TstUiSettings::aBrokenValueInTheFileFallsBackToTheDefault()
{
    {
        QSettings file;
        file.setValue(QStringLiteral("ui/theme"), QStringLiteral("neon"));
        file.setValue(QStringLiteral("export/delimiter"), QStringLiteral("::"));
        file.setValue(QStringLiteral("charts/series"), QStringLiteral("[not json"));
    }
    UiSettings settings;
    QCOMPARE(settings.theme(), QStringLiteral("system"));
    QCOMPARE(settings.csvDelimiter(), QStringLiteral(","));
    QVERIFY(settings.chartSeries().isEmpty());
}

void TstUiSettings::settingsLiveBesideTheWorkspace()
{
    QCOMPARE(organizationName(), QStringLiteral("feeddeck"));
    QCOMPARE(applicationName(), QStringLiteral("feeddeck"));
}

void TstUiSettings::earlierSettingsMoveOnce()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString earlier = root.filePath(QStringLiteral("FeedDeck/feeddeck.conf"));
    const QString now = root.filePath(QStringLiteral("feeddeck/feeddeck.conf"));
    QVERIFY(writeFile(earlier, "[ui]\ntheme=dark\n"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("feeddeck/workspace.json")), "{}"));

    const QString said = moveEarlierSettings(root.path());
    QVERIFY2(said.contains(QStringLiteral("moved")), qPrintable(said));
    QCOMPARE(readFile(now), QByteArray("[ui]\ntheme=dark\n"));
    QVERIFY(!QFile::exists(earlier));
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("FeedDeck")))); // the emptied folder went too
    QCOMPARE(readFile(root.filePath(QStringLiteral("feeddeck/workspace.json"))), QByteArray("{}"));
    // Once: the next start finds nothing to move.
    QCOMPARE(moveEarlierSettings(root.path()), QString());
    QCOMPARE(readFile(now), QByteArray("[ui]\ntheme=dark\n"));
}

void TstUiSettings::settingsInUseAreNotOverwritten()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString earlier = root.filePath(QStringLiteral("FeedDeck/feeddeck.conf"));
    const QString now = root.filePath(QStringLiteral("feeddeck/feeddeck.conf"));
    QVERIFY(writeFile(earlier, "[ui]\ntheme=dark\n"));
    QVERIFY(writeFile(now, "[ui]\ntheme=light\n"));

    const QString said = moveEarlierSettings(root.path());
    QVERIFY2(said.contains(QStringLiteral("left as it is")), qPrintable(said));
    QCOMPARE(readFile(now), QByteArray("[ui]\ntheme=light\n"));
    QCOMPARE(readFile(earlier), QByteArray("[ui]\ntheme=dark\n"));
}

QTEST_MAIN(TstUiSettings)
#include "tst_uisettings.moc"
