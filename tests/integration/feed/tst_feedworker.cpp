// The network-thread engine on its own: at most one batch in flight, so a receiver slower
// than the display rate gets fuller batches instead of a growing queue.
#include "../support/TestFeedServer.h"

#include "core/feed/FeedWorker.h"

#include <QtTest>

using namespace feeddeck;
using feed::FeedWorker;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;

workspace::Workspace workspaceFor(const QUrl &url, const QStringList &symbols)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = symbols;
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

quint64 updatesOf(const FeedWorker &worker)
{
    return worker.takeSnapshot()->feeds.value(0).counters.updates;
}

std::optional<double> priceIn(const feed::EngineBatch &batch, const QString &symbol)
{
    for (const feed::RowUpdate &r : batch.rows)
        if (r.quote.symbol == symbol)
            return data::valueOf(r.quote.fields, data::fields::kPrice);
    return std::nullopt;
}

} // namespace

class TstFeedWorker : public QObject
{
    Q_OBJECT

private slots:
    void noBatchIsPublishedUntilTheLastOneIsConsumed();
    void appliedUpdatesFireAlertsCarriedInTheBatches();
};

void TstFeedWorker::noBatchIsPublishedUntilTheLastOneIsConsumed()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedWorker worker(FeedWorker::Options{});
    QList<feed::EngineBatchPtr> batches;
    connect(&worker, &FeedWorker::batchReady, this, [&batches](const feed::EngineBatchPtr &b) { batches.append(b); });
    worker.applyWorkspace(workspaceFor(server.url(), {"BTC-USD", "ETH-USD"}));

    // The first batch (the feed connecting) is never marked consumed...
    QTRY_COMPARE_WITH_TIMEOUT(batches.size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr && server.receivedOfType("subscribe").size() == 1, kWait);
    const int messages = 100;
    for (int i = 1; i <= messages; ++i)
        server.sendTicker(i % 2 ? QStringLiteral("BTC-USD") : QStringLiteral("ETH-USD"), 1000.0 + i, i);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(worker), quint64(messages), kWait);
    // ...so everything since, the feed going live and every update, waited in the worker.
    QCOMPARE(batches.size(), 1);

    worker.batchConsumed();
    QTRY_COMPARE_WITH_TIMEOUT(batches.size(), 2, kWait);
    const feed::EngineBatch &next = *batches.at(1);
    QCOMPARE(next.updatesSinceLast, quint64(messages));
    QCOMPARE(next.rows.size(), 2);
    QCOMPARE(priceIn(next, QStringLiteral("BTC-USD")).value_or(-1), 1000.0 + messages - 1);
    QCOMPARE(priceIn(next, QStringLiteral("ETH-USD")).value_or(-1), 1000.0 + messages);
    QCOMPARE(next.feeds.value(0).state, feed::FeedState::Live);
    // The status of the feed's rows is worked out here, once, for the tables and the snapshot.
    for (const feed::EngineBatchPtr &batch : batches)
        QCOMPARE(batch->feeds.value(0).rowStatus, feed::rowStatusOf(batch->feeds.value(0).state));
    QCOMPARE(next.feeds.value(0).rowStatus, feed::RowStatus::Live);
    const feed::SnapshotPtr snapshot = worker.takeSnapshot();
    QCOMPARE(snapshot->rows.size(), 2);
    for (const feed::SnapshotRow &row : snapshot->rows)
        QCOMPARE(row.status, feed::RowStatus::Live);
    worker.shutdown();
}

void TstFeedWorker::appliedUpdatesFireAlertsCarriedInTheBatches()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    FeedWorker worker(FeedWorker::Options{});
    QList<alert::FiredAlert> fired;
    connect(&worker, &FeedWorker::batchReady, this, [&](const feed::EngineBatchPtr &b) {
        fired.append(b->alerts);
        QCOMPARE(b->alertsDropped, quint64(0));
        worker.batchConsumed();
    });
    workspace::Workspace ws = workspaceFor(server.url(), {"BTC-USD", "ETH-USD"});
    alert::AlertRule high;
    high.id = QStringLiteral("btc-high");
    high.feed = QStringLiteral("crypto");
    high.symbol = QStringLiteral("BTC-USD");
    high.when = alert::When::Above;
    high.value = 1005;
    alert::AlertRule quiet = high;
    quiet.id = QStringLiteral("eth-quiet"); // ETH-USD never sends anything
    quiet.symbol = QStringLiteral("ETH-USD");
    quiet.when = alert::When::SilentFor;
    quiet.value = 0.3;
    ws.alerts = {high, quiet};
    worker.applyWorkspace(ws);

    QTRY_VERIFY_WITH_TIMEOUT(server.client() != nullptr && server.receivedOfType("subscribe").size() == 1, kWait);
    // Above 1005 twice: 1006..1010, then back under and up again.
    const QList<double> prices{1000, 1006, 1007, 1010, 1001, 1002, 1008};
    for (int i = 0; i < prices.size(); ++i)
        server.sendTicker(QStringLiteral("BTC-USD"), prices.at(i), i + 1);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(worker), quint64(prices.size()), kWait);
    const auto firedOf = [&fired](const QString &rule) {
        QList<double> values;
        for (const alert::FiredAlert &a : fired)
            if (a.ruleId == rule)
                values.append(a.value);
        return values;
    };
    QTRY_COMPARE_WITH_TIMEOUT(firedOf(QStringLiteral("btc-high")), (QList<double>{1006, 1008}), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(firedOf(QStringLiteral("eth-quiet")).size(), 1, kWait);
    // Applying the same workspace again fires nothing again.
    worker.applyWorkspace(ws);
    server.sendTicker(QStringLiteral("BTC-USD"), 1009, 100);
    QTRY_COMPARE_WITH_TIMEOUT(updatesOf(worker), quint64(prices.size() + 1), kWait);
    // The update was evaluated as it was applied: whatever it fired is in a batch by now, or
    // waiting in the worker (batches are delivered directly on this thread).
    if (const feed::EngineBatchPtr rest = worker.takeBatch())
        fired.append(rest->alerts);
    QCOMPARE(firedOf(QStringLiteral("btc-high")).size(), 2);
    QCOMPARE(firedOf(QStringLiteral("eth-quiet")).size(), 1);
    worker.shutdown();
}

QTEST_GUILESS_MAIN(TstFeedWorker)
#include "tst_feedworker.moc"
