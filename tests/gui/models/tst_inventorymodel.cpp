// Stock levels from the engine's batches: one row per SKU and warehouse, the SKU's
// total across warehouses, the last change, low-stock flags; market rows stay out.
#include "app/tables/InventoryModel.h"
#include "app/tables/QuoteFilterModel.h"
#include "app/tables/QuoteTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

using namespace feeddeck;
using app::tables::InventoryModel;

namespace {

feed::RowUpdate stock(const QString &key, double onHand, double delta)
{
    store::Quote q;
    q.symbol = key;
    q.fields = {{QStringLiteral("on_hand"), onHand}, {QStringLiteral("delta"), delta}};
    q.receivedMs = 1000;
    return {QStringLiteral("stock"), q};
}

feed::RowUpdate market(const QString &symbol, double price)
{
    store::Quote q;
    q.symbol = symbol;
    q.fields = {{data::fields::kPrice, price}};
    q.receivedMs = 1000;
    return {QStringLiteral("stock"), q};
}

feed::EngineBatchPtr batch(QList<feed::RowUpdate> rows)
{
    auto b = std::make_shared<feed::EngineBatch>();
    b->atMs = 2000;
    b->rows = std::move(rows);
    feed::FeedStatus s;
    s.id = QStringLiteral("stock");
    s.name = QStringLiteral("Warehouse");
    s.state = feed::FeedState::Live;
    s.rowStatus = feed::RowStatus::Live;
    b->feeds = {s};
    return b;
}

QString text(const InventoryModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

} // namespace

class TstInventoryModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void stockRowsSplitTheKeyAndTotalTheSkuAcrossWarehouses();
    void lowStockFollowsTheThreshold();
    void aChangeAnnouncesOnlyTheCellsItMoves();
    void quotesTableLeavesStockRowsToTheInventory();
    void aRowAnAlertFiredOnFlashesWholeInItsSeverity();
};

void TstInventoryModel::stockRowsSplitTheKeyAndTotalTheSkuAcrossWarehouses()
{
    InventoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({stock("SKU-1001/WH-EAST", 118, -2), stock("SKU-1001/WH-WEST", 40, 0),
                            stock("SKU-2002/WH-EAST", 7, 3), market("BTC-USD", 1)}));
    QCOMPARE(model.rowCount(), 3); // the market row is not stock
    QCOMPARE(text(model, 0, InventoryModel::SkuColumn), QStringLiteral("SKU-1001"));
    QCOMPARE(text(model, 0, InventoryModel::WarehouseColumn), QStringLiteral("WH-EAST"));
    QCOMPARE(text(model, 0, InventoryModel::OnHandColumn), QStringLiteral("118")); // integers stay integers
    QCOMPARE(text(model, 0, InventoryModel::TotalColumn), QStringLiteral("158"));
    QCOMPARE(text(model, 0, InventoryModel::DeltaColumn), QStringLiteral("-2"));
    QCOMPARE(text(model, 2, InventoryModel::DeltaColumn), QStringLiteral("+3"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyBatch(batch({stock("SKU-1001/WH-WEST", 35, -5)}));
    QCOMPARE(text(model, 0, InventoryModel::TotalColumn), QStringLiteral("153")); // the other warehouse's total moved too
    bool row0Announced = false;
    for (const QList<QVariant> &signal : changed)
        row0Announced = row0Announced || (signal.at(0).toModelIndex().row() == 0
                                          && signal.at(1).toModelIndex().column() >= InventoryModel::TotalColumn);
    QVERIFY(row0Announced);
}

namespace {

// One announcement: rows top..bottom, columns left..right, the roles named.
struct Announced
{
    int top, bottom, left, right;
    QList<int> roles;
    bool operator==(const Announced &) const = default;
};

QList<Announced> announced(const QSignalSpy &spy)
{
    QList<Announced> out;
    for (const QList<QVariant> &signal : spy) {
        const QModelIndex from = signal.at(0).toModelIndex();
        const QModelIndex to = signal.at(1).toModelIndex();
        out.append({from.row(), to.row(), from.column(), to.column(), signal.at(2).value<QList<int>>()});
    }
    return out;
}

} // namespace

void TstInventoryModel::aChangeAnnouncesOnlyTheCellsItMoves()
{
    using Q = app::tables::QuoteTableModel;
    InventoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({stock("SKU-1001/WH-EAST", 118, -2), stock("SKU-2002/WH-EAST", 7, 3),
                            stock("SKU-1001/WH-WEST", 40, 0)}));
    const QList<int> numbers{Qt::DisplayRole, Q::SortRole, Q::DirectionRole};
    const QList<int> ages{Qt::DisplayRole, Q::SortRole};

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyBatch(batch({stock("SKU-1001/WH-WEST", 35, -5)}));
    // Row 2's numbers; the SKU total on rows 0 and 2 (not adjacent: two announcements); every
    // row's age. Row 1 (another SKU) keeps everything else.
    QCOMPARE(announced(changed),
             (QList<Announced>{{2, 2, InventoryModel::OnHandColumn, InventoryModel::DeltaColumn, numbers},
                               {0, 0, InventoryModel::TotalColumn, InventoryModel::TotalColumn, numbers},
                               {2, 2, InventoryModel::TotalColumn, InventoryModel::TotalColumn, numbers},
                               {0, 2, InventoryModel::AgeColumn, InventoryModel::AgeColumn, ages}}));
    QCOMPARE(text(model, 0, InventoryModel::TotalColumn), QStringLiteral("153"));
    QCOMPARE(text(model, 2, InventoryModel::TotalColumn), QStringLiteral("153"));
    QCOMPARE(text(model, 1, InventoryModel::TotalColumn), QStringLiteral("7"));

    // Below the low-stock threshold (20): the whole row changes colour.
    changed.clear();
    model.applyBatch(batch({stock("SKU-1001/WH-WEST", 12, -23)}));
    QVERIFY(announced(changed).contains(
        Announced{2, 2, 0, InventoryModel::ColumnCount - 1, {InventoryModel::LowStockRole}}));
    QCOMPARE(text(model, 0, InventoryModel::TotalColumn), QStringLiteral("130"));

    // A feed's new state recolours its rows, all of them.
    changed.clear();
    auto stale = std::make_shared<feed::EngineBatch>(*batch({}));
    stale->feeds[0].state = feed::FeedState::Stale;
    stale->feeds[0].rowStatus = feed::RowStatus::Stale;
    model.applyBatch(stale);
    QVERIFY(announced(changed).contains(
        Announced{0, 2, 0, InventoryModel::ColumnCount - 1, {Qt::DisplayRole, Q::SortRole, Q::StatusRole}}));
    QCOMPARE(text(model, 1, InventoryModel::StatusColumn), QStringLiteral("stale"));
}

void TstInventoryModel::lowStockFollowsTheThreshold()
{
    InventoryModel model;
    model.applyBatch(batch({stock("SKU-1/A", 5, 0), stock("SKU-2/A", 50, 0)}));
    model.setLowStockThreshold(10);
    QCOMPARE(model.index(0, 0).data(InventoryModel::LowStockRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(InventoryModel::LowStockRole).toBool(), false);
    model.setLowStockThreshold(60);
    QCOMPARE(model.index(1, 0).data(InventoryModel::LowStockRole).toBool(), true);
}

void TstInventoryModel::quotesTableLeavesStockRowsToTheInventory()
{
    app::tables::QuoteTableModel quotes;
    app::tables::QuoteFilterModel proxy;
    proxy.setSourceModel(&quotes);
    quotes.applyBatch(batch({stock("SKU-1001/WH-EAST", 118, -2), market("BTC-USD", 1)}));
    QCOMPARE(proxy.count(), 2);
    proxy.setMarketOnly(true);
    QCOMPARE(proxy.count(), 1);
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("BTC-USD"));
}

QTEST_GUILESS_MAIN(TstInventoryModel)
void TstInventoryModel::aRowAnAlertFiredOnFlashesWholeInItsSeverity()
{
    using Q = app::tables::QuoteTableModel;
    InventoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batch({stock("SKU-1001/WH-EAST", 118, -2), stock("SKU-2002/WH-EAST", 7, 3),
                            stock("SKU-1001/WH-WEST", 40, 0)}));
    QCOMPARE(model.roleNames().value(Q::AlertFlashRole), QByteArray("alertFlash"));
    QCOMPARE(model.roleNames().value(Q::AlertSeverityRole), QByteArray("alertSeverity"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto fired = std::make_shared<feed::EngineBatch>(*batch({}));
    const auto alertOn = [](const QString &feed, const QString &symbol, alert::Severity severity) {
        return alert::FiredAlert{.timeMs = 2000, .ruleId = QStringLiteral("low"), .feed = feed, .symbol = symbol,
                                 .field = QStringLiteral("on_hand"), .value = 7, .severity = severity, .note = {},
                                 .when = alert::When::Below};
    };
    // "Stock below 10" on row 1 twice in one frame (the later severity wins); a feed-wide
    // silence and another feed's row of the same key flash nothing here.
    fired->alerts = {alertOn("stock", "SKU-2002/WH-EAST", alert::Severity::Warning),
                     alertOn("stock", "SKU-2002/WH-EAST", alert::Severity::Critical),
                     alertOn("stock", "*", alert::Severity::Info),
                     alertOn("other", "SKU-1001/WH-EAST", alert::Severity::Info)};
    model.applyBatch(fired);

    QVERIFY(announced(changed).contains(
        Announced{1, 1, 0, InventoryModel::ColumnCount - 1, {Q::AlertFlashRole, Q::AlertSeverityRole}}));
    // Only row 1 carries the alert roles.
    for (const Announced &a : announced(changed))
        QVERIFY(!a.roles.contains(Q::AlertFlashRole) || (a.top == 1 && a.bottom == 1));
    for (int column = 0; column < InventoryModel::ColumnCount; ++column) {
        QCOMPARE(model.index(1, column).data(Q::AlertFlashRole).toInt(), 2);
        QCOMPARE(model.index(1, column).data(Q::AlertSeverityRole).toString(), QStringLiteral("critical"));
        QCOMPARE(model.index(0, column).data(Q::AlertFlashRole).toInt(), 0);
        QCOMPARE(model.index(2, column).data(Q::AlertFlashRole).toInt(), 0);
    }

    // An alert in the same batch as the row's first level flashes the new row.
    auto first = std::make_shared<feed::EngineBatch>(*batch({stock("SKU-3003/WH-WEST", 3, -1)}));
    first->alerts = {alertOn("stock", "SKU-3003/WH-WEST", alert::Severity::Info)};
    model.applyBatch(first);
    QCOMPARE(model.index(3, 0).data(Q::AlertFlashRole).toInt(), 1);
    QCOMPARE(model.index(3, 0).data(Q::AlertSeverityRole).toString(), QStringLiteral("info"));
}

#include "tst_inventorymodel.moc"
