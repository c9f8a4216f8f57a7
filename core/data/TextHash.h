#pragma once

#include <QStringView>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace feeddeck::data {

// The hash of the short keys looked up for every message (symbols, feed ids): a few
// multiplies over whole 8-byte words, where std::hash walks a general-purpose loop and
// Qt 6.4's QString hash is seeded and slower still. Every table keyed by it is bounded
// in size (rows per feed, series, cached symbols), so keys made to collide cannot grow
// the cost without limit.
[[nodiscard]] inline std::size_t hashBytes(const void *data, std::size_t size) noexcept
{
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    const auto *p = static_cast<const unsigned char *>(data);
    const auto word = [](const unsigned char *at) {
        std::uint64_t w;
        std::memcpy(&w, at, sizeof w);
        return w;
    };
    const auto half = [](const unsigned char *at) {
        std::uint32_t w;
        std::memcpy(&w, at, sizeof w);
        return std::uint64_t(w);
    };
    const auto mix = [](std::uint64_t h, std::uint64_t w) {
        h = (h ^ w) * kMul;
        return h ^ (h >> 32);
    };

    std::uint64_t h = std::uint64_t(size) * kMul;
    std::size_t rest = size;
    for (; rest > 8; rest -= 8, p += 8)
        h = mix(h, word(p));
    // The last 1 to 8 bytes, read as at most two loads that may overlap what came before.
    if (size >= 8)
        h = mix(h, word(p + rest - 8));
    else if (rest >= 4)
        h = mix(h, half(p) | half(p + rest - 4) << 32);
    else if (rest > 0)
        h = mix(h, std::uint64_t(p[0]) | std::uint64_t(p[rest / 2]) << 8 | std::uint64_t(p[rest - 1]) << 16);
    // Final avalanche: open-addressing tables index by the low bits.
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return std::size_t(h ^ (h >> 32));
}

[[nodiscard]] inline std::size_t hashText(QStringView text) noexcept
{
    return hashBytes(text.utf16(), std::size_t(text.size()) * sizeof(char16_t));
}

} // namespace feeddeck::data
