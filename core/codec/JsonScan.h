#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/JsonText.h"

#include <simdjson.h>

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <exception>
#include <memory>
#include <string_view>

// simdjson On Demand helpers shared by the codecs that parse JSON frames.
// Private to core/codec: simdjson is a private dependency of feeddeck_core.
namespace feeddeck::codec::json_scan {

namespace ondemand = simdjson::ondemand;

// Feed messages are shallow; anything deeper is junk, refused before it can cost stack.
inline constexpr int kMaxDepth = 64;
// Buffers grown for one big frame are given back afterwards, so a rare 16 MiB frame
// does not pin 16 MiB per feed for the rest of the session.
inline constexpr std::size_t kRetainBytes = 2 * 1024 * 1024;
// How much of a wrong value an issue detail quotes.
inline constexpr qsizetype kValueExcerptChars = 40;

// The simdjson parser of one codec with the padded copy of the current frame.
struct FrameParser
{
    ondemand::parser json;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;

    // Copies bytes into the padded buffer and starts iterating over them. May throw
    // std::bad_alloc for a huge frame.
    [[nodiscard]] simdjson::error_code iterate(std::string_view bytes, ondemand::document &document);
    // True when one big frame grew a buffer beyond kRetainBytes: the owner drops it.
    [[nodiscard]] bool oversized() const noexcept;
};

// Small buffers grow in powers of two (at least 16 KiB); big ones are sized exactly.
[[nodiscard]] std::size_t roundedCapacity(std::size_t size) noexcept;

// The text of a number token, checked against the JSON grammar (simdjson does not
// check tokens it is not asked to convert).
[[nodiscard]] simdjson::error_code numberToken(ondemand::value &value, std::string_view &out) noexcept;

// A field's key. A key without escapes is the text as written (no copy); one with escapes
// is unescaped, which also checks them.
[[nodiscard]] simdjson::error_code fieldKey(ondemand::field &field, std::string_view &out) noexcept;

// simdjson reports "tru" or "fals" as a type mismatch of a boolean.
[[nodiscard]] simdjson::error_code atomError(simdjson::error_code error) noexcept;

// How validate() reports a malformed true/false ("tru"): as simdjson does (a type
// mismatch, read as "not valid JSON"), or as a bad literal (atomError).
enum class BadBooleans { AsReported, AsAtomError };

// Walks a value completely so that only well-formed JSON is accepted, even in
// parts FeedDeck does not read.
[[nodiscard]] simdjson::error_code validate(ondemand::value &value, int depth,
                                            BadBooleans booleans = BadBooleans::AsAtomError) noexcept;

// Records the value's kind and text in slot; objects and arrays are only validated.
[[nodiscard]] simdjson::error_code capture(ondemand::value &value, Slot &slot, int depth,
                                           BadBooleans booleans = BadBooleans::AsAtomError) noexcept;

// The issue wording for a simdjson error.
[[nodiscard]] QString jsonErrorReason(simdjson::error_code error);

// A captured value as an issue detail quotes it.
[[nodiscard]] QString describe(const Slot &slot);

// What an issue expected in place of a symbol longer than the codec allows:
// "a symbol of at most 8 bytes (max_symbol_bytes)".
[[nodiscard]] QByteArray symbolOfAtMost(const char *what, std::size_t maxBytes);

// How much of a bad frame a problem quotes.
constexpr qsizetype kFrameExcerptChars = 80;

[[nodiscard]] DecodeResult badResult(IssueKind kind, QString detail);
// A frame that is not the JSON expected: the reason, then the start of the frame (up to
// excerptChars) so the problem shows what arrived.
[[nodiscard]] DecodeResult badJson(const QString &reason, std::string_view frame,
                                   qsizetype excerptChars = kFrameExcerptChars);

// Starts on one frame: parses it and opens its root object. Returns the reason the frame
// is bad ("empty frame", "not a JSON object", ...), or an empty string when it can be read.
[[nodiscard]] QString openRootObject(FrameParser &parser, std::string_view bytes, ondemand::document &document,
                                     ondemand::object &object);

// Runs `decode` on one frame. Only allocation can throw there (a huge frame): that costs
// the frame, not the feed. A parser whose buffer grew past kRetainBytes is replaced.
template<typename Parser, typename Decode, typename Bad>
[[nodiscard]] DecodeResult guardedDecode(std::unique_ptr<Parser> &parser, Decode &&decode, Bad &&bad)
{
    DecodeResult result;
    try {
        result = decode();
    } catch (const std::exception &) {
        parser = std::make_unique<Parser>();
        return bad(QStringLiteral("frame too large to parse"));
    }
    if (parser->oversized())
        parser = std::make_unique<Parser>();
    return result;
}

} // namespace feeddeck::codec::json_scan
