// The chart bridge end to end: a real FeedManager fed by an in-process server on
// 127.0.0.1, a ChartController charting from its history, and QtCharts lines created
// here the way ChartPane creates them (a pool per charted series).
#include "../../integration/support/TestFeedServer.h"

#include "app/chart/ChartController.h"
#include "app/chart/ChartBoard.h"
#include "app/chart/ChartMemory.h"
#include "app/display/DisplayClock.h"
#include "app/settings/UiSettings.h"
#include "core/feed/FeedManager.h"

#include <QSignalSpy>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace feeddeck;
using app::chart::ChartBoard;
using app::chart::ChartController;
using app::chart::ChartSeriesModel;
using app::display::DisplayClock;
using feed::FeedManager;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;
const QString kFeed = QStringLiteral("crypto");
const QString kSymbol = QStringLiteral("BTC-USD");

workspace::Workspace workspaceFor(const QUrl &url)
{
    workspace::FeedConfig c;
    c.id = kFeed;
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = {kSymbol};
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

feed::SnapshotPtr snapshotOf(FeedManager &manager)
{
    auto result = std::make_shared<feed::SnapshotPtr>();
    manager.requestSnapshot([result](const feed::SnapshotPtr &s) { *result = s; });
    if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait))
        return std::make_shared<feed::Snapshot>();
    return *result;
}

quint64 updatesOf(FeedManager &manager)
{
    return snapshotOf(manager)->feeds.value(0).counters.updates;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QList<double> ys(const QXYSeries &line)
{
    QList<double> out;
    for (const QPointF &p : line.points())
        out.append(p.y());
    return out;
}

// A running feed, a controller charting BTC-USD price, and its pool of lines.
struct Rig
{
    TestFeedServer server;
    FeedManager manager{DisplayClock::engineOptions()};
    DisplayClock clock{manager};
    ChartController charts{manager, clock};
    std::vector<std::unique_ptr<QLineSeries>> lines;
    int sequence = 0;

    bool start()
    {
        if (!server.listen())
            return false;
        manager.start(workspaceFor(server.url()));
        if (!QTest::qWaitFor([this] { return server.receivedOfType("subscribe").size() == 1; }, kWait))
            return false;
        if (charts.addSeries(kFeed, kSymbol) != 0)
            return false;
        // As ChartPane does: one line to start with, more when gaps come into view.
        QObject::connect(&charts, &ChartController::linesWanted, &charts, [this](int index, int count) {
            if (index == 0)
                grow(count);
        });
        grow(1);
        return lines.size() == 1;
    }

    void grow(int count)
    {
        while (int(lines.size()) < count) {
            lines.push_back(std::make_unique<QLineSeries>());
            if (!charts.attach(0, lines.back().get()))
                return;
        }
    }

    void send(double price) { server.sendTicker(kSymbol, price, ++sequence); }

    [[nodiscard]] QList<QList<double>> segments() const
    {
        QList<QList<double>> out;
        for (const auto &line : lines)
            if (line->count() > 0)
                out.append(ys(*line));
        return out;
    }

    [[nodiscard]] int pointCount() const
    {
        int n = 0;
        for (const auto &line : lines)
            n += line->count();
        return n;
    }

    // The values drawn inside the visible time range, all segments together.
    [[nodiscard]] QList<double> visibleValues() const
    {
        QList<double> out;
        for (const auto &line : lines)
            for (const QPointF &p : line->points())
                if (p.x() >= charts.xMinMs() && p.x() <= charts.xMaxMs())
                    out.append(p.y());
        return out;
    }

    [[nodiscard]] qint64 span() const { return qint64(charts.xMaxMs() - charts.xMinMs()); }
};

} // namespace

class TstChartController : public QObject
{
    Q_OBJECT

private slots:
    void tickerValuesReachTheLinesExactly();
    void legendNamesTheFeedSymbolAndField();
    void seriesOfFeedsTheWorkspaceDoesNotHaveAreDropped();
    void eachLineIsReplacedAtMostOncePerFrame();
    void aDropLeavesAGapBetweenTwoSegments();
    void windowSetsTheVisibleTimeRange();
    void axesFollowTheView();
    void theValueAxisNamesItsUnitAndMarksEachLastValue();
    void quoteCurrencyComesFromTheSymbol_data();
    void quoteCurrencyComesFromTheSymbol();
    void pauseFreezesTheRangeWhileDataKeepsArrivingAndResumeJumpsToNow();
    void zoomAndPanMoveTheRangeAndResetRestoresIt();
    void hundredThousandPointsAreDecimatedToAFewPerPixelColumn();
    void crosshairFindsTheNearestShownPoint();
    void seriesAreBoundedUniqueAndValidated();
    void removingASeriesEmptiesItsLinesAndStopsAskingForIt();
    void seriesAndWindowComeBackAfterARestart();
};

void TstChartController::tickerValuesReachTheLinesExactly()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.charts.setWindow(ChartController::Window::OneMinute);
    const qint64 before = nowMs();
    for (const double price : {65432.12345678, 65433.5, 65431.25})
        rig.send(price);

    QTRY_COMPARE_WITH_TIMEOUT(rig.segments(), QList<QList<double>>({{65432.12345678, 65433.5, 65431.25}}), kWait);
    const QList<QPointF> points = rig.lines.at(0)->points();
    for (int i = 0; i < points.size(); ++i) {
        QVERIFY(points.at(i).x() >= double(before) && points.at(i).x() <= double(nowMs()));
        QVERIFY(i == 0 || points.at(i).x() >= points.at(i - 1).x());
    }
    QTRY_COMPARE_WITH_TIMEOUT(rig.charts.series()->at(0).retained, 3, kWait);
    QVERIFY(rig.charts.yMin() < 65431.25 && rig.charts.yMax() > 65433.5);
}

void TstChartController::legendNamesTheFeedSymbolAndField()
{
    Rig rig;
    QVERIFY(rig.start());
    const app::chart::ChartSeriesModel &model = *rig.charts.series();
    QCOMPARE(model.rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(model.data(model.index(0), app::chart::ChartSeriesModel::NameRole).toString(),
                              QStringLiteral("Crypto · BTC-USD · price"), kWait);
    QCOMPARE(model.data(model.index(0), app::chart::ChartSeriesModel::SymbolRole).toString(), kSymbol);
    QCOMPARE(model.data(model.index(0), app::chart::ChartSeriesModel::SeriesColorRole).value<QColor>(),
             rig.lines.at(0)->color());
}

// #19: after switching workspaces, a series of the old one stayed, named by its feed id.
void TstChartController::seriesOfFeedsTheWorkspaceDoesNotHaveAreDropped()
{
    Rig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.charts.addSeries(QStringLiteral("old-workspace-feed"), QStringLiteral("ETH-USD")), 1);
    QCOMPARE(rig.charts.seriesCount(), 2);
    // The next batch lists the running feeds: only "crypto".
    QTRY_COMPARE_WITH_TIMEOUT(rig.charts.seriesCount(), 1, kWait);
    const app::chart::ChartSeriesModel &model = *rig.charts.series();
    QCOMPARE(model.data(model.index(0), app::chart::ChartSeriesModel::NameRole).toString(),
             QStringLiteral("Crypto · BTC-USD · price"));
}

void TstChartController::eachLineIsReplacedAtMostOncePerFrame()
{
    Rig rig;
    QVERIFY(rig.start());
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (const auto &line : rig.lines)
        spies.push_back(std::make_unique<QSignalSpy>(line.get(), &QXYSeries::pointsReplaced));
    QList<qsizetype> seen(qsizetype(spies.size()), 0);
    int frames = 0;
    int worst = 0;
    connect(&rig.charts, &ChartController::frameApplied, this, [&] {
        ++frames;
        for (std::size_t i = 0; i < spies.size(); ++i) {
            worst = std::max(worst, int(spies[i]->count() - seen[qsizetype(i)]));
            seen[qsizetype(i)] = spies[i]->count();
        }
    });

    // Bursts of many tickers, several per frame.
    for (int burst = 0; burst < 15; ++burst) {
        const int before = frames;
        for (int i = 0; i < 40; ++i)
            rig.send(100.0 + burst * 40 + i);
        QTRY_VERIFY_WITH_TIMEOUT(frames > before + 1, kWait);
    }
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 600, kWait);
    QCOMPARE(rig.lines.size(), std::size_t(1)); // no gap, no second line
    QCOMPARE(worst, 1);
    QVERIFY2(spies[0]->count() <= frames, qPrintable(QStringLiteral("%1 replaces in %2 frames").arg(spies[0]->count()).arg(frames)));
    QVERIFY(spies[0]->count() >= 2); // it did follow the data
    for (std::size_t i = 1; i < spies.size(); ++i)
        QCOMPARE(spies[i]->count(), 0); // no gaps: the other lines never changed
}

void TstChartController::aDropLeavesAGapBetweenTwoSegments()
{
    Rig rig;
    QVERIFY(rig.start());
    for (const double price : {101.0, 102.0, 103.0})
        rig.send(price);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 3, kWait);

    rig.server.abortClients();
    QTRY_VERIFY_WITH_TIMEOUT(rig.server.receivedOfType("subscribe").size() == 2, kWait);
    for (const double price : {200.0, 201.0})
        rig.send(price);

    QTRY_COMPARE_WITH_TIMEOUT(rig.segments(), QList<QList<double>>({{101.0, 102.0, 103.0}, {200.0, 201.0}}), kWait);
    QCOMPARE(rig.lines.size(), std::size_t(2)); // the second line was asked for when the gap appeared
    // No line spans the outage: the first segment ends before the second begins.
    QVERIFY(rig.lines.at(0)->points().constLast().x() < rig.lines.at(1)->points().constFirst().x());
    const QList<store::Point> shown = rig.charts.shownPoints(0);
    QCOMPARE(shown.size(), 6);
    QVERIFY(std::isnan(shown.at(3).v));
    QCOMPARE(rig.lines.at(0)->color(), rig.lines.at(1)->color());
}

void TstChartController::windowSetsTheVisibleTimeRange()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.send(100.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 1, kWait);

    const QList<QPair<ChartController::Window, qint64>> windows{
        {ChartController::Window::OneMinute, 60'000},
        {ChartController::Window::FiveMinutes, 300'000},
        {ChartController::Window::FifteenMinutes, 900'000},
        {ChartController::Window::OneHour, 3'600'000}};
    QSignalSpy windowSpy(&rig.charts, &ChartController::windowChanged);
    for (const auto &[window, span] : windows) {
        rig.charts.setWindow(window);
        QTRY_COMPARE_WITH_TIMEOUT(rig.span(), span, kWait);
        QVERIFY(std::abs(rig.charts.xMaxMs() - double(nowMs())) < 2000);
        QCOMPARE(rig.charts.xMax().toMSecsSinceEpoch(), qint64(rig.charts.xMaxMs()));
    }
    QCOMPARE(windowSpy.count(), 4);
    rig.charts.setWindow(ChartController::Window::OneHour); // no change, no signal
    QCOMPARE(windowSpy.count(), 4);

    // "All" starts at the first point once it is more than the shortest span old.
    rig.charts.setWindow(ChartController::Window::All);
    const qint64 first = rig.charts.shownPoints(0).constFirst().t;
    QTRY_COMPARE_WITH_TIMEOUT(qint64(rig.charts.xMinMs()), first, kWait);
    QVERIFY(std::abs(rig.charts.xMaxMs() - double(nowMs())) < 2000);
}

void TstChartController::axesFollowTheView()
{
    Rig rig;
    QVERIFY(rig.start());
    QCategoryAxis x;
    QValueAxis y;
    rig.charts.attachAxes(&x, &y);
    rig.charts.setPlotWidth(1000);
    rig.charts.setWindow(ChartController::Window::OneMinute);
    rig.send(10.0);
    rig.send(30.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(x.max() - x.min(), 60'000.0, kWait);
    QCOMPARE(x.min(), rig.charts.xMinMs());
    QCOMPARE(x.max(), rig.charts.xMaxMs());
    // #19: ticks on round local times, every 10 s at this width, labelled to the second
    // (a fresh chart read "00:06:34.424").
    QCOMPARE(x.labelsPosition(), QCategoryAxis::AxisLabelsPositionOnValue);
    const int offsetMs = QDateTime::currentDateTime().offsetFromUtc() * 1000;
    int inView = 0;
    for (const QString &label : x.categoriesLabels()) {
        const qint64 t = qint64(x.endValue(label));
        QCOMPARE((t + offsetMs) % 10'000, 0);
        QCOMPARE(label, QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("hh:mm:ss")));
        QVERIFY(label.endsWith(QLatin1Char('0')));
        if (t >= x.min() && t <= x.max())
            ++inView;
    }
    // Every 10 s tick of the view, but one within half a label (28 px of 1000) of the right
    // edge, whose label the frame would cut.
    const qint64 lastLabelled = qint64(x.max()) - 60'000 * 28 / 1000;
    int expected = 0;
    for (qint64 t = qint64(x.min()); t <= lastLabelled; ++t)
        if ((t + offsetMs) % 10'000 == 0)
            ++expected;
    QCOMPARE(inView, expected);
    QCOMPARE(int(x.categoriesLabels().size()), expected);
    QCOMPARE(y.min(), rig.charts.yMin());
    QCOMPARE(y.max(), rig.charts.yMax());
    QCOMPARE(y.min(), 5.0); // 10..30 reads best in steps of 5
    QCOMPARE(y.max(), 35.0);
    QCOMPARE(y.tickCount(), 7);
    QCOMPARE(y.labelFormat(), QStringLiteral("%.0f"));

    rig.charts.setWindow(ChartController::Window::OneHour);
    QTRY_COMPARE_WITH_TIMEOUT(x.categoriesLabels().constFirst().size(), 5, kWait); // "hh:mm"
    for (const QString &label : x.categoriesLabels())
        QCOMPARE((qint64(x.endValue(label)) + offsetMs) % 600'000, 0); // every 10 minutes
}

void TstChartController::theValueAxisNamesItsUnitAndMarksEachLastValue()
{
    Rig rig;
    QVERIFY(rig.start());
    QCOMPARE(rig.charts.valueTitle(), QStringLiteral("price · USD"));
    rig.charts.setWindow(ChartController::Window::OneMinute);
    rig.send(10.0);
    rig.send(30.5);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rig.charts.lastValues().size(), 1, kWait);
    const QVariantMap last = rig.charts.lastValues().constFirst().toMap();
    QCOMPARE(last.value(QStringLiteral("value")).toDouble(), 30.5);
    QCOMPARE(last.value(QStringLiteral("valueText")).toString(), QStringLiteral("30.5")); // as the crosshair reads it
    QCOMPARE(last.value(QStringLiteral("seriesColor")).value<QColor>(), rig.charts.series()->at(0).colour);

    QSignalSpy titles(&rig.charts, &ChartController::seriesCountChanged);
    QVERIFY(rig.charts.addSeries(kFeed, kSymbol, QStringLiteral("bid")) >= 0);
    QCOMPARE(titles.count(), 1);
    QCOMPARE(rig.charts.valueTitle(), QStringLiteral("price / bid · USD"));
}

void TstChartController::quoteCurrencyComesFromTheSymbol_data()
{
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<QString>("currency");
    QTest::newRow("coinbase") << "BTC-USD" << "USD";
    QTest::newRow("slash") << "eth/eur" << "EUR";
    QTest::newRow("binance") << "BTCUSDT" << "USDT";
    QTest::newRow("binance lower") << "ethbtc" << "BTC";
    QTest::newRow("a stock") << "AAPL" << "";
    QTest::newRow("a SKU") << "SKU-10023" << "";
    QTest::newRow("just a currency") << "USDT" << "";
}

void TstChartController::quoteCurrencyComesFromTheSymbol()
{
    QFETCH(QString, symbol);
    QFETCH(QString, currency);
    QCOMPARE(ChartSeriesModel::quoteCurrency(symbol), currency);
}

void TstChartController::pauseFreezesTheRangeWhileDataKeepsArrivingAndResumeJumpsToNow()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.charts.setWindow(ChartController::Window::OneMinute);
    rig.send(1.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.visibleValues(), QList<double>({1.0}), kWait);

    QSignalSpy frames(&rig.charts, &ChartController::frameApplied);
    rig.charts.setPaused(true);
    QVERIFY(rig.charts.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 1, kWait); // the pause itself redraws once
    const double frozenMin = rig.charts.xMinMs();
    const double frozenMax = rig.charts.xMaxMs();

    rig.send(2.0);
    rig.send(3.0);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(rig.manager), quint64(3), kWait); // recorded meanwhile
    // Any redraw of the frozen view (here: the plot got wider) shows the same range.
    const int before = int(frames.count());
    rig.charts.setPlotWidth(rig.charts.plotWidth() + 10);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() > before, kWait);
    QCOMPARE(rig.charts.xMinMs(), frozenMin);
    QCOMPARE(rig.charts.xMaxMs(), frozenMax);
    QCOMPARE(rig.visibleValues(), QList<double>({1.0}));

    const qint64 resumedAt = nowMs();
    rig.charts.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(rig.charts.xMaxMs() >= double(resumedAt), kWait);
    QCOMPARE(rig.span(), 60'000);
    QTRY_COMPARE_WITH_TIMEOUT(rig.visibleValues(), QList<double>({1.0, 2.0, 3.0}), kWait);
}

void TstChartController::zoomAndPanMoveTheRangeAndResetRestoresIt()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.charts.setWindow(ChartController::Window::OneMinute);
    rig.send(5.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 1, kWait);
    const qint64 firstAt = rig.charts.shownPoints(0).constFirst().t;
    // The point is old enough to stay in view when the view is later panned back by half a
    // second (pan keeps the earliest point at least in the middle).
    QTRY_VERIFY_WITH_TIMEOUT(nowMs() - firstAt > 1500, kWait);

    QSignalSpy view(&rig.charts, &ChartController::viewChanged);
    rig.charts.zoom(0.5, 1.0);
    QVERIFY(rig.charts.isZoomed());
    QVERIFY(rig.charts.isDetached());
    QVERIFY(view.count() >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig.span(), 30'000, kWait);
    const double heldAt = rig.charts.xMaxMs();
    QVERIFY(std::abs(heldAt - double(nowMs())) < 2000);
    // #19: the zoomed view holds still while the clock runs on.
    QTRY_VERIFY_WITH_TIMEOUT(double(nowMs()) > heldAt + 300, kWait);
    rig.send(6.0);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(rig.manager), quint64(2), kWait);
    QCOMPARE(rig.charts.xMaxMs(), heldAt);

    // Down to one second, then back by half of it.
    rig.charts.zoom(0.001, 1.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.span(), 1000, kWait);
    QCOMPARE(rig.charts.xMaxMs(), heldAt);
    rig.charts.pan(-0.5);
    QTRY_COMPARE_WITH_TIMEOUT(rig.charts.xMaxMs(), heldAt - 500.0, kWait);
    QCOMPARE(rig.span(), 1000);

    // Back to live: the whole window, following the clock.
    rig.charts.resetView();
    QVERIFY(!rig.charts.isZoomed());
    QVERIFY(!rig.charts.isDetached());
    QTRY_COMPARE_WITH_TIMEOUT(rig.span(), 60'000, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(rig.charts.xMaxMs() - double(nowMs())) < 2000, kWait);

    // The current window's button follows the clock again too.
    rig.charts.pan(-0.1);
    QVERIFY(rig.charts.isDetached());
    rig.charts.setWindow(ChartController::Window::OneMinute);
    QVERIFY(!rig.charts.isDetached());
}

void TstChartController::hundredThousandPointsAreDecimatedToAFewPerPixelColumn()
{
    Rig rig;
    QVERIFY(rig.start());
    const int columns = 400;
    rig.charts.setPlotWidth(columns);
    rig.charts.setWindow(ChartController::Window::All);
    const int total = 100'000;
    // Receipt is stamped once per socket read: sent in bursts, each once the last has arrived,
    // the points are spread over the window rather than sharing a few stamps.
    const int bursts = 200;
    for (int b = 0; b < bursts; ++b) {
        for (int i = 0; i < total / bursts; ++i)
            rig.send(1000.0 + (b * (total / bursts) + i) % 1000);
        const quint64 sent = quint64(b + 1) * quint64(total / bursts);
        QVERIFY(QTest::qWaitFor([&] { return updatesOf(rig.manager) >= sent; }, 60'000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(rig.charts.series()->at(0).retained, total, 60'000);

    QSignalSpy frames(&rig.charts, &ChartController::frameApplied);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 2, kWait); // an answer asked after the last point
    const int drawn = rig.pointCount();
    QVERIFY2(drawn <= 4 * columns + 2, qPrintable(QString::number(drawn)));
    QVERIFY2(drawn >= columns / 2, qPrintable(QString::number(drawn)));
    // Min/max decimation keeps every extreme.
    const QList<double> values = ys(*rig.lines.at(0));
    QCOMPARE(*std::min_element(values.cbegin(), values.cend()), 1000.0);
    QCOMPARE(*std::max_element(values.cbegin(), values.cend()), 1999.0);
    QVERIFY(rig.charts.yMin() < 1000.0 && rig.charts.yMax() > 1999.0);
}

void TstChartController::crosshairFindsTheNearestShownPoint()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.send(7.5);
    QTRY_VERIFY_WITH_TIMEOUT(updatesOf(rig.manager) == 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(nowMs() - rig.charts.shownPoints(0).value(0, {0, 0}).t >= 20, kWait);
    rig.send(8.25);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 2, kWait);

    const QList<store::Point> shown = rig.charts.shownPoints(0);
    QVERIFY(shown.at(1).t > shown.at(0).t);
    const QVariantList near = rig.charts.pointsNear(double(shown.at(1).t) + 1);
    QCOMPARE(near.size(), 1);
    const QVariantMap p = near.at(0).toMap();
    QCOMPARE(p.value("value").toDouble(), 8.25);
    QCOMPARE(qint64(p.value("timeMs").toDouble()), shown.at(1).t);
    QCOMPARE(p.value("symbol").toString(), kSymbol);
    QVERIFY(!p.value("valueText").toString().isEmpty());
    QCOMPARE(rig.charts.pointsNear(double(shown.at(0).t) - 1).at(0).toMap().value("value").toDouble(), 7.5);
    QVERIFY(rig.charts.pointsNear(std::nan("")).isEmpty());
}

void TstChartController::seriesAreBoundedUniqueAndValidated()
{
    FeedManager manager(DisplayClock::engineOptions());
    DisplayClock clock(manager);
    ChartController charts(manager, clock);
    QSignalSpy notices(&charts, &ChartController::notice);
    QSignalSpy counts(&charts, &ChartController::seriesCountChanged);

    QCOMPARE(charts.addSeries("crypto", "BTC-USD"), 0);
    QCOMPARE(charts.addSeries("crypto", "BTC-USD", "price"), 0); // already charted
    QCOMPARE(charts.addSeries("crypto", "BTC-USD", "bid"), 1);
    QCOMPARE(charts.addSeries("", "BTC-USD"), -1);
    QCOMPARE(charts.addSeries("crypto", QString(300, 'X')), -1);
    QCOMPARE(notices.count(), 2);
    for (int i = 2; i < ChartController::kMaxSeries; ++i)
        QCOMPARE(charts.addSeries("crypto", QStringLiteral("S%1").arg(i)), i);
    QCOMPARE(charts.addSeries("crypto", "ONE-TOO-MANY"), -1);
    QCOMPARE(notices.count(), 3);
    QCOMPARE(charts.seriesCount(), ChartController::kMaxSeries);
    QCOMPARE(counts.count(), ChartController::kMaxSeries);

    // Every charted series has its own colour.
    QSet<QRgb> colours;
    for (int i = 0; i < charts.seriesCount(); ++i)
        colours.insert(charts.series()->at(i).colour.rgb());
    QCOMPARE(colours.size(), ChartController::kMaxSeries);

    QLineSeries line;
    QVERIFY(!charts.attach(-1, &line));
    QVERIFY(!charts.attach(charts.seriesCount(), &line));
    QVERIFY(!charts.attach(0, nullptr));
    charts.removeSeries(-1);
    charts.removeSeries(99);
    QCOMPARE(charts.seriesCount(), ChartController::kMaxSeries);
    charts.clear();
    QCOMPARE(charts.seriesCount(), 0);
    QCOMPARE(charts.series()->rowCount(), 0);
}

void TstChartController::removingASeriesEmptiesItsLinesAndStopsAskingForIt()
{
    Rig rig;
    QVERIFY(rig.start());
    rig.send(42.0);
    QTRY_COMPARE_WITH_TIMEOUT(rig.pointCount(), 1, kWait);
    QCOMPARE(rig.charts.addSeries(kFeed, kSymbol, "bid"), 1);
    QLineSeries bidLine;
    QVERIFY(rig.charts.attach(1, &bidLine));
    QTRY_COMPARE_WITH_TIMEOUT(ys(bidLine), QList<double>({41.5}), kWait);

    rig.charts.removeSeries(0);
    QCOMPARE(rig.pointCount(), 0);
    QCOMPARE(rig.charts.seriesCount(), 1);
    QCOMPARE(rig.charts.series()->at(0).key.field, QStringLiteral("bid"));
    rig.send(43.0);
    QTRY_COMPARE_WITH_TIMEOUT(ys(bidLine), QList<double>({41.5, 42.5}), kWait);
    QCOMPARE(rig.pointCount(), 0);
}

void TstChartController::seriesAndWindowComeBackAfterARestart()
{
    QCoreApplication::setOrganizationName(QStringLiteral("FeedDeckTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chartcontroller"));
    QSettings().clear();
    FeedManager manager(DisplayClock::engineOptions());
    DisplayClock clock(manager);
    {
        app::settings::UiSettings settings;
        ChartBoard board(manager, clock);
        app::chart::rememberCharts(board, settings);
        ChartController &charts = *board.current();
        QCOMPARE(charts.seriesCount(), 0);
        QCOMPARE(charts.addSeries(kFeed, kSymbol, "price"), 0);
        QCOMPARE(charts.addSeries(kFeed, QStringLiteral("ETH-USD"), "bid"), 1);
        QCOMPARE(charts.addSeries(kFeed, QStringLiteral("SOL-USD"), "ask"), 2);
        charts.removeSeries(1);
        charts.setWindow(ChartController::Window::OneHour);
        // A second row with one panel, and a panel right of it.
        ChartController *below = board.splitDown(&charts);
        QVERIFY(below);
        QCOMPARE(below->window(), ChartController::Window::OneHour); // the window of the one it came from
        below->setWindow(ChartController::Window::OneMinute);
        QCOMPARE(below->addSeries(kFeed, QStringLiteral("ETH-USD"), "price"), 0);
        ChartController *right = board.splitRight(below);
        QVERIFY(right);
        QCOMPARE(right->addSeries(kFeed, kSymbol, "bid"), 0);
    }
    // The next start: fresh settings object and board, as after a restart.
    app::settings::UiSettings settings;
    ChartBoard board(manager, clock);
    app::chart::rememberCharts(board, settings);
    QCOMPARE(board.rowOfPanels(), (QList<int>{0, 1, 1}));
    const QList<ChartController *> panels = board.panels();
    ChartController &charts = *panels.at(0);
    QCOMPARE(charts.window(), ChartController::Window::OneHour);
    QCOMPARE(charts.seriesCount(), 2);
    QCOMPARE(charts.series()->at(0).key, (store::SeriesKey{kFeed, kSymbol, QStringLiteral("price")}));
    QCOMPARE(charts.series()->at(1).key, (store::SeriesKey{kFeed, QStringLiteral("SOL-USD"), QStringLiteral("ask")}));
    QCOMPARE(panels.at(1)->window(), ChartController::Window::OneMinute);
    QCOMPARE(panels.at(1)->series()->at(0).key, (store::SeriesKey{kFeed, QStringLiteral("ETH-USD"), QStringLiteral("price")}));
    QCOMPARE(panels.at(2)->series()->at(0).key, (store::SeriesKey{kFeed, kSymbol, QStringLiteral("bid")}));
    QCOMPARE(board.current(), panels.at(0));

    // Settings from before panels (one chart's series and window) become the first panel; a
    // window that is not one leaves the chart's default.
    settings.setChartPanels({});
    settings.setChartWindow(42);
    settings.setChartSeries({QVariantMap{{"feed", kFeed}, {"symbol", kSymbol}, {"field", "ask"}}});
    ChartBoard another(manager, clock);
    app::chart::rememberCharts(another, settings);
    QCOMPARE(another.count(), 1);
    QCOMPARE(another.current()->window(), ChartController::Window::FiveMinutes);
    QCOMPARE(another.current()->series()->at(0).key, (store::SeriesKey{kFeed, kSymbol, QStringLiteral("ask")}));
    QSettings().clear();
}

QTEST_MAIN(TstChartController)
#include "tst_chartcontroller.moc"
