// The opening handshake as bytes: the request FeedDeck sends and how it reads replies.
#include "core/ws/Handshake.h"

#include <QTest>

using namespace feeddeck::ws;

namespace {

QByteArray reply(const QByteArray &statusLine, const QByteArray &headers)
{
    return statusLine + "\r\n" + headers + "\r\n";
}

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455 1.3
const QByteArray kAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

QByteArray goodHeaders()
{
    return "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + kAccept + "\r\n";
}

} // namespace

class TstHandshake : public QObject
{
    Q_OBJECT

private slots:
    void acceptKeyFollowsTheRfc();
    void newKeysAreSixteenRandomBytes();
    void requestNamesResourceHostAndKey();
    void requestHostCarriesPortAndIpv6Brackets_data();
    void requestHostCarriesPortAndIpv6Brackets();
    void extraHeadersCannotReplaceHandshakeHeaders();
    void replyEndIsFoundOnlyWhenComplete();
    void replies_data();
    void replies();
    void subprotocolsAreOfferedInOrder();
    void subprotocolReplies_data();
    void subprotocolReplies();
};

void TstHandshake::acceptKeyFollowsTheRfc()
{
    QCOMPARE(acceptKeyFor(kKey), kAccept);
}

void TstHandshake::newKeysAreSixteenRandomBytes()
{
    const QByteArray a = newHandshakeKey();
    const QByteArray b = newHandshakeKey();
    QCOMPARE(QByteArray::fromBase64(a).size(), 16);
    QVERIFY(a != b);
}

void TstHandshake::requestNamesResourceHostAndKey()
{
    const QByteArray request =
        handshakeRequest(QUrl(QStringLiteral("wss://ws-feed.example.com/feed/v1?level=2&x=a%20b")), kKey, {},
                         "FeedDeck/1.0");
    QCOMPARE(request,
             QByteArray("GET /feed/v1?level=2&x=a%20b HTTP/1.1\r\n"
                        "Host: ws-feed.example.com\r\n"
                        "Upgrade: websocket\r\n"
                        "Connection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n"
                        "User-Agent: FeedDeck/1.0\r\n"
                        "\r\n"));
    QVERIFY(handshakeRequest(QUrl(QStringLiteral("ws://host")), kKey, {}, {}).startsWith("GET / HTTP/1.1\r\n"));
}

void TstHandshake::requestHostCarriesPortAndIpv6Brackets_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("host");
    QTest::newRow("ws default port") << "ws://example.com:80/" << QByteArray("Host: example.com\r\n");
    QTest::newRow("wss default port") << "wss://example.com:443/" << QByteArray("Host: example.com\r\n");
    QTest::newRow("other port") << "wss://stream.example.com:9443/ws" << QByteArray("Host: stream.example.com:9443\r\n");
    QTest::newRow("IPv4") << "ws://127.0.0.1:8080" << QByteArray("Host: 127.0.0.1:8080\r\n");
    QTest::newRow("IPv6") << "ws://[::1]:8080/" << QByteArray("Host: [::1]:8080\r\n");
}

void TstHandshake::requestHostCarriesPortAndIpv6Brackets()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, host);
    const QByteArray request = handshakeRequest(QUrl(url), kKey, {}, {});
    QVERIFY2(request.contains("\r\n" + host), request.constData());
}

void TstHandshake::extraHeadersCannotReplaceHandshakeHeaders()
{
    const HeaderList extra = {{"Authorization", "Bearer t0ken"},
                              {"host", "evil.example"},
                              {"Sec-WebSocket-Key", "x"},
                              {"Connection", "close"},
                              {"User-Agent", "MyDesk/2"}};
    const QByteArray request = handshakeRequest(QUrl(QStringLiteral("ws://example.com/")), kKey, extra, "FeedDeck/1.0");
    QVERIFY(request.contains("\r\nAuthorization: Bearer t0ken\r\n"));
    QVERIFY(request.contains("\r\nUser-Agent: MyDesk/2\r\n"));
    QVERIFY(!request.contains("FeedDeck/1.0"));
    QVERIFY(!request.contains("evil.example"));
    QVERIFY(!request.contains("Connection: close"));
    QCOMPARE(request.count("Sec-WebSocket-Key"), 1);
}

void TstHandshake::replyEndIsFoundOnlyWhenComplete()
{
    const QByteArray full = reply("HTTP/1.1 101 Switching Protocols", goodHeaders()) + "\x81\x02hi";
    const qsizetype end = full.size() - 4;
    QCOMPARE(handshakeReplyEnd(full), end);
    QCOMPARE(handshakeReplyEnd(QByteArrayView(full).first(end - 1)), -1);
}

void TstHandshake::replies_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("problem");
    QTest::newRow("accepted") << reply("HTTP/1.1 101 Switching Protocols", goodHeaders()) << QString();
    QTest::newRow("header case and spacing")
        << reply("HTTP/1.1 101 Switching Protocols",
                 "upgrade:WebSocket\r\nconnection: keep-alive, Upgrade\r\nsec-websocket-accept:  " + kAccept + "\r\n")
        << QString();
    QTest::newRow("503") << reply("HTTP/1.1 503 Service Unavailable", "Content-Length: 0\r\n")
                         << "the server refused the WebSocket upgrade: HTTP 503 Service Unavailable; FeedDeck will try again";
    QTest::newRow("401") << reply("HTTP/1.1 401 Unauthorized", "")
                         << "the server refused the WebSocket upgrade: HTTP 401 Unauthorized; check the feed's "
                            "credentials (its \"headers\")";
    QTest::newRow("404") << reply("HTTP/1.1 404 Not Found", "")
                         << "the server refused the WebSocket upgrade: HTTP 404 Not Found; check the path in the feed's URL";
    QTest::newRow("200") << reply("HTTP/1.1 200 OK", "") << "the server refused the WebSocket upgrade: HTTP 200 OK";
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n")
                              << "the server did not answer the WebSocket handshake with HTTP; check that the URL is a "
                                 "WebSocket endpoint (and ws:// vs wss://)";
    QTest::newRow("no upgrade") << reply("HTTP/1.1 101 Switching Protocols", "Sec-WebSocket-Accept: " + kAccept + "\r\n")
                                << "the server answered 101 without \"Upgrade: websocket\"; it is not a WebSocket server";
    QTest::newRow("wrong accept")
        << reply("HTTP/1.1 101 Switching Protocols",
                 "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n")
        << "the server's Sec-WebSocket-Accept does not match the key sent; it is not a WebSocket server, or a proxy "
           "changed the handshake";
    // Sec-WebSocket-Extensions is checked against the offer by checkExtensions (tst_permessagedeflate).
    QTest::newRow("extension left to checkExtensions")
        << reply("HTTP/1.1 101 Switching Protocols", goodHeaders() + "Sec-WebSocket-Extensions: permessage-deflate\r\n")
        << QString();
}

void TstHandshake::replies()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, problem);
    QCOMPARE(checkHandshakeReply(head, kKey), problem);
}

void TstHandshake::subprotocolsAreOfferedInOrder()
{
    const QByteArray request = handshakeRequest(QUrl(QStringLiteral("ws://h/")), kKey, {}, {}, {"v2.json", "v1.json"});
    QVERIFY(request.contains("\r\nSec-WebSocket-Protocol: v2.json, v1.json\r\n"));
    QVERIFY(!handshakeRequest(QUrl(QStringLiteral("ws://h/")), kKey, {}, {}).contains("Sec-WebSocket-Protocol"));
    // A header the user configured cannot stand in for the offer.
    const QByteArray own = handshakeRequest(QUrl(QStringLiteral("ws://h/")), kKey, {{"Sec-WebSocket-Protocol", "x"}}, {});
    QVERIFY(!own.contains("Sec-WebSocket-Protocol"));
}

void TstHandshake::subprotocolReplies_data()
{
    QTest::addColumn<QList<QByteArray>>("offered");
    QTest::addColumn<QByteArray>("replied"); // the reply's Sec-WebSocket-Protocol line, if any
    QTest::addColumn<QByteArray>("chosen");
    QTest::addColumn<QString>("problem");
    QTest::newRow("none offered, none chosen") << QList<QByteArray>() << QByteArray() << QByteArray() << QString();
    QTest::newRow("one of those offered") << QList<QByteArray>{"v1.json", "v2.json"}
                                          << QByteArray("Sec-WebSocket-Protocol: v2.json\r\n") << QByteArray("v2.json")
                                          << QString();
    QTest::newRow("header name in any case") << QList<QByteArray>{"v1.json"}
                                             << QByteArray("sec-websocket-protocol:  v1.json \r\n")
                                             << QByteArray("v1.json") << QString();
    QTest::newRow("none chosen though offered")
        << QList<QByteArray>{"v1.json", "v2.json"} << QByteArray() << QByteArray()
        << QStringLiteral("the server accepted none of the subprotocols offered (v1.json, v2.json); check the feed's "
                          "\"subprotocols\" against what the server speaks");
    QTest::newRow("one not offered") << QList<QByteArray>{"v1.json"} << QByteArray("Sec-WebSocket-Protocol: v9\r\n")
                                     << QByteArray()
                                     << QStringLiteral("the server chose the subprotocol \"v9\", which was not offered (v1.json)");
    QTest::newRow("names are case-sensitive") << QList<QByteArray>{"v1.json"}
                                              << QByteArray("Sec-WebSocket-Protocol: V1.JSON\r\n") << QByteArray()
                                              << QStringLiteral("the server chose the subprotocol \"V1.JSON\", which was "
                                                                "not offered (v1.json)");
    QTest::newRow("two chosen at once") << QList<QByteArray>{"a", "b"} << QByteArray("Sec-WebSocket-Protocol: a, b\r\n")
                                        << QByteArray()
                                        << QStringLiteral("the server chose the subprotocol \"a, b\", which was not "
                                                          "offered (a, b)");
    QTest::newRow("chosen though none offered")
        << QList<QByteArray>() << QByteArray("Sec-WebSocket-Protocol: chat\r\n") << QByteArray()
        << QStringLiteral("the server chose the subprotocol \"chat\" although none was offered; add it to the feed's "
                          "\"subprotocols\" if the feed speaks it");
}

void TstHandshake::subprotocolReplies()
{
    QFETCH(QList<QByteArray>, offered);
    QFETCH(QByteArray, replied);
    QFETCH(QByteArray, chosen);
    QFETCH(QString, problem);
    const QByteArray head = reply("HTTP/1.1 101 Switching Protocols", goodHeaders() + replied);
    QCOMPARE(checkHandshakeReply(head, kKey), QString());
    QByteArray got;
    QCOMPARE(checkSubprotocol(head, offered, &got), problem);
    QCOMPARE(got, chosen);
}

QTEST_APPLESS_MAIN(TstHandshake)
#include "tst_handshake.moc"
