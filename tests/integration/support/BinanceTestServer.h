#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

namespace feeddeck::testing {

// An in-process WebSocket server on 127.0.0.1 that behaves like the Binance spot stream
// endpoint for client tests: it answers SUBSCRIBE/UNSUBSCRIBE by id, refuses a whole request
// that names an invalid symbol, sends 24hrTicker/bookTicker/trade payloads (raw or wrapped
// as on /stream?streams=...) only to clients subscribed to their stream, pings, and closes
// with 1001 like Binance's daily disconnect. It records every request it receives.
class BinanceTestServer : public QObject
{
    Q_OBJECT

public:
    explicit BinanceTestServer(QObject *parent = nullptr);
    ~BinanceTestServer() override;

    bool listen(quint16 port = 0);
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl url() const; // ws://127.0.0.1:PORT/ws

    // Symbols (upper case) that do not exist: a request naming one of them is refused whole.
    QStringList invalidSymbols;
    // Refusals as {"code":-1121,"msg":...,"id":N} instead of {"error":{"code":2,"msg":...},"id":N}.
    bool flatErrors = false;
    // Payloads wrapped as {"stream":"btcusdt@ticker","data":{...}}.
    bool combined = false;
    // Replies are held back until releaseReplies().
    bool holdReplies = false;

    [[nodiscard]] int connectionCount() const { return m_connections; }
    [[nodiscard]] QWebSocket *client() const; // the newest open client, or nullptr
    [[nodiscard]] const QList<QJsonObject> &received() const { return m_received; }
    [[nodiscard]] QList<QJsonObject> requests(const QString &method) const;
    [[nodiscard]] QStringList subscribedStreams() const; // of the newest open client, in order
    [[nodiscard]] static QStringList params(const QJsonObject &request);

    void releaseReplies();

    // Each returns how many clients the payload went to (those subscribed to its stream).
    int sendTicker(const QString &symbol, double price, qint64 eventMs);
    int sendBookTicker(const QString &symbol, double bid, double ask);
    int sendTrade(const QString &symbol, double price, double quantity, qint64 tradeMs);

    void pingClients(const QByteArray &payload);
    void closeClients(QWebSocketProtocol::CloseCode code, const QString &reason = {});
    void abortClients(); // TCP drop without a close frame

signals:
    void clientConnected();
    void requestReceived(const QJsonObject &request);
    void pongReceived(const QByteArray &payload);

private:
    void onNewConnection();
    void onText(QWebSocket *socket, const QString &text);
    void reply(QWebSocket *socket, const QByteArray &text);
    int publish(const QString &stream, const QByteArray &payload);

    QWebSocketServer m_server;
    quint16 m_port = 0;
    int m_connections = 0;
    QList<QPointer<QWebSocket>> m_clients;
    QList<QJsonObject> m_received;
    QHash<QWebSocket *, QStringList> m_subscribed;
    QList<QPair<QPointer<QWebSocket>, QByteArray>> m_heldReplies;
};

} // namespace feeddeck::testing
