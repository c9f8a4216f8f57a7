#pragma once

#include "core/feed/EngineBatch.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app {

// One row per feed: its state in plain words ("live", "reconnecting in 3 s",
// "failed: ..."), message count and last error. Fed by the engine's batches.
class FeedStatusModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedStatusModel is provided by the application")
    Q_PROPERTY(QString summary READ summary NOTIFY summaryChanged)

public:
    enum Role {
        FeedIdRole = Qt::UserRole + 1,
        NameRole,
        StateRole,       // "live", "stale", "backoff", ... (for colours)
        StateTextRole,   // plain words for people
        MessagesRole,
        LastErrorRole,
    };

    explicit FeedStatusModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString summary() const;
    void applyBatch(const feed::EngineBatchPtr &batch);

signals:
    void summaryChanged();

private:
    [[nodiscard]] QString stateText(const feed::FeedStatus &status) const;

    QList<feed::FeedStatus> m_feeds;
    qint64 m_nowMs = 0;
    QTimer m_clock; // countdowns and "stale for N s" move every second
};

} // namespace feeddeck::app
