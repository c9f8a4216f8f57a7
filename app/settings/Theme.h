#pragma once

#include <QColor>
#include <QObject>
#include <QPalette>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::settings {

// The colours the views use beyond the palette's roles: rising and falling values,
// states, highlighted rows, the chart's lines. One set for light and one for dark,
// chosen so that every text colour reads at WCAG AA (4.5:1) on every row it can sit
// on (tst_theme checks it). Follows the application palette: UiSettings switching
// light/dark switches these too.
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

    // WCAG 2.1 contrast ratio of two opaque colours, 1 to 21.
    Q_INVOKABLE static double contrast(const QColor &a, const QColor &b);
    // `top` at `opacity` painted over the opaque `bottom`.
    static QColor blend(const QColor &top, double opacity, const QColor &bottom);
    static bool isDarkPalette(const QPalette &palette);

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow(const QPalette &palette);

    bool m_dark = false;
    QColor m_base;
    QColor m_highlight;
};

} // namespace feeddeck::app::settings
