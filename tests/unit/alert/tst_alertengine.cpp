// The alert engine against scripted prices: every kind of rule fires exactly once per
// crossing (or silence), cooldowns and disabled rules keep quiet, and what it holds is bounded.
#include "core/alert/AlertEngine.h"

#include <QTest>

using namespace feeddeck;
using alert::AlertEngine;
using alert::AlertRule;
using alert::FiredAlert;
using alert::When;

namespace {

constexpr qint64 kT0 = 1'795'386'140'000; // an epoch ms in 2026

AlertRule alertRule(const QString &id, When when, double value, const QString &symbol = QStringLiteral("BTC-USD"))
{
    AlertRule rule;
    rule.id = id;
    rule.feed = QStringLiteral("cb");
    rule.symbol = symbol;
    rule.when = when;
    rule.value = value;
    return rule;
}

data::Update priceUpdate(qint64 atMs, double price, const QString &symbol = QStringLiteral("BTC-USD"))
{
    data::Update update;
    update.symbol = symbol;
    update.fields.emplace_back(data::fields::kPrice, price);
    update.receivedMs = atMs;
    return update;
}

// Feeds `prices` one a second from kT0 to feed "cb"; the values of the alerts fired.
QList<double> firedValues(AlertEngine &engine, const QList<double> &prices)
{
    qint64 t = kT0;
    for (double price : prices)
        engine.evaluate(QStringLiteral("cb"), priceUpdate(t += 1000, price));
    QList<double> values;
    for (const FiredAlert &fired : engine.takeFired().alerts)
        values.append(fired.value);
    return values;
}

AlertEngine engineWith(const QList<AlertRule> &rules, AlertEngine::Limits limits = {})
{
    AlertEngine engine(limits);
    engine.setRules(rules, kT0);
    return engine;
}

} // namespace

class TstAlertEngine : public QObject
{
    Q_OBJECT

private slots:
    void edgeTriggeredRulesFireOncePerCrossing_data();
    void edgeTriggeredRulesFireOncePerCrossing();
    void aboveFiresOnTheFirstValueSeen();
    void firedAlertCarriesTheRuleAndTheUpdate();
    void crossesNeedAPreviousValueOnTheOtherSide();
    void cooldownKeepsARuleQuietForThatSymbolOnly();
    void wildcardRuleFollowsEverySymbolOfItsFeedOnly();
    void ruleOnOneSymbolIgnoresTheOthers();
    void spreadComesFromBidAndAskInSeparateUpdates();
    void movePctFiresOnceAWindowMoveAndRearmsWhenItFallsBack();
    void movePctSeesFallsFromTheWindowsHigh();
    void moveWindowIsBoundedOnALongOneWayRun();
    void silenceOfOneSymbolFiresOncePerSilence();
    void silenceOfAWholeFeedIsEndedByAnySymbol();
    void aFeedSwitchedOffIsNotSilentUntilSwitchedOnAgain();
    void aFeedThatNeverSentAnythingIsSilent();
    void disabledRulesNeverFire();
    void updatesOfOtherFeedsOrFieldsAreIgnored();
    void firedBufferIsBoundedAndCountsWhatItDropped();
    void symbolsFollowedByWildcardRulesAreBounded();
    void wildcardStatesAreBoundedInAll();
    void unchangedRulesKeepTheirStateWhenReapplied();
    void updateWithoutAReceiptTimeIsNotEvaluated();
};

void TstAlertEngine::edgeTriggeredRulesFireOncePerCrossing_data()
{
    QTest::addColumn<int>("when");
    QTest::addColumn<double>("level");
    QTest::addColumn<QList<double>>("prices");
    QTest::addColumn<QList<double>>("fired");

    const QList<double> prices{90, 99, 101, 105, 100, 99, 100, 101, 101, 95, 102};
    QTest::newRow("above") << int(When::Above) << 100.0 << prices << QList<double>{101, 101, 102};
    QTest::newRow("below") << int(When::Below) << 100.0 << prices << QList<double>{90, 99, 95};
    QTest::newRow("crosses_up") << int(When::CrossesUp) << 100.0 << prices << QList<double>{101, 100, 102};
    QTest::newRow("crosses_down") << int(When::CrossesDown) << 100.0 << prices << QList<double>{100, 95};
    QTest::newRow("flat at the level") << int(When::Above) << 100.0 << QList<double>{100, 100, 100} << QList<double>{};
}

void TstAlertEngine::edgeTriggeredRulesFireOncePerCrossing()
{
    QFETCH(int, when);
    QFETCH(double, level);
    QFETCH(QList<double>, prices);
    QFETCH(QList<double>, fired);
    AlertEngine engine = engineWith({alertRule(QStringLiteral("r"), When(when), level)});
    QCOMPARE(firedValues(engine, prices), fired);
}

void TstAlertEngine::aboveFiresOnTheFirstValueSeen()
{
    AlertEngine above = engineWith({alertRule(QStringLiteral("hi"), When::Above, 100)});
    QCOMPARE(firedValues(above, {105, 106, 107}), (QList<double>{105}));
    AlertEngine below = engineWith({alertRule(QStringLiteral("lo"), When::Below, 100)});
    QCOMPARE(firedValues(below, {95, 94}), (QList<double>{95}));
}

void TstAlertEngine::firedAlertCarriesTheRuleAndTheUpdate()
{
    AlertRule rule = alertRule(QStringLiteral("btc-high"), When::Above, 70000);
    rule.severity = alert::Severity::Critical;
    rule.note = QStringLiteral("sell?");
    AlertEngine engine = engineWith({rule});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 5, 70012.5));
    const alert::FiredAlerts taken = engine.takeFired();
    QCOMPARE(taken.dropped, quint64(0));
    QCOMPARE(taken.alerts.size(), 1);
    const FiredAlert expected{.timeMs = kT0 + 5, .ruleId = QStringLiteral("btc-high"), .feed = QStringLiteral("cb"),
                              .symbol = QStringLiteral("BTC-USD"), .field = QStringLiteral("price"), .value = 70012.5,
                              .severity = alert::Severity::Critical, .note = QStringLiteral("sell?"), .when = When::Above};
    QCOMPARE(taken.alerts.at(0), expected);
    QVERIFY(!engine.hasFired());
    QVERIFY(engine.takeFired().alerts.isEmpty());
}

void TstAlertEngine::crossesNeedAPreviousValueOnTheOtherSide()
{
    // Starting above the level is no crossing, nor is touching it from above.
    AlertEngine up = engineWith({alertRule(QStringLiteral("up"), When::CrossesUp, 100)});
    QCOMPARE(firedValues(up, {105, 100, 101}), QList<double>{});
    QCOMPARE(firedValues(up, {99, 100}), (QList<double>{100}));
    AlertEngine down = engineWith({alertRule(QStringLiteral("down"), When::CrossesDown, 100)});
    QCOMPARE(firedValues(down, {95, 100, 99}), QList<double>{});
    QCOMPARE(firedValues(down, {101, 99.5}), (QList<double>{99.5}));
}

void TstAlertEngine::cooldownKeepsARuleQuietForThatSymbolOnly()
{
    AlertRule rule = alertRule(QStringLiteral("hi"), When::Above, 100, alert::kEverySymbol);
    rule.cooldownS = 60;
    AlertEngine engine = engineWith({rule});
    const QString feed = QStringLiteral("cb");
    engine.evaluate(feed, priceUpdate(kT0, 101));                                   // fires
    engine.evaluate(feed, priceUpdate(kT0 + 1000, 99));
    engine.evaluate(feed, priceUpdate(kT0 + 2000, 101));                            // within 60 s: quiet
    engine.evaluate(feed, priceUpdate(kT0 + 3000, 101, QStringLiteral("ETH-USD"))); // another symbol: fires
    engine.evaluate(feed, priceUpdate(kT0 + 59'000, 99));
    engine.evaluate(feed, priceUpdate(kT0 + 60'000, 102));                          // 60 s after: fires
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 3);
    QCOMPARE(fired.at(0).timeMs, kT0);
    QCOMPARE(fired.at(1).symbol, QStringLiteral("ETH-USD"));
    QCOMPARE(fired.at(2).timeMs, kT0 + 60'000);
}

void TstAlertEngine::wildcardRuleFollowsEverySymbolOfItsFeedOnly()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("any"), When::Above, 10, alert::kEverySymbol)});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 11, QStringLiteral("BTC-USD")));
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 12, QStringLiteral("ETH-USD")));
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 1, 13, QStringLiteral("BTC-USD"))); // still above
    engine.evaluate(QStringLiteral("other"), priceUpdate(kT0, 14, QStringLiteral("SOL-USD")));
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 2);
    QCOMPARE(fired.at(0).symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(fired.at(1).symbol, QStringLiteral("ETH-USD"));
}

void TstAlertEngine::ruleOnOneSymbolIgnoresTheOthers()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("btc"), When::Above, 10)});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 11, QStringLiteral("ETH-USD")));
    QVERIFY(!engine.hasFired());
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 11, QStringLiteral("BTC-USD")));
    QCOMPARE(engine.takeFired().alerts.size(), 1);
}

void TstAlertEngine::spreadComesFromBidAndAskInSeparateUpdates()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("wide"), When::SpreadAbove, 0.4)});
    const auto quote = [&engine](qint64 at, const QString &field, double value) {
        data::Update update;
        update.symbol = QStringLiteral("BTC-USD");
        update.fields.emplace_back(field, value);
        update.receivedMs = at;
        engine.evaluate(QStringLiteral("cb"), update);
    };
    quote(kT0, data::fields::kBid, 100.0);
    QVERIFY(!engine.hasFired()); // no ask yet
    quote(kT0 + 1, data::fields::kAsk, 100.5);
    quote(kT0 + 2, data::fields::kAsk, 100.6);  // still wide: no second alert
    quote(kT0 + 3, data::fields::kBid, 100.3);  // 0.3: narrow again
    quote(kT0 + 4, data::fields::kBid, 100.0);  // 0.6: wide again
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 2);
    QCOMPARE(fired.at(0).field, QStringLiteral("spread"));
    QCOMPARE(fired.at(0).value, 0.5);
    QCOMPARE(fired.at(0).timeMs, kT0 + 1);
    QCOMPARE(fired.at(1).timeMs, kT0 + 4);
}

void TstAlertEngine::movePctFiresOnceAWindowMoveAndRearmsWhenItFallsBack()
{
    AlertRule rule = alertRule(QStringLiteral("jump"), When::MovePct, 5);
    rule.windowS = 10;
    AlertEngine engine = engineWith({rule});
    const auto at = [&engine](qint64 seconds, double price) {
        engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + seconds * 1000, price));
    };
    at(0, 100);
    at(5, 103);   // 3 %
    QVERIFY(!engine.hasFired());
    at(8, 106);   // 6 % over 8 s: fires
    at(9, 107);   // still moved: no second alert
    QCOMPARE(engine.takeFired().alerts.size(), 1);
    at(20, 107);  // the earlier values left the window: 0 %, re-armed
    at(22, 112.4); // 5.05 % over 2 s
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 1);
    QVERIFY2(qAbs(fired.at(0).value - 5.046728971962617) < 1e-9, qPrintable(QString::number(fired.at(0).value)));
    // A 6 % move spread over more than the window is no move within it.
    AlertEngine slow = engineWith({rule});
    for (int s = 0; s <= 60; s += 5)
        slow.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + s * 1000, 100.0 + s * 0.1));
    QVERIFY(!slow.hasFired());
}

void TstAlertEngine::movePctSeesFallsFromTheWindowsHigh()
{
    AlertRule rule = alertRule(QStringLiteral("drop"), When::MovePct, 5);
    rule.windowS = 60;
    AlertEngine engine = engineWith({rule});
    const QList<double> fired = firedValues(engine, {100, 104, 102, 98.8, 98.5}); // 98.8 is 5 % under 104
    QCOMPARE(fired.size(), 1);
    QVERIFY2(qAbs(fired.at(0) - 5.0) < 1e-9, qPrintable(QString::number(fired.at(0))));
}

void TstAlertEngine::moveWindowIsBoundedOnALongOneWayRun()
{
    alert::MoveWindow window;
    for (int i = 0; i < 100'000; ++i)
        window.add(kT0 + i, 1000.0 + i, 3'600'000);
    QVERIFY(window.samples() <= 2 * alert::MoveWindow::kMaxSamples);
    // The recent part is exact: the last 4096 values rose from 1000 + 95904.
    QVERIFY(window.movePct(1000.0 + 99'999) > 0);
}

void TstAlertEngine::silenceOfOneSymbolFiresOncePerSilence()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("quiet"), When::SilentFor, 5)});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 1000, 1)); // BTC-USD at +1 s
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 5500, 1, QStringLiteral("ETH-USD"))); // not its symbol
    engine.checkSilence(kT0 + 5999);
    QVERIFY(!engine.hasFired());
    engine.checkSilence(kT0 + 6000);
    engine.checkSilence(kT0 + 7000); // the same silence
    QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).symbol, QStringLiteral("BTC-USD"));
    QCOMPARE(fired.at(0).value, 5.0);
    QCOMPARE(fired.at(0).timeMs, kT0 + 6000);
    QCOMPARE(fired.at(0).when, When::SilentFor);
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 8000, 1)); // re-armed
    engine.checkSilence(kT0 + 12'999);
    QVERIFY(!engine.hasFired());
    engine.checkSilence(kT0 + 13'000);
    QCOMPARE(engine.takeFired().alerts.size(), 1);
}

void TstAlertEngine::silenceOfAWholeFeedIsEndedByAnySymbol()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("feed-quiet"), When::SilentFor, 2, alert::kEverySymbol)});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 1000, 1, QStringLiteral("ETH-USD")));
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + 2500, 1, QStringLiteral("SOL-USD")));
    engine.checkSilence(kT0 + 4000);
    QVERIFY(!engine.hasFired());
    engine.checkSilence(kT0 + 4500);
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).symbol, alert::kEverySymbol);
    QCOMPARE(fired.at(0).feed, QStringLiteral("cb"));
}

void TstAlertEngine::aFeedSwitchedOffIsNotSilentUntilSwitchedOnAgain()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("feed-quiet"), When::SilentFor, 2, alert::kEverySymbol),
                                     alertRule(QStringLiteral("btc-quiet"), When::SilentFor, 2)});
    engine.setFeedPaused(QStringLiteral("cb"), true, kT0 + 500);
    engine.checkSilence(kT0 + 60'000);
    QVERIFY(!engine.hasFired());
    engine.setFeedPaused(QStringLiteral("cb"), false, kT0 + 60'000);
    engine.setFeedPaused(QStringLiteral("cb"), false, kT0 + 61'000); // already running: no new start
    engine.checkSilence(kT0 + 61'999);
    QVERIFY(!engine.hasFired());
    engine.checkSilence(kT0 + 62'000);
    QCOMPARE(engine.takeFired().alerts.size(), 2);

    // A rule on a relayed feed ("<nats feed>/<origin>") waits while the nats feed is off.
    AlertRule relayed = alertRule(QStringLiteral("relayed-quiet"), When::SilentFor, 2, alert::kEverySymbol);
    relayed.feed = QStringLiteral("desk/crypto");
    AlertEngine relay = engineWith({relayed});
    relay.setFeedPaused(QStringLiteral("desk"), true, kT0);
    relay.checkSilence(kT0 + 10'000);
    QVERIFY(!relay.hasFired());
    relay.setFeedPaused(QStringLiteral("desk"), false, kT0 + 10'000);
    relay.checkSilence(kT0 + 12'000);
    QCOMPARE(relay.takeFired().alerts.size(), 1);
}

void TstAlertEngine::aFeedThatNeverSentAnythingIsSilent()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("dead"), When::SilentFor, 3, alert::kEverySymbol)});
    engine.checkSilence(kT0 + 2999);
    QVERIFY(!engine.hasFired());
    engine.checkSilence(kT0 + 3000);
    QCOMPARE(engine.takeFired().alerts.size(), 1);
}

void TstAlertEngine::disabledRulesNeverFire()
{
    AlertRule above = alertRule(QStringLiteral("hi"), When::Above, 1);
    above.enabled = false;
    AlertRule silent = alertRule(QStringLiteral("quiet"), When::SilentFor, 1);
    silent.enabled = false;
    AlertEngine engine = engineWith({above, silent});
    QCOMPARE(engine.ruleCount(), qsizetype(0));
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 5));
    engine.checkSilence(kT0 + 60'000);
    QVERIFY(!engine.hasFired());
}

void TstAlertEngine::updatesOfOtherFeedsOrFieldsAreIgnored()
{
    AlertRule rule = alertRule(QStringLiteral("vol"), When::Above, 10);
    rule.field = QStringLiteral("volume_24h");
    AlertEngine engine = engineWith({rule});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0, 50));      // no volume in it
    engine.evaluate(QStringLiteral("binance"), priceUpdate(kT0, 50)); // another feed
    QVERIFY(!engine.hasFired());
    data::Update update = priceUpdate(kT0, 50);
    update.fields.emplace_back(data::fields::kVolume24h, 11);
    engine.evaluate(QStringLiteral("cb"), update);
    const QList<FiredAlert> fired = engine.takeFired().alerts;
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).field, QStringLiteral("volume_24h"));
    QCOMPARE(fired.at(0).value, 11.0);
}

void TstAlertEngine::firedBufferIsBoundedAndCountsWhatItDropped()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("any"), When::Above, 0, alert::kEverySymbol)},
                                    AlertEngine::Limits{.maxPending = 3, .maxSymbolsPerFeed = 100});
    for (int i = 0; i < 5; ++i)
        engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + i, 1, QStringLiteral("S%1").arg(i)));
    QVERIFY(engine.hasFired());
    alert::FiredAlerts taken = engine.takeFired();
    QCOMPARE(taken.alerts.size(), 3);
    QCOMPARE(taken.dropped, quint64(2));
    QCOMPARE(taken.alerts.at(2).symbol, QStringLiteral("S2")); // the oldest are kept
    taken = engine.takeFired();
    QVERIFY(taken.alerts.isEmpty());
    QCOMPARE(taken.dropped, quint64(0));
}

void TstAlertEngine::symbolsFollowedByWildcardRulesAreBounded()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("any"), When::Above, 0, alert::kEverySymbol)},
                                    AlertEngine::Limits{.maxPending = 100, .maxSymbolsPerFeed = 2});
    for (int i = 0; i < 3; ++i)
        engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + i, 1, QStringLiteral("S%1").arg(i)));
    QCOMPARE(engine.takeFired().alerts.size(), 2);
    QCOMPARE(engine.untrackedSymbols(), quint64(1));
}

void TstAlertEngine::wildcardStatesAreBoundedInAll()
{
    // Two "*" rules, room for five states: two symbols are followed, the third is not, but a
    // rule on exactly that symbol still applies to it.
    AlertEngine engine = engineWith({alertRule(QStringLiteral("a"), When::Above, 0, alert::kEverySymbol),
                                     alertRule(QStringLiteral("b"), When::Above, 0, alert::kEverySymbol),
                                     alertRule(QStringLiteral("own"), When::Above, 0, QStringLiteral("S2"))},
                                    AlertEngine::Limits{.maxPending = 100, .maxSymbolsPerFeed = 100, .maxStates = 5});
    for (int i = 0; i < 3; ++i)
        engine.evaluate(QStringLiteral("cb"), priceUpdate(kT0 + i, 1, QStringLiteral("S%1").arg(i)));
    QStringList fired;
    for (const FiredAlert &f : engine.takeFired().alerts)
        fired.append(f.ruleId + u'/' + f.symbol);
    QCOMPARE(fired, (QStringList{"a/S0", "b/S0", "a/S1", "b/S1", "own/S2"}));
    QCOMPARE(engine.untrackedSymbols(), quint64(1));
}

void TstAlertEngine::unchangedRulesKeepTheirStateWhenReapplied()
{
    const AlertRule rule = alertRule(QStringLiteral("hi"), When::Above, 100);
    AlertEngine engine = engineWith({rule});
    QCOMPARE(firedValues(engine, {101}), (QList<double>{101}));
    engine.setRules({rule}, kT0 + 10'000); // e.g. a feed's symbols were edited
    QCOMPARE(firedValues(engine, {102}), QList<double>{});
    AlertRule changed = rule;
    changed.value = 101;
    engine.setRules({changed}, kT0 + 20'000); // a changed rule starts again
    QCOMPARE(firedValues(engine, {102}), (QList<double>{102}));

    // "*" rules keep their state per symbol as long as the feed's "*" rules are the same.
    const AlertRule every = alertRule(QStringLiteral("every"), When::Above, 100, alert::kEverySymbol);
    AlertEngine wildcard = engineWith({every});
    QCOMPARE(firedValues(wildcard, {101}), (QList<double>{101}));
    wildcard.setRules({every, rule}, kT0 + 10'000); // another rule added, on one symbol
    QCOMPARE(firedValues(wildcard, {102}), (QList<double>{102})); // only the new rule fires
    AlertRule other = every;
    other.id = QStringLiteral("other");
    wildcard.setRules({every, rule, other}, kT0 + 20'000); // the "*" rules changed: they start again
    QCOMPARE(firedValues(wildcard, {103}).size(), 2);
}

void TstAlertEngine::updateWithoutAReceiptTimeIsNotEvaluated()
{
    AlertEngine engine = engineWith({alertRule(QStringLiteral("hi"), When::Above, 1)});
    engine.evaluate(QStringLiteral("cb"), priceUpdate(data::kNoTime, 5));
    QVERIFY(!engine.hasFired());
}

QTEST_APPLESS_MAIN(TstAlertEngine)

#include "tst_alertengine.moc"
