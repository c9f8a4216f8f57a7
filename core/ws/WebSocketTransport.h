#pragma once

#include "core/ws/BoundedInflater.h"
#include "core/ws/FrameReader.h"
#include "core/ws/Transport.h"
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

// Moves WebSocket messages over a QTcpSocket (ws://) or QSslSocket (wss://) and hands
// each one to its handler as the UTF-8 bytes received, with nothing converted or
// copied on the way (a message the server compressed is handed over inflated). One connection attempt per instance: after closed() it is done.
// Lives on the thread that opens it; messages are handed over synchronously there.
// One stamp of receipt per socket read, not per message.
class WebSocketTransport : public Transport
{
    Q_OBJECT

public:
    explicit WebSocketTransport(TransportOptions options, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    void open(const QUrl &url) override;
    void sendText(QByteArrayView utf8) override;
    void sendBinary(QByteArrayView bytes) override;
    void ping(QByteArrayView payload = {}) override;
    void close(int code, const QString &reason) override;
    void abort() override;

    [[nodiscard]] bool isOpen() const override { return m_open && !m_done; }
    [[nodiscard]] QByteArray subprotocol() const override { return m_subprotocol; }
    [[nodiscard]] quint64 takeWireBytes() noexcept override { return std::exchange(m_wireBytes, 0); }
    // What the handshake agreed about permessage-deflate.
    [[nodiscard]] const DeflateAgreement &deflate() const noexcept { return m_deflate; }

private:
    [[nodiscard]] bool secure() const;
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QString target() const; // "host:port" of the feed, for messages
    void onSocketConnected();
    bool readTunnelReply();
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
    QByteArray m_key;               // Sec-WebSocket-Key of this attempt
    QByteArray m_subprotocol;       // chosen by the server in its handshake reply
    QByteArray m_in;                // bytes read and not yet consumed: m_in[m_begin, m_end)
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
    qint64 m_readAtMs = 0;          // when the bytes being delivered were read
    bool m_tunnelOpen = false;      // through the proxy to the feed (always so without a proxy)
    quint64 m_wireBytes = 0;        // read from the socket and not yet taken
    DeflateAgreement m_deflate;
    std::unique_ptr<BoundedInflater> m_inflater; // only once permessage-deflate is agreed
    bool m_open = false;            // handshake done
    bool m_done = false;            // closed, aborted or finished: nothing more is read or emitted
};

} // namespace feeddeck::ws
