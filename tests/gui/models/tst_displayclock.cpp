// The window's display clock against a real engine and an in-process feed: the engine
// pushes nothing, the models get one batch a tick at most, in the order they were added,
// and the latest value always arrives.
#include "../../integration/support/TestFeedServer.h"

#include "app/display/DisplayClock.h"
#include "app/tables/QuoteTableModel.h"
#include "core/feed/FeedManager.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace feeddeck;
using app::display::DisplayClock;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;
const QString kSymbol = QStringLiteral("BTC-USD");

workspace::Workspace workspaceFor(const QUrl &url)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = {kSymbol};
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

double shownPrice(const app::tables::QuoteTableModel &quotes)
{
    if (quotes.rowCount() < 1)
        return std::numeric_limits<double>::quiet_NaN();
    return quotes.index(0, app::tables::QuoteTableModel::PriceColumn).data(app::tables::QuoteTableModel::SortRole).toDouble();
}

} // namespace

class TstDisplayClock : public QObject
{
    Q_OBJECT

private slots:
    void tickIsTheScreenRateAtMostSixtyHz();
    void batchesReachTheModelsOnTheTickInOrder();
    void aReceiverWhoseContextIsGoneGetsNothing();
};

void TstDisplayClock::tickIsTheScreenRateAtMostSixtyHz()
{
    QCOMPARE(DisplayClock::frameIntervalMs(60.0), 17);
    QCOMPARE(DisplayClock::frameIntervalMs(144.0), 17);
    QCOMPARE(DisplayClock::frameIntervalMs(50.0), 20);
    QCOMPARE(DisplayClock::frameIntervalMs(30.0), 34);
    // A screen that does not say: 60 Hz.
    QCOMPARE(DisplayClock::frameIntervalMs(0.0), 17);
    QCOMPARE(DisplayClock::frameIntervalMs(std::nan("")), 17);
    QCOMPARE(DisplayClock::engineOptions().publishIntervalMs, 0);
}

void TstDisplayClock::batchesReachTheModelsOnTheTickInOrder()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    feed::FeedManager engine(DisplayClock::engineOptions());
    DisplayClock clock(engine);
    app::tables::QuoteTableModel quotes;
    QObject first;
    QObject second;
    QStringList calls;
    clock.addReceiver(&first, [&calls](const feed::EngineBatchPtr &) { calls.append(QStringLiteral("first")); });
    clock.addModel(quotes);
    clock.addReceiver(&second, [&calls, &quotes](const feed::EngineBatchPtr &batch) {
        // Later receivers see the earlier ones' work done: the table already has this batch's rows.
        for (const feed::RowUpdate &row : batch->rows)
            if (row.quote.symbol == kSymbol && quotes.rowCount() != 1)
                calls.append(QStringLiteral("second before the table"));
        calls.append(QStringLiteral("second"));
    });
    QSignalSpy pushed(&engine, &feed::FeedManager::batchReady);
    QSignalSpy frames(&clock, &DisplayClock::frame);
    QSignalSpy applied(&clock, &DisplayClock::batchApplied);

    engine.start(workspaceFor(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType("subscribe").size(), 1, kWait);
    // Bursts of many tickers between ticks: each burst is one conflated row in one batch.
    int sequence = 0;
    for (int burst = 0; burst < 20; ++burst) {
        for (int i = 0; i < 50; ++i) {
            ++sequence;
            server.sendTicker(kSymbol, 100.0 + sequence, sequence);
        }
        const qsizetype framesBefore = frames.count();
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > framesBefore, kWait);
    }
    const double last = 100.0 + sequence;
    QTRY_COMPARE_WITH_TIMEOUT(shownPrice(quotes), last, kWait);

    QCOMPARE(pushed.count(), 0); // the engine pushed nothing: every batch was asked for
    QVERIFY(applied.count() > 0);
    QVERIFY2(applied.count() <= frames.count(),
             qPrintable(QStringLiteral("%1 batches in %2 ticks").arg(applied.count()).arg(frames.count())));
    QVERIFY(!calls.contains(QStringLiteral("second before the table")));
    QCOMPARE(calls.size(), 2 * applied.count());
    for (qsizetype i = 0; i < calls.size(); i += 2) {
        QCOMPARE(calls.at(i), QStringLiteral("first"));
        QCOMPARE(calls.at(i + 1), QStringLiteral("second"));
    }
    engine.shutdown();
}

void TstDisplayClock::aReceiverWhoseContextIsGoneGetsNothing()
{
    TestFeedServer server;
    QVERIFY(server.listen());
    feed::FeedManager engine(DisplayClock::engineOptions());
    DisplayClock clock(engine);
    int gone = 0;
    int kept = 0;
    auto context = std::make_unique<QObject>();
    QObject keeper;
    clock.addReceiver(context.get(), [&gone](const feed::EngineBatchPtr &) { ++gone; });
    clock.addReceiver(&keeper, [&kept](const feed::EngineBatchPtr &) { ++kept; });
    context.reset();

    engine.start(workspaceFor(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType("subscribe").size(), 1, kWait);
    server.sendTicker(kSymbol, 101.0, 1);
    QTRY_VERIFY_WITH_TIMEOUT(kept > 0, kWait);
    QCOMPARE(gone, 0);
    engine.shutdown();
}

QTEST_MAIN(TstDisplayClock)
#include "tst_displayclock.moc"
