#include "core/sim/SimConnection.h"

#include <QTimer>
#include <QWebSocket>

namespace feeddeck::sim {

SimConnection::SimConnection(QWebSocket *socket, std::unique_ptr<SimSession> session, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_session(std::move(session))
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &SimConnection::onTextMessageReceived);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &SimConnection::onBinaryMessageReceived);
    connect(m_socket, &QWebSocket::disconnected, this, &SimConnection::onDisconnected);
}

SimConnection::~SimConnection() = default;

void SimConnection::tick(qint64 monotonicMs, double elapsedSeconds)
{
    if (m_closed)
        return;
    if (m_socket->bytesToWrite() > kMaxPendingBytes) {
        ++m_skippedTicks;
        return;
    }
    m_outgoing.clear();
    m_session->tick(monotonicMs, elapsedSeconds, m_outgoing);
    send(m_outgoing);
}

qint64 SimConnection::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

void SimConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closed)
        return;
    m_socket->close(code, reason);
    QTimer::singleShot(kCloseGraceMs, m_socket, &QWebSocket::abort);
}

void SimConnection::onTextMessageReceived(const QString &message)
{
    if (m_closed)
        return;
    QList<QByteArray> replies;
    m_session->handleText(message.toUtf8(), replies);
    send(replies);
}

void SimConnection::onBinaryMessageReceived(const QByteArray &message)
{
    // The protocols are text-only; a binary frame is answered like malformed text.
    onTextMessageReceived(QString::fromUtf8(message));
}

void SimConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    emit closed();
}

void SimConnection::send(const QList<QByteArray> &messages)
{
    for (const QByteArray &message : messages)
        m_socket->sendTextMessage(QString::fromUtf8(message));
}

} // namespace feeddeck::sim
