#pragma once

#include "core/feed/EngineBatch.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::health {

// One row per feed: its state in plain words ("live", "stale for 12 s", "reconnecting
// in 3 s", "failed: ...", for a nats feed "relay live · upstream Coinbase reconnecting in 3 s"),
// message rate, last message age, reconnects and error counts.
class FeedStatusModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedStatusModel is provided by the application")
    Q_PROPERTY(QString summary READ summary NOTIFY summaryChanged)
    Q_PROPERTY(int count READ count NOTIFY summaryChanged)

public:
    enum Role {
        FeedIdRole = Qt::UserRole + 1,
        NameRole,
        StateRole,          // "live", "stale", "backoff", ... (for colours)
        StateTextRole,      // plain words for people
        MessagesRole,
        MessagesPerSecondRole,
        LastMessageRole,    // "last message 3 s ago", or "no message yet"
        ReconnectsRole,
        BadMessagesRole,
        OversizeRole,
        LastErrorRole,
        RejectedRole,       // "FOO-USD: not a valid product; ..." or empty
        AttemptsRole,       // connection attempts since the start
        HealthRole,         // "ok", "retrying" (warning colour) or "failing" (error colour)
        RoundTripRole,      // "rtt 12 ms" (the median over the last minute), or empty before the first pong
        SubprotocolRole,    // the subprotocol the server chose, or empty
        RelayRole,          // a feed behind a relay: the name of the nats feed it arrives through, else empty
    };
    Q_ENUM(Role)

    explicit FeedStatusModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString summary() const;
    [[nodiscard]] int count() const { return int(m_feeds.size()); }
    void applyBatch(const feed::EngineBatchPtr &batch);
    // The latest status of one feed, or nullptr when the engine does not run it.
    [[nodiscard]] const feed::FeedStatus *statusOf(const QString &feedId) const;
    [[nodiscard]] QString stateText(const feed::FeedStatus &status) const;

signals:
    void summaryChanged();

private:
    struct Rate
    {
        quint64 messages = 0;
        qint64 atMs = 0;
        double perSecond = 0.0;
    };

    void refreshAll();
    // "live", "stale for 12 s", "reconnecting in 3 s", ... of one state.
    [[nodiscard]] QString plainState(feed::FeedState state, qint64 sinceMs, qint64 retryAtMs,
                                     const QString &lastError) const;

    QList<feed::FeedStatus> m_feeds;
    QList<Rate> m_rates;
    qint64 m_nowMs = 0;
    QTimer m_clock; // countdowns and ages move every second
};

} // namespace feeddeck::app::health
