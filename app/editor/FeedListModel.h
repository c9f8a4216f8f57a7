#pragma once

#include "core/workspace/FeedConfig.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::editor {

// The configured feeds in workspace order, for the feeds editor's list. Owned and
// kept in step by WorkspaceDocument; rows are inserted, removed and changed one by
// one so the list keeps its selection.
class FeedListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedListModel belongs to WorkspaceDocument")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        FeedIdRole = Qt::UserRole + 1,
        NameRole,
        ProtocolRole,    // "coinbase", "binance", "json"
        ProtocolNameRole, // "Coinbase", "Binance", "JSON mapping"
        UrlRole,
        EnabledRole,
        SymbolCountRole,
    };
    Q_ENUM(Role)

    explicit FeedListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return int(m_feeds.size()); }

    Q_INVOKABLE QString idAt(int row) const;
    Q_INVOKABLE int rowOf(const QString &id) const;
    [[nodiscard]] static QString protocolName(const QString &protocol);

    // Brings the rows in line with `feeds` using the smallest change that gets there.
    void sync(const QList<workspace::FeedConfig> &feeds);

signals:
    void countChanged();

private:
    QList<workspace::FeedConfig> m_feeds;
};

} // namespace feeddeck::app::editor
