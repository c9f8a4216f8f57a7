#pragma once

#include "app/tables/QuoteTableModel.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::tables {

// Stock levels: every row that carries an `on_hand` field, keyed "SKU/WAREHOUSE"
// (the JSON mapping's composite key). Shows the level, the SKU's total over its
// warehouses, the last change (`delta`), and flags levels below the low-stock threshold.
// Shares the quotes table's role numbers, so QuoteFilterModel sorts and filters it too; a row
// an alert rule fired on flashes as a quotes row does (AlertFlashRole, AlertSeverityRole).
class InventoryModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("InventoryModel is provided by the application")
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowCountChanged)
    Q_PROPERTY(double lowStockThreshold READ lowStockThreshold WRITE setLowStockThreshold NOTIFY lowStockThresholdChanged)

public:
    enum Column { FeedColumn, SkuColumn, WarehouseColumn, OnHandColumn, TotalColumn, DeltaColumn, AgeColumn, StatusColumn,
                  ColumnCount };
    Q_ENUM(Column)
    enum Role { LowStockRole = QuoteTableModel::AlertSeverityRole + 1 }; // after every role it shares
    Q_ENUM(Role)

    explicit InventoryModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] double lowStockThreshold() const { return m_lowStock; }
    void setLowStockThreshold(double threshold);

    void applyBatch(const feed::EngineBatchPtr &batch);

signals:
    void rowCountChanged();
    void lowStockThresholdChanged();

private:
    struct Row
    {
        QString feedId;
        QString feedName;
        QString key; // "SKU-1001/WH-EAST"
        QString sku;
        QString warehouse;
        double onHand = 0;
        std::optional<double> delta;
        qint64 receivedMs = 0;
        AlertFlash alertFlash {}; // alert rules fired on the row (a stock below a level): the row pulses
    };

    using SkuKey = QPair<QString, QString>; // (feed id, SKU)

    [[nodiscard]] int rowCountProperty() const { return int(m_rows.size()); }
    [[nodiscard]] double skuTotal(const Row &row) const { return m_skuTotals.value({row.feedId, row.sku}); }
    // dataChanged over `rows` (any order), one signal per run of adjacent rows.
    void announceRows(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles);
    [[nodiscard]] QString statusOf(const Row &row) const;
    [[nodiscard]] QVariant value(const Row &row, int column) const;

    QList<Row> m_rows;
    QHash<QPair<QString, QString>, int> m_index; // (feed id, key) -> row
    // Kept as rows change, so a cell's total and the rows a change moves are found without a pass.
    QHash<SkuKey, double> m_skuTotals;
    QHash<SkuKey, QList<int>> m_skuRows;
    QHash<QString, feed::RowStatus> m_rowStatus; // feed id -> the status of its rows
    double m_lowStock = 20;
    qint64 m_nowMs = 0;
};

} // namespace feeddeck::app::tables
