#include "core/store/ChunkPool.h"
#include "core/store/SeriesHistory.h"

#include <QDeadlineTimer>
#include <QTest>

#include <array>
#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

using namespace feeddeck::data;
using namespace feeddeck::store;

namespace {

// Fills a block with a pattern of its own, so that two blocks sharing memory would show.
void stamp(void *chunk, std::uint8_t value)
{
    std::memset(chunk, value, ChunkPool::kChunkBytes);
}

// memcmp rather than a loop over bytes: under ThreadSanitizer every byte read of a loop is
// instrumented, a memcmp is checked once.
bool holds(const void *chunk, std::uint8_t value)
{
    std::array<std::uint8_t, ChunkPool::kChunkBytes> pattern;
    pattern.fill(value);
    return std::memcmp(chunk, pattern.data(), pattern.size()) == 0;
}

// Polls until the pool's helper has `count` slabs ready (it runs on its own thread).
bool waitForPrepared(const ChunkPool &pool, std::size_t count)
{
    QDeadlineTimer deadline(5000);
    while (pool.preparedSlabs() != count) {
        if (deadline.hasExpired())
            return false;
        std::this_thread::yield();
    }
    return true;
}

} // namespace

class TstChunkPool : public QObject
{
    Q_OBJECT

private slots:
    void blocksAreDistinctAlignedAndHoldWhatIsWritten()
    {
        ChunkPool pool;
        // More than one slab's worth, so a second slab is made.
        const std::size_t count = ChunkPool::kChunksPerSlab + 3;
        std::vector<void *> chunks;
        for (std::size_t i = 0; i < count; ++i) {
            chunks.push_back(pool.acquire());
            QCOMPARE(reinterpret_cast<std::uintptr_t>(chunks.back()) % ChunkPool::kChunkBytes, 0u);
            stamp(chunks.back(), std::uint8_t(i % 251));
        }
        QCOMPARE(std::set<void *>(chunks.begin(), chunks.end()).size(), count);
        for (std::size_t i = 0; i < count; ++i)
            QVERIFY2(holds(chunks[i], std::uint8_t(i % 251)), qPrintable(QStringLiteral("block %1 was overwritten").arg(i)));
        QCOMPARE(pool.chunksInUse(), count);
        QCOMPARE(pool.slabCount(), 2u);
        for (void *chunk : chunks)
            pool.release(chunk);
        QCOMPARE(pool.chunksInUse(), 0u);
    }

    void aReleasedBlockIsHandedOutAgainBeforeNewMemory()
    {
        ChunkPool pool;
        void *keep = pool.acquire(); // keeps the slab alive
        void *first = pool.acquire();
        pool.release(first);
        QCOMPARE(pool.acquire(), first);
        QCOMPARE(pool.slabCount(), 1u);
        pool.release(first);
        pool.release(keep);
    }

    void aSlabGoesBackToTheSystemWhenAllItsBlocksAreReleased()
    {
        ChunkPool pool;
        std::vector<void *> chunks;
        for (std::size_t i = 0; i < 2 * ChunkPool::kChunksPerSlab; ++i)
            chunks.push_back(pool.acquire());
        QCOMPARE(pool.slabCount(), 2u);

        // Every block of the first slab goes back: that slab is freed, the other stays.
        for (std::size_t i = 0; i < ChunkPool::kChunksPerSlab; ++i)
            pool.release(chunks[i]);
        QCOMPARE(pool.slabCount(), 1u);
        QCOMPARE(pool.chunksInUse(), ChunkPool::kChunksPerSlab);

        // A half-released slab serves new blocks from what was released.
        for (std::size_t i = ChunkPool::kChunksPerSlab; i < ChunkPool::kChunksPerSlab + 10; ++i)
            pool.release(chunks[i]);
        std::set<void *> reused;
        for (int i = 0; i < 10; ++i)
            reused.insert(pool.acquire());
        QCOMPARE(pool.slabCount(), 1u);
        QCOMPARE(reused, std::set<void *>(chunks.begin() + std::ptrdiff_t(ChunkPool::kChunksPerSlab),
                                          chunks.begin() + std::ptrdiff_t(ChunkPool::kChunksPerSlab + 10)));

        for (std::size_t i = ChunkPool::kChunksPerSlab; i < chunks.size(); ++i)
            pool.release(chunks[i]);
        QCOMPARE(pool.slabCount(), 0u);
        QCOMPARE(pool.chunksInUse(), 0u);
    }

    void threadsAcquiringAndReleasingAtOnceNeverShareABlock()
    {
        ChunkPool pool;
        constexpr int kThreads = 4;
        constexpr int kRounds = 2000;
        std::vector<int> corrupted(kThreads, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&pool, &corrupted, t] {
                std::vector<void *> held;
                for (int round = 0; round < kRounds; ++round) {
                    void *chunk = pool.acquire();
                    stamp(chunk, std::uint8_t(t + 1));
                    held.push_back(chunk);
                    if (round % 3 == 2) { // give some back while others take
                        // Each block is checked once, when it goes back: a block another
                        // thread was handed too would have that thread's pattern by then.
                        corrupted[std::size_t(t)] += holds(held.front(), std::uint8_t(t + 1)) ? 0 : 1;
                        pool.release(held.front());
                        held.erase(held.begin());
                    }
                }
                for (void *h : held) {
                    corrupted[std::size_t(t)] += holds(h, std::uint8_t(t + 1)) ? 0 : 1;
                    pool.release(h);
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(corrupted, std::vector<int>(kThreads, 0));
        QCOMPARE(pool.chunksInUse(), 0u);
        QCOMPARE(pool.slabCount(), 0u);
    }

    void aPoolWithAReservePreparesSlabsOnceItGrowsAndHandsThemOut()
    {
        ChunkPool pool(2);
        QCOMPARE(pool.preparedSlabs(), 0u); // nothing until history needs memory

        std::vector<void *> chunks{pool.acquire()};
        QVERIFY(waitForPrepared(pool, 2));
        // The next slab's worth of blocks comes from a prepared slab: one fewer is left
        // until the helper makes another, and none is ever more than the reserve.
        for (std::size_t i = 0; i < ChunkPool::kChunksPerSlab; ++i) {
            chunks.push_back(pool.acquire());
            stamp(chunks.back(), std::uint8_t(i % 251));
        }
        QCOMPARE(pool.slabCount(), 2u);
        QVERIFY(pool.preparedSlabs() <= 2u);
        QVERIFY(waitForPrepared(pool, 2));
        for (std::size_t i = 0; i < ChunkPool::kChunksPerSlab; ++i)
            QVERIFY(holds(chunks[i + 1], std::uint8_t(i % 251)));
        QCOMPARE(std::set<void *>(chunks.begin(), chunks.end()).size(), chunks.size());

        for (void *chunk : chunks)
            pool.release(chunk);
        QCOMPARE(pool.slabCount(), 0u);
        QCOMPARE(pool.preparedSlabs(), 2u); // kept for the next growth; freed with the pool
    }

    void historyRingsTakeFullChunksFromTheSharedPoolAndGiveThemBack()
    {
        ChunkPool &pool = ChunkPool::shared();
        const std::size_t before = pool.chunksInUse();
        {
            SeriesHistory history(3 * SeriesHistory::kChunkPoints + 5);
            Update u;
            u.symbol = QStringLiteral("BTC-USD");
            u.fields.append({fields::kPrice, 0.0});
            for (int i = 0; i < 3 * SeriesHistory::kChunkPoints + 5; ++i) {
                u.receivedMs = i;
                u.fields[0].value = i;
                history.record(QStringLiteral("feed"), u);
            }
            // Three full chunks from the pool; the last five points are a heap chunk of their own.
            QCOMPARE(pool.chunksInUse(), before + 3);

            const SeriesHistory copy = history; // an export's copy: deep, with chunks of its own
            QCOMPARE(pool.chunksInUse(), before + 6);
            history.clear();
            QCOMPARE(pool.chunksInUse(), before + 3);
            const QList<Point> points = copy.points(QStringLiteral("feed"), u.symbol, fields::kPrice, 0, 1 << 20);
            QCOMPARE(points.size(), 3 * SeriesHistory::kChunkPoints + 5);
            for (int i = 0; i < points.size(); ++i)
                QCOMPARE(points[i].v, double(i));
        }
        QCOMPARE(pool.chunksInUse(), before);
    }

    void aRingSmallerThanAChunkTakesNothingFromThePool()
    {
        ChunkPool &pool = ChunkPool::shared();
        const std::size_t before = pool.chunksInUse();
        SeriesHistory history(10);
        Update u;
        u.symbol = QStringLiteral("BTC-USD");
        u.fields.append({fields::kPrice, 1.0});
        u.receivedMs = 1;
        history.record(QStringLiteral("feed"), u);
        QCOMPARE(pool.chunksInUse(), before);
        QCOMPARE(history.size(QStringLiteral("feed"), u.symbol, fields::kPrice), 1);
    }
};

QTEST_APPLESS_MAIN(TstChunkPool)
#include "tst_chunkpool.moc"
