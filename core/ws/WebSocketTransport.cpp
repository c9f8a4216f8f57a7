#include "core/ws/WebSocketTransport.h"

#include "core/ws/FrameWriter.h"
#include "core/ws/ProxyTunnel.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <cstring>

namespace feeddeck::ws {

namespace {

constexpr qsizetype kInitialBufferBytes = 256 * 1024;
// The read buffer is given back after a message this large has passed through it.
constexpr qsizetype kKeepBufferBytes = 2 * 1024 * 1024;

quint32 newMask()
{
    return QRandomGenerator::global()->generate();
}

} // namespace

WebSocketTransport::WebSocketTransport(TransportOptions options, QObject *parent)
    : Transport(parent)
    , m_options(std::move(options))
    , m_reader(m_options.maxMessageBytes)
{
}

WebSocketTransport::~WebSocketTransport()
{
    abort();
}

void WebSocketTransport::open(const QUrl &url)
{
    Q_ASSERT(!m_socket);
    m_url = url;
    const bool httpTunnel = m_options.proxy.kind == net::ProxyServer::Kind::Http;
    if (secure()) {
        auto *tls = new QSslSocket(this);
        tls->setSslConfiguration(m_options.tls);
        // Certificate errors are never ignored: the handshake fails and the owner says why.
        connect(tls, &QSslSocket::sslErrors, this, &WebSocketTransport::sslErrorsOccurred);
        connect(tls, &QSslSocket::encrypted, this, &WebSocketTransport::sendHandshake);
        m_socket = tls;
    } else {
        m_socket = new QTcpSocket(this);
    }
    m_socket->setProxy(socketProxy(m_options.proxy));
    // Bounded: a server that sends faster than FeedDeck reads is held back by TCP, not by memory.
    m_socket->setReadBufferSize(std::clamp<qint64>(m_options.maxMessageBytes, kInitialBufferBytes, 8 * 1024 * 1024));
    connect(m_socket, &QTcpSocket::connected, this, &WebSocketTransport::onSocketConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &WebSocketTransport::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &WebSocketTransport::onSocketGone);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &WebSocketTransport::onSocketGone);

    if (httpTunnel)
        m_socket->connectToHost(m_options.proxy.host, m_options.proxy.port); // TLS, if any, starts after CONNECT
    else if (secure())
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(url.host(), port());
    else
        m_socket->connectToHost(url.host(), port());
}

bool WebSocketTransport::secure() const
{
    return m_url.scheme() == QLatin1String("wss");
}

quint16 WebSocketTransport::port() const
{
    return quint16(m_url.port(secure() ? 443 : 80));
}

QString WebSocketTransport::target() const
{
    return QStringLiteral("%1:%2").arg(m_url.host()).arg(port());
}

void WebSocketTransport::onSocketConnected()
{
    if (m_options.proxy.kind == net::ProxyServer::Kind::Http && !m_tunnelOpen) {
        m_socket->write(connectRequest(m_url.host(), port(), m_options.proxy, m_options.userAgent));
        return;
    }
    m_tunnelOpen = true; // direct, or SOCKS5 has reached the feed
    if (!secure())
        sendHandshake(); // wss:// waits for encrypted()
}

// The proxy's answer to CONNECT. Only its head is taken from the socket: what follows belongs
// to the feed (for wss://, to TLS).
bool WebSocketTransport::readTunnelReply()
{
    const QByteArray head = m_socket->peek(kMaxConnectReplyBytes);
    const qsizetype end = handshakeReplyEnd(head);
    if (end < 0) {
        if (head.size() >= kMaxConnectReplyBytes)
            finish({.reason = checkConnectReply("not HTTP", m_options.proxy, target())});
        return false;
    }
    m_socket->skip(end);
    if (const QString problem = checkConnectReply(QByteArrayView(head).first(end), m_options.proxy, target());
        !problem.isEmpty()) {
        finish({.reason = problem});
        return false;
    }
    m_tunnelOpen = true;
    if (secure()) {
        auto *tls = static_cast<QSslSocket *>(m_socket);
        tls->setPeerVerifyName(m_url.host()); // the certificate is the feed's, not the proxy's
        tls->startClientEncryption();
        return false; // encrypted() sends the handshake
    }
    sendHandshake();
    return true;
}

void WebSocketTransport::sendHandshake()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // subscriptions and pongs go out at once
    m_key = newHandshakeKey();
    const QByteArray request =
        handshakeRequest(m_url, m_key, m_options.headers, m_options.userAgent, m_options.subprotocols);
    m_socket->write(m_options.offerDeflate ? withDeflateOffer(request) : request);
}

// Sent uncompressed even when permessage-deflate is agreed: RFC 7692 lets a sender leave RSV1
// clear, and FeedDeck's few messages (subscriptions) are not worth a deflate context.
void WebSocketTransport::sendText(QByteArrayView utf8)
{
    if (isOpen())
        m_socket->write(FrameWriter::frame(FrameWriter::Opcode::Text, utf8, newMask()));
}

void WebSocketTransport::sendBinary(QByteArrayView bytes)
{
    if (isOpen())
        m_socket->write(FrameWriter::frame(FrameWriter::Opcode::Binary, bytes, newMask()));
}

void WebSocketTransport::ping(QByteArrayView payload)
{
    if (isOpen())
        m_socket->write(FrameWriter::frame(FrameWriter::Opcode::Ping, payload.first(std::min<qsizetype>(payload.size(), 125)),
                                           newMask()));
}

void WebSocketTransport::close(int code, const QString &reason)
{
    if (m_done || !m_socket)
        return;
    if (m_open)
        m_socket->write(FrameWriter::closeFrame(code, reason, newMask()));
    m_done = true;
    m_socket->disconnect(this);
    m_socket->flush();
    m_socket->disconnectFromHost(); // after what is still queued
}

void WebSocketTransport::abort()
{
    m_done = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void WebSocketTransport::readAvailable()
{
    if (!m_tunnelOpen && !m_done && !readTunnelReply())
        return;
    while (!m_done) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            break;
        compactBuffer();
        if (m_in.size() < m_end + available)
            m_in.resize(std::max<qsizetype>(m_end + available, kInitialBufferBytes));
        const qint64 got = m_socket->read(m_in.data() + m_end, available);
        if (got <= 0)
            break;
        m_end += got;
        m_wireBytes += quint64(got);
        m_readAtMs = QDateTime::currentMSecsSinceEpoch();
        if (!m_open && !readHandshakeReply())
            break;
        deliverFrames();
        if (m_readDone && !m_done)
            m_readDone();
    }
    // A message far larger than usual passed: give its memory back.
    if (m_in.size() > kKeepBufferBytes && m_end - m_begin <= kInitialBufferBytes) {
        compactBuffer();
        m_in.resize(kInitialBufferBytes);
        m_in.squeeze();
    }
}

void WebSocketTransport::compactBuffer()
{
    if (m_begin == 0)
        return;
    const qsizetype rest = m_end - m_begin;
    if (rest > 0)
        std::memmove(m_in.data(), m_in.constData() + m_begin, std::size_t(rest));
    m_begin = 0;
    m_end = rest;
}

bool WebSocketTransport::readHandshakeReply()
{
    const QByteArrayView received(m_in.constData(), m_end);
    const qsizetype headEnd = handshakeReplyEnd(received.first(std::min(m_end, kMaxHandshakeReplyBytes)));
    if (headEnd < 0) {
        if (m_end >= kMaxHandshakeReplyBytes)
            finish({.reason = QStringLiteral("the server's handshake reply is larger than 16 KiB; check that the URL is a "
                                             "WebSocket endpoint")});
        return false;
    }
    if (const QString problem = checkHandshakeReply(received.first(headEnd), m_key); !problem.isEmpty()) {
        finish({.reason = problem});
        return false;
    }
    if (const QString problem = checkSubprotocol(received.first(headEnd), m_options.subprotocols, &m_subprotocol);
        !problem.isEmpty()) {
        finish({.reason = problem});
        return false;
    }
    if (const QString problem = checkExtensions(received.first(headEnd), m_options.offerDeflate, &m_deflate);
        !problem.isEmpty()) {
        finish({.reason = problem});
        return false;
    }
    if (m_deflate.agreed) {
        m_reader.setCompressionAgreed(true);
        m_inflater = std::make_unique<BoundedInflater>(BoundedInflater::Format::PerMessageDeflate,
                                                       m_options.maxMessageBytes, !m_deflate.serverNoContextTakeover);
    }
    m_begin = headEnd; // frames may follow the reply in the same read
    m_open = true;
    emit opened();
    return !m_done;
}

void WebSocketTransport::deliverFrames()
{
    const QByteArrayView data(m_in.constData(), m_end);
    qsizetype pos = m_begin;
    while (!m_done) {
        const std::optional<FrameReader::Event> event = m_reader.next(data, pos);
        if (!event)
            break;
        switch (event->kind) {
        case FrameReader::Kind::Message:
            if (event->compressed) {
                if (inflateMessage(*event) && m_handler)
                    m_handler(m_inflater->output(), event->text, m_readAtMs);
            } else if (m_handler) {
                m_handler(event->payload, event->text, m_readAtMs);
            }
            break;
        case FrameReader::Kind::Ping:
            m_socket->write(FrameWriter::frame(FrameWriter::Opcode::Pong, event->payload, newMask()));
            break;
        case FrameReader::Kind::Pong:
            emit pongReceived(event->payload.toByteArray());
            break;
        case FrameReader::Kind::Close:
            // Answer with the same code (none when the server gave none), then the server ends TCP.
            if (event->code == kCloseNoStatus)
                m_socket->write(FrameWriter::frame(FrameWriter::Opcode::Close, {}, newMask()));
            else
                m_socket->write(FrameWriter::closeFrame(event->code, QString(), newMask()));
            m_socket->flush();
            finish({.wasOpen = true, .byServer = true, .code = event->code, .reason = event->reason});
            break;
        case FrameReader::Kind::Error:
            closeAfterProtocolError(event->code, event->reason);
            break;
        }
    }
    m_begin = pos; // past every frame handed out (and fragments joined so far)
}

bool WebSocketTransport::inflateMessage(const FrameReader::Event &event)
{
    if (!m_inflater) { // the reader only reports RSV1 once compression was agreed
        closeAfterProtocolError(kCloseProtocolError, QStringLiteral("a compressed frame without permessage-deflate"));
        return false;
    }
    switch (m_inflater->inflate(event.payload)) {
    case BoundedInflater::Status::Ok:
        break;
    case BoundedInflater::Status::TooBig:
        closeAfterProtocolError(kCloseTooBig, QStringLiteral("a message larger than %1 bytes once inflated")
                                                  .arg(m_options.maxMessageBytes));
        return false;
    case BoundedInflater::Status::Corrupt:
        closeAfterProtocolError(kCloseInvalidPayload, QStringLiteral("a compressed message that could not be "
                                                                     "inflated: %1").arg(m_inflater->error()));
        return false;
    }
    if (event.text && !isValidUtf8(m_inflater->output())) {
        closeAfterProtocolError(kCloseInvalidPayload, QStringLiteral("a text message was not valid UTF-8"));
        return false;
    }
    return true;
}

void WebSocketTransport::closeAfterProtocolError(int code, const QString &reason)
{
    m_socket->write(FrameWriter::closeFrame(code, reason, newMask()));
    m_socket->flush();
    finish({.wasOpen = true, .code = code, .reason = reason});
}

void WebSocketTransport::onSocketGone()
{
    if (m_done)
        return;
    // What arrived before the connection ended still counts, a close frame above all.
    readAvailable();
    if (m_done)
        return;
    if (m_open) {
        finish({.wasOpen = true, .code = kCloseAbnormal});
        return;
    }
    // Until the proxy has connected us to the feed, what went wrong is the proxy's part: say so.
    QString reason = describeProxyError(m_socket->error(), m_socket->errorString(), m_options.proxy, target(),
                                        m_tunnelOpen);
    if (reason.isEmpty()) {
        reason = m_socket->errorString();
        if (m_socket->error() == QAbstractSocket::RemoteHostClosedError || reason.isEmpty())
            reason = QStringLiteral("the server closed the connection during the WebSocket handshake");
    }
    finish({.reason = reason});
}

void WebSocketTransport::finish(CloseInfo info)
{
    if (m_done)
        return;
    m_done = true;
    m_socket->disconnect(this);
    m_socket->disconnectFromHost();
    emit closed(info);
}

} // namespace feeddeck::ws
