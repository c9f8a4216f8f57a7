#include "core/codec/CoinbaseCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include "CodecRobustness.h"
#include "CodecTestSupport.h"
#include "tests/unit/support/RecordedFrames.h"

#include <QtTest>

#include <cmath>

using namespace feeddeck;
using codec::CoinbaseCodec;
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
    return testing::readFrameFrom("coinbase", file);
}

// A sanity check for any result: the kinds and their payloads agree.
void checkConsistent(const DecodeResult &result)
{
    switch (result.kind) {
    case FrameKind::Data:
        QVERIFY(!result.updates.isEmpty());
        QVERIFY(result.issues.isEmpty());
        for (const data::Update &update : result.updates) {
            QVERIFY(!update.symbol.isEmpty());
            QCOMPARE(update.receivedMs, kReceivedMs);
            for (const data::FieldValue &field : update.fields)
                QVERIFY(std::isfinite(field.value));
        }
        break;
    case FrameKind::Control:
        QVERIFY(result.updates.isEmpty());
        break;
    case FrameKind::Bad:
        QVERIFY(result.updates.isEmpty());
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

QJsonArray strings(const QStringList &items)
{
    QJsonArray array;
    for (const QString &item : items)
        array.append(item);
    return array;
}

double change(double price, double open)
{
    return (price - open) / open * 100.0;
}

} // namespace

class TstCoinbaseCodec : public QObject
{
    Q_OBJECT

private slots:
    void decodesRecordedFrames_data();
    void decodesRecordedFrames();
    void everyRecordedFrameHasAnExpectation();

    void rejectedProductNamesTheSymbol();
    void otherServerErrorsCarryMessageAndReason();
    void emptyFrameIsBadNotACrash();
    void everyPrefixOfATickerIsBad();
    void shorterFrameAfterLongerOneSeesNoStaleBytes();
    void aRecycledUpdateListIsFilledAgainAndAKeptResultStaysAsItWas();
    void quickAndFullReadingsOfATickerAgree_data();
    void quickAndFullReadingsOfATickerAgree();
    void randomBytesAndMutatedTickersNeverCrash();
    void sixteenMebibyteFramesAreHandled();
    void badJsonExcerptIsShortAndPrintable();
    void wrongTypeDetailNamesFieldAndValue();
    void manyDistinctProductsKeepTheirOwnSymbols();

    void subscribeListsProductsAndDefaultChannels();
    void unsubscribeListsProductsAndChannels();
    void configuredChannelsAreSent();
    void emptySymbolListSendsNothing();
    void duplicateAndEmptySymbolsAreDropped();
    void symbolsAreEscapedInSubscriptions_data();
    void symbolsAreEscapedInSubscriptions();
    void reportsProtocolAndExpectsAnAck();

    void benchmarkTickerDecode();
};

namespace {

QList<testing::FrameExpectation> recordedFrames()
{
    namespace f = data::fields;
    testing::FrameExpectations rows;
    rows.data("ticker.json", QStringLiteral("BTC-USD"),
              {{f::kPrice, 43000.12},
               {f::kBid, 43000.11},
               {f::kAsk, 43000.13},
               {f::kBidSize, 0.51234},
               {f::kAskSize, 1.2},
               {f::kSize, 0.01},
               {f::kOpen24h, 42000.5},
               {f::kHigh24h, 43500.99},
               {f::kLow24h, 41500},
               {f::kVolume24h, 12345.67891234},
               {f::kChangePct, change(43000.12, 42000.5)}},
              Q_INT64_C(1795386137818));
    rows.data("ticker_numbers.json", QStringLiteral("ETH-USD"),
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
               {f::kChangePct, change(2250.5, 2200)}},
              Q_INT64_C(1795386138001));
    rows.data("ticker_missing_optional.json", QStringLiteral("SOL-EUR"),
              {{f::kPrice, 101.5}, {f::kBid, 101.4}, {f::kAsk, 101.6}}, Q_INT64_C(1795386139000));
    rows.data("ticker_minimal_type_last.json", QStringLiteral("ADA-USD"), {{f::kPrice, 0.45}}, data::kNoTime);
    // change_pct would be infinite here, so it is left out rather than sent as inf.
    rows.data("ticker_huge_numbers.json", QStringLiteral("BTC-USD"),
              {{f::kPrice, 1e308}, {f::kBid, 1e-8}, {f::kOpen24h, 1e-300}, {f::kVolume24h, 1.7976931348623157e308}},
              Q_INT64_C(1795386137818));
    rows.data("ticker_negative_numbers.json", QStringLiteral("SPREAD-X"),
              {{f::kPrice, -1.5}, {f::kBid, -2.25}, {f::kAsk, -0.0}, {f::kOpen24h, -3}, {f::kChangePct, -50}},
              Q_INT64_C(1795386137818));

    rows.control("heartbeat.json", false);
    rows.control("subscriptions.json", true);
    rows.control("error_invalid_product.json", false, int(IssueKind::SymbolRejected), QStringLiteral("FOO-USD"),
                 {QStringLiteral("FOO-USD is not a valid product")});
    rows.control("error_other.json", false, int(IssueKind::ServerError), QString(),
                 {QStringLiteral("Failed to subscribe"), QStringLiteral("ticker_batch is not a valid channel")});
    rows.control("unknown_type_status.json", false);
    rows.control("unknown_type_l2update.json", false);

    rows.bad("ticker_overflow.json", IssueKind::WrongType, {QStringLiteral("\"price\""), QStringLiteral("1e400")});
    rows.bad("ticker_price_null.json", IssueKind::WrongType, {QStringLiteral("\"price\""), QStringLiteral("null")});
    rows.bad("ticker_bid_text.json", IssueKind::WrongType, {QStringLiteral("\"best_bid\""), QStringLiteral("\"n/a\"")});
    rows.bad("ticker_ask_object.json", IssueKind::WrongType, {QStringLiteral("\"best_ask\""), QStringLiteral("object")});
    rows.bad("ticker_size_bool.json", IssueKind::WrongType, {QStringLiteral("\"last_size\""), QStringLiteral("true")});
    rows.bad("ticker_product_number.json", IssueKind::WrongType, {QStringLiteral("\"product_id\""), QStringLiteral("42")});
    rows.bad("ticker_time_invalid.json", IssueKind::WrongType,
             {QStringLiteral("\"time\""), QStringLiteral("2026-02-30T10:00:00Z")});
    rows.bad("ticker_time_number.json", IssueKind::WrongType, {QStringLiteral("\"time\""), QStringLiteral("1795386137818")});
    rows.bad("ticker_missing_product.json", IssueKind::MissingField, {QStringLiteral("\"product_id\"")});
    rows.bad("ticker_missing_price.json", IssueKind::MissingField, {QStringLiteral("\"price\"")});
    rows.bad("malformed_truncated.json", IssueKind::BadJson,
             {QStringLiteral("truncated"), QStringLiteral("{\"type\":\"ticker\"")});
    rows.bad("malformed_not_object.json", IssueKind::BadJson, {QStringLiteral("not a JSON object")});
    rows.bad("malformed_no_type.json", IssueKind::BadJson, {QStringLiteral("no \"type\"")});
    rows.bad("malformed_type_number.json", IssueKind::BadJson, {QStringLiteral("\"type\" is not a string")});
    rows.bad("malformed_trailing_content.json", IssueKind::BadJson, {QStringLiteral("after the JSON object")});
    rows.bad("malformed_bad_literal.json", IssueKind::BadJson, {QStringLiteral("[tru]")});
    rows.bad("malformed_bad_number.json", IssueKind::BadJson, {QStringLiteral("bad number")});
    rows.bad("non_utf8.json", IssueKind::BadJson, {QStringLiteral("UTF-8"), QStringLiteral("BTC-\uFFFD")});
    rows.bad("deeply_nested.json", IssueKind::BadJson, {QStringLiteral("nested too deeply")});
    return rows.list();
}

} // namespace

void TstCoinbaseCodec::decodesRecordedFrames_data()
{
    testing::addRecordedFrameRows(recordedFrames());
}

void TstCoinbaseCodec::decodesRecordedFrames()
{
    QFETCH(const testing::FrameExpectation, expected);
    CoinbaseCodec codec;
    // Exact values in canonical order; no extra fields (sequence, side, trade_id, volume_30d).
    testing::checkRecordedFrame(
        "coinbase", expected, [&](const QByteArray &frame) { return codec.decode(frame, kReceivedMs); }, checkConsistent);
}

void TstCoinbaseCodec::everyRecordedFrameHasAnExpectation()
{
    testing::compareRowsWithFrameFiles("coinbase", recordedFrames());
}

void TstCoinbaseCodec::rejectedProductNamesTheSymbol()
{
    CoinbaseCodec codec;
    const DecodeResult result = codec.decode(
        R"({"type":"error","message":"Failed to subscribe","reason":"DOGE-XYZ is not a valid product"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("DOGE-XYZ"));
    QCOMPARE(result.issues.first().detail, QStringLiteral("DOGE-XYZ is not a valid product"));
}

void TstCoinbaseCodec::otherServerErrorsCarryMessageAndReason()
{
    CoinbaseCodec codec;
    DecodeResult result = codec.decode(readFrame(QStringLiteral("error_other.json")), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("Failed to subscribe: ticker_batch is not a valid channel"));
    QVERIFY(result.issues.first().symbol.isEmpty());

    result = codec.decode(R"({"type":"error","message":"Authentication Failed"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("Authentication Failed"));

    result = codec.decode(R"({"type":"error"})", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QVERIFY(!result.issues.first().detail.isEmpty());
}

void TstCoinbaseCodec::emptyFrameIsBadNotACrash()
{
    CoinbaseCodec codec;
    for (const QByteArray &frame : {QByteArray(), QByteArray(" "), QByteArray("\n\t "), QByteArray(1, '\0')}) {
        const DecodeResult result = codec.decode(frame, kReceivedMs);
        QCOMPARE(result.kind, FrameKind::Bad);
        QCOMPARE(result.issues.size(), 1);
        QCOMPARE(result.issues.first().kind, IssueKind::BadJson);
        checkConsistent(result);
    }
}

void TstCoinbaseCodec::everyPrefixOfATickerIsBad()
{
    const QByteArray ticker = readFrame(QStringLiteral("ticker.json")).trimmed();
    QVERIFY(!ticker.isEmpty());
    CoinbaseCodec codec;
    QCOMPARE(codec.decode(ticker, kReceivedMs).kind, FrameKind::Data);
    for (qsizetype length = 0; length < ticker.size(); ++length) {
        const DecodeResult result = codec.decode(ticker.left(length), kReceivedMs);
        QVERIFY2(result.kind == FrameKind::Bad, qPrintable(QStringLiteral("prefix of %1 bytes").arg(length)));
        checkConsistent(result);
    }
}

void TstCoinbaseCodec::aRecycledUpdateListIsFilledAgainAndAKeptResultStaysAsItWas()
{
    const QByteArray btc =
        R"({"type":"ticker","product_id":"BTC-USD","price":"100.5","best_bid":"100.25","time":"2024-03-01T12:00:00.000000Z"})";
    const QByteArray eth = R"({"type":"ticker","product_id":"ETH-USD","price":"7.25"})";
    CoinbaseCodec codec;

    // Given back, the list of one result carries the next message: same memory, new values.
    DecodeResult first = codec.decode(btc, kReceivedMs);
    QCOMPARE(first.updates.size(), 1);
    const data::Update *memory = first.updates.constData();
    codec.recycle(std::move(first.updates));
    const DecodeResult second = codec.decode(eth, kReceivedMs);
    QCOMPARE(second.updates.size(), 1);
    QCOMPARE(second.updates.constData(), memory);
    // Nothing of the previous message stays: no bid, no venue time.
    QCOMPARE(second.updates.first().symbol, QStringLiteral("ETH-USD"));
    QCOMPARE(second.updates.first().fields.size(), 1);
    QCOMPARE(data::valueOf(second.updates.first().fields, data::fields::kPrice), 7.25);
    QCOMPARE(second.updates.first().sourceMs, data::kNoTime);
    QCOMPARE(second.updates.first().receivedMs, kReceivedMs);

    // Not given back, a result keeps its own values while the codec goes on.
    const DecodeResult third = codec.decode(btc, kReceivedMs);
    QVERIFY(third.updates.constData() != second.updates.constData());
    QCOMPARE(second.updates.first().symbol, QStringLiteral("ETH-USD"));
    QCOMPARE(third.updates.first().symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(data::valueOf(third.updates.first().fields, data::fields::kPrice), 100.5);

    // A control message in between leaves the list that was given back for the next update.
    DecodeResult fourth = codec.decode(eth, kReceivedMs);
    memory = fourth.updates.constData();
    codec.recycle(std::move(fourth.updates));
    QCOMPARE(codec.decode(R"({"type":"heartbeat","product_id":"BTC-USD"})", kReceivedMs).kind, FrameKind::Control);
    const DecodeResult fifth = codec.decode(btc, kReceivedMs);
    QCOMPARE(fifth.updates.constData(), memory);
    QCOMPARE(fifth.updates.first().symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(fifth.updates.first().fields.size(), 2);
    QCOMPARE(fifth.updates.first().sourceMs, 1709294400000);
}

void TstCoinbaseCodec::shorterFrameAfterLongerOneSeesNoStaleBytes()
{
    // The buffer is reused: the bytes after a short frame still hold the end of the long
    // one ("}"), which must not complete the short, truncated frame.
    CoinbaseCodec codec;
    const QByteArray longFrame = R"({"type":"heartbeat","product_id":"BTC-USD","padding":"xxxxxxxxxxxxxxxx"}})";
    const QByteArray closed = R"({"type":"heartbeat","product_id":"BTC-USD"})";
    const QByteArray truncated = closed.left(closed.size() - 1);
    QCOMPARE(codec.decode(closed + QByteArray(40, ' '), kReceivedMs).kind, FrameKind::Control);
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(longFrame, kReceivedMs).kind, FrameKind::Bad); // "}}" is trailing content
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(closed, kReceivedMs).kind, FrameKind::Control);

    // Unbalanced but ending in "}", with "}" left right behind it by the previous frame.
    const QByteArray unbalanced = R"({"type":"heartbeat","x":{"b":1})";
    QCOMPARE(codec.decode(unbalanced + "}}}}}}}}", kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(unbalanced, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(unbalanced + "}", kReceivedMs).kind, FrameKind::Control);
}

void TstCoinbaseCodec::quickAndFullReadingsOfATickerAgree_data()
{
    // Each row adds to a flat ticker something that only the full (simdjson) reading takes:
    // the values FeedDeck reads must come out the same either way.
    QTest::addColumn<QByteArray>("extra");
    QTest::newRow("nested object") << QByteArray(R"("meta":{"venue":"x","ids":[1,2]})");
    QTest::newRow("escaped string") << QByteArray(R"("note":"say \"hi\"\u00e9")");
    QTest::newRow("non-ASCII string") << QByteArray("\"note\":\"\xe2\x82\xac\"");
}

void TstCoinbaseCodec::quickAndFullReadingsOfATickerAgree()
{
    QFETCH(QByteArray, extra);
    const QByteArray flat = R"({"type":"ticker","product_id":"ETH-USD","price":"3000.5","open_24h":"2900",)"
                            R"("best_bid":"3000.4","best_ask":"3000.6","volume_24h":12.25,"time":"2026-11-23T15:30:00.123Z"})";
    const QByteArray full = flat.first(flat.size() - 1) + ',' + extra + '}';

    CoinbaseCodec codec;
    const DecodeResult quick = codec.decode(flat, kReceivedMs);
    QCOMPARE(quick.kind, FrameKind::Data);
    const data::Update expected = quick.updates.value(0);
    const DecodeResult slow = codec.decode(full, kReceivedMs);
    QCOMPARE(slow.kind, FrameKind::Data);
    QCOMPARE(slow.updates.size(), 1);
    QCOMPARE(slow.updates[0].symbol, QStringLiteral("ETH-USD"));
    QCOMPARE(slow.updates[0].symbol, expected.symbol);
    QCOMPARE(slow.updates[0].sourceMs, expected.sourceMs);
    QCOMPARE(fieldsOf(slow.updates[0]), fieldsOf(expected));
    QCOMPARE(fieldsOf(expected).size(), 6); // five read, change_pct derived
}

void TstCoinbaseCodec::randomBytesAndMutatedTickersNeverCrash()
{
    CoinbaseCodec codec;
    testing::decodeRandomAndMutatedFrames({{&codec, readFrame(QStringLiteral("ticker.json"))}},
                                          R"({}[]":,-.0123456789eE tfnul\ab)", checkConsistent);
}

void TstCoinbaseCodec::sixteenMebibyteFramesAreHandled()
{
    CoinbaseCodec codec;
    testing::decodeSixteenMebibyteFrames(codec, R"({"type":"status")", R"({"type":"status","junk":)", '[',
                                         readFrame(QStringLiteral("ticker.json")), QStringLiteral("BTC-USD"),
                                         checkConsistent);
}

void TstCoinbaseCodec::badJsonExcerptIsShortAndPrintable()
{
    CoinbaseCodec codec;
    testing::checkBadFrameExcerpt(codec, R"({"type":"ticker",)", 130);
}

void TstCoinbaseCodec::wrongTypeDetailNamesFieldAndValue()
{
    CoinbaseCodec codec;
    const DecodeResult result = codec.decode(readFrame(QStringLiteral("ticker_bid_text.json")), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Bad);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().detail, QStringLiteral("field \"best_bid\": expected a number, got \"n/a\""));
}

void TstCoinbaseCodec::manyDistinctProductsKeepTheirOwnSymbols()
{
    CoinbaseCodec codec;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 5000; ++i) {
            const QByteArray frame =
                QStringLiteral(R"({"type":"ticker","product_id":"P%1-USD","price":"%1"})").arg(i).toUtf8();
            const DecodeResult result = codec.decode(frame, kReceivedMs);
            QCOMPARE(result.kind, FrameKind::Data);
            QCOMPARE(result.updates.first().symbol, QStringLiteral("P%1-USD").arg(i));
            QCOMPARE(result.updates.first().fields.first().value, double(i));
        }
    }
}

void TstCoinbaseCodec::subscribeListsProductsAndDefaultChannels()
{
    CoinbaseCodec codec;
    const QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")});
    QCOMPARE(frames.size(), 1);
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("type")).toString(), QStringLiteral("subscribe"));
    QCOMPARE(message.value(QLatin1String("product_ids")).toArray(),
             strings({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    QCOMPARE(message.value(QLatin1String("channels")).toArray(),
             strings({QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
}

void TstCoinbaseCodec::unsubscribeListsProductsAndChannels()
{
    CoinbaseCodec codec;
    const QList<QByteArray> frames = codec.unsubscribeMessages({QStringLiteral("ETH-USD")});
    QCOMPARE(frames.size(), 1);
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("type")).toString(), QStringLiteral("unsubscribe"));
    QCOMPARE(message.value(QLatin1String("product_ids")).toArray(), strings({QStringLiteral("ETH-USD")}));
    QCOMPARE(message.value(QLatin1String("channels")).toArray(),
             strings({QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
}

void TstCoinbaseCodec::configuredChannelsAreSent()
{
    CoinbaseCodec codec({QStringLiteral("ticker"), QStringLiteral("status"), QStringLiteral("ticker")});
    QCOMPARE(codec.channels(), QStringList({QStringLiteral("ticker"), QStringLiteral("status")}));
    const QJsonObject message = parseFrame(codec.subscribeMessages({QStringLiteral("BTC-USD")}).value(0));
    QCOMPARE(message.value(QLatin1String("channels")).toArray(),
             strings({QStringLiteral("ticker"), QStringLiteral("status")}));

    // No channel at all would subscribe to nothing: the defaults apply.
    CoinbaseCodec fallback(QStringList{});
    QCOMPARE(fallback.channels(), QStringList({QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
}

void TstCoinbaseCodec::emptySymbolListSendsNothing()
{
    CoinbaseCodec codec;
    QVERIFY(codec.subscribeMessages({}).isEmpty());
    QVERIFY(codec.unsubscribeMessages({}).isEmpty());
    QVERIFY(codec.subscribeMessages({QString()}).isEmpty());
}

void TstCoinbaseCodec::duplicateAndEmptySymbolsAreDropped()
{
    CoinbaseCodec codec;
    const QStringList symbols{QStringLiteral("BTC-USD"), QString(), QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")};
    const QJsonObject message = parseFrame(codec.subscribeMessages(symbols).value(0));
    QCOMPARE(message.value(QLatin1String("product_ids")).toArray(),
             strings({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
}

void TstCoinbaseCodec::symbolsAreEscapedInSubscriptions_data()
{
    QTest::addColumn<QString>("symbol");

    QTest::newRow("quote") << QStringLiteral("BTC\"USD");
    QTest::newRow("backslash") << QStringLiteral("BTC\\USD");
    QTest::newRow("json injection") << QStringLiteral("X\"],\"channels\":[\"full");
    QTest::newRow("newline and tab") << QStringLiteral("BTC\n\tUSD");
    QTest::newRow("control character") << QString::fromUtf8("BTC\x01\x1fUSD");
    QTest::newRow("delete") << QString::fromUtf8("BTC\x7fUSD");
    QTest::newRow("non-ascii") << QString::fromUtf8("\xe2\x82\xac-USD");
    QTest::newRow("outside the BMP") << QString::fromUtf8("\xf0\x9f\x98\x80-USD");
}

void TstCoinbaseCodec::symbolsAreEscapedInSubscriptions()
{
    QFETCH(QString, symbol);
    CoinbaseCodec codec;
    const QList<QByteArray> frames = codec.subscribeMessages({symbol, QStringLiteral("ETH-USD")});
    QCOMPARE(frames.size(), 1);
    for (const char c : frames.first())
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, "raw control byte in the frame");
    const QJsonObject message = parseFrame(frames.first());
    QCOMPARE(message.size(), 3);
    QCOMPARE(message.value(QLatin1String("product_ids")).toArray(), strings({symbol, QStringLiteral("ETH-USD")}));
    QCOMPARE(message.value(QLatin1String("channels")).toArray(),
             strings({QStringLiteral("ticker"), QStringLiteral("heartbeat")}));
}

void TstCoinbaseCodec::reportsProtocolAndExpectsAnAck()
{
    CoinbaseCodec codec;
    QCOMPARE(codec.protocol(), QStringLiteral("coinbase"));
    QVERIFY(codec.expectsSubscriptionAck());
    QCOMPARE(codec.displaySymbol(QStringLiteral("BTC-USD")), QStringLiteral("BTC-USD"));
}

void TstCoinbaseCodec::benchmarkTickerDecode()
{
    const QByteArray ticker = readFrame(QStringLiteral("ticker.json"));
    CoinbaseCodec codec;
    qsizetype updates = 0;
    QBENCHMARK {
        for (int i = 0; i < 1000; ++i)
            updates += codec.decode(ticker, kReceivedMs).updates.size();
    }
    QVERIFY(updates >= 1000);
}

QTEST_APPLESS_MAIN(TstCoinbaseCodec)

#include "tst_coinbasecodec.moc"
