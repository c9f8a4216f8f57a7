#pragma once

#include "core/ws/Transport.h"

#include <QAbstractSocket>
#include <QWebSocket>

#include <utility>

namespace feeddeck::ws {

// A feed's connection over Qt's QWebSocket ("transport": "qtwebsockets"): the stack FeedDeck
// is built on, kept as a choice beside its own client and as a fallback for a server the
// two do not agree on. Each text message is converted to UTF-16 by Qt and back to UTF-8
// here (slower than FeedDeck's own client); an HTTP proxy's refusals all read alike.
class QtWebSocketTransport : public Transport
{
    Q_OBJECT

public:
    explicit QtWebSocketTransport(TransportOptions options, QObject *parent = nullptr);
    ~QtWebSocketTransport() override;

    void open(const QUrl &url) override;
    void sendText(QByteArrayView utf8) override;
    void sendBinary(QByteArrayView bytes) override;
    void ping(QByteArrayView payload = {}) override;
    void close(int code, const QString &reason) override;
    void abort() override;

    [[nodiscard]] bool isOpen() const override;
    [[nodiscard]] QByteArray subprotocol() const override { return m_subprotocol; }
    // QWebSocket shows no frames: the messages' own bytes stand for what was read.
    [[nodiscard]] quint64 takeWireBytes() noexcept override { return std::exchange(m_wireBytes, 0); }

private:
    void onConnected();
    void onDisconnected();
    void onMessage(QByteArrayView payload, bool text);
    void finish(CloseInfo info);
    void stopListening();

    TransportOptions m_options;
    QWebSocket m_socket;
    QByteArray m_subprotocol;
    quint64 m_wireBytes = 0;
    QString m_error;     // the socket's last error, in Qt's words
    bool m_open = false; // handshake done
    bool m_done = false; // closed, aborted or finished: nothing more is emitted
};

} // namespace feeddeck::ws
