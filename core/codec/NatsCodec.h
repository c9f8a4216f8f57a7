#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/nats/NatsProtocol.h"

#include <QHash>
#include <QList>

// Reads what a FeedDeck relay publishes, from a nats-server WebSocket listener (README, "Team
// use"). The symbols of a nats feed are subject patterns ("feeddeck.>"); each update arrives on
// "<prefix>.<feed>.<key>" and becomes a row of that upstream feed, keyed as at the relay.
namespace feeddeck::codec {

class NatsCodec final : public FeedCodec
{
public:
    explicit NatsCodec(nats::ConnectOptions connect);

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

private:
    struct Subscription
    {
        QByteArray sid;
        QByteArray statusSubject; // empty when the pattern covers the statuses itself
    };
    struct StatusSubscription
    {
        QByteArray sid;
        int users = 0; // patterns that need it
    };

    void readMessage(const nats::ServerOp &op, qint64 receivedMs, DecodeResult &result);
    void readError(QByteArrayView text, DecodeResult &result);
    [[nodiscard]] QByteArray nextSid() { return QByteArray::number(++m_lastSid); }

    nats::ConnectOptions m_connect;
    nats::ServerReader m_reader;
    bool m_connectSent = false;
    int m_pingsOut = 0; // PINGs sent after SUBs whose PONG has not come yet
    quint64 m_lastSid = 0;
    QHash<QString, Subscription> m_subscriptions; // pattern -> its sids on this connection
    QHash<QByteArray, StatusSubscription> m_statusSubscriptions; // by status subject
    QStringList m_alternates;
};

} // namespace feeddeck::codec
