// The theme's colours read on every row they can sit on, in light and dark (#19):
// WCAG AA asks 4.5:1 for text and 3:1 for the parts of a control that show its state.
#include "app/settings/Theme.h"
#include "app/settings/UiSettings.h"

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

using namespace feeddeck::app::settings;

class TstTheme : public QObject
{
    Q_OBJECT

private slots:
    void contrastFollowsTheWcagFormula();
    void textReadsOnEveryRow_data();
    void textReadsOnEveryRow();
    void aCheckedSwitchShowsOnASelectedRow_data();
    void aCheckedSwitchShowsOnASelectedRow();
    void followsTheApplicationPalette();
};

void TstTheme::contrastFollowsTheWcagFormula()
{
    QCOMPARE(Theme::contrast(Qt::black, Qt::white), 21.0);
    QCOMPARE(Theme::contrast(Qt::white, Qt::white), 1.0);
    // WCAG's own example: #767676 on white is the lightest grey that passes AA (4.54:1).
    QCOMPARE(qRound(Theme::contrast(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
    QCOMPARE(Theme::blend(Qt::white, 0.5, Qt::black).red(), 128);
}

void TstTheme::textReadsOnEveryRow_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << UiSettings::lightPalette();
    QTest::newRow("dark") << UiSettings::darkPalette();
}

void TstTheme::textReadsOnEveryRow()
{
    QFETCH(QPalette, palette);
    QGuiApplication::setPalette(palette);
    Theme theme;
    QCOMPARE(theme.isDark(), Theme::isDarkPalette(palette));

    const QList<QPair<const char *, QColor>> rows{
        {"base", palette.color(QPalette::Base)},
        {"alternate base", palette.color(QPalette::AlternateBase)},
        {"window", palette.color(QPalette::Window)},
        {"low-stock row", theme.lowStockRow()},
        {"selected row", theme.selectedRow()},
    };
    const QList<QPair<const char *, QColor>> texts{
        {"up", theme.up()},         {"down", theme.down()},
        {"error", theme.error()},   {"warning", theme.warning()},
        {"good", theme.good()},     {"text", palette.color(QPalette::Text)},
    };
    for (const auto &[rowName, row] : rows) {
        for (const auto &[textName, text] : texts) {
            const double ratio = Theme::contrast(text, row);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 text %2 on the %3 %4: %5:1, AA needs 4.5:1")
                                                  .arg(QLatin1String(textName), text.name(), QLatin1String(rowName),
                                                       row.name())
                                                  .arg(ratio, 0, 'f', 2)));
        }
    }
}

void TstTheme::aCheckedSwitchShowsOnASelectedRow_data()
{
    textReadsOnEveryRow_data();
}

void TstTheme::aCheckedSwitchShowsOnASelectedRow()
{
    QFETCH(QPalette, palette);
    QGuiApplication::setPalette(palette);
    Theme theme;
    // Fusion fills a checked switch's track with the highlight colour; on a row filled
    // with the same colour it read as off.
    const double ratio = Theme::contrast(palette.color(QPalette::Highlight), theme.selectedRow());
    QVERIFY2(ratio >= 3.0, qPrintable(QStringLiteral("highlight on the selected row: %1:1").arg(ratio, 0, 'f', 2)));
}

void TstTheme::followsTheApplicationPalette()
{
    QGuiApplication::setPalette(UiSettings::lightPalette());
    Theme theme;
    QVERIFY(!theme.isDark());
    const QColor lightUp = theme.up();
    QSignalSpy changed(&theme, &Theme::changed);

    QGuiApplication::setPalette(UiSettings::darkPalette());
    QCOMPARE(changed.count(), 1);
    QVERIFY(theme.isDark());
    QVERIFY(theme.up() != lightUp);
    QCOMPARE(theme.selectedRow(), Theme::blend(UiSettings::darkPalette().color(QPalette::Highlight), 0.2,
                                               UiSettings::darkPalette().color(QPalette::Base)));
}

QTEST_MAIN(TstTheme)
#include "tst_theme.moc"
