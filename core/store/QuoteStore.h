#pragma once

#include "core/data/TextHash.h"
#include "core/data/Update.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <limits>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace feeddeck::store {

// The latest values of one (feed, symbol) row.
struct Quote
{
    QString symbol;
    data::FieldList fields;          // every field seen so far, in first-seen order
    qint64 sourceMs = data::kNoTime; // the venue's time of the newest update that had one
    qint64 receivedMs = data::kNoTime;
    quint64 revision = 0; // the store revision of the last change to this row
    // The row's first price since the store began (this session): the window's and the CSV's
    // "change since the session's first price" are both measured from it. NaN before a price.
    double sessionOpen = std::numeric_limits<double>::quiet_NaN();
};

// The change of a row's price since the session's first price (Quote::sessionOpen), as the
// window and the CSV both show it: none without a price or an open, no percent from an open of 0.
struct SessionChange
{
    std::optional<double> change;
    std::optional<double> percent;
};
[[nodiscard]] SessionChange sessionChange(const data::FieldList &values, double sessionOpen);

enum class ApplyResult {
    Updated,  // an existing row took the update
    Inserted, // the update created a new row
    Refused,  // a new row was refused: the feed already holds its maximum of rows
};

// Latest values per (feed, symbol), merged update by update. Rows of a feed keep
// their first-seen order. Not thread-safe: one thread owns and writes a store.
// Pointers and spans into the store are valid until the next non-const call.
class QuoteStore
{
public:
    // The rows a feed may hold bound memory: the network decides how many keys a feed sends.
    // maxRowsPerFeed applies to every feed without a bound of its own (setMaxRows).
    explicit QuoteStore(int maxRowsPerFeed = 10000);

    // At most maxRows (at least 1) rows for this feed; beyond it new rows are refused and
    // counted. Rows the feed already holds stay. removeFeed() forgets the bound too.
    void setMaxRows(const QString &feedId, int maxRows);
    [[nodiscard]] int maxRows(const QString &feedId) const;

    // Merges u into its row: fields in u overwrite, the others keep their last value.
    ApplyResult apply(const QString &feedId, const data::Update &u);

    [[nodiscard]] const Quote *find(const QString &feedId, const QString &symbol) const;
    // Row position in first-seen order, or -1.
    [[nodiscard]] int indexOf(const QString &feedId, const QString &symbol) const;
    // The rows of a feed in first-seen order (empty for an unknown feed).
    [[nodiscard]] std::span<const Quote> rows(const QString &feedId) const;
    template<typename Fn>
    void forEach(const QString &feedId, Fn &&fn) const
    {
        for (const Quote &q : rows(feedId))
            fn(q);
    }
    [[nodiscard]] int rowCount(const QString &feedId) const;
    [[nodiscard]] QStringList feedIds() const;

    void removeFeed(const QString &feedId);
    void removeSymbol(const QString &feedId, const QString &symbol);
    void clear();

    // New rows refused for this feed since it was first seen (or last removed).
    [[nodiscard]] quint64 refusedRows(const QString &feedId) const;
    // Increases on every applied update; a row changed since r if its revision > r.
    [[nodiscard]] quint64 revision() const noexcept { return m_revision; }
    // The bound of feeds without one of their own.
    [[nodiscard]] int maxRowsPerFeed() const noexcept { return m_maxRowsPerFeed; }

private:
    // Lookups take the caller's strings as views: no key copy (two atomic refcount
    // operations) on the hot path, hashed with hashText(); rows per feed are bounded,
    // so a crafted collision flood cannot grow without limit.
    struct TextHash
    {
        using is_transparent = void;
        size_t operator()(QStringView s) const noexcept
        {
            return data::hashText(s);
        }
    };
    struct TextEqual
    {
        using is_transparent = void;
        // Keys share their buffers with the codecs' strings: mostly the same pointer.
        bool operator()(QStringView a, QStringView b) const noexcept
        {
            return a.size() == b.size() && (a.utf16() == b.utf16() || a == b);
        }
    };
    template<typename T>
    using TextMap = std::unordered_map<QString, T, TextHash, TextEqual>;

    struct FeedRows
    {
        std::vector<Quote> rows;
        TextMap<int> index; // symbol -> position in rows
        quint64 refused = 0;
        int maxRows = 0;
    };

    FeedRows &feedRows(const QString &feedId);

    TextMap<FeedRows> m_feeds;
    // The feed of the last apply(): updates arrive in runs of one feed, so most find it
    // here without hashing. Map nodes stay put on rehash; removal forgets it, and so does
    // a copy of the store (the node belongs to the original's map).
    struct LastFeed
    {
        TextMap<FeedRows>::value_type *node = nullptr;

        LastFeed() = default;
        LastFeed(const LastFeed &) noexcept {}
        LastFeed &operator=(const LastFeed &) noexcept
        {
            node = nullptr;
            return *this;
        }
    };
    LastFeed m_lastFeed;
    int m_maxRowsPerFeed;
    quint64 m_revision = 0;
};

} // namespace feeddeck::store
