#include "core/codec/JsonText.h"

#include <array>
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace feeddeck::codec {

void appendJsonString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (c < 0x80) {
            switch (c) {
            case '"':
                out.append("\\\"", 2);
                break;
            case '\\':
                out.append("\\\\", 2);
                break;
            case '\n':
                out.append("\\n", 2);
                break;
            case '\r':
                out.append("\\r", 2);
                break;
            case '\t':
                out.append("\\t", 2);
                break;
            default:
                if (c < 0x20) {
                    out.append("\\u00", 4);
                    out.append(kHex[c >> 4]);
                    out.append(kHex[c & 0xF]);
                } else {
                    out.append(char(c));
                }
            }
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(char16_t(c), text[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(c)) {
            c = 0xFFFD;
        }
        char utf8[4];
        qsizetype length = 0;
        if (c < 0x800) {
            utf8[0] = char(0xC0 | (c >> 6));
            length = 1;
        } else if (c < 0x10000) {
            utf8[0] = char(0xE0 | (c >> 12));
            utf8[1] = char(0x80 | ((c >> 6) & 0x3F));
            length = 2;
        } else {
            utf8[0] = char(0xF0 | (c >> 18));
            utf8[1] = char(0x80 | ((c >> 12) & 0x3F));
            utf8[2] = char(0x80 | ((c >> 6) & 0x3F));
            length = 3;
        }
        utf8[length++] = char(0x80 | (c & 0x3F));
        out.append(utf8, length);
    }
    out.append('"');
}

void appendJsonStringArray(QByteArray &out, const QStringList &items)
{
    out.append('[');
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendJsonString(out, items.at(i));
    }
    out.append(']');
}

} // namespace feeddeck::codec

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

// Texts up to this size get a quote mask (below); longer ones are read string by string.
constexpr std::size_t kMaskedBytes = 2048;
constexpr std::size_t kMaskWords = kMaskedBytes / 64;

// The quote mask of a text up to kMaskedBytes: bit i of words[i / 64] is set when byte i is a
// quote. It lives beside the reader, not in it, so that the reader's cursor stays in registers.
using QuoteWords = std::array<std::uint64_t, kMaskWords>;

// Marks every quote of the text in words and tells whether every byte is one a plain string may
// hold or a quote: printable ASCII, no backslash. Such a text has no escapes and no control
// bytes anywhere, so its strings end at their next quote, and the reader finds every string end
// from the mask instead of scanning each string, and the scans of one message do not wait on
// each other. Writes the words that cover the text, each once. text.size() <= kMaskedBytes.
[[nodiscard]] bool markQuotes(std::string_view text, QuoteWords &words) noexcept
{
    const std::size_t size = text.size();
    std::uint64_t others = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (std::size_t word = 0; word * 64 < size; ++word) {
        const std::size_t at = word * 64;
        // The last block is copied into spaces: a space is neither a quote nor an odd byte.
        alignas(16) char tail[64];
        const char *block = text.data() + at;
        if (size - at < 64) {
            std::memset(tail, ' ', sizeof tail);
            std::memcpy(tail, block, size - at);
            block = tail;
        }
        std::uint64_t quotes = 0;
        std::uint64_t odd = 0;
        for (int part = 0; part < 4; ++part) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 16 * part));
            quotes |= std::uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)))) << (16 * part);
            // As signed bytes, control bytes and non-ASCII bytes (negative) are both below 0x20.
            odd |= std::uint64_t(unsigned(_mm_movemask_epi8(
                       _mm_or_si128(_mm_cmpeq_epi8(bytes, backslash), _mm_cmplt_epi8(bytes, space)))))
                << (16 * part);
        }
        words[word] = quotes;
        others |= odd;
    }
#else
    for (std::size_t word = 0; word * 64 < size; ++word)
        words[word] = 0;
    for (std::size_t at = 0; at < size; ++at) {
        const char c = text[at];
        if (c == '"')
            words[at / 64] |= std::uint64_t(1) << (at % 64);
        else if (kEndsPlainString[static_cast<unsigned char>(c)])
            others = 1;
    }
#endif
    return others == 0;
}

// Reads a flat object from the text; any step that fails means "not flat".
class FlatReader
{
public:
    // quoteWords: storage for the text's quote mask, used when the text is plain.
    FlatReader(std::string_view text, QuoteWords &quoteWords) noexcept
        : m_begin(text.data())
        , m_at(text.data())
        , m_end(text.data() + text.size())
        , m_quoteWords(quoteWords)
    {
        if (!text.empty() && text.size() <= kMaskedBytes && markQuotes(text, quoteWords)) {
            m_masked = true;
            m_bits = m_quoteWords[0];
        }
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

    // The position of the next quote of the mask not yet taken, or -1 when there is none.
    [[nodiscard]] std::ptrdiff_t takeMaskedQuote() noexcept
    {
        while (m_bits == 0) {
            if (++m_word == kMaskWords || std::ptrdiff_t(m_word * 64) >= m_end - m_begin)
                return -1;
            m_bits = m_quoteWords[m_word];
        }
        const auto at = std::ptrdiff_t(m_word * 64 + std::size_t(std::countr_zero(m_bits)));
        m_bits &= m_bits - 1;
        return at;
    }

    // A string starting at its opening quote, without escapes: its text between the quotes.
    [[nodiscard]] bool plainString(std::string_view &text) noexcept
    {
        if (m_masked) {
            // Quotes are taken in order, so the next one must be this opening quote: a quote
            // skipped over elsewhere (in a number, say) shows up here as a mismatch.
            if (takeMaskedQuote() != m_at - m_begin)
                return false;
            const std::ptrdiff_t close = takeMaskedQuote();
            if (close < 0)
                return false;
            text = std::string_view(m_at + 1, std::size_t(close - (m_at - m_begin) - 1));
            m_at = m_begin + close + 1;
            return true;
        }
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

    const char *m_begin;
    const char *m_at;
    const char *m_end;
    // The quote mask of a plain text (markQuotes), and how far its quotes have been taken.
    const QuoteWords &m_quoteWords;
    bool m_masked = false;
    std::size_t m_word = 0;
    std::uint64_t m_bits = 0;
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
    QuoteWords quoteWords;
    return FlatReader(text, quoteWords).read(out);
}

} // namespace feeddeck::codec::json_scan
