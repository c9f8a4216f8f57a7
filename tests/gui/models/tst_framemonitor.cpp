// The frame counter behind ui.* in --stats and the GUI benchmark: a window that renders only
// when asked renders a known number of frames, and the monitor must count exactly those.
#include "app/shell/FrameMonitor.h"

#include <QElapsedTimer>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace feeddeck;

namespace {

constexpr int kWait = 10000;

// Shows the window and waits for its first frame.
bool showAndRenderFirstFrame(QQuickWindow &window, QSignalSpy &rendered)
{
    window.resize(160, 90);
    window.setColor(Qt::darkCyan);
    window.show();
    return QTest::qWaitForWindowExposed(&window) && QTest::qWaitFor([&] { return rendered.count() >= 1; }, kWait);
}

// Asks for one frame and waits until a new frame has been rendered.
bool renderOneFrame(QQuickWindow &window, QSignalSpy &rendered)
{
    const qsizetype before = rendered.count();
    window.update();
    return QTest::qWaitFor([&] { return rendered.count() > before; }, kWait);
}

// Waits (processing events) until `clock` has run at least `ms`.
bool waitUntil(const QElapsedTimer &clock, qint64 ms)
{
    return QTest::qWaitFor([&] { return clock.elapsed() >= ms; }, int(ms) + kWait);
}

} // namespace

class TstFrameMonitor : public QObject
{
    Q_OBJECT

private slots:
    void countsExactlyTheFramesRendered();
    void worstGapIsTheLongestPauseBetweenTwoFrames();
    void steadyWindowStartsAfterSettlingAndAgainAfterTheFirstValue();
};

void TstFrameMonitor::countsExactlyTheFramesRendered()
{
    QQuickWindow window;
    app::shell::FrameMonitor monitor(&window);
    // afterRendering is a different signal from the one the monitor counts: the reference.
    QSignalSpy rendered(&window, &QQuickWindow::afterRendering);
    QVERIFY(showAndRenderFirstFrame(window, rendered));
    QTRY_COMPARE_WITH_TIMEOUT(monitor.stats().frames, quint64(rendered.count()), kWait);
    const qsizetype before = rendered.count();

    constexpr int kFrames = 25;
    for (int i = 0; i < kFrames; ++i) {
        QVERIFY(renderOneFrame(window, rendered));
        QCOMPARE(monitor.stats().frames, quint64(rendered.count())); // swapped in the same pass
    }
    QVERIFY(rendered.count() - before >= kFrames); // every frame asked for was drawn
    QCOMPARE(monitor.stats().firstValueMs, -1);   // no live value was applied
}

void TstFrameMonitor::worstGapIsTheLongestPauseBetweenTwoFrames()
{
    QQuickWindow window;
    app::shell::FrameMonitor monitor(&window);
    QSignalSpy rendered(&window, &QQuickWindow::afterRendering);
    QVERIFY(showAndRenderFirstFrame(window, rendered));
    QVERIFY(renderOneFrame(window, rendered));
    QElapsedTimer idle;
    idle.start();
    constexpr int kPauseMs = 300;
    QVERIFY(waitUntil(idle, kPauseMs)); // nothing asks for a frame meanwhile
    QVERIFY(renderOneFrame(window, rendered));
    const double gap = monitor.stats().maxFrameGapMs;
    QVERIFY2(gap >= kPauseMs, qPrintable(QString::number(gap)));
    QVERIFY2(gap < kPauseMs + kWait, qPrintable(QString::number(gap)));
    QCOMPARE(monitor.stats().frames, quint64(rendered.count()));
}

void TstFrameMonitor::steadyWindowStartsAfterSettlingAndAgainAfterTheFirstValue()
{
    constexpr int kSettleMs = 200;
    QQuickWindow window;
    app::shell::FrameMonitor monitor(&window, nullptr, kSettleMs);
    QSignalSpy rendered(&window, &QQuickWindow::afterRendering);
    QElapsedTimer sinceFirstFrame;
    QVERIFY(showAndRenderFirstFrame(window, rendered));
    sinceFirstFrame.start();
    QVERIFY(renderOneFrame(window, rendered));
    QCOMPARE(monitor.stats().steadyFrames, 0u); // start-up

    // No value yet: the window opens settleMs after the first frame; every frame from then on is in it.
    QVERIFY(waitUntil(sinceFirstFrame, kSettleMs + 20));
    const qsizetype settled = rendered.count();
    constexpr int kFrames = 6;
    for (int i = 0; i < kFrames; ++i)
        QVERIFY(renderOneFrame(window, rendered));
    QCOMPARE(monitor.stats().steadyFrames, quint64(rendered.count() - settled));
    QVERIFY(monitor.stats().steadyMs > 0);

    // The first frame showing live values ends start-up: the window starts again after it.
    monitor.noteValuesApplied();
    QVERIFY(renderOneFrame(window, rendered));
    QVERIFY(monitor.stats().firstValueMs > 0);
    QElapsedTimer sinceFirstValue;
    sinceFirstValue.start();
    QCOMPARE(monitor.stats().steadyFrames, 0u);
    QCOMPARE(monitor.stats().steadyMs, 0.0);
    QVERIFY(renderOneFrame(window, rendered));
    QCOMPARE(monitor.stats().steadyFrames, 0u); // still settling
    QVERIFY(waitUntil(sinceFirstValue, kSettleMs + 20));
    const qsizetype resettled = rendered.count();
    QVERIFY(renderOneFrame(window, rendered));
    QVERIFY(renderOneFrame(window, rendered));
    const exporting::UiStats stats = monitor.stats();
    QCOMPARE(stats.steadyFrames, quint64(rendered.count() - resettled));
    QVERIFY(stats.steadyFrames >= 2);
    QVERIFY(stats.steadyMs > 0);
    QVERIFY(stats.steadyMaxFrameGapMs <= stats.steadyMs);
    QCOMPARE(stats.frames, quint64(rendered.count()));
}

QTEST_MAIN(TstFrameMonitor)
#include "tst_framemonitor.moc"
