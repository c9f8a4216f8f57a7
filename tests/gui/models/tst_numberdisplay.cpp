// How numbers read in the window's tables (app/display/NumberDisplay): one style per column.
#include "app/display/NumberDisplay.h"

#include <QLocale>
#include <QTest>

#include <limits>

using namespace feeddeck::app;

class TstNumberDisplay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void compactVolumesUseOneStyleFromAThousandUp_data();
    void compactVolumesUseOneStyleFromAThousandUp();
    void compactFollowsTheLocalesDecimalSeparator();
    void agesReadAsPeopleSayThem();
    void roundTripsReadInMilliseconds();
};

void TstNumberDisplay::compactVolumesUseOneStyleFromAThousandUp_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("small") << 12.345 << "12.35";
    QTest::newRow("hundreds") << 999.4 << "999";
    // #19: "1,012" beside "15.1K" in one column.
    QTest::newRow("a thousand") << 1012.0 << "1.01K";
    QTest::newRow("ten thousand") << 15100.0 << "15.1K";
    QTest::newRow("millions") << 2'540'000.0 << "2.5M";
    QTest::newRow("billions") << 71'100'000'000.0 << "71.1B";
    QTest::newRow("negative") << -1500.0 << "-1.50K";
    QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << "";
}

void TstNumberDisplay::compactVolumesUseOneStyleFromAThousandUp()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(display::compact(value), text);
}

void TstNumberDisplay::compactFollowsTheLocalesDecimalSeparator()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString text = display::compact(15100.0);
    QLocale::setDefault(QLocale::c());
    QCOMPARE(text, QStringLiteral("15,1K"));
}

void TstNumberDisplay::agesReadAsPeopleSayThem()
{
    QCOMPARE(display::age(400), QStringLiteral("now"));
    QCOMPARE(display::age(12'500), QStringLiteral("12 s"));
    QCOMPARE(display::age(125'000), QStringLiteral("2 min"));
    QCOMPARE(display::age(7'300'000), QStringLiteral("2 h"));
}

void TstNumberDisplay::roundTripsReadInMilliseconds()
{
    QCOMPARE(display::roundTrip(-1.0), QString());
    QCOMPARE(display::roundTrip(0.04), QStringLiteral("0.0 ms"));
    QCOMPARE(display::roundTrip(0.43), QStringLiteral("0.4 ms"));
    QCOMPARE(display::roundTrip(9.94), QStringLiteral("9.9 ms"));
    QCOMPARE(display::roundTrip(12.4), QStringLiteral("12 ms"));
    QCOMPARE(display::roundTrip(1234.6), QStringLiteral("1235 ms"));
}

QTEST_APPLESS_MAIN(TstNumberDisplay)
#include "tst_numberdisplay.moc"
