#include "app/shell/RelayRun.h"

#include "app/shell/RunSession.h"
#include "app/shell/TerminationWatcher.h"
#include "core/feed/FeedManager.h"
#include "core/relay/Relay.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace feeddeck::app::shell {

namespace {

// The relay's counters on this thread: it reports them every second, and its final ones when
// the run ends (the relay lives on the network thread; both ways are queued signals). The
// relay stops publishing before the snapshot is taken, so nothing reaches NATS after the
// counters written to --stats.
class RelayStatsInbox : public QObject
{
    Q_OBJECT

public:
    relay::RelayStats latest;

    // Ends the relay's publishing and asks for its final counters; `then` runs when they came,
    // or after a bounded wait with the last ones reported.
    void refresh(std::function<void()> then)
    {
        m_then = std::move(then);
        m_wait.setSingleShot(true);
        connect(&m_wait, &QTimer::timeout, this, &RelayStatsInbox::deliver, Qt::UniqueConnection);
        m_wait.start(2000);
        emit requested();
    }

    void take(const relay::RelayStats &stats)
    {
        latest = stats;
        if (m_then)
            deliver();
    }

signals:
    void requested();

private:
    void deliver()
    {
        m_wait.stop();
        if (auto then = std::exchange(m_then, {}))
            then();
    }

    std::function<void()> m_then;
    QTimer m_wait;
};

} // namespace

int runRelay(const CliOptions &options, const editor::ChosenWorkspace &chosen)
{
    RelayStatsInbox inbox; // outlives the relay, which reports to it until it is gone
    feed::FeedManager feeds(engineOptions());
    RunSession session(options, feeds);
    TerminationWatcher termination;
    inbox.latest.natsUrl = options.relayOptions.natsUrl.toString();
    QObject::connect(&termination, &TerminationWatcher::terminationRequested, &session, &RunSession::finish);
    session.setBeforeOutputs([&inbox](std::function<void()> ready) { inbox.refresh(std::move(ready)); });
    session.setStatsSection(QStringLiteral("relay"), [&inbox] { return relay::toJson(inbox.latest); });

    QHash<QString, QString> protocols;
    for (const workspace::FeedConfig &feed : chosen.workspace.feeds)
        protocols.insert(feed.id, feed.protocol);
    feeds.start(chosen.workspace);
    feeds.attach([&inbox, relayOptions = options.relayOptions, protocols](feed::FeedWorker &worker) -> std::unique_ptr<QObject> {
        auto r = std::make_unique<relay::Relay>(relayOptions, worker, protocols);
        // Made on the network thread: both connections are queued to and from the inbox.
        QObject::connect(&inbox, &RelayStatsInbox::requested, r.get(), &relay::Relay::finish);
        QObject::connect(r.get(), &relay::Relay::statsReported, &inbox, &RelayStatsInbox::take);
        r->start();
        return r;
    });
    std::fprintf(stderr, "feeddeck relay: %lld feeds to %s (subjects %s.<feed>.<key>)\n",
                 static_cast<long long>(chosen.workspace.feeds.size()),
                 qPrintable(options.relayOptions.natsUrl.toString()), qPrintable(options.relayOptions.subjectPrefix));
    session.start();
    return QCoreApplication::exec();
}

} // namespace feeddeck::app::shell

#include "RelayRun.moc"
