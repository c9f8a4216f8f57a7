// The Quotes view's trend lines end to end: a real FeedManager fed by an in-process server on
// 127.0.0.1, the window's display clock and quotes model, and a SparklineSource asking the
// engine's history for the rows in view.
#include "../../integration/support/TestFeedServer.h"

#include "app/display/DisplayClock.h"
#include "app/tables/QuoteTableModel.h"
#include "app/tables/SparklineSource.h"
#include "core/feed/FeedManager.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace feeddeck;
using app::display::DisplayClock;
using app::tables::QuoteTableModel;
using app::tables::SparklineSource;
using feed::FeedManager;
using testing::TestFeedServer;

namespace {

constexpr int kWait = 5000;

// A running feed, the window's clock and quotes model, and the trend lines' source.
struct Rig
{
    TestFeedServer server;
    FeedManager manager{DisplayClock::engineOptions()};
    DisplayClock clock{manager};
    QuoteTableModel quotes;
    SparklineSource source{manager, clock, quotes};
    int sequence = 0;

    Rig() { clock.addModel(quotes); }

    bool start(const QStringList &symbols)
    {
        if (!server.listen())
            return false;
        manager.start(testing::coinbaseWorkspace(server.url(), symbols));
        return QTest::qWaitFor([this] { return server.receivedOfType("subscribe").size() == 1; }, kWait);
    }

    void send(const QString &symbol, double price) { server.sendTicker(symbol, price, ++sequence); }

    [[nodiscard]] int rowOf(const QString &symbol) const
    {
        for (int r = 0; r < quotes.rowCount(); ++r)
            if (quotes.index(r, 0).data(QuoteTableModel::SymbolRole).toString() == symbol)
                return r;
        return -1;
    }

    [[nodiscard]] QList<QPointF> lineOf(const QString &symbol) const
    {
        const int row = rowOf(symbol);
        if (row < 0)
            return {};
        return quotes.index(row, QuoteTableModel::TrendColumn).data(QuoteTableModel::SparklineRole).value<QList<QPointF>>();
    }
};

QList<double> valuesOf(const QList<QPointF> &line)
{
    QList<double> out;
    for (const QPointF &p : line)
        if (!std::isnan(p.y()))
            out.append(p.y());
    return out;
}

} // namespace

class TstSparklineSource : public QObject
{
    Q_OBJECT

private slots:
    void rowsGetTheirPriceHistoryAsALine();
    void aRowWithoutHistoryGetsNoLine();
    void eachRefreshIsOneChangeOverTheTrendColumn();
    void nothingIsAskedWhileTheViewIsHidden();
    void oneRequestIsInFlightAtATimeAtALowRate();
    void atMostMaxRowsAndOnlyTheRowsInViewAreAskedFor();
};

void TstSparklineSource::rowsGetTheirPriceHistoryAsALine()
{
    Rig rig;
    QVERIFY(rig.start({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    const QList<double> btc{100, 104, 98, 101, 102.5};
    for (double p : btc)
        rig.send(QStringLiteral("BTC-USD"), p);
    rig.send(QStringLiteral("ETH-USD"), 2000);
    rig.send(QStringLiteral("ETH-USD"), 1990);

    QTRY_COMPARE_WITH_TIMEOUT(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))).size(), btc.size(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(valuesOf(rig.lineOf(QStringLiteral("ETH-USD"))).size(), 2, kWait);
    // Few points: the decimated history is every point, in order.
    QCOMPARE(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))), btc);
    QCOMPARE(valuesOf(rig.lineOf(QStringLiteral("ETH-USD"))), (QList<double>{2000, 1990}));

    // x is the time into the window: ordered, inside the 5 minutes asked for, near its end.
    const QList<QPointF> line = rig.lineOf(QStringLiteral("BTC-USD"));
    for (qsizetype i = 0; i < line.size(); ++i) {
        QVERIFY(line.at(i).x() >= 0 && line.at(i).x() <= 5 * 60'000);
        QVERIFY(line.at(i).x() > 5 * 60'000 - 30'000);
        if (i > 0)
            QVERIFY(line.at(i).x() >= line.at(i - 1).x());
    }
}

void TstSparklineSource::aRowWithoutHistoryGetsNoLine()
{
    Rig rig;
    QVERIFY(rig.start({QStringLiteral("BTC-USD"), QStringLiteral("SOL-USD")}));
    rig.send(QStringLiteral("BTC-USD"), 100);
    rig.send(QStringLiteral("BTC-USD"), 101);
    QTRY_COMPARE_WITH_TIMEOUT(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))).size(), 2, kWait);
    QVERIFY(rig.rowOf(QStringLiteral("SOL-USD")) >= 0); // waiting for its first value
    QVERIFY(rig.lineOf(QStringLiteral("SOL-USD")).isEmpty());
}

void TstSparklineSource::eachRefreshIsOneChangeOverTheTrendColumn()
{
    Rig rig;
    QVERIFY(rig.start({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    rig.send(QStringLiteral("BTC-USD"), 100);
    rig.send(QStringLiteral("ETH-USD"), 2000);
    QTRY_COMPARE_WITH_TIMEOUT(rig.quotes.rowCount(), 2, kWait);

    QSignalSpy refreshed(&rig.source, &SparklineSource::refreshed);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.source.isInFlight(), kWait);
    QList<QList<QVariant>> changes;
    connect(&rig.quotes, &QAbstractItemModel::dataChanged, this,
            [&changes](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                if (roles.contains(QuoteTableModel::SparklineRole))
                    changes.append({from, to, QVariant::fromValue(roles)});
            });
    refreshed.clear();
    QVERIFY(refreshed.wait(kWait));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(0).toModelIndex(), rig.quotes.index(0, QuoteTableModel::TrendColumn));
    QCOMPARE(changes.at(0).at(1).toModelIndex(), rig.quotes.index(1, QuoteTableModel::TrendColumn));
    QCOMPARE(changes.at(0).at(2).value<QList<int>>(), QList<int>{QuoteTableModel::SparklineRole});
}

void TstSparklineSource::nothingIsAskedWhileTheViewIsHidden()
{
    Rig rig;
    QVERIFY(rig.start({QStringLiteral("BTC-USD")}));
    rig.send(QStringLiteral("BTC-USD"), 100);
    rig.send(QStringLiteral("BTC-USD"), 101);
    QTRY_COMPARE_WITH_TIMEOUT(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))).size(), 2, kWait);

    rig.source.setActive(false);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.source.isInFlight(), kWait);
    const quint64 before = rig.source.requestCount();
    rig.send(QStringLiteral("BTC-USD"), 102);
    QTest::qWait(2 * SparklineSource::kRefreshMs + 200);
    QCOMPARE(rig.source.requestCount(), before);
    QCOMPARE(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))).size(), 2); // the hidden view's lines stay as they were

    // Shown again: the lines catch up at once, not a refresh interval later.
    QElapsedTimer shown;
    shown.start();
    rig.source.setActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(valuesOf(rig.lineOf(QStringLiteral("BTC-USD"))).size(), 3, kWait);
    QVERIFY2(shown.elapsed() < SparklineSource::kRefreshMs, qPrintable(QString::number(shown.elapsed())));
}

void TstSparklineSource::oneRequestIsInFlightAtATimeAtALowRate()
{
    Rig rig;
    QVERIFY(rig.start({QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")}));
    QString order; // q: a request went out, a: its answer arrived
    connect(&rig.source, &SparklineSource::requested, this, [&order, &rig] {
        order.append(u'q');
        QVERIFY(rig.source.isInFlight());
    });
    connect(&rig.source, &SparklineSource::refreshed, this, [&order] { order.append(u'a'); });
    // Busy rows: a new price every 20 ms and the range in view moving on every one of them.
    QElapsedTimer elapsed;
    elapsed.start();
    double price = 100;
    while (elapsed.elapsed() < 3500) {
        rig.send(QStringLiteral("BTC-USD"), price += 0.5);
        rig.source.setFirstRow(rig.source.firstRow() == 0 ? 1 : 0);
        QTest::qWait(20);
    }
    QVERIFY2(!order.contains(QStringLiteral("qq")), qPrintable(order));
    // Moving rows ask sooner than the refresh, but never faster than kSoonMs.
    const qsizetype asked = order.count(u'q');
    QVERIFY2(asked >= 3 && asked <= 3500 / SparklineSource::kSoonMs + 1, qPrintable(order));
}

void TstSparklineSource::atMostMaxRowsAndOnlyTheRowsInViewAreAskedFor()
{
    Rig rig;
    QStringList symbols;
    for (int i = 0; i < SparklineSource::kMaxRows + 50; ++i)
        symbols.append(QStringLiteral("S%1-USD").arg(i, 3, 10, QLatin1Char('0')));
    QVERIFY(rig.start(symbols));
    // Every subscribed symbol has a row, waiting for its first value.
    QTRY_COMPARE_WITH_TIMEOUT(rig.quotes.rowCount(), int(symbols.size()), kWait);

    QSignalSpy requested(&rig.source, &SparklineSource::requested);
    QTRY_VERIFY_WITH_TIMEOUT(!requested.isEmpty() && requested.last().at(0).toInt() == SparklineSource::kMaxRows, kWait);
    for (const QList<QVariant> &r : std::as_const(requested))
        QVERIFY(r.at(0).toInt() <= SparklineSource::kMaxRows);

    rig.source.setFirstRow(10);
    rig.source.setLastRow(19);
    QTRY_VERIFY_WITH_TIMEOUT(requested.last().at(0).toInt() == 10, kWait);
    // The range reaching past the last row asks only for the rows there are.
    rig.source.setFirstRow(int(symbols.size()) - 5);
    rig.source.setLastRow(int(symbols.size()) + 20);
    QTRY_VERIFY_WITH_TIMEOUT(requested.last().at(0).toInt() == 5, kWait);
}

QTEST_MAIN(TstSparklineSource)
#include "tst_sparklinesource.moc"
