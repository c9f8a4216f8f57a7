#include "app/editor/FeedListModel.h"

#include "core/net/SecretMask.h"
#include "core/workspace/UrlTemplate.h"
#include "core/workspace/WorkspaceSerializer.h"

namespace feeddeck::app::editor {

namespace {

QStringList idsOf(const QList<workspace::FeedConfig> &feeds)
{
    QStringList ids;
    for (const workspace::FeedConfig &f : feeds)
        ids.append(f.id);
    return ids;
}

// The row at which `longer` has one id more than `shorter`, or -1 when they differ otherwise.
qsizetype extraRow(const QStringList &longer, const QStringList &shorter)
{
    if (longer.size() != shorter.size() + 1)
        return -1;
    qsizetype i = 0;
    while (i < shorter.size() && longer.at(i) == shorter.at(i))
        ++i;
    for (qsizetype j = i; j < shorter.size(); ++j)
        if (longer.at(j + 1) != shorter.at(j))
            return -1;
    return i;
}

} // namespace

FeedListModel::FeedListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int FeedListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_feeds.size());
}

QVariant FeedListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const workspace::FeedConfig &feed = m_feeds.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return feed.displayName();
    case FeedIdRole:
        return feed.id;
    case ProtocolRole:
        return feed.protocol;
    case ProtocolNameRole:
        return protocolName(feed.protocol);
    case UrlRole:
        return net::SecretMask::maskedAddress(workspace::templateText(feed.url)); // ${env:NAME} as written
    case EnabledRole:
        return feed.enabled;
    case SymbolCountRole:
        return int(feed.symbols.size());
    default:
        return {};
    }
}

QHash<int, QByteArray> FeedListModel::roleNames() const
{
    return {{FeedIdRole, "feedId"},     {NameRole, "name"},       {ProtocolRole, "protocol"},
            {ProtocolNameRole, "protocolName"}, {UrlRole, "url"}, {EnabledRole, "feedEnabled"},
            {SymbolCountRole, "symbolCount"}};
}

QString FeedListModel::idAt(int row) const
{
    return row >= 0 && row < m_feeds.size() ? m_feeds.at(row).id : QString();
}

int FeedListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_feeds.size(); ++row)
        if (m_feeds.at(row).id == id)
            return row;
    return -1;
}

QString FeedListModel::protocolName(const QString &protocol)
{
    if (protocol == QLatin1String("coinbase"))
        return QStringLiteral("Coinbase");
    if (protocol == QLatin1String("binance"))
        return QStringLiteral("Binance");
    if (protocol == QLatin1String("json"))
        return QStringLiteral("JSON mapping");
    return protocol;
}

void FeedListModel::sync(const QList<workspace::FeedConfig> &feeds)
{
    const QStringList before = idsOf(m_feeds);
    const QStringList after = idsOf(feeds);
    if (before == after) {
        for (int row = 0; row < feeds.size(); ++row) {
            if (workspace::toJson(feeds.at(row)) != workspace::toJson(m_feeds.at(row))) {
                m_feeds[row] = feeds.at(row);
                emit dataChanged(index(row), index(row));
            }
        }
        return;
    }
    if (const qsizetype row = extraRow(after, before); row >= 0) {
        beginInsertRows({}, int(row), int(row));
        m_feeds = feeds;
        endInsertRows();
    } else if (const qsizetype gone = extraRow(before, after); gone >= 0) {
        beginRemoveRows({}, int(gone), int(gone));
        m_feeds = feeds;
        endRemoveRows();
    } else {
        beginResetModel();
        m_feeds = feeds;
        endResetModel();
    }
    emit countChanged();
}

} // namespace feeddeck::app::editor
