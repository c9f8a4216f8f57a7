#include "CodecTestSupport.h"

#include "core/codec/NatsCodec.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"

#include <QtTest>

using namespace feeddeck;
using feeddeck::testing::kReceivedMs;

namespace {

// A server's MSG for `subject` carrying `payload`.
QByteArray msg(const QByteArray &subject, const QByteArray &payload, const QByteArray &sid = "1")
{
    return "MSG " + subject + ' ' + sid + ' ' + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
}

codec::NatsCodec newCodec()
{
    codec::nats::ConnectOptions options;
    options.name = QStringLiteral("feeddeck desk");
    return codec::NatsCodec(options);
}

} // namespace

class TstNatsCodec : public QObject
{
    Q_OBJECT

private slots:
    void firstSubscriptionConnectsSubscribesAndPings();
    void patternsWithALiteralKeyAlsoSubscribeToTheirStatus();
    void unsubscribeSendsUnsubForEachSid();
    void aNewConnectionStartsOver();
    void updatesBecomeRowsOfTheirUpstreamFeed();
    void messagesSplitAnywhereDecodeTheSame();
    void statusBecomesAnUpstreamReport();
    void serverPingIsAnsweredAndPongAcksTheSubscription();
    void permissionErrorRejectsThePattern();
    void authorizationErrorSaysWhatToCheck();
    void foreignSubjectsAndBadPayloadsAreBadMessages();
    void unreadableStreamDropsTheConnection();
    void clusterWebSocketListenersBecomeAlternateHosts();
};

void TstNatsCodec::firstSubscriptionConnectsSubscribesAndPings()
{
    codec::NatsCodec codec = newCodec();
    QVERIFY(codec.binaryFrames());
    QVERIFY(!codec.rowsFollowSymbols());
    const QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    QCOMPARE(frames.size(), 1);
    const QByteArray &frame = frames.first();
    QVERIFY2(frame.startsWith("CONNECT {"), frame.constData());
    QVERIFY2(frame.endsWith("\r\nSUB feeddeck.> 1\r\nPING\r\n"), frame.constData());
    // A later subscription does not connect again.
    QCOMPARE(codec.subscribeMessages({QStringLiteral("desk.*.*")}), QList<QByteArray>{"SUB desk.*.* 2\r\nPING\r\n"});
    // Nor subscribe twice to a pattern it has.
    QCOMPARE(codec.subscribeMessages({QStringLiteral("feeddeck.>")}), QList<QByteArray>{"PING\r\n"});
}

void TstNatsCodec::patternsWithALiteralKeyAlsoSubscribeToTheirStatus()
{
    QCOMPARE(codec::NatsCodec::statusPatternFor("feeddeck.crypto.BTC-USD"), QByteArray("feeddeck.crypto.$status"));
    QCOMPARE(codec::NatsCodec::statusPatternFor("feeddeck.crypto.*"), QByteArray());
    QCOMPARE(codec::NatsCodec::statusPatternFor("feeddeck.>"), QByteArray());
    QCOMPARE(codec::NatsCodec::statusPatternFor("feeddeck.crypto.$status"), QByteArray());

    codec::NatsCodec codec = newCodec();
    (void)codec.subscribeMessages({});
    const QList<QByteArray> frames =
        codec.subscribeMessages({QStringLiteral("feeddeck.crypto.BTC-USD"), QStringLiteral("feeddeck.crypto.ETH-USD")});
    // One status subscription serves both patterns.
    QCOMPARE(frames, QList<QByteArray>{"SUB feeddeck.crypto.BTC-USD 1\r\nSUB feeddeck.crypto.$status 2\r\n"
                                       "SUB feeddeck.crypto.ETH-USD 3\r\nPING\r\n"});
    // ... and goes only with the last of them.
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("feeddeck.crypto.BTC-USD")}), QList<QByteArray>{"UNSUB 1\r\n"});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("feeddeck.crypto.ETH-USD")}),
             QList<QByteArray>{"UNSUB 3\r\nUNSUB 2\r\n"});
}

void TstNatsCodec::unsubscribeSendsUnsubForEachSid()
{
    codec::NatsCodec codec = newCodec();
    (void)codec.subscribeMessages({QStringLiteral("a.>"), QStringLiteral("b.>")});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("b.>")}), QList<QByteArray>{"UNSUB 2\r\n"});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("never.>")}), QList<QByteArray>{});
}

void TstNatsCodec::aNewConnectionStartsOver()
{
    codec::NatsCodec codec = newCodec();
    (void)codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    // Half a message from the old connection.
    (void)codec.decode("MSG feeddeck.crypto.BTC-USD 1 30\r\n{\"r\":1", kReceivedMs);
    codec.connectionOpened();
    const QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    QVERIFY2(frames.value(0).startsWith("CONNECT {") && frames.value(0).endsWith("SUB feeddeck.> 1\r\nPING\r\n"),
             frames.value(0).constData());
    const codec::DecodeResult result = codec.decode(msg("feeddeck.crypto.BTC-USD", R"({"r":5,"f":{"price":1}})"), kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Data);
    QCOMPARE(result.updates.size(), 1);
}

void TstNatsCodec::updatesBecomeRowsOfTheirUpstreamFeed()
{
    codec::NatsCodec codec = newCodec();
    const QByteArray subject = codec::nats::updateSubject("feeddeck", u"crypto", u"BTC-USD");
    const QByteArray escaped = codec::nats::updateSubject("feeddeck", u"stock.eu", u"SKU 1.A>B");
    const QByteArray frame = msg(subject, R"({"t":1700000000000,"r":1700000000005,"f":{"price":101.5,"bid":101.25}})")
        + msg(escaped, R"({"r":1700000000007,"f":{"on_hand":12}})");
    const codec::DecodeResult result = codec.decode(frame, kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Data);
    QCOMPARE(result.updates.size(), 2);
    const store::Update &quote = result.updates.at(0);
    QCOMPARE(quote.origin, QStringLiteral("crypto"));
    QCOMPARE(quote.symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(quote.sourceMs, Q_INT64_C(1700000000000));
    QCOMPARE(quote.receivedMs, Q_INT64_C(1700000000005)); // the relay's receipt
    QCOMPARE(testing::fieldsOf(quote), (testing::Fields{{"price", 101.5}, {"bid", 101.25}}));
    const store::Update &stock = result.updates.at(1);
    QCOMPARE(stock.origin, QStringLiteral("stock.eu"));
    QCOMPARE(stock.symbol, QStringLiteral("SKU 1.A>B"));
    QCOMPARE(stock.sourceMs, store::kNoTime);
    QVERIFY(result.issues.isEmpty());
}

void TstNatsCodec::messagesSplitAnywhereDecodeTheSame()
{
    QByteArray stream;
    for (int i = 0; i < 5; ++i)
        stream += msg(codec::nats::updateSubject("feeddeck", u"crypto", u"ETH-USD"),
                      QByteArray(R"({"r":17,"f":{"price":)") + QByteArray::number(100 + i) + "}}");
    for (qsizetype cut = 1; cut < stream.size(); ++cut) {
        codec::NatsCodec codec = newCodec();
        QList<double> prices;
        for (const QByteArrayView part : {QByteArrayView(stream).first(cut), QByteArrayView(stream).sliced(cut)}) {
            const codec::DecodeResult result = codec.decode(part, kReceivedMs);
            QVERIFY(result.issues.isEmpty());
            for (const store::Update &u : result.updates)
                prices.append(store::valueOf(u.fields, store::fields::kPrice).value_or(-1));
        }
        QCOMPARE(prices, (QList<double>{100, 101, 102, 103, 104}));
    }
}

void TstNatsCodec::statusBecomesAnUpstreamReport()
{
    codec::nats::RelayedStatus status;
    status.name = QStringLiteral("Coinbase");
    status.protocol = QStringLiteral("coinbase");
    status.state = QStringLiteral("backoff");
    status.sinceMs = 1700000000000;
    status.retryAtMs = 1700000003000;
    status.lastError = QStringLiteral("connection refused");
    status.atMs = 1700000000100;
    status.messages = 10;
    codec::NatsCodec codec = newCodec();
    const codec::DecodeResult result =
        codec.decode(msg(codec::nats::statusSubject("feeddeck", u"crypto"), codec::nats::statusPayload(status)), kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Control);
    QVERIFY(result.updates.isEmpty());
    QCOMPARE(result.upstreams.size(), 1);
    QCOMPARE(result.upstreams.first().feedId, QStringLiteral("crypto"));
    QCOMPARE(result.upstreams.first().status, status);
}

void TstNatsCodec::serverPingIsAnsweredAndPongAcksTheSubscription()
{
    codec::NatsCodec codec = newCodec();
    codec::DecodeResult result = codec.decode("INFO {\"server_id\":\"X\",\"max_payload\":1048576}\r\nPING\r\n", kReceivedMs);
    QCOMPARE(result.replies, QList<QByteArray>{"PONG\r\n"});
    QVERIFY(!result.subscriptionAck);
    (void)codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    result = codec.decode("PONG\r\n", kReceivedMs);
    QVERIFY(result.subscriptionAck);
    QCOMPARE(result.kind, codec::FrameKind::Control);
    // A PONG nothing asked for acknowledges nothing.
    QVERIFY(!codec.decode("PONG\r\n", kReceivedMs).subscriptionAck);
}

void TstNatsCodec::permissionErrorRejectsThePattern()
{
    codec::NatsCodec codec = newCodec();
    const codec::DecodeResult result =
        codec.decode("-ERR 'Permissions Violation for Subscription to \"secret.>\"'\r\n", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, codec::IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("secret.>"));
}

void TstNatsCodec::authorizationErrorSaysWhatToCheck()
{
    codec::NatsCodec codec = newCodec();
    const codec::DecodeResult result = codec.decode("-ERR 'Authorization Violation'\r\n", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, codec::IssueKind::ServerError);
    QVERIFY2(result.issues.first().detail.contains(QStringLiteral("options.password")),
             qPrintable(result.issues.first().detail));
}

void TstNatsCodec::foreignSubjectsAndBadPayloadsAreBadMessages()
{
    codec::NatsCodec codec = newCodec();
    codec::DecodeResult result = codec.decode(msg("orders", "{}"), kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Bad);
    QVERIFY2(result.issues.value(0).detail.contains(QStringLiteral("\"orders\"")), qPrintable(result.issues.value(0).detail));

    result = codec.decode(msg("feeddeck.crypto.BTC-USD", "not json"), kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Bad);
    QVERIFY(result.updates.isEmpty());
    QVERIFY(testing::isPrintableLine(result.issues.value(0).detail));

    // A good message beside a bad one still counts as data.
    result = codec.decode(msg("feeddeck.crypto.BTC-USD", "[]") + msg("feeddeck.crypto.ETH-USD", R"({"r":1,"f":{"price":2}})"),
                          kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Data);
    QCOMPARE(result.updates.size(), 1);
    QCOMPARE(result.issues.size(), 1);

    codec.setMaxSymbolBytes(4);
    result = codec.decode(msg("feeddeck.crypto.TOOLONG", R"({"r":1,"f":{"price":2}})"), kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Bad);
}

void TstNatsCodec::unreadableStreamDropsTheConnection()
{
    codec::NatsCodec codec = newCodec();
    const codec::DecodeResult result = codec.decode("HELLO THERE\r\n", kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Bad);
    QVERIFY2(result.dropConnection.startsWith(QStringLiteral("the server's NATS stream cannot be read")),
             qPrintable(result.dropConnection));
}

void TstNatsCodec::clusterWebSocketListenersBecomeAlternateHosts()
{
    codec::NatsCodec codec = newCodec();
    QVERIFY(codec.alternateHosts().isEmpty());
    (void)codec.decode(R"(INFO {"server_id":"A","ws_connect_urls":["127.0.0.1:9001","127.0.0.1:9002"]})" "\r\n",
                       kReceivedMs);
    QCOMPARE(codec.alternateHosts(), (QStringList{"127.0.0.1:9001", "127.0.0.1:9002"}));
    // What nats-server sends its WebSocket clients: their listeners as connect_urls, and an
    // update of the list when a node joins or leaves.
    (void)codec.decode(R"(INFO {"server_id":"A","connect_urls":["127.0.0.1:9003"]})" "\r\n", kReceivedMs);
    QCOMPARE(codec.alternateHosts(), QStringList{"127.0.0.1:9003"});
}

QTEST_GUILESS_MAIN(TstNatsCodec)
#include "tst_natscodec.moc"
