#include "core/store/QuoteStore.h"

#include "core/data/FieldName.h"

#include <QtGlobal>

#include <cmath>

namespace feeddeck::store {

namespace {

// Rows hold a handful of fields: a linear scan beats hashing. A feed's updates mostly carry
// the same fields in the same order as the first one that made the row, so the field at the
// same position is tried first.
void mergeFields(data::FieldList &into, const data::FieldList &from)
{
    for (qsizetype i = 0; i < from.size(); ++i) {
        const data::FieldValue &f = from[i];
        data::FieldValue *existing = i < into.size() && data::sameFieldName(into[i].name, f.name) ? &into[i] : nullptr;
        for (qsizetype j = 0; !existing && j < into.size(); ++j) {
            if (data::sameFieldName(into[j].name, f.name))
                existing = &into[j];
        }
        if (existing)
            existing->value = f.value;
        else
            into.append(f);
    }
}

} // namespace

QuoteStore::QuoteStore(int maxRowsPerFeed)
    : m_maxRowsPerFeed(qMax(1, maxRowsPerFeed))
{
}

QuoteStore::FeedRows &QuoteStore::feedRows(const QString &feedId)
{
    if (m_lastFeed.node && TextEqual{}(m_lastFeed.node->first, feedId))
        return m_lastFeed.node->second;
    auto feedIt = m_feeds.find(feedId);
    if (feedIt == m_feeds.end()) {
        feedIt = m_feeds.try_emplace(feedId).first;
        feedIt->second.maxRows = m_maxRowsPerFeed;
    }
    m_lastFeed.node = &*feedIt;
    return feedIt->second;
}

void QuoteStore::setMaxRows(const QString &feedId, int maxRows)
{
    feedRows(feedId).maxRows = qMax(1, maxRows);
}

int QuoteStore::maxRows(const QString &feedId) const
{
    const auto feed = m_feeds.find(feedId);
    return feed == m_feeds.end() ? m_maxRowsPerFeed : feed->second.maxRows;
}

ApplyResult QuoteStore::apply(const QString &feedId, const data::Update &u)
{
    FeedRows &feed = feedRows(feedId);

    ApplyResult result = ApplyResult::Updated;
    Quote *quote = nullptr;
    if (const auto found = feed.index.find(u.symbol); found != feed.index.end()) {
        quote = &feed.rows[std::size_t(found->second)];
    } else {
        if (feed.rows.size() >= std::size_t(feed.maxRows)) {
            ++feed.refused;
            return ApplyResult::Refused;
        }
        feed.index.emplace(u.symbol, int(feed.rows.size()));
        quote = &feed.rows.emplace_back();
        quote->symbol = u.symbol;
        result = ApplyResult::Inserted;
    }

    mergeFields(quote->fields, u.fields);
    if (std::isnan(quote->sessionOpen)) [[unlikely]] { // until the row's first price
        if (const data::FieldValue *price = u.field(data::fields::kPrice); price && std::isfinite(price->value))
            quote->sessionOpen = price->value;
    }
    if (u.sourceMs != data::kNoTime)
        quote->sourceMs = u.sourceMs;
    quote->receivedMs = u.receivedMs;
    quote->revision = ++m_revision;
    return result;
}

const Quote *QuoteStore::find(const QString &feedId, const QString &symbol) const
{
    const auto feed = m_feeds.find(feedId);
    if (feed == m_feeds.end())
        return nullptr;
    const auto row = feed->second.index.find(symbol);
    return row == feed->second.index.end() ? nullptr : &feed->second.rows[std::size_t(row->second)];
}

int QuoteStore::indexOf(const QString &feedId, const QString &symbol) const
{
    const auto feed = m_feeds.find(feedId);
    if (feed == m_feeds.end())
        return -1;
    const auto row = feed->second.index.find(symbol);
    return row == feed->second.index.end() ? -1 : row->second;
}

std::span<const Quote> QuoteStore::rows(const QString &feedId) const
{
    const auto feed = m_feeds.find(feedId);
    if (feed == m_feeds.end())
        return {};
    return {feed->second.rows.data(), feed->second.rows.size()};
}

int QuoteStore::rowCount(const QString &feedId) const
{
    return int(rows(feedId).size());
}

QStringList QuoteStore::feedIds() const
{
    QStringList ids;
    ids.reserve(qsizetype(m_feeds.size()));
    for (const auto &[id, feed] : m_feeds)
        ids.append(id);
    ids.sort();
    return ids;
}

void QuoteStore::removeFeed(const QString &feedId)
{
    if (const auto feed = m_feeds.find(feedId); feed != m_feeds.end()) {
        if (m_lastFeed.node == &*feed)
            m_lastFeed.node = nullptr;
        m_feeds.erase(feed);
    }
}

void QuoteStore::removeSymbol(const QString &feedId, const QString &symbol)
{
    const auto feedIt = m_feeds.find(feedId);
    if (feedIt == m_feeds.end())
        return;
    FeedRows &feed = feedIt->second;
    const auto row = feed.index.find(symbol);
    if (row == feed.index.end())
        return;
    // Rare (an unsubscribe): keep first-seen order and renumber the rows after it.
    const std::size_t at = std::size_t(row->second);
    feed.index.erase(row);
    feed.rows.erase(feed.rows.begin() + qsizetype(at));
    for (std::size_t i = at; i < feed.rows.size(); ++i)
        feed.index.find(feed.rows[i].symbol)->second = int(i);
}

void QuoteStore::clear()
{
    m_lastFeed.node = nullptr;
    m_feeds.clear();
}

quint64 QuoteStore::refusedRows(const QString &feedId) const
{
    const auto feed = m_feeds.find(feedId);
    return feed == m_feeds.end() ? 0 : feed->second.refused;
}

SessionChange sessionChange(const data::FieldList &values, double sessionOpen)
{
    const std::optional<double> price = data::valueOf(values, data::fields::kPrice);
    if (!price || !std::isfinite(sessionOpen))
        return {};
    return {.change = *price - sessionOpen,
            .percent = sessionOpen != 0.0 ? std::optional((*price - sessionOpen) / sessionOpen * 100.0) : std::nullopt};
}

} // namespace feeddeck::store
