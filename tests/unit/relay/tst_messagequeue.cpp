// The relay's queue while NATS is away: bounded in bytes, oldest dropped first, every drop
// counted against its feed.
#include "core/relay/MessageQueue.h"

#include <QtTest>

using feeddeck::relay::MessageQueue;

namespace {

MessageQueue::Message message(int feed, qsizetype size, char fill = 'x')
{
    return MessageQueue::Message{.bytes = QByteArray(size, fill), .payloadSize = size, .feed = feed};
}

} // namespace

class TstMessageQueue : public QObject
{
    Q_OBJECT

private slots:
    void keepsEverythingWithinTheBound();
    void dropsTheOldestFirstAndCountsPerFeed();
    void aMessageLargerThanTheBoundIsDroppedItself();
    void popGivesBackTheRoom();
};

void TstMessageQueue::keepsEverythingWithinTheBound()
{
    MessageQueue queue(100);
    for (int i = 0; i < 10; ++i)
        queue.push(message(0, 10));
    QCOMPARE(queue.count(), 10);
    QCOMPARE(queue.bytes(), 100);
    QCOMPARE(queue.dropped(), 0u);
}

void TstMessageQueue::dropsTheOldestFirstAndCountsPerFeed()
{
    MessageQueue queue(100);
    for (int i = 0; i < 5; ++i)
        queue.push(message(0, 10, 'a'));
    for (int i = 0; i < 5; ++i)
        queue.push(message(1, 10, 'b'));
    // Seven more of feed 2: the five of feed 0 and two of feed 1 go.
    for (int i = 0; i < 7; ++i)
        queue.push(message(2, 10, 'c'));
    QCOMPARE(queue.count(), 10);
    QCOMPARE(queue.bytes(), 100);
    QCOMPARE(queue.dropped(), 7u);
    QCOMPARE(queue.dropped(0), 5u);
    QCOMPARE(queue.dropped(1), 2u);
    QCOMPARE(queue.dropped(2), 0u);
    QCOMPARE(queue.dropped(9), 0u);
    QCOMPARE(queue.front().bytes.at(0), 'b');
}

void TstMessageQueue::aMessageLargerThanTheBoundIsDroppedItself()
{
    MessageQueue queue(100);
    queue.push(message(0, 50));
    queue.push(message(3, 101));
    QCOMPARE(queue.count(), 1);
    QCOMPARE(queue.dropped(3), 1u);
    QCOMPARE(queue.dropped(0), 0u);
}

void TstMessageQueue::popGivesBackTheRoom()
{
    MessageQueue queue(30);
    queue.push(message(0, 10, 'a'));
    queue.push(message(0, 20, 'b'));
    queue.pop();
    QCOMPARE(queue.bytes(), 20);
    queue.push(message(0, 10, 'c'));
    QCOMPARE(queue.dropped(), 0u);
    QCOMPARE(queue.count(), 2);
    queue.pop();
    queue.pop();
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.bytes(), 0);
}

QTEST_APPLESS_MAIN(TstMessageQueue)
#include "tst_messagequeue.moc"
