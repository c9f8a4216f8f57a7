#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace feeddeck::testing {

// A bare TCP server for faults QWebSocketServer cannot produce: a peer that accepts
// the TCP connection but never answers the handshake, or one that completes the
// handshake, sends a few frames, and then goes completely silent (it stops reading,
// so pings go unanswered, like a frozen server or a dead network path).
class RawStallServer : public QObject
{
    Q_OBJECT

public:
    enum class Mode { NeverHandshake, StallAfterFrames };

    explicit RawStallServer(Mode mode, QList<QByteArray> framesBeforeStall = {}, QObject *parent = nullptr);

    bool listen();
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] int connectionCount() const { return m_connections; }

    // Builds an unmasked server-to-client text frame.
    [[nodiscard]] static QByteArray textFrame(const QByteArray &payload);

signals:
    void clientConnected();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);

    Mode m_mode;
    QList<QByteArray> m_frames;
    QTcpServer m_server;
    int m_connections = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace feeddeck::testing
