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

private:
    Options m_options;
    TickerFrames m_frames;
    QTcpServer m_server;
};

// One client: the HTTP upgrade, then frames out; the client's own frames are read only
// to answer a ping and a close.
class LoadSession : public QObject
{
public:
    LoadSession(QTcpSocket *socket, const TickerFrames &frames, const LoadServer::Options &options);

private:
    void onReadyRead();
    bool handshake();
    void readClientFrames();
    void pump();      // flood mode: top the socket up to the high-water mark
    void onTick();    // paced mode: send what is due
    void send(qint64 n);

    QTcpSocket *m_socket;
    const TickerFrames &m_frames;
    LoadServer::Options m_options;
    QByteArray m_in;
    bool m_open = false;
    qint64 m_sent = 0;
    int m_next = 0; // next frame index
    QElapsedTimer m_clock;
    QTimer m_ticker;
};

} // namespace feeddeck::bench
