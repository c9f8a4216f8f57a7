#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/ProtocolDescription.h"
#include "core/codec/nats/NatsProtocol.h"

#include <QHash>
#include <QList>

// Reads what a FeedDeck relay publishes, from a nats-server WebSocket listener (README, "Team
// use"). The symbols of a nats feed are subject patterns ("feeddeck.>"); each update arrives on
// "<prefix>.<feed>.<key>" and becomes a row of that upstream feed, keyed as at the relay.
//
// When a JetStream stream holds a pattern (the relay's history), the pattern is read through an
// ordered consumer of that stream: the stored updates first (the tables' last values, the
// charts' history), then live ones as they are stored, in stream order. The last stream
// sequence read is kept, so a reconnection resumes right after it: no gap, no duplicate.
// Without a stream (or without JetStream) the pattern is a plain subscription, live only.
namespace feeddeck::codec {

class NatsCodec final : public FeedCodec
{
public:
    // readHistory: look for a stream holding each pattern (the feed's options.history).
    NatsCodec(nats::ConnectOptions connect, bool readHistory);

    // Protocol "nats" for the codec registry: symbols are subject patterns, options the
    // credentials (user, password, token) and history.
    [[nodiscard]] static ProtocolDescription description();

    [[nodiscard]] QString protocol() const override { return QStringLiteral("nats"); }
    [[nodiscard]] QList<QByteArray> subscribeMessages(const QStringList &patterns) override;
    [[nodiscard]] QList<QByteArray> unsubscribeMessages(const QStringList &patterns) override;
    // The PONG to the PING sent after the SUBs says the server took them.
    [[nodiscard]] bool expectsSubscriptionAck() const override { return true; }
    [[nodiscard]] bool producesQuotes() const override { return false; }
    [[nodiscard]] bool binaryFrames() const override { return true; }
    [[nodiscard]] bool rowsFollowSymbols() const override { return false; }
    void connectionOpened() override;
    [[nodiscard]] QStringList alternateHosts() const override { return m_alternates; }
    [[nodiscard]] DecodeResult decode(QByteArrayView frame, qint64 receivedMs) override;

    // The subject a pattern's upstream statuses arrive on when the pattern itself does not cover
    // them ("feeddeck.crypto.BTC-USD" -> "feeddeck.crypto.$status"); empty when it does.
    [[nodiscard]] static QByteArray statusPatternFor(QByteArrayView pattern);

    // The stream a pattern is read from, or empty (live only, or not decided yet). For tests
    // and diagnostics.
    [[nodiscard]] QString streamOf(const QString &pattern) const { return m_subscriptions.value(pattern).stream; }

private:
    // A live message that came while its pattern's stream was being looked for.
    struct HeldMessage
    {
        QByteArray subject;
        QByteArray payload;
        qint64 receivedMs = 0;
    };
    struct Subscription
    {
        QByteArray sid;           // the plain SUB, or the consumer's deliver subscription
        QByteArray statusSubject; // empty when the pattern covers the statuses itself
        QString stream;           // read through an ordered consumer of this stream
        quint64 consumerSequence = 0; // the consumer's last delivered message
        // Looking for a stream: live messages are held until the answer. A stream replays them
        // in order with the history before them; without one they are read as they came.
        bool looking = false;
        qint64 lookingSinceMs = -1; // the first frame's time after the question
        QList<HeldMessage> held;
    };
    struct StatusSubscription
    {
        QByteArray sid;
        int users = 0; // patterns that need it
    };
    struct Request
    {
        enum class Kind { StreamNames, ConsumerCreate };
        Kind kind = Kind::StreamNames;
        QString pattern;
    };

    void readMessage(QByteArrayView subject, QByteArrayView payload, qint64 receivedMs, DecodeResult &result);
    // A message on a plain SUB: read when the SUB is one this connection holds (a pattern's live
    // SUB or a status SUB). One on a SUB given up (a removed pattern, a pattern now read from its
    // stream) was sent before the server took the UNSUB: dropped, as the user asked for it no
    // longer or the stream's consumer delivers it.
    void readLive(const nats::ServerOp &op, qint64 receivedMs, DecodeResult &result);
    void readError(QByteArrayView text, DecodeResult &result);
    void readReply(const nats::ServerOp &op, QByteArray &out, DecodeResult &result);
    void readDelivery(const nats::ServerOp &op, const QString &pattern, qint64 receivedMs, QByteArray &out,
                      DecodeResult &result);
    void subscribeLive(const QString &pattern, QByteArray &out);
    // No stream for the pattern (or no answer in time): read what was held and go on live.
    void stopLooking(Subscription &subscription, DecodeResult &result);
    void checkLookups(qint64 receivedMs, DecodeResult &result);
    void startConsumer(const QString &pattern, const QString &stream, QByteArray &out);
    void restartConsumer(const QString &pattern, QByteArray &out);
    void request(Request request, QByteArrayView subject, QByteArrayView payload, QByteArray &out);
    [[nodiscard]] QByteArray nextSid() { return QByteArray::number(++m_lastSid); }

    nats::ConnectOptions m_connect;
    bool m_readHistory = true;
    nats::ServerReader m_reader;
    bool m_connectSent = false;
    int m_pingsOut = 0; // PINGs sent after SUBs whose PONG has not come yet
    quint64 m_lastSid = 0;
    QHash<QString, Subscription> m_subscriptions; // pattern -> its subscription on this connection
    QHash<QByteArray, StatusSubscription> m_statusSubscriptions; // by status subject
    QStringList m_alternates;

    // JetStream: requests' replies arrive on "<inbox>.r.<n>", a consumer's messages on "<inbox>.d.<n>".
    QByteArray m_inbox;
    QByteArray m_replySid; // the subscription to "<inbox>.r.*" on this connection, once made
    quint64 m_lastToken = 0;
    QHash<QByteArray, Request> m_requests;      // by reply token
    QHash<QByteArray, QString> m_deliveries;    // deliver sid -> pattern
    QHash<QByteArray, QString> m_liveSids;      // plain SUB sid -> pattern
    int m_lookups = 0;                          // patterns looking for their stream
    QHash<QString, quint64> m_streamSequences;  // pattern -> last stream sequence read (kept across connections)
};

} // namespace feeddeck::codec
