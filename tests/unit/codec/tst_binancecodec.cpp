#include "core/codec/BinanceCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include "CodecRobustness.h"
#include "CodecTestSupport.h"
#include "tests/unit/support/RecordedFrames.h"

#include <QtTest>

#include <cmath>
#include <tuple>

using namespace feeddeck;
using codec::BinanceCodec;
using codec::DecodeResult;
using codec::FrameKind;
using codec::IssueKind;

namespace {

using testing::Fields;
using testing::fieldsOf;
using testing::isPrintableLine;
using testing::kReceivedMs;

QByteArray readFrame(const QString &file)
{
    return testing::readFrameFrom("binance", file);
}

constexpr qint64 kEventMs = Q_INT64_C(1672515782136);

// A sanity check for any result: the kinds and their payloads agree, and fields are canonical.
void checkConsistent(const DecodeResult &result)
{
    switch (result.kind) {
    case FrameKind::Data:
        QVERIFY(!result.updates.isEmpty());
        QVERIFY(result.issues.isEmpty());
        for (const data::Update &update : result.updates) {
            QVERIFY(!update.symbol.isEmpty());
            QCOMPARE(update.symbol, update.symbol.toUpper());
            QCOMPARE(update.receivedMs, kReceivedMs);
            qsizetype lastIndex = -1;
            for (const data::FieldValue &field : update.fields) {
                QVERIFY(std::isfinite(field.value));
                const qsizetype index = data::fields::canonicalOrder().indexOf(field.name);
                QVERIFY2(index > lastIndex, qPrintable(field.name)); // canonical names, canonical order
                lastIndex = index;
            }
        }
        break;
    case FrameKind::Control:
        QVERIFY(result.updates.isEmpty());
        for (const codec::DecodeIssue &issue : result.issues) {
            QVERIFY(issue.kind == IssueKind::ServerError || issue.kind == IssueKind::SymbolRejected);
            QVERIFY(isPrintableLine(issue.detail));
        }
        break;
    case FrameKind::Bad:
        QVERIFY(result.updates.isEmpty());
        QVERIFY(!result.subscriptionAck);
        QCOMPARE(result.issues.size(), 1);
        QVERIFY(!result.issues.first().detail.isEmpty());
        QVERIFY(result.issues.first().detail.size() <= 200);
        QVERIFY(isPrintableLine(result.issues.first().detail));
        break;
    }
}

QJsonObject parseFrame(const QByteArray &frame)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

QStringList paramsOf(const QByteArray &frame)
{
    QStringList params;
    for (const QJsonValue &v : parseFrame(frame).value(QLatin1String("params")).toArray())
        params.append(v.toString());
    return params;
}

qint64 idOf(const QByteArray &frame)
{
    return parseFrame(frame).value(QLatin1String("id")).toInteger(-1);
}

QByteArray ack(qint64 id)
{
    return QStringLiteral(R"({"result":null,"id":%1})").arg(id).toUtf8();
}

QByteArray refusal(qint64 id, const char *msg = "Invalid request: invalid symbol")
{
    return QStringLiteral(R"({"error":{"code":2,"msg":"%1"},"id":%2})").arg(QLatin1String(msg)).arg(id).toUtf8();
}

} // namespace

class TstBinanceCodec : public QObject
{
    Q_OBJECT

private slots:
    void decodesRecordedFrames_data();
    void decodesRecordedFrames();
    void everyRecordedFrameHasAnExpectation();
    void rawAndCombinedPayloadsDecodeAlike();

    void subscribeSendsOneFrameWithLowerCaseStreamsForEverySymbol();
    void unsubscribeNamesTheSameStreams();
    void requestIdsIncreasePerCodecInstance();
    void emptyAndDuplicateSymbolsAreDropped();
    void unknownStreamsAreDroppedAndNoneMeansTicker();
    void symbolsAreEscapedInRequests_data();
    void symbolsAreEscapedInRequests();
    void reportsProtocolUpperCaseSymbolsAndExpectsAnAck();

    void ackConfirmsASubscribeOnceAndForgetsItsId();
    void errorRepliesAreTiedToTheRequestTheyAnswer();
    void refusedMultiSymbolRequestIsSplitOnTheNextSubscription();
    void onlyTheRefusedSymbolsAreSplit();
    void refusalDetailListsAFewSymbols();
    void unsubscribingDropsASymbolFromTheSplit();
    void pendingRequestsAreBounded();
    void splitListIsBounded();

    void emptyFrameIsBadNotACrash();
    void everyPrefixOfEachPayloadIsBad();
    void shorterFrameAfterLongerOneSeesNoStaleBytes();
    void randomBytesAndMutatedPayloadsNeverCrash();
    void sixteenMebibyteFramesAreHandled();
    void badJsonExcerptIsShortAndPrintable();
    void wrongTypeDetailNamesFieldValueAndFrame();
    void manyDistinctSymbolsKeepTheirOwnNames();
};

namespace {

Fields tickerFields()
{
    namespace f = data::fields;
    return {{f::kPrice, 0.0025},   {f::kBid, 0.0024},    {f::kAsk, 0.0026},   {f::kBidSize, 10},
            {f::kAskSize, 100},    {f::kSize, 10},       {f::kOpen24h, 0.001}, {f::kHigh24h, 0.0025},
            {f::kLow24h, 0.001},   {f::kVolume24h, 10000}, {f::kChangePct, 250}};
}

Fields bookTickerFields()
{
    namespace f = data::fields;
    return {{f::kBid, 25.3519}, {f::kAsk, 25.3652}, {f::kBidSize, 31.21}, {f::kAskSize, 40.66}};
}

Fields tradeFields()
{
    namespace f = data::fields;
    return {{f::kPrice, 0.001}, {f::kSize, 100}};
}

// What the recorded frames must decode to. Each frame is decoded by a codec that has just
// sent one SUBSCRIBE for "btcusdt" (id 1), so replies with id 1 answer that request.
QList<testing::FrameExpectation> recordedFrames()
{
    namespace f = data::fields;
    testing::FrameExpectations rows;

    rows.data("ticker.json", QStringLiteral("BNBBTC"), tickerFields(), kEventMs);
    rows.data("ticker_combined.json", QStringLiteral("BNBBTC"), tickerFields(), kEventMs);
    rows.data("ticker_combined_data_first.json", QStringLiteral("BNBBTC"), tickerFields(), kEventMs);
    rows.data("book_ticker.json", QStringLiteral("BNBUSDT"), bookTickerFields(), data::kNoTime);
    rows.data("book_ticker_combined.json", QStringLiteral("BNBUSDT"), bookTickerFields(), data::kNoTime);
    rows.data("trade.json", QStringLiteral("BNBBTC"), tradeFields(), kEventMs);
    rows.data("trade_combined.json", QStringLiteral("BNBBTC"), tradeFields(), kEventMs);
    rows.data("trade_without_trade_time.json", QStringLiteral("BNBBTC"), tradeFields(), Q_INT64_C(1672515782999));
    rows.data("ticker_numbers.json", QStringLiteral("ETHUSDT"),
              {{f::kPrice, 2250.5},
               {f::kBid, 2250.49},
               {f::kAsk, 2250.51},
               {f::kBidSize, 3.5},
               {f::kAskSize, 0.25},
               {f::kSize, 0.1},
               {f::kOpen24h, 2200},
               {f::kHigh24h, 2300},
               {f::kLow24h, 2150.25},
               {f::kVolume24h, 98765.4321},
               {f::kChangePct, 2.295}},
              kEventMs);
    rows.data("ticker_minimal.json", QStringLiteral("ADAUSDT"), {{f::kPrice, 0.45}}, data::kNoTime);
    rows.data("ticker_huge_numbers.json", QStringLiteral("BTCUSDT"),
              {{f::kPrice, 1e308}, {f::kBid, 1e-8}, {f::kOpen24h, 1e-300}, {f::kVolume24h, 1.7976931348623157e308}},
              kEventMs);
    rows.data("ticker_negative_numbers.json", QStringLiteral("SPREADX"),
              {{f::kPrice, -1.5}, {f::kBid, -2.25}, {f::kAsk, -0.0}, {f::kOpen24h, -3}, {f::kChangePct, -50}}, kEventMs);
    // A connection opened with timeUnit=MICROSECOND: the time is still stored in milliseconds.
    rows.data("ticker_time_microseconds.json", QStringLiteral("BTCUSDT"), {{f::kPrice, 16500.5}}, kEventMs);
    rows.data("ticker_lower_case_symbol.json", QStringLiteral("BTCUSDT"), {{f::kPrice, 16500.5}}, kEventMs);

    rows.control("ack.json", true);
    rows.control("ack_unknown_id.json", false);
    rows.control("reply_with_result_list.json", false);
    rows.control("error_invalid_request.json", false, int(IssueKind::SymbolRejected), QStringLiteral("BTCUSDT"),
                 {QStringLiteral("Invalid request: invalid stream name btcusdt@ticker (code 2)")});
    rows.control("error_code_msg.json", false, int(IssueKind::SymbolRejected), QStringLiteral("BTCUSDT"),
                 {QStringLiteral("Invalid symbol. (code -1121)")});
    rows.control("error_unknown_id.json", false, int(IssueKind::ServerError), QString(),
                 {QStringLiteral("Invalid request: unknown id (code 2)")});
    rows.control("error_without_id.json", false, int(IssueKind::ServerError), QString(),
                 {QStringLiteral("Invalid JSON: expected value at line 1 column 1 (code 3)")});
    rows.control("unknown_event_kline.json", false);
    rows.control("unknown_event_agg_trade.json", false);
    rows.control("depth_snapshot.json", false);
    rows.control("empty_object.json", false);

    const QString tickerExcerpt = QStringLiteral("{\"e\":\"24hrTicker\",");
    rows.bad("ticker_overflow.json", IssueKind::WrongType, {QStringLiteral("\"c\""), QStringLiteral("1e400")});
    rows.bad("ticker_price_null.json", IssueKind::WrongType, {QStringLiteral("\"c\""), QStringLiteral("null")});
    rows.bad("ticker_bid_text.json", IssueKind::WrongType, {QStringLiteral("\"b\""), QStringLiteral("\"n/a\"")});
    rows.bad("ticker_ask_object.json", IssueKind::WrongType, {QStringLiteral("\"a\""), QStringLiteral("an object")});
    rows.bad("ticker_symbol_number.json", IssueKind::WrongType, {QStringLiteral("\"s\""), QStringLiteral("got 42")});
    rows.bad("ticker_time_text.json", IssueKind::WrongType, {QStringLiteral("\"E\""), QStringLiteral("\"soon\"")});
    rows.bad("ticker_time_negative.json", IssueKind::WrongType, {QStringLiteral("\"E\""), QStringLiteral("got -5")});
    rows.bad("ticker_missing_symbol.json", IssueKind::MissingField, {QStringLiteral("\"s\""), tickerExcerpt});
    rows.bad("ticker_missing_price.json", IssueKind::MissingField, {QStringLiteral("\"c\""), tickerExcerpt});
    rows.bad("book_ticker_missing_ask.json", IssueKind::MissingField,
             {QStringLiteral("\"a\""), QStringLiteral("{\"u\":400900217,")});
    rows.bad("book_ticker_bid_size_bool.json", IssueKind::WrongType, {QStringLiteral("\"B\""), QStringLiteral("true")});
    rows.bad("trade_missing_price.json", IssueKind::MissingField,
             {QStringLiteral("\"p\""), QStringLiteral("{\"e\":\"trade\",")});
    rows.bad("trade_quantity_array.json", IssueKind::WrongType, {QStringLiteral("\"q\""), QStringLiteral("an array")});
    rows.bad("combined_data_not_object.json", IssueKind::WrongType,
             {QStringLiteral("\"data\""), QStringLiteral("an object"), QStringLiteral("\"oops\"")});
    rows.bad("event_not_string.json", IssueKind::WrongType, {QStringLiteral("\"e\""), QStringLiteral("got 5")});
    rows.bad("malformed_truncated.json", IssueKind::BadJson, {QStringLiteral("truncated"), tickerExcerpt});
    rows.bad("malformed_not_object.json", IssueKind::BadJson, {QStringLiteral("not a JSON object")});
    rows.bad("malformed_trailing_content.json", IssueKind::BadJson, {QStringLiteral("after the JSON object")});
    rows.bad("malformed_bad_literal.json", IssueKind::BadJson, {QStringLiteral("bad literal"), QStringLiteral("\"x\":tru}")});
    rows.bad("malformed_bad_number.json", IssueKind::BadJson, {QStringLiteral("bad number")});
    rows.bad("non_utf8.json", IssueKind::BadJson, {QStringLiteral("UTF-8"), QStringLiteral("BTC\uFFFD")});
    rows.bad("deeply_nested.json", IssueKind::BadJson, {QStringLiteral("nested too deeply")});
    rows.bad("deeply_nested_in_data.json", IssueKind::BadJson, {QStringLiteral("nested too deeply")});
    return rows.list();
}

} // namespace

void TstBinanceCodec::decodesRecordedFrames_data()
{
    testing::addRecordedFrameRows(recordedFrames());
}

void TstBinanceCodec::decodesRecordedFrames()
{
    QFETCH(const testing::FrameExpectation, expected);
    BinanceCodec codec;
    QCOMPARE(idOf(codec.subscribeMessages({QStringLiteral("btcusdt")}).value(0)), 1);
    // Exact values in canonical order; nothing else (no trade id, quote volume or counts).
    const DecodeResult result = testing::checkRecordedFrame(
        "binance", expected, [&](const QByteArray &frame) { return codec.decode(frame, kReceivedMs); }, checkConsistent);
    if (!QTest::currentTestFailed() && expected.issue == int(IssueKind::SymbolRejected))
        QCOMPARE(result.issues.first().detail, expected.detailParts.value(0)); // exactly "msg (code N)"
}

void TstBinanceCodec::everyRecordedFrameHasAnExpectation()
{
    testing::compareRowsWithFrameFiles("binance", recordedFrames());
}

void TstBinanceCodec::rawAndCombinedPayloadsDecodeAlike()
{
    // One codec sees both forms interleaved, as on a feed whose URL changed between /ws and /stream.
    BinanceCodec codec({QStringLiteral("ticker"), QStringLiteral("bookTicker"), QStringLiteral("trade")});
    const QStringList pairs[] = {
        {QStringLiteral("ticker.json"), QStringLiteral("ticker_combined.json")},
        {QStringLiteral("book_ticker.json"), QStringLiteral("book_ticker_combined.json")},
        {QStringLiteral("trade.json"), QStringLiteral("trade_combined.json")},
    };
    for (const QStringList &pair : pairs) {
        const DecodeResult raw = codec.decode(readFrame(pair.at(0)), kReceivedMs);
        const DecodeResult combined = codec.decode(readFrame(pair.at(1)), kReceivedMs);
        QCOMPARE(raw.kind, FrameKind::Data);
        QCOMPARE(combined.kind, FrameKind::Data);
        QCOMPARE(combined.updates.first().symbol, raw.updates.first().symbol);
        QCOMPARE(combined.updates.first().sourceMs, raw.updates.first().sourceMs);
        QCOMPARE(fieldsOf(combined.updates.first()), fieldsOf(raw.updates.first()));
    }
}

void TstBinanceCodec::subscribeSendsOneFrameWithLowerCaseStreamsForEverySymbol()
{
    BinanceCodec codec({QStringLiteral("ticker"), QStringLiteral("bookTicker"), QStringLiteral("trade")});
    const QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("BTCUSDT"), QStringLiteral("ethusdt")});
    QCOMPARE(frames.size(), 1);
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("method")).toString(), QStringLiteral("SUBSCRIBE"));
    QCOMPARE(paramsOf(frames.first()),
             QStringList({"btcusdt@ticker", "btcusdt@bookTicker", "btcusdt@trade", "ethusdt@ticker",
                          "ethusdt@bookTicker", "ethusdt@trade"}));
    QCOMPARE(message.value(QLatin1String("id")).toInteger(), 1);
    QVERIFY(message.value(QLatin1String("id")).isDouble()); // a number, as Binance echoes it
    QCOMPARE(codec.pendingRequestCount(), 1);
}

void TstBinanceCodec::unsubscribeNamesTheSameStreams()
{
    BinanceCodec codec({QStringLiteral("bookTicker")});
    const QList<QByteArray> frames = codec.unsubscribeMessages({QStringLiteral("SolUsdt")});
    QCOMPARE(frames.size(), 1);
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("method")).toString(), QStringLiteral("UNSUBSCRIBE"));
    QCOMPARE(paramsOf(frames.first()), QStringList({"solusdt@bookTicker"}));
    QCOMPARE(idOf(frames.first()), 1);
}

void TstBinanceCodec::requestIdsIncreasePerCodecInstance()
{
    BinanceCodec codec;
    QCOMPARE(idOf(codec.subscribeMessages({QStringLiteral("btcusdt")}).value(0)), 1);
    QCOMPARE(idOf(codec.unsubscribeMessages({QStringLiteral("btcusdt")}).value(0)), 2);
    QCOMPARE(idOf(codec.subscribeMessages({QStringLiteral("ethusdt"), QStringLiteral("bnbusdt")}).value(0)), 3);
    QVERIFY(codec.subscribeMessages({}).isEmpty()); // nothing sent, no id used
    QCOMPARE(idOf(codec.subscribeMessages({QStringLiteral("adausdt")}).value(0)), 4);
    QCOMPARE(codec.pendingRequestCount(), 4);

    BinanceCodec other;
    QCOMPARE(idOf(other.subscribeMessages({QStringLiteral("btcusdt")}).value(0)), 1);
}

void TstBinanceCodec::emptyAndDuplicateSymbolsAreDropped()
{
    BinanceCodec codec;
    QVERIFY(codec.subscribeMessages({}).isEmpty());
    QVERIFY(codec.unsubscribeMessages({}).isEmpty());
    QVERIFY(codec.subscribeMessages({QString()}).isEmpty());
    QCOMPARE(codec.pendingRequestCount(), 0);

    // "btcusdt" and "BTCUSDT" name the same stream.
    const QStringList symbols{QStringLiteral("btcusdt"), QString(), QStringLiteral("BTCUSDT"), QStringLiteral("ethusdt")};
    const QList<QByteArray> frames = codec.subscribeMessages(symbols);
    QCOMPARE(frames.size(), 1);
    QCOMPARE(paramsOf(frames.first()), QStringList({"btcusdt@ticker", "ethusdt@ticker"}));
    QCOMPARE(paramsOf(codec.unsubscribeMessages(symbols).value(0)), QStringList({"btcusdt@ticker", "ethusdt@ticker"}));
}

void TstBinanceCodec::unknownStreamsAreDroppedAndNoneMeansTicker()
{
    QCOMPARE(BinanceCodec::supportedStreams(), QStringList({"ticker", "bookTicker", "trade"}));
    BinanceCodec codec({QStringLiteral("trade"), QStringLiteral("depth"), QStringLiteral("trade"),
                        QStringLiteral("bookticker"), QStringLiteral("ticker")});
    QCOMPARE(codec.streams(), QStringList({"trade", "ticker"}));
    QCOMPARE(paramsOf(codec.subscribeMessages({QStringLiteral("btcusdt")}).value(0)),
             QStringList({"btcusdt@trade", "btcusdt@ticker"}));

    BinanceCodec fallback(QStringList{});
    QCOMPARE(fallback.streams(), QStringList({"ticker"}));
    BinanceCodec allUnknown({QStringLiteral("kline_1m")});
    QCOMPARE(allUnknown.streams(), QStringList({"ticker"}));
}

void TstBinanceCodec::symbolsAreEscapedInRequests_data()
{
    QTest::addColumn<QString>("symbol");

    QTest::newRow("quote") << QStringLiteral("btc\"usdt");
    QTest::newRow("backslash") << QStringLiteral("btc\\usdt");
    QTest::newRow("json injection") << QStringLiteral("x\"],\"method\":\"UNSUBSCRIBE");
    QTest::newRow("newline and tab") << QStringLiteral("btc\n\tusdt");
    QTest::newRow("control character") << QString::fromUtf8("btc\x01\x1fusdt");
    QTest::newRow("non-ascii") << QString::fromUtf8("\xe2\x82\xac" "usdt");
    QTest::newRow("outside the BMP") << QString::fromUtf8("\xf0\x9f\x98\x80" "usdt");
}

void TstBinanceCodec::symbolsAreEscapedInRequests()
{
    QFETCH(QString, symbol);
    BinanceCodec codec;
    const QList<QByteArray> frames = codec.subscribeMessages({symbol, QStringLiteral("ethusdt")});
    QCOMPARE(frames.size(), 1);
    for (const char c : frames.first())
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, "raw control byte in the frame");
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("method")).toString(), QStringLiteral("SUBSCRIBE"));
    QCOMPARE(paramsOf(frames.first()), QStringList({symbol.toLower() + "@ticker", "ethusdt@ticker"}));
}

void TstBinanceCodec::reportsProtocolUpperCaseSymbolsAndExpectsAnAck()
{
    BinanceCodec codec;
    QCOMPARE(codec.protocol(), QStringLiteral("binance"));
    QVERIFY(codec.expectsSubscriptionAck());
    QCOMPARE(codec.displaySymbol(QStringLiteral("btcusdt")), QStringLiteral("BTCUSDT"));
    QCOMPARE(codec.displaySymbol(QStringLiteral("EthUsdt")), QStringLiteral("ETHUSDT"));
    QCOMPARE(codec.displaySymbol(QStringLiteral("BNBBTC")), QStringLiteral("BNBBTC"));
}

void TstBinanceCodec::ackConfirmsASubscribeOnceAndForgetsItsId()
{
    BinanceCodec codec;
    const qint64 subscribeId = idOf(codec.subscribeMessages({QStringLiteral("btcusdt")}).value(0));
    const qint64 unsubscribeId = idOf(codec.unsubscribeMessages({QStringLiteral("ethusdt")}).value(0));
    QCOMPARE(codec.pendingRequestCount(), 2);

    DecodeResult result = codec.decode(ack(unsubscribeId), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QVERIFY(!result.subscriptionAck); // confirms an UNSUBSCRIBE, not the subscription
    QCOMPARE(codec.pendingRequestCount(), 1);

    result = codec.decode(ack(subscribeId), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QVERIFY(result.subscriptionAck);
    QVERIFY(result.issues.isEmpty());
    QCOMPARE(codec.pendingRequestCount(), 0);

    result = codec.decode(ack(subscribeId), kReceivedMs); // a repeated reply is no longer ours
    QCOMPARE(result.kind, FrameKind::Control);
    QVERIFY(!result.subscriptionAck);

    // Ids that were never sent, or are not plain numbers, confirm nothing.
    std::ignore = codec.subscribeMessages({QStringLiteral("bnbusdt")});
    for (const QByteArray &reply : {QByteArray(R"({"result":null,"id":"3"})"), QByteArray(R"({"result":null,"id":3.0})"),
                                    QByteArray(R"({"result":null,"id":-3})"), QByteArray(R"({"result":null})")}) {
        result = codec.decode(reply, kReceivedMs);
        QCOMPARE(result.kind, FrameKind::Control);
        QVERIFY2(!result.subscriptionAck, reply.constData());
    }
    QCOMPARE(codec.pendingRequestCount(), 1);
    QVERIFY(codec.decode(ack(3), kReceivedMs).subscriptionAck);
}

void TstBinanceCodec::errorRepliesAreTiedToTheRequestTheyAnswer()
{
    BinanceCodec codec({QStringLiteral("ticker"), QStringLiteral("bookTicker")});
    const qint64 first = idOf(codec.subscribeMessages({QStringLiteral("btcusdt")}).value(0));
    const qint64 second = idOf(codec.subscribeMessages({QStringLiteral("foousdt")}).value(0));
    const qint64 third = idOf(codec.unsubscribeMessages({QStringLiteral("ethusdt")}).value(0));
    QCOMPARE(QList<qint64>({first, second, third}), QList<qint64>({1, 2, 3}));

    // Answered out of order: each refusal names the symbol of its own request.
    DecodeResult result = codec.decode(R"({"code":-1121,"msg":"Invalid symbol.","id":2})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QVERIFY(!result.subscriptionAck);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("FOOUSDT"));
    QCOMPARE(result.issues.first().detail, QStringLiteral("Invalid symbol. (code -1121)"));

    // A refused UNSUBSCRIBE does not mark a symbol refused: it is a server error.
    result = codec.decode(refusal(third, "Invalid request: not subscribed"), kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail,
             QStringLiteral("unsubscribing from ETHUSDT refused: Invalid request: not subscribed (code 2)"));
    QVERIFY(result.issues.first().symbol.isEmpty());

    result = codec.decode(ack(first), kReceivedMs);
    QVERIFY(result.subscriptionAck);
    QVERIFY(result.issues.isEmpty());
    QCOMPARE(codec.pendingRequestCount(), 0);

    // The same refusal again answers no request any more.
    result = codec.decode(R"({"code":-1121,"msg":"Invalid symbol.","id":2})", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("Invalid symbol. (code -1121)"));

    // Replies without a usable reason still say something.
    result = codec.decode(R"({"error":{},"id":77})", kReceivedMs);
    QCOMPARE(result.issues.first().detail, QStringLiteral("no reason given"));
    result = codec.decode(R"({"error":"Too many requests"})", kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("Too many requests"));
    QVERIFY(codec.splitSymbols().isEmpty());
}

void TstBinanceCodec::refusedMultiSymbolRequestIsSplitOnTheNextSubscription()
{
    // What FeedConnection drives: the full set on open, the refusal, the next open, the
    // refusal of the one bad symbol, and the resubscription of the rest.
    BinanceCodec codec;
    const QStringList symbols{QStringLiteral("btcusdt"), QStringLiteral("foousdt"), QStringLiteral("ethusdt")};
    QList<QByteArray> frames = codec.subscribeMessages(symbols);
    QCOMPARE(frames.size(), 1);

    DecodeResult result = codec.decode(refusal(idOf(frames.first())), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError); // which symbol is unknown: none is marked
    QCOMPARE(result.issues.first().detail,
             QStringLiteral("subscription to BTCUSDT, FOOUSDT, ETHUSDT refused: Invalid request: invalid symbol "
                            "(code 2); asking for each symbol separately"));
    QVERIFY(result.resubscribe);
    QCOMPARE(codec.splitSymbols(), QStringList({"BTCUSDT", "FOOUSDT", "ETHUSDT"}));

    frames = codec.subscribeMessages(symbols);
    QCOMPARE(frames.size(), 3);
    QCOMPARE(paramsOf(frames.at(0)), QStringList({"btcusdt@ticker"}));
    QCOMPARE(paramsOf(frames.at(1)), QStringList({"foousdt@ticker"}));
    QCOMPARE(paramsOf(frames.at(2)), QStringList({"ethusdt@ticker"}));
    QCOMPARE(QList<qint64>({idOf(frames.at(0)), idOf(frames.at(1)), idOf(frames.at(2))}), QList<qint64>({2, 3, 4}));
    QVERIFY(codec.splitSymbols().isEmpty()); // split once, not forever

    QVERIFY(codec.decode(ack(2), kReceivedMs).subscriptionAck);
    result = codec.decode(refusal(3), kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("FOOUSDT"));
    QVERIFY(codec.decode(ack(4), kReceivedMs).subscriptionAck);

    // The rest goes back into one request.
    frames = codec.subscribeMessages({QStringLiteral("btcusdt"), QStringLiteral("ethusdt")});
    QCOMPARE(frames.size(), 1);
    QCOMPARE(paramsOf(frames.first()), QStringList({"btcusdt@ticker", "ethusdt@ticker"}));
}

void TstBinanceCodec::onlyTheRefusedSymbolsAreSplit()
{
    BinanceCodec codec({QStringLiteral("ticker"), QStringLiteral("trade")});
    std::ignore = codec.subscribeMessages({QStringLiteral("btcusdt")});
    const QList<QByteArray> added = codec.subscribeMessages({QStringLiteral("xxxusdt"), QStringLiteral("yyyusdt")});
    const DecodeResult result = codec.decode(refusal(idOf(added.first())), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(codec.splitSymbols(), QStringList({"XXXUSDT", "YYYUSDT"}));

    // A delta that does not contain them leaves them waiting for the full resubscription.
    QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("solusdt"), QStringLiteral("adausdt")});
    QCOMPARE(frames.size(), 1);
    QCOMPARE(codec.splitSymbols(), QStringList({"XXXUSDT", "YYYUSDT"}));

    // The symbols that were never refused share one request; the refused ones go alone.
    frames = codec.subscribeMessages(
        {QStringLiteral("btcusdt"), QStringLiteral("YYYUSDT"), QStringLiteral("ethusdt"), QStringLiteral("xxxusdt")});
    QCOMPARE(frames.size(), 3);
    QCOMPARE(paramsOf(frames.at(0)), QStringList({"btcusdt@ticker", "btcusdt@trade", "ethusdt@ticker", "ethusdt@trade"}));
    QCOMPARE(paramsOf(frames.at(1)), QStringList({"yyyusdt@ticker", "yyyusdt@trade"}));
    QCOMPARE(paramsOf(frames.at(2)), QStringList({"xxxusdt@ticker", "xxxusdt@trade"}));
    QVERIFY(codec.splitSymbols().isEmpty());
}

void TstBinanceCodec::refusalDetailListsAFewSymbols()
{
    BinanceCodec codec;
    QStringList symbols;
    for (int i = 0; i < 8; ++i)
        symbols.append(QStringLiteral("s%1usdt").arg(i));
    const qint64 id = idOf(codec.subscribeMessages(symbols).value(0));
    const DecodeResult result = codec.decode(refusal(id), kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QVERIFY2(result.issues.first().detail.startsWith(
                 QStringLiteral("subscription to S0USDT, S1USDT, S2USDT, S3USDT, S4USDT and 3 more refused: ")),
             qPrintable(result.issues.first().detail));
    QCOMPARE(codec.splitSymbols().size(), 8);
    QCOMPARE(codec.subscribeMessages(symbols).size(), 8);
}

void TstBinanceCodec::unsubscribingDropsASymbolFromTheSplit()
{
    BinanceCodec codec;
    const qint64 id = idOf(codec.subscribeMessages({QStringLiteral("aaausdt"), QStringLiteral("bbbusdt")}).value(0));
    QVERIFY(!codec.decode(refusal(id), kReceivedMs).issues.isEmpty());
    QCOMPARE(codec.splitSymbols(), QStringList({"AAAUSDT", "BBBUSDT"}));
    std::ignore = codec.unsubscribeMessages({QStringLiteral("aaausdt")});
    QCOMPARE(codec.splitSymbols(), QStringList({"BBBUSDT"}));
}

void TstBinanceCodec::pendingRequestsAreBounded()
{
    BinanceCodec codec;
    const qsizetype total = BinanceCodec::kMaxPendingRequests + 44;
    for (qsizetype i = 0; i < total; ++i)
        QCOMPARE(codec.subscribeMessages({QStringLiteral("s%1usdt").arg(i)}).size(), 1);
    QCOMPARE(codec.pendingRequestCount(), BinanceCodec::kMaxPendingRequests);

    // The oldest were forgotten: their refusal can no longer name a symbol.
    DecodeResult result = codec.decode(refusal(1), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    result = codec.decode(refusal(44), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    result = codec.decode(refusal(45), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("S44USDT"));
    result = codec.decode(refusal(total), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("S%1USDT").arg(total - 1));
    QCOMPARE(codec.pendingRequestCount(), BinanceCodec::kMaxPendingRequests - 2);
}

void TstBinanceCodec::splitListIsBounded()
{
    BinanceCodec codec;
    QStringList symbols;
    for (qsizetype i = 0; i < BinanceCodec::kMaxSplitSymbols + 500; ++i)
        symbols.append(QStringLiteral("s%1usdt").arg(i));
    const qint64 id = idOf(codec.subscribeMessages(symbols).value(0));
    QCOMPARE(codec.decode(refusal(id), kReceivedMs).issues.first().kind, IssueKind::ServerError);
    QCOMPARE(codec.splitSymbols().size(), BinanceCodec::kMaxSplitSymbols);
    QCOMPARE(codec.splitSymbols().first(), QStringLiteral("S0USDT"));
}

void TstBinanceCodec::emptyFrameIsBadNotACrash()
{
    BinanceCodec codec;
    for (const QByteArray &frame : {QByteArray(), QByteArray(" "), QByteArray("\n\t "), QByteArray(1, '\0')}) {
        const DecodeResult result = codec.decode(frame, kReceivedMs);
        QCOMPARE(result.kind, FrameKind::Bad);
        QCOMPARE(result.issues.size(), 1);
        QCOMPARE(result.issues.first().kind, IssueKind::BadJson);
        checkConsistent(result);
    }
}

void TstBinanceCodec::everyPrefixOfEachPayloadIsBad()
{
    BinanceCodec codec;
    for (const char *file : {"ticker.json", "book_ticker_combined.json", "trade.json", "error_invalid_request.json"}) {
        const QByteArray frame = readFrame(QString::fromLatin1(file)).trimmed();
        QVERIFY(!frame.isEmpty());
        QVERIFY(codec.decode(frame, kReceivedMs).kind != FrameKind::Bad);
        for (qsizetype length = 0; length < frame.size(); ++length) {
            const DecodeResult result = codec.decode(frame.left(length), kReceivedMs);
            QVERIFY2(result.kind == FrameKind::Bad,
                     qPrintable(QStringLiteral("%1: prefix of %2 bytes").arg(QLatin1String(file)).arg(length)));
            checkConsistent(result);
        }
    }
}

void TstBinanceCodec::shorterFrameAfterLongerOneSeesNoStaleBytes()
{
    // The buffer is reused: the bytes after a short frame still hold the end of the long
    // one ("}"), which must not complete the short, truncated frame.
    BinanceCodec codec;
    const QByteArray closed = R"({"u":1,"s":"BNBUSDT","b":"1","a":"2"})";
    const QByteArray truncated = closed.left(closed.size() - 1);
    QCOMPARE(codec.decode(closed + QByteArray(40, ' '), kReceivedMs).kind, FrameKind::Data);
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(closed + "}", kReceivedMs).kind, FrameKind::Bad); // "}}" is trailing content
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(closed, kReceivedMs).kind, FrameKind::Data);

    const QByteArray unbalanced = R"({"stream":"x","data":{"u":1,"s":"BNBUSDT","b":"1","a":"2"})";
    QCOMPARE(codec.decode(unbalanced + "}}}}}}}}", kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(unbalanced, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(unbalanced + "}", kReceivedMs).kind, FrameKind::Data);
}

void TstBinanceCodec::randomBytesAndMutatedPayloadsNeverCrash()
{
    BinanceCodec codec;
    // Pending requests make mutated replies meaningful too.
    for (int i = 0; i < 20; ++i)
        std::ignore = codec.subscribeMessages({QStringLiteral("a%1usdt").arg(i), QStringLiteral("b%1usdt").arg(i)});
    QList<testing::SeedFrame> seeds;
    for (const char *file : {"ticker_combined.json", "book_ticker.json", "trade.json", "error_invalid_request.json"})
        seeds.append({&codec, readFrame(QString::fromLatin1(file))});
    testing::decodeRandomAndMutatedFrames(seeds, R"({}[]":,-.0123456789eE tfnul\absuEcAB)", checkConsistent);
    QVERIFY(codec.pendingRequestCount() <= BinanceCodec::kMaxPendingRequests);
    QVERIFY(codec.splitSymbols().size() <= BinanceCodec::kMaxSplitSymbols);
}

void TstBinanceCodec::sixteenMebibyteFramesAreHandled()
{
    BinanceCodec codec;
    testing::decodeSixteenMebibyteFrames(codec, R"({"e":"kline")", R"({"stream":"x","data":{"e":"trade","x":)", '[',
                                         readFrame(QStringLiteral("ticker.json")), QStringLiteral("BNBBTC"),
                                         checkConsistent);
}

void TstBinanceCodec::badJsonExcerptIsShortAndPrintable()
{
    BinanceCodec codec;
    testing::checkBadFrameExcerpt(codec, R"({"e":"trade",)", 110);
}

void TstBinanceCodec::wrongTypeDetailNamesFieldValueAndFrame()
{
    BinanceCodec codec;
    DecodeResult result = codec.decode(readFrame(QStringLiteral("ticker_bid_text.json")), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Bad);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().detail,
             QStringLiteral("field \"b\": expected a number, got \"n/a\"; frame: "
                            "{\"e\":\"24hrTicker\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"c\":\"16500\u2026"));

    result = codec.decode(readFrame(QStringLiteral("book_ticker_missing_ask.json")), kReceivedMs);
    QCOMPARE(result.issues.first().kind, IssueKind::MissingField);
    QVERIFY2(result.issues.first().detail.startsWith(QStringLiteral("missing field \"a\"; frame: {\"u\":400900217,")),
             qPrintable(result.issues.first().detail));

    // A payload symbol that is absurdly long is not a row.
    const QByteArray longSymbol = R"({"u":1,"s":")" + QByteArray(200, 'X') + R"(","b":"1","a":"2"})";
    result = codec.decode(longSymbol, kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Bad);
    QCOMPARE(result.issues.first().kind, IssueKind::WrongType);
    checkConsistent(result);
}

void TstBinanceCodec::manyDistinctSymbolsKeepTheirOwnNames()
{
    BinanceCodec codec;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 5000; ++i) {
            const QByteArray frame =
                QStringLiteral(R"({"u":%1,"s":"p%1usdt","b":"%1","a":"%1.5"})").arg(i).toUtf8();
            const DecodeResult result = codec.decode(frame, kReceivedMs);
            QCOMPARE(result.kind, FrameKind::Data);
            QCOMPARE(result.updates.first().symbol, QStringLiteral("P%1USDT").arg(i));
            QCOMPARE(result.updates.first().fields.first().value, double(i));
        }
    }
}

QTEST_APPLESS_MAIN(TstBinanceCodec)

#include "tst_binancecodec.moc"
