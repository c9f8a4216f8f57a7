#pragma once

#include "core/export/StatsJson.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>

class QQuickWindow;

namespace feeddeck::app {

// Counts frames actually rendered, the worst gap between two of them, and when the first
// live value was drawn (ui.* in --stats).
class FrameMonitor : public QObject
{
    Q_OBJECT

public:
    explicit FrameMonitor(QQuickWindow *window, QObject *parent = nullptr);

    // The models now hold live values (GUI thread): the next frame synchronised after this shows them.
    void noteValuesApplied() { m_valuesApplied = true; }

    [[nodiscard]] exporting::UiStats stats() const;

private:
    void onAfterSynchronizing();
    void onFrameSwapped();

    QElapsedTimer m_clock;
    qint64 m_lastFrameNs = -1;          // touched only where frames are swapped
    std::atomic<quint64> m_frames = 0;  // read from the GUI thread at exit
    std::atomic<qint64> m_maxGapNs = 0;
    std::atomic<bool> m_valuesApplied = false;
    bool m_valuesSynced = false;              // touched only where frames are rendered
    std::atomic<qint64> m_firstValueMs = -1;
};

} // namespace feeddeck::app
