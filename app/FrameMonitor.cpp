#include "app/FrameMonitor.h"

#include <QDateTime>
#include <QQuickWindow>

namespace feeddeck::app {

FrameMonitor::FrameMonitor(QQuickWindow *window, QObject *parent)
    : QObject(parent)
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
    m_lastFrameNs = now;
    ++m_frames;
    if (m_valuesSynced && m_firstValueMs < 0)
        m_firstValueMs = QDateTime::currentMSecsSinceEpoch();
}

exporting::UiStats FrameMonitor::stats() const
{
    return exporting::UiStats{.frames = m_frames.load(),
                              .maxFrameGapMs = double(m_maxGapNs.load()) / 1e6,
                              .firstValueMs = m_firstValueMs.load()};
}

} // namespace feeddeck::app
