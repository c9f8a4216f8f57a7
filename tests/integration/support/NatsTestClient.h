#pragma once

#include "core/codec/nats/NatsProtocol.h"
#include "core/codec/nats/RelayPayload.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslSocket>
#include <QString>

#include <optional>

namespace feeddeck::testing {

// A plain NATS client for the tests (a TCP socket, TLS when asked, and FeedDeck's protocol
// reader): what `nats pub`, `nats sub` and `nats req` do. It plays a relay's publisher or an
// independent subscriber beside the code under test. It reads in the event loop, so the waits
// (bounded) keep the test's own servers and queued signals going.
class NatsTestClient : public QObject
{
public:
    struct Message
    {
        QByteArray subject;
        QByteArray payload;
    };

    NatsTestClient();

    // Connects, reads INFO (then starts TLS, verified with `tlsCa`, when that is given), sends
    // CONNECT and waits for the PONG of a PING. False with the reason in *error.
    bool connectTo(quint16 port, QString *error, const codec::nats::ConnectOptions &login = {},
                   const QList<QSslCertificate> &tlsCa = {});
    // connectTo, then a subscription to `subject` the server has taken.
    bool open(quint16 port, const codec::nats::ConnectOptions &login = {}, const QByteArray &subject = "feeddeck.>",
              const QList<QSslCertificate> &tlsCa = {});
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void close();

    void publish(const QByteArray &subject, const QByteArray &payload);
    void subscribe(const QByteArray &pattern);
    // Publishes with a reply subject and waits for the answer's payload; nullopt when none came.
    std::optional<QByteArray> request(const QByteArray &subject, const QByteArray &payload, int timeoutMs = 5000);
    // PING and wait for its PONG: everything sent before has reached the server.
    bool flush(int timeoutMs = 5000);

    [[nodiscard]] const QList<Message> &messages() const noexcept { return m_messages; }
    // The relay updates received, in order (not the $status reports).
    [[nodiscard]] QList<Message> updates() const;
    // The $status reports of one feed, in order.
    [[nodiscard]] QList<codec::nats::RelayedStatus> statuses(const QString &feedId) const;
    [[nodiscard]] const codec::nats::ServerInfo &info() const noexcept { return m_info; }
    [[nodiscard]] const QStringList &errors() const noexcept { return m_errors; }

private:
    void onReadyRead();

    QSslSocket m_socket; // in the clear unless TLS is asked for
    codec::nats::ServerReader m_reader{1024 * 1024};
    codec::nats::ServerInfo m_info;
    bool m_infoSeen = false;
    QList<Message> m_messages;
    QStringList m_errors;
    int m_pongs = 0;
    int m_lastSid = 0;
};

} // namespace feeddeck::testing
