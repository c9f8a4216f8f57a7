#include "core/export/StatsJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTest>

#include <limits>

using namespace feeddeck;
using namespace feeddeck::exporting;

namespace {

feed::FeedStatus cryptoFeed()
{
    feed::FeedStatus f;
    f.id = QStringLiteral("crypto");
    f.name = QStringLiteral("Crypto");
    f.state = feed::FeedState::Live;
    f.lastError = QStringLiteral("connection closed (1006)");
    f.counters = {.attempts = 3, .connects = 2, .disconnects = 1, .messages = 812, .updates = 790,
                  .ignored = 20, .badMessages = 2, .oversize = 0, .bytes = 190233, .wireBytes = 61204,
                  .firstMessageMs = 1795386140691, .lastMessageMs = 1795386145680};
    f.subprotocol = QStringLiteral("v1.json");
    f.rttMs = 12.3456;
    f.rttMedianMs = 11.5;
    return f;
}

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("invalid JSON: %s\n%s", qPrintable(error.errorString()), json.constData());
    return doc.object();
}

} // namespace

class TstStatsJson : public QObject
{
    Q_OBJECT

private slots:
    void designExampleGivesExactIndentedText();
    void valuesParseBackWithTheirTypes();
    void keysFollowTheDocumentedOrder();
    void timesAreNullBeforeTheFirstMessage();
    void uiIsOmittedWhenNoWindowWasShown();
    void noFeedsGiveAnEmptyArray();
    void textIsEscaped();
    void fractionsIgnoreTheDefaultLocale();
    void nonFiniteFrameGapIsNull();
    void aModesSectionComesLastIndentedAsTheRest();
};

void TstStatsJson::designExampleGivesExactIndentedText()
{
    const QByteArray json = statsJson(5003, {cryptoFeed()}, UiStats{298, 41.5, 1795386140702, 241, 4000.0, 41.5});
    QCOMPARE(json, QByteArray(R"json({
    "version": 1,
    "duration_ms": 5003,
    "feeds": [
        {
            "id": "crypto",
            "state": "live",
            "attempts": 3,
            "connects": 2,
            "disconnects": 1,
            "messages": 812,
            "updates": 790,
            "ignored": 20,
            "bad_messages": 2,
            "oversize": 0,
            "bytes": 190233,
            "wire_bytes": 61204,
            "first_message_ms": 1795386140691,
            "last_message_ms": 1795386145680,
            "subprotocol": "v1.json",
            "rtt_ms": {
                "last": 12.35,
                "median_1m": 11.5
            },
            "last_error": "connection closed (1006)"
        }
    ],
    "ui": {
        "frames": 298,
        "max_frame_gap_ms": 41.5,
        "first_value_ms": 1795386140702,
        "steady": {
            "frames": 241,
            "duration_ms": 4000,
            "fps": 60,
            "max_frame_gap_ms": 41.5
        }
    }
}
)json"));
}

void TstStatsJson::valuesParseBackWithTheirTypes()
{
    feed::FeedStatus second;
    second.id = QStringLiteral("stock");
    second.state = feed::FeedState::Backoff;
    second.counters.bytes = 9007199254740993; // above 2^53: must stay exact in the text
    const QByteArray json = statsJson(5003, {cryptoFeed(), second}, UiStats{298, 41.5});
    const QJsonObject root = parse(json);
    QCOMPARE(root.value("version").toInteger(), 1);
    QCOMPARE(root.value("duration_ms").toInteger(), 5003);
    const QJsonArray feeds = root.value("feeds").toArray();
    QCOMPARE(feeds.size(), 2);
    const QJsonObject c = feeds.at(0).toObject();
    QCOMPARE(c.value("id").toString(), QStringLiteral("crypto"));
    QCOMPARE(c.value("state").toString(), QStringLiteral("live"));
    QCOMPARE(c.value("attempts").toInteger(), 3);
    QCOMPARE(c.value("connects").toInteger(), 2);
    QCOMPARE(c.value("disconnects").toInteger(), 1);
    QCOMPARE(c.value("messages").toInteger(), 812);
    QCOMPARE(c.value("updates").toInteger(), 790);
    QCOMPARE(c.value("ignored").toInteger(), 20);
    QCOMPARE(c.value("bad_messages").toInteger(), 2);
    QCOMPARE(c.value("oversize").toInteger(), 0);
    QCOMPARE(c.value("bytes").toInteger(), 190233);
    QCOMPARE(c.value("wire_bytes").toInteger(), 61204);
    QCOMPARE(c.value("first_message_ms").toInteger(), 1795386140691);
    QCOMPARE(c.value("last_message_ms").toInteger(), 1795386145680);
    QCOMPARE(c.value("last_error").toString(), QStringLiteral("connection closed (1006)"));
    QCOMPARE(c.value("rtt_ms").toObject().value("last").toDouble(), 12.35);
    QCOMPARE(c.value("rtt_ms").toObject().value("median_1m").toDouble(), 11.5);
    QCOMPARE(c.value("subprotocol").toString(), QStringLiteral("v1.json"));
    QVERIFY(feeds.at(1).toObject().value("subprotocol").isNull());
    QCOMPARE(c.size(), 17);
    // No pong yet: both null.
    const QJsonObject noPong = feeds.at(1).toObject().value("rtt_ms").toObject();
    QVERIFY(noPong.value("last").isNull());
    QVERIFY(noPong.value("median_1m").isNull());
    const QJsonObject s = feeds.at(1).toObject();
    QCOMPARE(s.value("state").toString(), QStringLiteral("backoff"));
    QVERIFY(json.contains("\"bytes\": 9007199254740993,"));
    const QJsonObject ui = root.value("ui").toObject();
    QCOMPARE(ui.value("frames").toInteger(), 298);
    QCOMPARE(ui.value("max_frame_gap_ms").toDouble(), 41.5);
    QVERIFY(ui.value("first_value_ms").isNull()); // no value drawn
    QCOMPARE(root.size(), 4);
}

void TstStatsJson::keysFollowTheDocumentedOrder()
{
    const QByteArray json = statsJson(1, {cryptoFeed()}, UiStats{1, 2});
    const char *keys[] = {"version", "duration_ms", "feeds", "id", "state", "attempts",
                          "connects", "disconnects", "messages", "updates", "ignored",
                          "bad_messages", "oversize", "bytes", "wire_bytes", "first_message_ms",
                          "last_message_ms", "subprotocol", "rtt_ms", "last", "median_1m", "last_error", "ui", "frames", "max_frame_gap_ms",
                          "first_value_ms", "steady", "frames", "duration_ms", "fps", "max_frame_gap_ms"};
    qsizetype at = 0;
    for (const char *key : keys) {
        const qsizetype found = json.indexOf(QByteArray("\"") + key + "\":", at);
        QVERIFY2(found >= 0, key);
        at = found;
    }
}

void TstStatsJson::timesAreNullBeforeTheFirstMessage()
{
    feed::FeedStatus f;
    f.id = QStringLiteral("quiet");
    f.state = feed::FeedState::Connecting;
    const QJsonObject feedObject =
        parse(statsJson(10, {f}, std::nullopt)).value("feeds").toArray().at(0).toObject();
    QVERIFY(feedObject.contains("first_message_ms"));
    QVERIFY(feedObject.value("first_message_ms").isNull());
    QVERIFY(feedObject.value("last_message_ms").isNull());
    QVERIFY(feedObject.value("last_error").isNull());
    QCOMPARE(feedObject.value("state").toString(), QStringLiteral("connecting"));
    QCOMPARE(feedObject.value("messages").toInteger(), 0);
}

void TstStatsJson::uiIsOmittedWhenNoWindowWasShown()
{
    const QByteArray json = statsJson(10, {cryptoFeed()}, std::nullopt);
    const QJsonObject root = parse(json);
    QVERIFY(!root.isEmpty());
    QVERIFY(!root.contains("ui"));
    QVERIFY(!json.contains("\"ui\""));
    QVERIFY(json.endsWith("    ]\n}\n"));
}

void TstStatsJson::noFeedsGiveAnEmptyArray()
{
    QCOMPARE(statsJson(0, {}, std::nullopt),
             QByteArray("{\n    \"version\": 1,\n    \"duration_ms\": 0,\n    \"feeds\": []\n}\n"));
}

void TstStatsJson::textIsEscaped()
{
    feed::FeedStatus f = cryptoFeed();
    f.id = QString::fromUtf8("a\"b\\c/ü");
    f.lastError = QStringLiteral("line1\nline2\ttab\x01") + QString(QChar(0xD800)) + u'!';
    const QByteArray json = statsJson(1, {f}, std::nullopt);
    QVERIFY(json.contains("\"id\": \"a\\\"b\\\\c/\xC3\xBC\""));
    QVERIFY(json.contains("\"last_error\": \"line1\\nline2\\ttab\\u0001\xEF\xBF\xBD!\""));
    const QJsonObject feedObject = parse(json).value("feeds").toArray().at(0).toObject();
    QCOMPARE(feedObject.value("id").toString(), QString::fromUtf8("a\"b\\c/ü"));
    QCOMPARE(feedObject.value("last_error").toString(),
             QString::fromUtf8("line1\nline2\ttab\x01\xEF\xBF\xBD!"));
}

void TstStatsJson::fractionsIgnoreTheDefaultLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    const QByteArray json = statsJson(1, {}, UiStats{5, 16.75});
    QLocale::setDefault(before);
    QVERIFY(json.contains("\"max_frame_gap_ms\": 16.75,\n"));
}

void TstStatsJson::nonFiniteFrameGapIsNull()
{
    const QByteArray json =
        statsJson(1, {}, UiStats{0, std::numeric_limits<double>::quiet_NaN()});
    QVERIFY(json.contains("\"max_frame_gap_ms\": null,\n"));
    QVERIFY(parse(json).value("ui").toObject().value("max_frame_gap_ms").isNull());
}

void TstStatsJson::aModesSectionComesLastIndentedAsTheRest()
{
    const QJsonObject relay{{"published", 3}, {"history", QJsonObject{{"state", "ready"}}}};
    QCOMPARE(statsJson(0, {}, std::nullopt, {{QStringLiteral("relay"), relay}}),
             QByteArray("{\n    \"version\": 1,\n    \"duration_ms\": 0,\n    \"feeds\": [],\n"
                        "    \"relay\": {\n        \"history\": {\n            \"state\": \"ready\"\n        },\n"
                        "        \"published\": 3\n    }\n}\n"));
}

QTEST_APPLESS_MAIN(TstStatsJson)
#include "tst_statsjson.moc"
