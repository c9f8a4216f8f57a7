#include "core/feed/Logging.h"

#include <QtTest>

using feeddeck::feed::LogThrottle;

class TstLogThrottle : public QObject
{
    Q_OBJECT

private slots:
    void repeatedLinesPassOncePerIntervalWithACount();
    void aDifferentLinePassesAtOnce();
};

void TstLogThrottle::repeatedLinesPassOncePerIntervalWithACount()
{
    LogThrottle throttle(5000);
    QCOMPARE(throttle.pass("Connection refused", 0), QStringLiteral("Connection refused"));
    QCOMPARE(throttle.pass("Connection refused", 300), QString());
    QCOMPARE(throttle.pass("Connection refused", 4999), QString());
    QCOMPARE(throttle.pass("Connection refused", 5000), QStringLiteral("Connection refused (2 more like this)"));
    QCOMPARE(throttle.pass("Connection refused", 5100), QString());
}

void TstLogThrottle::aDifferentLinePassesAtOnce()
{
    LogThrottle throttle(5000);
    QCOMPARE(throttle.pass("Connection refused", 0), QStringLiteral("Connection refused"));
    QCOMPARE(throttle.pass("Connection refused", 10), QString());
    QCOMPARE(throttle.pass("connection closed (1001)", 20), QStringLiteral("connection closed (1001)"));
    QCOMPARE(throttle.pass("Connection refused", 30), QStringLiteral("Connection refused"));
}

QTEST_APPLESS_MAIN(TstLogThrottle)
#include "tst_logthrottle.moc"
