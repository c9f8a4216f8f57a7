#pragma once

#include "TickerFrames.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace feeddeck::bench {

// A WebSocket server (RFC 6455 over a plain QTcpServer) that streams prebuilt ticker
// frames to every client that connects: either as fast as the client reads (the socket's
// unsent bytes stay under a high-water mark) or at a fixed rate. Copying prebuilt bytes
// keeps the source far cheaper than any client it measures.
class LoadServer : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int instruments = 128;
        qint64 messages = 0; // per connection; 0: until the client leaves
        double rate = 0.0;   // messages per second; 0: as fast as the client reads
    };

    explicit LoadServer(Options options, QObject *parent = nullptr);

    bool listen(quint16 port, QString *error);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] double averagePayloadBytes() const { return m_frames.averagePayloadBytes(); }
    // WebSocket connections served so far (handshakes completed), and messages sent on all of them.
    [[nodiscard]] int connections() const noexcept { return m_connections; }
    [[nodiscard]] qint64 sent() const noexcept { return m_sent; }

signals:
    // A client completed its handshake: it is connection number `connection` (1, 2, ...).
    void sessionOpened(int connection);
    // A paced client was sent its --messages: `sent` messages in `ms` since its handshake.
    void sessionFinished(int connection, qint64 sent, qint64 ms);
    // A client left, after `sent` messages.
    void sessionClosed(int connection, qint64 sent);

private:
    friend class LoadSession;
    int noteOpened()
    {
        emit sessionOpened(++m_connections);
        return m_connections;
    }
    void noteSent(qint64 n) noexcept { m_sent += n; }

    Options m_options;
    TickerFrames m_frames;
    QTcpServer m_server;
    int m_connections = 0;
    qint64 m_sent = 0;
};

// One client: the HTTP upgrade, then frames out; the client's own frames are read only
// to answer a ping and a close.
class LoadSession : public QObject
{
public:
    LoadSession(QTcpSocket *socket, LoadServer &server);

private:
    void onReadyRead();
    bool handshake();
    void readClientFrames();
    void pump();      // flood mode: top the socket up to the high-water mark
    void onTick();    // paced mode: send what is due
    void send(qint64 n);

    void finishIfDone();

    QTcpSocket *m_socket;
    LoadServer &m_server;
    const TickerFrames &m_frames;
    LoadServer::Options m_options;
    QByteArray m_in;
    bool m_open = false;
    qint64 m_sent = 0;
    int m_next = 0; // next frame index
    int m_connection = 0; // its number at the server, once open
    bool m_finished = false;
    QElapsedTimer m_clock;
    QTimer m_ticker;
};

} // namespace feeddeck::bench
