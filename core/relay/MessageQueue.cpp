#include "core/relay/MessageQueue.h"

namespace feeddeck::relay {

MessageQueue::MessageQueue(qint64 maxBytes)
    : m_maxBytes(maxBytes)
{
}

void MessageQueue::push(Message message)
{
    const qint64 size = message.bytes.size();
    if (size > m_maxBytes) {
        countDrop(message.feed);
        return;
    }
    while (m_bytes + size > m_maxBytes && !m_messages.empty()) {
        countDrop(m_messages.front().feed);
        pop();
    }
    m_bytes += size;
    m_messages.push_back(std::move(message));
}

void MessageQueue::pop()
{
    m_bytes -= m_messages.front().bytes.size();
    m_messages.pop_front();
}

quint64 MessageQueue::dropped(int feed) const noexcept
{
    return feed >= 0 && feed < m_droppedByFeed.size() ? m_droppedByFeed.at(feed) : 0;
}

void MessageQueue::countDrop(int feed)
{
    ++m_dropped;
    if (feed < 0)
        return;
    if (feed >= m_droppedByFeed.size())
        m_droppedByFeed.resize(feed + 1, 0);
    ++m_droppedByFeed[feed];
}

} // namespace feeddeck::relay
