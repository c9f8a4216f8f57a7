#include "core/codec/JsonMappingCodec.h"

#include "core/export/Format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include "CodecRobustness.h"
#include "CodecTestSupport.h"
#include "tests/unit/support/RecordedFrames.h"

#include <QtTest>

#include <cmath>

using namespace feeddeck;
using codec::DecodeResult;
using codec::FrameKind;
using codec::IssueKind;
using codec::JsonMapping;
using codec::JsonMappingCodec;

namespace {

using testing::Fields;
using testing::fieldsOf;
using testing::isPrintableLine;
using testing::kReceivedMs;

QByteArray readFrame(const QString &file)
{
    return testing::readFrameFrom("json", file);
}

constexpr qint64 kTs = Q_INT64_C(1795386137818); // 2026-11-22T22:22:17.818Z

// The demo workspace's mapping for the simulator's /inventory (frames inv_*.json).
const QByteArray kInventoryMapping = R"({
    "subscribe":   { "type": "subscribe",   "skus": "$symbols" },
    "unsubscribe": { "type": "unsubscribe", "skus": "$symbols" },
    "match":  { "type": "inventory" },
    "ack":    { "type": "subscribed" },
    "error":  { "match": { "type": "error" }, "symbol": "sku", "message": "message" },
    "key":    ["sku", "warehouse"],
    "time":   "ts",
    "fields": ["on_hand", "delta"] })";

// Nested paths, a composite key of a string and an integer, typed match values (frames nested_*.json).
const QByteArray kNestedMapping = R"({
    "match":  { "meta.kind": "stock", "meta.version": 2, "meta.live": true },
    "key":    ["item.sku", "site.id"],
    "time":   "meta.time",
    "fields": ["levels.on_hand", "levels.reserved", "price"] })";

JsonMapping mappingFrom(const QByteArray &json)
{
    JsonMapping::Problems problems;
    const std::optional<JsonMapping> mapping =
        JsonMapping::fromJson(QJsonDocument::fromJson(json).object(), &problems);
    if (!mapping)
        qFatal("test mapping is invalid: %s", qPrintable(problems.value(0).second));
    return *mapping;
}

JsonMappingCodec inventoryCodec()
{
    return JsonMappingCodec(mappingFrom(kInventoryMapping));
}

// A sanity check for any result: the kinds and their payloads agree.
void checkConsistent(const DecodeResult &result)
{
    switch (result.kind) {
    case FrameKind::Data:
        QCOMPARE(result.updates.size(), 1);
        QVERIFY(result.issues.isEmpty());
        QVERIFY(!result.subscriptionAck);
        for (const data::Update &update : result.updates) {
            QVERIFY(!update.symbol.isEmpty());
            QCOMPARE(update.receivedMs, kReceivedMs);
            for (const data::FieldValue &field : update.fields)
                QVERIFY(std::isfinite(field.value));
        }
        break;
    case FrameKind::Control:
        QVERIFY(result.updates.isEmpty());
        QVERIFY(result.issues.size() <= 1);
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
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

} // namespace

class TstJsonMappingCodec : public QObject
{
    Q_OBJECT

private slots:
    void decodesRecordedFrames_data();
    void decodesRecordedFrames();
    void everyRecordedFrameHasAnExpectation();

    void integersStayIntegers();
    void fieldNamesAreThePathsAsWritten();
    void errorWithoutASymbolIsAServerError();
    void errorSymbolMayBeAnInteger();
    void errorsAreRecognisedBeforeAcksAndData();
    void withoutAnAckRuleTheFeedIsLiveOnOpen();
    void withoutMatchEveryObjectIsData();
    void withoutTimeMessagesHaveNoSourceTime();
    void emptyFrameIsBadNotACrash();
    void everyPrefixOfAnUpdateIsBad();
    void shorterFrameAfterLongerOneSeesNoStaleBytes();
    void randomBytesAndMutatedUpdatesNeverCrash();
    void sixteenMebibyteFramesAreHandled();
    void badJsonExcerptIsShortAndPrintable();
    void wrongTypeDetailNamesPathAndValue();
    void manyDistinctKeysKeepTheirOwnSymbols();
    void controlCharactersInKeysNeverReachTheSymbol();

    void subscribeRendersTheTemplateWithTheSymbols();
    void unsubscribeRendersItsOwnTemplate();
    void withoutTemplatesNothingIsSent();
    void emptyAndDuplicateSymbolsAreDropped();
    void reportsProtocolAndDisplaysSymbolsAsConfigured();

    void benchmarkInventoryDecode();
};

namespace {

QList<testing::FrameExpectation> recordedFrames()
{
    testing::FrameExpectations rows;
    const auto stock = [&](const char *file, const QString &symbol, double onHand, double delta, qint64 sourceMs) {
        rows.data(file, symbol, {{QStringLiteral("on_hand"), onHand}, {QStringLiteral("delta"), delta}}, sourceMs);
    };

    // Inventory mapping: data.
    stock("inv_update.json", QStringLiteral("SKU-1001/WH-EAST"), 118, -3, kTs);
    stock("inv_type_last_escaped_keys.json", QStringLiteral("SKU-1002/WH-WEST"), 5, 2, kTs);
    stock("inv_fields_as_strings.json", QStringLiteral("SKU-1003/WH-NORTH"), 118.5, 0, kTs);
    stock("inv_huge_numbers.json", QStringLiteral("SKU-1001/WH-EAST"), 1e308, 1.7976931348623157e308, kTs);
    stock("inv_negative_numbers.json", QStringLiteral("SKU-1001/WH-EAST"), -0.5, -12345678901234567890.0, kTs);
    // Each time format.
    stock("inv_time_epoch_ms.json", QStringLiteral("SKU-1001/WH-EAST"), 1, 1, kTs);
    stock("inv_time_epoch_ms_string.json", QStringLiteral("SKU-1001/WH-EAST"), 1, 1, kTs);
    stock("inv_time_epoch_s.json", QStringLiteral("SKU-1001/WH-EAST"), 1, 1, kTs - 818);
    stock("inv_time_epoch_s_fraction.json", QStringLiteral("SKU-1001/WH-EAST"), 1, 1, kTs); // .8189 s truncated
    stock("inv_time_iso_offset.json", QStringLiteral("SKU-1001/WH-EAST"), 1, 1, kTs);

    // Inventory mapping: control.
    rows.control("inv_heartbeat.json", false);
    rows.control("inv_subscribed.json", true);
    rows.control("inv_type_number.json", false);
    rows.control("inv_no_type.json", false);
    rows.control("inv_error_unknown_sku.json", false, int(IssueKind::SymbolRejected), QStringLiteral("SKU-9999"),
                 {QStringLiteral("unknown sku")});
    rows.control("inv_error_malformed_request.json", false, int(IssueKind::ServerError), {},
                 {QStringLiteral("malformed json")});

    // Inventory mapping: bad.
    rows.bad("inv_time_invalid.json", IssueKind::WrongType,
             {QStringLiteral("time field \"ts\""), QStringLiteral("\"2026-02-30T10:00:00Z\"")});
    rows.bad("inv_time_missing.json", IssueKind::MissingField, {QStringLiteral("missing time field \"ts\"")});
    rows.bad("inv_time_negative.json", IssueKind::WrongType, {QStringLiteral("time field \"ts\""), QStringLiteral("-5")});
    rows.bad("inv_time_bool.json", IssueKind::WrongType, {QStringLiteral("time field \"ts\""), QStringLiteral("true")});
    rows.bad("inv_overflow.json", IssueKind::WrongType, {QStringLiteral("field \"on_hand\""), QStringLiteral("1e400")});
    rows.bad("inv_missing_key.json", IssueKind::MissingField, {QStringLiteral("missing key field \"warehouse\"")});
    rows.bad("inv_missing_field.json", IssueKind::MissingField, {QStringLiteral("missing field \"delta\"")});
    rows.bad("inv_field_null.json", IssueKind::WrongType,
             {QStringLiteral("field \"on_hand\": expected a number, got null")});
    rows.bad("inv_field_text.json", IssueKind::WrongType,
             {QStringLiteral("field \"on_hand\": expected a number, got \"n/a\"")});
    rows.bad("inv_field_object.json", IssueKind::WrongType, {QStringLiteral("field \"delta\""), QStringLiteral("an object")});
    rows.bad("inv_field_bool.json", IssueKind::WrongType, {QStringLiteral("field \"delta\""), QStringLiteral("true")});
    rows.bad("inv_key_object.json", IssueKind::WrongType, {QStringLiteral("key field \"sku\""), QStringLiteral("an object")});
    rows.bad("inv_key_fraction.json", IssueKind::WrongType,
             {QStringLiteral("key field \"warehouse\": expected a non-empty string or an integer, got 1.5")});
    rows.bad("inv_key_empty.json", IssueKind::WrongType, {QStringLiteral("key field \"sku\""), QStringLiteral("\"\"")});
    rows.bad("inv_malformed_truncated.json", IssueKind::BadJson,
             {QStringLiteral("truncated"), QStringLiteral("{\"type\":\"inventory\"")});
    rows.bad("inv_malformed_bad_literal.json", IssueKind::BadJson, {QStringLiteral("[tru]")});
    rows.bad("inv_malformed_bad_literal_on_path.json", IssueKind::BadJson,
             {QStringLiteral("bad literal"), QStringLiteral("\"delta\":fals,")});
    rows.bad("inv_malformed_trailing_content.json", IssueKind::BadJson, {QStringLiteral("after the JSON object")});
    rows.bad("inv_not_object.json", IssueKind::BadJson, {QStringLiteral("not a JSON object")});
    rows.bad("inv_non_utf8.json", IssueKind::BadJson, {QStringLiteral("UTF-8"), QStringLiteral("SKU-\uFFFD")});
    rows.bad("inv_deeply_nested.json", IssueKind::BadJson, {QStringLiteral("nested too deeply")});

    // Nested mapping.
    rows.data("nested_update.json", QStringLiteral("SKU-7/42"),
              {{QStringLiteral("levels.on_hand"), 7}, {QStringLiteral("levels.reserved"), 2}, {QStringLiteral("price"), 19.99}},
              kTs);
    // Numbers compare as numbers: 2.0 matches 2.
    rows.data("nested_version_as_float.json", QStringLiteral("SKU-7/-3"),
              {{QStringLiteral("levels.on_hand"), 0}, {QStringLiteral("levels.reserved"), 0}, {QStringLiteral("price"), 1}},
              kTs);
    rows.control("nested_version_mismatch.json", false);
    rows.control("nested_version_as_string.json", false); // types must agree: "2" is not 2
    rows.control("nested_live_false.json", false);
    rows.control("nested_meta_not_object.json", false);
    rows.bad("nested_key_parent_not_object.json", IssueKind::MissingField, {QStringLiteral("missing key field \"item.sku\"")});
    rows.bad("nested_field_parent_array.json", IssueKind::MissingField, {QStringLiteral("missing field \"levels.on_hand\"")});
    rows.bad("nested_deeply_nested_on_path.json", IssueKind::BadJson, {QStringLiteral("nested too deeply")});
    return rows.list();
}

} // namespace

void TstJsonMappingCodec::decodesRecordedFrames_data()
{
    testing::addRecordedFrameRows(recordedFrames());
}

void TstJsonMappingCodec::decodesRecordedFrames()
{
    QFETCH(const testing::FrameExpectation, expected);
    JsonMappingCodec codec(
        mappingFrom(expected.file.startsWith(QStringLiteral("nested_")) ? kNestedMapping : kInventoryMapping));
    // Exactly the configured fields, in the configured order.
    testing::checkRecordedFrame(
        "json", expected, [&](const QByteArray &frame) { return codec.decode(frame, kReceivedMs); }, checkConsistent);
}

void TstJsonMappingCodec::everyRecordedFrameHasAnExpectation()
{
    testing::compareRowsWithFrameFiles("json", recordedFrames());
}

void TstJsonMappingCodec::integersStayIntegers()
{
    JsonMappingCodec codec = inventoryCodec();
    const DecodeResult result = codec.decode(readFrame(QStringLiteral("inv_update.json")), kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    const data::FieldValue *onHand = result.updates.first().field(QStringLiteral("on_hand"));
    QVERIFY(onHand);
    QCOMPARE(onHand->value, 118.0);
    QCOMPARE(exporting::formatNumber(onHand->value), QByteArray("118"));
    QCOMPARE(exporting::formatNumber(result.updates.first().field(QStringLiteral("delta"))->value), QByteArray("-3"));
}

void TstJsonMappingCodec::fieldNamesAreThePathsAsWritten()
{
    JsonMappingCodec codec(mappingFrom(R"({"key": ["id"], "fields": ["quote.last price", "quote.bid"]})"));
    const DecodeResult result =
        codec.decode(R"({"id": "X", "quote": {"bid": "1.25", "last price": 2}})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    QCOMPARE(fieldsOf(result.updates.first()),
             (Fields{{QStringLiteral("quote.last price"), 2}, {QStringLiteral("quote.bid"), 1.25}}));
}

void TstJsonMappingCodec::errorWithoutASymbolIsAServerError()
{
    JsonMappingCodec codec(mappingFrom(R"({"error": {"match": {"event": "error"}}, "key": ["id"], "fields": ["v"]})"));
    DecodeResult result = codec.decode(R"({"event": "error", "sku": "SKU-1", "message": "busy"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("server error without a message"));
    QVERIFY(result.issues.first().symbol.isEmpty());

    // With the paths configured but absent from the message, it is still a server error.
    JsonMappingCodec inventory = inventoryCodec();
    result = inventory.decode(R"({"type": "error"})", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("server error without a message"));

    // A symbol that is not a usable name does not reject anything.
    result = inventory.decode(R"({"type": "error", "sku": {"id": 1}, "message": "bad\nrequest"})", kReceivedMs);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::ServerError);
    QCOMPARE(result.issues.first().detail, QStringLiteral("bad request"));
}

void TstJsonMappingCodec::errorSymbolMayBeAnInteger()
{
    JsonMappingCodec codec(mappingFrom(
        R"({"error": {"match": {"ok": false}, "symbol": "req.id"}, "key": ["id"], "fields": ["v"]})"));
    const DecodeResult result = codec.decode(R"({"ok": false, "req": {"id": 1001}})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("1001"));
    QCOMPARE(result.issues.first().detail, QStringLiteral("refused by the server"));
}

void TstJsonMappingCodec::errorsAreRecognisedBeforeAcksAndData()
{
    // A server that marks everything "type": "update" and errors with "error": true.
    JsonMappingCodec codec(mappingFrom(R"({"match": {"type": "update"}, "ack": {"type": "update", "ack": true},
                                         "error": {"match": {"type": "update", "error": true}, "symbol": "id",
                                                   "message": "text"},
                                         "key": ["id"], "fields": ["v"]})"));
    DecodeResult result = codec.decode(R"({"type": "update", "error": true, "ack": true, "id": "A", "v": 1,
                                           "text": "no such id"})",
                                       kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, IssueKind::SymbolRejected);
    QCOMPARE(result.issues.first().symbol, QStringLiteral("A"));
    QCOMPARE(result.issues.first().detail, QStringLiteral("no such id"));

    result = codec.decode(R"({"type": "update", "ack": true, "id": "A", "v": 1})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Control);
    QVERIFY(result.subscriptionAck);
    QVERIFY(result.issues.isEmpty());

    result = codec.decode(R"({"type": "update", "ack": false, "error": false, "id": "A", "v": 1})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    QCOMPARE(result.updates.first().symbol, QStringLiteral("A"));
}

void TstJsonMappingCodec::withoutAnAckRuleTheFeedIsLiveOnOpen()
{
    JsonMappingCodec codec(mappingFrom(R"({"key": ["id"], "fields": ["v"]})"));
    QVERIFY(!codec.expectsSubscriptionAck());
    const DecodeResult result = codec.decode(readFrame(QStringLiteral("inv_subscribed.json")), kReceivedMs);
    QVERIFY(!result.subscriptionAck);

    QVERIFY(inventoryCodec().expectsSubscriptionAck());
}

void TstJsonMappingCodec::withoutMatchEveryObjectIsData()
{
    JsonMappingCodec codec(mappingFrom(R"({"key": ["id"], "fields": ["v"]})"));
    DecodeResult result = codec.decode(R"({"id": 7, "v": "0.5"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    QCOMPARE(result.updates.first().symbol, QStringLiteral("7"));
    QCOMPARE(result.updates.first().fields.first().value, 0.5);

    // Every object matches, so one without the key is bad rather than ignored.
    result = codec.decode(R"({"type": "heartbeat"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Bad);
    QCOMPARE(result.issues.first().kind, IssueKind::MissingField);
}

void TstJsonMappingCodec::withoutTimeMessagesHaveNoSourceTime()
{
    JsonMappingCodec codec(mappingFrom(R"({"key": ["id"], "fields": ["v"]})"));
    const DecodeResult result = codec.decode(R"({"id": "A", "v": 1, "ts": "not a time"})", kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    QCOMPARE(result.updates.first().sourceMs, data::kNoTime);
    QCOMPARE(result.updates.first().receivedMs, kReceivedMs);
}

void TstJsonMappingCodec::emptyFrameIsBadNotACrash()
{
    JsonMappingCodec codec = inventoryCodec();
    for (const QByteArray &frame : {QByteArray(), QByteArray(" "), QByteArray("\n\t "), QByteArray(1, '\0'),
                                    QByteArray("null"), QByteArray("42"), QByteArray("\"text\"")}) {
        const DecodeResult result = codec.decode(frame, kReceivedMs);
        QCOMPARE(result.kind, FrameKind::Bad);
        QCOMPARE(result.issues.size(), 1);
        QCOMPARE(result.issues.first().kind, IssueKind::BadJson);
        checkConsistent(result);
    }
}

void TstJsonMappingCodec::everyPrefixOfAnUpdateIsBad()
{
    for (const QString &file : {QStringLiteral("inv_update.json"), QStringLiteral("nested_update.json")}) {
        const QByteArray frame = readFrame(file).trimmed();
        QVERIFY(!frame.isEmpty());
        JsonMappingCodec codec(mappingFrom(file.startsWith(QStringLiteral("nested_")) ? kNestedMapping
                                                                                       : kInventoryMapping));
        QCOMPARE(codec.decode(frame, kReceivedMs).kind, FrameKind::Data);
        for (qsizetype length = 0; length < frame.size(); ++length) {
            const DecodeResult result = codec.decode(frame.left(length), kReceivedMs);
            QVERIFY2(result.kind == FrameKind::Bad,
                     qPrintable(QStringLiteral("%1: prefix of %2 bytes").arg(file).arg(length)));
            checkConsistent(result);
        }
    }
}

void TstJsonMappingCodec::shorterFrameAfterLongerOneSeesNoStaleBytes()
{
    // The buffer is reused: the bytes after a short frame still hold the end of the long
    // one, which must not complete the short, truncated frame.
    JsonMappingCodec codec = inventoryCodec();
    const QByteArray closed = R"({"type":"heartbeat","sku":"SKU-1001"})";
    const QByteArray truncated = closed.left(closed.size() - 1);
    QCOMPARE(codec.decode(closed + QByteArray(40, ' '), kReceivedMs).kind, FrameKind::Control);
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(closed + "}}", kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(truncated, kReceivedMs).kind, FrameKind::Bad);
    QCOMPARE(codec.decode(closed, kReceivedMs).kind, FrameKind::Control);
}

void TstJsonMappingCodec::randomBytesAndMutatedUpdatesNeverCrash()
{
    JsonMappingCodec inventory = inventoryCodec();
    JsonMappingCodec nested(mappingFrom(kNestedMapping));
    testing::decodeRandomAndMutatedFrames({{&inventory, readFrame(QStringLiteral("inv_update.json"))},
                                           {&nested, readFrame(QStringLiteral("nested_update.json"))}},
                                          R"({}[]":,-.0123456789eE tfnul\ab)", checkConsistent);
}

void TstJsonMappingCodec::sixteenMebibyteFramesAreHandled()
{
    JsonMappingCodec codec = inventoryCodec();
    testing::decodeSixteenMebibyteFrames(codec, R"({"type":"heartbeat")", R"({"type":"inventory","sku":)", '{',
                                         readFrame(QStringLiteral("inv_update.json")),
                                         QStringLiteral("SKU-1001/WH-EAST"), checkConsistent);
}

void TstJsonMappingCodec::badJsonExcerptIsShortAndPrintable()
{
    JsonMappingCodec codec = inventoryCodec();
    testing::checkBadFrameExcerpt(codec, R"({"type":"inventory",)", 130);
}

void TstJsonMappingCodec::wrongTypeDetailNamesPathAndValue()
{
    JsonMappingCodec codec(mappingFrom(kNestedMapping));
    QByteArray frame = readFrame(QStringLiteral("nested_update.json"));
    frame.replace(R"("reserved":"2")", "\"reserved\":\"\\u001b[31m" + QByteArray(300, 'z') + '"');
    const DecodeResult result = codec.decode(frame, kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Bad);
    const QString detail = result.issues.first().detail;
    QVERIFY2(detail.startsWith(QStringLiteral("field \"levels.reserved\": expected a number, got \"")),
             qPrintable(detail));
    QVERIFY(isPrintableLine(detail));
    QVERIFY2(detail.size() < 100, qPrintable(detail));
}

void TstJsonMappingCodec::manyDistinctKeysKeepTheirOwnSymbols()
{
    JsonMappingCodec codec = inventoryCodec();
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 5000; ++i) {
            const QByteArray frame =
                QStringLiteral(R"({"type":"inventory","sku":"SKU-%1","warehouse":%2,"on_hand":%1,"delta":0,"ts":%3})")
                    .arg(i)
                    .arg(i % 7)
                    .arg(kTs)
                    .toUtf8();
            const DecodeResult result = codec.decode(frame, kReceivedMs);
            QCOMPARE(result.kind, FrameKind::Data);
            QCOMPARE(result.updates.first().symbol, QStringLiteral("SKU-%1/%2").arg(i).arg(i % 7));
            QCOMPARE(result.updates.first().fields.first().value, double(i));
        }
    }
}

// A server's bell, escape, line break or right-to-left override is never shown or exported raw.
void TstJsonMappingCodec::controlCharactersInKeysNeverReachTheSymbol()
{
    JsonMappingCodec codec = inventoryCodec();
    const QByteArray frame = QStringLiteral(R"({"type":"inventory","sku":"SKU\u0007\u001b[2J\n1","warehouse":)"
                                            R"("WH\u202eTSAE","on_hand":1,"delta":0,"ts":%1})")
                                 .arg(kTs)
                                 .toUtf8();
    const DecodeResult result = codec.decode(frame, kReceivedMs);
    QCOMPARE(result.kind, FrameKind::Data);
    QCOMPARE(result.updates.first().symbol, QStringLiteral("SKU\uFFFD\uFFFD[2J\uFFFD1/WH\uFFFDTSAE"));
}

void TstJsonMappingCodec::subscribeRendersTheTemplateWithTheSymbols()
{
    JsonMappingCodec codec = inventoryCodec();
    const QList<QByteArray> frames = codec.subscribeMessages({QStringLiteral("SKU-1001"), QStringLiteral("SKU-1002")});
    QCOMPARE(frames.size(), 1);
    QCOMPARE(parseFrame(frames.first()),
             (QJsonObject{{"type", "subscribe"}, {"skus", QJsonArray{"SKU-1001", "SKU-1002"}}}));
}

void TstJsonMappingCodec::unsubscribeRendersItsOwnTemplate()
{
    JsonMappingCodec codec = inventoryCodec();
    const QList<QByteArray> frames = codec.unsubscribeMessages({QStringLiteral("SKU-1002")});
    QCOMPARE(frames.size(), 1);
    QCOMPARE(parseFrame(frames.first()), (QJsonObject{{"type", "unsubscribe"}, {"skus", QJsonArray{"SKU-1002"}}}));
}

void TstJsonMappingCodec::withoutTemplatesNothingIsSent()
{
    // Feeds that stream everything need no request.
    JsonMappingCodec codec(mappingFrom(R"({"key": ["id"], "fields": ["v"]})"));
    QVERIFY(codec.subscribeMessages({QStringLiteral("A")}).isEmpty());
    QVERIFY(codec.unsubscribeMessages({QStringLiteral("A")}).isEmpty());

    JsonMappingCodec subscribeOnly(
        mappingFrom(R"({"subscribe": {"op": "sub", "ids": "$symbols"}, "key": ["id"], "fields": ["v"]})"));
    QCOMPARE(subscribeOnly.subscribeMessages({QStringLiteral("A")}).size(), 1);
    QVERIFY(subscribeOnly.unsubscribeMessages({QStringLiteral("A")}).isEmpty());
}

void TstJsonMappingCodec::emptyAndDuplicateSymbolsAreDropped()
{
    JsonMappingCodec codec = inventoryCodec();
    QVERIFY(codec.subscribeMessages({}).isEmpty());
    QVERIFY(codec.subscribeMessages({QString()}).isEmpty());
    QVERIFY(codec.unsubscribeMessages({}).isEmpty());
    const QList<QByteArray> frames =
        codec.subscribeMessages({QStringLiteral("A"), QString(), QStringLiteral("A"), QStringLiteral("B")});
    QCOMPARE(frames.size(), 1);
    QCOMPARE(parseFrame(frames.first()).value(QLatin1String("skus")).toArray(), (QJsonArray{"A", "B"}));
}

void TstJsonMappingCodec::reportsProtocolAndDisplaysSymbolsAsConfigured()
{
    JsonMappingCodec codec = inventoryCodec();
    QCOMPARE(codec.protocol(), QStringLiteral("json"));
    QCOMPARE(codec.displaySymbol(QStringLiteral("SKU-1001")), QStringLiteral("SKU-1001"));
    QCOMPARE(codec.displaySymbol(QStringLiteral("btc-usd")), QStringLiteral("btc-usd"));
    QCOMPARE(codec.mapping().key, QStringList({"sku", "warehouse"}));
}

void TstJsonMappingCodec::benchmarkInventoryDecode()
{
    const QByteArray frame = readFrame(QStringLiteral("inv_update.json"));
    JsonMappingCodec codec = inventoryCodec();
    qsizetype updates = 0;
    QBENCHMARK {
        for (int i = 0; i < 1000; ++i)
            updates += codec.decode(frame, kReceivedMs).updates.size();
    }
    QVERIFY(updates >= 1000);
}

QTEST_APPLESS_MAIN(TstJsonMappingCodec)

#include "tst_jsonmappingcodec.moc"
