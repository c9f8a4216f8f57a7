#include "app/FeedStatusModel.h"

#include <QDateTime>

namespace feeddeck::app {

FeedStatusModel::FeedStatusModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        m_nowMs = QDateTime::currentMSecsSinceEpoch();
        if (!m_feeds.isEmpty())
            emit dataChanged(index(0), index(int(m_feeds.size()) - 1), {StateTextRole});
        emit summaryChanged();
    });
    m_clock.start();
}

int FeedStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_feeds.size());
}

QHash<int, QByteArray> FeedStatusModel::roleNames() const
{
    return {{FeedIdRole, "feedId"},     {NameRole, "name"},         {StateRole, "state"},
            {StateTextRole, "stateText"}, {MessagesRole, "messages"}, {LastErrorRole, "lastError"}};
}

QString FeedStatusModel::stateText(const feed::FeedStatus &status) const
{
    const qint64 since = std::max<qint64>(0, m_nowMs - status.stateSinceMs) / 1000;
    switch (status.state) {
    case feed::FeedState::Disabled: return tr("disabled");
    case feed::FeedState::Connecting: return tr("connecting");
    case feed::FeedState::Subscribing: return tr("subscribing");
    case feed::FeedState::Live: return tr("live");
    case feed::FeedState::Stale: return tr("stale for %1 s").arg(since);
    case feed::FeedState::Backoff: {
        const qint64 left = std::max<qint64>(0, status.retryAtMs - m_nowMs);
        return tr("reconnecting in %1 s").arg((left + 999) / 1000);
    }
    case feed::FeedState::Failed: return tr("failed: %1").arg(status.lastError);
    }
    return {};
}

QVariant FeedStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const feed::FeedStatus &s = m_feeds.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return s.name;
    case FeedIdRole: return s.id;
    case StateRole: return feed::stateName(s.state);
    case StateTextRole: return stateText(s);
    case MessagesRole: return QVariant::fromValue(qulonglong(s.counters.messages));
    case LastErrorRole: return s.lastError;
    default: return {};
    }
}

QString FeedStatusModel::summary() const
{
    if (m_feeds.isEmpty())
        return tr("No feeds configured");
    int live = 0;
    for (const feed::FeedStatus &s : m_feeds)
        live += s.state == feed::FeedState::Live ? 1 : 0;
    return tr("%1 of %2 feeds live").arg(live).arg(m_feeds.size());
}

void FeedStatusModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;
    if (batch->feeds.size() != m_feeds.size()) {
        beginResetModel();
        m_feeds = batch->feeds;
        endResetModel();
    } else {
        m_feeds = batch->feeds;
        if (!m_feeds.isEmpty())
            emit dataChanged(index(0), index(int(m_feeds.size()) - 1));
    }
    emit summaryChanged();
}

} // namespace feeddeck::app
