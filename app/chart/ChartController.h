#pragma once

#include "app/chart/ChartSeriesModel.h"
#include "app/chart/ChartViewport.h"
#include "app/chart/SeriesFeeder.h"
#include "core/feed/EngineBatch.h"
#include "core/feed/SeriesQuery.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QAbstractSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QValueAxis>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace feeddeck::feed {
class FeedManager;
}
namespace feeddeck::app::display {
class DisplayClock;
}

namespace feeddeck::app::chart {

// The chart's state and its data requests, on the GUI thread. Holds the charted series,
// the time window, pause, zoom and pan; on the window's display clock it asks the network
// thread for all series at once (one request in flight at most, decimated to the plot width)
// and pushes each answer into the QtCharts lines and axes that QML attached.
class ChartController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChartController is provided by the application")
    Q_PROPERTY(Window window READ window WRITE setWindow NOTIFY windowChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    // Off while the chart is not on screen: no requests, no drawing.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(int seriesCount READ seriesCount NOTIFY seriesCountChanged)
    Q_PROPERTY(feeddeck::app::chart::ChartSeriesModel *series READ series CONSTANT)
    Q_PROPERTY(int plotWidth READ plotWidth WRITE setPlotWidth NOTIFY plotWidthChanged)
    Q_PROPERTY(QDateTime xMin READ xMin NOTIFY viewChanged)
    Q_PROPERTY(QDateTime xMax READ xMax NOTIFY viewChanged)
    Q_PROPERTY(double xMinMs READ xMinMs NOTIFY viewChanged)
    Q_PROPERTY(double xMaxMs READ xMaxMs NOTIFY viewChanged)
    Q_PROPERTY(double yMin READ yMin NOTIFY viewChanged)
    Q_PROPERTY(double yMax READ yMax NOTIFY viewChanged)
    Q_PROPERTY(bool zoomed READ isZoomed NOTIFY viewChanged)
    // Zoomed or panned: the view holds still; "Back to live" or a window button follows the clock again.
    Q_PROPERTY(bool detached READ isDetached NOTIFY viewChanged)
    // Per charted series with a point in view, its latest one there, for the marker on the
    // value axis: {value, valueText, seriesColor}.
    Q_PROPERTY(QVariantList lastValues READ lastValues NOTIFY frameApplied)
    // What the values are in ("price, USD"), the value axis's title.
    Q_PROPERTY(QString valueTitle READ valueTitle NOTIFY seriesCountChanged)
    Q_PROPERTY(int maxSeries READ maxSeries CONSTANT)
    Q_PROPERTY(int segmentsPerSeries READ segmentsPerSeries CONSTANT)

public:
    enum class Window { OneMinute, FiveMinutes, FifteenMinutes, OneHour, All };
    Q_ENUM(Window)

    static constexpr int kMaxSeries = 8;
    // The chart asks at most every kFrameIntervalMs (every other tick at 60 Hz): QtCharts
    // under the software renderer draws no faster.
    static constexpr int kFrameIntervalMs = 33;
    static constexpr int kMinColumns = 16;
    static constexpr int kMaxColumns = 4096;

    ChartController(feed::FeedManager &feeds, display::DisplayClock &clock, QObject *parent = nullptr);
    ~ChartController() override;

    // Charts a series; returns its row (the existing one when already charted), or -1
    // when refused (bad key, or kMaxSeries already charted: `notice` says why).
    Q_INVOKABLE int addSeries(const QString &feedId, const QString &symbol,
                              const QString &field = QStringLiteral("price"));
    Q_INVOKABLE void removeSeries(int index);
    Q_INVOKABLE void clear();

    // Gives series `index` one more line for its segments (QML creates them with
    // ChartView.createSeries: one when the row appears, more on linesWanted).
    // Returns false for a bad index, a non-XY series or a full pool.
    Q_INVOKABLE bool attach(int index, QAbstractSeries *line);
    // The axes whose ranges follow the view (set once per frame, only when they move).
    Q_INVOKABLE void attachAxes(QAbstractAxis *x, QAbstractAxis *y);

    Q_INVOKABLE void togglePaused() { setPaused(!isPaused()); }
    // factor < 1 zooms in around anchorFraction (0 = left edge of the plot, 1 = right).
    Q_INVOKABLE void zoom(double factor, double anchorFraction);
    // Moves the view by a fraction of its span: negative is earlier.
    Q_INVOKABLE void pan(double fractionOfWindow);
    Q_INVOKABLE void resetView();

    // The crosshair readout: per charted series the shown point nearest `timeMs`, as
    // {name, seriesColor, timeMs, value, valueText}; series with nothing in view are left out.
    Q_INVOKABLE QVariantList pointsNear(double timeMs) const;

    [[nodiscard]] Window window() const noexcept { return m_window; }
    void setWindow(Window window);
    [[nodiscard]] bool isPaused() const noexcept { return m_viewport.isPaused(); }
    void setPaused(bool paused);
    [[nodiscard]] bool isActive() const noexcept { return m_active; }
    void setActive(bool active);
    [[nodiscard]] int seriesCount() const { return m_model.count(); }
    [[nodiscard]] ChartSeriesModel *series() { return &m_model; }
    [[nodiscard]] int plotWidth() const noexcept { return m_plotWidth; }
    void setPlotWidth(int width);

    [[nodiscard]] QDateTime xMin() const { return QDateTime::fromMSecsSinceEpoch(m_xMinMs); }
    [[nodiscard]] QDateTime xMax() const { return QDateTime::fromMSecsSinceEpoch(m_xMaxMs); }
    [[nodiscard]] double xMinMs() const noexcept { return double(m_xMinMs); }
    [[nodiscard]] double xMaxMs() const noexcept { return double(m_xMaxMs); }
    [[nodiscard]] double yMin() const noexcept { return m_yScale.min; }
    [[nodiscard]] double yMax() const noexcept { return m_yScale.max; }
    [[nodiscard]] bool isZoomed() const noexcept { return m_viewport.isZoomedOrPanned(); }
    [[nodiscard]] bool isDetached() const noexcept { return m_viewport.isDetached(); }
    [[nodiscard]] QVariantList lastValues() const;
    [[nodiscard]] QString valueTitle() const { return m_model.valueTitle(); }
    [[nodiscard]] static constexpr int maxSeries() noexcept { return kMaxSeries; }
    [[nodiscard]] static constexpr int segmentsPerSeries() noexcept { return SeriesFeeder::kMaxSegments; }

    // The points last pushed for series `index` (gaps as NaN), for the crosshair and tests.
    [[nodiscard]] QList<store::Point> shownPoints(int index) const;
    [[nodiscard]] static qint64 windowSpanMs(Window window) noexcept;

signals:
    void windowChanged();
    void pausedChanged();
    void activeChanged();
    void seriesCountChanged();
    void plotWidthChanged();
    void viewChanged();
    // Something the user asked for could not be done ("Up to 8 series can be charted...").
    void notice(const QString &text);
    // An answer reached the lines and axes (at most once per frame).
    void frameApplied();
    // Series `index` has gaps enough for `count` lines but fewer are attached; until
    // more arrive, its oldest gaps are drawn over.
    void linesWanted(int index, int count);

private:
    struct Plot
    {
        std::unique_ptr<SeriesFeeder> feeder;
        QList<store::Point> points; // as last shown
    };

    void onFrame();
    void onSlices(const feed::SeriesSlices &slices, qint64 anchorMs, ChartViewport::Range asked);
    void onBatch(const feed::EngineBatchPtr &batch);
    void applyAxes();
    void markDirty();
    [[nodiscard]] QColor nextColour() const;
    [[nodiscard]] qint64 nowMs() const;

    feed::FeedManager &m_feeds;
    ChartSeriesModel m_model;
    std::vector<Plot> m_plots; // parallel to m_model's rows
    ChartViewport m_viewport;
    Window m_window = Window::FiveMinutes;
    bool m_active = true;
    int m_plotWidth = 800;

    int m_ticksPerRequest = 1; // display ticks per request, for kFrameIntervalMs
    int m_ticks = 0;
    bool m_inFlight = false;
    bool m_dirty = true;          // the view changed since the last request (matters while paused)
    qint64 m_lastAnchorMs = 0;    // the clock the shown view was built for

    qint64 m_xMinMs = 0;
    qint64 m_xMaxMs = 0;
    ValueScale m_yScale;
    // Labels on round local times (QDateTimeAxis can only spread ticks evenly from its
    // left edge): one category per tick, labelled at its end.
    QPointer<QCategoryAxis> m_xAxis;
    QList<qint64> m_timeTicks; // what m_xAxis's categories are, to rebuild them only on change
    QString m_timeFormat;
    QPointer<QValueAxis> m_yAxis;
};

} // namespace feeddeck::app::chart
