#pragma once

#include <QObject>
#include <QPalette>
#include <QRect>
#include <QRectF>
#include <QSettings>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::settings {

// What the window remembers across restarts (geometry, chosen view, column widths,
// light/dark choice), kept in QSettings. The workspace file holds the feeds; this
// holds only how the user likes to look at them.
class UiSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("UiSettings is provided by the application")
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)      // "system", "light", "dark"
    Q_PROPERTY(bool dark READ isDark NOTIFY themeChanged)
    Q_PROPERTY(int view READ view WRITE setView NOTIFY viewChanged)
    // A QRectF, QML's `rect`, so QML reads and writes it as a typed value (QRect has no QML type).
    Q_PROPERTY(QRectF geometry READ geometry WRITE setGeometry NOTIFY geometryChanged)
    Q_PROPERTY(QVariantList quoteColumnWidths READ quoteColumnWidths WRITE setQuoteColumnWidths NOTIFY quoteColumnWidthsChanged)
    Q_PROPERTY(bool feedsPanelVisible READ feedsPanelVisible WRITE setFeedsPanelVisible NOTIFY feedsPanelVisibleChanged)
    // The chart's time window (ChartController::Window as int) and its series as
    // [{feed, symbol, field}], so the charts come back as they were left.
    // CSV export options: "," (RFC 4180, the default), ";" (European spreadsheets) or "\t";
    // a UTF-8 byte order mark for Excel; the folder of the last export.
    Q_PROPERTY(QString csvDelimiter READ csvDelimiter WRITE setCsvDelimiter NOTIFY csvOptionsChanged)
    Q_PROPERTY(bool csvBom READ csvBom WRITE setCsvBom NOTIFY csvOptionsChanged)
    Q_PROPERTY(QString exportFolder READ exportFolder WRITE setExportFolder NOTIFY csvOptionsChanged)
    Q_PROPERTY(bool welcomeDismissed READ welcomeDismissed WRITE setWelcomeDismissed NOTIFY welcomeDismissedChanged)
    Q_PROPERTY(int chartWindow READ chartWindow WRITE setChartWindow NOTIFY chartWindowChanged)
    Q_PROPERTY(QVariantList chartSeries READ chartSeries WRITE setChartSeries NOTIFY chartSeriesChanged)
    // The chart panels: [{row, window, series: [{feed, symbol, field}]}]; supersedes the two above.
    Q_PROPERTY(QVariantList chartPanels READ chartPanels WRITE setChartPanels NOTIFY chartPanelsChanged)

public:
    explicit UiSettings(QObject *parent = nullptr);

    [[nodiscard]] QString theme() const { return m_theme; }
    void setTheme(const QString &theme);
    [[nodiscard]] bool isDark() const;
    Q_INVOKABLE void toggleTheme();

    [[nodiscard]] int view() const { return m_view; }
    void setView(int view);
    [[nodiscard]] QRectF geometry() const { return m_geometry; }
    void setGeometry(const QRectF &geometry);
    [[nodiscard]] QVariantList quoteColumnWidths() const { return m_quoteColumnWidths; }
    void setQuoteColumnWidths(const QVariantList &widths);
    [[nodiscard]] bool feedsPanelVisible() const { return m_feedsPanelVisible; }
    void setFeedsPanelVisible(bool visible);
    [[nodiscard]] QString csvDelimiter() const { return m_csvDelimiter; }
    void setCsvDelimiter(const QString &delimiter);
    [[nodiscard]] bool csvBom() const { return m_csvBom; }
    void setCsvBom(bool bom);
    [[nodiscard]] QString exportFolder() const;
    void setExportFolder(const QString &folder);
    [[nodiscard]] bool welcomeDismissed() const { return m_welcomeDismissed; }
    void setWelcomeDismissed(bool dismissed);
    [[nodiscard]] int chartWindow() const { return m_chartWindow; }
    void setChartWindow(int window);
    [[nodiscard]] QVariantList chartSeries() const { return m_chartSeries; }
    void setChartSeries(const QVariantList &series);
    [[nodiscard]] QVariantList chartPanels() const { return m_chartPanels; }
    void setChartPanels(const QVariantList &panels);

    [[nodiscard]] static QPalette darkPalette();
    // What "light" means on a dark desktop; on a light one the desktop's own palette stays.
    [[nodiscard]] static QPalette lightPalette();

signals:
    void themeChanged();
    void viewChanged();
    void geometryChanged();
    void quoteColumnWidthsChanged();
    void feedsPanelVisibleChanged();
    void csvOptionsChanged();
    void welcomeDismissedChanged();
    void chartWindowChanged();
    void chartSeriesChanged();
    void chartPanelsChanged();

private:
    void applyPalette();

    QSettings m_settings;
    QPalette m_systemPalette; // as the desktop gave it, before any choice of ours
    QString m_theme;
    int m_view = 0;
    QRect m_geometry;
    QVariantList m_quoteColumnWidths;
    bool m_feedsPanelVisible = true;
    QString m_csvDelimiter;
    bool m_csvBom = false;
    QString m_exportFolder;
    bool m_welcomeDismissed = false;
    int m_chartWindow = -1; // -1: never chosen, the chart's default applies
    QVariantList m_chartSeries;
    QVariantList m_chartPanels;
};

} // namespace feeddeck::app::settings
