#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <deque>

namespace feeddeck::relay {

// The publishes waiting while NATS is away, bounded in bytes. When a new one does not fit, the
// OLDEST are dropped: a desk wants the newest values when NATS is back, and each new update of
// a row supersedes the older ones, whereas dropping the newest would freeze the rows at the
// moment the buffer filled. Drops are counted per feed (by the index the caller gives).
class MessageQueue
{
public:
    struct Message
    {
        QByteArray bytes;      // the whole "PUB ...\r\n<payload>\r\n" command
        qsizetype payloadSize; // checked against the server's max_payload when it is sent
        int feed;              // the caller's index of the feed it belongs to
    };

    explicit MessageQueue(qint64 maxBytes);

    // Appends; drops the oldest until it fits (a message larger than the whole bound is itself
    // dropped). Each dropped message is counted against its feed.
    void push(Message message);
    [[nodiscard]] bool isEmpty() const noexcept { return m_messages.empty(); }
    [[nodiscard]] const Message &front() const { return m_messages.front(); }
    void pop();

    [[nodiscard]] qsizetype count() const noexcept { return qsizetype(m_messages.size()); }
    [[nodiscard]] qint64 bytes() const noexcept { return m_bytes; }
    [[nodiscard]] qint64 maxBytes() const noexcept { return m_maxBytes; }
    [[nodiscard]] quint64 dropped() const noexcept { return m_dropped; }
    // Dropped messages of the feed with this index (0 for one never seen).
    [[nodiscard]] quint64 dropped(int feed) const noexcept;

private:
    void countDrop(int feed);

    std::deque<Message> m_messages;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    quint64 m_dropped = 0;
    QList<quint64> m_droppedByFeed; // by feed index
};

} // namespace feeddeck::relay
