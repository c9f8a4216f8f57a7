#include "app/tables/QuoteTableModel.h"

#include "app/display/NumberDisplay.h"
#include "app/tables/RowStatusKey.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace feeddeck::app::tables {

namespace {

constexpr int kMaxDecimals = 8;

bool isNumericColumn(int column)
{
    return column >= QuoteTableModel::PriceColumn && column <= QuoteTableModel::AgeColumn
        && column != QuoteTableModel::TrendColumn;
}

} // namespace

QuoteTableModel::QuoteTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, [this] { setNow(QDateTime::currentMSecsSinceEpoch()); });
    m_ageTimer.start();
}

void QuoteTableModel::setNow(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn), {Qt::DisplayRole, SortRole});
}

void QuoteTableModel::setSparklines(Sparklines lines)
{
    if (lines.isEmpty() && m_sparklines.isEmpty())
        return;
    m_sparklines = std::move(lines);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, TrendColumn), index(int(m_rows.size()) - 1, TrendColumn), {SparklineRole});
}

int QuoteTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QuoteTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QHash<int, QByteArray> QuoteTableModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {SortRole, "sortValue"}, {NumericRole, "numeric"},
            {StatusRole, "status"},       {DirectionRole, "direction"}, {FlashRole, "flash"}, {AlertFlashRole, "alertFlash"}, {AlertSeverityRole, "alertSeverity"},
            {FeedIdRole, "feedId"},       {SymbolRole, "symbol"}, {MarketRole, "market"}, {SparklineRole, "sparkline"}};
}

QVariant QuoteTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FeedColumn: return tr("Feed");
    case SymbolColumn: return tr("Symbol");
    case PriceColumn: return tr("Price");
    case ChangeColumn: return tr("Chg (session)");
    case ChangePctColumn: return tr("Chg % (session)");
    case Change24hPctColumn: return tr("Chg % 24h");
    case TrendColumn: return tr("Trend");
    case BidColumn: return tr("Bid");
    case AskColumn: return tr("Ask");
    case SpreadColumn: return tr("Spread");
    case VolumeColumn: return tr("Volume 24h");
    case AgeColumn: return tr("Updated");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

QString QuoteTableModel::statusOf(const Row &row) const
{
    return rowStatusKey(isWaiting(row) ? feed::RowStatus::NoData
                                       : m_rowStatus.value(row.feedId, feed::RowStatus::Disconnected));
}

std::optional<double> QuoteTableModel::valueAt(const Row &row, int column) const
{
    const store::Quote &q = row.quote;
    switch (column) {
    case PriceColumn: return data::valueOf(q.fields, data::fields::kPrice);
    case BidColumn: return data::valueOf(q.fields, data::fields::kBid);
    case AskColumn: return data::valueOf(q.fields, data::fields::kAsk);
    case VolumeColumn: return data::valueOf(q.fields, data::fields::kVolume24h);
    case SpreadColumn: {
        const auto bid = data::valueOf(q.fields, data::fields::kBid);
        const auto ask = data::valueOf(q.fields, data::fields::kAsk);
        return bid && ask ? std::optional(*ask - *bid) : std::nullopt;
    }
    case ChangeColumn: return store::sessionChange(q.fields, q.sessionOpen).change;
    case ChangePctColumn: return store::sessionChange(q.fields, q.sessionOpen).percent;
    case Change24hPctColumn: return data::valueOf(q.fields, data::fields::kChangePct);
    case AgeColumn:
        if (q.receivedMs == data::kNoTime)
            return std::nullopt;
        return double(std::max<qint64>(0, m_nowMs - q.receivedMs));
    default:
        return std::nullopt;
    }
}

QString QuoteTableModel::textAt(const Row &row, int column) const
{
    switch (column) {
    case FeedColumn: return row.feedName;
    case SymbolColumn: return row.quote.symbol;
    case StatusColumn: return statusOf(row);
    default: break;
    }
    const std::optional<double> value = valueAt(row, column);
    if (!value)
        return {};
    switch (column) {
    case ChangeColumn: return (*value > 0 ? QStringLiteral("+") : QString()) + display::fixed(*value, row.decimals);
    case ChangePctColumn:
    case Change24hPctColumn: return (*value > 0 ? QStringLiteral("+") : QString()) + display::fixed(*value, 2) + u'%';
    case VolumeColumn: return display::compact(*value);
    case AgeColumn: return display::age(qint64(*value));
    default: return display::fixed(*value, row.decimals);
    }
}

QVariant QuoteTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return textAt(row, column);
    case SortRole:
        if (isNumericColumn(column)) // rows without a value sort below every number
            return valueAt(row, column).value_or(-std::numeric_limits<double>::infinity());
        return textAt(row, column);
    case NumericRole:
        return isNumericColumn(column);
    case StatusRole:
        return statusOf(row);
    case DirectionRole:
        if (column == PriceColumn)
            return row.direction;
        if (column == ChangeColumn || column == ChangePctColumn || column == Change24hPctColumn) {
            const double change = valueAt(row, column).value_or(0.0);
            return change > 0 ? 1 : change < 0 ? -1 : 0;
        }
        return 0;
    case FlashRole:
        return column == PriceColumn ? row.flash : 0;
    case AlertFlashRole:
        return row.alertFlash.count;
    case AlertSeverityRole:
        return row.alertFlash.severityName();
    case FeedIdRole:
        return row.feedId;
    case SymbolRole:
        return row.quote.symbol;
    case SparklineRole:
        if (column != TrendColumn)
            return {};
        return QVariant::fromValue(m_sparklines.value({row.feedId, row.quote.symbol}));
    case MarketRole: {
        if (isWaiting(row))
            return true; // only quote feeds have waiting rows
        const data::FieldList &f = row.quote.fields;
        return data::valueOf(f, data::fields::kPrice) || data::valueOf(f, data::fields::kBid)
            || data::valueOf(f, data::fields::kAsk);
    }
    default:
        return {};
    }
}

void QuoteTableModel::absorb(Row &row, const store::Quote &quote)
{
    const std::optional<double> previous = data::valueOf(row.quote.fields, data::fields::kPrice);
    row.quote = quote;
    const std::optional<double> price = data::valueOf(row.quote.fields, data::fields::kPrice);
    if (previous && price && *price != *previous) {
        row.direction = *price > *previous ? 1 : -1;
        ++row.flash;
    }
    for (const QString &field : {data::fields::kPrice, data::fields::kBid, data::fields::kAsk})
        if (const auto value = data::valueOf(row.quote.fields, field))
            row.decimals = std::max(row.decimals, std::min(kMaxDecimals, display::fractionDigits(*value)));
}

void QuoteTableModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;

    // A feed's row status decides its rows' status column.
    QSet<QString> feedsChanged;
    for (const feed::FeedStatus &status : batch->feeds) {
        const auto known = m_rowStatus.constFind(status.id);
        if (known == m_rowStatus.cend() || *known != status.rowStatus)
            feedsChanged.insert(status.id);
        m_rowStatus.insert(status.id, status.rowStatus);
        m_feedNames.insert(status.id, status.name);
    }

    if (batch->resetRows) {
        // Rows went away: keep what is known of the rows that stay (session open, decimals).
        QHash<QPair<QString, QString>, Row> previous;
        for (Row &row : m_rows)
            previous.insert({row.feedId, row.quote.symbol}, std::move(row));
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        for (const feed::RowUpdate &u : batch->rows) {
            Row row = previous.take({u.feedId, u.quote.symbol});
            row.feedId = u.feedId;
            row.feedName = m_feedNames.value(u.feedId, u.feedId);
            absorb(row, u.quote);
            m_index.insert({u.feedId, u.quote.symbol}, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
        endResetModel();
        emit rowCountChanged();
        syncWaitingRows(batch->feeds);
        flashAlertedRows(batch->alerts);
        return;
    }

    QList<int> changed;
    QList<int> statusRows; // rows whose status moved: their feed's state, or a first value
    QList<const feed::RowUpdate *> added;
    for (const feed::RowUpdate &u : batch->rows) {
        const auto it = m_index.constFind({u.feedId, u.quote.symbol});
        if (it == m_index.cend()) {
            added.append(&u);
            continue;
        }
        if (isWaiting(m_rows.at(*it)))
            statusRows.append(*it);
        absorb(m_rows[*it], u.quote);
        changed.append(*it);
    }
    emitChangedRanges(std::move(changed), PriceColumn, AgeColumn, {Qt::DisplayRole, SortRole, DirectionRole, FlashRole});

    for (int r = 0; r < m_rows.size(); ++r)
        if (feedsChanged.contains(m_rows.at(r).feedId))
            statusRows.append(r);
    emitChangedRanges(std::move(statusRows), FeedColumn, StatusColumn, {Qt::DisplayRole, SortRole, StatusRole});

    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const feed::RowUpdate *u : std::as_const(added)) {
            Row row = emptyRow(u->feedId, u->quote.symbol);
            absorb(row, u->quote);
            m_index.insert({u->feedId, u->quote.symbol}, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
        endInsertRows();
        emit rowCountChanged();
    }
    syncWaitingRows(batch->feeds);
    flashAlertedRows(batch->alerts);
}

void QuoteTableModel::flashAlertedRows(const QList<alert::FiredAlert> &alerts)
{
    QList<int> flashed = markAlertedRows(alerts, m_index, [this](int r) -> AlertFlash & {
        return m_rows[r].alertFlash;
    });
    emitChangedRanges(std::move(flashed), 0, ColumnCount - 1, {AlertFlashRole, AlertSeverityRole});
}

QuoteTableModel::Row QuoteTableModel::emptyRow(const QString &feedId, const QString &symbol) const
{
    Row row{.feedId = feedId, .feedName = m_feedNames.value(feedId, feedId), .quote = {},
            .decimals = 0, .direction = 0, .flash = 0};
    row.quote.symbol = symbol;
    return row;
}

void QuoteTableModel::syncWaitingRows(const QList<feed::FeedStatus> &feeds)
{
    QHash<QString, const QStringList *> waiting;
    for (const feed::FeedStatus &status : feeds)
        waiting.insert(status.id, &status.waitingSymbols);

    QList<int> stale;
    for (int r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows.at(r);
        const QStringList *symbols = waiting.value(row.feedId);
        if (isWaiting(row) && symbols && !symbols->contains(row.quote.symbol))
            stale.append(r);
    }
    if (!stale.isEmpty()) {
        for (auto it = stale.crbegin(); it != stale.crend(); ++it) {
            beginRemoveRows({}, *it, *it);
            m_rows.removeAt(*it);
            endRemoveRows();
        }
        reindex();
    }

    QList<Row> added;
    for (const feed::FeedStatus &status : feeds)
        for (const QString &symbol : status.waitingSymbols)
            if (!m_index.contains({status.id, symbol}))
                added.append(emptyRow(status.id, symbol));
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Row &row : added) {
            m_index.insert({row.feedId, row.quote.symbol}, int(m_rows.size()));
            m_rows.append(std::move(row));
        }
        endInsertRows();
    }
    if (!stale.isEmpty() || !added.isEmpty())
        emit rowCountChanged();
}

void QuoteTableModel::reindex()
{
    m_index.clear();
    for (int r = 0; r < m_rows.size(); ++r)
        m_index.insert({m_rows.at(r).feedId, m_rows.at(r).quote.symbol}, r);
}

void QuoteTableModel::emitChangedRanges(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    int start = rows.first();
    int previous = start;
    auto flush = [&](int first, int last) { emit dataChanged(index(first, firstColumn), index(last, lastColumn), roles); };
    for (int i = 1; i < rows.size(); ++i) {
        if (rows.at(i) != previous + 1) {
            flush(start, previous);
            start = rows.at(i);
        }
        previous = rows.at(i);
    }
    flush(start, previous);
}

} // namespace feeddeck::app::tables
