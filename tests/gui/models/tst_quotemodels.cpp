// The quotes table's models: rows from conflated batches, dataChanged ranges with
// only the roles that move, session change and fixed decimals, numeric sorting and filtering.
#include "app/tables/QuoteFilterModel.h"
#include "app/tables/QuoteTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

#include <limits>

using namespace feeddeck;
using app::tables::QuoteFilterModel;
using app::tables::QuoteTableModel;

namespace {

store::Quote quote(const QString &symbol, double price, double bid, double ask, qint64 receivedMs = 1000,
                   double sessionOpen = std::numeric_limits<double>::quiet_NaN())
{
    store::Quote q;
    q.sessionOpen = sessionOpen;
    q.symbol = symbol;
    q.fields = {{data::fields::kPrice, price}, {data::fields::kBid, bid}, {data::fields::kAsk, ask},
                {data::fields::kVolume24h, 18234.11}};
    q.receivedMs = receivedMs;
    return q;
}

feed::EngineBatchPtr batch(QList<feed::RowUpdate> rows, feed::FeedState state = feed::FeedState::Live, bool reset = false,
                           QStringList waiting = {})
{
    auto b = std::make_shared<feed::EngineBatch>();
    b->atMs = 2000;
    b->resetRows = reset;
    b->rows = std::move(rows);
    feed::FeedStatus status;
    status.id = QStringLiteral("crypto");
    status.name = QStringLiteral("Crypto");
    status.state = state;
    status.rowStatus = feed::rowStatusOf(state);
    status.waitingSymbols = std::move(waiting);
    b->feeds = {status};
    return b;
}

QString text(const QAbstractItemModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

} // namespace

class TstQuoteModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void newRowsArriveAsOneInsertedRange();
    void aTickAnnouncesOnlyTheChangedRowsAndTheRolesThatMove();
    void aRowAnAlertFiredOnFlashesWholeInItsSeverity();
    void changeIsMeasuredFromTheFirstPriceOfTheSession();
    void decimalsAreFixedPerInstrumentAndNeverShrink();
    void aFeedGoingStaleChangesItsRowsStatus();
    void sortingIsNumericAndFlipsOnASecondClick();
    void trendLinesArriveAsOneChangeOverTheColumnAndDoNotSort();
    void filterMatchesSymbolOrFeedAndCanPickOneFeed();
    void removedRowsResetTheModelAndKeepWhatIsKnownOfTheRest();
    void subscribedSymbolsWithoutValuesWaitInTheTable();
};

void TstQuoteModels::newRowsArriveAsOneInsertedRange()
{
    QuoteTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applyBatch(batch({{"crypto", quote("BTC-USD", 100, 99, 101)},
                            {"crypto", quote("ETH-USD", 10, 9, 11)},
                            {"crypto", quote("SOL-USD", 1, 0.9, 1.1)}}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(text(model, 1, QuoteTableModel::SymbolColumn), QStringLiteral("ETH-USD"));
    QCOMPARE(text(model, 1, QuoteTableModel::FeedColumn), QStringLiteral("Crypto"));
    QCOMPARE(text(model, 1, QuoteTableModel::SpreadColumn), QStringLiteral("2"));
    QCOMPARE(text(model, 0, QuoteTableModel::VolumeColumn), QStringLiteral("18.2K"));
    QCOMPARE(text(model, 0, QuoteTableModel::StatusColumn), QStringLiteral("live"));
}

void TstQuoteModels::aTickAnnouncesOnlyTheChangedRowsAndTheRolesThatMove()
{
    QuoteTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<feed::RowUpdate> rows;
    for (int i = 0; i < 6; ++i)
        rows.append({"crypto", quote(QStringLiteral("S%1").arg(i), 10 + i, 9 + i, 11 + i)});
    model.applyBatch(batch(rows));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyBatch(batch({{"crypto", quote("S1", 20, 19, 21)}, {"crypto", quote("S2", 5, 4, 6)},
                            {"crypto", quote("S4", 30, 29, 31)}}));
    // Rows 1-2 are one range, row 4 another; the feed state did not change, so no status update.
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 4);
    QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 4);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(QuoteTableModel::PriceColumn));
    const QList<int> roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(QuoteTableModel::FlashRole));
    QVERIFY(!roles.contains(QuoteTableModel::StatusRole));
    QVERIFY(!roles.contains(QuoteTableModel::NumericRole));

    QCOMPARE(model.index(1, QuoteTableModel::PriceColumn).data(QuoteTableModel::DirectionRole).toInt(), 1);
    QCOMPARE(model.index(2, QuoteTableModel::PriceColumn).data(QuoteTableModel::DirectionRole).toInt(), -1);
    QCOMPARE(model.index(1, QuoteTableModel::PriceColumn).data(QuoteTableModel::FlashRole).toInt(), 1);
    QCOMPARE(model.index(3, QuoteTableModel::PriceColumn).data(QuoteTableModel::FlashRole).toInt(), 0);
}

void TstQuoteModels::aRowAnAlertFiredOnFlashesWholeInItsSeverity()
{
    QuoteTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<feed::RowUpdate> rows;
    for (int i = 0; i < 4; ++i)
        rows.append({"crypto", quote(QStringLiteral("S%1").arg(i), 10 + i, 9 + i, 11 + i)});
    model.applyBatch(batch(rows));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto fired = std::make_shared<feed::EngineBatch>(*batch({}));
    const auto alertOn = [](const QString &feed, const QString &symbol, alert::Severity severity) {
        return alert::FiredAlert{.timeMs = 2000, .ruleId = QStringLiteral("r"), .feed = feed, .symbol = symbol,
                                 .field = QStringLiteral("price"), .value = 12, .severity = severity, .note = {},
                                 .when = alert::When::Above};
    };
    // Row 2 twice in one frame (the later severity wins), a feed-wide silence and another
    // feed's symbol of the same name: neither has a row here.
    fired->alerts = {alertOn("crypto", "S2", alert::Severity::Warning), alertOn("crypto", "S2", alert::Severity::Critical),
                     alertOn("crypto", "*", alert::Severity::Info), alertOn("other", "S1", alert::Severity::Info)};
    model.applyBatch(fired);

    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(2, 0));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(2, QuoteTableModel::ColumnCount - 1));
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(),
             (QList<int>{QuoteTableModel::AlertFlashRole, QuoteTableModel::AlertSeverityRole}));
    for (int column = 0; column < QuoteTableModel::ColumnCount; ++column) {
        QCOMPARE(model.index(2, column).data(QuoteTableModel::AlertFlashRole).toInt(), 2);
        QCOMPARE(model.index(2, column).data(QuoteTableModel::AlertSeverityRole).toString(), QStringLiteral("critical"));
        QCOMPARE(model.index(1, column).data(QuoteTableModel::AlertFlashRole).toInt(), 0);
    }
}

void TstQuoteModels::changeIsMeasuredFromTheFirstPriceOfTheSession()
{
    QuoteTableModel model;
    // The store keeps the session's first price (store::Quote::sessionOpen), as the CSV reads it.
    const auto sessionQuote = [](double price) {
        store::Quote q = quote("BTC-USD", price, price - 1, price + 1);
        q.sessionOpen = 200;
        q.fields.append({data::fields::kChangePct, 3.5}); // the venue's 24 h change
        return q;
    };
    model.applyBatch(batch({{"crypto", sessionQuote(200)}}));
    model.applyBatch(batch({{"crypto", sessionQuote(210)}}));
    model.applyBatch(batch({{"crypto", sessionQuote(190)}}));
    QCOMPARE(model.headerData(QuoteTableModel::ChangePctColumn, Qt::Horizontal).toString(), QStringLiteral("Chg % (session)"));
    QCOMPARE(model.headerData(QuoteTableModel::Change24hPctColumn, Qt::Horizontal).toString(), QStringLiteral("Chg % 24h"));
    QCOMPARE(text(model, 0, QuoteTableModel::Change24hPctColumn), QStringLiteral("+3.50%"));
    QCOMPARE(text(model, 0, QuoteTableModel::ChangeColumn), QStringLiteral("-10"));
    QCOMPARE(text(model, 0, QuoteTableModel::ChangePctColumn), QStringLiteral("-5.00%"));
    QCOMPARE(model.index(0, QuoteTableModel::ChangeColumn).data(QuoteTableModel::SortRole).toDouble(), -10.0);
    QCOMPARE(model.index(0, QuoteTableModel::ChangePctColumn).data(QuoteTableModel::DirectionRole).toInt(), -1);
}

void TstQuoteModels::decimalsAreFixedPerInstrumentAndNeverShrink()
{
    QuoteTableModel model;
    model.applyBatch(batch({{"crypto", quote("EUR-USD", 1.08125, 1.0812, 1.0813)}}));
    QCOMPARE(text(model, 0, QuoteTableModel::PriceColumn), QStringLiteral("1.08125"));
    QCOMPARE(text(model, 0, QuoteTableModel::BidColumn), QStringLiteral("1.08120")); // same decimals as the price
    model.applyBatch(batch({{"crypto", quote("EUR-USD", 1.1, 1.09, 1.11)}}));
    QCOMPARE(text(model, 0, QuoteTableModel::PriceColumn), QStringLiteral("1.10000")); // no jitter to "1.1"
    QCOMPARE(text(model, 0, QuoteTableModel::SpreadColumn), QStringLiteral("0.02000"));
}

void TstQuoteModels::aFeedGoingStaleChangesItsRowsStatus()
{
    QuoteTableModel model;
    model.applyBatch(batch({{"crypto", quote("BTC-USD", 1, 1, 1)}, {"crypto", quote("ETH-USD", 2, 2, 2)}}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyBatch(batch({}, feed::FeedState::Stale));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(QuoteTableModel::StatusRole));
    QCOMPARE(model.index(1, 0).data(QuoteTableModel::StatusRole).toString(), QStringLiteral("stale"));
    model.applyBatch(batch({}, feed::FeedState::Backoff));
    QCOMPARE(model.index(1, 0).data(QuoteTableModel::StatusRole).toString(), QStringLiteral("disconnected"));
}

void TstQuoteModels::sortingIsNumericAndFlipsOnASecondClick()
{
    QuoteTableModel model;
    QuoteFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({{"crypto", quote("A", 9, 8, 10)}, {"crypto", quote("B", 100, 99, 101)},
                            {"crypto", quote("C", 10, 9, 11)}}));
    proxy.sortBy(QuoteTableModel::PriceColumn);
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("A")); // 9 < 10 < 100: as numbers, not as text
    QCOMPARE(proxy.symbolAt(1), QStringLiteral("C"));
    QCOMPARE(proxy.symbolAt(2), QStringLiteral("B"));
    proxy.sortBy(QuoteTableModel::PriceColumn);
    QCOMPARE(proxy.sortOrder(), Qt::DescendingOrder);
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("B"));

    // A live tick re-sorts the row.
    model.applyBatch(batch({{"crypto", quote("A", 1000, 999, 1001)}}));
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("A"));
}

void TstQuoteModels::trendLinesArriveAsOneChangeOverTheColumnAndDoNotSort()
{
    QuoteTableModel model;
    QuoteFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({{"crypto", quote("A", 9, 8, 10)}, {"crypto", quote("B", 100, 99, 101)},
                            {"crypto", quote("C", 10, 9, 11)}}));
    QCOMPARE(model.headerData(QuoteTableModel::TrendColumn, Qt::Horizontal).toString(), QStringLiteral("Trend"));
    const auto lineOf = [&model](int row) {
        return model.index(row, QuoteTableModel::TrendColumn).data(QuoteTableModel::SparklineRole).value<QList<QPointF>>();
    };
    QVERIFY(lineOf(0).isEmpty()); // no history asked for yet: no line

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QList<QPointF> a{{0, 9}, {500, 9.5}, {900, 9}};
    const QList<QPointF> c{{0, 10}, {800, 11}};
    model.setSparklines({{{QStringLiteral("crypto"), QStringLiteral("A")}, a},
                         {{QStringLiteral("crypto"), QStringLiteral("C")}, c}});
    QCOMPARE(changed.size(), 1); // one change over the column, not one per row
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(0, QuoteTableModel::TrendColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(2, QuoteTableModel::TrendColumn));
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{QuoteTableModel::SparklineRole});
    QCOMPARE(lineOf(0), a);
    QVERIFY(lineOf(1).isEmpty());
    QCOMPARE(lineOf(2), c);
    QVERIFY(!model.index(0, QuoteTableModel::PriceColumn).data(QuoteTableModel::SparklineRole).isValid());
    QCOMPARE(text(model, 0, QuoteTableModel::TrendColumn), QString());
    QVERIFY(!model.index(0, QuoteTableModel::TrendColumn).data(QuoteTableModel::NumericRole).toBool());

    // The next answer replaces the set: rows it leaves out lose their line.
    model.setSparklines({{{QStringLiteral("crypto"), QStringLiteral("C")}, c}});
    QVERIFY(lineOf(0).isEmpty());
    QCOMPARE(lineOf(2), c);

    // A click on the trend header does not sort (nor unsort what is sorted).
    proxy.sortBy(QuoteTableModel::PriceColumn);
    proxy.sortBy(QuoteTableModel::TrendColumn);
    QCOMPARE(proxy.sortColumn(), int(QuoteTableModel::PriceColumn));
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("A"));
}

void TstQuoteModels::filterMatchesSymbolOrFeedAndCanPickOneFeed()
{
    QuoteTableModel model;
    QuoteFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({{"crypto", quote("BTC-USD", 1, 1, 1)}, {"crypto", quote("ETH-USD", 2, 2, 2)},
                            {"crypto", quote("ETH-BTC", 3, 3, 3)}}));
    QSignalSpy count(&proxy, &QuoteFilterModel::countChanged);
    proxy.setFilterText(QStringLiteral("eth"));
    QCOMPARE(proxy.count(), 2);
    QVERIFY(count.size() >= 1);
    proxy.setFilterText(QStringLiteral("btc"));
    QCOMPARE(proxy.count(), 2);
    proxy.setFilterText(QStringLiteral("crypto")); // the feed name matches too
    QCOMPARE(proxy.count(), 3);
    proxy.setFilterText(QString());
    proxy.setFeedId(QStringLiteral("other"));
    QCOMPARE(proxy.count(), 0);
    proxy.setFeedId(QStringLiteral("crypto"));
    QCOMPARE(proxy.count(), 3);
}

void TstQuoteModels::removedRowsResetTheModelAndKeepWhatIsKnownOfTheRest()
{
    QuoteTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({{"crypto", quote("BTC-USD", 100, 99, 101, 1000, 100)},
                            {"crypto", quote("ETH-USD", 10, 9, 11, 1000, 10)}}));
    model.applyBatch(batch({{"crypto", quote("ETH-USD", 12, 11, 13, 1000, 10)}}, feed::FeedState::Live, true));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(model, 0, QuoteTableModel::SymbolColumn), QStringLiteral("ETH-USD"));
    QCOMPARE(text(model, 0, QuoteTableModel::ChangeColumn), QStringLiteral("+2")); // still measured from 10
}

// #19: the CSV listed subscribed symbols with no data yet, the window did not.
void TstQuoteModels::subscribedSymbolsWithoutValuesWaitInTheTable()
{
    QuoteTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QuoteFilterModel quotes;
    quotes.setSourceModel(&model);
    quotes.setMarketOnly(true);

    model.applyBatch(batch({{"crypto", quote("BTC-USD", 100, 99, 101)}}, feed::FeedState::Live, false,
                           {QStringLiteral("ETH-USD"), QStringLiteral("SOL-USD")}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(quotes.rowCount(), 3); // shown under Quotes before any value says it is a quote
    QCOMPARE(text(model, 1, QuoteTableModel::SymbolColumn), QStringLiteral("ETH-USD"));
    QCOMPARE(text(model, 1, QuoteTableModel::FeedColumn), QStringLiteral("Crypto"));
    QCOMPARE(text(model, 1, QuoteTableModel::StatusColumn), QStringLiteral("waiting"));
    QCOMPARE(model.index(1, 0).data(QuoteTableModel::StatusRole).toString(), QStringLiteral("waiting"));
    QCOMPARE(text(model, 1, QuoteTableModel::PriceColumn), QString());
    QCOMPARE(text(model, 0, QuoteTableModel::StatusColumn), QStringLiteral("live"));

    // The first value fills the waiting row in place; it no longer waits, and says so.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyBatch(batch({{"crypto", quote("ETH-USD", 10, 9, 11)}}, feed::FeedState::Live, false,
                           {QStringLiteral("SOL-USD")}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(text(model, 1, QuoteTableModel::StatusColumn), QStringLiteral("live"));
    QCOMPARE(text(model, 1, QuoteTableModel::PriceColumn), QStringLiteral("10"));
    const bool statusAnnounced = std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant> &args) {
        const QModelIndex from = args.at(0).toModelIndex();
        const QModelIndex to = args.at(1).toModelIndex();
        return from.row() <= 1 && to.row() >= 1 && to.column() >= QuoteTableModel::StatusColumn
            && args.at(2).value<QList<int>>().contains(QuoteTableModel::StatusRole);
    });
    QVERIFY(statusAnnounced);

    // Unsubscribed while waiting: the row goes, the others stay where they are.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyBatch(batch({}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model, 0, QuoteTableModel::SymbolColumn), QStringLiteral("BTC-USD"));
    QCOMPARE(text(model, 1, QuoteTableModel::SymbolColumn), QStringLiteral("ETH-USD"));
    model.applyBatch(batch({{"crypto", quote("ETH-USD", 11, 10, 12)}}));
    QCOMPARE(text(model, 1, QuoteTableModel::PriceColumn), QStringLiteral("11"));
}

QTEST_GUILESS_MAIN(TstQuoteModels)
#include "tst_quotemodels.moc"
