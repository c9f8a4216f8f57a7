#include "app/shell/FrameMonitor.h"

#include <QDateTime>
#include <QQuickWindow>

namespace feeddeck::app::shell {

FrameMonitor::FrameMonitor(QQuickWindow *window, QObject *parent, int settleMs)
    : QObject(parent)
    , m_settleNs(qint64(settleMs) * 1'000'000)
{
    m_clock.start();
    // frameSwapped is emitted on the render thread; a direct connection keeps the timing exact.
    connect(window, &QQuickWindow::frameSwapped, this, &FrameMonitor::onFrameSwapped, Qt::DirectConnection);
    // Synchronising copies the models' state into the frame while the GUI thread waits.
    connect(window, &QQuickWindow::afterSynchronizing, this, &FrameMonitor::onAfterSynchronizing,
            Qt::DirectConnection);
}

void FrameMonitor::onAfterSynchronizing()
{
    if (m_valuesApplied)
        m_valuesSynced = true;
}

void FrameMonitor::onFrameSwapped()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastFrameNs >= 0)
        m_maxGapNs = std::max(m_maxGapNs.load(), now - m_lastFrameNs);
    ++m_frames;

    if (m_steadyFromNs < 0)
        m_steadyFromNs = now + m_settleNs;
    if (m_valuesSynced && m_firstValueMs < 0) {
        m_firstValueMs = QDateTime::currentMSecsSinceEpoch();
        // Start-up lasts until live values are drawn: the steady window starts again after them.
        m_steadyFromNs = now + m_settleNs;
        m_steadyFrames = 0;
        m_steadyFirstNs = -1;
        m_steadyLastNs = -1;
        m_steadyMaxGapNs = 0;
    }
    if (now >= m_steadyFromNs) {
        if (m_steadyFirstNs < 0)
            m_steadyFirstNs = now;
        else
            m_steadyMaxGapNs = std::max(m_steadyMaxGapNs.load(), now - m_lastFrameNs);
        m_steadyLastNs = now;
        ++m_steadyFrames;
    }
    m_lastFrameNs = now;
}

feeddeck::exporting::UiStats FrameMonitor::stats() const
{
    const qint64 first = m_steadyFirstNs.load();
    return feeddeck::exporting::UiStats{.frames = m_frames.load(),
                              .maxFrameGapMs = double(m_maxGapNs.load()) / 1e6,
                              .firstValueMs = m_firstValueMs.load(),
                              .steadyFrames = m_steadyFrames.load(),
                              .steadyMs = first < 0 ? 0.0 : double(m_steadyLastNs.load() - first) / 1e6,
                              .steadyMaxFrameGapMs = double(m_steadyMaxGapNs.load()) / 1e6};
}

} // namespace feeddeck::app::shell
