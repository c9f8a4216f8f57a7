#pragma once

#include <QtGlobal>

#include <random>

namespace feeddeck::feed {

// The one reconnection policy: exponential backoff with full jitter and a floor,
//   delay = max(floor, random(0, min(max, initial * 2^attempt)))
// Full jitter spreads feeds that dropped together over the whole window, so a
// restarting server is not hit in lockstep (the thundering herd).
struct RetryParams
{
    int initialMs = 500;
    int maxMs = 30000;
    int floorMs = 100;
};

class RetryPolicy
{
public:
    using Params = RetryParams;

    explicit RetryPolicy(Params params = {}, quint64 seed = std::random_device{}());

    // The delay before the next attempt; each call counts one attempt.
    [[nodiscard]] int nextDelayMs();

    // The upper bound of the jitter window for a given attempt number.
    [[nodiscard]] int ceilingMs(int attempt) const noexcept;

    // Back to the first attempt: called once a connection has stayed Live long enough.
    void reset() noexcept { m_attempt = 0; }

    [[nodiscard]] int attempt() const noexcept { return m_attempt; }
    [[nodiscard]] const Params &params() const noexcept { return m_params; }

private:
    Params m_params;
    int m_attempt = 0;
    std::mt19937_64 m_random;
};

} // namespace feeddeck::feed
