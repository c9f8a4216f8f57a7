#pragma once

#include "core/sim/SimOptions.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QWebSocketServer>

namespace feeddeck::sim {

class SimConnection;

// The built-in simulator: a plain ws:// server that speaks the feed protocols, so FeedDeck
// shows live data with no network. Paths: /market (Coinbase Exchange subset, see
// MarketSession.h) and /inventory (stock levels, see InventorySession.h); any other path is
// closed with 1008. Each connection has its own state and random walks.
//
// Lives on the thread that creates it; that thread's event loop drives it. One timer
// (~10 ms) paces every connection; each tick sends the updates that are due, several per
// tick at high rates.
class SimServer : public QObject
{
    Q_OBJECT

public:
    explicit SimServer(SimOptions options, QObject *parent = nullptr);
    ~SimServer() override;

    // Starts listening; on failure returns false and, when `error` is given, says why.
    bool listen(QString *error);
    // Stops listening and closes every connection.
    void close();

    [[nodiscard]] bool isListening() const;
    // The port listened on; 0 when not listening.
    [[nodiscard]] quint16 port() const;
    // "ws://127.0.0.1:PORT/market" for "/market"; without a path for an empty one. Empty when not listening.
    [[nodiscard]] QUrl url(const QString &path) const;
    [[nodiscard]] int connectionCount() const;
    [[nodiscard]] const SimOptions &options() const noexcept { return m_options; }
    // Bytes queued for all clients and not yet written: bounded by the backpressure limit per client.
    [[nodiscard]] qint64 pendingBytes() const;
    // Ticks skipped for clients that did not read fast enough (kept from closed connections too).
    [[nodiscard]] quint64 skippedTicks() const;

signals:
    void connectionCountChanged(int count);

private slots:
    void onNewConnection();
    void onTick();

private:
    void removeConnection(SimConnection *connection);

    SimOptions m_options;
    QWebSocketServer m_server;
    QTimer m_tickTimer;
    QElapsedTimer m_clock; // started once: sessions rely on a clock that only grows
    qint64 m_lastTickMs = 0;
    QList<SimConnection *> m_connections; // children
    quint64 m_connectionsAccepted = 0;    // numbers each connection's random stream
    quint64 m_skippedTicksClosed = 0;
};

} // namespace feeddeck::sim
