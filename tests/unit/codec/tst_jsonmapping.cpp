#include "core/codec/JsonMapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace feeddeck;
using codec::JsonMapping;
using codec::MatchCondition;

namespace {

QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test mapping is not a JSON object: %s", json.constData());
    return document.object();
}

// A valid mapping's body with the given keys added or replaced (a JSON object body).
QByteArray mappingWith(const QByteArray &keys)
{
    QJsonObject object = parseObject(R"({"key": ["sku"], "fields": ["on_hand"]})");
    const QJsonObject extra = parseObject("{" + keys + "}");
    for (auto it = extra.begin(); it != extra.end(); ++it)
        object.insert(it.key(), it.value());
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString problemsText(const JsonMapping::Problems &problems)
{
    QStringList lines;
    for (const auto &[path, message] : problems)
        lines.append(path + QStringLiteral(": ") + message);
    return lines.join(u'\n');
}

QJsonValue renderedValue(const QByteArray &rendered)
{
    const QJsonDocument document = QJsonDocument::fromJson("[" + rendered + "]");
    return document.isArray() ? document.array().at(0) : QJsonValue(QJsonValue::Undefined);
}

const QByteArray kDemoMapping = R"({
    "subscribe":   { "type": "subscribe",   "skus": "$symbols" },
    "unsubscribe": { "type": "unsubscribe", "skus": "$symbols" },
    "match":  { "type": "inventory" },
    "ack":    { "type": "subscribed" },
    "error":  { "match": { "type": "error" }, "symbol": "sku", "message": "message" },
    "key":    ["sku", "warehouse"],
    "time":   "ts",
    "fields": ["on_hand", "delta"] })";

} // namespace

class TstJsonMapping : public QObject
{
    Q_OBJECT

private slots:
    void demoMappingReadsEverySection();
    void keyAndFieldsAloneAreEnough();
    void nullOptionalSectionsReadAsAbsent();
    void matchValuesKeepTheirTypes();
    void unknownKeysAreAccepted();
    void invalidMappingIsReportedAtItsPath_data();
    void invalidMappingIsReportedAtItsPath();
    void everyProblemIsReportedNotOnlyTheFirst();
    void problemsMayBeIgnored();
    void fieldPathsAreChecked_data();
    void fieldPathsAreChecked();

    void symbolsReplaceThePlaceholderInAnObject();
    void symbolsReplaceThePlaceholderAtAnyDepthAndInArrays();
    void onlyExactPlaceholderStringsAreReplaced();
    void templateMayBeAnyJsonValue_data();
    void templateMayBeAnyJsonValue();
    void symbolsAreEscapedInTemplates();
};

void TstJsonMapping::demoMappingReadsEverySection()
{
    JsonMapping::Problems problems;
    const std::optional<JsonMapping> mapping = JsonMapping::fromJson(parseObject(kDemoMapping), &problems);
    QVERIFY2(mapping, qPrintable(problemsText(problems)));
    QVERIFY(problems.isEmpty());
    QCOMPARE(mapping->subscribe.toObject(), parseObject(R"({"type": "subscribe", "skus": "$symbols"})"));
    QCOMPARE(mapping->unsubscribe.toObject(), parseObject(R"({"type": "unsubscribe", "skus": "$symbols"})"));
    QCOMPARE(mapping->match, (codec::MatchConditions{{QStringLiteral("type"), QStringLiteral("inventory")}}));
    QVERIFY(mapping->ack);
    QCOMPARE(*mapping->ack, (codec::MatchConditions{{QStringLiteral("type"), QStringLiteral("subscribed")}}));
    QVERIFY(mapping->error);
    QCOMPARE(mapping->error->match, (codec::MatchConditions{{QStringLiteral("type"), QStringLiteral("error")}}));
    QCOMPARE(mapping->error->symbolPath, QStringLiteral("sku"));
    QCOMPARE(mapping->error->messagePath, QStringLiteral("message"));
    QCOMPARE(mapping->key, QStringList({"sku", "warehouse"}));
    QCOMPARE(mapping->time, QStringLiteral("ts"));
    QCOMPARE(mapping->fields, QStringList({"on_hand", "delta"}));
}

void TstJsonMapping::keyAndFieldsAloneAreEnough()
{
    const auto mapping = JsonMapping::fromJson(parseObject(R"({"key": ["id"], "fields": ["data.value"]})"), nullptr);
    QVERIFY(mapping);
    QVERIFY(mapping->subscribe.isUndefined());
    QVERIFY(mapping->unsubscribe.isUndefined());
    QVERIFY(mapping->match.isEmpty());
    QVERIFY(!mapping->ack);
    QVERIFY(!mapping->error);
    QVERIFY(mapping->time.isEmpty());
    QCOMPARE(mapping->key, QStringList{"id"});
    QCOMPARE(mapping->fields, QStringList{"data.value"});
}

void TstJsonMapping::nullOptionalSectionsReadAsAbsent()
{
    const auto mapping = JsonMapping::fromJson(
        parseObject(mappingWith(R"("subscribe": null, "unsubscribe": null, "match": null, "ack": null,
                                   "error": null, "time": null)")),
        nullptr);
    QVERIFY(mapping);
    QVERIFY(mapping->subscribe.isUndefined());
    QVERIFY(mapping->unsubscribe.isUndefined());
    QVERIFY(mapping->match.isEmpty());
    QVERIFY(!mapping->ack);
    QVERIFY(!mapping->error);
    QVERIFY(mapping->time.isEmpty());
}

void TstJsonMapping::matchValuesKeepTheirTypes()
{
    const auto mapping = JsonMapping::fromJson(
        parseObject(mappingWith(R"("match": {"meta.kind": "stock", "version": 2, "live": true})")), nullptr);
    QVERIFY(mapping);
    QCOMPARE(mapping->match.size(), 3);
    for (const MatchCondition &condition : mapping->match) {
        if (condition.path == QStringLiteral("meta.kind"))
            QCOMPARE(condition.expected, QJsonValue(QStringLiteral("stock")));
        else if (condition.path == QStringLiteral("version"))
            QCOMPARE(condition.expected, QJsonValue(2));
        else
            QCOMPARE(condition.expected, QJsonValue(true));
    }
}

void TstJsonMapping::unknownKeysAreAccepted()
{
    // Newer FeedDeck versions may add keys; this one ignores them and the file keeps them.
    JsonMapping::Problems problems;
    QVERIFY(JsonMapping::fromJson(parseObject(mappingWith(R"("comment": "stock levels")")), &problems));
    QVERIFY(problems.isEmpty());
}

void TstJsonMapping::invalidMappingIsReportedAtItsPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    // key
    QTest::newRow("key missing") << QByteArray(R"({"fields": ["a"]})") << "key"
                                 << R"(missing; list the field paths that identify a row, such as ["sku", "warehouse"])";
    QTest::newRow("key a string") << mappingWith(R"("key": "sku")") << "key"
                                  << "must be an array of field paths such as [\"sku\", \"warehouse\"], found a string";
    QTest::newRow("key empty") << mappingWith(R"("key": [])") << "key" << "is empty; list at least one field path";
    QTest::newRow("key entry a number") << mappingWith(R"("key": ["sku", 5])") << "key[1]"
                                        << "must be a field path string such as \"price\", found a number";
    QTest::newRow("key entry null") << mappingWith(R"("key": [null])") << "key[0]"
                                    << "must be a field path string such as \"price\", found null";
    QTest::newRow("key entry empty") << mappingWith(R"("key": ["sku", ""])") << "key[1]" << "is an empty field path";
    QTest::newRow("key entry with empty segment") << mappingWith(R"("key": ["meta..sku"])") << "key[0]"
                                                  << R"("meta..sku" is not a field path)";
    QTest::newRow("key entry ending in a dot") << mappingWith(R"("key": ["sku."])") << "key[0]" << "is not a field path";
    QTest::newRow("key duplicate") << mappingWith(R"("key": ["sku", "wh", "sku"])") << "key[2]"
                                   << R"(duplicate path "sku" (also key[0]); remove one)";
    QTest::newRow("key too long") << mappingWith(R"("key": ["a","b","c","d","e","f","g","h","i"])") << "key"
                                  << "has 9 paths; at most 8 are allowed";

    // fields
    QTest::newRow("fields missing") << QByteArray(R"({"key": ["sku"]})") << "fields"
                                    << "missing; list the field paths of the numbers to show";
    QTest::newRow("fields an object") << mappingWith(R"("fields": {"on_hand": 1})") << "fields"
                                      << "must be an array of field paths";
    QTest::newRow("fields empty") << mappingWith(R"("fields": [])") << "fields" << "is empty";
    QTest::newRow("field entry an array") << mappingWith(R"("fields": ["a", ["b"]])") << "fields[1]"
                                          << "must be a field path string such as \"price\", found an array";
    QTest::newRow("field duplicate") << mappingWith(R"("fields": ["a.b", "a.b"])") << "fields[1]"
                                     << R"(duplicate path "a.b" (also fields[0]))";
    QTest::newRow("field path too deep") << mappingWith(R"("fields": ["a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q"])")
                                         << "fields[0]" << "is nested more than 16 levels deep";
    QTest::newRow("field path too long") << mappingWith(R"("fields": [")" + QByteArray(257, 'x') + R"("])")
                                         << "fields[0]" << "is 257 characters long; a field path has at most 256";
    {
        QByteArray many;
        for (int i = 0; i < 65; ++i)
            many += (i ? ",\"f" : "\"f") + QByteArray::number(i) + '"';
        QTest::newRow("65 fields") << mappingWith(R"("fields": [)" + many + "]") << "fields"
                                   << "has 65 paths; at most 64 are allowed";
    }

    // time
    QTest::newRow("time a number") << mappingWith(R"("time": 1)") << "time"
                                   << "must be a field path string such as \"ts\", found a number";
    QTest::newRow("time empty") << mappingWith(R"("time": "")") << "time" << "is an empty field path";

    // match
    QTest::newRow("match an array") << mappingWith(R"("match": ["type"])") << "match"
                                    << "must be an object of field paths and the values to compare with, such as "
                                       "{\"type\": \"inventory\"}, found an array";
    QTest::newRow("match value an object") << mappingWith(R"("match": {"type": {"a": 1}})") << "match.type"
                                           << "must be a string, a number or true/false to compare with, found an object";
    QTest::newRow("match value null") << mappingWith(R"("match": {"type": null})") << "match.type"
                                      << "found null";
    QTest::newRow("match nested path value an array") << mappingWith(R"("match": {"meta.kind": []})")
                                                      << R"(match["meta.kind"])" << "found an array";
    QTest::newRow("match path with empty segment") << mappingWith(R"("match": {"meta.": "x"})") << R"(match["meta."])"
                                                   << R"("meta." is not a field path)";
    QTest::newRow("match empty path") << mappingWith(R"("match": {"": "x"})") << R"(match[""])"
                                      << "is an empty field path";
    {
        QByteArray many;
        for (int i = 0; i < 33; ++i)
            many += (i ? ",\"k" : "\"k") + QByteArray::number(i) + "\": 1";
        QTest::newRow("33 conditions") << mappingWith(R"("match": {)" + many + "}") << "match"
                                       << "has 33 conditions; a match takes at most 32";
    }

    // ack
    QTest::newRow("ack a string") << mappingWith(R"("ack": "subscribed")") << "ack"
                                  << "such as {\"type\": \"subscribed\"}, found a string";
    QTest::newRow("ack empty") << mappingWith(R"("ack": {})") << "ack"
                               << "is empty, so every message would count as the server's confirmation";
    QTest::newRow("ack value an array") << mappingWith(R"("ack": {"type": ["subscribed"]})") << "ack.type"
                                        << "found an array";

    // error
    QTest::newRow("error a bool") << mappingWith(R"("error": true)") << "error"
                                  << "must be an object such as {\"match\": {\"type\": \"error\"}";
    QTest::newRow("error without match") << mappingWith(R"("error": {"symbol": "sku"})") << "error.match"
                                         << "missing; say what an error message contains, such as {\"type\": \"error\"}";
    QTest::newRow("error match empty") << mappingWith(R"("error": {"match": {}})") << "error.match"
                                       << "is empty, so every message would be an error";
    QTest::newRow("error match a string") << mappingWith(R"("error": {"match": "error"})") << "error.match"
                                          << "found a string";
    QTest::newRow("error match value a bad type") << mappingWith(R"("error": {"match": {"type": null}})")
                                                  << "error.match.type" << "found null";
    QTest::newRow("error symbol a number") << mappingWith(R"("error": {"match": {"type": "error"}, "symbol": 1})")
                                           << "error.symbol" << "must be a field path string such as \"sku\"";
    QTest::newRow("error message path bad")
        << mappingWith(R"("error": {"match": {"type": "error"}, "message": "a..b"})") << "error.message"
        << R"("a..b" is not a field path)";
}

void TstJsonMapping::invalidMappingIsReportedAtItsPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);

    JsonMapping::Problems problems;
    QVERIFY(!JsonMapping::fromJson(parseObject(json), &problems));
    QVERIFY2(problems.size() == 1, qPrintable(problemsText(problems)));
    QCOMPARE(problems.at(0).first, path);
    QVERIFY2(problems.at(0).second.contains(message), qPrintable(problems.at(0).second));
    QVERIFY(problems.at(0).second.size() < 300);
}

void TstJsonMapping::everyProblemIsReportedNotOnlyTheFirst()
{
    JsonMapping::Problems problems;
    const QJsonObject json = parseObject(R"({"match": {"type": null}, "ack": {}, "error": {"symbol": 3},
                                             "key": ["sku", 1], "time": false, "fields": "on_hand"})");
    QVERIFY(!JsonMapping::fromJson(json, &problems));
    QStringList paths;
    for (const auto &problem : std::as_const(problems))
        paths.append(problem.first);
    QCOMPARE(paths, QStringList({"match.type", "ack", "error.match", "error.symbol", "key[1]", "time", "fields"}));
}

void TstJsonMapping::problemsMayBeIgnored()
{
    QVERIFY(!JsonMapping::fromJson(QJsonObject{}, nullptr));
    QVERIFY(JsonMapping::fromJson(parseObject(mappingWith({})), nullptr));
}

void TstJsonMapping::fieldPathsAreChecked_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "price" << true;
    QTest::newRow("nested") << "data.quote.price" << true;
    QTest::newRow("spaces and symbols") << "last price ($)" << true;
    QTest::newRow("sixteen levels") << "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p" << true;
    QTest::newRow("seventeen levels") << "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("lone dot") << "." << false;
    QTest::newRow("leading dot") << ".price" << false;
    QTest::newRow("double dot") << "a..b" << false;
    QTest::newRow("256 characters") << QString(256, u'x') << true;
    QTest::newRow("257 characters") << QString(257, u'x') << false;
}

void TstJsonMapping::fieldPathsAreChecked()
{
    QFETCH(QString, path);
    QFETCH(bool, valid);
    QCOMPARE(codec::isValidFieldPath(path), valid);
}

void TstJsonMapping::symbolsReplaceThePlaceholderInAnObject()
{
    const QByteArray rendered = codec::renderTemplate(parseObject(R"({"type": "subscribe", "skus": "$symbols"})"),
                                                      {QStringLiteral("SKU-1001"), QStringLiteral("SKU-1002")});
    QCOMPARE(renderedValue(rendered).toObject(),
             parseObject(R"({"type": "subscribe", "skus": ["SKU-1001", "SKU-1002"]})"));
    QVERIFY(!rendered.contains('\n')); // one compact frame
}

void TstJsonMapping::symbolsReplaceThePlaceholderAtAnyDepthAndInArrays()
{
    const QJsonObject templ = parseObject(R"({"op": "sub", "args": [{"channel": "stock", "ids": "$symbols"}, "$symbols"],
                                             "meta": {"deep": {"deeper": {"list": "$symbols"}}}})");
    const QByteArray rendered = codec::renderTemplate(templ, {QStringLiteral("A"), QStringLiteral("B")});
    QCOMPARE(renderedValue(rendered).toObject(),
             parseObject(R"({"op": "sub", "args": [{"channel": "stock", "ids": ["A", "B"]}, ["A", "B"]],
                            "meta": {"deep": {"deeper": {"list": ["A", "B"]}}}})"));
}

void TstJsonMapping::onlyExactPlaceholderStringsAreReplaced()
{
    const QJsonObject templ = parseObject(R"({"$symbols": "$symbols2", "a": "x$symbols", "b": "$SYMBOLS",
                                             "c": " $symbols", "d": 1, "e": true, "f": null})");
    QCOMPARE(renderedValue(codec::renderTemplate(templ, {QStringLiteral("A")})).toObject(), templ);
}

void TstJsonMapping::templateMayBeAnyJsonValue_data()
{
    QTest::addColumn<QJsonValue>("templ");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("placeholder alone") << QJsonValue(QStringLiteral("$symbols")) << QByteArray(R"(["A","B"])");
    QTest::newRow("array") << QJsonValue(QJsonArray{QStringLiteral("sub"), QStringLiteral("$symbols")})
                           << QByteArray(R"(["sub",["A","B"]])");
    QTest::newRow("plain string") << QJsonValue(QStringLiteral("SUBSCRIBE ALL")) << QByteArray(R"("SUBSCRIBE ALL")");
    QTest::newRow("number") << QJsonValue(42) << QByteArray("42");
    QTest::newRow("boolean") << QJsonValue(true) << QByteArray("true");
}

void TstJsonMapping::templateMayBeAnyJsonValue()
{
    QFETCH(QJsonValue, templ);
    QFETCH(QByteArray, expected);
    QCOMPARE(codec::renderTemplate(templ, {QStringLiteral("A"), QStringLiteral("B")}), expected);
}

void TstJsonMapping::symbolsAreEscapedInTemplates()
{
    const QStringList symbols{QStringLiteral("A\"],\"x\":[\"B"), QStringLiteral("C\\D"), QStringLiteral("E\nF\x01"),
                              QString::fromUtf8("\xe2\x82\xac-\xf0\x9f\x98\x80")};
    const QByteArray rendered = codec::renderTemplate(parseObject(R"({"skus": "$symbols"})"), symbols);
    for (const char c : rendered)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, "raw control byte in the frame");
    const QJsonObject message = renderedValue(rendered).toObject();
    QCOMPARE(message.size(), 1);
    QCOMPARE(message.value(QLatin1String("skus")).toArray(), QJsonArray::fromStringList(symbols));
}

QTEST_APPLESS_MAIN(TstJsonMapping)

#include "tst_jsonmapping.moc"
