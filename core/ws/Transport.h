#pragma once

#include "core/net/ProxyServer.h"
#include "core/ws/FrameReader.h" // the close codes
#include "core/ws/Handshake.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace feeddeck::ws {

struct TransportOptions
{
    qint64 maxMessageBytes = 1024 * 1024; // a larger message closes the connection with 1009
    HeaderList headers;                   // extra handshake headers, already expanded
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration(); // for wss://
    QByteArray userAgent;                 // sent unless headers name their own
    net::ProxyServer proxy;               // direct unless set: HTTP CONNECT or SOCKS5 on the way
    QList<QByteArray> subprotocols;       // offered in the handshake; the server must choose one
    bool offerDeflate = false;            // offer permessage-deflate (RFC 7692)
};

// How a connection ended.
struct CloseInfo
{
    bool wasOpen = false;      // the handshake had completed
    bool byServer = false;     // the server sent the close frame (code and reason are its own)
    int code = kCloseAbnormal; // the close code; 1006 when the connection was lost without a close frame
    QString reason {};         // the close frame's reason, or what went wrong (socket error, refused upgrade, protocol error)
};

// One WebSocket connection attempt as a feed sees it, whichever client carries it:
// FeedDeck's own (WebSocketTransport, the default) or Qt's (QtWebSocketTransport). Messages
// are handed over synchronously on the thread that opened it; after closed() it is done.
class Transport : public QObject
{
    Q_OBJECT

public:
    // Called once per message; the payload is only valid during the call. receivedMs is the
    // wall-clock time the bytes were read from the socket.
    using MessageHandler = std::function<void(QByteArrayView payload, bool text, qint64 receivedMs)>;
    // Called after the messages of one socket read have been handed to the message handler.
    using ReadHandler = std::function<void()>;

    using QObject::QObject;

    void setMessageHandler(MessageHandler handler) { m_handler = std::move(handler); }
    void setReadHandler(ReadHandler handler) { m_readDone = std::move(handler); }

    virtual void open(const QUrl &url) = 0;
    virtual void sendText(QByteArrayView utf8) = 0;
    // A binary message (protocols that are byte streams, such as NATS over WebSocket).
    virtual void sendBinary(QByteArrayView bytes) = 0;
    // A ping with this payload (at most 125 bytes); the peer's pong echoes it.
    virtual void ping(QByteArrayView payload = {}) = 0;
    // Sends a close frame and lets the TCP connection end after it; emits nothing more.
    virtual void close(int code, const QString &reason) = 0;
    // Drops the connection at once; emits nothing more.
    virtual void abort() = 0;

    [[nodiscard]] virtual bool isOpen() const = 0;
    // The subprotocol the server chose; empty when none was offered.
    [[nodiscard]] virtual QByteArray subprotocol() const = 0;
    // Bytes read from the socket since the last call (compressed, frame headers included where
    // the client sees them).
    [[nodiscard]] virtual quint64 takeWireBytes() noexcept = 0;

signals:
    void opened();
    void pongReceived(const QByteArray &payload);
    void sslErrorsOccurred(const QList<QSslError> &errors);
    // Once, when the connection has ended for any reason but close() or abort().
    void closed(const feeddeck::ws::CloseInfo &info);

protected:
    MessageHandler m_handler;
    ReadHandler m_readDone;
};

// The feed's "transport": "feeddeck" (FeedDeck's own client) or "qtwebsockets" (Qt's QWebSocket).
inline const QString kOwnTransport = QStringLiteral("feeddeck");
inline const QString kQtTransport = QStringLiteral("qtwebsockets");

// Where a feed connection gets the transport of each connection attempt: a new, unopened
// one every time, so nothing of an old connection reaches the next.
class TransportFactory
{
public:
    TransportFactory() = default;
    TransportFactory(const TransportFactory &) = delete;
    TransportFactory &operator=(const TransportFactory &) = delete;
    virtual ~TransportFactory() = default;

    // client is the feed's "transport" (kOwnTransport, kQtTransport); options are final
    // (headers expanded, proxy chosen). The caller owns the result and calls open() on it.
    [[nodiscard]] virtual std::unique_ptr<Transport> create(const QString &client, TransportOptions options) = 0;
};

// The real clients: Qt's QWebSocket for kQtTransport, FeedDeck's own for any other name.
class NetworkTransportFactory final : public TransportFactory
{
public:
    [[nodiscard]] std::unique_ptr<Transport> create(const QString &client, TransportOptions options) override;
};

} // namespace feeddeck::ws

Q_DECLARE_METATYPE(feeddeck::ws::CloseInfo)
