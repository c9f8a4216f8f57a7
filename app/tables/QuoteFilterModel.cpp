#include "app/tables/QuoteFilterModel.h"

#include "app/tables/QuoteTableModel.h"

namespace feeddeck::app::tables {

QuoteFilterModel::QuoteFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(QuoteTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
    connect(this, &QAbstractItemModel::rowsInserted, this, &QuoteFilterModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &QuoteFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &QuoteFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &QuoteFilterModel::countChanged);
}

void QuoteFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    invalidateRowsFilter();
    emit filterTextChanged();
    emit countChanged();
}

void QuoteFilterModel::setFeedId(const QString &feedId)
{
    if (feedId == m_feedId)
        return;
    m_feedId = feedId;
    invalidateRowsFilter();
    emit feedIdChanged();
    emit countChanged();
}

void QuoteFilterModel::setMarketOnly(bool marketOnly)
{
    if (marketOnly == m_marketOnly)
        return;
    m_marketOnly = marketOnly;
    invalidateRowsFilter();
    emit marketOnlyChanged();
    emit countChanged();
}

void QuoteFilterModel::sortBy(int column)
{
    if (column == QuoteTableModel::TrendColumn)
        return; // a picture of the last minutes, not a value to order by
    const Qt::SortOrder order = sortColumn() == column && sortOrder() == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                                           : Qt::AscendingOrder;
    sort(column, order);
    emit sortChanged();
}

QString QuoteFilterModel::feedIdAt(int row) const
{
    return index(row, 0).data(QuoteTableModel::FeedIdRole).toString();
}

QString QuoteFilterModel::symbolAt(int row) const
{
    return index(row, 0).data(QuoteTableModel::SymbolRole).toString();
}

bool QuoteFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex first = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_feedId.isEmpty() && first.data(QuoteTableModel::FeedIdRole).toString() != m_feedId)
        return false;
    if (m_marketOnly && !first.data(QuoteTableModel::MarketRole).toBool())
        return false;
    if (m_filterText.trimmed().isEmpty())
        return true;
    const QString needle = m_filterText.trimmed();
    return first.data(QuoteTableModel::SymbolRole).toString().contains(needle, Qt::CaseInsensitive)
        || first.data(Qt::DisplayRole).toString().contains(needle, Qt::CaseInsensitive);
}

} // namespace feeddeck::app::tables
