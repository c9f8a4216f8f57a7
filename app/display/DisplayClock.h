#pragma once

#include "core/feed/EngineBatch.h"
#include "core/feed/FeedWorker.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <vector>

namespace feeddeck::feed {
class FeedManager;
}

namespace feeddeck::app::display {

// The window's one clock. Once a display frame (the screen's refresh rate, at most 60 Hz) it
// asks the engine for what changed since the previous frame: the latest value of each changed
// row, every feed's status, new problems. That one batch goes to the window's models in the
// order they were added, then the chart takes its turn (frame()). The engine pushes nothing
// to the window, so nothing reaches the models between frames, and a busy window asks less
// often for fuller batches instead of falling behind a queue.
//
// The FeedManager must be made with engineOptions(): a manager that also pushed batches
// would hand part of the changes to nobody.
class DisplayClock : public QObject
{
    Q_OBJECT

public:
    using Receiver = std::function<void(const feed::EngineBatchPtr &batch)>;

    static constexpr double kMaxRateHz = 60.0;

    // The engine's options for a window: batches only when the clock asks for them.
    [[nodiscard]] static feed::FeedWorker::Options engineOptions(feed::FeedWorker::Options options = {});
    // The tick for a screen refreshing at `refreshHz`, at most kMaxRateHz (that rate when the
    // screen does not say).
    [[nodiscard]] static int frameIntervalMs(double refreshHz);

    // Ticks at the primary screen's rate from the start.
    explicit DisplayClock(feed::FeedManager &feeds, QObject *parent = nullptr);

    // `receiver` gets every batch while `context` lives.
    void addReceiver(QObject *context, Receiver receiver);
    // A model that takes batches through its applyBatch().
    template<typename Model>
    void addModel(Model &model)
    {
        addReceiver(&model, [&model](const feed::EngineBatchPtr &batch) { model.applyBatch(batch); });
    }

    [[nodiscard]] int intervalMs() const { return m_timer.interval(); }

signals:
    // Once a tick: the chart's moment to ask for its slices.
    void frame();
    // After every receiver has had the batch.
    void batchApplied(const feeddeck::feed::EngineBatchPtr &batch);

private:
    struct Entry
    {
        QPointer<QObject> context;
        Receiver receiver;
    };

    void tick();
    void apply(const feed::EngineBatchPtr &batch);

    feed::FeedManager &m_feeds;
    std::vector<Entry> m_receivers;
    QTimer m_timer;
    bool m_asking = false; // one question at a time: a busy network thread lowers the rate, nothing queues
};

} // namespace feeddeck::app::display
