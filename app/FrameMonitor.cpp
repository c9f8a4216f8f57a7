#include "app/FrameMonitor.h"

#include <QQuickWindow>

namespace feeddeck::app {

FrameMonitor::FrameMonitor(QQuickWindow *window, QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    // frameSwapped is emitted on the render thread; a direct connection keeps the timing exact.
    connect(window, &QQuickWindow::frameSwapped, this, &FrameMonitor::onFrameSwapped, Qt::DirectConnection);
}

void FrameMonitor::onFrameSwapped()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastFrameNs >= 0)
        m_maxGapNs = std::max(m_maxGapNs.load(), now - m_lastFrameNs);
    m_lastFrameNs = now;
    ++m_frames;
}

exporting::UiStats FrameMonitor::stats() const
{
    return exporting::UiStats{.frames = m_frames.load(), .maxFrameGapMs = double(m_maxGapNs.load()) / 1e6};
}

} // namespace feeddeck::app
