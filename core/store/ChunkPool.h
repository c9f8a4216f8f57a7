#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace feeddeck::store {

// Fixed-size 4 KiB blocks for the chart history rings, carved from 2 MiB slabs.
// Filling history is dominated by the first touch of fresh memory: from malloc, every
// 4 KiB block is a page fault of its own. A slab is asked to be one huge page
// (Linux MADV_HUGEPAGE), so 512 blocks cost one fault; where that is not granted the
// slab still comes in one piece. Even so, the kernel clears each fresh page on its first
// touch; a pool made with slabsAhead > 0 has a helper thread of its own map and touch that
// many slabs before they are needed, so the thread filling history (the network thread)
// does not wait for it. Preparing starts with the first slab the pool makes: a process
// that keeps no history prepares nothing. Released blocks are reused; a slab whose
// blocks are all released goes back to the system, so removing a feed gives its memory back.
// Thread-safe: the copy of a history taken for an export is freed on another thread.
class ChunkPool
{
public:
    static constexpr std::size_t kChunkBytes = 4096;
    static constexpr std::size_t kSlabBytes = 2 * 1024 * 1024;
    static constexpr std::size_t kChunksPerSlab = kSlabBytes / kChunkBytes;
    // The shared pool's reserve: 4 MiB, ahead of history filling at over 100 MiB/s.
    static constexpr std::size_t kSharedSlabsAhead = 2;

    explicit ChunkPool(std::size_t slabsAhead = 0);
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
    // Slabs mapped and touched ahead, not yet handing out blocks (not in slabCount()).
    [[nodiscard]] std::size_t preparedSlabs() const;

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
    // Under m_mutex: after a slab was made, asks the helper (started here) for the reserve.
    void wantPrepared() noexcept;
    void prepareSlabs();

    mutable std::mutex m_mutex;
    std::unordered_map<std::uintptr_t, Slab> m_slabs; // by base address
    std::vector<Slab *> m_withRoom;                    // slabs that can hand out a block
    std::size_t m_chunksInUse = 0;

    const std::size_t m_slabsAhead;
    std::vector<char *> m_prepared; // mapped and touched, taken before mapping a new slab
    std::size_t m_preparing = 0;    // being mapped and touched by the helper now
    bool m_wantPrepared = false;    // the pool has grown: keep m_slabsAhead ready
    bool m_stopping = false;
    std::condition_variable m_wake; // the helper waits on it
    std::thread m_helper;
};

} // namespace feeddeck::store
