#include "core/relay/Relay.h"

#include "core/codec/nats/NatsProtocol.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/feed/FeedWorker.h"

#include <QDateTime>

namespace feeddeck::relay {

namespace {

// The socket holds at most this much not yet on the wire; beyond it publishes wait in the
// queue, which has the bound the user chose and counts what it drops.
constexpr qint64 kMaxBacklog = 1024 * 1024;
// The queue leaves in writes of about this size.
constexpr qsizetype kFlushChunk = 64 * 1024;
// How often the feeds' states are compared with what was last reported.
constexpr int kStatusPollMs = 100;

} // namespace

Relay::Relay(RelayOptions options, feed::FeedWorker &worker, QHash<QString, QString> protocols, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_worker(worker)
    , m_protocols(std::move(protocols))
    , m_prefix(m_options.subjectPrefix.toUtf8())
    , m_publisher(m_options, this)
    , m_history(m_options.subjectPrefix, m_options.historyMs, m_options.historyBytes)
    , m_queue(m_options.bufferBytes)
    , m_statusTimer(this)
{
    qRegisterMetaType<feeddeck::relay::RelayStats>();
    connect(&m_publisher, &NatsPublisher::connected, this, [this] {
        // The stream first (updates wait in the queue meanwhile, so the history holds them),
        // then every feed's state again, then what waited.
        m_history.prepare(m_publisher, [this] {
            if (!m_publisher.isConnected())
                return;
            m_ready = true;
            for (Feed &feed : m_feeds)
                feed.lastSentMs = -1;
            publishStatuses();
            flushQueue();
        });
    });
    connect(&m_publisher, &NatsPublisher::disconnected, this, [this] { m_ready = false; });
    connect(&m_publisher, &NatsPublisher::drained, this, [this] {
        if (!m_queue.isEmpty())
            flushQueue();
    });
    m_statusTimer.setInterval(kStatusPollMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &Relay::publishStatuses);
}

Relay::~Relay()
{
    if (!m_finished)
        finish();
}

void Relay::finish()
{
    if (m_finished) {
        emit statsReported(stats());
        return;
    }
    m_finished = true;
    m_worker.setUpdateTap({});
    m_worker.setReadTap({});
    m_statusTimer.stop();
    // The last read's publishes and what waited still go out if NATS is there.
    onReadEnd();
    flushQueue();
    const RelayStats last = stats();
    m_publisher.stop();
    emit statsReported(last);
}

void Relay::start()
{
    m_worker.setUpdateTap([this](const QString &feedId, const QList<data::Update> &updates) { onUpdates(feedId, updates); });
    m_worker.setReadTap([this] { onReadEnd(); });
    m_statusTimer.start();
    m_publisher.start();
}

int Relay::feedIndex(const QString &feedId)
{
    const auto it = m_feedIndex.constFind(feedId);
    if (it != m_feedIndex.constEnd())
        return *it;
    const int index = int(m_feeds.size());
    QByteArray start = codec::nats::statusSubject(m_prefix, feedId);
    start.chop(codec::nats::kStatusToken.size());
    m_feeds.push_back(Feed{.id = feedId,
                           .subjectStart = start,
                           .statusSubject = codec::nats::statusSubject(m_prefix, feedId),
                           .lastSent = {},
                           .lastSentMs = -1});
    m_feedIndex.insert(feedId, index);
    return index;
}

void Relay::onUpdates(const QString &feedId, const QList<data::Update> &updates)
{
    const int feed = feedIndex(feedId);
    const qint64 maxPayload = m_publisher.maxPayload();
    for (const data::Update &update : updates) {
        // Rows that arrived through another relay (a nats feed) are not published again:
        // two relays on one server would echo each other for ever.
        if (!update.origin.isEmpty())
            continue;
        ++m_received;
        m_payload.clear();
        codec::nats::appendUpdatePayload(m_payload, update);
        if (m_payload.size() > maxPayload) {
            ++m_oversize;
            continue;
        }
        QByteArray subject = m_feeds[std::size_t(feed)].subjectStart;
        subject.append(codec::nats::escapeToken(update.symbol));
        codec::nats::appendPub(m_batch, subject, m_payload);
        m_batchMessages.push_back(Pending{.end = m_batch.size(), .payloadSize = m_payload.size(), .feed = feed});
    }
    // A read is bounded by the feed's largest message, but the batch must stay bounded even
    // if a read never ends.
    if (m_batch.size() >= m_options.bufferBytes)
        onReadEnd();
}

bool Relay::canWrite() const
{
    return m_ready && m_publisher.isConnected() && m_publisher.backlog() < kMaxBacklog;
}

void Relay::onReadEnd()
{
    if (m_batchMessages.empty())
        return;
    if (m_queue.isEmpty() && canWrite()) {
        m_publisher.write(m_batch); // one write for the whole read
        m_published += quint64(m_batchMessages.size());
    } else {
        qsizetype begin = 0;
        for (const Pending &p : m_batchMessages) {
            m_queue.push(MessageQueue::Message{.bytes = m_batch.sliced(begin, p.end - begin),
                                               .payloadSize = p.payloadSize,
                                               .feed = p.feed});
            begin = p.end;
        }
        flushQueue();
    }
    m_batch.clear();
    m_batchMessages.clear();
}

void Relay::flushQueue()
{
    QByteArray chunk;
    while (!m_queue.isEmpty() && canWrite()) {
        chunk.clear();
        quint64 messages = 0;
        while (!m_queue.isEmpty() && chunk.size() < kFlushChunk) {
            const MessageQueue::Message &message = m_queue.front();
            // The server may have a smaller max_payload than the one the message was checked against.
            if (message.payloadSize > m_publisher.maxPayload()) {
                ++m_oversize;
            } else {
                chunk.append(message.bytes);
                ++messages;
            }
            m_queue.pop();
        }
        m_publisher.write(chunk);
        m_published += messages;
    }
}

void Relay::publishStatuses()
{
    if (!m_ready || !m_publisher.isConnected())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QByteArray out;
    for (const feed::FeedStatus &status : m_worker.statuses()) {
        const QString protocol = m_protocols.value(status.id);
        if (protocol == QLatin1String("nats"))
            continue; // a feed read from a relay is that relay's to report
        const int index = feedIndex(status.id);
        Feed &feed = m_feeds[std::size_t(index)];
        codec::nats::RelayedStatus report;
        report.name = status.name;
        report.protocol = protocol;
        report.state = feed::stateName(status.state);
        report.sinceMs = status.stateSinceMs;
        report.retryAtMs = status.state == feed::FeedState::Backoff ? status.retryAtMs : -1;
        report.lastError = status.lastError;
        report.messages = status.counters.messages;
        report.updates = status.counters.updates;
        report.connects = status.counters.connects;
        report.disconnects = status.counters.disconnects;
        report.relayDropped = m_queue.dropped(index);
        const codec::nats::RelayedStatus &last = feed.lastSent;
        const bool changed = feed.lastSentMs < 0 || report.state != last.state || report.sinceMs != last.sinceMs
                             || report.retryAtMs != last.retryAtMs || report.lastError != last.lastError
                             || report.name != last.name;
        if (!changed && now - feed.lastSentMs < m_options.statusIntervalMs)
            continue;
        report.atMs = now;
        feed.lastSent = report;
        feed.lastSentMs = now;
        const QByteArray payload = codec::nats::statusPayload(report);
        // A server with a max_payload this small would close the connection on it; the
        // updates still go.
        if (payload.size() > m_publisher.maxPayload())
            continue;
        codec::nats::appendPub(out, feed.statusSubject, payload);
        ++m_statuses;
    }
    // Statuses are the latest state, not history: never queued, sent only while connected.
    if (!out.isEmpty())
        m_publisher.write(out);
    if (now - m_lastStatsMs >= m_options.statusIntervalMs) {
        m_lastStatsMs = now;
        emit statsReported(stats());
    }
}

RelayStats Relay::stats() const
{
    RelayStats s;
    s.natsUrl = m_options.natsUrl.toString();
    s.server = m_publisher.server().toString();
    s.connected = m_publisher.isConnected();
    s.received = m_received;
    s.published = m_published;
    s.statuses = m_statuses;
    s.dropped = m_queue.dropped();
    s.oversize = m_oversize;
    s.buffered = quint64(m_queue.count() + qsizetype(m_batchMessages.size()));
    s.bufferedBytes = m_queue.bytes() + m_batch.size();
    s.connects = m_publisher.connects();
    s.disconnects = m_publisher.disconnects();
    s.bytes = m_publisher.bytesSent();
    s.lastError = m_publisher.lastError();
    s.historyState = historyStateName(m_history.state());
    s.historyStream = m_history.name();
    s.historyMs = m_history.maxAgeMs();
    s.historyBytes = m_history.maxBytes();
    s.historyError = m_history.lastError();
    for (std::size_t i = 0; i < m_feeds.size(); ++i)
        if (const quint64 dropped = m_queue.dropped(int(i)); dropped > 0)
            s.droppedByFeed.append({m_feeds[i].id, dropped});
    return s;
}

void Relay::reportStats()
{
    emit statsReported(stats());
}

} // namespace feeddeck::relay
