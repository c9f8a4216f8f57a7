#include "core/codec/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <array>
#include <string>
#include <vector>

using namespace feeddeck::codec::json_scan;
using feeddeck::codec::appendJsonString;
using feeddeck::codec::appendJsonStringArray;

namespace {

// Members as "key=kind:text" lines, or "not flat".
QStringList readFlat(const QByteArray &text, std::size_t room = 16)
{
    std::array<FlatMember, 16> members;
    const int count = scanFlatObject(std::string_view(text.constData(), std::size_t(text.size())),
                                     std::span(members).first(room));
    if (count < 0)
        return {QStringLiteral("not flat")};
    QStringList out;
    for (int i = 0; i < count; ++i) {
        const FlatMember &m = members[std::size_t(i)];
        const char *kind = m.value.kind == ValueKind::String ? "string"
            : m.value.kind == ValueKind::Number              ? "number"
            : m.value.kind == ValueKind::Boolean             ? "boolean"
            : m.value.kind == ValueKind::Null                ? "null"
                                                             : "other";
        out.append(QStringLiteral("%1=%2:%3")
                       .arg(QString::fromLatin1(m.key.data(), qsizetype(m.key.size())), QLatin1String(kind),
                            QString::fromLatin1(m.value.text.data(), qsizetype(m.value.text.size()))));
    }
    return out;
}

} // namespace

class TstJsonText : public QObject
{
    Q_OBJECT

private slots:
    void readsFlatObjects_data();
    void readsFlatObjects();
    void moreMembersThanRoomIsNotFlat();
    void everyPrefixOfAFlatObjectIsNotFlat();
    void stringsOfEveryLengthAndEveryStopPosition();
    void longObjectsAreReadWholeOnEitherSideOfTheMaskLimit_data();
    void longObjectsAreReadWholeOnEitherSideOfTheMaskLimit();
    void isJsonNumberFollowsTheGrammar_data();
    void isJsonNumberFollowsTheGrammar();
    void stringsAreWrittenAsEscapedJson_data();
    void stringsAreWrittenAsEscapedJson();
    void writtenStringsReadBackAsTheSameText();
    void stringArraysListEveryItem();
};

void TstJsonText::readsFlatObjects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("members");
    QTest::newRow("ticker") << QByteArray(R"({"type":"ticker","sequence":42,"price":"43000.12","time":"2026-11-23T15:30:00Z"})")
                            << QStringList{"type=string:ticker", "sequence=number:42", "price=string:43000.12",
                                           "time=string:2026-11-23T15:30:00Z"};
    QTest::newRow("empty object") << QByteArray("{}") << QStringList{};
    QTest::newRow("space everywhere JSON allows it")
        << QByteArray(" \t\r\n{ \"a\" :\n1 , \"b\"\t:\t\"x\" }\r\n ") << QStringList{"a=number:1", "b=string:x"};
    QTest::newRow("numbers of every form")
        << QByteArray(R"({"a":0,"b":-0.5,"c":1e5,"d":1E+5,"e":-2.5e-3,"f":123456789012345678901234567890})")
        << QStringList{"a=number:0",    "b=number:-0.5",     "c=number:1e5",
                       "d=number:1E+5", "e=number:-2.5e-3", "f=number:123456789012345678901234567890"};
    QTest::newRow("literals") << QByteArray(R"({"a":true,"b":false,"c":null})")
                              << QStringList{"a=boolean:true", "b=boolean:false", "c=null:null"};
    QTest::newRow("empty key and value, and DEL") << QByteArray("{\"\":\"\",\"k\":\"a\x7f\"}")
                                                  << QStringList{"=string:", "k=string:a\x7f"};
    QTest::newRow("a key twice: both, in order") << QByteArray(R"({"a":1,"a":2})")
                                                 << QStringList{"a=number:1", "a=number:2"};

    // Everything else is left to simdjson: valid JSON of another shape, and every malformed text.
    const QStringList notFlat{QStringLiteral("not flat")};
    QTest::newRow("escape in a value") << QByteArray(R"({"a":"x\"y"})") << notFlat;
    QTest::newRow("escape in a key") << QByteArray(R"({"a\n":1})") << notFlat;
    QTest::newRow("non-ASCII") << QByteArray("{\"a\":\"\xe2\x82\xac\"}") << notFlat;
    QTest::newRow("control byte in a string") << QByteArray("{\"a\":\"x\x01\"}") << notFlat;
    QTest::newRow("nested object") << QByteArray(R"({"a":{"b":1}})") << notFlat;
    QTest::newRow("nested array") << QByteArray(R"({"a":[1]})") << notFlat;
    QTest::newRow("array at the root") << QByteArray("[1]") << notFlat;
    QTest::newRow("empty text") << QByteArray("") << notFlat;
    QTest::newRow("only space") << QByteArray("  ") << notFlat;
    QTest::newRow("unclosed object") << QByteArray(R"({"a":1)") << notFlat;
    QTest::newRow("unclosed string") << QByteArray(R"({"a":"x})") << notFlat;
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << notFlat;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << notFlat;
    QTest::newRow("missing comma") << QByteArray(R"({"a":1 "b":2})") << notFlat;
    QTest::newRow("text after the object") << QByteArray(R"({"a":1} x)") << notFlat;
    QTest::newRow("second object") << QByteArray(R"({"a":1}{})") << notFlat;
    QTest::newRow("key without quotes") << QByteArray(R"({a:1})") << notFlat;
    QTest::newRow("leading zero") << QByteArray(R"({"a":01})") << notFlat;
    QTest::newRow("bare minus") << QByteArray(R"({"a":-})") << notFlat;
    QTest::newRow("point without digits") << QByteArray(R"({"a":1.})") << notFlat;
    QTest::newRow("leading point") << QByteArray(R"({"a":.5})") << notFlat;
    QTest::newRow("exponent without digits") << QByteArray(R"({"a":1e})") << notFlat;
    QTest::newRow("number run into a letter") << QByteArray(R"({"a":1x})") << notFlat;
    QTest::newRow("literal run on") << QByteArray(R"({"a":truex})") << notFlat;
    QTest::newRow("cut literal") << QByteArray(R"({"a":tru})") << notFlat;
    QTest::newRow("capitalised literal") << QByteArray(R"({"a":True})") << notFlat;
    QTest::newRow("NUL byte") << QByteArray("{\"a\":1}\0", 8) << notFlat;
}

void TstJsonText::readsFlatObjects()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, members);
    QCOMPARE(readFlat(text), members);
}

void TstJsonText::moreMembersThanRoomIsNotFlat()
{
    const QByteArray three(R"({"a":1,"b":2,"c":3})");
    QCOMPARE(readFlat(three, 3).size(), 3);
    QCOMPARE(readFlat(three, 2), QStringList{QStringLiteral("not flat")});
}

void TstJsonText::everyPrefixOfAFlatObjectIsNotFlat()
{
    const QByteArray text(R"({"type":"ticker","price":"1.5","n":-3e2,"ok":true,"x":null})");
    for (qsizetype n = 0; n < text.size(); ++n)
        QVERIFY2(readFlat(text.first(n)) == QStringList{QStringLiteral("not flat")},
                 text.first(n).constData());
}

void TstJsonText::stringsOfEveryLengthAndEveryStopPosition()
{
    // Strings are scanned sixteen bytes at a time where the text allows: a string end or a byte
    // that is not plain must be found wherever it falls in (or after) a block.
    for (int length = 0; length < 50; ++length) {
        const QByteArray value(length, 'x');
        QCOMPARE(readFlat("{\"k\":\"" + value + "\"}"), QStringList{QStringLiteral("k=string:") + QString::fromLatin1(value)});
        QCOMPARE(readFlat("{\"" + value + "\":1}"), QStringList{QString::fromLatin1(value) + QStringLiteral("=number:1")});
        for (const char stop : {'\\', '\x01', '\x1f', '\xc3', '\x80', '\xff'}) {
            const QByteArray broken = "{\"k\":\"" + value + stop + QByteArray(40, 'y') + "\"}";
            QVERIFY2(readFlat(broken) == QStringList{QStringLiteral("not flat")},
                     qPrintable(QStringLiteral("byte 0x%1 after %2 plain bytes").arg(int(quint8(stop)), 0, 16).arg(length)));
        }
    }
}

void TstJsonText::longObjectsAreReadWholeOnEitherSideOfTheMaskLimit_data()
{
    // Texts up to 2 KiB are read through a mask of their quotes, longer ones string by string:
    // members of every length, across mask words, in texts on both sides of that limit.
    QTest::addColumn<int>("members");
    QTest::addColumn<bool>("withTabs"); // tabs between tokens: read string by string at any size
    for (const int members : {1, 5, 20, 40, 60, 80})
        for (const bool tabs : {false, true})
            QTest::newRow(qPrintable(QStringLiteral("%1 members%2").arg(members).arg(tabs ? ", tabs" : "")))
                << members << tabs;
}

void TstJsonText::longObjectsAreReadWholeOnEitherSideOfTheMaskLimit()
{
    QFETCH(int, members);
    QFETCH(bool, withTabs);
    QByteArray text = "{";
    QStringList expected;
    for (int i = 0; i < members; ++i) {
        const QByteArray key = "key" + QByteArray::number(i);
        const QByteArray value(i % 37, char('a' + i % 26));
        text += (i > 0 ? "," : "") + QByteArray(withTabs ? "\t" : "") + '"' + key + "\":\"" + value + '"';
        expected.append(QString::fromLatin1(key + "=string:" + value));
    }
    text += '}';
    std::vector<FlatMember> room(static_cast<std::size_t>(members));
    const int count = scanFlatObject(std::string_view(text.constData(), std::size_t(text.size())), room);
    QCOMPARE(count, members);
    QStringList read;
    for (const FlatMember &m : room)
        read.append(QString::fromLatin1(QByteArray(m.key.data(), qsizetype(m.key.size())) + "=string:"
                                        + QByteArray(m.value.text.data(), qsizetype(m.value.text.size()))));
    QCOMPARE(read, expected);
}

void TstJsonText::isJsonNumberFollowsTheGrammar_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("number");
    for (const char *yes : {"0", "-0", "7", "42", "-42", "0.5", "10.25", "1e9", "1E9", "1e+9", "1e-9", "-1.5E-10"})
        QTest::newRow(yes) << QByteArray(yes) << true;
    for (const char *no : {"", "-", "+1", "01", "-01", ".5", "5.", "1e", "1e+", "1.e5", "0x10", "1 ", " 1", "NaN",
                           "Infinity", "1_000"})
        QTest::newRow(qPrintable(QStringLiteral("not: '%1'").arg(QLatin1String(no)))) << QByteArray(no) << false;
}

void TstJsonText::isJsonNumberFollowsTheGrammar()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, number);
    QCOMPARE(isJsonNumber(std::string_view(text.constData(), std::size_t(text.size()))), number);
}

void TstJsonText::stringsAreWrittenAsEscapedJson_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QString() << QByteArray("\"\"");
    QTest::newRow("plain") << QStringLiteral("BTC-USD") << QByteArray("\"BTC-USD\"");
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
    QTest::newRow("json injection") << QStringLiteral("x\"],\"method\":\"UNSUBSCRIBE")
                                    << QByteArray("\"x\\\"],\\\"method\\\":\\\"UNSUBSCRIBE\"");
    QTest::newRow("newline, return, tab") << QStringLiteral("a\nb\rc\td") << QByteArray("\"a\\nb\\rc\\td\"");
    QTest::newRow("other controls") << QString::fromUtf8("\x00\x01\x08\x0c\x1f", 5)
                                    << QByteArray("\"\\u0000\\u0001\\u0008\\u000c\\u001f\"");
    QTest::newRow("delete and slash kept") << QStringLiteral("\x7f/") << QByteArray("\"\x7f/\"");
    QTest::newRow("two and three bytes") << QString::fromUtf8("\xc3\xa9\xe2\x82\xac")
                                         << QByteArray("\"\xc3\xa9\xe2\x82\xac\"");
    QTest::newRow("outside the BMP") << QString::fromUtf8("\xf0\x9f\x98\x80") << QByteArray("\"\xf0\x9f\x98\x80\"");
    QTest::newRow("lone high surrogate") << QString(QChar(0xD83D)) + u'x' << QByteArray("\"\xEF\xBF\xBDx\"");
    QTest::newRow("lone low surrogate at the end") << u'x' + QString(QChar(0xDE00)) << QByteArray("\"x\xEF\xBF\xBD\"");
}

void TstJsonText::stringsAreWrittenAsEscapedJson()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    QByteArray out("prefix:");
    appendJsonString(out, text);
    QCOMPARE(out, "prefix:" + json);
}

void TstJsonText::writtenStringsReadBackAsTheSameText()
{
    QString text;
    for (char16_t c = 0; c < 0x300; ++c)
        text.append(QChar(c));
    text += QString::fromUtf8("\xe2\x80\xae\xf0\x9f\x98\x80\xef\xbf\xbf");
    QByteArray out;
    appendJsonString(out, text);
    for (const char c : out)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, "raw control byte in the text");
    const QJsonDocument document = QJsonDocument::fromJson("[" + out + "]");
    QVERIFY(document.isArray());
    QCOMPARE(document.array().at(0).toString(), text);
}

void TstJsonText::stringArraysListEveryItem()
{
    QByteArray out;
    appendJsonStringArray(out, {});
    QCOMPARE(out, QByteArray("[]"));
    out.clear();
    appendJsonStringArray(out, {QStringLiteral("ticker"), QStringLiteral("a\"b"), QString()});
    QCOMPARE(out, QByteArray("[\"ticker\",\"a\\\"b\",\"\"]"));
}

QTEST_APPLESS_MAIN(TstJsonText)
#include "tst_jsontext.moc"
