// The network-thread engine through its facade: conflated batches at display rate,
// consistent snapshots, subscription edits and enable/disable, against a real server.
#include "../support/TestFeedServer.h"

#include "core/feed/FeedManager.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace feeddeck;
using feed::FeedManager;
using feed::FeedState;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;

// Two feeds on the same server, both subscribed to S0: "small" with its own limits, "big" with the defaults.
workspace::Workspace smallAndBig(const QUrl &url, int smallMaxRows, int smallHistoryPoints)
{
    workspace::Workspace ws = testing::coinbaseWorkspace(url, {"S0"});
    workspace::FeedConfig big = ws.feeds.at(0);
    big.id = QStringLiteral("big");
    big.name = QStringLiteral("Big");
    workspace::FeedConfig &small = ws.feeds[0];
    small.id = QStringLiteral("small");
    small.name = QStringLiteral("Small");
    small.maxRows = smallMaxRows;
    small.historyPoints = smallHistoryPoints;
    ws.feeds.append(big);
    return ws;
}

feed::SnapshotPtr snapshotOf(FeedManager &manager)
{
    auto result = std::make_shared<feed::SnapshotPtr>();
    manager.requestSnapshot([result](const feed::SnapshotPtr &s) { *result = s; });
    if (!QTest::qWaitFor([&result] { return *result != nullptr; }, kWait))
        return std::make_shared<feed::Snapshot>();
    return *result;
}

const feed::SnapshotRow *rowOf(const feed::Snapshot &s, const QString &symbol)
{
    for (const feed::SnapshotRow &r : s.rows)
        if (r.symbol == symbol)
            return &r;
    return nullptr;
}

} // namespace

class TstFeedManager : public QObject
{
    Q_OBJECT

private slots:
    void floodIsConflatedIntoFewBatchesEndingOnTheLatestValue();
    void snapshotListsEverySubscribedSymbolOnceIncludingThoseWithoutData();
    void removingASymbolDropsItsRowAndUnsubscribes();
    void disablingAFeedDisconnectsItAndItsRowsReadDisconnected();
    void changingAFeedsUrlMovesItWhileSymbolEditsKeepTheConnection();
    void chartHistoryComesBackDecimatedWithGapsWhereTheFeedDropped();
    void shutdownClosesTheConnection();
    void testConnectionReportsHandshakeAndTheFirstRawMessages();
    void testConnectionToADeadPortSaysWhy();
    void testConnectionThatOpensButStaysSilentSaysSo();
    void recentMessagesOfARunningFeedAreTheLastFewReceived();
    void aFeedHoldsAsManyRowsAsItsMaxRowsWhileAnotherKeepsItsOwn();
    void historyPointsBoundEverySeriesOfTheirFeedOnly();
    void editingAFeedsMaxRowsAppliesToTheRunningFeed();
};

void TstFeedManager::floodIsConflatedIntoFewBatchesEndingOnTheLatestValue()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    QList<feed::EngineBatchPtr> batches;
    connect(&manager, &FeedManager::batchReady, this, [&batches](const feed::EngineBatchPtr &b) { batches.append(b); });
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD", "ETH-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr && server.receivedOfType("subscribe").size() == 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty() && batches.constLast()->feeds.value(0).state == FeedState::Live, kWait);
    batches.clear();

    const int messages = 20000;
    for (int i = 1; i <= messages; ++i)
        server.sendTicker(i % 2 ? QStringLiteral("BTC-USD") : QStringLiteral("ETH-USD"), 1000.0 + i, i);

    QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty() && batches.constLast()->feeds.value(0).counters.updates == quint64(messages),
                             15000);
    // Whatever batch a row last appeared in carries its final value.
    QHash<QString, double> latest;
    quint64 folded = 0;
    qint64 previousPublishedNs = 0;
    for (const feed::EngineBatchPtr &b : std::as_const(batches)) {
        // Every update goes out in the next batch: the oldest one folded into a batch arrived
        // after the previous batch was published (the receipt stamps latency is measured from).
        QVERIFY(b->publishedNs > previousPublishedNs);
        if (b->updatesSinceLast > 0) {
            QVERIFY(b->firstReceiptNs >= previousPublishedNs);
            // The newest update was applied after the oldest arrived and before the batch left.
            QVERIFY(b->lastAppliedNs >= b->firstReceiptNs);
            QVERIFY(b->lastAppliedNs <= b->publishedNs);
        } else {
            QCOMPARE(b->firstReceiptNs, 0);
            QCOMPARE(b->lastAppliedNs, 0);
        }
        previousPublishedNs = b->publishedNs;
        QSet<QString> inThisBatch;
        for (const feed::RowUpdate &r : b->rows) {
            QVERIFY2(!inThisBatch.contains(r.quote.symbol), "a row appears twice in one batch");
            inThisBatch.insert(r.quote.symbol);
            for (const data::FieldValue &f : r.quote.fields)
                if (f.name == data::fields::kPrice)
                    latest[r.quote.symbol] = f.value;
        }
        folded += b->updatesSinceLast;
    }
    QCOMPARE(latest.value("BTC-USD"), 1000.0 + messages - 1);
    QCOMPARE(latest.value("ETH-USD"), 1000.0 + messages);
    QCOMPARE(folded, quint64(messages));
    QVERIFY2(batches.size() < messages / 20, qPrintable(QString::number(batches.size())));
}

void TstFeedManager::snapshotListsEverySubscribedSymbolOnceIncludingThoseWithoutData()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    QStringList waiting;
    connect(&manager, &FeedManager::batchReady, this,
            [&waiting](const feed::EngineBatchPtr &b) { waiting = b->feeds.value(0).waitingSymbols; });
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD", "ETH-USD", "SOL-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.receivedOfType("subscribe").size() == 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(waiting, QStringList({"BTC-USD", "ETH-USD", "SOL-USD"}), kWait);
    server.sendTicker("ETH-USD", 2500.5);
    // The window is told which symbols still wait for their first value.
    QTRY_COMPARE_WITH_TIMEOUT(waiting, QStringList({"BTC-USD", "SOL-USD"}), kWait);

    feed::SnapshotPtr snap;
    QTRY_VERIFY_WITH_TIMEOUT((snap = snapshotOf(manager)) && rowOf(*snap, "ETH-USD")
                                 && !rowOf(*snap, "ETH-USD")->fields.isEmpty(),
                             kWait);
    QCOMPARE(snap->rows.size(), 3);
    const feed::SnapshotRow *eth = rowOf(*snap, "ETH-USD");
    QCOMPARE(eth->status, feed::RowStatus::Live);
    QCOMPARE(eth->feedName, QStringLiteral("Crypto"));
    QCOMPARE(eth->fields.at(0).value, 2500.5);
    QVERIFY(eth->receivedMs <= snap->takenAtMs);
    QCOMPARE(eth->sourceMs, QDateTime::fromString("2026-11-22T22:22:17.818Z", Qt::ISODateWithMs).toMSecsSinceEpoch());
    for (const char *symbol : {"BTC-USD", "SOL-USD"}) {
        const feed::SnapshotRow *row = rowOf(*snap, symbol);
        QVERIFY(row);
        QCOMPARE(row->status, feed::RowStatus::NoData);
        QVERIFY(row->fields.isEmpty());
    }
    QCOMPARE(snap->feeds.size(), 1);
    QCOMPARE(snap->feeds.at(0).state, FeedState::Live);
}

void TstFeedManager::removingASymbolDropsItsRowAndUnsubscribes()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    QList<feed::EngineBatchPtr> batches;
    connect(&manager, &FeedManager::batchReady, this, [&batches](const feed::EngineBatchPtr &b) { batches.append(b); });
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD", "ETH-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.receivedOfType("subscribe").size() == 1, kWait);
    server.sendTicker("BTC-USD", 1.0);
    server.sendTicker("ETH-USD", 2.0);
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(manager)->rows.value(1).status == feed::RowStatus::Live, kWait);

    batches.clear();
    manager.setSymbols("crypto", {"ETH-USD"});
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType("unsubscribe").size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!batches.isEmpty() && batches.constLast()->resetRows, kWait);
    QCOMPARE(batches.constLast()->rows.size(), 1);
    QCOMPARE(batches.constLast()->rows.at(0).quote.symbol, QStringLiteral("ETH-USD"));
    const feed::SnapshotPtr snap = snapshotOf(manager);
    QCOMPARE(snap->rows.size(), 1);
    QCOMPARE(snap->rows.at(0).symbol, QStringLiteral("ETH-USD"));
    QCOMPARE(server.connectionCount(), 1);
}

void TstFeedManager::disablingAFeedDisconnectsItAndItsRowsReadDisconnected()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.receivedOfType("subscribe").size() == 1, kWait);
    server.sendTicker("BTC-USD", 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(manager)->rows.value(0).status == feed::RowStatus::Live, kWait);

    manager.setEnabled("crypto", false);
    QTRY_VERIFY_WITH_TIMEOUT(server.client() == nullptr, kWait);
    const feed::SnapshotPtr snap = snapshotOf(manager);
    QCOMPARE(snap->feeds.at(0).state, FeedState::Disabled);
    QCOMPARE(snap->rows.at(0).status, feed::RowStatus::Disconnected);
    QCOMPARE(snap->rows.at(0).fields.at(0).value, 1.0); // the last value is kept, marked as such

    manager.setEnabled("crypto", true);
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 2, kWait);
}

void TstFeedManager::changingAFeedsUrlMovesItWhileSymbolEditsKeepTheConnection()
{
    TestFeedServer first;
    TestFeedServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    FeedManager manager;
    manager.start(testing::coinbaseWorkspace(first.url(), {"BTC-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(first.receivedOfType("subscribe").size() == 1, kWait);

    manager.applyWorkspace(testing::coinbaseWorkspace(first.url(), {"BTC-USD", "ETH-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(first.receivedOfType("subscribe").size() == 2, kWait);
    QCOMPARE(TestFeedServer::productIds(first.receivedOfType("subscribe").at(1)), QStringList({"ETH-USD"}));
    QCOMPARE(first.connectionCount(), 1);

    manager.applyWorkspace(testing::coinbaseWorkspace(second.url(), {"BTC-USD", "ETH-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(second.receivedOfType("subscribe").size() == 1, kWait);
    QCOMPARE(TestFeedServer::productIds(second.receivedOfType("subscribe").at(0)), QStringList({"BTC-USD", "ETH-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(first.client() == nullptr, kWait);
}

void TstFeedManager::chartHistoryComesBackDecimatedWithGapsWhereTheFeedDropped()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.receivedOfType("subscribe").size() == 1, kWait);
    for (int i = 1; i <= 3; ++i)
        server.sendTicker("BTC-USD", 100.0 + i, i);
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(manager)->feeds.value(0).counters.updates == 3, kWait);
    server.abortClients();
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(manager)->feeds.value(0).counters.connects == 2, kWait);
    server.sendTicker("BTC-USD", 200.0, 4);
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(manager)->feeds.value(0).counters.updates == 4, kWait);

    auto result = std::make_shared<feed::SeriesSlices>();
    const feed::SeriesQuery query{.key = {"crypto", "BTC-USD", "price"}, .columns = 100};
    manager.requestSeries({query}, [result](const feed::SeriesSlices &s) { *result = s; });
    QTRY_VERIFY_WITH_TIMEOUT(*result != nullptr, kWait);
    const feed::SeriesSlice &slice = (*result)->at(0);
    QCOMPARE(slice.retained, 5); // four values and one gap
    QList<double> values;
    for (const store::Point &p : slice.points)
        values.append(p.v);
    QCOMPARE(values.size(), 5);
    QCOMPARE(values.mid(0, 3), QList<double>({101.0, 102.0, 103.0}));
    QVERIFY(std::isnan(values.at(3))); // the drop: no line across it
    QCOMPARE(values.at(4), 200.0);
    QCOMPARE(slice.fromMs, slice.points.constFirst().t);
}

void TstFeedManager::shutdownClosesTheConnection()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    auto manager = std::make_unique<FeedManager>();
    manager->start(testing::coinbaseWorkspace(server.url(), {"BTC-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr, kWait);
    manager->shutdown();
    QVERIFY(!manager->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(server.client() == nullptr, kWait);
    manager.reset(); // a second shutdown from the destructor is harmless
}

namespace {

feed::ProbeReport probeOf(FeedManager &manager, const workspace::FeedConfig &config,
                          feed::ConnectionProbe::Limits limits = {})
{
    auto report = std::make_shared<std::optional<feed::ProbeReport>>();
    manager.probe(config, [report](const feed::ProbeReport &r) { *report = r; }, limits);
    if (!QTest::qWaitFor([&report] { return report->has_value(); }, limits.timeoutMs + kWait)) {
        feed::ProbeReport none;
        none.error = QStringLiteral("the test did not report");
        return none;
    }
    return **report;
}

} // namespace

void TstFeedManager::testConnectionReportsHandshakeAndTheFirstRawMessages()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    // The server answers the subscription with the ack and three tickers.
    server.onMessage = [](QWebSocket *socket, const QJsonObject &message) {
        if (message.value("type").toString() != QLatin1String("subscribe"))
            return false;
        socket->sendTextMessage(R"({"type":"subscriptions","channels":[]})");
        for (int i = 1; i <= 4; ++i)
            socket->sendTextMessage(QString::fromUtf8(TestFeedServer::ticker("BTC-USD", 100.0 + i, i)));
        return true;
    };
    FeedManager manager; // no feeds running: the test connection stands on its own
    const workspace::FeedConfig config = testing::coinbaseWorkspace(server.url(), {"BTC-USD"}).feeds.constFirst();
    const feed::ProbeReport report = probeOf(manager, config);

    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QVERIFY(report.ok());
    QVERIFY(report.opened);
    QVERIFY(report.openedAfterMs >= 0);
    QCOMPARE(report.messages, quint64(5));
    QCOMPARE(report.updates, quint64(4));
    QCOMPARE(report.recentMessages.size(), 5);
    QCOMPARE(report.recentMessages.constFirst(), QStringLiteral(R"({"type":"subscriptions","channels":[]})"));
    QCOMPARE(report.recentMessages.constLast(), QString::fromUtf8(TestFeedServer::ticker("BTC-USD", 104.0, 4)));
    QCOMPARE(server.receivedOfType("subscribe").size(), 1);
    QCOMPARE(TestFeedServer::productIds(server.receivedOfType("subscribe").constFirst()), QStringList({"BTC-USD"}));
    // The test connection closes when it has reported.
    QTRY_VERIFY_WITH_TIMEOUT(server.client() == nullptr, kWait);
}

void TstFeedManager::testConnectionToADeadPortSaysWhy()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    const QUrl url = server.url();
    server.stopListening();
    FeedManager manager;
    const feed::ProbeReport report = probeOf(manager, testing::coinbaseWorkspace(url, {"BTC-USD"}).feeds.constFirst());
    QVERIFY(!report.ok());
    QVERIFY(!report.opened);
    QVERIFY2(report.error.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(report.error));
    QCOMPARE(report.messages, quint64(0));
}

void TstFeedManager::testConnectionThatOpensButStaysSilentSaysSo()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    server.onMessage = [](QWebSocket *, const QJsonObject &) { return true; }; // never answers
    FeedManager manager;
    const feed::ProbeReport report =
        probeOf(manager, testing::coinbaseWorkspace(server.url(), {"BTC-USD"}).feeds.constFirst(), {.timeoutMs = 600});
    QVERIFY(report.opened);
    QVERIFY(!report.ok());
    QVERIFY2(report.error.startsWith(QStringLiteral("connected, but no message arrived within 0.6 s")),
             qPrintable(report.error));
}

void TstFeedManager::recentMessagesOfARunningFeedAreTheLastFewReceived()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    manager.start(testing::coinbaseWorkspace(server.url(), {"BTC-USD"}));
    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr && server.receivedOfType("subscribe").size() == 1, kWait);
    for (int i = 1; i <= 12; ++i)
        server.sendTicker("BTC-USD", 200.0 + i, i);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&manager] {
            const feed::SnapshotPtr snap = snapshotOf(manager);
            const feed::SnapshotRow *row = rowOf(*snap, "BTC-USD");
            return row && data::valueOf(row->fields, data::fields::kPrice) == 212.0;
        }(),
        kWait);

    auto recent = std::make_shared<std::optional<QStringList>>();
    manager.requestRecentMessages("crypto", [recent](const QStringList &list) { *recent = list; });
    QTRY_VERIFY_WITH_TIMEOUT(recent->has_value(), kWait);
    QStringList expected;
    for (int i = 8; i <= 12; ++i)
        expected.append(QString::fromUtf8(TestFeedServer::ticker("BTC-USD", 200.0 + i, i)));
    QCOMPARE(**recent, expected);

    recent->reset();
    manager.requestRecentMessages("no-such-feed", [recent](const QStringList &list) { *recent = list; });
    QTRY_VERIFY_WITH_TIMEOUT(recent->has_value(), kWait);
    QVERIFY((*recent)->isEmpty());
}

namespace {

QStringList rowsOf(const feed::Snapshot &s, const QString &feedId)
{
    QStringList symbols;
    for (const feed::SnapshotRow &r : s.rows)
        if (r.feedId == feedId && r.status != feed::RowStatus::NoData)
            symbols.append(r.symbol);
    return symbols;
}

bool bothLive(FeedManager &manager)
{
    const feed::SnapshotPtr snap = snapshotOf(manager);
    return snap->feeds.size() == 2 && snap->feeds.at(0).state == FeedState::Live
           && snap->feeds.at(1).state == FeedState::Live;
}

quint64 updatesOf(FeedManager &manager, int feed)
{
    return snapshotOf(manager)->feeds.value(feed).counters.updates;
}

QStringList symbolsS(int from, int to)
{
    QStringList symbols;
    for (int i = from; i < to; ++i)
        symbols.append(QStringLiteral("S%1").arg(i));
    return symbols;
}

} // namespace

void TstFeedManager::aFeedHoldsAsManyRowsAsItsMaxRowsWhileAnotherKeepsItsOwn()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    QStringList problems;
    connect(&manager, &FeedManager::batchReady, this,
            [&problems](const feed::EngineBatchPtr &b) { problems.append(b->problems); });
    manager.start(smallAndBig(server.url(), 5, 100000));
    QTRY_VERIFY_WITH_TIMEOUT(bothLive(manager), kWait);

    // The server names twelve products, S0 to S11, on both connections.
    for (int i = 0; i < 12; ++i)
        server.sendTicker(QStringLiteral("S%1").arg(i), 100.0 + i);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 0), 12u, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 1), 12u, kWait);

    const feed::SnapshotPtr snap = snapshotOf(manager);
    QCOMPARE(rowsOf(*snap, "small"), symbolsS(0, 5)); // the first five, the others refused
    QCOMPARE(rowsOf(*snap, "big"), symbolsS(0, 12));
    // Said once, with the bound and the setting, not once per refused message.
    QTRY_COMPARE_WITH_TIMEOUT(problems,
                              QStringList{"Small: the server sent more rows than max_rows (5); rows beyond it are not "
                                          "shown"},
                              kWait);
}

void TstFeedManager::historyPointsBoundEverySeriesOfTheirFeedOnly()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    manager.start(smallAndBig(server.url(), 10000, 100));
    QTRY_VERIFY_WITH_TIMEOUT(bothLive(manager), kWait);

    for (int i = 1; i <= 150; ++i) {
        server.sendTicker(QStringLiteral("S0"), 100.0 + i, i);
        server.sendTicker(QStringLiteral("S1"), 200.0 + i, i);
    }
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 0), 300u, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 1), 300u, kWait);

    auto result = std::make_shared<feed::SeriesSlices>();
    QList<feed::SeriesQuery> queries;
    for (const char *feedId : {"small", "big"})
        for (const char *symbol : {"S0", "S1"})
            queries.append(feed::SeriesQuery{.key = {feedId, symbol, "price"}, .columns = 100});
    manager.requestHistory(queries, [result](const feed::SeriesSlices &s) { *result = s; });
    QTRY_VERIFY_WITH_TIMEOUT(*result != nullptr, kWait);
    const QList<feed::SeriesSlice> &slices = **result;
    QCOMPARE(slices.size(), 4);
    // small: the newest 100 of each series; big: all 150.
    QCOMPARE(slices.at(0).retained, 100);
    QCOMPARE(slices.at(0).points.constFirst().v, 151.0);
    QCOMPARE(slices.at(0).points.constLast().v, 250.0);
    QCOMPARE(slices.at(1).retained, 100);
    QCOMPARE(slices.at(1).points.constFirst().v, 251.0);
    QCOMPARE(slices.at(2).retained, 150);
    QCOMPARE(slices.at(3).retained, 150);
}

void TstFeedManager::editingAFeedsMaxRowsAppliesToTheRunningFeed()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedManager manager;
    manager.start(smallAndBig(server.url(), 3, 100000));
    QTRY_VERIFY_WITH_TIMEOUT(bothLive(manager), kWait);
    for (int i = 0; i < 6; ++i)
        server.sendTicker(QStringLiteral("S%1").arg(i), 1.0);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 0), 6u, kWait);
    QCOMPARE(rowsOf(*snapshotOf(manager), "small"), symbolsS(0, 3));

    // The edited feed starts again with its new bound; the other keeps its connection and rows.
    manager.applyWorkspace(smallAndBig(server.url(), 7, 100000));
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 3, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(bothLive(manager) && updatesOf(manager, 0) == 0, kWait);
    QCOMPARE(rowsOf(*snapshotOf(manager), "small"), QStringList());
    for (int i = 0; i < 9; ++i)
        server.sendTicker(QStringLiteral("S%1").arg(i), 2.0);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 0), 9u, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(manager, 1), 15u, kWait);
    const feed::SnapshotPtr snap = snapshotOf(manager);
    QCOMPARE(rowsOf(*snap, "small"), symbolsS(0, 7));
    QCOMPARE(rowsOf(*snap, "big"), symbolsS(0, 9));
}

QTEST_GUILESS_MAIN(TstFeedManager)
#include "tst_feedmanager.moc"
