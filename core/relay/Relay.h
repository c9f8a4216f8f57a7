#pragma once

#include "core/codec/nats/RelayPayload.h"
#include "core/data/Update.h"
#include "core/relay/HistoryStream.h"
#include "core/relay/MessageQueue.h"
#include "core/relay/NatsPublisher.h"
#include "core/relay/RelayOptions.h"
#include "core/relay/RelayStats.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <vector>

namespace feeddeck::feed {
class FeedWorker;
}

namespace feeddeck::relay {

// Relay mode: every update the feed worker applies becomes one NATS publish on
// "<prefix>.<feed-id>.<key>", and each feed's state goes to "<prefix>.<feed-id>.$status" on
// change and every second. Lives on the network thread (FeedManager::attach); the worker's
// taps call it directly. The publishes of one socket read leave in one socket write; while
// NATS is away they wait in a bounded queue (oldest dropped first, counted per feed).
class Relay : public QObject
{
    Q_OBJECT

public:
    // `protocols`: feed id -> protocol name, for the $status reports.
    Relay(RelayOptions options, feed::FeedWorker &worker, QHash<QString, QString> protocols = {},
          QObject *parent = nullptr);
    ~Relay() override;

    void start();
    [[nodiscard]] RelayStats stats() const;

public slots:
    // Answers with statsReported (queued to whoever asked from another thread).
    void reportStats();
    // The end of a run: writes out what the socket may take, stops publishing and closes, then
    // reports the final counters (nothing is published after them).
    void finish();

signals:
    void statsReported(const feeddeck::relay::RelayStats &stats);

private:
    struct Feed
    {
        QString id;
        QByteArray subjectStart; // "<prefix>.<escaped id>."
        QByteArray statusSubject;
        codec::nats::RelayedStatus lastSent;
        qint64 lastSentMs = -1;   // -1: nothing sent on this connection yet
    };
    struct Pending
    {
        qsizetype end;          // in m_batch
        qsizetype payloadSize;
        int feed;
    };

    void onUpdates(const QString &feedId, const QList<data::Update> &updates);
    void onReadEnd();
    // Writes what waits (the queue first, in order) as far as the socket's backlog allows.
    void flushQueue();
    void publishStatuses();
    [[nodiscard]] int feedIndex(const QString &feedId);
    [[nodiscard]] bool canWrite() const;

    RelayOptions m_options;
    feed::FeedWorker &m_worker;
    QHash<QString, QString> m_protocols;
    QByteArray m_prefix;
    NatsPublisher m_publisher;
    HistoryStream m_history;
    bool m_ready = false; // connected, and the history stream prepared (or known to be unavailable)
    MessageQueue m_queue;
    std::vector<Feed> m_feeds;
    QHash<QString, int> m_feedIndex;
    QByteArray m_batch;            // the PUBs of the current socket read
    std::vector<Pending> m_batchMessages;
    QByteArray m_payload;          // scratch
    QTimer m_statusTimer;
    qint64 m_lastStatsMs = 0;
    bool m_finished = false;
    quint64 m_received = 0;
    quint64 m_published = 0;
    quint64 m_statuses = 0;
    quint64 m_oversize = 0;
};

} // namespace feeddeck::relay
