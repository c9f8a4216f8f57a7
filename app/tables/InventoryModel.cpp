#include "app/tables/InventoryModel.h"

#include "app/display/NumberDisplay.h"
#include "app/tables/RowStatusKey.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <limits>

namespace feeddeck::app::tables {

namespace {

const QString kOnHand = QStringLiteral("on_hand");
const QString kDelta = QStringLiteral("delta");

} // namespace

InventoryModel::InventoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int InventoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InventoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QHash<int, QByteArray> InventoryModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {QuoteTableModel::SortRole, "sortValue"},
            {QuoteTableModel::NumericRole, "numeric"},
            {QuoteTableModel::StatusRole, "status"},
            {QuoteTableModel::DirectionRole, "direction"},
            {QuoteTableModel::FlashRole, "flash"},
            {QuoteTableModel::FeedIdRole, "feedId"},
            {QuoteTableModel::SymbolRole, "symbol"},
            {QuoteTableModel::AlertFlashRole, "alertFlash"},
            {QuoteTableModel::AlertSeverityRole, "alertSeverity"},
            {LowStockRole, "lowStock"}};
}

QVariant InventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FeedColumn: return tr("Feed");
    case SkuColumn: return tr("SKU");
    case WarehouseColumn: return tr("Warehouse");
    case OnHandColumn: return tr("On hand");
    case TotalColumn: return tr("SKU total");
    case DeltaColumn: return tr("Last change");
    case AgeColumn: return tr("Updated");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

void InventoryModel::setLowStockThreshold(double threshold)
{
    if (threshold == m_lowStock || !(threshold >= 0))
        return;
    m_lowStock = threshold;
    emit lowStockThresholdChanged();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), {LowStockRole});
}

QString InventoryModel::statusOf(const Row &row) const
{
    return rowStatusKey(m_rowStatus.value(row.feedId, feed::RowStatus::Disconnected));
}

QVariant InventoryModel::value(const Row &row, int column) const
{
    switch (column) {
    case FeedColumn: return row.feedName;
    case SkuColumn: return row.sku;
    case WarehouseColumn: return row.warehouse;
    case OnHandColumn: return row.onHand;
    case TotalColumn: return skuTotal(row);
    case DeltaColumn: return row.delta ? QVariant(*row.delta) : QVariant();
    case AgeColumn: return double(std::max<qint64>(0, m_nowMs - row.receivedMs));
    case StatusColumn: return statusOf(row);
    default: return {};
    }
}

QVariant InventoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    const bool numeric = column >= OnHandColumn && column <= AgeColumn;
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant v = value(row, column);
        if (!numeric)
            return v;
        if (!v.isValid())
            return QString();
        if (column == AgeColumn)
            return display::age(qint64(v.toDouble()));
        const double d = v.toDouble();
        const QString text = display::fixed(d, display::fractionDigits(d)); // integers stay integers
        return column == DeltaColumn && d > 0 ? QStringLiteral("+") + text : text;
    }
    case QuoteTableModel::SortRole: {
        const QVariant v = value(row, column);
        return numeric && !v.isValid() ? QVariant(-std::numeric_limits<double>::infinity()) : v;
    }
    case QuoteTableModel::NumericRole: return numeric;
    case QuoteTableModel::StatusRole: return statusOf(row);
    case QuoteTableModel::DirectionRole:
        return column == DeltaColumn && row.delta ? (*row.delta > 0 ? 1 : *row.delta < 0 ? -1 : 0) : 0;
    case QuoteTableModel::FlashRole: return 0;
    case QuoteTableModel::FeedIdRole: return row.feedId;
    case QuoteTableModel::SymbolRole: return row.key;
    case QuoteTableModel::AlertFlashRole: return row.alertFlash.count;
    case QuoteTableModel::AlertSeverityRole: return row.alertFlash.severityName();
    case LowStockRole: return row.onHand < m_lowStock;
    default: return {};
    }
}

void InventoryModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;
    QHash<QString, QString> names;
    QSet<QString> feedsWithNewState;
    for (const feed::FeedStatus &s : batch->feeds) {
        if (m_rowStatus.value(s.id, feed::RowStatus::Disconnected) != s.rowStatus)
            feedsWithNewState.insert(s.id);
        m_rowStatus.insert(s.id, s.rowStatus);
        names.insert(s.id, s.name);
    }
    if (batch->resetRows) {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        m_skuTotals.clear();
        m_skuRows.clear();
        endResetModel();
        emit rowCountChanged();
    }

    QList<int> changedRows;
    QList<int> lowStockFlipped;
    QSet<SkuKey> touchedSkus;
    QList<Row> added;
    for (const feed::RowUpdate &u : batch->rows) {
        const std::optional<double> onHand = data::valueOf(u.quote.fields, kOnHand);
        if (!onHand)
            continue; // not a stock row
        const auto it = m_index.constFind({u.feedId, u.quote.symbol});
        Row *row = nullptr;
        Row fresh;
        if (it != m_index.cend()) {
            row = &m_rows[*it];
            changedRows.append(*it);
            if ((row->onHand < m_lowStock) != (*onHand < m_lowStock))
                lowStockFlipped.append(*it);
        } else {
            const qsizetype slash = u.quote.symbol.indexOf(u'/');
            fresh.feedId = u.feedId;
            fresh.feedName = names.value(u.feedId, u.feedId);
            fresh.key = u.quote.symbol;
            fresh.sku = slash < 0 ? u.quote.symbol : u.quote.symbol.left(slash);
            fresh.warehouse = slash < 0 ? QString() : u.quote.symbol.mid(slash + 1);
            row = &fresh;
        }
        row->onHand = *onHand;
        row->delta = data::valueOf(u.quote.fields, kDelta);
        row->receivedMs = u.quote.receivedMs;
        touchedSkus.insert({row->feedId, row->sku});
        if (row == &fresh)
            added.append(fresh);
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Row &row : added) {
            const int at = int(m_rows.size());
            m_index.insert({row.feedId, row.key}, at);
            m_skuRows[{row.feedId, row.sku}].append(at);
            m_rows.append(std::move(row));
        }
        endInsertRows();
        emit rowCountChanged();
    }
    // A change in one warehouse moves the SKU total on every row of that SKU. Summed again
    // over the SKU's rows (a few warehouses), not adjusted by differences: the total stays
    // exactly what the levels add up to, with no rounding drift over a session.
    QList<int> totalRows;
    for (const SkuKey &sku : std::as_const(touchedSkus)) {
        const QList<int> rows = m_skuRows.value(sku);
        double total = 0;
        for (const int r : rows)
            total += m_rows.at(r).onHand;
        m_skuTotals.insert(sku, total);
        totalRows.append(rows);
    }

    // The rows whose stock changed: their numbers, and the whole row where it crossed the
    // low-stock threshold (the flag colours every cell).
    const QList<int> numberRoles{Qt::DisplayRole, QuoteTableModel::SortRole, QuoteTableModel::DirectionRole};
    announceRows(changedRows, OnHandColumn, DeltaColumn, numberRoles);
    announceRows(lowStockFlipped, 0, ColumnCount - 1, {LowStockRole});
    announceRows(totalRows, TotalColumn, TotalColumn, numberRoles);
    // A feed's new state recolours its rows.
    if (!feedsWithNewState.isEmpty()) {
        QList<int> stateRows;
        for (int r = 0; r < int(m_rows.size()); ++r)
            if (feedsWithNewState.contains(m_rows.at(r).feedId))
                stateRows.append(r);
        announceRows(stateRows, 0, ColumnCount - 1,
                     {Qt::DisplayRole, QuoteTableModel::SortRole, QuoteTableModel::StatusRole});
    }
    // The rows the batch's alerts fired on pulse, whole, in the alert's severity colour.
    const QList<int> alerted = markAlertedRows(batch->alerts, m_index, [this](int r) -> AlertFlash & {
        return m_rows[r].alertFlash;
    });
    announceRows(alerted, 0, ColumnCount - 1, {QuoteTableModel::AlertFlashRole, QuoteTableModel::AlertSeverityRole});
    if (!m_rows.isEmpty()) // ages move with the clock
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn),
                         {Qt::DisplayRole, QuoteTableModel::SortRole});
}

void InventoryModel::announceRows(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        emit dataChanged(index(rows.at(i), firstColumn), index(rows.at(j), lastColumn), roles);
        i = j + 1;
    }
}

} // namespace feeddeck::app::tables
