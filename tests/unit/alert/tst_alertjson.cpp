#include "core/alert/AlertJson.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace feeddeck::alert;

class TstAlertJson : public QObject
{
    Q_OBJECT

private:
    static FiredAlert sample()
    {
        return FiredAlert{.timeMs = 1795386137818,
                          .ruleId = QStringLiteral("btc-high"),
                          .feed = QStringLiteral("cb"),
                          .symbol = QStringLiteral("BTC-USD"),
                          .field = QStringLiteral("price"),
                          .value = 70012.5,
                          .severity = Severity::Critical,
                          .note = QStringLiteral("Sell \"half\", then\nwait — ünïcode"),
                          .when = When::CrossesUp};
    }

private slots:
    void writesTheDocumentedLine()
    {
        FiredAlert alert = sample();
        alert.note = QStringLiteral("n");
        QCOMPARE(toJsonLine(alert),
                 QByteArray("{\"time\":\"2026-11-22T22:22:17.818Z\",\"rule\":\"btc-high\",\"feed\":\"cb\",\"symbol\":\"BTC-USD\","
                            "\"field\":\"price\",\"value\":70012.5,\"severity\":\"critical\",\"when\":\"crosses_up\",\"note\":\"n\"}"
                            "\n"));
    }

    void aLineReadsBackAsTheSameAlert()
    {
        const FiredAlert alert = sample();
        QString error;
        const std::optional<FiredAlert> back = parseJsonLine(toJsonLine(alert), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, alert);
    }

    void aValueThatIsNotANumberIsWrittenAsNullAndReadAsNaN()
    {
        FiredAlert alert = sample();
        alert.value = std::numeric_limits<double>::quiet_NaN();
        const QByteArray line = toJsonLine(alert);
        QVERIFY(line.contains("\"value\":null"));
        QString error;
        const std::optional<FiredAlert> back = parseJsonLine(line, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(std::isnan(back->value));
    }

    void damagedLinesAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("cut short") << QByteArray("{\"time\":\"2026-11-22T22:22:17.818Z\",\"rule\":\"btc")
                                   << QStringLiteral("not a JSON object");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no rule") << QByteArray("{\"time\":\"2026-11-22T22:22:17.818Z\",\"feed\":\"cb\"}")
                                 << QStringLiteral("no text \"rule\"");
        QTest::newRow("bad time")
            << QByteArray("{\"time\":\"yesterday\",\"rule\":\"r\",\"feed\":\"cb\",\"symbol\":\"s\",\"field\":\"price\",\"value\":1,\"severity\":\"info\",\"when\":\"above\"}")
            << QStringLiteral("\"time\" is not an ISO 8601 time");
        QTest::newRow("text value")
            << QByteArray("{\"time\":\"2026-11-22T22:22:17.818Z\",\"rule\":\"r\",\"feed\":\"cb\",\"symbol\":\"s\",\"field\":\"price\",\"value\":\"1\",\"severity\":\"info\",\"when\":\"above\"}")
            << QStringLiteral("\"value\" is not a number");
        QTest::newRow("unknown severity")
            << QByteArray("{\"time\":\"2026-11-22T22:22:17.818Z\",\"rule\":\"r\",\"feed\":\"cb\",\"symbol\":\"s\",\"field\":\"price\",\"value\":1,\"severity\":\"loud\",\"when\":\"above\"}")
            << QStringLiteral("unknown \"severity\"");
    }

    void damagedLinesAreRefusedWithAReason()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!parseJsonLine(line, &error));
        QCOMPARE(error, reason);
    }
};

QTEST_APPLESS_MAIN(TstAlertJson)

#include "tst_alertjson.moc"
