#include "app/chart/ChartController.h"

#include "app/display/DisplayClock.h"
#include "app/display/NumberDisplay.h"
#include "core/feed/FeedManager.h"
#include "core/workspace/DerivedSeriesConfig.h"

#include <QVariantMap>
#include <QtCharts/QXYSeries>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace feeddeck::app::chart {

namespace {

constexpr int kMaxKeyLength = 256;
constexpr int kYTargetTicks = 5;
constexpr int kTimeLabelHalfWidthPx = 28;

// Distinct on light and dark backgrounds alike.
constexpr std::array<QRgb, 8> kPalette{0x3b82f6, 0xf97316, 0x22c55e, 0xef4444,
                                       0xa855f7, 0x06b6d4, 0xeab308, 0xec4899};

// A value beside the chart: as the feed wrote it, but a computed one (a derived series' 18.5849099040)
// rounded to eight significant digits, which is more than a marker's width can use.
QString markerText(double value)
{
    const double magnitude = std::fabs(value);
    const int integerDigits = magnitude >= 1 ? int(std::floor(std::log10(magnitude))) + 1 : 1;
    return display::fixed(value, std::min(display::fractionDigits(value), std::max(0, 8 - integerDigits)));
}

double lerp(const store::Point &a, const store::Point &b, qint64 t)
{
    if (b.t == a.t)
        return b.v;
    return a.v + (b.v - a.v) * (double(t) - double(a.t)) / (double(b.t) - double(a.t));
}

// The lowest and highest value the lines reach inside [fromMs, toMs], including where
// a line from a point outside the view crosses its edges.
void extentInView(const QList<store::Point> &points, qint64 fromMs, qint64 toMs, double &lo, double &hi)
{
    auto include = [&lo, &hi](double v) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    };
    const store::Point *prev = nullptr;
    for (const store::Point &p : points) {
        if (store::SeriesHistory::isGap(p)) {
            prev = nullptr;
            continue;
        }
        if (prev) {
            if (prev->t < fromMs && p.t >= fromMs)
                include(lerp(*prev, p, fromMs));
            if (prev->t <= toMs && p.t > toMs)
                include(lerp(*prev, p, toMs));
        }
        if (p.t > toMs)
            break;
        if (p.t >= fromMs)
            include(p.v);
        prev = &p;
    }
}

} // namespace

ChartController::ChartController(feed::FeedManager &feeds, display::DisplayClock &clock, QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
    , m_ticksPerRequest(std::max(1, int(std::lround(double(kFrameIntervalMs) / clock.intervalMs()))))
{
    m_viewport.setWindowSpan(windowSpanMs(m_window));
    const ChartViewport::Range r = m_viewport.range(nowMs());
    m_xMinMs = r.fromMs;
    m_xMaxMs = r.toMs;

    connect(&clock, &display::DisplayClock::frame, this, &ChartController::onFrame);
    clock.addReceiver(this, [this](const feed::EngineBatchPtr &batch) { onBatch(batch); });
}

ChartController::~ChartController() = default;

qint64 ChartController::windowSpanMs(Window window) noexcept
{
    switch (window) {
    case Window::OneMinute: return 60'000;
    case Window::FiveMinutes: return 5 * 60'000;
    case Window::FifteenMinutes: return 15 * 60'000;
    case Window::OneHour: return 3'600'000;
    case Window::All: return 0;
    }
    return 0;
}

qint64 ChartController::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

QColor ChartController::nextColour() const
{
    for (const QRgb rgb : kPalette) {
        bool used = false;
        for (int i = 0; i < m_model.count() && !used; ++i)
            used = m_model.at(i).colour == QColor(rgb);
        if (!used)
            return QColor(rgb);
    }
    return QColor(kPalette[std::size_t(m_model.count()) % kPalette.size()]);
}

int ChartController::addSeries(const QString &feedId, const QString &symbol, const QString &field)
{
    if (feedId.isEmpty() || symbol.isEmpty() || field.isEmpty() || feedId.size() > kMaxKeyLength
        || symbol.size() > kMaxKeyLength || field.size() > kMaxKeyLength) {
        emit notice(tr("That row cannot be charted: it has no feed, symbol or field."));
        return -1;
    }
    const store::SeriesKey key{.feedId = feedId, .symbol = symbol, .field = field};
    if (const int existing = m_model.indexOf(key); existing >= 0)
        return existing;
    if (m_model.count() >= kMaxSeries) {
        emit notice(tr("Up to %1 series can be charted at once: remove one from the legend first.").arg(kMaxSeries));
        return -1;
    }
    const QColor colour = nextColour();
    // The plot exists before the row: views attach lines as soon as the row appears.
    m_plots.push_back({.feeder = std::make_unique<SeriesFeeder>(colour), .points = {}});
    m_model.append({.key = key, .colour = colour, .retained = 0});
    markDirty();
    emit seriesCountChanged();
    return m_model.count() - 1;
}

void ChartController::removeSeries(int index)
{
    if (index < 0 || index >= m_model.count())
        return;
    m_plots[std::size_t(index)].feeder->clear();
    m_plots.erase(m_plots.begin() + index);
    m_model.remove(index);
    markDirty();
    emit seriesCountChanged();
}

void ChartController::clear()
{
    if (m_plots.empty())
        return;
    for (Plot &plot : m_plots)
        plot.feeder->clear();
    m_plots.clear();
    m_model.clear();
    markDirty();
    emit seriesCountChanged();
}

bool ChartController::attach(int index, QAbstractSeries *line)
{
    if (index < 0 || index >= m_model.count())
        return false;
    auto *xy = qobject_cast<QXYSeries *>(line);
    if (!xy || !m_plots[std::size_t(index)].feeder->attach(xy))
        return false;
    markDirty(); // the next answer spreads the segments over the larger pool
    return true;
}

void ChartController::attachAxes(QAbstractAxis *x, QAbstractAxis *y)
{
    m_xAxis = qobject_cast<QCategoryAxis *>(x);
    m_timeTicks.clear();
    if (m_xAxis)
        m_xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_yAxis = qobject_cast<QValueAxis *>(y);
    applyAxes();
}

void ChartController::setWindow(Window window)
{
    if (window == m_window) {
        if (m_viewport.isDetached()) // the window's button again: back to following the clock
            resetView();
        return;
    }
    m_window = window;
    m_viewport.setWindowSpan(windowSpanMs(window));
    markDirty();
    emit windowChanged();
    emit viewChanged();
}

void ChartController::setPaused(bool paused)
{
    if (paused == m_viewport.isPaused())
        return;
    // Freeze exactly what is on screen, not where the clock is a frame later.
    m_viewport.setPaused(paused, m_lastAnchorMs > 0 ? m_lastAnchorMs : nowMs());
    markDirty();
    emit pausedChanged();
    emit viewChanged();
}

void ChartController::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    markDirty();
    emit activeChanged();
}

void ChartController::setPlotWidth(int width)
{
    width = std::clamp(width, kMinColumns, kMaxColumns);
    if (width == m_plotWidth)
        return;
    m_plotWidth = width;
    markDirty();
    applyAxes();
    emit plotWidthChanged();
}

void ChartController::zoom(double factor, double anchorFraction)
{
    m_viewport.zoom(factor, anchorFraction, nowMs());
    markDirty();
    emit viewChanged();
}

void ChartController::pan(double fractionOfWindow)
{
    m_viewport.pan(fractionOfWindow, nowMs());
    markDirty();
    emit viewChanged();
}

void ChartController::resetView()
{
    m_viewport.resetView();
    markDirty();
    emit viewChanged();
}

void ChartController::markDirty()
{
    m_dirty = true;
}

QList<store::Point> ChartController::shownPoints(int index) const
{
    if (index < 0 || index >= int(m_plots.size()))
        return {};
    return m_plots[std::size_t(index)].points;
}

void ChartController::onFrame()
{
    if (!m_active || m_plots.empty() || ++m_ticks < m_ticksPerRequest)
        return;
    // One request at a time: a slow network thread lowers the chart's frame rate
    // instead of queueing work behind it.
    if (m_inFlight)
        return;
    m_ticks = 0;
    if (isPaused() && !m_dirty)
        return; // a frozen view over recorded data does not change
    const qint64 now = nowMs();
    const qint64 anchor = m_viewport.anchor(now);
    const ChartViewport::Range asked = m_viewport.range(now);

    QList<feed::SeriesQuery> queries;
    queries.reserve(m_model.count());
    for (int i = 0; i < m_model.count(); ++i)
        queries.append({.key = m_model.at(i).key,
                        .fromMs = asked.fromFirstPoint ? feed::kFromFirstPoint : asked.fromMs,
                        .toMs = asked.toMs,
                        .columns = m_plotWidth});
    m_inFlight = true;
    m_dirty = false;
    m_feeds.requestSeries(queries, [self = QPointer<ChartController>(this), anchor, asked](const feed::SeriesSlices &s) {
        if (self)
            self->onSlices(s, anchor, asked);
    });
}

void ChartController::onSlices(const feed::SeriesSlices &slices, qint64 anchorMs, ChartViewport::Range asked)
{
    m_inFlight = false;
    if (!slices)
        return;

    QList<qint64> retained;
    retained.reserve(m_model.count());
    for (int i = 0; i < m_model.count(); ++i)
        retained.append(m_model.at(i).retained);
    std::vector<bool> answered(m_plots.size(), false);
    std::optional<qint64> earliest;
    bool exact = true;
    for (const feed::SeriesSlice &slice : *slices) {
        const int row = m_model.indexOf(slice.key);
        if (row < 0)
            continue; // removed while the answer was on its way
        if (!slice.points.isEmpty()) {
            const qint64 first = slice.points.constFirst().t;
            earliest = std::min(earliest.value_or(std::numeric_limits<qint64>::max()), first);
            // A point before the view means older data exists: `first` is only a bound.
            exact = exact && (asked.fromFirstPoint || first >= asked.fromMs);
        }
        m_plots[std::size_t(row)].points = slice.points;
        retained[row] = slice.retained;
        answered[std::size_t(row)] = true;
    }
    m_viewport.noteEarliest(earliest, exact);
    m_lastAnchorMs = anchorMs;

    qint64 fromMs = asked.fromMs;
    const qint64 toMs = asked.toMs;
    if (asked.fromFirstPoint)
        fromMs = m_viewport.earliest().value_or(toMs - ChartViewport::kDefaultAllSpanMs);
    fromMs = std::min(fromMs, toMs - ChartViewport::kMinSpanMs);

    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const Plot &plot : m_plots)
        extentInView(plot.points, fromMs, toMs, lo, hi);
    const ValueScale scale = lo <= hi ? steadyScale(m_yScale, lo, hi, kYTargetTicks) : m_yScale;

    const bool moved = fromMs != m_xMinMs || toMs != m_xMaxMs || scale.min != m_yScale.min
                       || scale.max != m_yScale.max;
    m_xMinMs = fromMs;
    m_xMaxMs = toMs;
    m_yScale = scale;
    applyAxes();
    for (std::size_t i = 0; i < m_plots.size(); ++i)
        if (answered[i])
            m_plots[i].feeder->update(m_plots[i].points);
    m_model.setRetained(retained);
    if (moved)
        emit viewChanged();
    emit frameApplied();
    // Lines are created on demand: most series never have a gap in view.
    for (std::size_t i = 0; i < m_plots.size() && i < answered.size(); ++i) {
        const SeriesFeeder &feeder = *m_plots[i].feeder;
        if (answered[i] && feeder.wanted() > feeder.segmentCapacity())
            emit linesWanted(int(i), feeder.wanted());
    }
}

void ChartController::applyAxes()
{
    if (m_xAxis) {
        if (m_xAxis->min() != double(m_xMinMs) || m_xAxis->max() != double(m_xMaxMs))
            m_xAxis->setRange(double(m_xMinMs), double(m_xMaxMs));
        const int offset = QDateTime::fromMSecsSinceEpoch(m_xMinMs).offsetFromUtc();
        TimeScale ticks = roundTimeScale(m_xMinMs, m_xMaxMs, m_plotWidth, offset);
        // A label centred on a tick by the right edge would be cut off by the chart's frame.
        const qint64 labelHalfMs = (m_xMaxMs - m_xMinMs) * kTimeLabelHalfWidthPx / std::max(1, m_plotWidth);
        ticks.ticks.removeIf([limit = m_xMaxMs - labelHalfMs](qint64 t) { return t > limit; });
        // Rebuilt only when a tick enters or leaves the view, not on every frame.
        if (ticks.ticks != m_timeTicks || ticks.format != m_timeFormat) {
            for (const QString &label : m_xAxis->categoriesLabels())
                m_xAxis->remove(label);
            m_xAxis->setStartValue(double(m_xMinMs - ticks.stepMs));
            for (const qint64 t : ticks.ticks)
                m_xAxis->append(QDateTime::fromMSecsSinceEpoch(t).toString(ticks.format), double(t));
            m_timeTicks = ticks.ticks;
            m_timeFormat = ticks.format;
        }
    }
    if (m_yAxis) {
        if (m_yAxis->min() != m_yScale.min || m_yAxis->max() != m_yScale.max)
            m_yAxis->setRange(m_yScale.min, m_yScale.max);
        if (m_yAxis->tickCount() != m_yScale.ticks)
            m_yAxis->setTickCount(m_yScale.ticks);
        const QString format = QStringLiteral("%.%1f").arg(m_yScale.decimals);
        if (m_yAxis->labelFormat() != format)
            m_yAxis->setLabelFormat(format);
    }
}

void ChartController::onBatch(const feed::EngineBatchPtr &batch)
{
    if (!batch || batch->feeds.isEmpty())
        return;
    QHash<QString, QString> names;
    names.reserve(batch->feeds.size());
    for (const feed::FeedStatus &f : batch->feeds)
        names.insert(f.id, f.name.isEmpty() ? f.id : f.name);
    // Derived series are computed from the feeds: they stay while the feeds run.
    names.insert(workspace::kDerivedFeed, tr("Derived"));
    m_model.setFeedNames(names);
    // Series of feeds the running workspace does not have go (another workspace was opened or
    // imported, a feed was removed): they could never fill in, and would be named by a bare id.
    for (int row = m_model.count() - 1; row >= 0; --row)
        if (!names.contains(m_model.at(row).key.feedId))
            removeSeries(row);
}

QVariantList ChartController::lastValues() const
{
    QVariantList out;
    for (std::size_t i = 0; i < m_plots.size() && int(i) < m_model.count(); ++i) {
        const QList<store::Point> &points = m_plots[i].points;
        for (auto it = points.crbegin(); it != points.crend(); ++it) {
            if (store::SeriesHistory::isGap(*it) || it->t > m_xMaxMs)
                continue;
            if (it->t < m_xMinMs)
                break;
            out.append(QVariantMap{
                {QStringLiteral("value"), it->v},
                {QStringLiteral("valueText"), markerText(it->v)},
                {QStringLiteral("seriesColor"), m_model.at(int(i)).colour},
            });
            break;
        }
    }
    return out;
}

QVariantList ChartController::pointsNear(double timeMs) const
{
    QVariantList out;
    if (!std::isfinite(timeMs))
        return out;
    for (int row = 0; row < int(m_plots.size()); ++row) {
        const store::Point *best = nullptr;
        double bestDistance = std::numeric_limits<double>::infinity();
        for (const store::Point &p : m_plots[std::size_t(row)].points) {
            if (store::SeriesHistory::isGap(p) || p.t < m_xMinMs || p.t > m_xMaxMs)
                continue;
            const double d = std::abs(double(p.t) - timeMs);
            if (d < bestDistance) {
                bestDistance = d;
                best = &p;
            }
        }
        if (!best)
            continue;
        const ChartSeriesModel::Entry &e = m_model.at(row);
        out.append(QVariantMap{
            {QStringLiteral("name"), m_model.nameAt(row)},
            {QStringLiteral("symbol"), e.key.symbol},
            {QStringLiteral("field"), e.key.field},
            {QStringLiteral("seriesColor"), e.colour},
            {QStringLiteral("timeMs"), double(best->t)},
            {QStringLiteral("timeText"), QDateTime::fromMSecsSinceEpoch(best->t).toString(QStringLiteral("hh:mm:ss.zzz"))},
            {QStringLiteral("value"), best->v},
            {QStringLiteral("valueText"), markerText(best->v)},
        });
    }
    return out;
}

} // namespace feeddeck::app::chart
