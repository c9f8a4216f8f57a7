#include "app/tables/SparklineSource.h"

#include "app/display/DisplayClock.h"
#include "app/tables/QuoteTableModel.h"
#include "core/data/Update.h"
#include "core/feed/FeedManager.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace feeddeck::app::tables {

SparklineSource::SparklineSource(feed::FeedManager &feeds, display::DisplayClock &clock, QuoteTableModel &quotes,
                                 QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
    , m_quotes(quotes)
{
    connect(&clock, &display::DisplayClock::frame, this, &SparklineSource::onFrame);
    setRows(nullptr);
}

void SparklineSource::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    markDirty(); // back on screen: the lines catch up at once
    emit activeChanged();
}

void SparklineSource::setMinutes(int minutes)
{
    if (minutes == m_minutes || !minuteChoices().contains(minutes))
        return;
    m_minutes = minutes;
    markDirty();
    emit minutesChanged();
}

void SparklineSource::setRows(QAbstractItemModel *rows)
{
    QAbstractItemModel *target = rows ? rows : &m_quotes;
    if (m_rows == target)
        return;
    for (const QMetaObject::Connection &c : std::as_const(m_rowsConnections))
        disconnect(c);
    m_rowsConnections.clear();
    m_rows = target;
    // New rows, or rows gone: the rows in view may be others. (Reordering is left to the
    // next regular refresh, so a table sorted by a moving column does not ask every frame.)
    m_rowsConnections = {connect(target, &QAbstractItemModel::rowsInserted, this, &SparklineSource::markDirty),
                         connect(target, &QAbstractItemModel::rowsRemoved, this, &SparklineSource::markDirty),
                         connect(target, &QAbstractItemModel::modelReset, this, &SparklineSource::markDirty)};
    markDirty();
    emit rowsChanged();
}

void SparklineSource::setFirstRow(int row)
{
    row = std::max(0, row);
    if (row == m_firstRow)
        return;
    m_firstRow = row;
    markDirty();
    emit rowRangeChanged();
}

void SparklineSource::setLastRow(int row)
{
    if (row == m_lastRow)
        return;
    m_lastRow = row;
    markDirty();
    emit rowRangeChanged();
}

void SparklineSource::markDirty()
{
    m_dirty = true;
}

QList<store::SeriesKey> SparklineSource::keysInView() const
{
    QList<store::SeriesKey> keys;
    if (!m_rows)
        return keys;
    const int count = m_rows->rowCount();
    const int last = std::min({m_lastRow < 0 ? count - 1 : m_lastRow, count - 1, m_firstRow + kMaxRows - 1});
    QSet<QPair<QString, QString>> seen;
    for (int r = m_firstRow; r <= last; ++r) {
        const QModelIndex index = m_rows->index(r, 0);
        const QString feedId = index.data(QuoteTableModel::FeedIdRole).toString();
        const QString symbol = index.data(QuoteTableModel::SymbolRole).toString();
        if (feedId.isEmpty() || symbol.isEmpty() || seen.contains({feedId, symbol}))
            continue;
        seen.insert({feedId, symbol});
        keys.append({.feedId = feedId, .symbol = symbol, .field = data::fields::kPrice});
    }
    return keys;
}

void SparklineSource::onFrame()
{
    if (!m_active || m_inFlight)
        return;
    if (m_sinceRequest.isValid() && !m_sinceRequest.hasExpired(m_dirty ? kSoonMs : kRefreshMs))
        return;
    const QList<store::SeriesKey> keys = keysInView();
    m_dirty = false;
    m_sinceRequest.start();
    if (keys.isEmpty()) {
        m_quotes.setSparklines({});
        return;
    }
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = toMs - qint64(m_minutes) * 60'000;
    QList<feed::SeriesQuery> queries;
    queries.reserve(keys.size());
    for (const store::SeriesKey &key : keys)
        queries.append({.key = key, .fromMs = fromMs, .toMs = toMs, .columns = kColumns});
    m_inFlight = true;
    ++m_requests;
    emit requested(int(queries.size()));
    m_feeds.requestSeries(queries, [self = QPointer<SparklineSource>(this), fromMs](const feed::SeriesSlices &s) {
        if (self)
            self->onSlices(s, fromMs);
    });
}

void SparklineSource::onSlices(const feed::SeriesSlices &slices, qint64 fromMs)
{
    m_inFlight = false;
    QuoteTableModel::Sparklines lines;
    if (slices) {
        lines.reserve(slices->size());
        for (const feed::SeriesSlice &slice : *slices) {
            const bool anyValue = std::any_of(slice.points.cbegin(), slice.points.cend(),
                                              [](const store::Point &p) { return !std::isnan(p.v); });
            if (!anyValue)
                continue; // no history yet: no line at all, not a flat one
            QList<QPointF> line;
            line.reserve(slice.points.size());
            const double span = double(slice.toMs - fromMs);
            // The point before the window held at its start, the one after it (arrived while
            // asking) is the window's end.
            for (const store::Point &p : slice.points)
                line.append(QPointF(std::clamp(double(p.t - fromMs), 0.0, span), p.v));
            lines.insert({slice.key.feedId, slice.key.symbol}, std::move(line));
        }
    }
    m_quotes.setSparklines(std::move(lines));
    emit refreshed();
}

} // namespace feeddeck::app::tables
