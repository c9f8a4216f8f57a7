#include "core/codec/JsonText.h"

#include <array>
#include <bit>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace feeddeck::codec::json_scan {

namespace {

[[nodiscard]] constexpr bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

[[nodiscard]] constexpr bool isSpace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The bytes a plain string cannot hold: its closing quote, the start of an escape, control
// bytes (not valid JSON) and non-ASCII bytes (left to simdjson's UTF-8 check).
constexpr std::array<bool, 256> kEndsPlainString = [] {
    std::array<bool, 256> ends{};
    for (int c = 0; c < 256; ++c)
        ends[std::size_t(c)] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
    return ends;
}();

// The characters a number token is made of; the token is then checked against the grammar.
constexpr std::array<bool, 256> kInNumber = [] {
    std::array<bool, 256> in{};
    for (int c = '0'; c <= '9'; ++c)
        in[std::size_t(c)] = true;
    for (const char c : {'-', '+', '.', 'e', 'E'})
        in[std::size_t(c)] = true;
    return in;
}();

// Reads a flat object from the text, byte by byte; any step that fails means "not flat".
class FlatReader
{
public:
    explicit FlatReader(std::string_view text) noexcept
        : m_at(text.data())
        , m_end(text.data() + text.size())
    {
    }

    [[nodiscard]] int read(std::span<FlatMember> out) noexcept
    {
        skipSpace();
        if (!take('{'))
            return -1;
        skipSpace();
        int count = 0;
        if (!take('}')) {
            for (;;) {
                if (std::size_t(count) == out.size() || !plainString(out[std::size_t(count)].key))
                    return -1;
                skipSpace();
                if (!take(':'))
                    return -1;
                skipSpace();
                if (!value(out[std::size_t(count)].value))
                    return -1;
                ++count;
                skipSpace();
                if (take(','))
                    skipSpace();
                else if (take('}'))
                    break;
                else
                    return -1;
            }
        }
        skipSpace();
        return m_at == m_end ? count : -1;
    }

private:
    void skipSpace() noexcept
    {
        while (m_at != m_end && isSpace(*m_at))
            ++m_at;
    }

    [[nodiscard]] bool take(char c) noexcept
    {
        if (m_at == m_end || *m_at != c)
            return false;
        ++m_at;
        return true;
    }

    [[nodiscard]] bool takeWord(std::string_view word) noexcept
    {
        if (std::size_t(m_end - m_at) < word.size() || std::memcmp(m_at, word.data(), word.size()) != 0)
            return false;
        m_at += word.size();
        return true;
    }

    // The first byte from `at` on that a plain string cannot hold, or the end.
    [[nodiscard]] const char *plainRunEnd(const char *at) const noexcept
    {
#if defined(__SSE2__)
        // Sixteen bytes at a time while they are all inside the text. Compared as signed bytes,
        // both control bytes and non-ASCII bytes (negative) are less than 0x20.
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        while (m_end - at >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
            const __m128i ends = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                              _mm_cmplt_epi8(bytes, space));
            if (const int mask = _mm_movemask_epi8(ends); mask != 0)
                return at + std::countr_zero(unsigned(mask));
            at += 16;
        }
#endif
        while (at != m_end && !kEndsPlainString[static_cast<unsigned char>(*at)])
            ++at;
        return at;
    }

    // A string starting at its opening quote, without escapes: its text between the quotes.
    [[nodiscard]] bool plainString(std::string_view &text) noexcept
    {
        if (!take('"'))
            return false;
        const char *start = m_at;
        m_at = plainRunEnd(m_at);
        if (!take('"'))
            return false;
        text = std::string_view(start, std::size_t(m_at - 1 - start));
        return true;
    }

    [[nodiscard]] bool value(Slot &slot) noexcept
    {
        if (m_at == m_end)
            return false;
        const char c = *m_at;
        if (c == '"') {
            slot.kind = ValueKind::String;
            return plainString(slot.text);
        }
        if (c == '-' || isDigit(c)) {
            const char *start = m_at;
            while (m_at != m_end && kInNumber[static_cast<unsigned char>(*m_at)])
                ++m_at;
            slot.kind = ValueKind::Number;
            slot.text = std::string_view(start, std::size_t(m_at - start));
            return isJsonNumber(slot.text);
        }
        // The word must end there: "truex" is not flat (the caller sees no ',' or '}' next).
        for (const auto &[word, kind] : {std::pair{std::string_view("true"), ValueKind::Boolean},
                                         std::pair{std::string_view("false"), ValueKind::Boolean},
                                         std::pair{std::string_view("null"), ValueKind::Null}}) {
            if (takeWord(word)) {
                slot.kind = kind;
                slot.text = word;
                return true;
            }
        }
        return false; // an object, an array or no JSON value at all
    }

    const char *m_at;
    const char *m_end;
};

} // namespace

bool isJsonNumber(std::string_view text) noexcept
{
    std::size_t i = 0;
    const auto digitAt = [&](std::size_t at) { return at < text.size() && isDigit(text[at]); };
    if (i < text.size() && text[i] == '-')
        ++i;
    if (!digitAt(i))
        return false;
    if (text[i] == '0') {
        ++i;
    } else {
        while (digitAt(i))
            ++i;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (!digitAt(i))
            return false;
        while (digitAt(i))
            ++i;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (!digitAt(i))
            return false;
        while (digitAt(i))
            ++i;
    }
    return i == text.size();
}

std::string_view trimTrailingSpace(std::string_view text) noexcept
{
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

int scanFlatObject(std::string_view text, std::span<FlatMember> out) noexcept
{
    return FlatReader(text).read(out);
}

} // namespace feeddeck::codec::json_scan
