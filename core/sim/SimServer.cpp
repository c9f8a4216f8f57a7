#include "core/sim/SimServer.h"

#include "core/sim/InventorySession.h"
#include "core/sim/MarketSession.h"
#include "core/sim/SimConnection.h"
#include "core/sim/SimRandom.h"

#include <QSignalBlocker>
#include <QWebSocket>

#include <cmath>
#include <memory>
#include <utility>

namespace feeddeck::sim {

namespace {

// A stalled event loop does not turn into a burst: at most this much time is made up per tick.
constexpr double kMaxTickSeconds = 0.1;
// Client requests are small; anything larger is refused by the socket (close 1009).
constexpr quint64 kMaxClientMessageBytes = 64 * 1024;

std::unique_ptr<SimSession> makeSession(QString path, double rate, quint64 seed)
{
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    if (path == QStringLiteral("/market"))
        return std::make_unique<MarketSession>(rate, seed);
    if (path == QStringLiteral("/inventory"))
        return std::make_unique<InventorySession>(rate, seed);
    return nullptr;
}

} // namespace

SimServer::SimServer(SimOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_server(QStringLiteral("FeedDeck simulator"), QWebSocketServer::NonSecureMode, this)
    , m_tickTimer(this)
{
    m_tickTimer.setInterval(kTickIntervalMs);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, &SimServer::onTick);
    connect(&m_server, &QWebSocketServer::newConnection, this, &SimServer::onNewConnection);
    m_clock.start();
}

SimServer::~SimServer()
{
    // Nobody should hear from an object being destroyed.
    const QSignalBlocker blocker(this);
    close();
}

bool SimServer::listen(QString *error)
{
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return false;
    };
    const double rate = m_options.ratePerSymbolHz;
    if (!std::isfinite(rate) || rate < 0.0 || rate > kMaxRatePerSymbolHz)
        return fail(QStringLiteral("the rate must be between 0 and %1 updates per second").arg(kMaxRatePerSymbolHz));
    if (m_server.isListening())
        return fail(QStringLiteral("the simulator is already listening on port %1").arg(port()));
    if (!m_server.listen(m_options.host, m_options.port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(m_options.host.toString())
                        .arg(m_options.port)
                        .arg(m_server.errorString()));
    return true;
}

void SimServer::close()
{
    m_tickTimer.stop();
    m_server.close();
    const QList<SimConnection *> connections = std::exchange(m_connections, {});
    for (SimConnection *connection : connections) {
        m_skippedTicksClosed += connection->skippedTicks();
        // It is no longer counted; it goes once the client has answered the close frame.
        disconnect(connection, nullptr, this, nullptr);
        connect(connection, &SimConnection::closed, connection, &QObject::deleteLater);
        connection->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("simulator stopped"));
    }
    if (!connections.isEmpty())
        emit connectionCountChanged(0);
}

bool SimServer::isListening() const
{
    return m_server.isListening();
}

quint16 SimServer::port() const
{
    return m_server.isListening() ? m_server.serverPort() : 0;
}

QUrl SimServer::url(const QString &path) const
{
    if (!m_server.isListening())
        return {};
    QHostAddress host = m_options.host;
    // A wildcard address is listened on, not connected to: name the loopback address instead.
    if (host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv4))
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress(QHostAddress::AnyIPv6))
        host = QHostAddress(QHostAddress::LocalHostIPv6);

    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(host.toString());
    url.setPort(port());
    if (!path.isEmpty())
        url.setPath(path.startsWith(u'/') ? path : u'/' + path);
    return url;
}

int SimServer::connectionCount() const
{
    return int(m_connections.size());
}

qint64 SimServer::pendingBytes() const
{
    qint64 total = 0;
    for (const SimConnection *connection : m_connections)
        total += connection->pendingBytes();
    return total;
}

quint64 SimServer::skippedTicks() const
{
    quint64 total = m_skippedTicksClosed;
    for (const SimConnection *connection : m_connections)
        total += connection->skippedTicks();
    return total;
}

void SimServer::onNewConnection()
{
    while (m_server.hasPendingConnections()) {
        QWebSocket *socket = m_server.nextPendingConnection();
        if (!socket)
            break;
        const QString path = socket->requestUrl().path();
        const quint64 seed = deriveSeed(m_options.seed, m_connectionsAccepted++);
        std::unique_ptr<SimSession> session = makeSession(path, m_options.ratePerSymbolHz, seed);
        if (!session) {
            // The handshake is already done: refuse with a policy-violation close and the reason.
            socket->setParent(this);
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unknown path %1; use /market or /inventory").arg(path.left(64)));
            QTimer::singleShot(SimConnection::kCloseGraceMs, socket, &QWebSocket::abort);
            continue;
        }
        socket->setMaxAllowedIncomingMessageSize(kMaxClientMessageBytes);
        socket->setMaxAllowedIncomingFrameSize(kMaxClientMessageBytes);

        auto *connection = new SimConnection(socket, std::move(session), this);
        connect(connection, &SimConnection::closed, this, [this, connection] { removeConnection(connection); });
        m_connections.append(connection);
        if (!m_tickTimer.isActive()) {
            m_lastTickMs = m_clock.elapsed();
            m_tickTimer.start();
        }
        emit connectionCountChanged(connectionCount());
    }
}

void SimServer::onTick()
{
    const qint64 nowMs = m_clock.elapsed();
    const double elapsedSeconds = qBound(0.0, double(nowMs - m_lastTickMs) / 1000.0, kMaxTickSeconds);
    m_lastTickMs = nowMs;
    // A copy: a connection may close while it sends.
    const QList<SimConnection *> connections = m_connections;
    for (SimConnection *connection : connections)
        if (m_connections.contains(connection))
            connection->tick(nowMs, elapsedSeconds);
}

void SimServer::removeConnection(SimConnection *connection)
{
    if (!m_connections.removeOne(connection))
        return;
    m_skippedTicksClosed += connection->skippedTicks();
    connection->deleteLater();
    if (m_connections.isEmpty())
        m_tickTimer.stop();
    emit connectionCountChanged(connectionCount());
}

} // namespace feeddeck::sim
