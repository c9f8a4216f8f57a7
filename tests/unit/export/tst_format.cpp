#include "core/data/Update.h"
#include "core/export/Format.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

#include <charconv>
#include <clocale>
#include <cmath>
#include <limits>
#include <locale>
#include <stdexcept>
#include <string>
#include <string_view>

using namespace feeddeck;
using namespace feeddeck::exporting;

class TstFormat : public QObject
{
    Q_OBJECT

private slots:
    void numbersUseShortestRoundTripForm_data();
    void numbersUseShortestRoundTripForm();
    void numbersReadBackToTheSameValue();
    void nonFiniteNumbersAreEmpty();
    void integersNeverUseAnExponent();
    void timesAreIsoUtcWithMilliseconds_data();
    void timesAreIsoUtcWithMilliseconds();
    void timesMatchQDateTimeOverManyYears();
    void unknownTimeIsEmpty();
    void extremeTimesDoNotCrash();
    void appendVariantsAppend();
    void qlocaleDefaultDoesNotChangeOutput_data();
    void qlocaleDefaultDoesNotChangeOutput();
    void processLocaleDoesNotChangeOutput_data();
    void processLocaleDoesNotChangeOutput();
    void osReasonLowersOnlyACapitalisedWord();
};

void TstFormat::numbersUseShortestRoundTripForm_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("integer") << 42.0 << QByteArray("42");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("negative half") << -0.5 << QByteArray("-0.5");
    QTest::newRow("price") << 43000.12 << QByteArray("43000.12");
    QTest::newRow("tiny") << 1e-8 << QByteArray("0.00000001");
    QTest::newRow("round price") << 100000.0 << QByteArray("100000");
    QTest::newRow("large volume") << 84690830919.0 << QByteArray("84690830919");
    QTest::newRow("below plain range") << 1e-10 << QByteArray("1e-10");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("no binary noise") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("epoch ms") << 1795386140691.0 << QByteArray("1795386140691");
    QTest::newRow("negative integer") << -5.0 << QByteArray("-5");
    QTest::newRow("many digits") << 64123.456789012 << QByteArray("64123.456789012");
    QTest::newRow("huge") << 1e300 << QByteArray("1e+300");
}

void TstFormat::numbersUseShortestRoundTripForm()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatNumber(value), expected);
}

void TstFormat::numbersReadBackToTheSameValue()
{
    const double values[] = {0.1, 1.0 / 3.0, 2.0 / 3.0 * 1e10, 123456.789e-20,
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::denorm_min(), -9.87654321e15};
    for (double v : values) {
        const QByteArray text = formatNumber(v);
        double back = 0;
        const auto res = std::from_chars(text.cbegin(), text.cend(), back);
        QVERIFY2(res.ec == std::errc() && res.ptr == text.cend(), text.constData());
        QCOMPARE(back, v);
    }
}

void TstFormat::nonFiniteNumbersAreEmpty()
{
    QVERIFY(formatNumber(std::numeric_limits<double>::quiet_NaN()).isEmpty());
    QVERIFY(formatNumber(std::numeric_limits<double>::infinity()).isEmpty());
    QVERIFY(formatNumber(-std::numeric_limits<double>::infinity()).isEmpty());
}

void TstFormat::integersNeverUseAnExponent()
{
    QCOMPARE(formatInteger(100000), QByteArray("100000"));
    QCOMPARE(formatInteger(-42), QByteArray("-42"));
    QCOMPARE(formatInteger(std::numeric_limits<qint64>::min()), QByteArray("-9223372036854775808"));
}

void TstFormat::timesAreIsoUtcWithMilliseconds_data()
{
    QTest::addColumn<qint64>("epochMs");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000Z");
    QTest::newRow("design example") << qint64(1795386137818) << QByteArray("2026-11-22T22:22:17.818Z");
    QTest::newRow("leap day") << qint64(951782400001) << QByteArray("2000-02-29T00:00:00.001Z");
    QTest::newRow("end of a year") << qint64(1704067199999) << QByteArray("2023-12-31T23:59:59.999Z");
    QTest::newRow("one ms before epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999Z");
}

void TstFormat::timesAreIsoUtcWithMilliseconds()
{
    QFETCH(qint64, epochMs);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatIsoTimeMs(epochMs), expected);
}

void TstFormat::timesMatchQDateTimeOverManyYears()
{
    // A prime step walks through every month, day and time of day over 1970..2100.
    const qint64 end = 4102444800000; // 2100-01-01
    for (qint64 ms = 0; ms < end; ms += 7919LL * 60 * 60 * 1000 + 123457) {
        const QByteArray expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
                                        .toString(Qt::ISODateWithMs)
                                        .toLatin1();
        QCOMPARE(formatIsoTimeMs(ms), expected);
    }
}

void TstFormat::unknownTimeIsEmpty()
{
    QVERIFY(formatIsoTimeMs(data::kNoTime).isEmpty());
}

void TstFormat::extremeTimesDoNotCrash()
{
    const QByteArray max = formatIsoTimeMs(std::numeric_limits<qint64>::max());
    QVERIFY(max.endsWith('Z'));
    QVERIFY(max.startsWith("292278994-"));
    QVERIFY(formatIsoTimeMs(std::numeric_limits<qint64>::min() + 1).endsWith('Z'));
    QCOMPARE(formatIsoTimeMs(253402300799999), QByteArray("9999-12-31T23:59:59.999Z"));
}

void TstFormat::appendVariantsAppend()
{
    QByteArray out("x=");
    appendNumber(out, 1.5);
    out.append(' ');
    appendIsoTimeMs(out, 0);
    out.append(' ');
    appendIsoTimeMs(out, data::kNoTime);
    appendInteger(out, 7);
    QCOMPARE(out, QByteArray("x=1.5 1970-01-01T00:00:00.000Z 7"));
}

void TstFormat::qlocaleDefaultDoesNotChangeOutput_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany);
    QTest::newRow("French") << QLocale(QLocale::French, QLocale::France);
}

void TstFormat::qlocaleDefaultDoesNotChangeOutput()
{
    QFETCH(QLocale, locale);
    const QLocale before;
    QLocale::setDefault(locale);
    QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));
    const QByteArray number = formatNumber(43000.12);
    const QByteArray big = formatNumber(1234567.5);
    const QByteArray time = formatIsoTimeMs(1795386137818);
    QLocale::setDefault(before);
    QCOMPARE(number, QByteArray("43000.12"));
    QCOMPARE(big, QByteArray("1234567.5"));
    QCOMPARE(time, QByteArray("2026-11-22T22:22:17.818Z"));
}

void TstFormat::processLocaleDoesNotChangeOutput_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("German") << QByteArray("de_DE.UTF-8");
    QTest::newRow("French") << QByteArray("fr_FR.UTF-8");
}

void TstFormat::processLocaleDoesNotChangeOutput()
{
    QFETCH(QByteArray, name);
    const std::string previous = std::setlocale(LC_ALL, nullptr);
    // Not a skip: a locale that is missing would let this pass without testing anything.
    if (!std::setlocale(LC_ALL, name.constData()))
        QFAIL(qPrintable(QStringLiteral("the locale %1 is not installed: packaging/bootstrap.sh deps generates it")
                             .arg(QString::fromLatin1(name))));
    try {
        std::locale::global(std::locale(name.constData()));
    } catch (const std::runtime_error &) {
        std::setlocale(LC_ALL, previous.c_str());
        QFAIL("the C++ library cannot use this locale");
    }
    // The locale took effect: its decimal separator is a comma.
    const bool commaInC = std::localeconv()->decimal_point == std::string_view(",");
    const bool commaInCpp = std::use_facet<std::numpunct<char>>(std::locale()).decimal_point() == ',';
    const QByteArray number = formatNumber(43000.12);
    const QByteArray time = formatIsoTimeMs(1795386137818);
    std::locale::global(std::locale::classic());
    std::setlocale(LC_ALL, previous.c_str());
    QVERIFY(commaInC);
    QVERIFY(commaInCpp);
    QCOMPARE(number, QByteArray("43000.12"));
    QCOMPARE(time, QByteArray("2026-11-22T22:22:17.818Z"));
}

void TstFormat::osReasonLowersOnlyACapitalisedWord()
{
    QCOMPARE(osReason(QStringLiteral("No space left on device")), QStringLiteral("no space left on device"));
    QCOMPARE(osReason(QStringLiteral("SSL handshake failed")), QStringLiteral("SSL handshake failed"));
    QCOMPARE(osReason(QString()), QString());
}

QTEST_APPLESS_MAIN(TstFormat)
#include "tst_format.moc"
