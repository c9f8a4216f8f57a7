#include "app/settings/Theme.h"

#include <QEvent>
#include <QGuiApplication>

#include <cmath>

namespace feeddeck::app::settings {

namespace {

double channel(double value)
{
    return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// Light colours against white and #f7f7f7 rows, dark ones against #1f2124 and #26282c
// rows; both also against the low-stock and selected rows.
QColor pick(bool dark, QRgb light, QRgb darkColour)
{
    return QColor::fromRgb(dark ? darkColour : light);
}

} // namespace

Theme::Theme(QObject *parent)
    : QObject(parent)
{
    follow(QGuiApplication::palette());
    // The palette is the application's (UiSettings sets it); a change reaches the
    // application object as an event.
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

bool Theme::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange)
        follow(QGuiApplication::palette());
    return QObject::eventFilter(watched, event);
}

void Theme::follow(const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QColor highlight = palette.color(QPalette::Active, QPalette::Highlight);
    if (dark == m_dark && base == m_base && highlight == m_highlight)
        return;
    m_dark = dark;
    m_base = base;
    m_highlight = highlight;
    emit changed();
}

bool Theme::isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Active, QPalette::Window).lightness() < 128;
}

QColor Theme::up() const { return pick(m_dark, 0x13703b, 0x4ade80); }
QColor Theme::down() const { return pick(m_dark, 0xb42828, 0xff8f8f); }
QColor Theme::error() const { return down(); }
QColor Theme::warning() const { return pick(m_dark, 0x8a5a00, 0xf0b429); }
QColor Theme::good() const { return pick(m_dark, 0x13703b, 0x4ade80); }
QColor Theme::caution() const { return pick(m_dark, 0xd99a00, 0xe0a800); }
QColor Theme::info() const { return pick(m_dark, 0x2563eb, 0x60a5fa); }
QColor Theme::neutral() const { return pick(m_dark, 0x8a8a8a, 0x8a8a8a); }
QColor Theme::lowStockRow() const { return pick(m_dark, 0xfaecc0, 0x40381c); }
QColor Theme::gridLine() const { return pick(m_dark, 0xe4e7eb, 0x363b43); }
QColor Theme::axisText() const { return pick(m_dark, 0x4b5563, 0xc9ced6); }

QColor Theme::selectedRow() const
{
    // A tint, not the full highlight: a checked switch (drawn in the highlight colour)
    // still reads as on in a selected row.
    return blend(m_highlight, m_dark ? 0.2 : 0.16, m_base);
}

QColor Theme::backdrop() const
{
    return QColor(0, 0, 0, m_dark ? 140 : 90);
}

double Theme::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor Theme::blend(const QColor &top, double opacity, const QColor &bottom)
{
    const auto mix = [opacity](double t, double b) { return opacity * t + (1.0 - opacity) * b; };
    return QColor::fromRgbF(float(mix(top.redF(), bottom.redF())), float(mix(top.greenF(), bottom.greenF())),
                            float(mix(top.blueF(), bottom.blueF())));
}

} // namespace feeddeck::app::settings
