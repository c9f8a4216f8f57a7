#include "RawStallServer.h"

#include <QCryptographicHash>

namespace feeddeck::testing {

RawStallServer::RawStallServer(Mode mode, QList<QByteArray> framesBeforeStall, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_frames(std::move(framesBeforeStall))
{
    connect(&m_server, &QTcpServer::newConnection, this, &RawStallServer::onNewConnection);
}

bool RawStallServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl RawStallServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/stall").arg(m_server.serverPort()));
}

void RawStallServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_connections;
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        emit clientConnected();
    }
}

void RawStallServer::onReadyRead(QTcpSocket *socket)
{
    if (m_mode == Mode::NeverHandshake)
        return; // read nothing, answer nothing
    const QByteArray request = socket->peek(socket->bytesAvailable());
    if (!request.contains("\r\n\r\n") || socket->property("upgraded").toBool())
        return;
    socket->setProperty("upgraded", true);
    QByteArray key;
    for (const QByteArray &line : request.split('\n'))
        if (line.toLower().startsWith("sec-websocket-key:"))
            key = line.mid(int(qstrlen("sec-websocket-key:"))).trimmed();
    const QByteArray accept =
        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1).toBase64();
    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
    for (const QByteArray &frame : std::as_const(m_frames))
        socket->write(textFrame(frame));
    // From here on nothing is read or written: the peer is frozen.
}

QByteArray RawStallServer::textFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81)); // FIN + text
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(n));
    } else if (n < 65536) {
        frame.append(char(126));
        frame.append(char((n >> 8) & 0xff));
        frame.append(char(n & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(n) >> shift) & 0xff));
    }
    return frame + payload;
}

} // namespace feeddeck::testing
