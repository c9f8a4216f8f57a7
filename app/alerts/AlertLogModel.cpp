#include "app/alerts/AlertLogModel.h"

#include "app/alerts/AlertText.h"

#include <algorithm>
#include <utility>

namespace feeddeck::app::alerts {

AlertLogModel::AlertLogModel(int maxEntries, QObject *parent)
    : QAbstractListModel(parent)
    , m_maxEntries(std::max(1, maxEntries))
{
}

int AlertLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

QVariant AlertLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const alert::FiredAlert &alert = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return summary(alert);
    case TimeRole:
        return localTime(alert.timeMs);
    case RuleRole:
        return alert.ruleId;
    case FeedRole:
        return alert.feed;
    case SymbolRole:
        return alert.symbol;
    case FieldRole:
        return alert.field;
    case ValueRole:
        return formattedValue(alert);
    case SeverityRole:
        return alert::severityName(alert.severity);
    case NoteRole:
        return alert.note;
    default:
        return {};
    }
}

QHash<int, QByteArray> AlertLogModel::roleNames() const
{
    return {{TimeRole, "time"},     {RuleRole, "rule"},   {FeedRole, "feed"},
            {SymbolRole, "symbol"}, {FieldRole, "field"}, {ValueRole, "value"},
            {SeverityRole, "severity"}, {NoteRole, "note"}};
}

void AlertLogModel::reset(const QList<alert::FiredAlert> &oldestFirst)
{
    const qsizetype keep = std::min<qsizetype>(oldestFirst.size(), m_maxEntries);
    beginResetModel();
    m_alerts.clear();
    m_alerts.reserve(keep);
    for (auto it = oldestFirst.crbegin(); it != oldestFirst.crbegin() + keep; ++it)
        m_alerts.append(*it);
    endResetModel();
    emit countChanged();
    if (std::exchange(m_unread, 0) != 0)
        emit unreadCountChanged();
}

void AlertLogModel::add(const QList<alert::FiredAlert> &oldestFirst)
{
    if (oldestFirst.isEmpty())
        return;
    // Beyond the bound only the newest count: the rest would go straight out again.
    const qsizetype added = std::min<qsizetype>(oldestFirst.size(), m_maxEntries);
    dropOldestBeyond(m_maxEntries - added);
    beginInsertRows({}, 0, int(added) - 1);
    QList<alert::FiredAlert> rows;
    rows.reserve(added + m_alerts.size());
    for (auto it = oldestFirst.crbegin(); it != oldestFirst.crbegin() + added; ++it)
        rows.append(*it);
    rows.append(m_alerts);
    m_alerts = std::move(rows);
    endInsertRows();
    emit countChanged();
    m_unread = int(std::min<qsizetype>(m_unread + oldestFirst.size(), m_alerts.size()));
    emit unreadCountChanged();
}

void AlertLogModel::clear()
{
    if (m_alerts.isEmpty())
        return;
    beginResetModel();
    m_alerts.clear();
    endResetModel();
    emit countChanged();
    markAllRead();
}

void AlertLogModel::markAllRead()
{
    if (std::exchange(m_unread, 0) != 0)
        emit unreadCountChanged();
}

void AlertLogModel::dropOldestBeyond(qsizetype keep)
{
    if (m_alerts.size() <= keep)
        return;
    beginRemoveRows({}, int(keep), int(m_alerts.size()) - 1);
    m_alerts.resize(keep);
    endRemoveRows();
}

} // namespace feeddeck::app::alerts
