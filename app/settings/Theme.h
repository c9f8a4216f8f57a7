#pragma once

#include <QColor>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QQuickWindow>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::settings {

// The one place the views take colours from. It dresses the window in the application
// palette (dress(), all roles of all colour groups), and gives the colours the views use
// beyond the palette's roles: rising and falling values, states, highlighted rows, tinted
// bars, the chart's lines. One set for light and one for dark, chosen so that every text
// colour reads at WCAG AA (4.5:1) on every row and bar it can sit on (tst_theme checks it).
// Follows the application palette: UiSettings switching light/dark switches these too.
class Theme : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool dark READ isDark NOTIFY changed)
    Q_PROPERTY(QColor up READ up NOTIFY changed)             // a value that rose (text)
    Q_PROPERTY(QColor down READ down NOTIFY changed)         // a value that fell (text)
    Q_PROPERTY(QColor error READ error NOTIFY changed)       // what is wrong (text, failed states)
    Q_PROPERTY(QColor warning READ warning NOTIFY changed)   // what needs a look (text)
    Q_PROPERTY(QColor good READ good NOTIFY changed)         // live, passed (text and dots)
    Q_PROPERTY(QColor caution READ caution NOTIFY changed)   // retrying, stale (dots, tints)
    Q_PROPERTY(QColor info READ info NOTIFY changed)         // connecting (dots)
    Q_PROPERTY(QColor neutral READ neutral NOTIFY changed)   // switched off (dots)
    Q_PROPERTY(QColor lowStockRow READ lowStockRow NOTIFY changed)
    Q_PROPERTY(QColor selectedRow READ selectedRow NOTIFY changed)
    Q_PROPERTY(QColor gridLine READ gridLine NOTIFY changed)
    Q_PROPERTY(QColor axisText READ axisText NOTIFY changed)
    Q_PROPERTY(QColor backdrop READ backdrop NOTIFY changed) // behind modal dialogs
    // Translucent fills, painted over the window: they keep whatever is under them readable.
    Q_PROPERTY(QColor hoverTint READ hoverTint NOTIFY changed)             // under the pointer (view tabs)
    Q_PROPERTY(QColor noticeTint READ noticeTint NOTIFY changed)           // a bar for the user to read (welcome)
    Q_PROPERTY(QColor quietNoticeTint READ quietNoticeTint NOTIFY changed) // a passing one ("Feed removed." with Undo)
    Q_PROPERTY(QColor statusTint READ statusTint NOTIFY changed)           // a job running or done (export)
    Q_PROPERTY(QColor errorTint READ errorTint NOTIFY changed)             // a job that failed

public:
    explicit Theme(QObject *parent = nullptr);

    [[nodiscard]] bool isDark() const { return m_dark; }
    [[nodiscard]] QColor up() const;
    [[nodiscard]] QColor down() const;
    [[nodiscard]] QColor error() const;
    [[nodiscard]] QColor warning() const;
    [[nodiscard]] QColor good() const;
    [[nodiscard]] QColor caution() const;
    [[nodiscard]] QColor info() const;
    [[nodiscard]] QColor neutral() const;
    [[nodiscard]] QColor lowStockRow() const;
    [[nodiscard]] QColor selectedRow() const;
    [[nodiscard]] QColor gridLine() const;
    [[nodiscard]] QColor axisText() const;
    [[nodiscard]] QColor backdrop() const;
    [[nodiscard]] QColor hoverTint() const;
    [[nodiscard]] QColor noticeTint() const;
    [[nodiscard]] QColor quietNoticeTint() const;
    [[nodiscard]] QColor statusTint() const;
    [[nodiscard]] QColor errorTint() const;

    // Paints `window` (and so every control, menu and dialog in it) in the application
    // palette, every role of the active, inactive and disabled groups, now and whenever the
    // application palette changes. Main.qml calls it once. Needed because Qt Quick Controls
    // start a window from the platform theme's palette, not from QGuiApplication::palette():
    // a dark choice would otherwise start light.
    Q_INVOKABLE void dress(QQuickWindow *window);

    // WCAG 2.1 contrast ratio of two opaque colours, 1 to 21.
    Q_INVOKABLE static double contrast(const QColor &a, const QColor &b);
    // Black or white, whichever contrasts more with the opaque `background` (text on a
    // series' colour). Either way at least 4.58:1, so it always passes AA.
    Q_INVOKABLE static QColor textOn(const QColor &background);
    // `top` at `opacity` painted over the opaque `bottom`.
    static QColor blend(const QColor &top, double opacity, const QColor &bottom);
    static bool isDarkPalette(const QPalette &palette);

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow(const QPalette &palette);
    void redress();

    bool m_dark = false;
    QColor m_base;
    QColor m_highlight;
    QList<QPointer<QQuickWindow>> m_windows; // dressed, kept in step with the palette
};

} // namespace feeddeck::app::settings
