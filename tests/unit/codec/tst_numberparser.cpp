#include "core/codec/NumberParser.h"

#include <QDateTime>
#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QtTest>

#include <bit>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstring>
#include <string_view>

using feeddeck::codec::IsoTimeReader;
using feeddeck::codec::parseDecimal;
using feeddeck::codec::parseEpochMsOrMicros;
using feeddeck::codec::parseEpochSecondsOrMs;
using feeddeck::codec::parseIsoTimeMs;
using feeddeck::codec::parseUnsigned;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

} // namespace

class TstNumberParser : public QObject
{
    Q_OBJECT

private slots:
    void parsesDecimalText_data();
    void parsesDecimalText();
    void rejectsTextThatIsNotOneWholeNumber_data();
    void rejectsTextThatIsNotOneWholeNumber();
    void keepsTheSignOfNegativeZero();
    void ignoresTheProcessLocale();

    void parsesIsoTimes_data();
    void parsesIsoTimes();
    void rejectsInvalidIsoTimes_data();
    void rejectsInvalidIsoTimes();
    void agreesWithQDateTimeOnRandomInstants();
    void acceptsEveryCalendarDayAndNoOther();
    void shortDecimalsGiveTheSameBitsAsFromChars();
    void timeReaderGivesWhatParseIsoTimeGives();
    void parsesUnsignedDigits_data();
    void parsesUnsignedDigits();
    void parsesEpochSecondsOrMilliseconds_data();
    void parsesEpochSecondsOrMilliseconds();
    void parsesEpochMillisecondsOrMicroseconds_data();
    void parsesEpochMillisecondsOrMicroseconds();
};

void TstNumberParser::parsesDecimalText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<double>("expected");

    QTest::newRow("price") << QByteArray("43000.12") << 43000.12;
    QTest::newRow("zero") << QByteArray("0") << 0.0;
    QTest::newRow("integer") << QByteArray("41500") << 41500.0;
    QTest::newRow("negative") << QByteArray("-1.5") << -1.5;
    QTest::newRow("small exponent") << QByteArray("1e-8") << 1e-8;
    QTest::newRow("upper-case exponent") << QByteArray("1E5") << 1e5;
    QTest::newRow("explicit positive exponent") << QByteArray("2.5e+3") << 2500.0;
    QTest::newRow("satoshi") << QByteArray("0.00000001") << 0.00000001;
    QTest::newRow("many decimals") << QByteArray("12345.67891234") << 12345.67891234;
    QTest::newRow("1e308 fits") << QByteArray("1e308") << 1e308;
    QTest::newRow("largest double") << QByteArray("1.7976931348623157e308") << 1.7976931348623157e308;
    QTest::newRow("smallest subnormal") << QByteArray("4.9406564584124654e-324") << 4.9406564584124654e-324;
    QTest::newRow("negative huge") << QByteArray("-1e308") << -1e308;
    QTest::newRow("thirty digits") << QByteArray("123456789012345678901234567890") << 123456789012345678901234567890.0;
    // Correct rounding, not an approximation: 2^53 + 1 rounds to even.
    QTest::newRow("round half to even") << QByteArray("9007199254740993") << 9007199254740992.0;
    QTest::newRow("leading point") << QByteArray(".5") << 0.5;
    QTest::newRow("trailing point") << QByteArray("5.") << 5.0;
    QTest::newRow("leading zeros") << QByteArray("007") << 7.0;
}

void TstNumberParser::parsesDecimalText()
{
    QFETCH(QByteArray, text);
    QFETCH(double, expected);

    const std::optional<double> value = parseDecimal(view(text));
    QVERIFY2(value.has_value(), text.constData());
    // Exact equality on purpose: full precision is the contract.
    QVERIFY2(*value == expected,
             qPrintable(QStringLiteral("%1 != %2").arg(*value, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    // The codecs' form gives the same value.
    double read = 0.0;
    QVERIFY(feeddeck::codec::readDecimal(view(text), read));
    QCOMPARE(std::bit_cast<quint64>(read), std::bit_cast<quint64>(*value));
}

void TstNumberParser::rejectsTextThatIsNotOneWholeNumber_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("minus only") << QByteArray("-");
    QTest::newRow("point only") << QByteArray(".");
    QTest::newRow("leading plus") << QByteArray("+1");
    QTest::newRow("leading space") << QByteArray(" 1");
    QTest::newRow("trailing space") << QByteArray("1 ");
    QTest::newRow("leading tab") << QByteArray("\t1");
    QTest::newRow("trailing newline") << QByteArray("1\n");
    QTest::newRow("embedded nul") << QByteArray("1\0" "2", 3);
    QTest::newRow("overflow 1e400") << QByteArray("1e400");
    QTest::newRow("negative overflow") << QByteArray("-1e400");
    QTest::newRow("just above max") << QByteArray("1.8e308");
    QTest::newRow("underflow") << QByteArray("1e-400");
    QTest::newRow("inf") << QByteArray("inf");
    QTest::newRow("negative inf") << QByteArray("-inf");
    QTest::newRow("infinity") << QByteArray("Infinity");
    QTest::newRow("nan") << QByteArray("nan");
    QTest::newRow("NaN") << QByteArray("NaN");
    QTest::newRow("hex float") << QByteArray("0x1p3");
    QTest::newRow("hex integer") << QByteArray("0x10");
    QTest::newRow("decimal comma") << QByteArray("1,5");
    QTest::newRow("two points") << QByteArray("1.2.3");
    QTest::newRow("dangling exponent") << QByteArray("1e");
    QTest::newRow("dangling exponent sign") << QByteArray("1e+");
    QTest::newRow("word") << QByteArray("abc");
    QTest::newRow("number then word") << QByteArray("12abc");
    QTest::newRow("double minus") << QByteArray("--1");
    QTest::newRow("digit separators") << QByteArray("1_000");
    QTest::newRow("quoted") << QByteArray("\"1\"");
}

void TstNumberParser::rejectsTextThatIsNotOneWholeNumber()
{
    QFETCH(QByteArray, text);
    QVERIFY(!parseDecimal(view(text)).has_value());
    double untouched = 42.0;
    QVERIFY(!feeddeck::codec::readDecimal(view(text), untouched));
    QCOMPARE(untouched, 42.0); // a refused text leaves the value as it was
}

void TstNumberParser::keepsTheSignOfNegativeZero()
{
    const std::optional<double> value = parseDecimal("-0");
    QVERIFY(value.has_value());
    QCOMPARE(*value, 0.0);
    QVERIFY(std::signbit(*value));
}

void TstNumberParser::ignoresTheProcessLocale()
{
    const QLocale previousDefault;
    const std::string previousC = std::setlocale(LC_ALL, nullptr);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const bool cLocaleSet = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;

    const std::optional<double> dotted = parseDecimal("1234.5");
    const std::optional<double> comma = parseDecimal("1234,5");

    QLocale::setDefault(previousDefault);
    std::setlocale(LC_ALL, previousC.c_str());

    QVERIFY(dotted.has_value());
    QCOMPARE(*dotted, 1234.5);
    QVERIFY(!comma.has_value());
    if (!cLocaleSet)
        qInfo("de_DE.UTF-8 is not installed: only the Qt default locale was switched");
}

void TstNumberParser::parsesIsoTimes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("coinbase microseconds") << QByteArray("2026-11-22T22:22:17.818123Z") << Q_INT64_C(1795386137818);
    QTest::newRow("milliseconds") << QByteArray("2026-11-22T22:22:17.818Z") << Q_INT64_C(1795386137818);
    QTest::newRow("nanoseconds") << QByteArray("2026-11-22T22:22:17.818999999Z") << Q_INT64_C(1795386137818);
    QTest::newRow("one fractional digit") << QByteArray("2026-11-22T22:22:17.8Z") << Q_INT64_C(1795386137800);
    QTest::newRow("two fractional digits") << QByteArray("2026-11-22T22:22:17.81Z") << Q_INT64_C(1795386137810);
    QTest::newRow("no fraction") << QByteArray("2026-11-22T22:22:17Z") << Q_INT64_C(1795386137000);
    QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << Q_INT64_C(0);
    QTest::newRow("before the epoch") << QByteArray("1969-12-31T23:59:59.999Z") << Q_INT64_C(-1);
    QTest::newRow("sub-ms before the epoch truncates to the past")
        << QByteArray("1969-12-31T23:59:59.9995Z") << Q_INT64_C(-1);
    QTest::newRow("positive offset") << QByteArray("2026-11-22T22:22:17+01:00") << Q_INT64_C(1795382537000);
    QTest::newRow("negative offset") << QByteArray("2026-11-22T22:22:17.5-05:30") << Q_INT64_C(1795405937500);
    QTest::newRow("zero offset") << QByteArray("2026-11-22T22:22:17.818+00:00") << Q_INT64_C(1795386137818);
    QTest::newRow("leap day") << QByteArray("2024-02-29T12:00:00Z") << Q_INT64_C(1709208000000);
    QTest::newRow("leap day of a 400-year") << QByteArray("2000-02-29T00:00:00Z") << Q_INT64_C(951782400000);
    QTest::newRow("1900 skips feb 29") << QByteArray("1900-03-01T00:00:00Z") << Q_INT64_C(-2203891200000);
    QTest::newRow("year 1") << QByteArray("0001-01-01T00:00:00Z") << Q_INT64_C(-62135596800000);
    QTest::newRow("year 0") << QByteArray("0000-01-01T00:00:00Z") << Q_INT64_C(-62167219200000);
    QTest::newRow("year 9999") << QByteArray("9999-12-31T23:59:59.999Z") << Q_INT64_C(253402300799999);
}

void TstNumberParser::parsesIsoTimes()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expectedMs);

    const std::optional<qint64> ms = parseIsoTimeMs(view(text));
    QVERIFY2(ms.has_value(), text.constData());
    QCOMPARE(*ms, expectedMs);
}

void TstNumberParser::rejectsInvalidIsoTimes_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("date only") << QByteArray("2026-11-22");
    QTest::newRow("no zone") << QByteArray("2026-11-22T22:22:17.818");
    QTest::newRow("lower-case z") << QByteArray("2026-11-22T22:22:17.818z");
    QTest::newRow("space separator") << QByteArray("2026-11-22 22:22:17Z");
    QTest::newRow("leading space") << QByteArray(" 2026-11-22T22:22:17Z");
    QTest::newRow("trailing space") << QByteArray("2026-11-22T22:22:17Z ");
    QTest::newRow("text after zone") << QByteArray("2026-11-22T22:22:17Zjunk");
    QTest::newRow("month 0") << QByteArray("2026-00-22T22:22:17Z");
    QTest::newRow("month 13") << QByteArray("2026-13-22T22:22:17Z");
    QTest::newRow("day 0") << QByteArray("2026-11-00T22:22:17Z");
    QTest::newRow("april 31") << QByteArray("2026-04-31T00:00:00Z");
    QTest::newRow("feb 29 of a common year") << QByteArray("2023-02-29T00:00:00Z");
    QTest::newRow("feb 29 of 1900") << QByteArray("1900-02-29T00:00:00Z");
    QTest::newRow("feb 30 of a leap year") << QByteArray("2024-02-30T00:00:00Z");
    QTest::newRow("hour 24") << QByteArray("2026-11-22T24:00:00Z");
    QTest::newRow("minute 60") << QByteArray("2026-11-22T22:60:00Z");
    QTest::newRow("second 60") << QByteArray("2026-11-22T22:22:60Z");
    QTest::newRow("point without digits") << QByteArray("2026-11-22T22:22:17.Z");
    QTest::newRow("ten fractional digits") << QByteArray("2026-11-22T22:22:17.8181231234Z");
    QTest::newRow("offset hour 24") << QByteArray("2026-11-22T22:22:17+24:00");
    QTest::newRow("offset minute 60") << QByteArray("2026-11-22T22:22:17+01:60");
    QTest::newRow("offset without colon") << QByteArray("2026-11-22T22:22:17+0100");
    QTest::newRow("short offset") << QByteArray("2026-11-22T22:22:17+01");
    QTest::newRow("two-digit year") << QByteArray("26-11-22T22:22:17Z");
    QTest::newRow("five-digit year") << QByteArray("20261-11-22T22:22:17Z");
    QTest::newRow("signed year") << QByteArray("-2026-11-22T22:22:17Z");
    QTest::newRow("letters in digits") << QByteArray("2026-1a-22T22:22:17Z");
    QTest::newRow("epoch number") << QByteArray("1795386137818");
    QTest::newRow("embedded nul") << QByteArray("2026-11-22T22:22:17\0Z", 21);
}

void TstNumberParser::rejectsInvalidIsoTimes()
{
    QFETCH(QByteArray, text);
    QVERIFY(!parseIsoTimeMs(view(text)).has_value());
}

void TstNumberParser::agreesWithQDateTimeOnRandomInstants()
{
    QRandomGenerator random(20261122);
    const qint64 from = QDateTime(QDate(1900, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 to = QDateTime(QDate(2200, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    for (int i = 0; i < 5000; ++i) {
        const qint64 ms = from + qint64(random.bounded(double(to - from)));
        const int offsetSeconds = (random.bounded(2 * 14 * 4 + 1) - 14 * 4) * 15 * 60; // -14:00 .. +14:00 in quarters
        const QDateTime instant = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(offsetSeconds));
        const QByteArray text = instant.toString(Qt::ISODateWithMs).toLatin1();
        const std::optional<qint64> parsed = parseIsoTimeMs(view(text));
        QVERIFY2(parsed.has_value(), text.constData());
        QCOMPARE(*parsed, ms);
    }
}

void TstNumberParser::acceptsEveryCalendarDayAndNoOther()
{
    for (const int year : {1900, 1999, 2000, 2023, 2024, 2100}) {
        for (int month = 1; month <= 12; ++month) {
            for (int day = 1; day <= 31; ++day) {
                const QByteArray text = QStringLiteral("%1-%2-%3T00:00:00Z")
                                            .arg(year)
                                            .arg(month, 2, 10, QLatin1Char('0'))
                                            .arg(day, 2, 10, QLatin1Char('0'))
                                            .toLatin1();
                const QDate date(year, month, day);
                const std::optional<qint64> parsed = parseIsoTimeMs(view(text));
                QCOMPARE(parsed.has_value(), date.isValid());
                if (parsed)
                    QCOMPARE(*parsed, QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
            }
        }
    }
}

// Short decimals take a faster path than from_chars; the value must be the same to the bit.
void TstNumberParser::shortDecimalsGiveTheSameBitsAsFromChars()
{
    QRandomGenerator random(61123);
    for (int i = 0; i < 200000; ++i) {
        const int digits = 1 + int(random.bounded(18));
        QByteArray text = random.bounded(2) ? "-" : "";
        for (int d = 0; d < digits; ++d)
            text.append(char('0' + random.bounded(10)));
        if (digits > 1 && random.bounded(4) != 0)
            text.insert(text.size() - int(random.bounded(digits - 1)) - 1, '.');
        double expected = 0.0;
        const auto [end, ec] = std::from_chars(text.constData(), text.constData() + text.size(), expected);
        QVERIFY(ec == std::errc() && end == text.constData() + text.size());
        const std::optional<double> parsed = parseDecimal(view(text));
        QVERIFY2(parsed.has_value(), text.constData());
        QVERIFY2(std::memcmp(&*parsed, &expected, sizeof expected) == 0, text.constData());
    }
}

// The reader remembers the last date; that must never change a result, valid or not.
void TstNumberParser::timeReaderGivesWhatParseIsoTimeGives()
{
    const QList<QByteArray> texts{
        "2026-11-22T22:22:17.818Z", "2026-11-22T22:22:18.001Z", "2026-11-22T23:59:59.999+01:00",
        "2026-11-22T24:00:00Z",     "2026-11-22T",              "2026-11-22T1",
        "2026-11-23T00:00:00Z",     "2026-02-29T00:00:00Z",     "2026-11-23T00:00:00.5-02:30",
        QByteArray("\0\0\0\0\0\0\0\0\0\0\0000000000Z", 20), "2024-02-29T12:00:00Z", "2024-02-29T12:00:00"};
    IsoTimeReader reader;
    for (int round = 0; round < 2; ++round) {
        for (const QByteArray &text : texts)
            QCOMPARE(reader.read(view(text)), parseIsoTimeMs(view(text)));
    }
}

void TstNumberParser::parsesUnsignedDigits_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("expected");

    QTest::newRow("zero") << QByteArray("0") << true << Q_UINT64_C(0);
    QTest::newRow("leading zeros") << QByteArray("007") << true << Q_UINT64_C(7);
    QTest::newRow("request id") << QByteArray("42") << true << Q_UINT64_C(42);
    QTest::newRow("largest") << QByteArray("18446744073709551615") << true << Q_UINT64_C(18446744073709551615);
    QTest::newRow("past the largest") << QByteArray("18446744073709551616") << false << Q_UINT64_C(0);
    QTest::newRow("empty") << QByteArray() << false << Q_UINT64_C(0);
    QTest::newRow("minus") << QByteArray("-1") << false << Q_UINT64_C(0);
    QTest::newRow("plus") << QByteArray("+1") << false << Q_UINT64_C(0);
    QTest::newRow("leading space") << QByteArray(" 1") << false << Q_UINT64_C(0);
    QTest::newRow("trailing space") << QByteArray("1 ") << false << Q_UINT64_C(0);
    QTest::newRow("hex") << QByteArray("0x10") << false << Q_UINT64_C(0);
    QTest::newRow("fraction") << QByteArray("1.0") << false << Q_UINT64_C(0);
    QTest::newRow("exponent") << QByteArray("1e3") << false << Q_UINT64_C(0);
}

void TstNumberParser::parsesUnsignedDigits()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(quint64, expected);

    const std::optional<quint64> value = parseUnsigned(view(text));
    QCOMPARE(value.has_value(), valid);
    if (valid)
        QCOMPARE(*value, expected);
}

void TstNumberParser::parsesEpochSecondsOrMilliseconds_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("milliseconds") << QByteArray("1795386137818") << true << Q_INT64_C(1795386137818);
    QTest::newRow("seconds") << QByteArray("1795386137") << true << Q_INT64_C(1795386137000);
    QTest::newRow("seconds with milliseconds") << QByteArray("1795386137.818") << true << Q_INT64_C(1795386137818);
    QTest::newRow("sub-milliseconds truncate") << QByteArray("1795386137.8189") << true << Q_INT64_C(1795386137818);
    QTest::newRow("one fractional digit") << QByteArray("1795386137.8") << true << Q_INT64_C(1795386137800);
    QTest::newRow("fraction of milliseconds") << QByteArray("1795386137818.9") << true << Q_INT64_C(1795386137818);
    QTest::newRow("exponent, milliseconds") << QByteArray("1.795386137818e12") << true << Q_INT64_C(1795386137818);
    QTest::newRow("exponent, seconds") << QByteArray("1.5e9") << true << Q_INT64_C(1500000000000);
    QTest::newRow("epoch") << QByteArray("0") << true << Q_INT64_C(0);
    QTest::newRow("last seconds value") << QByteArray("99999999999") << true << Q_INT64_C(99999999999000);
    QTest::newRow("first milliseconds value") << QByteArray("100000000000") << true << Q_INT64_C(100000000000);
    QTest::newRow("year 9999") << QByteArray("253402300799999") << true << Q_INT64_C(253402300799999);
    QTest::newRow("past year 9999") << QByteArray("253402300800000") << false << Q_INT64_C(0);
    QTest::newRow("huge") << QByteArray("1e300") << false << Q_INT64_C(0);
    QTest::newRow("negative") << QByteArray("-5") << false << Q_INT64_C(0);
    QTest::newRow("empty") << QByteArray() << false << Q_INT64_C(0);
    QTest::newRow("text") << QByteArray("soon") << false << Q_INT64_C(0);
    QTest::newRow("iso time") << QByteArray("2026-11-22T22:22:17Z") << false << Q_INT64_C(0);
    QTest::newRow("comma") << QByteArray("1795386137,818") << false << Q_INT64_C(0);
    QTest::newRow("leading space") << QByteArray(" 1795386137") << false << Q_INT64_C(0);
}

void TstNumberParser::parsesEpochSecondsOrMilliseconds()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(qint64, expectedMs);

    const std::optional<qint64> ms = parseEpochSecondsOrMs(view(text));
    QCOMPARE(ms.has_value(), valid);
    if (valid)
        QCOMPARE(*ms, expectedMs);
}

void TstNumberParser::parsesEpochMillisecondsOrMicroseconds_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("milliseconds") << QByteArray("1672515782136") << true << Q_INT64_C(1672515782136);
    QTest::newRow("microseconds") << QByteArray("1672515782136999") << true << Q_INT64_C(1672515782136);
    QTest::newRow("epoch") << QByteArray("0") << true << Q_INT64_C(0);
    QTest::newRow("last milliseconds value") << QByteArray("99999999999999") << true << Q_INT64_C(99999999999999);
    QTest::newRow("first microseconds value") << QByteArray("100000000000000") << true << Q_INT64_C(100000000000);
    QTest::newRow("last microseconds value") << QByteArray("99999999999999999") << true << Q_INT64_C(99999999999999);
    QTest::newRow("too large") << QByteArray("100000000000000000") << false << Q_INT64_C(0);
    QTest::newRow("past quint64") << QByteArray("99999999999999999999") << false << Q_INT64_C(0);
    QTest::newRow("negative") << QByteArray("-5") << false << Q_INT64_C(0);
    QTest::newRow("fraction") << QByteArray("1672515782136.5") << false << Q_INT64_C(0);
    QTest::newRow("exponent") << QByteArray("1.6e12") << false << Q_INT64_C(0);
    QTest::newRow("text") << QByteArray("soon") << false << Q_INT64_C(0);
    QTest::newRow("empty") << QByteArray() << false << Q_INT64_C(0);
}

void TstNumberParser::parsesEpochMillisecondsOrMicroseconds()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(qint64, expectedMs);

    const std::optional<qint64> ms = parseEpochMsOrMicros(view(text));
    QCOMPARE(ms.has_value(), valid);
    if (valid)
        QCOMPARE(*ms, expectedMs);
}

QTEST_APPLESS_MAIN(TstNumberParser)
#include "tst_numberparser.moc"
