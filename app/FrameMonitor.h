#pragma once

#include "core/export/StatsJson.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>

class QQuickWindow;

namespace feeddeck::app {

// Counts frames actually rendered and the worst gap between two of them (ui.* in --stats).
class FrameMonitor : public QObject
{
    Q_OBJECT

public:
    explicit FrameMonitor(QQuickWindow *window, QObject *parent = nullptr);

    [[nodiscard]] exporting::UiStats stats() const;

private:
    void onFrameSwapped();

    QElapsedTimer m_clock;
    qint64 m_lastFrameNs = -1;          // touched only where frames are swapped
    std::atomic<quint64> m_frames = 0;  // read from the GUI thread at exit
    std::atomic<qint64> m_maxGapNs = 0;
};

} // namespace feeddeck::app
