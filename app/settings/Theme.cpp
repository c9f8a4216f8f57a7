#include "app/settings/Theme.h"

#include <QEvent>
#include <QGuiApplication>
#include <QMetaEnum>
#include <QMetaProperty>

#include <cctype>
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

QColor withAlpha(QColor colour, float alpha)
{
    colour.setAlphaF(alpha);
    return colour;
}

// Copies `palette` into a Qt Quick palette (a window's or an item's `palette`). Its class,
// QQuickPalette, is private API, so this goes through its properties: one colour group
// each for "active", "inactive" and "disabled", and in each group one colour property per
// role, named after the role ("windowText" for QPalette::WindowText). Every colour property
// the group has is set, so a role Qt adds later is copied too.
void copyPalette(const QPalette &palette, QObject *quickPalette)
{
    static const QMetaEnum roles = QMetaEnum::fromType<QPalette::ColorRole>();
    static const std::pair<const char *, QPalette::ColorGroup> groups[] = {
        {"active", QPalette::Active}, {"inactive", QPalette::Inactive}, {"disabled", QPalette::Disabled}};
    for (const auto &[groupName, group] : groups) {
        QObject *colorGroup = quickPalette->property(groupName).value<QObject *>();
        if (!colorGroup)
            continue;
        const QMetaObject *meta = colorGroup->metaObject();
        for (int i = QObject::staticMetaObject.propertyCount(); i < meta->propertyCount(); ++i) {
            const QMetaProperty property = meta->property(i);
            if (property.metaType() != QMetaType::fromType<QColor>() || !property.isWritable())
                continue;
            QByteArray roleName = property.name();
            roleName[0] = char(std::toupper(static_cast<unsigned char>(roleName[0])));
            bool known = false;
            const int role = roles.keyToValue(roleName.constData(), &known);
            if (known)
                property.write(colorGroup, palette.color(group, QPalette::ColorRole(role)));
        }
    }
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
    if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange) {
        follow(QGuiApplication::palette());
        redress();
    }
    return QObject::eventFilter(watched, event);
}

void Theme::dress(QQuickWindow *window)
{
    if (!window)
        return;
    if (!m_windows.contains(window))
        m_windows.append(window);
    if (QObject *quickPalette = window->property("palette").value<QObject *>())
        copyPalette(QGuiApplication::palette(), quickPalette);
}

void Theme::redress()
{
    m_windows.removeAll(nullptr); // closed and destroyed since
    const QPalette palette = QGuiApplication::palette();
    for (const QPointer<QQuickWindow> &window : std::as_const(m_windows)) {
        if (QObject *quickPalette = window->property("palette").value<QObject *>())
            copyPalette(palette, quickPalette);
    }
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

// The highlight, faintly, over the window: strong enough to see, weak enough that text on
// it keeps the contrast it has on the window.
QColor Theme::hoverTint() const { return withAlpha(m_highlight, 0.08f); }
QColor Theme::noticeTint() const { return withAlpha(m_highlight, 0.15f); }
QColor Theme::quietNoticeTint() const { return withAlpha(m_highlight, 0.1f); }
QColor Theme::statusTint() const { return withAlpha(m_highlight, 0.12f); }
QColor Theme::errorTint() const { return withAlpha(error(), 0.15f); }

QColor Theme::textOn(const QColor &background)
{
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    return contrast(background, black) >= contrast(background, white) ? black : white;
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
