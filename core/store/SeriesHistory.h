#pragma once

#include "core/data/TextHash.h"
#include "core/data/Update.h"
#include "core/store/Point.h"
#include "core/store/PointRuns.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace feeddeck::store {

struct SeriesKey
{
    QString feedId;
    QString symbol;
    QString field;

    friend bool operator==(const SeriesKey &, const SeriesKey &) = default;
};

// Chart history: one bounded, time-ordered ring of points per (feed, symbol, field).
// Ring storage grows in fixed-size chunks as a series fills, so a short series costs
// one small chunk and a full one ~16 bytes a point. When full, the oldest point goes.
// Capacity is per feed: capacityPerSeries, or what setCapacity() gave that feed.
// Not thread-safe: one thread owns and writes it. Copies are deep (for exports).
class SeriesHistory
{
public:
    static constexpr int kChunkShift = 8;
    static constexpr int kChunkPoints = 1 << kChunkShift; // 4 KiB of points: one ChunkPool block

    explicit SeriesHistory(int capacityPerSeries = 100000, int maxSeries = 20000);

    // Points kept per series of this feed. Series the feed already has keep their newest
    // points up to the new capacity. removeFeed() forgets it too.
    void setCapacity(const QString &feedId, int capacityPerSeries);
    [[nodiscard]] int capacityPerSeries(const QString &feedId) const;

    // Appends (u.receivedMs, value) to the series of every field of u. Non-finite
    // values are not points (NaN is reserved for gaps); an update without a receive
    // time is skipped and counted.
    void record(const QString &feedId, const data::Update &u);
    // Appends a gap to every non-empty series of the feed, unless it already ends in one.
    void markGap(const QString &feedId, qint64 t);
    // The same for the series of one symbol of the feed.
    void markGap(const QString &feedId, const QString &symbol, qint64 t);

    // The points with fromMs <= t <= toMs, oldest first.
    [[nodiscard]] QList<Point> points(const QString &feedId, const QString &symbol,
                                      const QString &field, qint64 fromMs, qint64 toMs) const;
    // As points(), plus the point just before fromMs and the one just after toMs, so a
    // chart line reaches the edges of its window. A copy: charts read runsAround().
    [[nodiscard]] QList<Point> pointsAround(const QString &feedId, const QString &symbol,
                                            const QString &field, qint64 fromMs, qint64 toMs) const;
    // The points of pointsAround(), read in place: runs over the ring's chunks, nothing
    // copied. Valid until the history next changes. Feed it to decimateMinMax().
    [[nodiscard]] PointRuns runsAround(const QString &feedId, const QString &symbol,
                                       const QString &field, qint64 fromMs, qint64 toMs) const;
    [[nodiscard]] qint64 size(const QString &feedId, const QString &symbol,
                              const QString &field) const;

    void removeFeed(const QString &feedId);
    void removeSymbol(const QString &feedId, const QString &symbol);
    void clear();

    // Every series, sorted by feed and symbol; fields in first-seen order.
    [[nodiscard]] QList<SeriesKey> keys() const;
    [[nodiscard]] int seriesCount() const noexcept { return m_seriesCount; }
    // New series refused because maxSeries were already held (one per refused point).
    [[nodiscard]] quint64 refusedSeries() const noexcept { return m_refusedSeries; }
    // Updates skipped because they carried no receive time.
    [[nodiscard]] quint64 untimedUpdates() const noexcept { return m_untimedUpdates; }
    // Approximate bytes held by the rings and their bookkeeping.
    [[nodiscard]] std::size_t memoryBytes() const;
    // The capacity of feeds without one of their own.
    [[nodiscard]] int capacityPerSeries() const noexcept { return m_capacity; }
    [[nodiscard]] int maxSeries() const noexcept { return m_maxSeries; }

    [[nodiscard]] static bool isGap(const Point &p) noexcept { return std::isnan(p.v); }

private:
    // kChunkPoints points from the shared ChunkPool, or fewer (the one chunk of a ring
    // smaller than that) from the heap. Copies are deep.
    class Chunk
    {
    public:
        explicit Chunk(int points);
        Chunk(const Chunk &other);
        Chunk(Chunk &&other) noexcept;
        Chunk &operator=(Chunk other) noexcept;
        ~Chunk();

        [[nodiscard]] Point *data() noexcept { return m_points; }
        [[nodiscard]] const Point *data() const noexcept { return m_points; }
        [[nodiscard]] int size() const noexcept { return m_size; }

    private:
        Point *m_points = nullptr;
        int m_size = 0;
    };

    // A ring of at most `capacity` points over lazily allocated chunks. The capacity
    // is passed in (it is the same for every ring of a feed) to keep an idle ring small.
    class Ring
    {
    public:
        Ring() = default;
        Ring(const Ring &other);
        Ring(Ring &&other) noexcept;
        Ring &operator=(Ring other) noexcept;
        ~Ring() = default;

        // Defined here so that record() inlines it: one store through the write cursor, and
        // a call out only when the cursor reaches the end of its chunk.
        void append(Point p, int capacity)
        {
            m_lastT = p.t;
            if (m_next == m_nextEnd) [[unlikely]]
                nextChunk(capacity);
            *m_next = p;
            // The line this ring writes next, fetched now: by the next point it is in cache.
            // An address only (past the chunk's end at its last line): prefetching never faults.
            __builtin_prefetch(reinterpret_cast<const void *>(reinterpret_cast<std::uintptr_t>(m_next) + 64), 1);
            ++m_next;
            if (m_count < capacity)
                ++m_count;
            else if (++m_head == capacity)
                m_head = 0;
        }
        [[nodiscard]] int size() const noexcept { return m_count; }
        // Time of the newest point; meaningless while empty.
        [[nodiscard]] qint64 lastTime() const noexcept { return m_lastT; }
        // Logical index: 0 is the oldest point.
        [[nodiscard]] const Point &at(int i, int capacity) const noexcept;
        // First logical index whose time is >= t (upper = false) or > t (upper = true).
        [[nodiscard]] int bound(qint64 t, bool upper, int capacity) const noexcept;
        // Appends the logical points [from, to) to `out` as runs of contiguous slots.
        void appendRuns(int from, int to, int capacity, PointRuns &out) const;
        [[nodiscard]] std::size_t memoryBytes() const noexcept;

    private:
        [[nodiscard]] const Point &slot(int physical) const noexcept
        {
            return m_chunks[std::size_t(physical >> kChunkShift)].data()[physical & (kChunkPoints - 1)];
        }
        // Moves the write cursor to the slot of the next point and the end of its chunk: a new
        // chunk while the ring fills, the oldest point's chunk once it is full (the rare part
        // of append(), kept out of its way).
        void nextChunk(int capacity);

        std::vector<Chunk> m_chunks;
        // Where the next point goes, and the end of that chunk; both null until the first
        // point and in a copy (whose chunks are new), so that append() finds them again.
        Point *m_next = nullptr;
        Point *m_nextEnd = nullptr;
        qint64 m_lastT = 0;
        int m_head = 0; // physical index of the oldest point
        int m_count = 0;
    };

    struct Series
    {
        QString field;
        Ring ring;
    };

    struct GroupKeyView
    {
        QStringView feedId;
        QStringView symbol;
    };

    struct GroupKey
    {
        QString feedId;
        QString symbol;

        operator GroupKeyView() const noexcept { return {feedId, symbol}; }
    };

    // Lookups take the caller's strings as views: no key copy (two atomic refcount
    // operations each) per update, hashed with hashText(). maxSeries bounds any crafted
    // collision flood.
    struct GroupHash
    {
        using is_transparent = void;
        // The symbol alone: feeds are few, and the same symbol in two feeds only shares a
        // bucket (GroupEqual tells them apart). One hash per update instead of two.
        size_t operator()(GroupKeyView k) const noexcept
        {
            return data::hashText(k.symbol);
        }
    };
    struct GroupEqual
    {
        using is_transparent = void;
        // Keys share their buffers with the codecs' strings: mostly the same pointer.
        static bool same(QStringView a, QStringView b) noexcept
        {
            return a.size() == b.size() && (a.utf16() == b.utf16() || a == b);
        }
        bool operator()(GroupKeyView a, GroupKeyView b) const noexcept
        {
            return same(a.symbol, b.symbol) && same(a.feedId, b.feedId);
        }
    };

    // The series of one (feed, symbol): found with one hash lookup per update, then
    // a short scan over its fields.
    struct Group
    {
        int capacity = 0; // of each ring: the feed's
        std::vector<Series> series;
    };

    struct RingRef
    {
        const Ring *ring = nullptr;
        int capacity = 0;
    };

    using GroupMap = std::unordered_map<GroupKey, Group, GroupHash, GroupEqual>;

    static void appendClamped(Ring &ring, Point p, int capacity);
    static void markGap(Group &group, qint64 t);
    [[nodiscard]] RingRef findRing(const QString &feedId, const QString &symbol, const QString &field) const;
    [[nodiscard]] static QList<Point> copyRange(RingRef ring, int from, int to);
    // The logical range of pointsAround(): [from, to) with the neighbours; empty if none.
    struct Range
    {
        int from = 0;
        int to = 0;
    };
    [[nodiscard]] static Range aroundRange(RingRef ring, qint64 fromMs, qint64 toMs) noexcept;

    GroupMap m_groups;
    int m_capacity;
    QHash<QString, int> m_feedCapacity; // feeds with a capacity of their own; read when a group is made
    int m_maxSeries;
    int m_seriesCount = 0;
    quint64 m_refusedSeries = 0;
    quint64 m_untimedUpdates = 0;
};

} // namespace feeddeck::store
