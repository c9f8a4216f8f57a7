#include "core/store/ChunkPool.h"

#include <QtGlobal>

#include <algorithm>
#include <new>
#include <utility>

#if defined(Q_OS_LINUX)
#include <pthread.h>
#include <sys/mman.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define FEEDDECK_POISON(address, bytes) ASAN_POISON_MEMORY_REGION(address, bytes)
#define FEEDDECK_UNPOISON(address, bytes) ASAN_UNPOISON_MEMORY_REGION(address, bytes)
#else
#define FEEDDECK_POISON(address, bytes) ((void)(address), (void)(bytes))
#define FEEDDECK_UNPOISON(address, bytes) ((void)(address), (void)(bytes))
#endif

namespace feeddeck::store {

namespace {

static_assert(ChunkPool::kSlabBytes % ChunkPool::kChunkBytes == 0);
static_assert(ChunkPool::kChunksPerSlab <= 65536, "block indexes are 16-bit");

[[nodiscard]] std::uintptr_t slabBaseOf(const void *chunk) noexcept
{
    return reinterpret_cast<std::uintptr_t>(chunk) & ~std::uintptr_t(ChunkPool::kSlabBytes - 1);
}

// kSlabBytes aligned to kSlabBytes: the slab of a block is found from its address, and an
// aligned 2 MiB range is what the kernel can back with one huge page.
[[nodiscard]] char *mapSlab()
{
#if defined(Q_OS_LINUX)
    const std::size_t span = 2 * ChunkPool::kSlabBytes;
    void *mapped = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t base = (start + ChunkPool::kSlabBytes - 1) & ~std::uintptr_t(ChunkPool::kSlabBytes - 1);
    if (base > start)
        munmap(mapped, base - start);
    if (const std::uintptr_t end = start + span, slabEnd = base + ChunkPool::kSlabBytes; end > slabEnd)
        munmap(reinterpret_cast<void *>(slabEnd), end - slabEnd);
    // Only a hint: without transparent huge pages the slab is ordinary memory.
    madvise(reinterpret_cast<void *>(base), ChunkPool::kSlabBytes, MADV_HUGEPAGE);
    return reinterpret_cast<char *>(base);
#else
    return static_cast<char *>(::operator new(ChunkPool::kSlabBytes, std::align_val_t(ChunkPool::kSlabBytes)));
#endif
}

void unmapSlab(char *base) noexcept
{
#if defined(Q_OS_LINUX)
    munmap(base, ChunkPool::kSlabBytes);
#else
    ::operator delete(base, std::align_val_t(ChunkPool::kSlabBytes));
#endif
}

// One write a page makes the kernel back the slab now (one huge page where granted).
void touchSlab(char *base) noexcept
{
    for (std::size_t offset = 0; offset < ChunkPool::kSlabBytes; offset += ChunkPool::kChunkBytes)
        *static_cast<volatile char *>(base + offset) = 0;
}

} // namespace

ChunkPool::ChunkPool(std::size_t slabsAhead)
    : m_slabsAhead(slabsAhead)
{
}

ChunkPool::~ChunkPool()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_helper.joinable())
        m_helper.join();
    for (char *base : m_prepared)
        unmapSlab(base);
    for (auto &[base, slab] : m_slabs)
        freeSlab(slab);
}

ChunkPool &ChunkPool::shared()
{
    static ChunkPool *const pool = new ChunkPool(kSharedSlabsAhead);
    return *pool;
}

void ChunkPool::wantPrepared() noexcept
{
    if (m_slabsAhead == 0)
        return;
    m_wantPrepared = true;
    if (!m_helper.joinable()) {
        try {
            m_helper = std::thread([this] { prepareSlabs(); });
        } catch (...) { // std::system_error, or no memory for the thread's state
            return; // no thread to spare: slabs are mapped when needed, as without a reserve
        }
    }
    m_wake.notify_one();
}

void ChunkPool::prepareSlabs()
{
#if defined(Q_OS_LINUX)
    pthread_setname_np(pthread_self(), "FeedDeck-pages"); // as it shows in top and perf
#endif
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] {
            return m_stopping || (m_wantPrepared && m_prepared.size() + m_preparing < m_slabsAhead);
        });
        if (m_stopping)
            return;
        ++m_preparing;
        lock.unlock();
        char *base = nullptr;
        try {
            base = mapSlab();
            touchSlab(base);
        } catch (const std::bad_alloc &) {
            base = nullptr;
        }
        lock.lock();
        --m_preparing;
        if (!base) {
            // Out of memory: stop preparing; acquire() maps (and reports failure) itself.
            m_wantPrepared = false;
            continue;
        }
        m_prepared.push_back(base);
    }
}

bool ChunkPool::hasRoom(const Slab &slab) noexcept
{
    return !slab.released.empty() || slab.touched < kChunksPerSlab;
}

ChunkPool::Slab &ChunkPool::newSlab()
{
    // Whatever can throw comes first, so that release() never allocates.
    m_withRoom.reserve(m_slabs.size() + 1);
    std::vector<std::uint16_t> released;
    released.reserve(kChunksPerSlab);
    char *base = nullptr;
    if (!m_prepared.empty()) {
        base = m_prepared.back();
        m_prepared.pop_back();
    } else {
        base = mapSlab();
    }
    Slab *slab = nullptr;
    try {
        slab = &m_slabs[reinterpret_cast<std::uintptr_t>(base)];
    } catch (...) {
        unmapSlab(base);
        throw;
    }
    slab->base = base;
    slab->released = std::move(released);
    FEEDDECK_POISON(base, kSlabBytes);
    wantPrepared();
    return *slab;
}

void ChunkPool::freeSlab(Slab &slab) noexcept
{
    // Memory the system hands out again must not stay poisoned.
    FEEDDECK_UNPOISON(slab.base, kSlabBytes);
    unmapSlab(slab.base);
}

void *ChunkPool::acquire()
{
    const std::lock_guard lock(m_mutex);
    Slab *slab = m_withRoom.empty() ? nullptr : m_withRoom.back();
    if (!slab) {
        slab = &newSlab();
        slab->listed = true;
        m_withRoom.push_back(slab);
    }
    std::size_t index = 0;
    if (!slab->released.empty()) {
        index = slab->released.back();
        slab->released.pop_back();
    } else {
        index = slab->touched++;
    }
    ++slab->inUse;
    ++m_chunksInUse;
    if (!hasRoom(*slab)) {
        slab->listed = false;
        m_withRoom.pop_back();
    }
    char *chunk = slab->base + index * kChunkBytes;
    FEEDDECK_UNPOISON(chunk, kChunkBytes);
    return chunk;
}

void ChunkPool::release(void *chunk) noexcept
{
    if (!chunk)
        return;
    const std::lock_guard lock(m_mutex);
    const auto found = m_slabs.find(slabBaseOf(chunk));
    Q_ASSERT_X(found != m_slabs.end(), "ChunkPool::release", "a block this pool did not hand out");
    if (found == m_slabs.end())
        return;
    Slab &slab = found->second;
    FEEDDECK_POISON(chunk, kChunkBytes);
    --slab.inUse;
    --m_chunksInUse;
    if (slab.inUse == 0) {
        // Nothing of it is in use: the whole slab goes back to the system.
        if (slab.listed)
            m_withRoom.erase(std::find(m_withRoom.begin(), m_withRoom.end(), &slab));
        freeSlab(slab);
        m_slabs.erase(found);
        return;
    }
    // Neither grows: both were reserved when the slab was made.
    slab.released.push_back(std::uint16_t((static_cast<char *>(chunk) - slab.base) / kChunkBytes));
    if (!slab.listed) {
        m_withRoom.push_back(&slab);
        slab.listed = true;
    }
}

std::size_t ChunkPool::chunksInUse() const
{
    const std::lock_guard lock(m_mutex);
    return m_chunksInUse;
}

std::size_t ChunkPool::slabCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_slabs.size();
}

std::size_t ChunkPool::preparedSlabs() const
{
    const std::lock_guard lock(m_mutex);
    return m_prepared.size();
}

} // namespace feeddeck::store
