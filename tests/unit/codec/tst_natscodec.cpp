#include "CodecTestSupport.h"

#include "core/codec/NatsCodec.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace feeddeck;
using feeddeck::testing::kReceivedMs;

namespace {

// A server's MSG for `subject` carrying `payload`.
QByteArray msg(const QByteArray &subject, const QByteArray &payload, const QByteArray &sid = "1")
{
    return "MSG " + subject + ' ' + sid + ' ' + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
}

codec::NatsCodec newCodec(bool readHistory = false)
{
    codec::nats::ConnectOptions options;
    options.name = QStringLiteral("feeddeck desk");
    return codec::NatsCodec(options, readHistory);
}

// A codec reading every subject live on SUB 1, as the server sends its messages after
// subscribeMessages({">"}) on a connection without history.
codec::NatsCodec subscribedCodec()
{
    codec::NatsCodec codec = newCodec();
    (void)codec.subscribeMessages({QStringLiteral(">")});
    return codec;
}

// A server's HMSG: headers and payload.
QByteArray hmsg(const QByteArray &subject, const QByteArray &sid, const QByteArray &reply, const QByteArray &headers,
                const QByteArray &payload = {})
{
    return "HMSG " + subject + ' ' + sid + (reply.isEmpty() ? QByteArray() : ' ' + reply) + ' '
        + QByteArray::number(headers.size()) + ' ' + QByteArray::number(headers.size() + payload.size()) + "\r\n"
        + headers + payload + "\r\n";
}

// The reply subject of a message a JetStream consumer delivers.
QByteArray ackSubject(quint64 streamSequence, quint64 consumerSequence, quint64 pending = 0)
{
    return "$JS.ACK.FEEDDECK.C1.1." + QByteArray::number(streamSequence) + '.' + QByteArray::number(consumerSequence)
        + ".1700000000000000000." + QByteArray::number(pending);
}

QByteArray delivered(const QByteArray &sid, quint64 streamSequence, quint64 consumerSequence, double price)
{
    const QByteArray payload = R"({"r":1700000000000,"f":{"price":)" + QByteArray::number(price) + "}}";
    return "MSG feeddeck.crypto.BTC-USD " + sid + ' ' + ackSubject(streamSequence, consumerSequence) + ' '
        + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
}

// The one line of `frames` that starts with `start`, or empty.
QByteArray lineStartingWith(const QList<QByteArray> &frames, const QByteArray &start)
{
    for (const QByteArray &frame : frames)
        for (const QByteArray &line : frame.split('\n'))
            if (line.startsWith(start))
                return line.trimmed();
    return {};
}

// The JSON payload of the PUB to `subject` in `frames`.
QJsonObject publishedTo(const QList<QByteArray> &frames, const QByteArray &subject)
{
    for (const QByteArray &frame : frames) {
        const QList<QByteArray> lines = frame.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i)
            if (lines.at(i).startsWith("PUB " + subject + ' '))
                return QJsonDocument::fromJson(lines.at(i + 1).trimmed()).object();
    }
    return {};
}

// Where a PUB to `subject` in `frames` wants its answer.
QByteArray replySubjectOf(const QList<QByteArray> &frames, const QByteArray &subject)
{
    return lineStartingWith(frames, "PUB " + subject + ' ').split(' ').value(2);
}

double priceOf(const codec::DecodeResult &result)
{
    return result.updates.size() == 1 ? data::valueOf(result.updates.first().fields, data::fields::kPrice).value_or(-1)
                                      : -1;
}

// A history codec subscribed to "feeddeck.>" and reading stream FEEDDECK through a consumer;
// *deliverSid is the consumer's subscription.
bool readingTheStream(codec::NatsCodec &codec, QByteArray *deliverSid, QList<QByteArray> *consumerFrames = nullptr)
{
    const QList<QByteArray> subscribe = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    const QByteArray namesReply = replySubjectOf(subscribe, "$JS.API.STREAM.NAMES");
    const QByteArray replySid = lineStartingWith(subscribe, "SUB _INBOX.").split(' ').value(2);
    const QByteArray answer = R"({"type":"io.nats.jetstream.api.v1.stream_names_response","total":1,"streams":["FEEDDECK"]})";
    const codec::DecodeResult named = codec.decode(msg(namesReply, answer, replySid), kReceivedMs);
    const QByteArray createReply = replySubjectOf(named.replies, "$JS.API.CONSUMER.CREATE.FEEDDECK");
    const QByteArray deliverSubject = publishedTo(named.replies, "$JS.API.CONSUMER.CREATE.FEEDDECK")
                                          .value(QLatin1String("config")).toObject()
                                          .value(QLatin1String("deliver_subject")).toString().toUtf8();
    *deliverSid = lineStartingWith(named.replies, "SUB " + deliverSubject + ' ').split(' ').value(2);
    if (consumerFrames)
        *consumerFrames = named.replies;
    const codec::DecodeResult created =
        codec.decode(msg(createReply, R"({"type":"io.nats.jetstream.api.v1.consumer_create_response","name":"C1"})",
                         replySid),
                     kReceivedMs);
    return !deliverSid->isEmpty() && created.issues.isEmpty() && created.replies.isEmpty()
        && codec.streamOf(QStringLiteral("feeddeck.>")) == QStringLiteral("FEEDDECK");
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
    void aPatternHeldByAStreamIsReadThroughAnOrderedConsumerFromTheStart();
    void aSkippedMessageStartsANewConsumerAfterTheLastOneRead();
    void aNewConnectionResumesAfterTheLastStreamSequence();
    void withoutAStreamOrJetStreamThePatternIsSubscribedLive();
    void aQuestionNobodyAnswersHoldsLiveMessagesOnlyBriefly();
    void aConsumerTheServerRefusesFallsBackToLiveWithANotice();
    void flowControlIsAnsweredAndAHeartbeatAheadOfUsRestartsTheConsumer();
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
    QCOMPARE(frames, QList<QByteArray>{"SUB feeddeck.crypto.$status 1\r\nSUB feeddeck.crypto.BTC-USD 2\r\n"
                                       "SUB feeddeck.crypto.ETH-USD 3\r\nPING\r\n"});
    // ... and goes only with the last of them.
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("feeddeck.crypto.BTC-USD")}), QList<QByteArray>{"UNSUB 2\r\n"});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("feeddeck.crypto.ETH-USD")}),
             QList<QByteArray>{"UNSUB 3\r\nUNSUB 1\r\n"});
}

void TstNatsCodec::unsubscribeSendsUnsubForEachSid()
{
    codec::NatsCodec codec = newCodec();
    (void)codec.subscribeMessages({QStringLiteral("a.>"), QStringLiteral("b.>")});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("b.>")}), QList<QByteArray>{"UNSUB 2\r\n"});
    QCOMPARE(codec.unsubscribeMessages({QStringLiteral("never.>")}), QList<QByteArray>{});
    // A message the server sent on the removed pattern before it took the UNSUB adds no row;
    // the pattern kept reads on.
    QVERIFY(codec.decode(msg("b.crypto.BTC-USD", R"({"r":1,"f":{"price":1}})", "2"), kReceivedMs).updates.isEmpty());
    QCOMPARE(codec.decode(msg("a.crypto.BTC-USD", R"({"r":2,"f":{"price":2}})", "1"), kReceivedMs).updates.size(), 1);
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
    codec::NatsCodec codec = subscribedCodec();
    const QByteArray subject = codec::nats::updateSubject("feeddeck", u"crypto", u"BTC-USD");
    const QByteArray escaped = codec::nats::updateSubject("feeddeck", u"stock.eu", u"SKU 1.A>B");
    const QByteArray frame = msg(subject, R"({"t":1700000000000,"r":1700000000005,"f":{"price":101.5,"bid":101.25}})")
        + msg(escaped, R"({"r":1700000000007,"f":{"on_hand":12}})");
    const codec::DecodeResult result = codec.decode(frame, kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Data);
    QCOMPARE(result.updates.size(), 2);
    const data::Update &quote = result.updates.at(0);
    QCOMPARE(quote.origin, QStringLiteral("crypto"));
    QCOMPARE(quote.symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(quote.sourceMs, Q_INT64_C(1700000000000));
    QCOMPARE(quote.receivedMs, Q_INT64_C(1700000000005)); // the relay's receipt
    QCOMPARE(testing::fieldsOf(quote), (testing::Fields{{"price", 101.5}, {"bid", 101.25}}));
    const data::Update &stock = result.updates.at(1);
    QCOMPARE(stock.origin, QStringLiteral("stock.eu"));
    QCOMPARE(stock.symbol, QStringLiteral("SKU 1.A>B"));
    QCOMPARE(stock.sourceMs, data::kNoTime);
    QVERIFY(result.issues.isEmpty());
}

void TstNatsCodec::messagesSplitAnywhereDecodeTheSame()
{
    QByteArray stream;
    for (int i = 0; i < 5; ++i)
        stream += msg(codec::nats::updateSubject("feeddeck", u"crypto", u"ETH-USD"),
                      QByteArray(R"({"r":17,"f":{"price":)") + QByteArray::number(100 + i) + "}}");
    for (qsizetype cut = 1; cut < stream.size(); ++cut) {
        codec::NatsCodec codec = subscribedCodec();
        QList<double> prices;
        for (const QByteArrayView part : {QByteArrayView(stream).first(cut), QByteArrayView(stream).sliced(cut)}) {
            const codec::DecodeResult result = codec.decode(part, kReceivedMs);
            QVERIFY(result.issues.isEmpty());
            for (const data::Update &u : result.updates)
                prices.append(data::valueOf(u.fields, data::fields::kPrice).value_or(-1));
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
    codec::NatsCodec codec = subscribedCodec();
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
    codec::NatsCodec codec = subscribedCodec();
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

    // Control characters escaped into a key by some other publisher are not shown as such.
    result = codec.decode(msg("feeddeck.crypto.BTC%0A%1B[2J", R"({"r":1,"f":{"price":2}})"), kReceivedMs);
    QCOMPARE(result.updates.value(0).symbol, QStringLiteral("BTC\uFFFD\uFFFD[2J"));

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

void TstNatsCodec::aPatternHeldByAStreamIsReadThroughAnOrderedConsumerFromTheStart()
{
    codec::NatsCodec codec = newCodec(true);
    const QList<QByteArray> subscribe = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    // Live at once, and the question which stream holds the pattern.
    const QByteArray liveSid = lineStartingWith(subscribe, "SUB feeddeck.> ").split(' ').value(2);
    QVERIFY(!liveSid.isEmpty());
    QCOMPARE(publishedTo(subscribe, "$JS.API.STREAM.NAMES"), (QJsonObject{{"subject", "feeddeck.>"}}));
    // Until the answer, live messages wait: a stream would replay them after older ones.
    QVERIFY(codec.decode(msg("feeddeck.crypto.BTC-USD", R"({"r":1,"f":{"price":7}})", liveSid), kReceivedMs).updates.isEmpty());
    const QByteArray replySid = lineStartingWith(subscribe, "SUB _INBOX.").split(' ').value(2);
    const codec::DecodeResult named = codec.decode(
        msg(replySubjectOf(subscribe, "$JS.API.STREAM.NAMES"), R"({"total":1,"streams":["FEEDDECK"]})", replySid),
        kReceivedMs);
    QVERIFY(named.updates.isEmpty()); // the held message is the stream's to deliver
    QCOMPARE(lineStartingWith(named.replies, "UNSUB "), "UNSUB " + liveSid);
    // A live message the server sent before it took the UNSUB is in the stream too: it is read
    // once, from there.
    QVERIFY(codec.decode(msg("feeddeck.crypto.BTC-USD", R"({"r":2,"f":{"price":8}})", liveSid), kReceivedMs).updates.isEmpty());
    QVERIFY2(QJsonDocument::fromJson(subscribe.value(0).mid(8, subscribe.value(0).indexOf("\r\n") - 8))
                 .object().value(QLatin1String("no_responders")).toBool(),
             subscribe.value(0).constData());

    QByteArray sid;
    QList<QByteArray> consumer;
    QVERIFY(readingTheStream(codec = newCodec(true), &sid, &consumer));
    const QJsonObject config = publishedTo(consumer, "$JS.API.CONSUMER.CREATE.FEEDDECK").value(QLatin1String("config")).toObject();
    QCOMPARE(config.value(QLatin1String("filter_subject")).toString(), QStringLiteral("feeddeck.>"));
    QCOMPARE(config.value(QLatin1String("deliver_policy")).toString(), QStringLiteral("all"));
    QCOMPARE(config.value(QLatin1String("ack_policy")).toString(), QStringLiteral("none"));
    QVERIFY(config.value(QLatin1String("flow_control")).toBool());

    // Stored and live messages alike, in stream order.
    QCOMPARE(priceOf(codec.decode(delivered(sid, 5, 1, 100.5), kReceivedMs)), 100.5);
    QCOMPARE(priceOf(codec.decode(delivered(sid, 9, 2, 101.5), kReceivedMs)), 101.5);
    const codec::DecodeResult third = codec.decode(delivered(sid, 10, 3, 102.5), kReceivedMs);
    QCOMPARE(third.updates.value(0).origin, QStringLiteral("crypto"));
    QCOMPARE(third.updates.value(0).symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(third.updates.value(0).receivedMs, Q_INT64_C(1700000000000));
}

void TstNatsCodec::aSkippedMessageStartsANewConsumerAfterTheLastOneRead()
{
    codec::NatsCodec codec = newCodec(true);
    QByteArray sid;
    QVERIFY(readingTheStream(codec, &sid));
    QCOMPARE(priceOf(codec.decode(delivered(sid, 5, 1, 100.0), kReceivedMs)), 100.0);
    // Consumer sequence 3 after 1: message 2 was lost on the way.
    const codec::DecodeResult skipped = codec.decode(delivered(sid, 7, 3, 102.0), kReceivedMs);
    QVERIFY(skipped.updates.isEmpty());
    QCOMPARE(lineStartingWith(skipped.replies, "UNSUB "), "UNSUB " + sid);
    const QJsonObject config =
        publishedTo(skipped.replies, "$JS.API.CONSUMER.CREATE.FEEDDECK").value(QLatin1String("config")).toObject();
    QCOMPARE(config.value(QLatin1String("deliver_policy")).toString(), QStringLiteral("by_start_sequence"));
    QCOMPARE(config.value(QLatin1String("opt_start_seq")).toInteger(), 6);
    // The old consumer's late messages are not read.
    QVERIFY(codec.decode(delivered(sid, 8, 4, 103.0), kReceivedMs).updates.isEmpty());
    const QByteArray newSid =
        lineStartingWith(skipped.replies, "SUB " + config.value(QLatin1String("deliver_subject")).toString().toUtf8())
            .split(' ').value(2);
    QVERIFY(!newSid.isEmpty() && newSid != sid);
    QCOMPARE(priceOf(codec.decode(delivered(newSid, 6, 1, 101.0), kReceivedMs)), 101.0);
}

void TstNatsCodec::aNewConnectionResumesAfterTheLastStreamSequence()
{
    codec::NatsCodec codec = newCodec(true);
    QByteArray sid;
    QVERIFY(readingTheStream(codec, &sid));
    (void)codec.decode(delivered(sid, 41, 1, 100.0) + delivered(sid, 42, 2, 101.0), kReceivedMs);
    codec.connectionOpened();
    QList<QByteArray> consumer;
    QVERIFY(readingTheStream(codec, &sid, &consumer));
    const QJsonObject config = publishedTo(consumer, "$JS.API.CONSUMER.CREATE.FEEDDECK").value(QLatin1String("config")).toObject();
    QCOMPARE(config.value(QLatin1String("opt_start_seq")).toInteger(), 43);
    // What a consumer repeats by mistake is not read twice.
    QVERIFY(codec.decode(delivered(sid, 42, 1, 101.0), kReceivedMs).updates.isEmpty());
    QCOMPARE(priceOf(codec.decode(delivered(sid, 43, 2, 102.0), kReceivedMs)), 102.0);

    // Unsubscribing forgets where the pattern was: subscribed again, it starts from the first message.
    (void)codec.unsubscribeMessages({QStringLiteral("feeddeck.>")});
    codec.connectionOpened();
    QVERIFY(readingTheStream(codec, &sid, &consumer));
    QCOMPARE(publishedTo(consumer, "$JS.API.CONSUMER.CREATE.FEEDDECK").value(QLatin1String("config")).toObject()
                 .value(QLatin1String("deliver_policy")).toString(),
             QStringLiteral("all"));
}

void TstNatsCodec::withoutAStreamOrJetStreamThePatternIsSubscribedLive()
{
    for (const bool jetstream : {true, false}) {
        codec::NatsCodec codec = newCodec(true);
        const QList<QByteArray> subscribe = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
        const QByteArray reply = replySubjectOf(subscribe, "$JS.API.STREAM.NAMES");
        const QByteArray replySid = lineStartingWith(subscribe, "SUB _INBOX.").split(' ').value(2);
        const QByteArray answer = jetstream
            ? msg(reply, R"({"type":"io.nats.jetstream.api.v1.stream_names_response","total":0,"streams":null})", replySid)
            : hmsg(reply, replySid, {}, "NATS/1.0 503\r\n\r\n");
        const QByteArray liveSid = lineStartingWith(subscribe, "SUB feeddeck.> ").split(' ').value(2);
        QVERIFY(codec.decode(msg("feeddeck.crypto.BTC-USD", R"({"r":1,"f":{"price":6}})", liveSid), kReceivedMs)
                    .updates.isEmpty());
        // The held message is read with the answer, and live ones from then on.
        const codec::DecodeResult result = codec.decode(answer, kReceivedMs);
        QVERIFY(result.issues.isEmpty());
        QVERIFY(result.replies.isEmpty());
        QCOMPARE(priceOf(result), 6.0);
        QCOMPARE(codec.streamOf(QStringLiteral("feeddeck.>")), QString());
        QCOMPARE(priceOf(codec.decode(msg("feeddeck.crypto.BTC-USD", R"({"r":1,"f":{"price":7}})", liveSid), kReceivedMs)),
                 7.0);
    }
}

void TstNatsCodec::aQuestionNobodyAnswersHoldsLiveMessagesOnlyBriefly()
{
    codec::NatsCodec codec = newCodec(true);
    const QList<QByteArray> subscribe = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    const QByteArray liveSid = lineStartingWith(subscribe, "SUB feeddeck.> ").split(' ').value(2);
    const auto quote = [&](int price) {
        return msg("feeddeck.crypto.BTC-USD", R"({"r":1,"f":{"price":)" + QByteArray::number(price) + "}}", liveSid);
    };
    QVERIFY(codec.decode(quote(1), kReceivedMs).updates.isEmpty());
    QVERIFY(codec.decode(quote(2), kReceivedMs + 3000).updates.isEmpty());
    // Past three seconds without an answer: what was held, then the new message, in order.
    const codec::DecodeResult late = codec.decode(quote(3), kReceivedMs + 3001);
    QCOMPARE(late.updates.size(), 3);
    QCOMPARE(data::valueOf(late.updates.at(0).fields, data::fields::kPrice), std::optional<double>(1));
    QCOMPARE(data::valueOf(late.updates.at(2).fields, data::fields::kPrice), std::optional<double>(3));
    // An answer after that changes nothing.
    const QByteArray replySid = lineStartingWith(subscribe, "SUB _INBOX.").split(' ').value(2);
    const codec::DecodeResult answered = codec.decode(
        msg(replySubjectOf(subscribe, "$JS.API.STREAM.NAMES"), R"({"total":1,"streams":["FEEDDECK"]})", replySid),
        kReceivedMs + 3002);
    QVERIFY(answered.replies.isEmpty());
    QCOMPARE(codec.streamOf(QStringLiteral("feeddeck.>")), QString());
    QCOMPARE(priceOf(codec.decode(quote(4), kReceivedMs + 3003)), 4.0);
}

void TstNatsCodec::aConsumerTheServerRefusesFallsBackToLiveWithANotice()
{
    codec::NatsCodec codec = newCodec(true);
    const QList<QByteArray> subscribe = codec.subscribeMessages({QStringLiteral("feeddeck.>")});
    const QByteArray replySid = lineStartingWith(subscribe, "SUB _INBOX.").split(' ').value(2);
    const codec::DecodeResult named = codec.decode(
        msg(replySubjectOf(subscribe, "$JS.API.STREAM.NAMES"), R"({"total":1,"streams":["FEEDDECK"]})", replySid),
        kReceivedMs);
    const codec::DecodeResult refused =
        codec.decode(msg(replySubjectOf(named.replies, "$JS.API.CONSUMER.CREATE.FEEDDECK"),
                         R"({"error":{"code":400,"err_code":10012,"description":"insufficient resources"}})", replySid),
                     kReceivedMs);
    QCOMPARE(refused.issues.size(), 1);
    QCOMPARE(refused.issues.first().kind, codec::IssueKind::Notice);
    QCOMPARE(refused.issues.first().detail,
             QStringLiteral("feeddeck.>: the history in stream FEEDDECK cannot be read (insufficient resources); "
                            "showing live updates only"));
    QVERIFY(!lineStartingWith(refused.replies, "SUB feeddeck.> ").isEmpty());
    QVERIFY(!lineStartingWith(refused.replies, "UNSUB ").isEmpty());
}

void TstNatsCodec::flowControlIsAnsweredAndAHeartbeatAheadOfUsRestartsTheConsumer()
{
    codec::NatsCodec codec = newCodec(true);
    QByteArray sid;
    QVERIFY(readingTheStream(codec, &sid));
    const codec::DecodeResult flow =
        codec.decode(hmsg("_INBOX.x.d.2", sid, "$JS.FC.FEEDDECK.C1.abc", "NATS/1.0 100 FlowControl Request\r\n\r\n"),
                     kReceivedMs);
    QCOMPARE(flow.replies, QList<QByteArray>{"PUB $JS.FC.FEEDDECK.C1.abc 0\r\n\r\n"});
    QVERIFY(flow.updates.isEmpty());
    QVERIFY(flow.issues.isEmpty());

    (void)codec.decode(delivered(sid, 5, 1, 100.0), kReceivedMs);
    const QByteArray idle = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 1\r\nNats-Last-Stream: 5\r\n\r\n";
    QVERIFY(codec.decode(hmsg("_INBOX.x.d.2", sid, {}, idle), kReceivedMs).replies.isEmpty());
    const QByteArray ahead = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 2\r\nNats-Last-Stream: 6\r\n\r\n";
    const codec::DecodeResult restarted = codec.decode(hmsg("_INBOX.x.d.2", sid, {}, ahead), kReceivedMs);
    QCOMPARE(publishedTo(restarted.replies, "$JS.API.CONSUMER.CREATE.FEEDDECK").value(QLatin1String("config")).toObject()
                 .value(QLatin1String("opt_start_seq")).toInteger(),
             6);
}

QTEST_GUILESS_MAIN(TstNatsCodec)
#include "tst_natscodec.moc"
