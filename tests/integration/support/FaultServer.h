#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QStringList>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace feeddeck::testing {

// What one connection to a FaultServer does wrong.
struct FaultPlan
{
    enum class Fault {
        None,           // a well-behaved feed
        Drop,           // TCP connection dropped without a close frame
        Close,          // closed with `closeCode`
        Refuse,         // the upgrade is answered with HTTP 503
        NeverHandshake, // TCP accepted, the upgrade request never answered
        Stall,          // goes silent but still answers pings
        Freeze,         // goes silent and stops reading: pings go unanswered
        MalformedJson,  // `count` frames of broken JSON, then data again
        WrongTypes,     // `count` tickers whose prices are objects, null or words, then data again
        InvalidUtf8,    // a text frame that is not UTF-8
        MaskedFrame,    // a ticker in a masked frame (only clients mask, RFC 6455 5.1)
        ReservedBits,   // a ticker in a frame with `reservedBits` set, though no extension was agreed
        UnknownOpcode,  // a frame with the unassigned data opcode 0x3
        BadCloseCode,   // a close frame carrying `closeCode`, one that must never be sent (1005, 1006, 999, 5000)
        WrongAccept,    // the upgrade is answered 101 with a Sec-WebSocket-Accept for another key
        UnofferedSubprotocol, // the upgrade is answered 101, choosing the subprotocol "chat.v9" nobody offered
        Binary,         // `count` binary frames holding tickers, then data again
        Huge,           // one 16 MiB text frame
        Flood,          // `count` tickers as fast as the client reads them, then data again
    };

    Fault fault = Fault::None;
    int afterMessages = 0; // tickers sent on this connection before the fault
    int closeCode = 1000;  // for Close and BadCloseCode
    int count = 3;         // for the faults that send a number of frames
    int reservedBits = 0x40; // for ReservedBits: RSV1 0x40, RSV2 0x20, RSV3 0x10 of the first byte
};

// An in-process Coinbase-protocol server on 127.0.0.1 for fault-injection tests. Every
// connection gets its own FaultPlan (by connection number; later ones are well-behaved).
// A session acks subscriptions with the whole set, then sends a ticker for each subscribed
// product every `tickIntervalMs`, numbering them per product; after `afterMessages` tickers
// the plan's fault happens. TCP is accepted here and handed to QWebSocketServer, so faults
// below the WebSocket layer (503, a wrong accept key, no handshake, freeze, raw frames that
// break RFC 6455) are possible too.
class FaultServer : public QObject
{
    Q_OBJECT

public:
    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;

    // wss:// when given a configuration with a certificate and key.
    void setTls(const QSslConfiguration &configuration);

    bool listen(quint16 port = 0);
    void close(); // stops listening and drops every connection (a server restart)
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl url() const;

    QList<FaultPlan> plans;                          // plans[i] for connection i (0-based)
    std::function<FaultPlan(int connection)> planFor; // overrides `plans` when set
    int tickIntervalMs = 20;
    // After a fault that keeps the connection (junk, flood), draw the session's next plan from
    // planFor, so one connection can misbehave again and again (the soak test).
    bool replanAfterJunk = false;
    QStringList invalidProducts; // refused with Coinbase's "not a valid product" error

    [[nodiscard]] int connectionCount() const { return m_connections; } // TCP connections accepted
    [[nodiscard]] int handshakeCount() const { return m_handshakes; }   // WebSocket sessions opened
    [[nodiscard]] int tickersSent() const { return m_tickersSent; }
    // The product_ids of each subscribe request, in arrival order over all connections.
    [[nodiscard]] const QList<QStringList> &subscribeRequests() const { return m_subscribeRequests; }
    // The close code the client sent on each WebSocket session that has ended, by connection number.
    [[nodiscard]] const QHash<int, int> &clientCloseCodes() const { return m_clientCloseCodes; }

signals:
    void clientConnected(int connection);
    void faultInjected(int connection, feeddeck::testing::FaultPlan::Fault fault);

private:
    struct Session;

    void onNewTcpConnection();
    void onNewWebSocket();
    void onText(Session *session, const QString &text);
    void tick(Session *session);
    void injectFault(Session *session);
    void removeSession(Session *session);
    void resumeData(Session *session);
    void flood(Session *session);
    void writeRaw(Session *session, const QByteArray &frame);
    [[nodiscard]] FaultPlan planOf(int connection) const;

    QTcpServer m_tcp;                       // plain ws://: TCP is accepted here first
    std::unique_ptr<QWebSocketServer> m_ws; // made by listen(), secure or not
    std::optional<QSslConfiguration> m_tls;
    quint16 m_port = 0;
    int m_connections = 0;
    int m_handshakes = 0;
    int m_tickersSent = 0;
    QList<QStringList> m_subscribeRequests;
    QHash<int, int> m_clientCloseCodes;
    QHash<quint16, int> m_connectionOfPort; // client port -> connection number
    std::vector<std::unique_ptr<Session>> m_sessions;
    QList<QPointer<QTcpSocket>> m_pending; // accepted, not (yet) handed to the WebSocket server
};

} // namespace feeddeck::testing
