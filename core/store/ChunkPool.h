#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace feeddeck::store {

// Fixed-size 4 KiB blocks for the chart history rings, carved from 2 MiB slabs.
// Filling history is dominated by the first touch of fresh memory: from malloc, every
// 4 KiB block is a page fault of its own. A slab is asked to be one huge page
// (Linux MADV_HUGEPAGE), so 512 blocks cost one fault; where that is not granted the
// slab still comes in one piece. Released blocks are reused; a slab whose blocks are
// all released goes back to the system, so removing a feed gives its memory back.
// Thread-safe: the copy of a history taken for an export is freed on another thread.
class ChunkPool
{
public:
    static constexpr std::size_t kChunkBytes = 4096;
    static constexpr std::size_t kSlabBytes = 2 * 1024 * 1024;
    static constexpr std::size_t kChunksPerSlab = kSlabBytes / kChunkBytes;

    ChunkPool() = default;
    ~ChunkPool();
    ChunkPool(const ChunkPool &) = delete;
    ChunkPool &operator=(const ChunkPool &) = delete;

    // The pool of the process (never destroyed: rings may outlive static destructors).
    static ChunkPool &shared();

    // A block of kChunkBytes, aligned to kChunkBytes; its contents are unspecified.
    // Throws std::bad_alloc when the system has no memory for a new slab.
    [[nodiscard]] void *acquire();
    // Gives back a block from acquire() of this pool.
    void release(void *chunk) noexcept;

    [[nodiscard]] std::size_t chunksInUse() const;
    [[nodiscard]] std::size_t slabCount() const;

private:
    struct Slab
    {
        char *base = nullptr;
        std::vector<std::uint16_t> released; // blocks given back, reused first
        std::uint32_t touched = 0;           // blocks [0, touched) have been handed out before
        std::uint32_t inUse = 0;
        bool listed = false; // in m_withRoom
    };

    [[nodiscard]] static bool hasRoom(const Slab &slab) noexcept;
    [[nodiscard]] Slab &newSlab();
    void freeSlab(Slab &slab) noexcept;

    mutable std::mutex m_mutex;
    std::unordered_map<std::uintptr_t, Slab> m_slabs; // by base address
    std::vector<Slab *> m_withRoom;                    // slabs that can hand out a block
    std::size_t m_chunksInUse = 0;
};

} // namespace feeddeck::store
