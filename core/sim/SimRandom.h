#pragma once

#include <QtGlobal>

#include <random>

namespace feeddeck::sim {

// One generator per connection, derived from SimOptions::seed, so a run can be reproduced.
using SimRandom = std::mt19937_64;

// Independent, well-mixed seeds for numbered streams (splitmix64).
[[nodiscard]] constexpr quint64 deriveSeed(quint64 seed, quint64 stream) noexcept
{
    quint64 z = seed + (stream + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

[[nodiscard]] inline double uniformReal(SimRandom &rng, double low, double high)
{
    return std::uniform_real_distribution<double>(low, high)(rng);
}

// Inclusive on both ends.
[[nodiscard]] inline qint64 uniformInt(SimRandom &rng, qint64 low, qint64 high)
{
    return std::uniform_int_distribution<qint64>(low, high)(rng);
}

[[nodiscard]] inline double gaussian(SimRandom &rng, double sigma)
{
    return std::normal_distribution<double>(0.0, sigma)(rng);
}

[[nodiscard]] inline double exponential(SimRandom &rng, double mean)
{
    return std::exponential_distribution<double>(1.0 / mean)(rng);
}

[[nodiscard]] inline bool chance(SimRandom &rng, double probability)
{
    return uniformReal(rng, 0.0, 1.0) < probability;
}

} // namespace feeddeck::sim
