#include "core/codec/nats/RelayPayload.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <limits>

using namespace feeddeck;
using namespace feeddeck::codec::nats;

namespace {

using Fields = QList<QPair<QString, double>>;

data::Update makeUpdate(const Fields &fields, qint64 sourceMs = data::kNoTime, qint64 receivedMs = data::kNoTime)
{
    data::Update update;
    update.symbol = QStringLiteral("BTC-USD");
    update.sourceMs = sourceMs;
    update.receivedMs = receivedMs;
    for (const auto &[name, value] : fields)
        update.fields.emplace_back(name, value);
    return update;
}

QByteArray payloadOf(const data::Update &update)
{
    QByteArray out;
    appendUpdatePayload(out, update);
    return out;
}

// Fields as "name=<bits of the double>": equal only when every bit is.
QStringList exactly(const data::FieldList &fields)
{
    QStringList out;
    for (const data::FieldValue &field : fields)
        out.append(field.name + u'=' + QString::number(std::bit_cast<quint64>(field.value), 16));
    return out;
}

QStringList exactly(const Fields &fields)
{
    data::FieldList list;
    for (const auto &[name, value] : fields)
        list.emplace_back(name, value);
    return exactly(list);
}

RelayedStatus fullStatus()
{
    RelayedStatus status;
    status.name = QStringLiteral("Coinbase \"pro\" \\ \u00e9\u65e5");
    status.protocol = QStringLiteral("coinbase");
    status.state = QStringLiteral("backoff");
    status.sinceMs = Q_INT64_C(1795386140000);
    status.retryAtMs = Q_INT64_C(1795386148000);
    status.lastError = QStringLiteral("Lost wss://feed.example\n\t\x01 retrying");
    status.atMs = Q_INT64_C(1795386141000);
    status.messages = 123456789;
    status.updates = 98765;
    status.connects = 3;
    status.disconnects = 2;
    status.relayDropped = 17;
    return status;
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

class TstRelayPayload : public QObject
{
    Q_OBJECT

private slots:
    void updatePayloadIsCompactJson_data();
    void updatePayloadIsCompactJson();
    void updatePayloadIsAppended();
    void writtenUpdatesReadBackExactly_data();
    void writtenUpdatesReadBackExactly();
    void namesThatAreNotPrintableReadBackAsReplacements();
    void parseTakesWhatLaterRelaysMayAdd();
    void parseClearsTheFieldsAndTimesFirst();
    void parseRejectsWhatTheRelayNeverWrites_data();
    void parseRejectsWhatTheRelayNeverWrites();
    void statusPayloadIsCompactJson();
    void statusRoundTripsEveryField_data();
    void statusRoundTripsEveryField();
    void statusOptionalFieldsMayBeAbsent();
    void statusParseRejectsWrongTypes_data();
    void statusParseRejectsWrongTypes();
};

void TstRelayPayload::updatePayloadIsCompactJson_data()
{
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<qint64>("sourceMs");
    QTest::addColumn<qint64>("receivedMs");
    QTest::addColumn<QByteArray>("payload");

    const qint64 none = data::kNoTime;
    QTest::newRow("both times") << Fields{{"price", 101.5}, {"bid", 101.4}} << Q_INT64_C(1795386140000)
                                << Q_INT64_C(1795386140691)
                                << QByteArray(R"({"t":1795386140000,"r":1795386140691,"f":{"price":101.5,"bid":101.4}})");
    QTest::newRow("no source time") << Fields{{"price", 1}} << none << Q_INT64_C(1795386140691)
                                    << QByteArray(R"({"r":1795386140691,"f":{"price":1}})");
    QTest::newRow("source time only") << Fields{{"price", 1}} << Q_INT64_C(5) << none
                                      << QByteArray(R"({"t":5,"f":{"price":1}})");
    QTest::newRow("no times") << Fields{{"size", 0.25}} << none << none << QByteArray(R"({"f":{"size":0.25}})");
    QTest::newRow("no fields") << Fields{} << Q_INT64_C(0) << Q_INT64_C(-1) << QByteArray(R"({"t":0,"r":-1,"f":{}})");
    QTest::newRow("extreme times") << Fields{} << std::numeric_limits<qint64>::max()
                                   << std::numeric_limits<qint64>::min() + 1
                                   << QByteArray(R"({"t":9223372036854775807,"r":-9223372036854775807,"f":{}})");
    QTest::newRow("shortest doubles")
        << Fields{{"a", 0.1}, {"b", 0.30000000000000004}, {"c", 1e-7}, {"d", 1e300}, {"e", 123456789.125},
                  {"f", 1e21}, {"g", 9007199254740993.0}, {"h", -0.0}, {"i", 5e-324},
                  {"j", std::numeric_limits<double>::max()}, {"k", 100}, {"l", -2.5e-10}, {"m", 1e20}}
        << none << none
        << QByteArray(R"({"f":{"a":0.1,"b":0.30000000000000004,"c":1e-07,"d":1e+300,"e":123456789.125,"f":1e+21,)"
                      R"("g":9007199254740992,"h":-0,"i":5e-324,"j":1.7976931348623157e+308,"k":100,"l":-2.5e-10,)"
                      R"("m":1e+20}})");
    QTest::newRow("non-finite left out")
        << Fields{{"nan", kNaN}, {"a", 1}, {"inf", kInf}, {"b", 2}, {"-inf", -kInf}} << none << none
        << QByteArray(R"({"f":{"a":1,"b":2}})");
    QTest::newRow("only non-finite") << Fields{{"nan", kNaN}, {"inf", kInf}} << Q_INT64_C(1) << none
                                     << QByteArray(R"({"t":1,"f":{}})");
    QTest::newRow("names escaped as JSON")
        << Fields{{"a\"b", 1}, {"c\\d", 2}, {"e/f", 3}, {"\n\r\t", 4}, {QString(QChar(0)) + "\x01\x1f", 5},
                  {"\x7f", 6}, {"\b\f", 7}}
        << none << none
        << QByteArray("{\"f\":{\"a\\\"b\":1,\"c\\\\d\":2,\"e/f\":3,\"\\n\\r\\t\":4,\"\\u0000\\u0001\\u001f\":5,"
                      "\"\x7f\":6,\"\\u0008\\u000c\":7}}");
    QTest::newRow("names in UTF-8")
        << Fields{{QStringLiteral("caf\u00e9"), 1}, {QStringLiteral("\u65e5\u672c"), 2},
                  {QString::fromUtf8("\xF0\x9F\x9A\x80"), 3}, {QStringLiteral("\u07ff\u0800\uffff"), 4}}
        << none << none
        << QByteArray("{\"f\":{\"caf\xC3\xA9\":1,\"\xE6\x97\xA5\xE6\x9C\xAC\":2,\"\xF0\x9F\x9A\x80\":3,"
                      "\"\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\":4}}");
    QTest::newRow("lone surrogates as U+FFFD")
        << Fields{{QString(QChar(0xD800)) + u'x', 1}, {u'y' + QString(QChar(0xDC00)), 2}} << none << none
        << QByteArray("{\"f\":{\"\xEF\xBF\xBDx\":1,\"y\xEF\xBF\xBD\":2}}");
}

void TstRelayPayload::updatePayloadIsCompactJson()
{
    QFETCH(Fields, fields);
    QFETCH(qint64, sourceMs);
    QFETCH(qint64, receivedMs);
    QFETCH(QByteArray, payload);
    QCOMPARE(payloadOf(makeUpdate(fields, sourceMs, receivedMs)), payload);
}

void TstRelayPayload::updatePayloadIsAppended()
{
    QByteArray out = "PUB a 99\r\n";
    appendUpdatePayload(out, makeUpdate({{"p", 2}}, 7, 8));
    appendUpdatePayload(out, makeUpdate({{"q", 3}}));
    QCOMPARE(out, QByteArray(R"(PUB a 99)" "\r\n" R"({"t":7,"r":8,"f":{"p":2}}{"f":{"q":3}})"));
}

void TstRelayPayload::writtenUpdatesReadBackExactly_data()
{
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<qint64>("sourceMs");
    QTest::addColumn<qint64>("receivedMs");

    const qint64 none = data::kNoTime;
    QTest::newRow("market fields") << Fields{{"price", 43000.12}, {"bid", 42999.99}, {"ask", 43000.5}, {"size", 0.0015}}
                                   << Q_INT64_C(1795386140000) << Q_INT64_C(1795386140691);
    QTest::newRow("no times") << Fields{{"price", 1}} << none << none;
    QTest::newRow("awkward doubles") << Fields{{"a", 0.1}, {"b", 1e-7}, {"c", 5e-324}, {"d", -0.0},
                                               {"e", std::numeric_limits<double>::max()},
                                               {"f", -std::numeric_limits<double>::min()}, {"g", 1.0 / 3.0},
                                               {"h", 2.2250738585072009e-308}, {"i", 9007199254740993.0}}
                                     << Q_INT64_C(-5) << Q_INT64_C(0);
    QTest::newRow("quotes and backslashes in names")
        << Fields{{"a\"b", 1}, {"\\", 2}, {"\"\"", 3}, {"\\u0041", 4}, {"/", 5}} << none << Q_INT64_C(1);
    QTest::newRow("non-ASCII names") << Fields{{QStringLiteral("caf\u00e9"), 1}, {QStringLiteral("\u65e5\u672c"), 2},
                                               {QString::fromUtf8("\xF0\x9F\x98\x80"), 3}}
                                     << none << none;
    QTest::newRow("empty name") << Fields{{"", 1}} << none << none;
    // Long names are not kept for the next payload, but read the same.
    QTest::newRow("names around the cached length")
        << Fields{{QString(128, u'n'), 1}, {QString(129, u'n'), 2}, {QString(100000, u'\u00e9'), 3},
                  {QString(64, u'\u65e5'), 4}, {QString(128, u'n'), 5}, {QString(100000, u'\u00e9'), 6}}
        << none << none;
    QTest::newRow("many fields") << [] {
        Fields many;
        for (int i = 0; i < 40; ++i)
            many.append({QStringLiteral("f%1").arg(i), i * 1.5});
        return many;
    }() << none << none;
}

void TstRelayPayload::writtenUpdatesReadBackExactly()
{
    QFETCH(Fields, fields);
    QFETCH(qint64, sourceMs);
    QFETCH(qint64, receivedMs);
    const QByteArray payload = payloadOf(makeUpdate(fields, sourceMs, receivedMs));
    data::Update read;
    read.symbol = QStringLiteral("kept");
    QString error = QStringLiteral("left over");
    QVERIFY2(parseUpdatePayload(payload, read, &error), qPrintable(error + u' ' + QString::fromUtf8(payload)));
    QCOMPARE(exactly(read.fields), exactly(fields));
    QCOMPARE(read.sourceMs, sourceMs);
    QCOMPARE(read.receivedMs, receivedMs);
    QCOMPARE(read.symbol, QStringLiteral("kept")); // the symbol is in the subject
    QVERIFY(parseUpdatePayload(payload, read, nullptr));
    QCOMPARE(exactly(read.fields), exactly(fields));
}

void TstRelayPayload::namesThatAreNotPrintableReadBackAsReplacements()
{
    // Field names become table columns and CSV headers: as in every codec, characters that
    // are not printable arrive as U+FFFD, however the payload escaped them.
    const QByteArray payload = payloadOf(makeUpdate({{"a\nb", 1}, {"\t", 2}, {QString(QChar(0)), 3}, {"x\x7f", 4},
                                                     {QStringLiteral("bidi\u202e"), 5}}));
    QCOMPARE(payload, QByteArray("{\"f\":{\"a\\nb\":1,\"\\t\":2,\"\\u0000\":3,\"x\x7f\":4,\"bidi\xE2\x80\xAE\":5}}"));
    data::Update read;
    QVERIFY(parseUpdatePayload(payload, read, nullptr));
    // Long names too, which are not kept for the next payload.
    data::Update longName;
    QVERIFY(parseUpdatePayload(payloadOf(makeUpdate({{QString(200, u'x') + u'\n', 1}})), longName, nullptr));
    QCOMPARE(exactly(longName.fields), exactly(Fields{{QString(200, u'x') + u'\ufffd', 1}}));
    QCOMPARE(exactly(read.fields), exactly(Fields{{QStringLiteral("a\ufffdb"), 1},
                                                  {QStringLiteral("\ufffd"), 2},
                                                  {QStringLiteral("\ufffd"), 3},
                                                  {QStringLiteral("x\ufffd"), 4},
                                                  {QStringLiteral("bidi\ufffd"), 5}}));
}

void TstRelayPayload::parseTakesWhatLaterRelaysMayAdd()
{
    data::Update read;
    QString error;
    QVERIFY2(parseUpdatePayload(
                 R"( { "f" : { "p" : 1 , "q" : -2E+2 , "r" : 0.5e1 } , "v" : 2 , "x" : {"y":[1,{"z":null}],"w":"s"} ,
                       "r" : 8 , "t" : 7 } )",
                 read, &error),
             qPrintable(error));
    QCOMPARE(exactly(read.fields), exactly(Fields{{"p", 1}, {"q", -200}, {"r", 5}}));
    QCOMPARE(read.sourceMs, 7);
    QCOMPARE(read.receivedMs, 8);
    // Escaped names as any JSON writer may write them.
    QVERIFY(parseUpdatePayload(R"({"f":{"\u0070rice":1,"a\/b":2,"\u00e9\ud83d\ude80":3}})", read, &error));
    QCOMPARE(exactly(read.fields),
             exactly(Fields{{"price", 1}, {"a/b", 2}, {QString::fromUtf8("\xC3\xA9\xF0\x9F\x9A\x80"), 3}}));
}

void TstRelayPayload::parseClearsTheFieldsAndTimesFirst()
{
    data::Update read = makeUpdate({{"old", 1}, {"older", 2}}, 11, 12);
    read.origin = QStringLiteral("feed");
    QVERIFY(parseUpdatePayload(R"({"f":{"new":3}})", read, nullptr));
    QCOMPARE(exactly(read.fields), exactly(Fields{{"new", 3}}));
    QCOMPARE(read.sourceMs, data::kNoTime);
    QCOMPARE(read.receivedMs, data::kNoTime);
    QCOMPARE(read.symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(read.origin, QStringLiteral("feed"));
}

void TstRelayPayload::parseRejectsWhatTheRelayNeverWrites_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty payload");
    QTest::newRow("array") << QByteArray(R"([{"f":{}}])") << QStringLiteral("not a JSON object");
    QTest::newRow("string") << QByteArray(R"("f")") << QStringLiteral("not a JSON object");
    QTest::newRow("no fields") << QByteArray(R"({"t":1,"r":2})") << QStringLiteral("no \"f\" (the fields) in the payload");
    QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("no \"f\" (the fields) in the payload");
    QTest::newRow("fields an array") << QByteArray(R"({"f":[1,2]})") << QStringLiteral("\"f\" is not an object");
    QTest::newRow("fields a number") << QByteArray(R"({"f":1})") << QStringLiteral("\"f\" is not an object");
    QTest::newRow("fields null") << QByteArray(R"({"f":null})") << QStringLiteral("\"f\" is not an object");
    QTest::newRow("field a string") << QByteArray(R"({"f":{"price":"1.5"}})")
                                    << QStringLiteral("field \"price\" is not a number (got \"1.5\")");
    QTest::newRow("field null") << QByteArray(R"({"f":{"a":1,"price":null}})")
                                << QStringLiteral("field \"price\" is not a number (got null)");
    QTest::newRow("field true") << QByteArray(R"({"f":{"price":true}})")
                                << QStringLiteral("field \"price\" is not a number (got true)");
    QTest::newRow("field an array") << QByteArray(R"({"f":{"price":[1]}})")
                                    << QStringLiteral("field \"price\" is not a number (got an array)");
    QTest::newRow("field out of range") << QByteArray(R"({"f":{"price":1e400}})")
                                        << QStringLiteral("field \"price\" is not a number (got 1e400)");
    QTest::newRow("field name quoted printably") << QByteArray(R"({"f":{"a\nb":"x"}})")
                                                 << QStringLiteral("field \"a b\" is not a number (got \"x\")");
    QTest::newRow("t a fraction") << QByteArray(R"({"t":1.5,"f":{}})")
                                  << QStringLiteral("\"t\" is not an integer (got 1.5)");
    QTest::newRow("t with an exponent") << QByteArray(R"({"t":1e3,"f":{}})")
                                        << QStringLiteral("\"t\" is not an integer (got 1e3)");
    QTest::newRow("t a string") << QByteArray(R"({"f":{},"t":"17"})")
                                << QStringLiteral("\"t\" is not an integer (got \"17\")");
    QTest::newRow("t too large") << QByteArray(R"({"t":9223372036854775808,"f":{}})")
                                 << QStringLiteral("\"t\" is not an integer (got 9223372036854775808)");
    QTest::newRow("r null") << QByteArray(R"({"r":null,"f":{}})") << QStringLiteral("\"r\" is not an integer (got null)");
    QTest::newRow("r an object") << QByteArray(R"({"r":{},"f":{}})")
                                 << QStringLiteral("\"r\" is not an integer (got an object)");
    QTest::newRow("truncated") << QByteArray(R"({"f":{"p":1})") << QString();
    QTest::newRow("trailing text") << QByteArray(R"({"f":{}} x)") << QString();
    QTest::newRow("two objects") << QByteArray(R"({"f":{}}{"f":{}})") << QString();
    QTest::newRow("leading zero") << QByteArray(R"({"f":{"p":01}})") << QString();
    QTest::newRow("bad literal elsewhere") << QByteArray(R"({"x":tru,"f":{}})") << QString();
    QTest::newRow("invalid UTF-8 in a name") << QByteArray("{\"f\":{\"\xC3\x28\":1}}") << QString();
    QTest::newRow("bad escape in a name") << QByteArray(R"({"f":{"\x":1}})") << QString();
}

void TstRelayPayload::parseRejectsWhatTheRelayNeverWrites()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    data::Update read;
    QString said;
    QVERIFY(!parseUpdatePayload(payload, read, &said));
    if (error.isEmpty())
        QVERIFY2(!said.isEmpty(), "a reason is given"); // simdjson's wording
    else
        QCOMPARE(said, error);
    QVERIFY(!parseUpdatePayload(payload, read, nullptr));
}

void TstRelayPayload::statusPayloadIsCompactJson()
{
    QCOMPARE(statusPayload(fullStatus()),
             QByteArray("{\"name\":\"Coinbase \\\"pro\\\" \\\\ \xC3\xA9\xE6\x97\xA5\",\"protocol\":\"coinbase\","
                        "\"state\":\"backoff\",\"since\":1795386140000,\"retry_at\":1795386148000,"
                        "\"error\":\"Lost wss://feed.example\\n\\t\\u0001 retrying\",\"at\":1795386141000,"
                        "\"counters\":{\"messages\":123456789,\"updates\":98765,\"connects\":3,\"disconnects\":2},"
                        "\"relay\":{\"dropped\":17}}"));
    RelayedStatus live;
    live.name = QStringLiteral("Kraken");
    live.protocol = QStringLiteral("kraken");
    live.state = QStringLiteral("live");
    live.sinceMs = 10;
    live.atMs = 20;
    QCOMPARE(statusPayload(live),
             QByteArray(R"({"name":"Kraken","protocol":"kraken","state":"live","since":10,"at":20,)"
                        R"("counters":{"messages":0,"updates":0,"connects":0,"disconnects":0},"relay":{"dropped":0}})"));
}

void TstRelayPayload::statusRoundTripsEveryField_data()
{
    QTest::addColumn<RelayedStatus>("status");
    QTest::newRow("backoff with an error") << fullStatus();
    RelayedStatus live = fullStatus();
    live.state = QStringLiteral("live");
    live.retryAtMs = -1;
    live.lastError.clear();
    QTest::newRow("live without retry or error") << live;
    QTest::newRow("blank") << RelayedStatus{};
    RelayedStatus extreme = fullStatus();
    extreme.sinceMs = std::numeric_limits<qint64>::min();
    extreme.atMs = std::numeric_limits<qint64>::max();
    extreme.retryAtMs = 0;
    extreme.messages = quint64(std::numeric_limits<qint64>::max());
    extreme.updates = (quint64(1) << 53) + 1;
    extreme.relayDropped = 1;
    QTest::newRow("extreme numbers") << extreme;
    RelayedStatus texts = fullStatus();
    texts.name = QString(QChar(0)) + QStringLiteral("\x1f\x7f\u2028") + QString::fromUtf8("\xF0\x9F\x98\x80");
    texts.protocol = QStringLiteral("\"");
    texts.state = QStringLiteral("\\");
    QTest::newRow("awkward texts") << texts;
}

void TstRelayPayload::statusRoundTripsEveryField()
{
    QFETCH(RelayedStatus, status);
    const QByteArray payload = statusPayload(status);
    QString error = QStringLiteral("left over");
    const std::optional<RelayedStatus> read = parseStatusPayload(payload, &error);
    QVERIFY2(read.has_value(), qPrintable(error + u' ' + QString::fromUtf8(payload)));
    QCOMPARE(read->name, status.name);
    QCOMPARE(read->protocol, status.protocol);
    QCOMPARE(read->state, status.state);
    QCOMPARE(read->sinceMs, status.sinceMs);
    QCOMPARE(read->retryAtMs, status.retryAtMs);
    QCOMPARE(read->lastError, status.lastError);
    QCOMPARE(read->atMs, status.atMs);
    QCOMPARE(read->messages, status.messages);
    QCOMPARE(read->updates, status.updates);
    QCOMPARE(read->connects, status.connects);
    QCOMPARE(read->disconnects, status.disconnects);
    QCOMPARE(read->relayDropped, status.relayDropped);
    QVERIFY(*read == status);
}

void TstRelayPayload::statusOptionalFieldsMayBeAbsent()
{
    QString error;
    const std::optional<RelayedStatus> read =
        parseStatusPayload(R"({"name":"N","protocol":"p","state":"connecting","since":1,"at":2})", &error);
    QVERIFY2(read.has_value(), qPrintable(error));
    RelayedStatus expected;
    expected.name = QStringLiteral("N");
    expected.protocol = QStringLiteral("p");
    expected.state = QStringLiteral("connecting");
    expected.sinceMs = 1;
    expected.atMs = 2;
    QVERIFY(*read == expected);
    QCOMPARE(read->retryAtMs, -1);
    QCOMPARE(read->lastError, QString());
    QCOMPARE(read->messages, 0u);

    // Counters one by one, and keys of later relays.
    const std::optional<RelayedStatus> partial = parseStatusPayload(
        R"({"name":"N","protocol":"p","state":"live","since":1,"at":2,"counters":{"updates":5},"relay":{},)"
        R"("future":{"x":[1]}})",
        &error);
    QVERIFY2(partial.has_value(), qPrintable(error));
    QCOMPARE(partial->updates, 5u);
    QCOMPARE(partial->messages, 0u);
    QCOMPARE(partial->relayDropped, 0u);
}

void TstRelayPayload::statusParseRejectsWrongTypes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("error");

    const QByteArray base = R"("name":"N","protocol":"p","state":"live","since":1,"at":2)";
    QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not valid JSON (unterminated object at offset 1)");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON (illegal value at offset 0)");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("name missing") << QByteArray(R"({"protocol":"p","state":"live","since":1,"at":2})")
                                  << QStringLiteral("\"name\" is missing or not a string");
    QTest::newRow("protocol a number") << QByteArray(R"({"name":"N","protocol":1,"state":"live","since":1,"at":2})")
                                       << QStringLiteral("\"protocol\" is missing or not a string");
    QTest::newRow("state null") << QByteArray(R"({"name":"N","protocol":"p","state":null,"since":1,"at":2})")
                                << QStringLiteral("\"state\" is missing or not a string");
    QTest::newRow("error a number") << "{" + base + R"(,"error":5})" << QStringLiteral("\"error\" is not a string");
    QTest::newRow("since missing") << QByteArray(R"({"name":"N","protocol":"p","state":"live","at":2})")
                                   << QStringLiteral("\"since\" is missing or not an integer");
    QTest::newRow("since a fraction") << QByteArray(R"({"name":"N","protocol":"p","state":"live","since":1.5,"at":2})")
                                      << QStringLiteral("\"since\" is missing or not an integer");
    QTest::newRow("at a string") << QByteArray(R"({"name":"N","protocol":"p","state":"live","since":1,"at":"2"})")
                                 << QStringLiteral("\"at\" is missing or not an integer");
    QTest::newRow("retry_at a fraction") << "{" + base + R"(,"retry_at":0.5})"
                                         << QStringLiteral("\"retry_at\" is not an integer");
    QTest::newRow("counters an array") << "{" + base + R"(,"counters":[]})"
                                       << QStringLiteral("\"counters\" is not an object");
    QTest::newRow("counter negative") << "{" + base + R"(,"counters":{"connects":-1}})"
                                      << QStringLiteral("\"counters.connects\" is not a whole number");
    QTest::newRow("counter a string") << "{" + base + R"(,"counters":{"messages":"1"}})"
                                      << QStringLiteral("\"counters.messages\" is not a whole number");
    QTest::newRow("counter a fraction") << "{" + base + R"(,"counters":{"disconnects":0.5}})"
                                        << QStringLiteral("\"counters.disconnects\" is not a whole number");
    QTest::newRow("relay a number") << "{" + base + R"(,"relay":3})" << QStringLiteral("\"relay\" is not an object");
    QTest::newRow("dropped null") << "{" + base + R"(,"relay":{"dropped":null}})"
                                  << QStringLiteral("\"relay.dropped\" is not a whole number");
}

void TstRelayPayload::statusParseRejectsWrongTypes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!parseStatusPayload(payload, &said).has_value());
    QCOMPARE(said, error);
    QVERIFY(!parseStatusPayload(payload, nullptr).has_value());
}

QTEST_APPLESS_MAIN(TstRelayPayload)

#include "tst_relaypayload.moc"
