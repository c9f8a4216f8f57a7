#pragma once

#include "app/tables/AlertFlash.h"
#include "core/feed/EngineBatch.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feeddeck::app::tables {

// Latest quotes, one row per (feed, symbol), fed by the engine's conflated batches.
// A batch touches only the rows it carries: new rows are inserted as one range and
// changed rows are announced with one dataChanged per contiguous range, carrying
// only the roles that move on a tick.
class QuoteTableModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("QuoteTableModel is provided by the application")
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowCountChanged)

public:
    enum Column {
        FeedColumn,
        SymbolColumn,
        PriceColumn,
        ChangeColumn,    // since the first price of this session (store::Quote::sessionOpen)
        ChangePctColumn,
        Change24hPctColumn, // the venue's 24 h change (change_pct)
        TrendColumn,     // the price over the last minutes, as a small line (SparklineRole)
        BidColumn,
        AskColumn,
        SpreadColumn,
        VolumeColumn,    // 24 h volume
        AgeColumn,       // time since the last update
        StatusColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // numbers as numbers, so sorting is numeric
        NumericRole,                 // right-align
        StatusRole,                  // "live", "stale", "disconnected", "no data"
        DirectionRole,               // +1 / -1: the last price move (price) or the sign (changes); 0 otherwise
        FlashRole,                   // increments on every price change of the row: the view flashes on it
        FeedIdRole,
        SymbolRole,
        MarketRole,                  // the row carries a price, bid or ask (stock rows do not)
        AlertFlashRole,              // increments when an alert rule fires on the row: the whole row flashes
        AlertSeverityRole,           // the severity of the row's latest alert ("info", "warning", "critical")
        SparklineRole,               // TrendColumn: the row's recent prices as QList<QPointF> (x = ms into
                                     // the window, y = price, NaN = a gap); empty without history
    };
    Q_ENUM(Role)

    explicit QuoteTableModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void applyBatch(const feed::EngineBatchPtr &batch);

    // The clock ages are measured against; the model refreshes it every second.
    void setNow(qint64 nowMs);

    // Trend lines by (feed id, symbol), replacing the previous set (SparklineSource's answer):
    // one dataChanged over the trend column. Rows not in the set show no line.
    using Sparklines = QHash<QPair<QString, QString>, QList<QPointF>>;
    void setSparklines(Sparklines lines);

signals:
    void rowCountChanged();

private:
    struct Row
    {
        QString feedId;
        QString feedName;
        store::Quote quote;
        int decimals = 0;                  // fixed per instrument; only grows, so columns do not jitter
        int direction = 0;
        int flash = 0;
        AlertFlash alertFlash {};
    };

    [[nodiscard]] int rowCountProperty() const { return int(m_rows.size()); }
    [[nodiscard]] QString statusOf(const Row &row) const;
    [[nodiscard]] std::optional<double> valueAt(const Row &row, int column) const;
    [[nodiscard]] QString textAt(const Row &row, int column) const;
    void absorb(Row &row, const store::Quote &quote);
    void emitChangedRanges(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles);
    // The rows the batch's alerts fired on flash, in the colour of the alert's severity.
    void flashAlertedRows(const QList<alert::FiredAlert> &alerts);
    // A row with no value yet: waiting for its first one, or about to take it from an update.
    [[nodiscard]] Row emptyRow(const QString &feedId, const QString &symbol) const;
    [[nodiscard]] static bool isWaiting(const Row &row) { return row.quote.receivedMs == data::kNoTime; }
    // Rows for subscribed symbols without a value yet ("waiting"), and away with those no
    // longer waiting for anything (unsubscribed, or their values came under other rows).
    void syncWaitingRows(const QList<feed::FeedStatus> &feeds);
    void reindex();

    QList<Row> m_rows;
    QHash<QPair<QString, QString>, int> m_index;   // (feed id, symbol) -> row
    QHash<QString, feed::RowStatus> m_rowStatus;   // feed id -> the status of its rows
    QHash<QString, QString> m_feedNames;
    Sparklines m_sparklines; // bounded by what SparklineSource asks for (its visible rows)
    qint64 m_nowMs = 0;
    QTimer m_ageTimer; // ages move every second even when no data arrives
};

} // namespace feeddeck::app::tables
