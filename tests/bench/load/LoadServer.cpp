#include "LoadServer.h"

#include <QCryptographicHash>
#include <QTcpSocket>

#include <algorithm>

namespace feeddeck::bench {

namespace {
constexpr qint64 kHighWater = 1 << 20;   // unsent bytes kept queued per client
constexpr int kFramesPerWrite = 256;     // about 60 KiB a write
constexpr qsizetype kMaxRequestBytes = 16 * 1024;
} // namespace

LoadServer::LoadServer(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_frames(options.instruments, 16)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            new LoadSession(socket, *this); // owned by the socket
    });
}

bool LoadServer::listen(quint16 port, QString *error)
{
    if (m_server.listen(QHostAddress::LocalHost, port))
        return true;
    *error = m_server.errorString();
    return false;
}

LoadSession::LoadSession(QTcpSocket *socket, LoadServer &server)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_frames(server.m_frames)
    , m_options(server.m_options)
{
    // Paced frames go out at once, not when the previous segment is acknowledged.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &LoadSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_connection > 0)
            emit m_server.sessionClosed(m_connection, m_sent);
        m_socket->deleteLater();
    });
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(1);
    connect(&m_ticker, &QTimer::timeout, this, &LoadSession::onTick);
}

void LoadSession::onReadyRead()
{
    m_in += m_socket->readAll();
    if (!m_open) {
        if (!handshake())
            return;
        m_open = true;
        m_clock.start();
        m_connection = m_server.noteOpened();
        if (m_options.rate > 0) {
            m_ticker.start();
        } else {
            connect(m_socket, &QTcpSocket::bytesWritten, this, &LoadSession::pump);
            pump();
        }
    }
    readClientFrames();
}

bool LoadSession::handshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > kMaxRequestBytes)
            m_socket->abort();
        return false;
    }
    QByteArray key;
    for (const QByteArray &line : m_in.left(end).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-key")
            key = line.mid(colon + 1).trimmed();
    }
    m_in.remove(0, end + 4);
    if (key.isEmpty()) {
        m_socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        m_socket->disconnectFromHost();
        return false;
    }
    const QByteArray accept =
        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1).toBase64();
    m_socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
    return true;
}

void LoadSession::readClientFrames()
{
    // Client frames are masked; only ping and close need an answer.
    for (;;) {
        if (m_in.size() < 2)
            return;
        const auto *p = reinterpret_cast<const uchar *>(m_in.constData());
        const int opcode = p[0] & 0x0F;
        qint64 length = p[1] & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (m_in.size() < 4)
                return;
            length = (qint64(p[2]) << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (m_in.size() < 10)
                return;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[2 + i];
            header = 10;
        }
        const bool masked = p[1] & 0x80;
        const qsizetype maskAt = header;
        if (masked)
            header += 4;
        if (length > kMaxRequestBytes) {
            m_socket->abort();
            return;
        }
        if (m_in.size() < header + length)
            return;
        QByteArray payload = m_in.mid(header, qsizetype(length));
        if (masked)
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ m_in[maskAt + (i % 4)]);
        m_in.remove(0, header + qsizetype(length));
        if (opcode == 0x9) {
            m_socket->write(TickerFrames::frame(0xA, payload));
        } else if (opcode == 0x8) {
            m_ticker.stop();
            m_socket->write(TickerFrames::frame(0x8, payload.left(2)));
            m_socket->disconnectFromHost();
            return;
        }
    }
}

void LoadSession::send(qint64 n)
{
    while (n > 0) {
        const int chunk = int(std::min<qint64>({n, kFramesPerWrite, m_frames.count() - m_next}));
        m_socket->write(m_frames.data(m_next), m_frames.bytes(m_next, chunk));
        m_next = (m_next + chunk) % m_frames.count();
        m_sent += chunk;
        m_server.noteSent(chunk);
        n -= chunk;
    }
    finishIfDone();
}

void LoadSession::finishIfDone()
{
    if (m_finished || m_options.messages <= 0 || m_sent < m_options.messages)
        return;
    m_finished = true;
    m_ticker.stop();
    emit m_server.sessionFinished(m_connection, m_sent, m_clock.elapsed());
}

void LoadSession::pump()
{
    while (m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesToWrite() < kHighWater) {
        qint64 n = kFramesPerWrite;
        if (m_options.messages > 0)
            n = std::min(n, m_options.messages - m_sent);
        if (n <= 0)
            return;
        send(n);
    }
}

void LoadSession::onTick()
{
    const qint64 due = qint64(m_options.rate * double(m_clock.nsecsElapsed()) / 1e9);
    qint64 n = due - m_sent;
    if (m_options.messages > 0)
        n = std::min(n, m_options.messages - m_sent);
    // A client that cannot keep up gets no more than the high-water mark queued: the rest waits.
    if (n > 0 && m_socket->bytesToWrite() < kHighWater)
        send(n);
}

} // namespace feeddeck::bench
