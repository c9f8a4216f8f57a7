#include "app/settings/UiSettings.h"

#include "app/settings/Theme.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QJsonArray>
#include <QJsonDocument>

namespace feeddeck::app::settings {

namespace {
const QString kTheme = QStringLiteral("ui/theme");
const QString kView = QStringLiteral("ui/view");
const QString kGeometry = QStringLiteral("ui/geometry");
const QString kQuoteColumns = QStringLiteral("ui/quoteColumnWidths");
const QString kFeedsPanel = QStringLiteral("ui/feedsPanelVisible");
const QString kCsvDelimiter = QStringLiteral("export/delimiter");
const QString kCsvBom = QStringLiteral("export/bom");
const QString kExportFolder = QStringLiteral("export/folder");
const QString kWelcomeDismissed = QStringLiteral("ui/welcomeDismissed");
const QString kChartWindow = QStringLiteral("charts/window");
const QString kChartSeries = QStringLiteral("charts/series");
const QString kChartPanels = QStringLiteral("charts/panels");

// A list kept as JSON text, so the settings file stays readable and editable by hand.
QString jsonListText(const QVariantList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromVariantList(list)).toJson(QJsonDocument::Compact));
}

QVariantList jsonListOf(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8()).array().toVariantList();
}
} // namespace

UiSettings::UiSettings(QObject *parent)
    : QObject(parent)
    , m_systemPalette(QGuiApplication::palette())
    , m_theme(m_settings.value(kTheme, QStringLiteral("system")).toString())
    , m_view(m_settings.value(kView, 0).toInt())
    , m_geometry(m_settings.value(kGeometry).toRect())
    , m_quoteColumnWidths(m_settings.value(kQuoteColumns).toList())
    , m_feedsPanelVisible(m_settings.value(kFeedsPanel, true).toBool())
    , m_csvDelimiter(m_settings.value(kCsvDelimiter, QStringLiteral(",")).toString())
    , m_csvBom(m_settings.value(kCsvBom, false).toBool())
    , m_exportFolder(m_settings.value(kExportFolder).toString())
    , m_welcomeDismissed(m_settings.value(kWelcomeDismissed, false).toBool())
    , m_chartWindow(m_settings.value(kChartWindow, -1).toInt())
    , m_chartSeries(jsonListOf(m_settings.value(kChartSeries)))
    , m_chartPanels(jsonListOf(m_settings.value(kChartPanels)))
{
    if (m_csvDelimiter != QLatin1String(";") && m_csvDelimiter != QLatin1String("\t"))
        m_csvDelimiter = QStringLiteral(",");
    if (m_theme != QLatin1String("light") && m_theme != QLatin1String("dark"))
        m_theme = QStringLiteral("system");
    applyPalette();
}

void UiSettings::setTheme(const QString &theme)
{
    if (theme == m_theme || (theme != QLatin1String("system") && theme != QLatin1String("light") && theme != QLatin1String("dark")))
        return;
    m_theme = theme;
    m_settings.setValue(kTheme, theme);
    applyPalette();
    emit themeChanged();
}

bool UiSettings::isDark() const
{
    if (m_theme == QLatin1String("system"))
        return Theme::isDarkPalette(m_systemPalette);
    return m_theme == QLatin1String("dark");
}

void UiSettings::toggleTheme()
{
    setTheme(isDark() ? QStringLiteral("light") : QStringLiteral("dark"));
}

void UiSettings::setView(int view)
{
    if (view == m_view)
        return;
    m_view = view;
    m_settings.setValue(kView, view);
    emit viewChanged();
}

void UiSettings::setGeometry(const QRectF &geometryF)
{
    // Whole pixels, kept in the file as a QRect as before.
    const QRect geometry = geometryF.toRect();
    if (geometry == m_geometry || !geometry.isValid())
        return;
    m_geometry = geometry;
    m_settings.setValue(kGeometry, geometry);
    emit geometryChanged();
}

void UiSettings::setQuoteColumnWidths(const QVariantList &widths)
{
    if (widths == m_quoteColumnWidths)
        return;
    m_quoteColumnWidths = widths;
    m_settings.setValue(kQuoteColumns, widths);
    emit quoteColumnWidthsChanged();
}

void UiSettings::setFeedsPanelVisible(bool visible)
{
    if (visible == m_feedsPanelVisible)
        return;
    m_feedsPanelVisible = visible;
    m_settings.setValue(kFeedsPanel, visible);
    emit feedsPanelVisibleChanged();
}

void UiSettings::setCsvDelimiter(const QString &delimiter)
{
    if (delimiter == m_csvDelimiter
        || (delimiter != QLatin1String(",") && delimiter != QLatin1String(";") && delimiter != QLatin1String("\t")))
        return;
    m_csvDelimiter = delimiter;
    m_settings.setValue(kCsvDelimiter, delimiter);
    emit csvOptionsChanged();
}

void UiSettings::setCsvBom(bool bom)
{
    if (bom == m_csvBom)
        return;
    m_csvBom = bom;
    m_settings.setValue(kCsvBom, bom);
    emit csvOptionsChanged();
}

QString UiSettings::exportFolder() const
{
    if (!m_exportFolder.isEmpty() && QFileInfo(m_exportFolder).isDir())
        return m_exportFolder;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void UiSettings::setExportFolder(const QString &folder)
{
    if (folder == m_exportFolder)
        return;
    m_exportFolder = folder;
    m_settings.setValue(kExportFolder, folder);
    emit csvOptionsChanged();
}

void UiSettings::setWelcomeDismissed(bool dismissed)
{
    if (dismissed == m_welcomeDismissed)
        return;
    m_welcomeDismissed = dismissed;
    m_settings.setValue(kWelcomeDismissed, dismissed);
    emit welcomeDismissedChanged();
}

void UiSettings::setChartWindow(int window)
{
    if (window == m_chartWindow)
        return;
    m_chartWindow = window;
    m_settings.setValue(kChartWindow, window);
    emit chartWindowChanged();
}

void UiSettings::setChartSeries(const QVariantList &series)
{
    if (series == m_chartSeries)
        return;
    m_chartSeries = series;
    m_settings.setValue(kChartSeries, jsonListText(series));
    emit chartSeriesChanged();
}

void UiSettings::setChartPanels(const QVariantList &panels)
{
    if (panels == m_chartPanels)
        return;
    m_chartPanels = panels;
    m_settings.setValue(kChartPanels, jsonListText(panels));
    emit chartPanelsChanged();
}

QPalette UiSettings::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe8, 0xea, 0xed);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Mid, QColor(0x44, 0x46, 0x4b));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4c, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3e, 0x43));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x12));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x84, 0x8a));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x84, 0x8a));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x84, 0x8a));
    return p;
}

QPalette UiSettings::lightPalette()
{
    return QPalette(QColor(0xef, 0xef, 0xef));
}

void UiSettings::applyPalette()
{
    if (m_theme == QLatin1String("dark"))
        QGuiApplication::setPalette(darkPalette());
    else if (m_theme == QLatin1String("light") && Theme::isDarkPalette(m_systemPalette))
        QGuiApplication::setPalette(lightPalette());
    else
        QGuiApplication::setPalette(m_systemPalette);
}

} // namespace feeddeck::app::settings
