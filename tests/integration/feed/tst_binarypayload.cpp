// Feeds whose server sends its JSON compressed in binary frames ("payload": gzip, deflate,
// zlib), against a real in-process QWebSocketServer: the frames are inflated and decoded by
// the JSON mapping codec; a binary frame on a text feed, data in the wrong format and a frame
// that inflates past max_message_bytes each cost only that frame, with a message that says why.
#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedCodecOptions.h"
#include "core/feed/FeedConnection.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <zlib.h>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;
using workspace::Payload;

namespace {

constexpr int kWait = 5000;

// zlib's windowBits per payload: raw deflate, zlib or gzip framing.
QByteArray compress(Payload payload, const QByteArray &data)
{
    const int bits = payload == Payload::Deflate ? -15 : payload == Payload::Zlib ? 15 : 31;
    z_stream z {};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        qFatal("deflate failed");
    out.resize(out.size() - qsizetype(z.avail_out));
    deflateEnd(&z);
    return out;
}

QByteArray ticker(double price)
{
    return QStringLiteral(R"({"type":"ticker","product_id":"BTC-USD","price":%1})").arg(price).toUtf8();
}

// Accepts one client at a time and sends what the test gives it.
class BinaryServer : public QObject
{
public:
    BinaryServer()
        : m_server(QStringLiteral("binary"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                m_client = s;
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort())); }
    [[nodiscard]] bool hasClient() const { return m_client != nullptr; }
    void sendBinary(const QByteArray &data) { m_client->sendBinaryMessage(data); }
    void sendText(const QByteArray &data) { m_client->sendTextMessage(QString::fromUtf8(data)); }

private:
    QWebSocketServer m_server;
    QPointer<QWebSocket> m_client;
};

workspace::FeedConfig configFor(const QUrl &url, Payload payload)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("venue");
    c.name = QStringLiteral("Venue");
    c.protocol = QStringLiteral("json");
    c.url = url;
    c.payload = payload;
    c.maxMessageBytes = 64 * 1024;
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.json = QJsonDocument::fromJson(R"({"subscribe": {"type": "subscribe", "product_ids": "$symbols"},
                                         "match": {"type": "ticker"}, "key": ["product_id"],
                                         "fields": ["price"]})").object();
    return c;
}

struct Rig
{
    BinaryServer server;
    std::unique_ptr<FeedConnection> feed;
    QList<data::Update> updates;
    QStringList problems;
};

std::unique_ptr<Rig> startRig(Payload payload)
{
    auto rig = std::make_unique<Rig>();
    if (!rig->server.listen())
        return nullptr;
    const workspace::FeedConfig config = configFor(rig->server.url(), payload);
    QString error;
    auto codec = codec::makeCodec(feed::codecOptions(config), &error);
    if (!codec)
        qFatal("no codec: %s", qPrintable(error));
    rig->feed = std::make_unique<FeedConnection>(config, std::move(codec),
                                                 feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 7});
    Rig *r = rig.get();
    rig->feed->setUpdateSink([r](const QList<data::Update> &batch) { r->updates.append(batch); });
    QObject::connect(rig->feed.get(), &FeedConnection::problemReported,
                     [r](const QString &text) { r->problems.append(text); });
    rig->feed->start();
    return rig;
}

} // namespace

class TstBinaryPayload : public QObject
{
    Q_OBJECT

private slots:
    void compressedBinaryFramesDecode_data();
    void compressedBinaryFramesDecode();
    void binaryFrameOnATextFeedIsBadAndSaysWhatToSet();
    void dataInAnotherFormatIsBad();
    void frameInflatingPastTheLimitIsBadAndNeverKept();
};

void TstBinaryPayload::compressedBinaryFramesDecode_data()
{
    QTest::addColumn<int>("payload");
    QTest::newRow("gzip") << int(Payload::Gzip);
    QTest::newRow("deflate") << int(Payload::Deflate);
    QTest::newRow("zlib") << int(Payload::Zlib);
}

void TstBinaryPayload::compressedBinaryFramesDecode()
{
    QFETCH(int, payload);
    auto rig = startRig(Payload(payload));
    QVERIFY(rig);
    QTRY_VERIFY_WITH_TIMEOUT(rig->server.hasClient(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    for (int i = 0; i < 3; ++i)
        rig->server.sendBinary(compress(Payload(payload), ticker(1000.5 + i)));
    rig->server.sendText(ticker(2000)); // text frames are read as they are
    QTRY_COMPARE_WITH_TIMEOUT(rig->updates.size(), 4, kWait);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(rig->updates.at(i).field(QStringLiteral("price"))->value, 1000.5 + i);
    QCOMPARE(rig->updates.at(3).field(QStringLiteral("price"))->value, 2000.0);
    const feed::FeedCounters &n = rig->feed->status().counters;
    QCOMPARE(n.badMessages, 0u);
    // bytes counts what the codec read: the inflated JSON.
    QCOMPARE(n.bytes, quint64(ticker(1000.5).size() + ticker(1001.5).size() + ticker(1002.5).size()
                              + ticker(2000).size()));
    QVERIFY(rig->problems.isEmpty());
}

void TstBinaryPayload::binaryFrameOnATextFeedIsBadAndSaysWhatToSet()
{
    auto rig = startRig(Payload::Text);
    QVERIFY(rig);
    QTRY_VERIFY_WITH_TIMEOUT(rig->server.hasClient(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    rig->server.sendBinary(compress(Payload::Gzip, ticker(1000)));
    rig->server.sendText(ticker(1001));
    QTRY_COMPARE_WITH_TIMEOUT(rig->updates.size(), 1, kWait);
    QCOMPARE(rig->feed->status().counters.badMessages, 1u);
    QCOMPARE(rig->problems, QStringList{QStringLiteral(
                                "Venue: bad message: binary frame on a text feed (set \"payload\" to gzip, deflate or "
                                "zlib if the server compresses its messages)")});
    QCOMPARE(rig->feed->state(), FeedState::Live); // a bad frame costs only that frame
}

void TstBinaryPayload::dataInAnotherFormatIsBad()
{
    auto rig = startRig(Payload::Gzip);
    QVERIFY(rig);
    QTRY_VERIFY_WITH_TIMEOUT(rig->server.hasClient(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    rig->server.sendBinary(compress(Payload::Zlib, ticker(1000)));
    rig->server.sendBinary(compress(Payload::Gzip, ticker(1001)));
    QTRY_COMPARE_WITH_TIMEOUT(rig->updates.size(), 1, kWait);
    QCOMPARE(rig->updates.constFirst().field(QStringLiteral("price"))->value, 1001.0);
    QCOMPARE(rig->feed->status().counters.badMessages, 1u);
    QCOMPARE(rig->problems.size(), 1);
    QVERIFY2(rig->problems.constFirst().startsWith(
                 QStringLiteral("Venue: bad message: a binary frame that is not gzip data: the compressed data is "
                                "corrupt (")),
             qPrintable(rig->problems.constFirst()));
    QVERIFY(rig->problems.constFirst().endsWith(QStringLiteral("); check the feed's \"payload\"")));
}

void TstBinaryPayload::frameInflatingPastTheLimitIsBadAndNeverKept()
{
    auto rig = startRig(Payload::Zlib);
    QVERIFY(rig);
    QTRY_VERIFY_WITH_TIMEOUT(rig->server.hasClient(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    // 16 MiB of spaces in a few KiB; the feed's limit is 64 KiB.
    const QByteArray bomb = compress(Payload::Zlib, R"({"type":"ticker","pad":")" + QByteArray(16 << 20, ' ') + "\"}");
    QVERIFY(bomb.size() < 64 * 1024);
    rig->server.sendBinary(bomb);
    rig->server.sendBinary(compress(Payload::Zlib, ticker(1001)));
    QTRY_COMPARE_WITH_TIMEOUT(rig->updates.size(), 1, kWait);
    QCOMPARE(rig->feed->status().counters.badMessages, 1u);
    QCOMPARE(rig->feed->status().counters.connects, 1u); // the connection stays
    QCOMPARE(rig->problems, QStringList{QStringLiteral(
                                "Venue: bad message: a zlib binary frame inflates to more than max_message_bytes "
                                "(65536 bytes); raise the feed's \"max_message_bytes\" if such messages are expected")});
}

QTEST_GUILESS_MAIN(TstBinaryPayload)
#include "tst_binarypayload.moc"
