#pragma once

#include "core/export/StatsJson.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>

class QQuickWindow;

namespace feeddeck::app::shell {

// Counts frames actually rendered, the worst gap between two of them, and when the first
// live value was drawn (ui.* in --stats). The frame rate a user sees is taken over a steady
// window that starts settleMs after the first frame showing a live value (after the first
// frame while none was drawn), so the start-up's long first frames do not count in it.
class FrameMonitor : public QObject
{
    Q_OBJECT

public:
    static constexpr int kSettleMs = 1000;

    explicit FrameMonitor(QQuickWindow *window, QObject *parent = nullptr, int settleMs = kSettleMs);

    // The models now hold live values (GUI thread): the next frame synchronised after this shows them.
    void noteValuesApplied() { m_valuesApplied = true; }

    [[nodiscard]] feeddeck::exporting::UiStats stats() const;

private:
    void onAfterSynchronizing();
    void onFrameSwapped();

    QElapsedTimer m_clock;
    const qint64 m_settleNs;
    qint64 m_lastFrameNs = -1;          // touched only where frames are swapped
    qint64 m_steadyFromNs = -1;         // frames swapped from then on are in the steady window
    std::atomic<quint64> m_frames = 0;  // read from the GUI thread at exit
    std::atomic<qint64> m_maxGapNs = 0;
    std::atomic<quint64> m_steadyFrames = 0;
    std::atomic<qint64> m_steadyFirstNs = -1;
    std::atomic<qint64> m_steadyLastNs = -1;
    std::atomic<qint64> m_steadyMaxGapNs = 0;
    std::atomic<bool> m_valuesApplied = false;
    bool m_valuesSynced = false;              // touched only where frames are rendered
    std::atomic<qint64> m_firstValueMs = -1;
};

} // namespace feeddeck::app::shell
