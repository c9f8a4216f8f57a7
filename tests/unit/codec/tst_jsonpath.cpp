#include "core/codec/JsonPath.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using feeddeck::codec::childPath;
using feeddeck::codec::compactJson;
using feeddeck::codec::indexPath;
using feeddeck::codec::jsonTypeName;
using feeddeck::codec::quotedText;

class TstJsonPath : public QObject
{
    Q_OBJECT

private slots:
    void typeNamesReadAsPartOfASentence();
    void compactJsonWritesAnyValue();
    void quotedTextIsJsonAndCutAfterSixtyCharacters();
    void quotedTextNeverSplitsASurrogatePair();
    void plainKeysJoinWithDotsAndOthersAreQuoted();
    void indexesGoInBrackets();
};

void TstJsonPath::typeNamesReadAsPartOfASentence()
{
    QCOMPARE(jsonTypeName(QJsonValue(QJsonValue::Null)), QStringLiteral("null"));
    QCOMPARE(jsonTypeName(QJsonValue(true)), QStringLiteral("a boolean"));
    QCOMPARE(jsonTypeName(QJsonValue(1.5)), QStringLiteral("a number"));
    QCOMPARE(jsonTypeName(QJsonValue(QStringLiteral("x"))), QStringLiteral("a string"));
    QCOMPARE(jsonTypeName(QJsonArray{}), QStringLiteral("an array"));
    QCOMPARE(jsonTypeName(QJsonObject{}), QStringLiteral("an object"));
    QCOMPARE(jsonTypeName(QJsonValue(QJsonValue::Undefined)), QStringLiteral("nothing"));
}

void TstJsonPath::compactJsonWritesAnyValue()
{
    QCOMPARE(compactJson(QJsonValue(2)), QByteArray("2"));
    QCOMPARE(compactJson(QJsonValue(0.5)), QByteArray("0.5"));
    QCOMPARE(compactJson(QJsonValue(false)), QByteArray("false"));
    QCOMPARE(compactJson(QJsonValue(QJsonValue::Null)), QByteArray("null"));
    QCOMPARE(compactJson(QJsonValue(QStringLiteral("a\"b"))), QByteArray("\"a\\\"b\""));
    QCOMPARE(compactJson(QJsonArray{1, QStringLiteral("x")}), QByteArray("[1,\"x\"]"));
    QCOMPARE(compactJson(QJsonObject{{QStringLiteral("k"), true}}), QByteArray("{\"k\":true}"));
}

void TstJsonPath::quotedTextIsJsonAndCutAfterSixtyCharacters()
{
    QCOMPARE(quotedText(QStringLiteral("BTC-USD")), QStringLiteral("\"BTC-USD\""));
    QCOMPARE(quotedText(QStringLiteral("line\nbreak")), QStringLiteral("\"line\\nbreak\""));
    const QString sixty(60, u'a');
    QCOMPARE(quotedText(sixty), u'"' + sixty + u'"');
    QCOMPARE(quotedText(sixty + u'b'), u'"' + sixty + QStringLiteral("...\""));
}

void TstJsonPath::quotedTextNeverSplitsASurrogatePair()
{
    const QString smiley = QString::fromUtf8("\xf0\x9f\x98\x80");
    const QString text = QString(59, u'a') + smiley + QStringLiteral("tail");
    QCOMPARE(quotedText(text), u'"' + QString(59, u'a') + QStringLiteral("...\""));
}

void TstJsonPath::plainKeysJoinWithDotsAndOthersAreQuoted()
{
    QCOMPARE(childPath(QString(), QStringLiteral("feeds")), QStringLiteral("feeds"));
    QCOMPARE(childPath(QStringLiteral("match"), QStringLiteral("type")), QStringLiteral("match.type"));
    QCOMPARE(childPath(QStringLiteral("json"), QStringLiteral("on_hand-2")), QStringLiteral("json.on_hand-2"));
    QCOMPARE(childPath(QStringLiteral("match"), QStringLiteral("meta.kind")), QStringLiteral("match[\"meta.kind\"]"));
    QCOMPARE(childPath(QStringLiteral("headers"), QString()), QStringLiteral("headers[\"\"]"));
    QCOMPARE(childPath(QString(), QStringLiteral("a b")), QStringLiteral("[\"a b\"]"));
}

void TstJsonPath::indexesGoInBrackets()
{
    QCOMPARE(indexPath(QStringLiteral("feeds"), 2), QStringLiteral("feeds[2]"));
    QCOMPARE(indexPath(childPath(indexPath(QStringLiteral("feeds"), 0), QStringLiteral("symbols")), 10),
             QStringLiteral("feeds[0].symbols[10]"));
    QCOMPARE(indexPath(QString(), 0), QStringLiteral("[0]"));
}

QTEST_APPLESS_MAIN(TstJsonPath)
#include "tst_jsonpath.moc"
