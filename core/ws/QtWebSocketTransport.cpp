#include "core/ws/QtWebSocketTransport.h"

#include "core/ws/ProxyTunnel.h"

#include <QDateTime>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QWebSocketHandshakeOptions>

namespace feeddeck::ws {

namespace {

// QNetworkProxy for both kinds: QWebSocket does the CONNECT itself.
QNetworkProxy qtProxy(const net::ProxyServer &proxy)
{
    switch (proxy.kind) {
    case net::ProxyServer::Kind::Http:
        return QNetworkProxy(QNetworkProxy::HttpProxy, proxy.host, proxy.port, proxy.user, proxy.password);
    case net::ProxyServer::Kind::Socks5:
        return socketProxy(proxy);
    case net::ProxyServer::Kind::Direct:
        break;
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

} // namespace

QtWebSocketTransport::QtWebSocketTransport(TransportOptions options, QObject *parent)
    : Transport(parent)
    , m_options(std::move(options))
{
    m_socket.setParent(this);
    m_socket.setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageBytes));
    m_socket.setMaxAllowedIncomingFrameSize(quint64(m_options.maxMessageBytes));
    connect(&m_socket, &QWebSocket::connected, this, &QtWebSocketTransport::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &QtWebSocketTransport::onDisconnected);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) { m_error = m_socket.errorString(); });
    connect(&m_socket, &QWebSocket::sslErrors, this, &QtWebSocketTransport::sslErrorsOccurred);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        const QByteArray utf8 = message.toUtf8();
        onMessage(utf8, true);
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { onMessage(message, false); });
    connect(&m_socket, &QWebSocket::pong, this,
            [this](quint64, const QByteArray &payload) { emit pongReceived(payload); });
}

QtWebSocketTransport::~QtWebSocketTransport()
{
    abort();
}

void QtWebSocketTransport::open(const QUrl &url)
{
    QNetworkRequest request(url);
    bool userAgentGiven = false;
    for (const auto &[name, value] : std::as_const(m_options.headers)) {
        if (isHandshakeHeader(name))
            continue; // as with FeedDeck's own client
        userAgentGiven = userAgentGiven || name.compare("user-agent", Qt::CaseInsensitive) == 0;
        request.setRawHeader(name, value);
    }
    if (!userAgentGiven && !m_options.userAgent.isEmpty())
        request.setRawHeader("User-Agent", m_options.userAgent);
    request.setSslConfiguration(m_options.tls);
    m_socket.setSslConfiguration(m_options.tls);
    m_socket.setProxy(qtProxy(m_options.proxy));
    QWebSocketHandshakeOptions handshake;
    QStringList subprotocols;
    for (const QByteArray &name : std::as_const(m_options.subprotocols))
        subprotocols.append(QString::fromLatin1(name));
    handshake.setSubprotocols(subprotocols);
    m_socket.open(request, handshake);
}

void QtWebSocketTransport::onConnected()
{
    if (m_done)
        return;
    m_subprotocol = m_socket.subprotocol().toLatin1();
    // The same rule as FeedDeck's client: one of those offered, and one when any were.
    if (const QString problem = checkChosenSubprotocol(m_subprotocol, m_options.subprotocols); !problem.isEmpty()) {
        finish({.reason = problem});
        return;
    }
    m_open = true;
    emit opened();
}

void QtWebSocketTransport::onMessage(QByteArrayView payload, bool text)
{
    if (m_done)
        return;
    m_wireBytes += quint64(payload.size());
    if (m_handler)
        m_handler(payload, text, QDateTime::currentMSecsSinceEpoch());
    if (m_readDone && !m_done)
        m_readDone();
}

void QtWebSocketTransport::onDisconnected()
{
    if (m_done)
        return;
    // QWebSocket reports the socket's error only after disconnected(): read it here.
    const bool socketError = m_socket.error() != QAbstractSocket::UnknownSocketError;
    const QString socketText = socketError ? m_socket.errorString() : m_error;
    CloseInfo info{.wasOpen = m_open};
    const int code = int(m_socket.closeCode());
    if (!m_open) {
        info.reason = !socketText.isEmpty() ? socketText : QStringLiteral("WebSocket handshake failed");
    } else if (code == kCloseTooBig || code == kCloseProtocolError || code == kCloseInvalidPayload) {
        // Qt closed it for a frame it would not take: the client's code, Qt's words.
        info.code = code;
        info.reason = m_socket.closeReason().isEmpty() ? socketText : m_socket.closeReason();
    } else if (socketError && m_socket.closeReason().isEmpty()) {
        // No close frame came (Qt then still says 1000): the connection was lost. Nothing to
        // add when the peer simply went away, as with FeedDeck's own client.
        if (m_socket.error() != QAbstractSocket::RemoteHostClosedError)
            info.reason = socketText;
    } else {
        info.byServer = true;
        info.code = code;
        info.reason = m_socket.closeReason();
    }
    finish(std::move(info));
}

void QtWebSocketTransport::sendText(QByteArrayView utf8)
{
    if (isOpen())
        m_socket.sendTextMessage(QString::fromUtf8(utf8));
}

void QtWebSocketTransport::sendBinary(QByteArrayView bytes)
{
    if (isOpen())
        m_socket.sendBinaryMessage(bytes.toByteArray());
}

void QtWebSocketTransport::ping(QByteArrayView payload)
{
    if (isOpen())
        m_socket.ping(payload.first(std::min<qsizetype>(payload.size(), 125)).toByteArray());
}

void QtWebSocketTransport::close(int code, const QString &reason)
{
    if (m_done)
        return;
    stopListening();
    m_socket.close(QWebSocketProtocol::CloseCode(code), reason);
}

void QtWebSocketTransport::abort()
{
    if (m_done)
        return;
    stopListening();
    m_socket.abort();
}

bool QtWebSocketTransport::isOpen() const
{
    return m_open && !m_done && m_socket.state() == QAbstractSocket::ConnectedState;
}

void QtWebSocketTransport::finish(CloseInfo info)
{
    stopListening();
    m_socket.abort();
    emit closed(info);
}

void QtWebSocketTransport::stopListening()
{
    m_done = true;
    m_socket.disconnect(this);
}

} // namespace feeddeck::ws
