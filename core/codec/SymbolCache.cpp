#include "core/codec/SymbolCache.h"

#include "core/codec/Excerpt.h"
#include "core/data/TextHash.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace feeddeck::codec {

namespace {

constexpr std::size_t kInitialSlots = 64;

[[nodiscard]] std::uint64_t hashOf(std::string_view bytes) noexcept
{
    return data::hashBytes(bytes.data(), bytes.size());
}

} // namespace

QString SymbolCache::symbol(std::string_view bytes)
{
    const std::uint64_t hash = hashOf(bytes);
    if (!m_entries.empty()) {
        const std::size_t mask = m_entries.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Entry &entry = m_entries[i];
            if (!entry.used)
                break;
            if (entry.hash == hash && entry.bytes == bytes)
                return entry.symbol;
        }
    }

    QString made = printable(bytes); // a symbol is shown and exported: never raw control characters
    if (m_case == Case::Upper)
        made = std::move(made).toUpper();
    if (m_used >= kMaxSymbols) {
        m_entries.clear();
        m_used = 0;
    }
    if ((m_used + 1) * 2 > m_entries.size())
        grow();
    insert(Entry{.hash = hash, .bytes = std::string(bytes), .symbol = made, .used = true});
    ++m_used;
    return made;
}

void SymbolCache::grow()
{
    const std::size_t count = std::max(kInitialSlots, m_entries.size() * 2);
    std::vector<Entry> old = std::exchange(m_entries, std::vector<Entry>(count));
    for (Entry &entry : old)
        if (entry.used)
            insert(std::move(entry));
}

void SymbolCache::insert(Entry entry)
{
    const std::size_t mask = m_entries.size() - 1;
    std::size_t i = entry.hash & mask;
    while (m_entries[i].used)
        i = (i + 1) & mask;
    m_entries[i] = std::move(entry);
}

} // namespace feeddeck::codec
