#include "app/InventoryModel.h"

#include "app/NumberDisplay.h"

#include <QLocale>
#include <QSet>

#include <limits>

namespace feeddeck::app {

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

double InventoryModel::skuTotal(const Row &row) const
{
    double total = 0;
    for (const Row &other : m_rows)
        if (other.feedId == row.feedId && other.sku == row.sku)
            total += other.onHand;
    return total;
}

QString InventoryModel::statusOf(const Row &row) const
{
    switch (m_feedStates.value(row.feedId, feed::FeedState::Disabled)) {
    case feed::FeedState::Live: return QStringLiteral("live");
    case feed::FeedState::Stale:
    case feed::FeedState::Subscribing: return QStringLiteral("stale");
    default: return QStringLiteral("disconnected");
    }
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
    case LowStockRole: return row.onHand < m_lowStock;
    default: return {};
    }
}

void InventoryModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;
    QHash<QString, QString> names;
    bool statesChanged = false;
    for (const feed::FeedStatus &s : batch->feeds) {
        statesChanged = statesChanged || m_feedStates.value(s.id, feed::FeedState::Disabled) != s.state;
        m_feedStates.insert(s.id, s.state);
        names.insert(s.id, s.name);
    }
    if (batch->resetRows) {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        endResetModel();
        emit rowCountChanged();
    }

    QSet<QPair<QString, QString>> touchedSkus;
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
            m_index.insert({row.feedId, row.key}, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
        endInsertRows();
        emit rowCountChanged();
    }
    // A change in one warehouse moves the SKU total on every row of that SKU. Stock feeds
    // carry a few hundred rows at most, so one pass with per-row signals is cheap here.
    for (int r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows.at(r);
        if (statesChanged || touchedSkus.contains({row.feedId, row.sku}))
            emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
    }
    if (!m_rows.isEmpty()) // ages move with the clock
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn), {Qt::DisplayRole});
}

} // namespace feeddeck::app
