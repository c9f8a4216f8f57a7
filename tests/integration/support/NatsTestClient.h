#pragma once

#include "core/codec/nats/NatsProtocol.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpSocket>

#include <optional>

namespace feeddeck::testing {

// A plain NATS client over TCP for the tests: what `nats pub` and `nats sub` do, written with
// FeedDeck's wire vocabulary. It plays a relay's publisher or an independent subscriber beside
// the code under test. Blocking calls with bounded waits: the code under test runs on threads
// of its own or in other processes.
class NatsTestClient
{
public:
    struct Message
    {
        QByteArray subject;
        QByteArray payload;
    };

    // Connects, reads INFO, sends CONNECT and waits for the PONG of a PING. False with the
    // reason in *error.
    bool connectTo(quint16 port, QString *error, const codec::nats::ConnectOptions &options = {});
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void close();

    void publish(const QByteArray &subject, const QByteArray &payload);
    void subscribe(const QByteArray &pattern);
    // Publishes with a reply subject and waits (bounded) for the answer's payload, as `nats req`
    // does; nullopt when none came.
    std::optional<QByteArray> request(const QByteArray &subject, const QByteArray &payload, int timeoutMs = 5000);
    // PING and wait for its PONG: everything sent before has reached the server.
    bool flush(int timeoutMs = 5000);
    // Reads until at least `count` messages have arrived in total (bounded wait).
    bool waitForMessages(qsizetype count, int timeoutMs = 5000);
    [[nodiscard]] const QList<Message> &messages() const noexcept { return m_messages; }
    [[nodiscard]] const codec::nats::ServerInfo &info() const noexcept { return m_info; }
    [[nodiscard]] const QStringList &errors() const noexcept { return m_errors; }

private:
    // Reads what has arrived; false when the connection is gone or unreadable.
    bool readAvailable(int timeoutMs);

    QTcpSocket m_socket;
    codec::nats::ServerReader m_reader{1024 * 1024};
    codec::nats::ServerInfo m_info;
    QList<Message> m_messages;
    QStringList m_errors;
    int m_pongs = 0;
    int m_lastSid = 0;
};

} // namespace feeddeck::testing
