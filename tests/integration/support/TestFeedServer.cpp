#include "TestFeedServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>

namespace feeddeck::testing {

workspace::Workspace coinbaseWorkspace(const QUrl &url, const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = symbols;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

TestFeedServer::TestFeedServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("FeedDeck test server"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &TestFeedServer::onNewConnection);
}

TestFeedServer::TestFeedServer(const QSslConfiguration &tls, QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("FeedDeck test server"), QWebSocketServer::SecureMode)
{
    m_server.setSslConfiguration(tls);
    connect(&m_server, &QWebSocketServer::newConnection, this, &TestFeedServer::onNewConnection);
}

TestFeedServer::~TestFeedServer()
{
    abortClients();
    m_server.close();
}

bool TestFeedServer::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void TestFeedServer::stopListening()
{
    m_server.close();
}

QUrl TestFeedServer::url() const
{
    const bool secure = m_server.secureMode() == QWebSocketServer::SecureMode;
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/feed").arg(secure ? "wss" : "ws").arg(m_port));
}

QWebSocket *TestFeedServer::client() const
{
    for (auto it = m_clients.crbegin(); it != m_clients.crend(); ++it)
        if (*it && (*it)->state() == QAbstractSocket::ConnectedState)
            return *it;
    return nullptr;
}

QList<QJsonObject> TestFeedServer::receivedOfType(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &o : m_received)
        if (o.value(QStringLiteral("type")).toString() == type)
            out.append(o);
    return out;
}

QList<QByteArray> TestFeedServer::lastRequestHeader(const QByteArray &name) const
{
    return m_lastHeaders.value(name.toLower());
}

void TestFeedServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_connections;
        m_clients.append(socket);
        m_lastHeaders.clear();
        const QNetworkRequest request = socket->request();
        for (const QByteArray &name : request.rawHeaderList())
            m_lastHeaders[name.toLower()].append(request.rawHeader(name));
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) { onText(socket, t); });
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        emit clientConnected();
    }
}

void TestFeedServer::onText(QWebSocket *socket, const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    m_received.append(message);
    emit frameReceived(message);
    if (onMessage && onMessage(socket, message))
        return;

    const QString type = message.value(QStringLiteral("type")).toString();
    if (type != QLatin1String("subscribe") && type != QLatin1String("unsubscribe"))
        return;
    const QStringList products = productIds(message);
    for (const QString &p : std::as_const(products)) {
        if (invalidProducts.contains(p)) {
            const QJsonObject error{{QStringLiteral("type"), QStringLiteral("error")},
                                    {QStringLiteral("message"), QStringLiteral("Failed to subscribe")},
                                    {QStringLiteral("reason"), QStringLiteral("%1 is not a valid product").arg(p)}};
            socket->sendTextMessage(QString::fromUtf8(QJsonDocument(error).toJson(QJsonDocument::Compact)));
            return;
        }
    }
    QStringList &set = m_subscribed[socket];
    for (const QString &p : std::as_const(products)) {
        if (type == QLatin1String("subscribe") && !set.contains(p))
            set.append(p);
        if (type == QLatin1String("unsubscribe"))
            set.removeAll(p);
    }
    if (!autoAck)
        return;
    const QJsonObject ack{{QStringLiteral("type"), QStringLiteral("subscriptions")},
                          {QStringLiteral("channels"),
                           QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("ticker")},
                                                  {QStringLiteral("product_ids"), QJsonArray::fromStringList(set)}}}}};
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(ack).toJson(QJsonDocument::Compact)));
}

QStringList TestFeedServer::productIds(const QJsonObject &message)
{
    QStringList ids;
    for (const QJsonValue &v : message.value(QStringLiteral("product_ids")).toArray())
        ids.append(v.toString());
    return ids;
}

QByteArray TestFeedServer::ticker(const QString &product, double price, int sequence)
{
    return QStringLiteral(R"({"type":"ticker","sequence":%1,"product_id":"%2","price":"%3","best_bid":"%4","best_ask":"%5",)"
                          R"("open_24h":"100","time":"2026-11-22T22:22:17.818123Z","last_size":"0.5"})")
        .arg(sequence)
        .arg(product)
        .arg(price, 0, 'g', 17)
        .arg(price - 0.5, 0, 'g', 17)
        .arg(price + 0.5, 0, 'g', 17)
        .toUtf8();
}

void TestFeedServer::send(const QByteArray &text)
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c && c->state() == QAbstractSocket::ConnectedState)
            c->sendTextMessage(QString::fromUtf8(text));
}

void TestFeedServer::sendTicker(const QString &product, double price, int sequence)
{
    send(ticker(product, price, sequence));
}

void TestFeedServer::closeClients(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c && c->state() == QAbstractSocket::ConnectedState)
            c->close(code, reason);
}

void TestFeedServer::abortClients()
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c)
            c->abort();
}

} // namespace feeddeck::testing
