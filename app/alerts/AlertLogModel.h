#pragma once

#include "core/alert/FiredAlert.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::alerts {

// The alert log as the window lists it: newest first, at most maxEntries (the oldest go
// first), and how many arrived since the user last looked (the Alerts tab's badge).
class AlertLogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertLogModel is provided by the application")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int unreadCount READ unreadCount NOTIFY unreadCountChanged)

public:
    enum Role {
        TimeRole = Qt::UserRole + 1,
        RuleRole,
        FeedRole,
        SymbolRole,
        FieldRole,
        ValueRole,
        SeverityRole,
        NoteRole,
    };

    explicit AlertLogModel(int maxEntries, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int count() const { return int(m_alerts.size()); }
    [[nodiscard]] int unreadCount() const noexcept { return m_unread; }
    // Newest first.
    [[nodiscard]] const QList<alert::FiredAlert> &alerts() const noexcept { return m_alerts; }

    // What the log kept from earlier runs (oldest first): replaces the rows, nothing unread.
    void reset(const QList<alert::FiredAlert> &oldestFirst);
    // New alerts (oldest first) go on top, unread.
    void add(const QList<alert::FiredAlert> &oldestFirst);
    void clear();
    Q_INVOKABLE void markAllRead();

signals:
    void countChanged();
    void unreadCountChanged();

private:
    void dropOldestBeyond(qsizetype keep);

    QList<alert::FiredAlert> m_alerts; // newest first
    int m_maxEntries;
    int m_unread = 0;
};

} // namespace feeddeck::app::alerts
