#include "app/ChartSeriesModel.h"

namespace feeddeck::app {

ChartSeriesModel::ChartSeriesModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int ChartSeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QHash<int, QByteArray> ChartSeriesModel::roleNames() const
{
    return {{NameRole, "name"},     {SeriesColorRole, "seriesColor"}, {FeedIdRole, "feedId"},
            {SymbolRole, "symbol"}, {FieldRole, "field"},             {RetainedRole, "retained"}};
}

QString ChartSeriesModel::nameAt(int row) const
{
    const store::SeriesKey &k = m_entries.at(row).key;
    const QString feed = m_feedNames.value(k.feedId, k.feedId);
    return QStringLiteral("%1 · %2 · %3").arg(feed, k.symbol, k.field);
}

QVariant ChartSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return nameAt(index.row());
    case SeriesColorRole: return e.colour;
    case FeedIdRole: return e.key.feedId;
    case SymbolRole: return e.key.symbol;
    case FieldRole: return e.key.field;
    case RetainedRole: return QVariant::fromValue(e.retained);
    default: return {};
    }
}

int ChartSeriesModel::indexOf(const store::SeriesKey &key) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).key == key)
            return i;
    return -1;
}

void ChartSeriesModel::append(const Entry &entry)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
    emit countChanged();
}

void ChartSeriesModel::remove(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    emit countChanged();
}

void ChartSeriesModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
    emit countChanged();
}

void ChartSeriesModel::setRetained(const QList<qint64> &retainedPerRow)
{
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_entries.size() && i < retainedPerRow.size(); ++i) {
        if (m_entries[i].retained == retainedPerRow.at(i))
            continue;
        m_entries[i].retained = retainedPerRow.at(i);
        first = first < 0 ? i : first;
        last = i;
    }
    if (first >= 0)
        emit dataChanged(index(first), index(last), {RetainedRole});
}

void ChartSeriesModel::setFeedNames(const QHash<QString, QString> &names)
{
    if (names == m_feedNames)
        return;
    m_feedNames = names;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0), index(int(m_entries.size()) - 1), {NameRole, Qt::DisplayRole});
}

} // namespace feeddeck::app
