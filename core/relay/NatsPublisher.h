#pragma once

#include "core/codec/nats/NatsProtocol.h"
#include "core/feed/Logging.h"
#include "core/feed/RetryPolicy.h"
#include "core/relay/RelayOptions.h"
#include "core/relay/ServerList.h"

#include <QByteArrayView>
#include <QHash>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace feeddeck::relay {

// One NATS client connection that only publishes (the NATS client protocol over TCP, or TLS
// for tls://): reads INFO, sends CONNECT and a PING, and counts as connected once the PONG
// says the server took the CONNECT. Answers the server's PINGs, sends its own on an interval
// and treats a missing PONG as a dead connection. Any failure closes the socket and tries the
// next server of the list after the feeds' backoff (feed::RetryPolicy).
class NatsPublisher : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Connecting, Handshaking, Connected, Backoff };

    explicit NatsPublisher(const RelayOptions &options, QObject *parent = nullptr);
    ~NatsPublisher() override;

    void start();
    // Writes out what the socket still holds (as far as the kernel takes it now) and closes.
    void stop();

    [[nodiscard]] State state() const noexcept { return m_state; }
    [[nodiscard]] bool isConnected() const noexcept { return m_state == State::Connected; }
    // The server's max_payload from its INFO (NATS' default of 1 MiB before the first INFO).
    [[nodiscard]] qint64 maxPayload() const noexcept { return m_maxPayload; }
    // Bytes handed to the socket that are not yet on the wire.
    [[nodiscard]] qint64 backlog() const;
    // Only while connected: one socket write.
    void write(QByteArrayView bytes);

    // The answer to a request: none when the connection ended or nothing came within a ping
    // interval; noResponders when nobody serves the subject (e.g. JetStream is off).
    struct Reply
    {
        bool answered = false;
        bool noResponders = false;
        QByteArray payload;
    };
    using ReplyHandler = std::function<void(const Reply &reply)>;
    // Only while connected: publishes with a reply subject of this connection; `done` runs once.
    void request(QByteArrayView subject, QByteArrayView payload, ReplyHandler done);
    // The current server runs JetStream (its INFO says so).
    [[nodiscard]] bool serverHasJetStream() const noexcept { return m_jetstream; }

    [[nodiscard]] quint64 connects() const noexcept { return m_connects; }
    [[nodiscard]] quint64 disconnects() const noexcept { return m_disconnects; }
    [[nodiscard]] quint64 bytesSent() const noexcept { return m_bytesSent; }
    [[nodiscard]] const QString &lastError() const noexcept { return m_lastError; }
    // The server of the current connection, or of the last one (empty before any).
    [[nodiscard]] const QUrl &server() const noexcept { return m_server; }
    [[nodiscard]] const ServerList &servers() const noexcept { return m_servers; }

signals:
    void connected();    // publishes may go now
    void disconnected(); // a connection that was connected ended
    void drained();      // the socket wrote some of its backlog

private:
    void connectToServer();
    void onReadyRead();
    void onInfo(QByteArrayView json);
    void onServerError(QByteArrayView text);
    void sendConnect();
    void onPingTick();
    // Ends the attempt or the connection and schedules the next one.
    void fail(const QString &reason);
    void dropSocket();
    void onReply(const codec::nats::ServerOp &op);
    // Ends every request still waiting (connection gone) or, with `olderThanMs`, those waiting longer.
    void endRequests(qint64 olderThanMs = -1);
    [[nodiscard]] QString describeServerError(const QString &text) const;

    RelayOptions m_options;
    ServerList m_servers;
    feed::RetryPolicy m_retry;
    codec::nats::ServerReader m_reader;
    QPointer<QTcpSocket> m_socket;
    QTimer m_retryTimer;
    QTimer m_handshakeTimer;
    QTimer m_pingTimer;
    QElapsedTimer m_connectedFor;
    State m_state = State::Stopped;
    bool m_tls = false;
    bool m_infoSeen = false;
    bool m_pingOutstanding = false;
    qint64 m_maxPayload = 1024 * 1024;
    quint64 m_connects = 0;
    quint64 m_disconnects = 0;
    quint64 m_bytesSent = 0;
    QString m_lastError;
    bool m_jetstream = false;
    // Requests: answers arrive on "<inbox>.<token>", subscribed with sid kInboxSid.
    struct PendingRequest
    {
        ReplyHandler done;
        qint64 sentMs = 0;
    };
    QByteArray m_inbox;
    quint64 m_lastToken = 0;
    QHash<QByteArray, PendingRequest> m_requests;
    QString m_serverError; // the -ERR of the current attempt: it says more than the close after it
    QUrl m_server;
    feed::LogThrottle m_logThrottle;
};

} // namespace feeddeck::relay
