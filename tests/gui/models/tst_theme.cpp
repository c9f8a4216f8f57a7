// The theme's colours read on every row and bar they can sit on, in light and dark (#19):
// WCAG AA asks 4.5:1 for text and 3:1 for the parts of a control that show its state.
// And the window it dresses wears the application palette, all of it, from the start.
#include "app/settings/Theme.h"
#include "app/settings/UiSettings.h"

#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace feeddeck::app::settings;

class TstTheme : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void contrastFollowsTheWcagFormula();
    void textReadsOnEveryRow_data();
    void textReadsOnEveryRow();
    void aCheckedSwitchShowsOnASelectedRow_data();
    void aCheckedSwitchShowsOnASelectedRow();
    void followsTheApplicationPalette();
    void textReadsOnEveryTintedBar_data();
    void textReadsOnEveryTintedBar();
    void textOnPicksWhicheverOfBlackAndWhiteReadsBetter_data();
    void textOnPicksWhicheverOfBlackAndWhiteReadsBetter();
    void dressesTheWindowInTheApplicationPalette();
};

namespace {

// The roles a window's palette is checked on, by the name Qt Quick gives them.
const QList<QPair<QPalette::ColorRole, const char *>> kRoles{
    {QPalette::Window, "window"},         {QPalette::WindowText, "windowText"},
    {QPalette::Base, "base"},             {QPalette::AlternateBase, "alternateBase"},
    {QPalette::Text, "text"},             {QPalette::Button, "button"},
    {QPalette::ButtonText, "buttonText"}, {QPalette::Highlight, "highlight"},
    {QPalette::HighlightedText, "highlightedText"}, {QPalette::Mid, "mid"},
    {QPalette::PlaceholderText, "placeholderText"}, {QPalette::ToolTipBase, "toolTipBase"},
    {QPalette::ToolTipText, "toolTipText"}, {QPalette::Link, "link"},
};
const QList<QPair<QPalette::ColorGroup, const char *>> kGroups{
    {QPalette::Active, "active"}, {QPalette::Inactive, "inactive"}, {QPalette::Disabled, "disabled"}};

// A colour of a Qt Quick item's or window's `palette`, read as QML reads it.
QColor quickColour(QObject *owner, const char *group, const char *role)
{
    QObject *palette = owner->property("palette").value<QObject *>();
    QObject *colorGroup = palette ? palette->property(group).value<QObject *>() : nullptr;
    return colorGroup ? colorGroup->property(role).value<QColor>() : QColor();
}

// Every checked role of every group of `owner`'s palette against `expected`; the first
// difference, or an empty string.
QString paletteDifference(QObject *owner, const QPalette &expected)
{
    for (const auto &[group, groupName] : kGroups) {
        for (const auto &[role, roleName] : kRoles) {
            const QColor actual = quickColour(owner, groupName, roleName);
            if (actual != expected.color(group, role))
                return QStringLiteral("%1.%2 is %3, not %4")
                    .arg(QLatin1String(groupName), QLatin1String(roleName), actual.name(),
                         expected.color(group, role).name());
        }
    }
    return {};
}

} // namespace

void TstTheme::initTestCase()
{
    // As the application: the pitfall dress() answers is Fusion's, which starts a window
    // from the platform theme's palette.
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
}

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

void TstTheme::textReadsOnEveryTintedBar_data()
{
    QTest::addColumn<QPalette>("chosen");
    QTest::newRow("light") << UiSettings::lightPalette();
    QTest::newRow("dark") << UiSettings::darkPalette();
}

void TstTheme::textReadsOnEveryTintedBar()
{
    QFETCH(QPalette, chosen);
    QGuiApplication::setPalette(chosen);
    // What the application made of it: roles the chosen palette leaves open (the light
    // one's highlight) come from the platform.
    const QPalette palette = QGuiApplication::palette();
    Theme theme;
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    const QList<QPair<const char *, QColor>> tints{
        {"hover", theme.hoverTint()},   {"notice", theme.noticeTint()},
        {"quiet notice", theme.quietNoticeTint()}, {"status", theme.statusTint()},
        {"error", theme.errorTint()},
    };
    for (const auto &[name, tint] : tints) {
        // A tint, not a fill: what is under it shows through.
        QVERIFY2(tint.alphaF() > 0.0 && tint.alphaF() < 0.5, name);
        const QColor bar = Theme::blend(QColor(tint.rgb()), tint.alphaF(), window);
        QVERIFY2(bar != window, qPrintable(QStringLiteral("the %1 tint shows").arg(QLatin1String(name))));
        const double ratio = Theme::contrast(text, bar);
        QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("text %1 on the %2 tint %3: %4:1, AA needs 4.5:1")
                                              .arg(text.name(), QLatin1String(name), bar.name())
                                              .arg(ratio, 0, 'f', 2)));
    }
    // The tints follow the highlight and the error colour.
    QCOMPARE(QColor(theme.noticeTint().rgb()), palette.color(QPalette::Highlight));
    QCOMPARE(QColor(theme.errorTint().rgb()), theme.error());
}

void TstTheme::textOnPicksWhicheverOfBlackAndWhiteReadsBetter_data()
{
    QTest::addColumn<QColor>("background");
    // The chart's series colours, then the greys around where black and white read alike.
    for (const QRgb rgb : {0x3b82f6u, 0xf97316u, 0x22c55eu, 0xef4444u, 0xa855f7u, 0x06b6d4u, 0xeab308u, 0xec4899u})
        QTest::newRow(qPrintable(QColor(rgb).name())) << QColor(rgb);
    for (const int grey : {0, 90, 117, 118, 119, 128, 255})
        QTest::newRow(qPrintable(QStringLiteral("grey %1").arg(grey))) << QColor(grey, grey, grey);
}

void TstTheme::textOnPicksWhicheverOfBlackAndWhiteReadsBetter()
{
    QFETCH(QColor, background);
    const QColor text = Theme::textOn(background);
    QVERIFY(text == QColor(Qt::black) || text == QColor(Qt::white));
    const QColor other = text == QColor(Qt::black) ? QColor(Qt::white) : QColor(Qt::black);
    QVERIFY(Theme::contrast(text, background) >= Theme::contrast(other, background));
    QVERIFY2(Theme::contrast(text, background) >= 4.5, qPrintable(text.name()));
}

// The known pitfall: Qt Quick Controls start a window from the platform theme's palette,
// not QGuiApplication::palette(), so a dark choice started light until the window had
// every role bound by hand. Theme::dress() gives it all roles of all groups, and keeps
// them when the application palette changes; menus and dialogs inherit them.
void TstTheme::dressesTheWindowInTheApplicationPalette()
{
    QGuiApplication::setPalette(UiSettings::darkPalette());
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData(R"(
        import QtQuick
        import QtQuick.Controls
        ApplicationWindow {
            property alias menu: menu
            property alias button: button
            Button { id: button; enabled: false; text: "Export" }
            Menu { id: menu; MenuItem { text: "Quit" } }
        }
    )", QUrl(QStringLiteral("qrc:/tst_theme/Window.qml")));
    std::unique_ptr<QObject> object(component.create());
    QVERIFY2(object, qPrintable(component.errorString()));
    auto *window = qobject_cast<QQuickWindow *>(object.get());
    QVERIFY(window);
    auto *menu = object->property("menu").value<QObject *>();
    auto *button = object->property("button").value<QObject *>();
    QVERIFY(menu && button);

    Theme theme;
    theme.dress(window);
    QString difference = paletteDifference(window, QGuiApplication::palette());
    QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("window: ") + difference));
    QCOMPARE(quickColour(window, "active", "window"), UiSettings::darkPalette().color(QPalette::Window));
    difference = paletteDifference(menu, QGuiApplication::palette());
    QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("menu: ") + difference));
    // A disabled control draws with the disabled group, not the active one.
    QCOMPARE(button->property("palette").value<QObject *>()->property("buttonText").value<QColor>(),
             UiSettings::darkPalette().color(QPalette::Disabled, QPalette::ButtonText));

    QGuiApplication::setPalette(UiSettings::lightPalette());
    QVERIFY(!Theme::isDarkPalette(QGuiApplication::palette()));
    difference = paletteDifference(window, QGuiApplication::palette());
    QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("window after the switch: ") + difference));
    difference = paletteDifference(menu, QGuiApplication::palette());
    QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("menu after the switch: ") + difference));

    // A window gone is forgotten: the next change does not touch it.
    object.reset();
    QGuiApplication::setPalette(UiSettings::darkPalette());
}

QTEST_MAIN(TstTheme)
#include "tst_theme.moc"
