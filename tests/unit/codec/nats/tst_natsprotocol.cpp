#include "core/Version.h"
#include "core/codec/nats/NatsProtocol.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace feeddeck::codec::nats;

namespace {

using Ops = QList<QByteArray>;

QByteArray msg(const QByteArray &subject, const QByteArray &sid, const QByteArray &payload,
               const QByteArray &replyTo = {})
{
    return "MSG " + subject + ' ' + sid + ' ' + (replyTo.isEmpty() ? QByteArray() : replyTo + ' ')
        + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
}

QByteArray hmsg(const QByteArray &subject, const QByteArray &sid, const QByteArray &headers, const QByteArray &payload,
                const QByteArray &replyTo = {})
{
    return "HMSG " + subject + ' ' + sid + ' ' + (replyTo.isEmpty() ? QByteArray() : replyTo + ' ')
        + QByteArray::number(headers.size()) + ' ' + QByteArray::number(headers.size() + payload.size()) + "\r\n"
        + headers + payload + "\r\n";
}

// One op as a line: its kind and the views it fills, '|' between them. Views an op of that
// kind never fills must be empty, or the line says so.
QByteArray describe(const ServerOp &op)
{
    const auto join = [](std::initializer_list<QByteArrayView> parts) {
        QByteArray out;
        for (const QByteArrayView part : parts) {
            out.append('|');
            out.append(part);
        }
        return out;
    };
    const bool noMessage = op.subject.isEmpty() && op.sid.isEmpty() && op.replyTo.isEmpty() && op.headers.isEmpty()
        && op.payload.isEmpty();
    QByteArray out;
    switch (op.kind) {
    case ServerOp::Kind::Info:
        out = "INFO" + join({op.text});
        if (!noMessage)
            out += " (message views set)";
        break;
    case ServerOp::Kind::Err:
        out = "-ERR" + join({op.text});
        if (!noMessage)
            out += " (message views set)";
        break;
    case ServerOp::Kind::Msg:
        out = "MSG" + join({op.subject, op.sid, op.replyTo, op.payload});
        if (!op.headers.isEmpty() || !op.text.isEmpty())
            out += " (headers or text set)";
        break;
    case ServerOp::Kind::HMsg:
        out = "HMSG" + join({op.subject, op.sid, op.replyTo, op.headers, op.payload});
        if (!op.text.isEmpty())
            out += " (text set)";
        break;
    case ServerOp::Kind::Ping:
    case ServerOp::Kind::Pong:
    case ServerOp::Kind::Ok:
        out = op.kind == ServerOp::Kind::Ping ? "PING" : op.kind == ServerOp::Kind::Pong ? "PONG" : "+OK";
        if (!noMessage || !op.text.isEmpty())
            out += " (views set)";
        break;
    }
    return out;
}

// Takes every complete op; on Error appends "ERROR|<reason>" and returns false.
bool drain(ServerReader &reader, Ops &ops)
{
    ServerOp op;
    for (;;) {
        switch (reader.next(op)) {
        case ServerReader::Status::Op:
            ops.append(describe(op));
            break;
        case ServerReader::Status::NeedMore:
            return true;
        case ServerReader::Status::Error:
            ops.append("ERROR|" + reader.error().toUtf8());
            return false;
        }
    }
}

// Feeds the stream cut at the given offsets (ascending), draining after each piece.
Ops readInPieces(QByteArrayView stream, const QList<qsizetype> &cuts, ServerReader reader = ServerReader())
{
    Ops ops;
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends.append(stream.size());
    for (const qsizetype end : ends) {
        reader.feed(stream.sliced(from, end - from));
        from = end;
        if (!drain(reader, ops))
            break;
    }
    return ops;
}

Ops readWhole(QByteArrayView stream, ServerReader reader = ServerReader())
{
    return readInPieces(stream, {}, std::move(reader));
}

Ops readByteByByte(QByteArrayView stream, ServerReader reader = ServerReader())
{
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < stream.size(); ++i)
        cuts.append(i);
    return readInPieces(stream, cuts, std::move(reader));
}

const QByteArray kHeartbeatHeaders = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 7\r\nNats-Last-Stream: 9\r\n\r\n";

struct Sample
{
    const char *name;
    QByteArray stream;
    Ops ops;
};

// Every kind of op the server sends, each as a stream of its own.
QList<Sample> samples()
{
    return {
        {"INFO", R"(INFO {"server_id":"NDX","max_payload":1048576})" "\r\n",
         {R"(INFO|{"server_id":"NDX","max_payload":1048576})"}},
        {"INFO with blanks around the JSON", "INFO \t {\"a\":1} \t\r\n", {R"(INFO|{"a":1})"}},
        {"MSG", msg("feeddeck.coinbase.BTC-USD", "1", R"({"f":{"price":1}})"),
         {R"(MSG|feeddeck.coinbase.BTC-USD|1||{"f":{"price":1}})"}},
        {"MSG with reply-to", msg("a.b", "22", "hi", "_INBOX.x.y"), {"MSG|a.b|22|_INBOX.x.y|hi"}},
        {"MSG whose payload holds CRLF", msg("a", "1", "\r\n\r\nMSG a 1 2\r\n"), {"MSG|a|1||\r\n\r\nMSG a 1 2\r\n"}},
        {"MSG with an empty payload", msg("a", "1", ""), {"MSG|a|1||"}},
        {"MSG with tabs and runs of blanks", "MSG\ta.b \t 5\t\t  3 \r\nxyz\r\n", {"MSG|a.b|5||xyz"}},
        {"HMSG heartbeat", hmsg("_INBOX.hb", "3", kHeartbeatHeaders, ""),
         {"HMSG|_INBOX.hb|3||" + kHeartbeatHeaders + '|'}},
        {"HMSG with reply-to and payload", hmsg("a.b", "4", "NATS/1.0\r\nK: v\r\n\r\n", "body\r\n", "reply.to"),
         {"HMSG|a.b|4|reply.to|NATS/1.0\r\nK: v\r\n\r\n|body\r\n"}},
        {"PING", "PING\r\n", {"PING"}},
        {"PONG", "PONG\r\n", {"PONG"}},
        {"+OK", "+OK\r\n", {"+OK"}},
        {"-ERR quoted", "-ERR 'Authorization Violation'\r\n", {"-ERR|Authorization Violation"}},
        {"-ERR without quotes", "-ERR Stale Connection\r\n", {"-ERR|Stale Connection"}},
        {"-ERR with one quote", "-ERR 'half\r\n", {"-ERR|'half"}},
        {"-ERR quoting a subject", "-ERR 'Permissions Violation for Subscription to \"a.>\"'\r\n",
         {"-ERR|Permissions Violation for Subscription to \"a.>\""}},
        {"lower-case ops", "ping\r\npong\r\n+ok\r\ninfo {}\r\n-err 'x'\r\nmsg a 1 1\r\nA\r\nhmsg a 1 0 1\r\nB\r\n",
         {"PING", "PONG", "+OK", "INFO|{}", "-ERR|x", "MSG|a|1||A", "HMSG|a|1|||B"}},
        {"mixed-case ops", "PiNg\r\nMsG a 1 1\r\nA\r\nHmSg a 1 0 0\r\n\r\niNfO {}\r\n",
         {"PING", "MSG|a|1||A", "HMSG|a|1|||", "INFO|{}"}},
        // Servers end lines with CRLF; nats-server and the nats.go and nats.c clients also take a
        // bare LF (they only drop a CR before it), and so does FeedDeck.
        {"bare LF after control lines", "PING\nPONG\n+OK\nINFO {}\n-ERR 'x'\nMSG a 1 2\r\nhi\r\n",
         {"PING", "PONG", "+OK", "INFO|{}", "-ERR|x", "MSG|a|1||hi"}},
        {"bare LF after a MSG line and its payload", "MSG a 1 2\nhi\nHMSG b 2 12 14\nNATS/1.0\r\n\r\nyo\n",
         {"MSG|a|1||hi", "HMSG|b|2||NATS/1.0\r\n\r\n|yo"}},
        {"PING with trailing blanks", "PING \t\r\n", {"PING"}},
        {"MSG with a stray CR between its arguments", "MSG a.b\r1 2\r\nhi\r\n", {"MSG|a.b|1||hi"}},
    };
}

// All samples back to back, as one connection would deliver them.
QByteArray conversation()
{
    QByteArray out;
    for (const Sample &sample : samples())
        out += sample.stream;
    return out;
}

Ops conversationOps()
{
    Ops out;
    for (const Sample &sample : samples())
        out += sample.ops;
    return out;
}

} // namespace

class TstNatsProtocol : public QObject
{
    Q_OBJECT

private slots:
    void connectCommandHoldsTheOptionsAsJson();
    void connectCommandEscapesCredentials();
    void pubSubAndUnsubAreAppendedExactly();
    void readsEveryOperationKind_data();
    void readsEveryOperationKind();
    void opsSplitAtAnyOffsetReadTheSame_data();
    void opsSplitAtAnyOffsetReadTheSame();
    void opsFedByteByByteReadTheSame();
    void opsCutTwiceAnywhereReadTheSame();
    void needMoreUntilTheWholeOpArrived();
    void malformedStreamsAreErrors_data();
    void malformedStreamsAreErrors();
    void controlLineOverTheLimitIsAnError();
    void controlLineAtTheLimitIsRead();
    void infoMayBeLongerThanAControlLine();
    void infoOverItsOwnLimitIsAnError();
    void payloadOverTheLimitIsAnErrorBeforeItArrives();
    void errorIsFinalUntilReset();
    void resetStartsANewConnection();
    void longStreamsAndBigMessagesReadInPieces();
    void parseInfoReadsTheServerAndItsCluster();
    void parseInfoKeepsDefaultsForMissingOrOddValues();
    void parseInfoRejectsWhatIsNotAnObject_data();
    void parseInfoRejectsWhatIsNotAnObject();
    void parseHeadersReadsStatusAndEntries_data();
    void parseHeadersReadsStatusAndEntries();
    void headerValuesAreFoundIgnoringCase();
};

void TstNatsProtocol::connectCommandHoldsTheOptionsAsJson()
{
    const QByteArray version = QByteArray(feeddeck::kVersion);
    QCOMPARE(connectCommand(ConnectOptions{}),
             R"(CONNECT {"echo":false,"headers":true,"lang":"c++","no_responders":true,"pedantic":false,"protocol":1,)"
             R"("tls_required":false,"verbose":false,"version":")"
                 + version + "\"}\r\n");

    ConnectOptions options;
    options.name = QStringLiteral("feeddeck relay");
    options.user = QStringLiteral("desk");
    options.password = QStringLiteral("s3cret");
    options.token = QStringLiteral("tok");
    options.headers = false;
    options.echo = true;
    QCOMPARE(connectCommand(options),
             R"(CONNECT {"auth_token":"tok","echo":true,"headers":false,"lang":"c++","name":"feeddeck relay",)"
             R"("no_responders":false,)"
             R"("pass":"s3cret","pedantic":false,"protocol":1,"tls_required":false,"user":"desk","verbose":false,)"
             R"("version":")"
                 + version + "\"}\r\n");
}

void TstNatsProtocol::connectCommandEscapesCredentials()
{
    ConnectOptions options;
    options.name = QStringLiteral("desk \u00e9\u65e5");
    options.user = QStringLiteral("a\"b\\c");
    options.password = QStringLiteral("p\"}\r\nPUB x 1\r\n\\");
    options.token = QStringLiteral("\t\x01");
    const QByteArray command = connectCommand(options);
    QVERIFY(command.startsWith("CONNECT {"));
    QVERIFY(command.endsWith("}\r\n"));
    // One line: the credentials cannot end the command early or inject another.
    QCOMPARE(command.count('\n'), 1);
    QCOMPARE(command.count('\r'), 1);
    QVERIFY2(command.contains(R"("user":"a\"b\\c")"), command.constData());
    QVERIFY2(command.contains(R"("pass":"p\"}\r\nPUB x 1\r\n\\")"), command.constData());
    QVERIFY2(command.contains(R"("auth_token":"\t\u0001")"), command.constData());
    QVERIFY2(command.contains("\"name\":\"desk \xC3\xA9\xE6\x97\xA5\""), command.constData());

    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(command.sliced(8, command.size() - 10), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject object = json.object();
    QCOMPARE(object.value(QLatin1String("user")).toString(), options.user);
    QCOMPARE(object.value(QLatin1String("pass")).toString(), options.password);
    QCOMPARE(object.value(QLatin1String("auth_token")).toString(), options.token);
    QCOMPARE(object.value(QLatin1String("name")).toString(), options.name);
}

void TstNatsProtocol::pubSubAndUnsubAreAppendedExactly()
{
    QByteArray out = "PING\r\n";
    appendPub(out, "feeddeck.coinbase.BTC-USD", R"({"f":{}})");
    QCOMPARE(out, QByteArray("PING\r\nPUB feeddeck.coinbase.BTC-USD 8\r\n{\"f\":{}}\r\n"));

    out.clear();
    appendPub(out, "a", "x\r\ny", "_INBOX.1");
    QCOMPARE(out, QByteArray("PUB a _INBOX.1 4\r\nx\r\ny\r\n"));
    out.clear();
    appendPub(out, "a", "");
    QCOMPARE(out, QByteArray("PUB a 0\r\n\r\n"));
    out.clear();
    appendPub(out, "a", QByteArray(1000, 'z'));
    QCOMPARE(out, "PUB a 1000\r\n" + QByteArray(1000, 'z') + "\r\n");

    out.clear();
    appendSub(out, "feeddeck.>", "1");
    appendSub(out, "desk.*.$status", "42");
    QCOMPARE(out, QByteArray("SUB feeddeck.> 1\r\nSUB desk.*.$status 42\r\n"));

    out.clear();
    appendUnsub(out, "7");
    appendUnsub(out, "7", 5);
    appendUnsub(out, "8", 0);     // 0 is "no maximum" to the server: left out
    appendUnsub(out, "9", -1);
    appendUnsub(out, "10", 2147483647);
    QCOMPARE(out, QByteArray("UNSUB 7\r\nUNSUB 7 5\r\nUNSUB 8\r\nUNSUB 9\r\nUNSUB 10 2147483647\r\n"));

    QCOMPARE(kPing, QByteArrayView("PING\r\n"));
    QCOMPARE(kPong, QByteArrayView("PONG\r\n"));
}

void TstNatsProtocol::readsEveryOperationKind_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<Ops>("ops");
    for (const Sample &sample : samples())
        QTest::newRow(sample.name) << sample.stream << sample.ops;
    QTest::newRow("all of them in one feed") << conversation() << conversationOps();
}

void TstNatsProtocol::readsEveryOperationKind()
{
    QFETCH(QByteArray, stream);
    QFETCH(Ops, ops);
    ServerReader reader;
    reader.feed(stream);
    Ops read;
    QVERIFY(drain(reader, read));
    QCOMPARE(read, ops);
    QCOMPARE(reader.buffered(), 0);
    QCOMPARE(reader.error(), QString());
}

void TstNatsProtocol::opsSplitAtAnyOffsetReadTheSame_data()
{
    QTest::addColumn<qsizetype>("cut");
    const QByteArray stream = conversation();
    for (qsizetype cut = 0; cut <= stream.size(); ++cut)
        QTest::addRow("at %lld", qlonglong(cut)) << cut;
}

void TstNatsProtocol::opsSplitAtAnyOffsetReadTheSame()
{
    QFETCH(qsizetype, cut);
    QCOMPARE(readInPieces(conversation(), {cut}), conversationOps());
}

void TstNatsProtocol::opsFedByteByByteReadTheSame()
{
    QCOMPARE(readByteByByte(conversation()), conversationOps());
}

void TstNatsProtocol::opsCutTwiceAnywhereReadTheSame()
{
    const QByteArray stream = msg("a.b", "1", "x\r\ny", "r") + hmsg("c", "2", "NATS/1.0 503\r\n\r\n", "") + "PING\n";
    const Ops expected{"MSG|a.b|1|r|x\r\ny", "HMSG|c|2||NATS/1.0 503\r\n\r\n|", "PING"};
    for (qsizetype i = 0; i <= stream.size(); ++i)
        for (qsizetype j = i; j <= stream.size(); ++j)
            QCOMPARE(readInPieces(stream, {i, j}), expected);
}

void TstNatsProtocol::needMoreUntilTheWholeOpArrived()
{
    ServerReader reader;
    ServerOp op;
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    reader.feed("MSG a 1 5\r\nhel");
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    QCOMPARE(reader.buffered(), 14);
    reader.feed("lo");
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore); // the payload's line end is missing
    reader.feed("\r");
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    reader.feed("\nPI");
    QCOMPARE(reader.next(op), ServerReader::Status::Op);
    QCOMPARE(describe(op), QByteArray("MSG|a|1||hello"));
    QCOMPARE(reader.buffered(), 2);
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    reader.feed("NG\r");
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    reader.feed("\n");
    QCOMPARE(reader.next(op), ServerReader::Status::Op);
    QCOMPARE(op.kind, ServerOp::Kind::Ping);
    QCOMPARE(reader.buffered(), 0);
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
}

void TstNatsProtocol::malformedStreamsAreErrors_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<Ops>("ops");

    QTest::newRow("unknown op") << QByteArray("PING\r\nFOO bar\r\n")
                                << Ops{"PING", "ERROR|unknown operation \"FOO\""};
    QTest::newRow("HTTP reply") << QByteArray("HTTP/1.1 400 Bad Request\r\n")
                                << Ops{"ERROR|unknown operation \"HTTP/1.1\""};
    QTest::newRow("op name cut short") << QByteArray("PIN\r\n") << Ops{"ERROR|unknown operation \"PIN\""};
    QTest::newRow("op name run on") << QByteArray("MSGS a 1 0\r\n\r\n") << Ops{"ERROR|unknown operation \"MSGS\""};
    QTest::newRow("control characters quoted printably")
        << QByteArray("\x01\x02\x7f\r\n") << Ops{"ERROR|unknown operation \"\uFFFD\uFFFD\uFFFD\""};
    QTest::newRow("long op name cut") << QByteArray(60, 'X') + "\r\n"
                                      << Ops{"ERROR|unknown operation \"" + QByteArray(40, 'X') + "\u2026\""};
    QTest::newRow("empty line") << QByteArray("\r\n")
                                << Ops{"ERROR|empty control line where an operation was expected"};
    QTest::newRow("empty bare line") << QByteArray("PONG\n\n")
                                     << Ops{"PONG", "ERROR|empty control line where an operation was expected"};
    QTest::newRow("blank before the op") << QByteArray(" PING\r\n")
                                         << Ops{"ERROR|no operation at the start of \" PING\""};
    QTest::newRow("MSG with two args")
        << QByteArray("MSG a 5\r\nhello\r\n")
        << Ops{"ERROR|malformed MSG (expected <subject> <sid> [reply-to] <#bytes>): \"MSG a 5\""};
    QTest::newRow("MSG with five args")
        << QByteArray("MSG a 1 r x 5\r\nhello\r\n")
        << Ops{"ERROR|malformed MSG (expected <subject> <sid> [reply-to] <#bytes>): \"MSG a 1 r x 5\""};
    QTest::newRow("MSG with far too many args")
        << QByteArray("MSG a b c d e f g 1\r\nx\r\n")
        << Ops{"ERROR|malformed MSG (expected <subject> <sid> [reply-to] <#bytes>): \"MSG a b c d e f g 1\""};
    // A stray CR separates arguments, as in nats.go: no subject or reply-to holds one.
    QTest::newRow("MSG with a stray CR in its reply-to")
        << QByteArray("MSG a.b 1 15\r\x02\r1 2\r\n\r\r\n")
        << Ops{"ERROR|malformed MSG (expected <subject> <sid> [reply-to] <#bytes>): \"MSG a.b 1 15 \uFFFD 1 2\""};
    QTest::newRow("MSG size not a number")
        << QByteArray("MSG a 1 five\r\nhello\r\n")
        << Ops{"ERROR|malformed MSG (size \"five\" is not a number): \"MSG a 1 five\""};
    QTest::newRow("MSG size negative") << QByteArray("MSG a 1 -5\r\n")
                                       << Ops{"ERROR|malformed MSG (size \"-5\" is not a number): \"MSG a 1 -5\""};
    QTest::newRow("MSG size signed") << QByteArray("MSG a 1 +5\r\n")
                                     << Ops{"ERROR|malformed MSG (size \"+5\" is not a number): \"MSG a 1 +5\""};
    QTest::newRow("MSG size of 19 digits")
        << QByteArray("MSG a 1 1000000000000000000\r\n")
        << Ops{"ERROR|malformed MSG (size \"1000000000000000000\" is not a number): \"MSG a 1 1000000000000000000\""};
    QTest::newRow("MSG payload longer than its size")
        << QByteArray("MSG a 1 3\r\nhello\r\n")
        << Ops{"ERROR|MSG payload of 3 bytes is not followed by \\r\\n (wrong size?)"};
    QTest::newRow("MSG payload ends in CR then junk")
        << QByteArray("MSG a 1 3\r\nhel\rX") << Ops{"ERROR|MSG payload of 3 bytes is not followed by \\r\\n (wrong size?)"};
    QTest::newRow("HMSG with three args")
        << QByteArray("HMSG a 1 5\r\nhello\r\n")
        << Ops{"ERROR|malformed HMSG (expected <subject> <sid> [reply-to] <#header bytes> <#total bytes>): "
               "\"HMSG a 1 5\""};
    QTest::newRow("HMSG header size not a number")
        << QByteArray("HMSG a 1 x 5\r\nhello\r\n")
        << Ops{"ERROR|malformed HMSG (header size \"x\" is not a number): \"HMSG a 1 x 5\""};
    QTest::newRow("HMSG headers larger than the total")
        << QByteArray("HMSG a 1 6 5\r\nhello\r\n")
        << Ops{"ERROR|malformed HMSG (header size 6 is larger than the total size 5): \"HMSG a 1 6 5\""};
    QTest::newRow("HMSG payload shorter than its size")
        << QByteArray("HMSG a 1 0 2\r\nhello\r\n")
        << Ops{"ERROR|HMSG payload of 2 bytes is not followed by \\r\\n (wrong size?)"};
}

void TstNatsProtocol::malformedStreamsAreErrors()
{
    QFETCH(QByteArray, stream);
    QFETCH(Ops, ops);
    QCOMPARE(readWhole(stream), ops);
    QCOMPARE(readByteByByte(stream), ops);
}

void TstNatsProtocol::controlLineOverTheLimitIsAnError()
{
    const QByteArray expected = "ERROR|control line longer than 32 bytes: \"MSG a." + QByteArray(26, 'a') + "\u2026\"";
    // Without its line end: the reader stops waiting once the limit is passed.
    const QByteArray endless = "MSG a." + QByteArray(100, 'a');
    QCOMPARE(readWhole(endless, ServerReader(32)), Ops{expected});
    QCOMPARE(readByteByByte(endless, ServerReader(32)), Ops{expected});
    // With its line end in the same feed.
    for (const QByteArray &end : {QByteArray("\r\n"), QByteArray("\n")}) {
        const QByteArray line = "MSG a." + QByteArray(100, 'a') + " 1 0" + end + end;
        QCOMPARE(readWhole(line, ServerReader(32)), Ops{expected});
        QCOMPARE(readByteByByte(line, ServerReader(32)), Ops{expected});
    }
    // One byte over, with either line end, whole or byte by byte.
    for (const QByteArray &end : {QByteArray("\r\n"), QByteArray("\n")}) {
        const QByteArray line = "PING" + QByteArray(29, ' ') + end;
        QCOMPARE(line.size(), 33 + end.size());
        const Ops over{"ERROR|control line longer than 32 bytes: \"PING" + QByteArray(28, ' ') + "\u2026\""};
        QCOMPARE(readWhole(line, ServerReader(32)), over);
        QCOMPARE(readByteByByte(line, ServerReader(32)), over);
    }
}

void TstNatsProtocol::controlLineAtTheLimitIsRead()
{
    for (const QByteArray &end : {QByteArray("\r\n"), QByteArray("\n")}) {
        const QByteArray line = "PING" + QByteArray(28, ' ') + end;
        QCOMPARE(readWhole(line, ServerReader(32)), Ops{"PING"});
        QCOMPARE(readByteByByte(line, ServerReader(32)), Ops{"PING"});
        const QByteArray subject(32 - 8, 's');
        const QByteArray message = "MSG " + subject + " 1 2" + end + "hi" + end;
        QCOMPARE(readWhole(message, ServerReader(32)), Ops{"MSG|" + subject + "|1||hi"});
        QCOMPARE(readByteByByte(message, ServerReader(32)), Ops{"MSG|" + subject + "|1||hi"});
    }
}

void TstNatsProtocol::infoMayBeLongerThanAControlLine()
{
    // A cluster's INFO lists every server's client and WebSocket listeners: nats.go and nats.c
    // read it whatever its length, so it is not held to the control-line limit.
    QByteArray urls;
    for (int i = 0; i < 400; ++i)
        urls += (i ? "," : "") + QByteArray("\"10.0.") + QByteArray::number(i / 250) + '.'
            + QByteArray::number(i % 250) + ":4222\"";
    const QByteArray json = R"({"server_id":"N1","connect_urls":[)" + urls + R"(],"ws_connect_urls":[)" + urls + "]}";
    QVERIFY(json.size() > 4096 * 2);
    const QByteArray stream = "INFO " + json + "\r\nPING\r\n";
    QCOMPARE(readWhole(stream), (Ops{"INFO|" + json, "PING"}));
    QCOMPARE(readByteByByte(stream), (Ops{"INFO|" + json, "PING"}));
    QCOMPARE(readWhole("info\t" + json + "\n", ServerReader(64)), Ops{"INFO|" + json});

    QString error;
    const std::optional<ServerInfo> info = parseInfo(json, &error);
    QVERIFY2(info.has_value(), qPrintable(error));
    QCOMPARE(info->connectUrls.size(), 400);
    QCOMPARE(info->connectUrls.last(), QStringLiteral("10.0.1.149:4222"));
    QCOMPARE(info->wsConnectUrls.size(), 400);

    // The other ops keep the control-line limit.
    QCOMPARE(readWhole("-ERR '" + QByteArray(100, 'e') + "'\r\n", ServerReader(64)).size(), 1);
    QVERIFY(readWhole("-ERR '" + QByteArray(100, 'e') + "'\r\n", ServerReader(64)).first().startsWith(
        "ERROR|control line longer than 64 bytes"));
    QVERIFY(readWhole("INFOX" + QByteArray(100, 'i') + "\r\n", ServerReader(64)).first().startsWith(
        "ERROR|control line longer than 64 bytes"));
}

void TstNatsProtocol::infoOverItsOwnLimitIsAnError()
{
    constexpr qsizetype kInfoLimit = 1024 * 1024;
    const QByteArray head = "INFO {\"x\":\"";
    const QByteArray fits = head + QByteArray(kInfoLimit - head.size() - 2, 'i') + "\"}";
    QCOMPARE(fits.size(), kInfoLimit);
    QCOMPARE(readWhole(fits + "\r\n").first().size(), kInfoLimit);
    const QByteArray expected = "ERROR|INFO longer than 1048576 bytes: \"INFO {\"x\":\"" + QByteArray(29, 'i') + "\u2026\"";
    QCOMPARE(readWhole(fits + "i\r\n"), Ops{expected});
    QCOMPARE(readWhole(fits + "i"), Ops{expected}); // without waiting for the rest
    QCOMPARE(readWhole(fits + QByteArray(100000, 'i')), Ops{expected});
}

void TstNatsProtocol::payloadOverTheLimitIsAnErrorBeforeItArrives()
{
    const Ops over{"ERROR|MSG payload of 1025 bytes is larger than the limit of 1024 bytes"};
    QCOMPARE(readWhole("MSG a 1 1025\r\n", ServerReader(4096, 1024)), over);
    QCOMPARE(readWhole("HMSG a 1 10 1025\r\n", ServerReader(4096, 1024)),
             Ops{"ERROR|HMSG payload of 1025 bytes is larger than the limit of 1024 bytes"});
    QCOMPARE(readWhole("MSG a 1 999999999999999999\r\n", ServerReader(4096, 1024)),
             Ops{"ERROR|MSG payload of 999999999999999999 bytes is larger than the limit of 1024 bytes"});
    // At the limit it is read.
    const QByteArray payload(1024, 'p');
    QCOMPARE(readWhole(msg("a", "1", payload), ServerReader(4096, 1024)), Ops{"MSG|a|1||" + payload});
}

void TstNatsProtocol::errorIsFinalUntilReset()
{
    ServerReader reader;
    ServerOp op;
    reader.feed("BOGUS\r\nPING\r\n");
    QCOMPARE(reader.next(op), ServerReader::Status::Error);
    QCOMPARE(reader.error(), QStringLiteral("unknown operation \"BOGUS\""));
    QCOMPARE(reader.next(op), ServerReader::Status::Error);
    reader.feed("PONG\r\n");
    QCOMPARE(reader.next(op), ServerReader::Status::Error);
    QCOMPARE(reader.error(), QStringLiteral("unknown operation \"BOGUS\""));

    reader.reset();
    QCOMPARE(reader.error(), QString());
    QCOMPARE(reader.buffered(), 0);
    reader.feed("PONG\r\n");
    QCOMPARE(reader.next(op), ServerReader::Status::Op);
    QCOMPARE(op.kind, ServerOp::Kind::Pong);
}

void TstNatsProtocol::resetStartsANewConnection()
{
    ServerReader reader;
    ServerOp op;
    reader.feed("INFO {}\r\nMSG a 1 10\r\nhalf");
    QCOMPARE(reader.next(op), ServerReader::Status::Op);
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    QCOMPARE(reader.buffered(), 16);
    reader.reset();
    QCOMPARE(reader.buffered(), 0);
    QCOMPARE(reader.next(op), ServerReader::Status::NeedMore);
    // Cut inside a long line: the new connection's lines are measured from their own start.
    ServerReader limited(32);
    limited.feed("-ERR '" + QByteArray(20, 'x'));
    QCOMPARE(limited.next(op), ServerReader::Status::NeedMore);
    limited.reset();
    limited.feed("PING\r\nMSG " + QByteArray(22, 's') + " 1 0\r\n\r\n");
    QCOMPARE(limited.next(op), ServerReader::Status::Op);
    QCOMPARE(op.kind, ServerOp::Kind::Ping);
    QCOMPARE(limited.next(op), ServerReader::Status::Op);
    QCOMPARE(describe(op), "MSG|" + QByteArray(22, 's') + "|1||");
}

void TstNatsProtocol::longStreamsAndBigMessagesReadInPieces()
{
    // Many ops through one reader: what was read is dropped, whatever the cut.
    ServerReader reader;
    const QByteArray one = msg("feeddeck.f.k", "1", QByteArray(1000, 'v'));
    Ops read;
    for (int i = 0; i < 500; ++i) {
        reader.feed(QByteArrayView(one).first(300));
        reader.feed(QByteArrayView(one).sliced(300));
        QVERIFY(drain(reader, read));
    }
    QCOMPARE(read.size(), 500);
    QCOMPARE(read.last(), "MSG|feeddeck.f.k|1||" + QByteArray(1000, 'v'));
    QCOMPARE(reader.buffered(), 0);

    // A 5 MiB message, then small ones.
    const QByteArray big = msg("a", "1", QByteArray(5 * 1024 * 1024, 'b'));
    for (qsizetype at = 0; at < big.size(); at += 64 * 1024) {
        reader.feed(QByteArrayView(big).sliced(at, std::min<qsizetype>(64 * 1024, big.size() - at)));
        QVERIFY(drain(reader, read));
    }
    QCOMPARE(read.size(), 501);
    QCOMPARE(read.last(), "MSG|a|1||" + QByteArray(5 * 1024 * 1024, 'b'));
    reader.feed("PING\r\n");
    QVERIFY(drain(reader, read));
    QCOMPARE(read.last(), QByteArray("PING"));
}

void TstNatsProtocol::parseInfoReadsTheServerAndItsCluster()
{
    const QByteArray json = R"({"server_id":"NDXYZ","server_name":"n1","version":"2.10.7","proto":1,"go":"go1.21",
        "host":"0.0.0.0","port":4222,"headers":true,"jetstream":true,"auth_required":true,"tls_required":true,
        "max_payload":8388608,"client_id":5,"client_ip":"127.0.0.1",
        "connect_urls":["10.0.0.1:4222","10.0.0.2:4222",3,null,"[::1]:4222"],
        "ws_connect_urls":["10.0.0.1:8080"],"ldm":false})";
    QString error = QStringLiteral("left over");
    const std::optional<ServerInfo> info = parseInfo(json, &error);
    QVERIFY(info.has_value());
    QCOMPARE(info->serverId, QStringLiteral("NDXYZ"));
    QCOMPARE(info->serverName, QStringLiteral("n1"));
    QCOMPARE(info->version, QStringLiteral("2.10.7"));
    QCOMPARE(info->maxPayload, qint64(8388608));
    QCOMPARE(info->headers, true);
    QCOMPARE(info->jetstream, true);
    QCOMPARE(info->authRequired, true);
    QCOMPARE(info->tlsRequired, true);
    QCOMPARE(info->connectUrls,
             (QStringList{QStringLiteral("10.0.0.1:4222"), QStringLiteral("10.0.0.2:4222"), QStringLiteral("[::1]:4222")}));
    QCOMPARE(info->wsConnectUrls, QStringList{QStringLiteral("10.0.0.1:8080")});
}

void TstNatsProtocol::parseInfoKeepsDefaultsForMissingOrOddValues()
{
    for (const QByteArray &json : {QByteArray("{}"), QByteArray(R"({"max_payload":0})"),
                                  QByteArray(R"({"max_payload":-5})"), QByteArray(R"({"max_payload":"big"})"),
                                  QByteArray(R"({"max_payload":1.5,"connect_urls":"a:1","headers":"yes"})")}) {
        const std::optional<ServerInfo> info = parseInfo(json, nullptr);
        QVERIFY2(info.has_value(), json.constData());
        QCOMPARE(info->maxPayload, qint64(1024 * 1024));
        QCOMPARE(info->serverId, QString());
        QCOMPARE(info->headers, false);
        QCOMPARE(info->jetstream, false);
        QCOMPARE(info->authRequired, false);
        QCOMPARE(info->tlsRequired, false);
        QCOMPARE(info->connectUrls, QStringList());
        QCOMPARE(info->wsConnectUrls, QStringList());
    }
}

void TstNatsProtocol::parseInfoRejectsWhatIsNotAnObject_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("INFO is not a JSON object");
    QTest::newRow("empty array") << QByteArray("[]") << QStringLiteral("INFO is not a JSON object");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("INFO is not valid JSON (illegal value at offset 0)");
    QTest::newRow("number") << QByteArray("42") << QStringLiteral("INFO is not valid JSON (illegal value at offset 1)");
    QTest::newRow("truncated") << QByteArray(R"({"server_id":"N)")
                               << QStringLiteral("INFO is not valid JSON (unterminated string at offset 16)");
    QTest::newRow("trailing junk") << QByteArray("{} x")
                                   << QStringLiteral("INFO is not valid JSON (garbage at the end of the document at "
                                                     "offset 3)");
}

void TstNatsProtocol::parseInfoRejectsWhatIsNotAnObject()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!parseInfo(json, &said).has_value());
    QCOMPARE(said, error);
    QVERIFY(!parseInfo(json, nullptr).has_value());
}

void TstNatsProtocol::parseHeadersReadsStatusAndEntries_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("description");
    QTest::addColumn<Ops>("entries");

    QTest::newRow("heartbeat") << kHeartbeatHeaders << 100 << QByteArray("Idle Heartbeat")
                               << Ops{"Nats-Last-Consumer=7", "Nats-Last-Stream=9"};
    QTest::newRow("flow control") << QByteArray("NATS/1.0 100 FlowControl Request\r\n\r\n") << 100
                                  << QByteArray("FlowControl Request") << Ops{};
    QTest::newRow("no responders") << QByteArray("NATS/1.0 503\r\n\r\n") << 503 << QByteArray() << Ops{};
    QTest::newRow("plain version line") << QByteArray("NATS/1.0\r\nA: 1\r\nB:2\r\n\r\n") << 0 << QByteArray()
                                        << Ops{"A=1", "B=2"};
    QTest::newRow("blanks around names and values")
        << QByteArray("NATS/1.0  408 \t Request Timeout \r\n X-Key \t:\t value with  spaces \t\r\n\r\n") << 408
        << QByteArray("Request Timeout") << Ops{"X-Key=value with  spaces"};
    QTest::newRow("value holding colons") << QByteArray("NATS/1.0\r\nUrl: http://h:1/x\r\n\r\n") << 0 << QByteArray()
                                          << Ops{"Url=http://h:1/x"};
    QTest::newRow("empty value") << QByteArray("NATS/1.0\r\nEmpty:\r\n\r\n") << 0 << QByteArray() << Ops{"Empty="};
    QTest::newRow("repeated name") << QByteArray("NATS/1.0\r\nK: a\r\nK: b\r\n\r\n") << 0 << QByteArray()
                                   << Ops{"K=a", "K=b"};
    QTest::newRow("lines without a name are skipped")
        << QByteArray("NATS/1.0\r\nno colon\r\n: no name\r\nK: v\r\n\r\n") << 0 << QByteArray() << Ops{"K=v"};
    QTest::newRow("bare LF line ends") << QByteArray("NATS/1.0 503\nK: v\n\n") << 503 << QByteArray() << Ops{"K=v"};
    QTest::newRow("nothing after the blank line is read")
        << QByteArray("NATS/1.0\r\nA: 1\r\n\r\nB: 2\r\n") << 0 << QByteArray() << Ops{"A=1"};
    QTest::newRow("no final blank line") << QByteArray("NATS/1.0 404 Not Found\r\nA: 1") << 404
                                         << QByteArray("Not Found") << Ops{"A=1"};
    QTest::newRow("code of four digits is no status") << QByteArray("NATS/1.0 1000\r\n\r\n") << 0
                                                      << QByteArray("1000") << Ops{};
    QTest::newRow("code not a number") << QByteArray("NATS/1.0 abc\r\n\r\n") << 0 << QByteArray("abc") << Ops{};
    QTest::newRow("no status line") << QByteArray("K: v\r\n\r\n") << 0 << QByteArray() << Ops{"K=v"};
    QTest::newRow("empty block") << QByteArray() << 0 << QByteArray() << Ops{};
}

void TstNatsProtocol::parseHeadersReadsStatusAndEntries()
{
    QFETCH(QByteArray, block);
    QFETCH(int, status);
    QFETCH(QByteArray, description);
    QFETCH(Ops, entries);
    const MessageHeaders headers = parseHeaders(block);
    QCOMPARE(headers.status, status);
    QCOMPARE(headers.description, description);
    Ops read;
    for (const auto &[name, value] : headers.entries)
        read.append(name + '=' + value);
    QCOMPARE(read, entries);
}

void TstNatsProtocol::headerValuesAreFoundIgnoringCase()
{
    const MessageHeaders headers = parseHeaders("NATS/1.0\r\nNats-Msg-Id: 1\r\nnats-msg-id: 2\r\nX: \r\n\r\n");
    QCOMPARE(headers.value("Nats-Msg-Id"), QByteArray("1")); // the first of repeated names
    QCOMPARE(headers.value("NATS-MSG-ID"), QByteArray("1"));
    QCOMPARE(headers.value("x"), QByteArray(""));
    QCOMPARE(headers.value("Nats-Msg"), QByteArray());
    QCOMPARE(headers.value("Nats-Msg-Id2"), QByteArray());
}

QTEST_APPLESS_MAIN(TstNatsProtocol)

#include "tst_natsprotocol.moc"
