#include "core/store/ChunkPool.h"

#include <QtGlobal>

#include <algorithm>
#include <new>
#include <utility>

#if defined(Q_OS_LINUX)
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

} // namespace

ChunkPool::~ChunkPool()
{
    for (auto &[base, slab] : m_slabs)
        freeSlab(slab);
}

ChunkPool &ChunkPool::shared()
{
    static ChunkPool *const pool = new ChunkPool;
    return *pool;
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
    char *base = mapSlab();
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

} // namespace feeddeck::store
