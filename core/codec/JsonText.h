#pragma once

#include <QtGlobal>

#include <cstddef>
#include <span>
#include <string_view>

// JSON text helpers of the codecs that need no parser: the captured value type, the number
// grammar and the quick reader of flat objects. JsonScan.h adds the simdjson side.
namespace feeddeck::codec::json_scan {

enum class ValueKind : quint8 { Absent, String, Number, Null, Boolean, Object, Array };

// One captured value. Text points into the frame buffer or the parser's string buffer,
// both valid until the next frame.
struct Slot
{
    ValueKind kind = ValueKind::Absent;
    std::string_view text;

    friend bool operator==(const Slot &, const Slot &) = default;
};

// The whole text is one number token of the JSON grammar.
[[nodiscard]] bool isJsonNumber(std::string_view text) noexcept;

[[nodiscard]] std::string_view trimTrailingSpace(std::string_view text) noexcept;

// One member of a flat object: its key as written and its value as a Slot would capture it
// (strings without their quotes, numbers as their token, "true", "false", "null").
struct FlatMember
{
    std::string_view key;
    Slot value;
};

// The quick path for the usual shape of a feed message: one JSON object whose members are all
// strings without escapes, numbers, true, false or null, in ASCII, at most out.size() of them.
// Fills out in order and returns how many; returns -1 when the text is anything else (nested
// values, escapes, non-ASCII bytes, malformed JSON, more members). On -1 the caller parses the
// frame with simdjson, which reads every JSON text and says what is wrong; on every text this
// accepts, both read the same members (fuzz_flatjson checks it).
[[nodiscard]] int scanFlatObject(std::string_view text, std::span<FlatMember> out) noexcept;

} // namespace feeddeck::codec::json_scan
