// WebSocketTransport with permessage-deflate against a raw TCP server that answers the
// handshake and writes exact bytes: what the client offers, which replies it refuses before
// opening, and how it closes on a compressed frame that breaks RFC 7692 (1002), cannot be
// inflated or is not UTF-8 once inflated (1007), or inflates past the limit (1009).
// The interop tests (tst_deflateinterop) cover real servers; this covers the misbehaving ones.
#include "core/ws/WebSocketTransport.h"

#include <QCryptographicHash>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <zlib.h>

using namespace feeddeck::ws;

namespace {

constexpr int kWait = 5000;

// Answers the handshake with the given extensions header (none when null), then writes frames.
struct RawServer
{
    RawServer(QByteArray extensions, QByteArray frames)
    {
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this, extensions, frames] {
            QTcpSocket *s = server.nextPendingConnection();
            s->setParent(&server);
            QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, extensions, frames] {
                if (request.contains("\r\n\r\n")) {
                    afterHandshake += s->readAll();
                    return;
                }
                request += s->readAll();
                if (!request.contains("\r\n\r\n"))
                    return;
                QByteArray key;
                for (const QByteArray &line : request.split('\n'))
                    if (line.toLower().startsWith("sec-websocket-key:"))
                        key = line.mid(line.indexOf(':') + 1).trimmed();
                const QByteArray accept =
                    QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
                        .toBase64();
                QByteArray reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Accept: " + accept + "\r\n";
                if (!extensions.isNull())
                    reply += "Sec-WebSocket-Extensions: " + extensions + "\r\n";
                s->write(reply + "\r\n" + frames);
            });
        });
        server.listen(QHostAddress::LocalHost, 0);
    }

    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())); }

    // The close code of the client's first frame after the handshake (masked), or -1.
    [[nodiscard]] int clientCloseCode() const
    {
        if (afterHandshake.size() < 8 || (uchar(afterHandshake[0]) & 0x0F) != 0x8)
            return -1;
        const auto *key = reinterpret_cast<const uchar *>(afterHandshake.constData()) + 2;
        return (uchar(afterHandshake[6]) ^ key[0]) << 8 | (uchar(afterHandshake[7]) ^ key[1]);
    }

    QTcpServer server;
    QByteArray request;
    QByteArray afterHandshake;
};

struct Client
{
    explicit Client(bool offerDeflate = true)
        : transport(options(offerDeflate))
    {
        transport.setMessageHandler(
            [this](QByteArrayView payload, bool, qint64) { messages.append(payload.toByteArray()); });
        QObject::connect(&transport, &WebSocketTransport::opened, &transport, [this] { opened = true; });
        QObject::connect(&transport, &WebSocketTransport::closed, &transport,
                         [this](const CloseInfo &info) { closes.append(info); });
    }

    static TransportOptions options(bool offerDeflate)
    {
        TransportOptions o;
        o.maxMessageBytes = 1024;
        o.offerDeflate = offerDeflate;
        return o;
    }

    WebSocketTransport transport;
    bool opened = false;
    QList<QByteArray> messages;
    QList<CloseInfo> closes;
};

// Messages as a server with context takeover compresses them: one raw deflate stream, a sync
// flush per message, the 00 00 ff ff tail removed.
QList<QByteArray> deflated(const QList<QByteArray> &messages)
{
    z_stream z {};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    QList<QByteArray> out;
    for (const QByteArray &m : messages) {
        QByteArray buffer(int(deflateBound(&z, uLong(m.size()))) + 64, '\0');
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(m.constData()));
        z.avail_in = uInt(m.size());
        z.next_out = reinterpret_cast<Bytef *>(buffer.data());
        z.avail_out = uInt(buffer.size());
        if (deflate(&z, Z_SYNC_FLUSH) != Z_OK)
            qFatal("deflate failed");
        buffer.resize(buffer.size() - qsizetype(z.avail_out) - 4);
        out.append(buffer);
    }
    deflateEnd(&z);
    return out;
}

QByteArray frame(quint8 firstByte, const QByteArray &payload)
{
    QByteArray out(1, char(firstByte));
    if (payload.size() < 126) {
        out += char(payload.size());
    } else {
        out += char(126);
        out += char(payload.size() >> 8);
        out += char(payload.size() & 0xFF);
    }
    return out + payload;
}

} // namespace

class TstDeflateTransport : public QObject
{
    Q_OBJECT

private slots:
    void offerIsSentOnlyWhenAsked();
    void compressedMessagesAreInflatedWithContextTakeover();
    void badRepliesAreRefusedBeforeOpening_data();
    void badRepliesAreRefusedBeforeOpening();
    void badCompressedFramesCloseWithTheirCode_data();
    void badCompressedFramesCloseWithTheirCode();
};

void TstDeflateTransport::offerIsSentOnlyWhenAsked()
{
    for (const bool offer : {true, false}) {
        RawServer server({}, {});
        Client client(offer);
        client.transport.open(server.url());
        QTRY_VERIFY_WITH_TIMEOUT(client.opened, kWait);
        QCOMPARE(server.request.contains("\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"),
                 offer);
        QVERIFY(!client.transport.deflate().agreed); // the server answered no extension
    }
}

void TstDeflateTransport::compressedMessagesAreInflatedWithContextTakeover()
{
    const QByteArray ticker = R"({"type":"ticker","product_id":"BTC-USD","price":"43611.20"})";
    const QList<QByteArray> parts = deflated({ticker, ticker, "plain"});
    // The third is sent without RSV1: a sender may leave any message uncompressed.
    RawServer server("permessage-deflate; server_max_window_bits=10",
                     frame(0xC1, parts.at(0)) + frame(0xC1, parts.at(1)) + frame(0x81, "plain"));
    Client client;
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.messages.size(), 3, kWait);
    QCOMPARE(client.messages, (QList<QByteArray>{ticker, ticker, "plain"}));
    QVERIFY(client.transport.deflate().agreed);
    QCOMPARE(client.transport.deflate().serverMaxWindowBits, 10);
    QVERIFY(client.closes.isEmpty());
}

void TstDeflateTransport::badRepliesAreRefusedBeforeOpening_data()
{
    QTest::addColumn<bool>("offer");
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not offered") << false << QByteArray("permessage-deflate")
                                 << "the server chose a WebSocket extension that was not offered";
    QTest::newRow("unknown parameter")
        << true << QByteArray("permessage-deflate; mem_level=9")
        << "the server's permessage-deflate response has the unknown parameter \"mem_level\" (\"permessage-deflate; "
           "mem_level=9\"); set the feed's \"compression\" to \"off\" if the server cannot negotiate it";
}

void TstDeflateTransport::badRepliesAreRefusedBeforeOpening()
{
    QFETCH(bool, offer);
    QFETCH(QByteArray, extensions);
    RawServer server(extensions, {});
    Client client(offer);
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    QVERIFY(!client.opened);
    QTEST(client.closes.constFirst().reason, "reason");
}

void TstDeflateTransport::badCompressedFramesCloseWithTheirCode_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    const QByteArray hello = deflated({"hello"}).constFirst();
    QTest::newRow("RSV1 on a continuation") << frame(0x41, hello) + frame(0xC0, hello) << 1002
                                            << "a continuation frame with RSV1 set";
    QTest::newRow("RSV1 on a ping") << frame(0xC9, "hi") << 1002 << "a control frame with RSV1 set";
    QTest::newRow("not deflate data") << frame(0xC1, QByteArray("\xff\xff\xff\xff", 4)) << 1007
                                      << "a compressed message that could not be inflated: the compressed data is "
                                         "corrupt (invalid block type)";
    QTest::newRow("not UTF-8 once inflated") << frame(0xC1, deflated({"\xed\xa0\x80"}).constFirst()) << 1007
                                             << "a text message was not valid UTF-8";
    // 64 KiB of zeros in a few hundred bytes; the limit is 1 KiB.
    QTest::newRow("deflate bomb") << frame(0xC2, deflated({QByteArray(64 * 1024, '\0')}).constFirst()) << 1009
                                  << "a message larger than 1024 bytes once inflated";
}

void TstDeflateTransport::badCompressedFramesCloseWithTheirCode()
{
    QFETCH(QByteArray, frames);
    QFETCH(int, code);
    RawServer server("permessage-deflate", frames);
    Client client;
    client.transport.open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(client.closes.size(), 1, kWait);
    const CloseInfo info = client.closes.constFirst();
    QVERIFY(info.wasOpen);
    QCOMPARE(info.code, code);
    QTEST(info.reason, "reason");
    QVERIFY(client.messages.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(server.clientCloseCode(), code, kWait); // the server is told why
}

QTEST_GUILESS_MAIN(TstDeflateTransport)
#include "tst_deflatetransport.moc"
