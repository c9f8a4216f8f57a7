#include "app/display/DisplayClock.h"

#include "core/feed/FeedManager.h"

#include <QGuiApplication>
#include <QScreen>

#include <cmath>

namespace feeddeck::app::display {

feed::FeedWorker::Options DisplayClock::engineOptions(feed::FeedWorker::Options options)
{
    options.publishIntervalMs = 0;
    return options;
}

int DisplayClock::frameIntervalMs(double refreshHz)
{
    const double hz = (std::isfinite(refreshHz) && refreshHz > 0.0) ? std::min(refreshHz, kMaxRateHz) : kMaxRateHz;
    return int(std::ceil(1000.0 / hz));
}

DisplayClock::DisplayClock(feed::FeedManager &feeds, QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(frameIntervalMs(screen ? screen->refreshRate() : 0.0));
    connect(&m_timer, &QTimer::timeout, this, &DisplayClock::tick);
    m_timer.start();
}

void DisplayClock::addReceiver(QObject *context, Receiver receiver)
{
    // Receivers come and go (chart panels): the list holds the living ones only.
    std::erase_if(m_receivers, [](const Entry &entry) { return entry.context.isNull(); });
    m_receivers.push_back(Entry{context, std::move(receiver)});
}

void DisplayClock::tick()
{
    if (!m_asking) {
        m_asking = true;
        m_feeds.requestBatch([self = QPointer<DisplayClock>(this)](const feed::EngineBatchPtr &batch) {
            if (!self)
                return;
            self->m_asking = false;
            if (batch)
                self->apply(batch);
        });
    }
    emit frame();
}

void DisplayClock::apply(const feed::EngineBatchPtr &batch)
{
    for (const Entry &entry : m_receivers)
        if (entry.context)
            entry.receiver(batch);
    emit batchApplied(batch);
}

} // namespace feeddeck::app::display
