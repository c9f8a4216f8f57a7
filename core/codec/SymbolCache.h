#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace feeddeck::codec {

// The row symbols a codec has made from wire bytes, so a message for a known symbol costs
// a lookup and a reference count instead of a UTF-8 conversion. An open-addressing table
// that starts small, doubles as symbols arrive, and starts over when full: a feed that
// invents symbols cannot grow it without bound.
class SymbolCache
{
public:
    enum class Case { AsSent, Upper };

    explicit SymbolCache(Case letterCase = Case::AsSent) noexcept
        : m_case(letterCase)
    {
    }

    // At most this many symbols are kept.
    static constexpr std::size_t kMaxSymbols = 4096;

    // The symbol for these UTF-8 bytes (upper-cased when the cache was made with Case::Upper),
    // with characters that are not printable replaced by U+FFFD (codec::printable).
    [[nodiscard]] QString symbol(std::string_view bytes);

    [[nodiscard]] std::size_t size() const noexcept { return m_used; }

private:
    struct Entry
    {
        std::uint64_t hash = 0;
        std::string bytes;
        QString symbol;
        bool used = false;
    };

    void grow();
    void insert(Entry entry);

    Case m_case;
    std::vector<Entry> m_entries; // a power of two in size, at most half full
    std::size_t m_used = 0;
};

} // namespace feeddeck::codec
