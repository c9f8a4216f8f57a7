#pragma once

#include "core/feed/EngineBatch.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app {

// Latest quotes, one row per (feed, symbol), fed by the engine's conflated batches.
// A batch touches only the rows it carries: new rows are inserted as one range and
// changed rows are announced with one dataChanged per contiguous range.
class QuoteTableModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("QuoteTableModel is provided by the application")
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowCountChanged)

public:
    enum Column { FeedColumn, SymbolColumn, PriceColumn, BidColumn, AskColumn, ChangeColumn, AgeColumn, StatusColumn,
                  ColumnCount };
    Q_ENUM(Column)

    enum Role {
        NumericRole = Qt::UserRole + 1, // right-align numbers
        StatusRole,                     // "live", "stale", "disconnected", "no data"
        DirectionRole,                  // +1 the price rose in the last change, -1 fell, 0 unchanged
    };

    explicit QuoteTableModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void applyBatch(const feed::EngineBatchPtr &batch);

signals:
    void rowCountChanged();

private:
    struct Row
    {
        QString feedId;
        QString feedName;
        store::Quote quote;
        int direction = 0;
    };

    [[nodiscard]] int rowCountProperty() const { return int(m_rows.size()); }
    [[nodiscard]] QString statusOf(const Row &row) const;
    [[nodiscard]] QString cellText(const Row &row, int column) const;
    void emitChangedRanges(QList<int> rows);

    QList<Row> m_rows;
    QHash<QPair<QString, QString>, int> m_index;   // (feed id, symbol) -> row
    QHash<QString, feed::FeedState> m_feedStates;  // feed id -> state
    QHash<QString, QString> m_feedNames;
    qint64 m_nowMs = 0;
    QTimer m_ageTimer; // ages move every second even when no data arrives
};

} // namespace feeddeck::app
