#pragma once

#include "core/ws/BoundedInflater.h"
#include "core/ws/FrameReader.h"
#include "core/ws/Handshake.h"
#include "core/ws/PerMessageDeflate.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QUrl>

#include <functional>
#include <memory>
#include <utility>

class QTcpSocket;

namespace feeddeck::ws {

struct TransportOptions
{
    qint64 maxMessageBytes = 1024 * 1024; // a larger message closes the connection with 1009
    HeaderList headers;                   // extra handshake headers, already expanded
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration(); // for wss://
    QByteArray userAgent;                 // sent unless headers name their own
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

// Moves WebSocket messages over a QTcpSocket (ws://) or QSslSocket (wss://) and hands
// each one to its handler as the UTF-8 bytes received, with nothing converted or
// copied on the way (a message the server compressed is handed over inflated). One connection attempt per instance: after closed() it is done.
// Lives on the thread that opens it; messages are handed over synchronously there.
class WebSocketTransport : public QObject
{
    Q_OBJECT

public:
    // Called once per message; the payload is only valid during the call. receivedMs is the
    // wall-clock time the bytes were read from the socket (one stamp per read, not per message).
    using MessageHandler = std::function<void(QByteArrayView payload, bool text, qint64 receivedMs)>;

    // Called after every message of one socket read has been handed to the message handler.
    using ReadHandler = std::function<void()>;

    explicit WebSocketTransport(TransportOptions options, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    void setMessageHandler(MessageHandler handler) { m_handler = std::move(handler); }
    void setReadHandler(ReadHandler handler) { m_readDone = std::move(handler); }

    void open(const QUrl &url);
    void sendText(QByteArrayView utf8);
    void ping();
    // Sends a close frame and lets the TCP connection end after it; emits nothing more.
    void close(int code, const QString &reason);
    // Drops the connection at once; emits nothing more.
    void abort();

    [[nodiscard]] bool isOpen() const noexcept { return m_open && !m_done; }
    // What the handshake agreed about permessage-deflate.
    [[nodiscard]] const DeflateAgreement &deflate() const noexcept { return m_deflate; }
    // Bytes read from the socket since the last call (compressed, frame headers included).
    [[nodiscard]] quint64 takeWireBytes() noexcept { return std::exchange(m_wireBytes, 0); }

signals:
    void opened();
    void pongReceived();
    void sslErrorsOccurred(const QList<QSslError> &errors);
    // Once, when the connection has ended for any reason but close() or abort().
    void closed(const feeddeck::ws::CloseInfo &info);

private:
    void sendHandshake();
    void onSocketGone();
    void readAvailable();
    bool readHandshakeReply();
    void deliverFrames();
    [[nodiscard]] bool inflateMessage(const FrameReader::Event &event);
    void closeAfterProtocolError(int code, const QString &reason);
    void finish(CloseInfo info);
    void compactBuffer();

    TransportOptions m_options;
    QUrl m_url;
    QTcpSocket *m_socket = nullptr; // a QSslSocket for wss://
    FrameReader m_reader;
    MessageHandler m_handler;
    ReadHandler m_readDone;
    QByteArray m_key;               // Sec-WebSocket-Key of this attempt
    QByteArray m_in;                // bytes read and not yet consumed: m_in[m_begin, m_end)
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
    qint64 m_readAtMs = 0;          // when the bytes being delivered were read
    quint64 m_wireBytes = 0;        // read from the socket and not yet taken
    DeflateAgreement m_deflate;
    std::unique_ptr<BoundedInflater> m_inflater; // only once permessage-deflate is agreed
    bool m_open = false;            // handshake done
    bool m_done = false;            // closed, aborted or finished: nothing more is read or emitted
};

} // namespace feeddeck::ws

Q_DECLARE_METATYPE(feeddeck::ws::CloseInfo)
