// Stock levels from the engine's batches: one row per SKU and warehouse, the SKU's
// total across warehouses, the last change, low-stock flags; market rows stay out.
#include "app/InventoryModel.h"
#include "app/QuoteFilterModel.h"
#include "app/QuoteTableModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QtTest>

using namespace feeddeck;
using app::InventoryModel;

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
    void quotesTableLeavesStockRowsToTheInventory();
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
    app::QuoteTableModel quotes;
    app::QuoteFilterModel proxy;
    proxy.setSourceModel(&quotes);
    quotes.applyBatch(batch({stock("SKU-1001/WH-EAST", 118, -2), market("BTC-USD", 1)}));
    QCOMPARE(proxy.count(), 2);
    proxy.setMarketOnly(true);
    QCOMPARE(proxy.count(), 1);
    QCOMPARE(proxy.symbolAt(0), QStringLiteral("BTC-USD"));
}

QTEST_GUILESS_MAIN(TstInventoryModel)
#include "tst_inventorymodel.moc"
