#include "app/chart/ChartSeriesModel.h"

#include <QRegularExpression>

namespace feeddeck::app::chart {

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

QString ChartSeriesModel::quoteCurrency(const QString &symbol)
{
    static const QRegularExpression separated(QStringLiteral("^[A-Za-z0-9]+[-/_]([A-Za-z]{2,6})$"));
    if (const QRegularExpressionMatch m = separated.match(symbol); m.hasMatch())
        return m.captured(1).toUpper();
    // Joined pairs (Binance): the longest known quote currency the symbol ends with.
    static const QStringList known{QStringLiteral("FDUSD"), QStringLiteral("USDT"), QStringLiteral("USDC"),
                                   QStringLiteral("BUSD"), QStringLiteral("TUSD"), QStringLiteral("USD"),
                                   QStringLiteral("EUR"), QStringLiteral("GBP"), QStringLiteral("JPY"),
                                   QStringLiteral("TRY"), QStringLiteral("BRL"), QStringLiteral("BTC"),
                                   QStringLiteral("ETH"), QStringLiteral("BNB")};
    const QString upper = symbol.toUpper();
    for (const QString &quote : known)
        if (upper.size() > quote.size() + 1 && upper.endsWith(quote) && upper.at(0).isLetter())
            return quote;
    return {};
}

QString ChartSeriesModel::valueTitle() const
{
    static const QStringList priced{QStringLiteral("price"), QStringLiteral("bid"), QStringLiteral("ask"),
                                    QStringLiteral("open"), QStringLiteral("high"), QStringLiteral("low"),
                                    QStringLiteral("last")};
    QStringList fields;
    QStringList units;
    for (const Entry &e : m_entries) {
        if (!fields.contains(e.key.field))
            fields.append(e.key.field);
        const QString unit = priced.contains(e.key.field) ? quoteCurrency(e.key.symbol) : QString();
        if (!unit.isEmpty() && !units.contains(unit))
            units.append(unit);
    }
    QString title = fields.join(QStringLiteral(" / "));
    if (!units.isEmpty())
        title += QStringLiteral(" · ") + units.join(QStringLiteral(", "));
    return title;
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

} // namespace feeddeck::app::chart
