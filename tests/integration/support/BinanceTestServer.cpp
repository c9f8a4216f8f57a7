#include "BinanceTestServer.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <utility>

namespace feeddeck::testing {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// "btcusdt@ticker" -> "btcusdt"; Binance wants the symbol part in lower case.
QString symbolOf(const QString &stream)
{
    return stream.section(QLatin1Char('@'), 0, 0);
}

} // namespace

BinanceTestServer::BinanceTestServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("FeedDeck Binance test server"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &BinanceTestServer::onNewConnection);
}

BinanceTestServer::~BinanceTestServer()
{
    abortClients();
    m_server.close();
}

bool BinanceTestServer::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

QUrl BinanceTestServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port));
}

QWebSocket *BinanceTestServer::client() const
{
    for (auto it = m_clients.crbegin(); it != m_clients.crend(); ++it)
        if (*it && (*it)->state() == QAbstractSocket::ConnectedState)
            return *it;
    return nullptr;
}

QList<QJsonObject> BinanceTestServer::requests(const QString &method) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &o : m_received)
        if (o.value(QStringLiteral("method")).toString() == method)
            out.append(o);
    return out;
}

QStringList BinanceTestServer::subscribedStreams() const
{
    QWebSocket *socket = client();
    return socket ? m_subscribed.value(socket) : QStringList();
}

QStringList BinanceTestServer::params(const QJsonObject &request)
{
    QStringList out;
    for (const QJsonValue &v : request.value(QStringLiteral("params")).toArray())
        out.append(v.toString());
    return out;
}

void BinanceTestServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_connections;
        m_clients.append(socket);
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) { onText(socket, t); });
        connect(socket, &QWebSocket::pong, this,
                [this](quint64, const QByteArray &payload) { emit pongReceived(payload); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_subscribed.remove(socket);
            socket->deleteLater();
        });
        emit clientConnected();
    }
}

void BinanceTestServer::onText(QWebSocket *socket, const QString &text)
{
    const QJsonObject request = QJsonDocument::fromJson(text.toUtf8()).object();
    m_received.append(request);
    emit requestReceived(request);

    const QJsonValue id = request.value(QStringLiteral("id"));
    const QString method = request.value(QStringLiteral("method")).toString();
    const QStringList streams = params(request);
    const auto refuse = [&](int code, const QString &msg) {
        QJsonObject error = flatErrors ? QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("msg"), msg}}
                                       : QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                                                            {QStringLiteral("msg"), msg}}}};
        error.insert(QStringLiteral("id"), id);
        reply(socket, compactJson(error));
    };
    if (method != QLatin1String("SUBSCRIBE") && method != QLatin1String("UNSUBSCRIBE")) {
        refuse(2, QStringLiteral("Invalid request: unknown variant %1").arg(method));
        return;
    }
    // Like Binance: one bad stream name and the whole request is refused.
    for (const QString &stream : streams) {
        const QString symbol = symbolOf(stream);
        if (symbol != symbol.toLower() || !stream.contains(QLatin1Char('@'))) {
            refuse(2, QStringLiteral("Invalid request: invalid stream name %1").arg(stream));
            return;
        }
        if (method == QLatin1String("SUBSCRIBE") && invalidSymbols.contains(symbol.toUpper())) {
            refuse(flatErrors ? -1121 : 2, flatErrors ? QStringLiteral("Invalid symbol.")
                                                      : QStringLiteral("Invalid request: unknown symbol %1").arg(stream));
            return;
        }
    }
    QStringList &set = m_subscribed[socket];
    for (const QString &stream : streams) {
        if (method == QLatin1String("SUBSCRIBE") && !set.contains(stream))
            set.append(stream);
        if (method == QLatin1String("UNSUBSCRIBE"))
            set.removeAll(stream);
    }
    reply(socket, compactJson(QJsonObject{{QStringLiteral("result"), QJsonValue::Null}, {QStringLiteral("id"), id}}));
}

void BinanceTestServer::reply(QWebSocket *socket, const QByteArray &text)
{
    if (holdReplies) {
        m_heldReplies.append({socket, text});
        return;
    }
    socket->sendTextMessage(QString::fromUtf8(text));
}

void BinanceTestServer::releaseReplies()
{
    holdReplies = false;
    const auto held = std::exchange(m_heldReplies, {});
    for (const auto &[socket, text] : held)
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->sendTextMessage(QString::fromUtf8(text));
}

int BinanceTestServer::publish(const QString &stream, const QByteArray &payload)
{
    const QByteArray text = combined ? QByteArray(R"({"stream":")") + stream.toUtf8() + R"(","data":)" + payload + '}'
                                     : payload;
    int sent = 0;
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients)) {
        if (!c || c->state() != QAbstractSocket::ConnectedState || !m_subscribed.value(c).contains(stream))
            continue;
        c->sendTextMessage(QString::fromUtf8(text));
        ++sent;
    }
    return sent;
}

int BinanceTestServer::sendTicker(const QString &symbol, double price, qint64 eventMs)
{
    const QString payload =
        QStringLiteral(R"({"e":"24hrTicker","E":%1,"s":"%2","p":"1.5","P":"2.5","w":"%3","x":"%3","c":"%3","Q":"0.25",)"
                       R"("b":"%4","B":"2","a":"%5","A":"3","o":"%6","h":"%7","l":"%6","v":"1000","q":"5000",)"
                       R"("O":0,"C":86400000,"F":0,"L":18150,"n":18151})")
            .arg(eventMs)
            .arg(symbol.toUpper(), number(price), number(price - 0.5), number(price + 0.5), number(price - 10),
                 number(price + 10));
    return publish(symbol.toLower() + QStringLiteral("@ticker"), payload.toUtf8());
}

int BinanceTestServer::sendBookTicker(const QString &symbol, double bid, double ask)
{
    const QString payload = QStringLiteral(R"({"u":400900217,"s":"%1","b":"%2","B":"31.21","a":"%3","A":"40.66"})")
                                .arg(symbol.toUpper(), number(bid), number(ask));
    return publish(symbol.toLower() + QStringLiteral("@bookTicker"), payload.toUtf8());
}

int BinanceTestServer::sendTrade(const QString &symbol, double price, double quantity, qint64 tradeMs)
{
    const QString payload =
        QStringLiteral(R"({"e":"trade","E":%1,"s":"%2","t":12345,"p":"%3","q":"%4","T":%1,"m":true,"M":true})")
            .arg(tradeMs)
            .arg(symbol.toUpper(), number(price), number(quantity));
    return publish(symbol.toLower() + QStringLiteral("@trade"), payload.toUtf8());
}

void BinanceTestServer::pingClients(const QByteArray &payload)
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c && c->state() == QAbstractSocket::ConnectedState)
            c->ping(payload);
}

void BinanceTestServer::closeClients(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c && c->state() == QAbstractSocket::ConnectedState)
            c->close(code, reason);
}

void BinanceTestServer::abortClients()
{
    for (const QPointer<QWebSocket> &c : std::as_const(m_clients))
        if (c)
            c->abort();
}

} // namespace feeddeck::testing
