#include "app/health/FeedStatusModel.h"

#include "app/display/NumberDisplay.h"

#include <QDateTime>

namespace feeddeck::app::health {

FeedStatusModel::FeedStatusModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        m_nowMs = QDateTime::currentMSecsSinceEpoch();
        refreshAll();
    });
    m_clock.start();
}

int FeedStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_feeds.size());
}

QHash<int, QByteArray> FeedStatusModel::roleNames() const
{
    return {{FeedIdRole, "feedId"},         {NameRole, "name"},
            {StateRole, "state"},           {StateTextRole, "stateText"},
            {MessagesRole, "messages"},     {MessagesPerSecondRole, "messagesPerSecond"},
            {LastMessageRole, "lastMessage"}, {ReconnectsRole, "reconnects"},
            {BadMessagesRole, "badMessages"}, {OversizeRole, "oversize"},
            {LastErrorRole, "lastError"},   {RejectedRole, "rejected"},
            {AttemptsRole, "attempts"},     {HealthRole, "health"}, {RoundTripRole, "roundTrip"}, {SubprotocolRole, "subprotocol"},
            {RelayRole, "relay"}};
}

QString FeedStatusModel::plainState(feed::FeedState state, qint64 sinceMs, qint64 retryAtMs,
                                    const QString &lastError) const
{
    switch (state) {
    case feed::FeedState::Disabled: return tr("disabled");
    case feed::FeedState::Connecting: return tr("connecting");
    case feed::FeedState::Subscribing: return tr("subscribing");
    case feed::FeedState::Live: return tr("live");
    case feed::FeedState::Stale: return tr("stale for %1 s").arg(std::max<qint64>(0, m_nowMs - sinceMs) / 1000);
    case feed::FeedState::Backoff: {
        const qint64 left = std::max<qint64>(0, retryAtMs - m_nowMs);
        return tr("reconnecting in %1 s").arg((left + 999) / 1000);
    }
    case feed::FeedState::Failed: return tr("failed: %1").arg(lastError);
    }
    return {};
}

QString FeedStatusModel::stateText(const feed::FeedStatus &status) const
{
    const QString own = plainState(status.state, status.stateSinceMs, status.retryAtMs, status.lastError);
    if (status.upstreams.isEmpty())
        return own;
    // A nats feed: its own connection, then what the relay says of its upstream feeds (only
    // while the relay is heard: otherwise those reports are old news).
    const QString relay = tr("relay %1").arg(own);
    if (status.state != feed::FeedState::Live)
        return relay;
    QStringList troubled;
    for (const feed::UpstreamStatus &upstream : status.upstreams)
        if (upstream.state != feed::FeedState::Live)
            troubled.append(tr("upstream %1 %2")
                                .arg(upstream.name.isEmpty() ? upstream.feedId : upstream.name,
                                     plainState(upstream.state, upstream.stateSinceMs, upstream.retryAtMs,
                                                upstream.lastError)));
    if (!troubled.isEmpty())
        return relay + QStringLiteral(" · ") + troubled.join(QStringLiteral(" · "));
    if (status.upstreams.size() == 1) {
        const feed::UpstreamStatus &only = status.upstreams.constFirst();
        return tr("%1 · upstream %2 live").arg(relay, only.name.isEmpty() ? only.feedId : only.name);
    }
    return tr("%1 · %2 upstreams live").arg(relay).arg(status.upstreams.size());
}

QVariant FeedStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const feed::FeedStatus &s = m_feeds.at(index.row());
    const feed::FeedCounters &c = s.counters;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return s.name;
    case FeedIdRole: return s.id;
    case StateRole: return feed::stateName(s.state);
    case StateTextRole: return stateText(s);
    case MessagesRole: return double(c.messages);
    case MessagesPerSecondRole: return m_rates.at(index.row()).perSecond;
    case LastMessageRole: {
        if (c.lastMessageMs < 0)
            return tr("no message yet");
        const qint64 age = std::max<qint64>(0, m_nowMs - c.lastMessageMs);
        return age < 1000 ? tr("last message just now") : tr("last message %1 ago").arg(display::age(age));
    }
    case ReconnectsRole: return int(c.connects > 0 ? c.connects - 1 : 0);
    case BadMessagesRole: return double(c.badMessages);
    case OversizeRole: return double(c.oversize);
    case LastErrorRole: return s.lastError;
    case RejectedRole: {
        QStringList parts;
        for (auto it = s.rejectedSymbols.cbegin(); it != s.rejectedSymbols.cend(); ++it)
            parts.append(QStringLiteral("%1: %2").arg(it.key(), it.value()));
        return parts.join(QStringLiteral("; "));
    }
    case AttemptsRole: return double(c.attempts);
    case SubprotocolRole: return s.subprotocol;
    case RelayRole: {
        if (s.relayFeedId.isEmpty())
            return QString();
        const feed::FeedStatus *relay = statusOf(s.relayFeedId);
        return relay ? relay->name : s.relayFeedId;
    }
    case RoundTripRole: {
        const QString rtt = display::roundTrip(s.rttMedianMs);
        return rtt.isEmpty() ? QString() : tr("rtt %1").arg(rtt);
    }
    case HealthRole:
        if (feed::isFailing(s))
            return QStringLiteral("failing");
        return s.state == feed::FeedState::Backoff || s.failedAttemptsInARow > 0 ? QStringLiteral("retrying")
                                                                                   : QStringLiteral("ok");
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

void FeedStatusModel::refreshAll()
{
    if (!m_feeds.isEmpty())
        emit dataChanged(index(0), index(int(m_feeds.size()) - 1));
    emit summaryChanged();
}

const feed::FeedStatus *FeedStatusModel::statusOf(const QString &feedId) const
{
    for (const feed::FeedStatus &status : m_feeds)
        if (status.id == feedId)
            return &status;
    return nullptr;
}

void FeedStatusModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;
    const bool sameFeeds = batch->feeds.size() == m_feeds.size()
        && std::equal(batch->feeds.cbegin(), batch->feeds.cend(), m_feeds.cbegin(),
                      [](const feed::FeedStatus &a, const feed::FeedStatus &b) { return a.id == b.id; });
    if (!sameFeeds) {
        beginResetModel();
        m_feeds = batch->feeds;
        m_rates = QList<Rate>(m_feeds.size());
        for (qsizetype i = 0; i < m_feeds.size(); ++i)
            m_rates[i] = Rate{m_feeds.at(i).counters.messages, m_nowMs, 0.0};
        endResetModel();
        emit summaryChanged();
        return;
    }
    m_feeds = batch->feeds;
    // Rates over windows of at least a second, so the number is readable rather than jumpy.
    for (qsizetype i = 0; i < m_feeds.size(); ++i) {
        Rate &rate = m_rates[i];
        const qint64 elapsed = m_nowMs - rate.atMs;
        if (elapsed >= 1000) {
            rate.perSecond = double(m_feeds.at(i).counters.messages - rate.messages) * 1000.0 / double(elapsed);
            rate.messages = m_feeds.at(i).counters.messages;
            rate.atMs = m_nowMs;
        }
    }
    refreshAll();
}

} // namespace feeddeck::app::health
