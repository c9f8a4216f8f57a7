#include "AlertSamples.h"

#include "app/alerts/AlertText.h"
#include "app/display/NumberDisplay.h"

#include <QLocale>
#include <QTest>

#include <limits>

using namespace feeddeck;
using feeddeck::testing::sampleAlert;

class TstAlertText : public QObject
{
    Q_OBJECT

private slots:
    void eachKindOfRuleReadsInAFewWords_data()
    {
        QTest::addColumn<int>("when");
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QString>("expected");
        const QString v = app::display::fixed(1.5, 1);
        QTest::newRow("above") << int(alert::When::Above) << "BTC-USD" << QStringLiteral("BTC-USD price above: %1").arg(v);
        QTest::newRow("below") << int(alert::When::Below) << "BTC-USD" << QStringLiteral("BTC-USD price below: %1").arg(v);
        QTest::newRow("crosses up") << int(alert::When::CrossesUp) << "BTC-USD" << QStringLiteral("BTC-USD price crossed up: %1").arg(v);
        QTest::newRow("crosses down") << int(alert::When::CrossesDown) << "BTC-USD" << QStringLiteral("BTC-USD price crossed down: %1").arg(v);
        QTest::newRow("move") << int(alert::When::MovePct) << "BTC-USD" << QStringLiteral("BTC-USD price moved %1%").arg(app::display::fixed(1.5, 2));
        QTest::newRow("spread") << int(alert::When::SpreadAbove) << "BTC-USD" << QStringLiteral("BTC-USD spread wide: %1").arg(v);
        QTest::newRow("silent symbol") << int(alert::When::SilentFor) << "BTC-USD" << QStringLiteral("BTC-USD silent for %1 s").arg(app::display::fixed(1.5, 0));
        // A feed-wide silence names the feed.
        QTest::newRow("silent feed") << int(alert::When::SilentFor) << "*" << QStringLiteral("cb silent for %1 s").arg(app::display::fixed(1.5, 0));
    }

    void eachKindOfRuleReadsInAFewWords()
    {
        QFETCH(int, when);
        QFETCH(QString, symbol);
        QFETCH(QString, expected);
        alert::FiredAlert alert = sampleAlert(1);
        alert.when = alert::When(when);
        alert.symbol = symbol;
        QCOMPARE(app::alerts::summary(alert), expected);
    }

    void detailsNameTheRuleFeedTimeAndNote()
    {
        const alert::FiredAlert alert = sampleAlert(1);
        QCOMPARE(app::alerts::details(alert), QStringLiteral("Rule rule-1 on feed cb at %1. note 1")
                                                  .arg(app::alerts::localTime(alert.timeMs)));
    }

    void aMoveReadsInHundredthsOfAPercentAndASilenceInWholeSeconds()
    {
        alert::FiredAlert alert = sampleAlert(1);
        alert.when = alert::When::MovePct;
        alert.value = 0.0520611868;
        QCOMPARE(app::alerts::summary(alert), QStringLiteral("BTC-USD price moved %1%").arg(app::display::fixed(0.05, 2)));
        alert.when = alert::When::SilentFor;
        alert.value = 30.016;
        QCOMPARE(app::alerts::formattedValue(alert), QStringLiteral("30"));
        alert.when = alert::When::Above;
        alert.value = 70012.5;
        QCOMPARE(app::alerts::formattedValue(alert), app::display::fixed(70012.5, 1));
    }

    void aValueThatIsNotANumberShowsAsADash()
    {
        alert::FiredAlert alert = sampleAlert(1);
        alert.value = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(app::alerts::formattedValue(alert), QStringLiteral("—"));
    }

    // The rules list and its form: each kind of rule with its numbers as typed.
    void aRuleReadsAsItsConditionInWords()
    {
        QLocale::setDefault(QLocale::c());
        alert::AlertRule rule;
        rule.field = QStringLiteral("on_hand");
        rule.value = 12.5;
        const QList<QPair<alert::When, QString>> expected = {
            {alert::When::Above, QStringLiteral("on_hand above 12.5")},
            {alert::When::Below, QStringLiteral("on_hand below 12.5")},
            {alert::When::CrossesUp, QStringLiteral("on_hand crosses up through 12.5")},
            {alert::When::CrossesDown, QStringLiteral("on_hand crosses down through 12.5")},
            {alert::When::MovePct, QStringLiteral("on_hand moves 12.5% within 90 s")},
            {alert::When::SpreadAbove, QStringLiteral("spread above 12.5")},
            {alert::When::SilentFor, QStringLiteral("silent for 12.5 s")},
        };
        rule.windowS = 90;
        for (const auto &[when, words] : expected) {
            rule.when = when;
            QCOMPARE(app::alerts::condition(rule), words);
            QVERIFY(!app::alerts::whenText(when).isEmpty());
        }
        QCOMPARE(app::alerts::valueLabel(alert::When::MovePct), QStringLiteral("Move (%)"));
        QCOMPARE(app::alerts::valueLabel(alert::When::SilentFor), QStringLiteral("Silence (s)"));
        QCOMPARE(app::alerts::valueLabel(alert::When::Below), QStringLiteral("Level"));
        QCOMPARE(app::alerts::ruleNumber(70000), QStringLiteral("70000"));
    }
};

QTEST_GUILESS_MAIN(TstAlertText)

#include "tst_alerttext.moc"
