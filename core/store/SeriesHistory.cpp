#include "core/store/SeriesHistory.h"

#include "core/data/FieldName.h"
#include "core/store/ChunkPool.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace feeddeck::store {

namespace {
// Keeps ring index arithmetic far from int overflow (4 GiB of points per series).
constexpr int kMaxCapacity = 1 << 28;

} // namespace

// --- Chunk -----------------------------------------------------------------------

static_assert(SeriesHistory::kChunkPoints * sizeof(Point) == ChunkPool::kChunkBytes);

SeriesHistory::Chunk::Chunk(int points)
    : m_points(points == kChunkPoints ? static_cast<Point *>(ChunkPool::shared().acquire()) : new Point[std::size_t(points)])
    , m_size(points)
{
}

SeriesHistory::Chunk::Chunk(const Chunk &other)
    : Chunk(other.m_size)
{
    std::memcpy(m_points, other.m_points, std::size_t(m_size) * sizeof(Point));
}

SeriesHistory::Chunk::Chunk(Chunk &&other) noexcept
    : m_points(std::exchange(other.m_points, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

SeriesHistory::Chunk &SeriesHistory::Chunk::operator=(Chunk other) noexcept
{
    std::swap(m_points, other.m_points);
    std::swap(m_size, other.m_size);
    return *this;
}

SeriesHistory::Chunk::~Chunk()
{
    if (m_size == kChunkPoints)
        ChunkPool::shared().release(m_points);
    else
        delete[] m_points;
}

// --- Ring ------------------------------------------------------------------------

SeriesHistory::Ring::Ring(const Ring &other)
    : m_chunks(other.m_chunks)
    , m_lastT(other.m_lastT)
    , m_head(other.m_head)
    , m_count(other.m_count)
{
}

SeriesHistory::Ring::Ring(Ring &&other) noexcept
    : m_chunks(std::move(other.m_chunks))
    , m_next(std::exchange(other.m_next, nullptr))
    , m_nextEnd(std::exchange(other.m_nextEnd, nullptr))
    , m_lastT(std::exchange(other.m_lastT, 0))
    , m_head(std::exchange(other.m_head, 0))
    , m_count(std::exchange(other.m_count, 0))
{
}

SeriesHistory::Ring &SeriesHistory::Ring::operator=(Ring other) noexcept
{
    std::swap(m_chunks, other.m_chunks);
    std::swap(m_next, other.m_next);
    std::swap(m_nextEnd, other.m_nextEnd);
    std::swap(m_lastT, other.m_lastT);
    std::swap(m_head, other.m_head);
    std::swap(m_count, other.m_count);
    return *this;
}

void SeriesHistory::Ring::nextChunk(int capacity)
{
    // Filling, the next point goes after the newest; full, over the oldest.
    const int physical = m_count < capacity ? m_count : m_head;
    const std::size_t chunk = std::size_t(physical >> kChunkShift);
    if (chunk == m_chunks.size())
        m_chunks.emplace_back(std::min(kChunkPoints, capacity - int(chunk) * kChunkPoints));
    Chunk &holder = m_chunks[chunk];
    m_next = holder.data() + (physical & (kChunkPoints - 1));
    m_nextEnd = holder.data() + holder.size();
}

const Point &SeriesHistory::Ring::at(int i, int capacity) const noexcept
{
    int physical = m_head + i; // both < kMaxCapacity: no overflow
    if (physical >= capacity)
        physical -= capacity;
    return slot(physical);
}

int SeriesHistory::Ring::bound(qint64 t, bool upper, int capacity) const noexcept
{
    int lo = 0;
    int hi = m_count;
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        const qint64 mt = at(mid, capacity).t;
        if (upper ? mt <= t : mt < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void SeriesHistory::Ring::appendRuns(int from, int to, int capacity, PointRuns &out) const
{
    if (from >= to)
        return;
    out.reserve(out.runCount() + std::size_t((to - from) >> kChunkShift) + 2);
    int physical = m_head + from;
    if (physical >= capacity)
        physical -= capacity;
    for (int left = to - from; left > 0;) {
        const Chunk &chunk = m_chunks[std::size_t(physical >> kChunkShift)];
        const int offset = physical & (kChunkPoints - 1);
        // The last chunk ends at the capacity, so a run never crosses the wrap.
        const int n = std::min(chunk.size() - offset, left);
        out.append(std::span<const Point>(chunk.data() + offset, std::size_t(n)));
        left -= n;
        physical += n;
        if (physical >= capacity)
            physical -= capacity;
    }
}

std::size_t SeriesHistory::Ring::memoryBytes() const noexcept
{
    std::size_t bytes = m_chunks.capacity() * sizeof(Chunk);
    for (const Chunk &chunk : m_chunks)
        bytes += std::size_t(chunk.size()) * sizeof(Point);
    return bytes;
}

// --- SeriesHistory ---------------------------------------------------------------

SeriesHistory::SeriesHistory(int capacityPerSeries, int maxSeries)
    : m_capacity(std::clamp(capacityPerSeries, 1, kMaxCapacity))
    , m_maxSeries(qMax(0, maxSeries))
{
}

void SeriesHistory::setCapacity(const QString &feedId, int capacityPerSeries)
{
    const int capacity = std::clamp(capacityPerSeries, 1, kMaxCapacity);
    m_feedCapacity.insert(feedId, capacity);
    for (auto &[key, group] : m_groups) {
        if (key.feedId != feedId || group.capacity == capacity)
            continue;
        for (Series &series : group.series) {
            Ring resized;
            const int n = series.ring.size();
            for (int i = std::max(0, n - capacity); i < n; ++i)
                resized.append(series.ring.at(i, group.capacity), capacity);
            series.ring = std::move(resized);
        }
        group.capacity = capacity;
    }
}

int SeriesHistory::capacityPerSeries(const QString &feedId) const
{
    return m_feedCapacity.value(feedId, m_capacity);
}

void SeriesHistory::appendClamped(Ring &ring, Point p, int capacity)
{
    // Time never goes backwards within a series: range queries rely on it.
    if (ring.size() > 0 && p.t < ring.lastTime())
        p.t = ring.lastTime();
    ring.append(p, capacity);
}

void SeriesHistory::record(const QString &feedId, const data::Update &u)
{
    if (u.receivedMs == data::kNoTime) {
        ++m_untimedUpdates;
        return;
    }
    if (u.fields.isEmpty())
        return;

    const GroupKeyView key{feedId, u.symbol};
    Group *group = nullptr;
    if (const auto it = m_groups.find(key); it != m_groups.end())
        group = &it->second;

    for (qsizetype i = 0; i < u.fields.size(); ++i) {
        const data::FieldValue &f = u.fields[i];
        if (!std::isfinite(f.value))
            continue;
        // The series at the same position first: a feed's updates mostly carry the same
        // fields in the same order.
        Series *series = nullptr;
        if (group) {
            std::vector<Series> &all = group->series;
            if (std::size_t(i) < all.size() && data::sameFieldName(all[std::size_t(i)].field, f.name))
                series = &all[std::size_t(i)];
            for (std::size_t j = 0; !series && j < all.size(); ++j) {
                if (data::sameFieldName(all[j].field, f.name))
                    series = &all[j];
            }
        }
        if (!series) {
            if (m_seriesCount >= m_maxSeries) {
                ++m_refusedSeries;
                continue;
            }
            if (!group) {
                group = &m_groups.try_emplace(GroupKey{feedId, u.symbol}).first->second;
                group->capacity = capacityPerSeries(feedId);
            }
            series = &group->series.emplace_back(Series{f.name, {}});
            ++m_seriesCount;
        }
        appendClamped(series->ring, Point{u.receivedMs, f.value}, group->capacity);
    }
}

void SeriesHistory::markGap(const QString &feedId, qint64 t)
{
    for (auto &[key, group] : m_groups) {
        if (key.feedId == feedId)
            markGap(group, t);
    }
}

void SeriesHistory::markGap(const QString &feedId, const QString &symbol, qint64 t)
{
    if (const auto it = m_groups.find(GroupKeyView{feedId, symbol}); it != m_groups.end())
        markGap(it->second, t);
}

void SeriesHistory::markGap(Group &group, qint64 t)
{
    constexpr double kGap = std::numeric_limits<double>::quiet_NaN();
    for (Series &series : group.series) {
        const int n = series.ring.size();
        // Nothing to separate before the first point, and one gap is enough.
        if (n == 0 || isGap(series.ring.at(n - 1, group.capacity)))
            continue;
        appendClamped(series.ring, Point{t, kGap}, group.capacity);
    }
}

SeriesHistory::RingRef SeriesHistory::findRing(const QString &feedId, const QString &symbol,
                                               const QString &field) const
{
    const auto it = m_groups.find(GroupKeyView{feedId, symbol});
    if (it == m_groups.end())
        return {};
    for (const Series &series : it->second.series)
        if (series.field == field)
            return {&series.ring, it->second.capacity};
    return {};
}

QList<Point> SeriesHistory::copyRange(RingRef ring, int from, int to)
{
    QList<Point> out;
    if (from >= to)
        return out;
    out.reserve(to - from);
    for (int i = from; i < to; ++i)
        out.append(ring.ring->at(i, ring.capacity));
    return out;
}

QList<Point> SeriesHistory::points(const QString &feedId, const QString &symbol,
                                   const QString &field, qint64 fromMs, qint64 toMs) const
{
    const RingRef ring = findRing(feedId, symbol, field);
    if (!ring.ring || fromMs > toMs)
        return {};
    return copyRange(ring, ring.ring->bound(fromMs, false, ring.capacity),
                     ring.ring->bound(toMs, true, ring.capacity));
}

SeriesHistory::Range SeriesHistory::aroundRange(RingRef ring, qint64 fromMs, qint64 toMs) noexcept
{
    if (!ring.ring || fromMs > toMs)
        return {};
    return {std::max(0, ring.ring->bound(fromMs, false, ring.capacity) - 1),
            std::min(ring.ring->size(), ring.ring->bound(toMs, true, ring.capacity) + 1)};
}

QList<Point> SeriesHistory::pointsAround(const QString &feedId, const QString &symbol,
                                         const QString &field, qint64 fromMs, qint64 toMs) const
{
    const RingRef ring = findRing(feedId, symbol, field);
    const Range range = aroundRange(ring, fromMs, toMs);
    return copyRange(ring, range.from, range.to);
}

PointRuns SeriesHistory::runsAround(const QString &feedId, const QString &symbol,
                                    const QString &field, qint64 fromMs, qint64 toMs) const
{
    const RingRef ring = findRing(feedId, symbol, field);
    const Range range = aroundRange(ring, fromMs, toMs);
    PointRuns runs;
    if (range.from < range.to)
        ring.ring->appendRuns(range.from, range.to, ring.capacity, runs);
    return runs;
}

qint64 SeriesHistory::size(const QString &feedId, const QString &symbol, const QString &field) const
{
    const RingRef ring = findRing(feedId, symbol, field);
    return ring.ring ? ring.ring->size() : 0;
}

void SeriesHistory::removeFeed(const QString &feedId)
{
    m_feedCapacity.remove(feedId);
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        if (it->first.feedId == feedId) {
            m_seriesCount -= int(it->second.series.size());
            it = m_groups.erase(it);
        } else {
            ++it;
        }
    }
}

void SeriesHistory::removeSymbol(const QString &feedId, const QString &symbol)
{
    const auto it = m_groups.find(GroupKeyView{feedId, symbol});
    if (it == m_groups.end())
        return;
    m_seriesCount -= int(it->second.series.size());
    m_groups.erase(it);
}

void SeriesHistory::clear()
{
    m_groups.clear();
    m_feedCapacity.clear();
    m_seriesCount = 0;
}

QList<SeriesKey> SeriesHistory::keys() const
{
    using Entry = std::pair<const GroupKey *, const Group *>;
    QList<Entry> groups;
    groups.reserve(qsizetype(m_groups.size()));
    for (const auto &[key, group] : m_groups)
        groups.append(Entry{&key, &group});
    std::sort(groups.begin(), groups.end(), [](const Entry &a, const Entry &b) {
        if (a.first->feedId != b.first->feedId)
            return a.first->feedId < b.first->feedId;
        return a.first->symbol < b.first->symbol;
    });

    QList<SeriesKey> out;
    out.reserve(m_seriesCount);
    for (const auto &[key, group] : groups)
        for (const Series &series : group->series)
            out.append(SeriesKey{key->feedId, key->symbol, series.field});
    return out;
}

std::size_t SeriesHistory::memoryBytes() const
{
    // Hash buckets and nodes (key, group, next pointer and cached hash), plus what each
    // group and ring holds. Strings are implicitly shared with the codecs: not counted.
    constexpr std::size_t kNodeBytes = sizeof(GroupMap::value_type) + 2 * sizeof(void *);
    std::size_t bytes = sizeof(*this) + m_groups.bucket_count() * sizeof(void *)
        + m_groups.size() * kNodeBytes;
    for (const auto &[key, group] : m_groups) {
        bytes += group.series.capacity() * sizeof(Series);
        for (const Series &series : group.series)
            bytes += series.ring.memoryBytes();
    }
    return bytes;
}

} // namespace feeddeck::store
