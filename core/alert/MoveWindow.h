#pragma once

#include <QtGlobal>

#include <cstddef>
#include <vector>

namespace feeddeck::alert {

// The values of one field over a sliding time window, reduced to what a move_pct rule asks:
// the window's lowest and highest value. Two monotonic deques (the lowest so far at the front
// of one, the highest at the front of the other) make each sample cost O(1) amortised,
// however long the window.
class MoveWindow
{
public:
    // A deque holds every sample of a run that only rises (or only falls), so a fast feed
    // with a long window (1000 updates/s over an hour) would keep millions of them. Past this
    // many the oldest go: the recent part of the window stays exact, and only a one-way run
    // longer than this can lose its oldest extreme, which moves the window's start forward.
    static constexpr std::size_t kMaxSamples = 4096; // a power of two (the ring's index mask)

    // Adds a value seen at `timeMs`, first forgetting what is older than `windowMs` before it.
    void add(qint64 timeMs, double value, qint64 windowMs);

    // The largest change, in percent, from a value in the window to `current`: up from the
    // lowest or down from the highest. 0 when the window is empty or its extreme is 0.
    [[nodiscard]] double movePct(double current) const noexcept;

    [[nodiscard]] std::size_t samples() const noexcept { return m_lows.size() + m_highs.size(); }

private:
    struct Sample
    {
        qint64 timeMs;
        double value;
    };

    // A double-ended queue in one block that doubles up to kMaxSamples: a std::deque allocates
    // a 512-byte block and a map even for the two or three samples a quiet window holds.
    class SampleRing
    {
    public:
        [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
        [[nodiscard]] std::size_t size() const noexcept { return m_size; }
        [[nodiscard]] const Sample &front() const noexcept { return m_slots[m_head]; }
        [[nodiscard]] const Sample &back() const noexcept { return m_slots[(m_head + m_size - 1) & mask()]; }
        void popFront() noexcept
        {
            m_head = (m_head + 1) & mask();
            --m_size;
        }
        void popBack() noexcept { --m_size; }
        void pushBack(Sample sample); // drops the front when full at kMaxSamples

    private:
        [[nodiscard]] std::size_t mask() const noexcept { return m_slots.size() - 1; }

        std::vector<Sample> m_slots; // a power of two long
        std::size_t m_head = 0;
        std::size_t m_size = 0;
    };

    SampleRing m_lows;  // values rising from the front: the front is the window's lowest
    SampleRing m_highs; // values falling from the front: the front is the window's highest
};

} // namespace feeddeck::alert
