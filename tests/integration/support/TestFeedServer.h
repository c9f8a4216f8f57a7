#pragma once

#include "core/workspace/FeedConfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>

namespace feeddeck::testing {

// One Coinbase feed "crypto" (named "Crypto") at `url` on `symbols`, reconnecting within 200 ms.
[[nodiscard]] workspace::Workspace coinbaseWorkspace(const QUrl &url, const QStringList &symbols);

// An in-process WebSocket server on 127.0.0.1 that speaks enough of the Coinbase
// protocol for client tests, and misbehaves on request: drops, close codes,
// server errors, oversize frames, floods. It records every frame it receives.
class TestFeedServer : public QObject
{
    Q_OBJECT

public:
    explicit TestFeedServer(QObject *parent = nullptr);
    // wss:// with this certificate and key.
    explicit TestFeedServer(const QSslConfiguration &tls, QObject *parent = nullptr);
    ~TestFeedServer() override;

    bool listen(quint16 port = 0);
    // Subprotocols Qt's server accepts (it chooses the first the client offers that it knows).
    void setSupportedSubprotocols(const QStringList &names) { m_server.setSupportedSubprotocols(names); }
    void stopListening();                     // new connections are refused (existing ones stay)
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl url() const;

    // Replies to subscribe/unsubscribe with a `subscriptions` ack (default true).
    bool autoAck = true;
    // Products the server refuses with {"type":"error", "reason":"X is not a valid product"}: the whole request fails.
    QStringList invalidProducts;
    // Custom handling of a client frame; return true when handled (no automatic ack).
    std::function<bool(QWebSocket *, const QJsonObject &)> onMessage;

    [[nodiscard]] int connectionCount() const { return m_connections; }
    [[nodiscard]] const QList<QJsonObject> &received() const { return m_received; }
    [[nodiscard]] QList<QJsonObject> receivedOfType(const QString &type) const;
    [[nodiscard]] QWebSocket *client() const;   // the newest open client, or nullptr
    [[nodiscard]] QList<QByteArray> lastRequestHeader(const QByteArray &name) const;

    void send(const QByteArray &text);       // to every open client
    void sendTicker(const QString &product, double price, int sequence = 1);
    void closeClients(QWebSocketProtocol::CloseCode code, const QString &reason = {});
    void abortClients();                     // TCP drop without a close frame

    // The product_ids of a subscribe/unsubscribe request, in order.
    [[nodiscard]] static QStringList productIds(const QJsonObject &message);
    [[nodiscard]] static QByteArray ticker(const QString &product, double price, int sequence = 1);

signals:
    void clientConnected();
    void frameReceived(const QJsonObject &message);

private:
    void onNewConnection();
    void onText(QWebSocket *socket, const QString &text);

    QWebSocketServer m_server;
    quint16 m_port = 0;
    int m_connections = 0;
    QList<QPointer<QWebSocket>> m_clients;
    QList<QJsonObject> m_received;
    QHash<QByteArray, QList<QByteArray>> m_lastHeaders;
    QHash<QWebSocket *, QStringList> m_subscribed;
};

} // namespace feeddeck::testing
