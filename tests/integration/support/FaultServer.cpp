#include "FaultServer.h"

#include "RawStallServer.h"
#include "TestFeedServer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <algorithm>

namespace feeddeck::testing {

namespace {

constexpr qint64 kFloodBacklogBytes = 256 * 1024; // keep this much queued while flooding
constexpr qsizetype kHugeFrameBytes = 16 * 1024 * 1024;

QString compactText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A ticker that would be shown if the frame carrying it were accepted.
const QByteArray kRawTicker = R"({"type":"ticker","product_id":"BTC-USD","price":"1","time":"2026-11-22T22:22:17Z"})";

// A text frame masked as only a client may send it (RFC 6455 5.1 and 5.3).
QByteArray maskedTextFrame(const QByteArray &payload)
{
    Q_ASSERT(payload.size() < 126);
    const char mask[4] = {'\x12', '\x34', '\x56', '\x78'};
    QByteArray frame;
    frame.append(char(0x81));                // FIN + text
    frame.append(char(0x80 | payload.size())); // MASK + length
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    return frame;
}

// A close frame carrying `code` as it is, whether or not it may travel.
QByteArray closeFrameWithCode(int code)
{
    QByteArray frame;
    frame.append(char(0x88)); // FIN + close
    frame.append(char(2));
    frame.append(char((code >> 8) & 0xff));
    frame.append(char(code & 0xff));
    return frame;
}

} // namespace

struct FaultServer::Session
{
    int connection = 0;
    FaultPlan plan;
    QPointer<QWebSocket> socket;
    QPointer<QTcpSocket> tcp; // null for wss:// sessions
    QStringList subscribed;
    QTimer ticker;
    int sent = 0;         // tickers sent on this connection
    bool faulted = false; // the plan's fault has happened
    int floodLeft = 0;
};

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_tcp, &QTcpServer::newConnection, this, &FaultServer::onNewTcpConnection);
}

FaultServer::~FaultServer()
{
    close();
}

void FaultServer::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

bool FaultServer::listen(quint16 port)
{
    m_ws = std::make_unique<QWebSocketServer>(QStringLiteral("FeedDeck fault server"),
                                              m_tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode);
    connect(m_ws.get(), &QWebSocketServer::newConnection, this, &FaultServer::onNewWebSocket);
    if (m_tls) {
        // TLS happens inside QWebSocketServer; the faults below the WebSocket layer need plain TCP.
        m_ws->setSslConfiguration(*m_tls);
        if (!m_ws->listen(QHostAddress::LocalHost, port))
            return false;
        m_port = m_ws->serverPort();
        return true;
    }
    if (!m_tcp.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_tcp.serverPort();
    return true;
}

void FaultServer::close()
{
    m_tcp.close();
    if (m_ws)
        m_ws->close();
    for (const std::unique_ptr<Session> &session : m_sessions) {
        session->ticker.stop();
        if (session->socket)
            session->socket->abort();
    }
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_pending))
        if (socket)
            socket->abort();
    m_pending.clear();
}

QUrl FaultServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/feed").arg(m_tls ? QStringLiteral("wss") : QStringLiteral("ws")).arg(m_port));
}

FaultPlan FaultServer::planOf(int connection) const
{
    if (planFor)
        return planFor(connection);
    return connection < plans.size() ? plans.at(connection) : FaultPlan{};
}

void FaultServer::onNewTcpConnection()
{
    m_pending.removeAll(QPointer<QTcpSocket>());
    while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
        const int connection = m_connections++;
        const FaultPlan plan = planOf(connection);
        emit clientConnected(connection);
        if (plan.fault == FaultPlan::Fault::NeverHandshake) {
            socket->setParent(this);
            m_pending.append(socket); // read nothing, answer nothing
            emit faultInjected(connection, plan.fault);
            continue;
        }
        if (plan.fault == FaultPlan::Fault::Refuse) {
            socket->setParent(this);
            m_pending.append(socket);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, connection] {
                if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                    return;
                socket->readAll();
                socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                emit faultInjected(connection, FaultPlan::Fault::Refuse);
            });
            continue;
        }
        if (plan.fault == FaultPlan::Fault::WrongAccept) {
            socket->setParent(this);
            m_pending.append(socket);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, connection] {
                if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                    return;
                // The answer RFC 6455 gives for its sample key: well formed, but for another key.
                const QByteArray otherAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
                socket->readAll();
                socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: " + otherAccept + "\r\n\r\n");
                emit faultInjected(connection, FaultPlan::Fault::WrongAccept);
            });
            continue;
        }
        if (plan.fault == FaultPlan::Fault::UnofferedSubprotocol) {
            socket->setParent(this);
            m_pending.append(socket);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, connection] {
                if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                    return;
                QByteArray key;
                for (const QByteArray &line : socket->readAll().split('\n'))
                    if (line.toLower().startsWith("sec-websocket-key:"))
                        key = line.mid(line.indexOf(':') + 1).trimmed();
                // A correct upgrade in every other respect (RFC 6455 4.2.2).
                const QByteArray accept = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                                   QCryptographicHash::Sha1)
                                              .toBase64();
                socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: chat.v9\r\n\r\n");
                emit faultInjected(connection, FaultPlan::Fault::UnofferedSubprotocol);
            });
            continue;
        }
        m_connectionOfPort.insert(socket->peerPort(), connection);
        m_pending.append(socket);
        m_ws->handleConnection(socket); // the WebSocket server owns it from here
    }
}

void FaultServer::onNewWebSocket()
{
    while (QWebSocket *socket = m_ws->nextPendingConnection()) {
        socket->setParent(this);
        auto session = std::make_unique<Session>();
        if (m_tls) {
            session->connection = m_connections++;
            emit clientConnected(session->connection);
        } else {
            session->connection = m_connectionOfPort.take(socket->peerPort());
            // The upgraded TCP socket, for raw frames and freezing.
            for (const QPointer<QTcpSocket> &tcp : std::as_const(m_pending))
                if (tcp && tcp->peerPort() == socket->peerPort())
                    session->tcp = tcp;
        }
        ++m_handshakes;
        session->plan = planOf(session->connection);
        session->socket = socket;
        Session *s = session.get();
        session->ticker.setInterval(tickIntervalMs);
        connect(&session->ticker, &QTimer::timeout, this, [this, s] { tick(s); });
        connect(socket, &QWebSocket::textMessageReceived, this, [this, s](const QString &text) { onText(s, text); });
        connect(socket, &QWebSocket::bytesWritten, this, [this, s] {
            if (s->floodLeft > 0)
                flood(s);
        });
        // A finished session is let go, so a long soak does not pile them up.
        connect(socket, &QWebSocket::disconnected, this, [this, s, socket] {
            m_clientCloseCodes.insert(s->connection, int(socket->closeCode()));
            s->ticker.stop();
            QTimer::singleShot(0, this, [this, s] { removeSession(s); });
        });
        m_sessions.push_back(std::move(session));
    }
}

void FaultServer::onText(Session *session, const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type != QLatin1String("subscribe") && type != QLatin1String("unsubscribe"))
        return;
    const QStringList products = TestFeedServer::productIds(message);
    if (type == QLatin1String("subscribe"))
        m_subscribeRequests.append(products);
    for (const QString &product : products) {
        if (invalidProducts.contains(product)) {
            session->socket->sendTextMessage(
                compactText({{QStringLiteral("type"), QStringLiteral("error")},
                         {QStringLiteral("message"), QStringLiteral("Failed to subscribe")},
                         {QStringLiteral("reason"), QStringLiteral("%1 is not a valid product").arg(product)}}));
            return;
        }
    }
    for (const QString &product : products) {
        if (type == QLatin1String("subscribe") && !session->subscribed.contains(product))
            session->subscribed.append(product);
        if (type == QLatin1String("unsubscribe"))
            session->subscribed.removeAll(product);
    }
    const QJsonObject channel{{QStringLiteral("name"), QStringLiteral("ticker")},
                              {QStringLiteral("product_ids"), QJsonArray::fromStringList(session->subscribed)}};
    session->socket->sendTextMessage(compactText(
        {{QStringLiteral("type"), QStringLiteral("subscriptions")}, {QStringLiteral("channels"), QJsonArray{channel}}}));
    if (!session->faulted && session->plan.fault != FaultPlan::Fault::None && session->plan.afterMessages == 0)
        injectFault(session);
    else if (!session->faulted || session->plan.fault != FaultPlan::Fault::Stall)
        session->ticker.start();
}

void FaultServer::tick(Session *session)
{
    if (!session->socket || session->socket->state() != QAbstractSocket::ConnectedState) {
        session->ticker.stop();
        return;
    }
    for (const QString &product : std::as_const(session->subscribed)) {
        ++session->sent;
        ++m_tickersSent;
        session->socket->sendTextMessage(
            QString::fromUtf8(TestFeedServer::ticker(product, 100.0 + session->sent, session->sent)));
        if (!session->faulted && session->plan.fault != FaultPlan::Fault::None
            && session->sent >= session->plan.afterMessages) {
            injectFault(session);
            return;
        }
    }
}

void FaultServer::injectFault(Session *session)
{
    using Fault = FaultPlan::Fault;
    session->faulted = true;
    const FaultPlan &plan = session->plan;
    QWebSocket *socket = session->socket;
    emit faultInjected(session->connection, plan.fault);
    switch (plan.fault) {
    case Fault::None:
    case Fault::Refuse:
    case Fault::NeverHandshake:
    case Fault::WrongAccept: // answered in onNewTcpConnection, before any session
    case Fault::UnofferedSubprotocol:
        break;
    case Fault::Drop:
        session->ticker.stop();
        socket->abort();
        break;
    case Fault::Close:
        session->ticker.stop();
        socket->close(QWebSocketProtocol::CloseCode(plan.closeCode), QStringLiteral("fault injected"));
        break;
    case Fault::Stall:
        session->ticker.stop(); // pings are still answered by QWebSocket
        break;
    case Fault::Freeze:
        session->ticker.stop();
        if (session->tcp)
            session->tcp->blockSignals(true); // nothing read, so no ping is answered either
        break;
    case Fault::MalformedJson:
        for (int i = 0; i < plan.count; ++i)
            socket->sendTextMessage(QStringLiteral(R"({"type":"ticker","product_id":"BTC-USD","price":"1)"));
        resumeData(session);
        break;
    case Fault::WrongTypes: {
        const QStringList prices{QStringLiteral(R"({"x":1})"), QStringLiteral("null"), QStringLiteral(R"("ten")")};
        for (int i = 0; i < plan.count; ++i)
            socket->sendTextMessage(
                QStringLiteral(R"({"type":"ticker","product_id":"BTC-USD","price":%1,"time":"2026-11-22T22:22:17Z"})")
                    .arg(prices.at(i % prices.size())));
        resumeData(session);
        break;
    }
    case Fault::InvalidUtf8:
        session->ticker.stop();
        writeRaw(session, RawStallServer::textFrame(QByteArray(R"({"type":"ticker","product_id":"BTC-)") + "\xff\xfe"
                                                   + QByteArray(R"(USD","price":"1"})")));
        break;
    case Fault::MaskedFrame:
        session->ticker.stop();
        writeRaw(session, maskedTextFrame(kRawTicker));
        break;
    case Fault::ReservedBits: {
        session->ticker.stop();
        QByteArray frame = RawStallServer::textFrame(kRawTicker);
        frame[0] = char(frame.at(0) | (plan.reservedBits & 0x70)); // RSV1 alone: compression nobody agreed to
        writeRaw(session, frame);
        break;
    }
    case Fault::UnknownOpcode: {
        session->ticker.stop();
        QByteArray frame = RawStallServer::textFrame(kRawTicker);
        frame[0] = char(0x83); // FIN + the unassigned data opcode 0x3
        writeRaw(session, frame);
        break;
    }
    case Fault::BadCloseCode:
        session->ticker.stop();
        writeRaw(session, closeFrameWithCode(plan.closeCode));
        break;
    case Fault::Binary:
        for (int i = 0; i < plan.count; ++i)
            socket->sendBinaryMessage(QByteArray("\x00\x01\x02\xff junk", 9));
        resumeData(session);
        break;
    case Fault::Huge:
        session->ticker.stop();
        socket->sendTextMessage(QString(kHugeFrameBytes, QLatin1Char('x')));
        break;
    case Fault::Flood:
        session->ticker.stop();
        session->floodLeft = plan.count;
        flood(session);
        break;
    }
}

void FaultServer::removeSession(Session *session)
{
    const auto it = std::find_if(m_sessions.begin(), m_sessions.end(),
                                 [session](const std::unique_ptr<Session> &s) { return s.get() == session; });
    if (it == m_sessions.end())
        return;
    if (session->socket)
        session->socket->deleteLater();
    m_sessions.erase(it);
}

void FaultServer::resumeData(Session *session)
{
    if (replanAfterJunk && planFor) {
        session->plan = planFor(session->connection);
        // Refusing or ignoring the upgrade only means something before it.
        if (session->plan.fault == FaultPlan::Fault::Refuse || session->plan.fault == FaultPlan::Fault::NeverHandshake)
            session->plan.fault = FaultPlan::Fault::None;
        session->plan.afterMessages += session->sent;
        session->faulted = false;
    }
    if (!session->ticker.isActive())
        session->ticker.start();
}

void FaultServer::flood(Session *session)
{
    QWebSocket *socket = session->socket;
    if (!socket)
        return;
    while (session->floodLeft > 0 && socket->bytesToWrite() < kFloodBacklogBytes) {
        --session->floodLeft;
        ++session->sent;
        ++m_tickersSent;
        const QString product = session->subscribed.value(session->sent % std::max<qsizetype>(1, session->subscribed.size()));
        socket->sendTextMessage(QString::fromUtf8(TestFeedServer::ticker(product, 100.0 + session->sent, session->sent)));
    }
    if (session->floodLeft == 0)
        resumeData(session);
}

void FaultServer::writeRaw(Session *session, const QByteArray &frame)
{
    if (session->tcp)
        session->tcp->write(frame);
}

} // namespace feeddeck::testing
