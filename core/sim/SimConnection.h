#pragma once

#include "core/sim/SimSession.h"

#include <QObject>
#include <QWebSocketProtocol>

#include <memory>

class QWebSocket;

namespace feeddeck::sim {

// One accepted client: moves the session's messages to and from its socket, and skips
// ticks while the client is too slow to read them so memory stays bounded.
class SimConnection : public QObject
{
    Q_OBJECT

public:
    // Beyond this many unsent bytes the client gets no new updates until it catches up.
    static constexpr qint64 kMaxPendingBytes = 4 * 1024 * 1024;
    // How long a closing client may take to answer the close frame before the socket is aborted.
    static constexpr int kCloseGraceMs = 3000;

    // Takes ownership of the socket.
    SimConnection(QWebSocket *socket, std::unique_ptr<SimSession> session, QObject *parent = nullptr);
    ~SimConnection() override;

    // Sends the messages due since the last tick, unless the client is behind.
    void tick(qint64 monotonicMs, double elapsedSeconds);
    // Starts the closing handshake; closed() follows (at the latest after a grace period).
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

    // Bytes queued for the client and not yet written to the network.
    [[nodiscard]] qint64 pendingBytes() const;
    // Ticks skipped because the client was not reading fast enough.
    [[nodiscard]] quint64 skippedTicks() const noexcept { return m_skippedTicks; }

signals:
    void closed();

private slots:
    void onTextMessageReceived(const QString &message);
    void onBinaryMessageReceived(const QByteArray &message);
    void onDisconnected();

private:
    void send(const QList<QByteArray> &messages);

    QWebSocket *m_socket = nullptr; // child
    std::unique_ptr<SimSession> m_session;
    QList<QByteArray> m_outgoing; // reused between ticks
    quint64 m_skippedTicks = 0;
    bool m_closed = false;
};

} // namespace feeddeck::sim
