#include "core/feed/CloseCodes.h"

#include <QtTest>

using namespace feeddeck::feed;

class TstCloseCodes : public QObject
{
    Q_OBJECT

private slots:
    void closeCodesAreExplainedInPlainWords_data();
    void closeCodesAreExplainedInPlainWords();
    void descriptionCarriesTheServersReason();
};

void TstCloseCodes::closeCodesAreExplainedInPlainWords_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("meaning");
    QTest::newRow("normal") << 1000 << "normal closure";
    QTest::newRow("going away") << 1001 << "the server is going away (restart or shutdown)";
    QTest::newRow("abnormal") << 1006 << "connection lost without a close frame";
    QTest::newRow("policy") << 1008 << "policy violation (often authentication or rate limits)";
    QTest::newRow("too big") << 1009 << "message too big for the configured limit";
    QTest::newRow("server error") << 1011 << "internal server error";
    QTest::newRow("application") << 4000 << "application-defined code";
    QTest::newRow("unknown") << 2000 << "unknown close code";
}

void TstCloseCodes::closeCodesAreExplainedInPlainWords()
{
    QFETCH(int, code);
    QFETCH(QString, meaning);
    QCOMPARE(closeCodeMeaning(code), meaning);
}

void TstCloseCodes::descriptionCarriesTheServersReason()
{
    QCOMPARE(describeClose(1001, QStringLiteral(" restarting ")),
             QStringLiteral("connection closed (1001: the server is going away (restart or shutdown)): restarting"));
    QCOMPARE(describeClose(1006, QString()), QStringLiteral("connection closed (1006: connection lost without a close frame)"));
}

QTEST_APPLESS_MAIN(TstCloseCodes)
#include "tst_closecodes.moc"
