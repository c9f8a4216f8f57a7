#include "app/QuoteTableModel.h"

#include "core/export/Format.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <optional>

namespace feeddeck::app {

namespace {

std::optional<double> fieldValue(const store::Quote &quote, const QString &field)
{
    for (const store::FieldValue &f : quote.fields)
        if (f.name == field)
            return f.value;
    return std::nullopt;
}

QString number(const store::Quote &quote, const QString &field)
{
    const std::optional<double> value = fieldValue(quote, field);
    return value ? QString::fromLatin1(exporting::formatNumber(*value)) : QString();
}

QString ageText(qint64 ageMs)
{
    if (ageMs < 1000)
        return QStringLiteral("now");
    if (ageMs < 60'000)
        return QStringLiteral("%1 s").arg(ageMs / 1000);
    if (ageMs < 3'600'000)
        return QStringLiteral("%1 min").arg(ageMs / 60'000);
    return QStringLiteral("%1 h").arg(ageMs / 3'600'000);
}

} // namespace

QuoteTableModel::QuoteTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, [this] {
        m_nowMs = QDateTime::currentMSecsSinceEpoch();
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn), {Qt::DisplayRole});
    });
    m_ageTimer.start();
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
    return {{Qt::DisplayRole, "display"}, {NumericRole, "numeric"}, {StatusRole, "status"}, {DirectionRole, "direction"}};
}

QVariant QuoteTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FeedColumn: return tr("Feed");
    case SymbolColumn: return tr("Symbol");
    case PriceColumn: return tr("Price");
    case BidColumn: return tr("Bid");
    case AskColumn: return tr("Ask");
    case ChangeColumn: return tr("Change 24h %");
    case AgeColumn: return tr("Updated");
    case StatusColumn: return tr("Status");
    default: return {};
    }
}

QString QuoteTableModel::statusOf(const Row &row) const
{
    switch (m_feedStates.value(row.feedId, feed::FeedState::Disabled)) {
    case feed::FeedState::Live:
        return QStringLiteral("live");
    case feed::FeedState::Stale:
    case feed::FeedState::Subscribing:
        return QStringLiteral("stale");
    default:
        return QStringLiteral("disconnected");
    }
}

QString QuoteTableModel::cellText(const Row &row, int column) const
{
    switch (column) {
    case FeedColumn: return row.feedName;
    case SymbolColumn: return row.quote.symbol;
    case PriceColumn: return number(row.quote, store::fields::kPrice);
    case BidColumn: return number(row.quote, store::fields::kBid);
    case AskColumn: return number(row.quote, store::fields::kAsk);
    case ChangeColumn: {
        const std::optional<double> change = fieldValue(row.quote, store::fields::kChangePct);
        return change ? QString::number(*change, 'f', 2) : QString(); // QString::number ignores the locale
    }
    case AgeColumn:
        return row.quote.receivedMs == store::kNoTime ? QString() : ageText(std::max<qint64>(0, m_nowMs - row.quote.receivedMs));
    case StatusColumn: return statusOf(row);
    default: return {};
    }
}

QVariant QuoteTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case NumericRole:
        return index.column() >= PriceColumn && index.column() <= AgeColumn;
    case StatusRole:
        return statusOf(row);
    case DirectionRole:
        return index.column() == PriceColumn ? row.direction : 0;
    default:
        return {};
    }
}

void QuoteTableModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    m_nowMs = batch->atMs;
    QList<int> changed;

    // Feed states decide every row's status column.
    QSet<QString> feedsChanged;
    for (const feed::FeedStatus &status : batch->feeds) {
        if (m_feedStates.value(status.id, feed::FeedState::Disabled) != status.state || !m_feedStates.contains(status.id))
            feedsChanged.insert(status.id);
        m_feedStates.insert(status.id, status.state);
        m_feedNames.insert(status.id, status.name);
    }

    if (batch->resetRows) {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        for (const feed::RowUpdate &u : batch->rows) {
            m_index.insert({u.feedId, u.quote.symbol}, int(m_rows.size()));
            m_rows.append(Row{u.feedId, m_feedNames.value(u.feedId, u.feedId), u.quote, 0});
        }
        endResetModel();
        emit rowCountChanged();
        return;
    }

    QList<const feed::RowUpdate *> added;
    for (const feed::RowUpdate &u : batch->rows) {
        const auto it = m_index.constFind({u.feedId, u.quote.symbol});
        if (it == m_index.cend()) {
            added.append(&u);
            continue;
        }
        Row &row = m_rows[*it];
        const std::optional<double> previous = fieldValue(row.quote, store::fields::kPrice);
        row.quote = u.quote;
        const std::optional<double> current = fieldValue(row.quote, store::fields::kPrice);
        if (previous && current && *current != *previous)
            row.direction = *current > *previous ? 1 : -1;
        changed.append(*it);
    }
    for (int r = 0; r < m_rows.size(); ++r)
        if (feedsChanged.contains(m_rows.at(r).feedId))
            changed.append(r);
    emitChangedRanges(std::move(changed));

    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const feed::RowUpdate *u : std::as_const(added)) {
            m_index.insert({u->feedId, u->quote.symbol}, int(m_rows.size()));
            m_rows.append(Row{u->feedId, m_feedNames.value(u->feedId, u->feedId), u->quote, 0});
        }
        endInsertRows();
        emit rowCountChanged();
    }
}

void QuoteTableModel::emitChangedRanges(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    int start = rows.first();
    int previous = start;
    auto flush = [this](int first, int last) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1), {Qt::DisplayRole, StatusRole, DirectionRole});
    };
    for (int i = 1; i < rows.size(); ++i) {
        if (rows.at(i) != previous + 1) {
            flush(start, previous);
            start = rows.at(i);
        }
        previous = rows.at(i);
    }
    flush(start, previous);
}

} // namespace feeddeck::app
