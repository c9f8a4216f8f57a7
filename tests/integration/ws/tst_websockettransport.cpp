// WebSocketTransport on real sockets: against QWebSocketServer (a correct peer) for
// messages, fragmentation, pings and closes, and against a raw TCP server that breaks
// the protocol on purpose, for every way the transport must refuse and close.
#include "core/ws/WebSocketTransport.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>
#include <memory>

using namespace feeddeck::ws;

namespace {

constexpr int kWait = 5000;

// Collects what one transport reports.
struct Client
{
    explicit Client(TransportOptions options = {})
        : transport(std::move(options))
    {
        transport.setMessageHandler([this](QByteArrayView payload, bool text, qint64) {
            messages.append(payload.toByteArray());
            texts.append(text);
        });
        QObject::connect(&transport, &WebSocketTransport::opened, &transport, [this] { opened = true; });
        QObject::connect(&transport, &WebSocketTransport::pongReceived, &transport, [this] { ++pongs; });
        QObject::connect(&transport, &WebSocketTransport::closed, &transport, [this](const CloseInfo &info) {
            closes.append(info);
        });
    }

    WebSocketTransport transport;
    bool opened = false;
    int pongs = 0;
    QList<QByteArray> messages;
    QList<bool> texts;
    QList<CloseInfo> closes;
};

// A QWebSocketServer that keeps its connections for the test to drive.
struct GoodServer
{
    GoodServer()
        : server(QStringLiteral("good"), QWebSocketServer::NonSecureMode)
    {
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [this] {
            while (QWebSocket *s = server.nextPendingConnection()) {
                s->setParent(&server);
                QObject::connect(s, &QWebSocket::textMessageReceived, s,
                                 [this](const QString &m) { received.append(m); });
                QObject::connect(s, &QWebSocket::pong, s, [this] { ++pongs; });
                QObject::connect(s, &QWebSocket::disconnected, s, [this, s] {
                    closeCodes.append(int(s->closeCode()));
                    closeReasons.append(s->closeReason());
                });
                sockets.append(s);
            }
        });
    }

    // The sockets close as the server is destroyed, after the lists their slots write to.
    ~GoodServer()
    {
        for (QWebSocket *s : std::as_const(sockets))
            s->disconnect();
    }

    bool listen() { return server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/feed").arg(server.serverPort())); }

    QWebSocketServer server;
    QList<QWebSocket *> sockets;
    QStringList received;
    int pongs = 0;
    QList<int> closeCodes;
    QStringList closeReasons;
};

// A TCP server that answers the handshake however the test says, then writes raw bytes.
struct RawServer
{
    using Answer = std::function<QByteArray(const QByteArray &request)>;

    RawServer()
    {
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                s->setParent(&server);
                socket = s;
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray bytes = s->readAll();
                    if (request.isEmpty() || !request.contains("\r\n\r\n")) {
                        request += bytes;
                        if (request.contains("\r\n\r\n"))
                            s->write(answer(request));
                    } else {
                        afterHandshake += bytes;
                    }
                });
            }
        });
    }

    bool listen() { return server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/raw?x=1").arg(server.serverPort())); }

    // The close code in the first client frame after the handshake (unmasked), or -1.
    [[nodiscard]] int clientCloseCode() const
    {
        if (afterHandshake.size() < 8 || (uchar(afterHandshake[0]) & 0x0F) != 0x8)
            return -1;
        const auto *key = reinterpret_cast<const uchar *>(afterHandshake.constData()) + 2;
        const int hi = uchar(afterHandshake[6]) ^ key[0];
        const int lo = uchar(afterHandshake[7]) ^ key[1];
        return hi << 8 | lo;
    }

    QTcpServer server;
    QTcpSocket *socket = nullptr;
    Answer answer;
    QByteArray request;
    QByteArray afterHandshake;
};

QByteArray acceptingReply(const QByteArray &request)
{
    QByteArray key;
    for (const QByteArray &line : request.split('\n'))
        if (line.toLower().startsWith("sec-websocket-key:"))
            key = line.mid(line.indexOf(':') + 1).trimmed();
    const QByteArray accept =
        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1).toBase64();
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + accept + "\r\n\r\n";
}

QByteArray textFrame(const QByteArray &payload, quint8 firstByte = 0x81)
{
    Q_ASSERT(payload.size() < 126);
    return QByteArray(1, char(firstByte)) + char(payload.size()) + payload;
}

} // namespace

class TstWebSocketTransport : public QObject
{
    Q_OBJECT

private slots:
    void messagesArriveWholeIncludingFragmentedAndLarge();
    void sentTextReachesTheServer();
    void pingsAreAnsweredBothWays();
    void serverCloseIsReportedWithItsCodeAndReason();
    void closeSendsTheCodeAndReasonToTheServer();
    void droppedConnectionIsReportedAs1006();
    void refusedConnectionIsReportedBeforeOpening();
    void requestCarriesPathQueryAndHeaders();
    void framesInTheSameSegmentAsTheReplyAreDelivered();
    void badHandshakeRepliesAreRefusedBeforeOpening_data();
    void badHandshakeRepliesAreRefusedBeforeOpening();
    void protocolErrorsCloseWithTheirCode_data();
    void protocolErrorsCloseWithTheirCode();
};

void TstWebSocketTransport::messagesArriveWholeIncludingFragmentedAndLarge()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened && server.sockets.size() == 1, kWait);

    QWebSocket *peer = server.sockets.constFirst();
    QString fragmented;
    for (int i = 0; i < 100; ++i)
        fragmented += QStringLiteral("€%1,").arg(i); // multi-byte characters across fragment edges
    QByteArray large(300 * 1024, '\0');
    for (qsizetype i = 0; i < large.size(); ++i)
        large[i] = char(i * 7);
    peer->setOutgoingFrameSize(64);
    peer->sendTextMessage(fragmented);
    peer->setOutgoingFrameSize(512 * 1024);
    peer->sendBinaryMessage(large);
    for (int i = 0; i < 2000; ++i)
        peer->sendTextMessage(QStringLiteral("{\"n\":%1}").arg(i));

    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 2002, kWait);
    QCOMPARE(QString::fromUtf8(client.messages.at(0)), fragmented);
    QVERIFY(client.texts.at(0));
    QCOMPARE(client.messages.at(1), large);
    QVERIFY(!client.texts.at(1));
    QCOMPARE(client.messages.at(2), QByteArray("{\"n\":0}"));
    QCOMPARE(client.messages.at(2001), QByteArray("{\"n\":1999}"));
    QVERIFY(client.closes.isEmpty());
}

void TstWebSocketTransport::sentTextReachesTheServer()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened, kWait);
    client.transport.sendText(R"({"type":"subscribe","product_ids":["BTC-USD"]})");
    client.transport.sendText(QByteArray(70000, 'z')); // a 64-bit length, masked
    QTRY_COMPARE_WITH_TIMEOUT(server.received.size(), 2, kWait);
    QCOMPARE(server.received.at(0), QStringLiteral(R"({"type":"subscribe","product_ids":["BTC-USD"]})"));
    QCOMPARE(server.received.at(1), QString(70000, QLatin1Char('z')));
}

void TstWebSocketTransport::pingsAreAnsweredBothWays()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened && server.sockets.size() == 1, kWait);

    server.sockets.constFirst()->ping("server?");
    QTRY_COMPARE_WITH_TIMEOUT(server.pongs, 1, kWait); // answered without the owner doing anything
    client.transport.ping();
    QTRY_COMPARE_WITH_TIMEOUT(client.pongs, 1, kWait);
}

void TstWebSocketTransport::serverCloseIsReportedWithItsCodeAndReason()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened && server.sockets.size() == 1, kWait);

    server.sockets.constFirst()->close(QWebSocketProtocol::CloseCode(4000), QStringLiteral("rate limited"));
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    const CloseInfo info = client.closes.constFirst();
    QVERIFY(info.wasOpen);
    QVERIFY(info.byServer);
    QCOMPARE(info.code, 4000);
    QCOMPARE(info.reason, QStringLiteral("rate limited"));
    QVERIFY(!client.transport.isOpen());
    QTRY_COMPARE_WITH_TIMEOUT(server.closeCodes.size(), 1, kWait); // the server got its close answered
}

void TstWebSocketTransport::closeSendsTheCodeAndReasonToTheServer()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened && server.sockets.size() == 1, kWait);

    client.transport.close(1000, QStringLiteral("feed disabled"));
    QTRY_COMPARE_WITH_TIMEOUT(server.closeCodes.size(), 1, kWait);
    QCOMPARE(server.closeCodes.constFirst(), 1000);
    QCOMPARE(server.closeReasons.constFirst(), QStringLiteral("feed disabled"));
    QVERIFY(client.closes.isEmpty()); // the owner asked for it: nothing to report
}

void TstWebSocketTransport::droppedConnectionIsReportedAs1006()
{
    GoodServer server;
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened && server.sockets.size() == 1, kWait);

    server.sockets.constFirst()->abort();
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    QVERIFY(client.closes.constFirst().wasOpen);
    QVERIFY(!client.closes.constFirst().byServer);
    QCOMPARE(client.closes.constFirst().code, 1006);
}

void TstWebSocketTransport::refusedConnectionIsReportedBeforeOpening()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } // closed again: nothing listens there now
    Client client;
    client.transport.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    QVERIFY(!client.opened);
    QVERIFY(!client.closes.constFirst().wasOpen);
    QVERIFY2(client.closes.constFirst().reason.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(client.closes.constFirst().reason));
}

void TstWebSocketTransport::requestCarriesPathQueryAndHeaders()
{
    RawServer server;
    server.answer = acceptingReply;
    QVERIFY(server.listen());
    TransportOptions options;
    options.headers = {{"Authorization", "Bearer abc"}};
    options.userAgent = "FeedDeck/test";
    Client client(options);
    client.transport.open(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.opened, kWait);
    QVERIFY2(server.request.startsWith("GET /raw?x=1 HTTP/1.1\r\n"), server.request.constData());
    QVERIFY(server.request.contains(QStringLiteral("\r\nHost: 127.0.0.1:%1\r\n").arg(server.server.serverPort()).toLatin1()));
    QVERIFY(server.request.contains("\r\nAuthorization: Bearer abc\r\n"));
    QVERIFY(server.request.contains("\r\nUser-Agent: FeedDeck/test\r\n"));
    QVERIFY(server.request.contains("\r\nSec-WebSocket-Version: 13\r\n"));
}

void TstWebSocketTransport::framesInTheSameSegmentAsTheReplyAreDelivered()
{
    RawServer server;
    server.answer = [](const QByteArray &request) {
        return acceptingReply(request) + textFrame("first") + textFrame("second");
    };
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 2, kWait);
    QVERIFY(client.opened);
    QCOMPARE(client.messages, (QList<QByteArray>{"first", "second"}));
}

void TstWebSocketTransport::badHandshakeRepliesAreRefusedBeforeOpening_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("reason");
    QTest::newRow("503") << QByteArray("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
                         << "the server refused the WebSocket upgrade: HTTP 503 Service Unavailable; FeedDeck will try again";
    QTest::newRow("wrong accept key")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n")
        << "the server's Sec-WebSocket-Accept does not match the key sent; it is not a WebSocket server, or a proxy "
           "changed the handshake";
    QByteArray endless = "HTTP/1.1 101 Switching Protocols\r\n";
    for (int i = 0; i < 1000; ++i)
        endless += "X-Padding: 0123456789abcdef\r\n"; // 30 KB and no blank line
    QTest::newRow("endless reply") << endless
                                   << "the server's handshake reply is larger than 16 KiB; check that the URL is a "
                                      "WebSocket endpoint";
}

void TstWebSocketTransport::badHandshakeRepliesAreRefusedBeforeOpening()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, reason);
    RawServer server;
    server.answer = [reply](const QByteArray &) { return reply; };
    QVERIFY(server.listen());
    Client client;
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    QVERIFY(!client.opened);
    QVERIFY(!client.closes.constFirst().wasOpen);
    QCOMPARE(client.closes.constFirst().reason, reason);
}

void TstWebSocketTransport::protocolErrorsCloseWithTheirCode_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QByteArray masked = textFrame("hi");
    masked[1] = char(0x80 | 2);
    masked.insert(2, QByteArray(4, '\0'));
    QTest::newRow("masked frame") << masked << 1002 << "a masked frame from the server";
    QTest::newRow("reserved bits") << textFrame("hi", 0xC1) << 1002
                                   << "a frame with reserved bits set (no extension was agreed)";
    QTest::newRow("invalid UTF-8") << textFrame("ok") + textFrame("\xed\xa0\x80") << 1007
                                   << "a text message was not valid UTF-8";
    QByteArray huge("\x81\x7f\x00\x00\x00\x00\x01\x00\x00\x00", 10); // the header of a 16 MiB frame
    QTest::newRow("oversized") << huge << 1009 << "a message larger than 1024 bytes";
}

void TstWebSocketTransport::protocolErrorsCloseWithTheirCode()
{
    QFETCH(QByteArray, frames);
    QFETCH(int, code);
    QFETCH(QString, reason);
    RawServer server;
    server.answer = [frames](const QByteArray &request) { return acceptingReply(request) + frames; };
    QVERIFY(server.listen());
    TransportOptions options;
    options.maxMessageBytes = 1024;
    Client client(options);
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    const CloseInfo info = client.closes.constFirst();
    QVERIFY(info.wasOpen);
    QVERIFY(!info.byServer);
    QCOMPARE(info.code, code);
    QCOMPARE(info.reason, reason);
    // Nothing of a refused frame reaches the owner; what came before it does.
    QCOMPARE(client.messages, code == 1007 ? QList<QByteArray>{"ok"} : QList<QByteArray>{});
    QTRY_COMPARE_WITH_TIMEOUT(server.clientCloseCode(), code, kWait); // the server is told why
}

QTEST_MAIN(TstWebSocketTransport)
#include "tst_websockettransport.moc"
