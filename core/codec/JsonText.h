#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

#include <cstddef>
#include <span>
#include <string_view>

// JSON text helpers that need no parser: the writer of JSON strings (the one home of JSON string
// escaping, for the codecs' requests, the relay's payloads, the simulator and the stats file),
// the captured value type, the number grammar and the quick reader of flat objects. JsonScan.h
// adds the simdjson side.
namespace feeddeck::codec {

// Appends text as a quoted JSON string in UTF-8: quote and backslash escaped, \n \r \t as
// such, other control characters as \u00XX, everything else as UTF-8 (a lone surrogate as
// U+FFFD, so that the text stays valid UTF-8). Untrusted text is safe in it.
void appendJsonString(QByteArray &out, QStringView text);

// Appends ["a","b",...], each item as appendJsonString writes it.
void appendJsonStringArray(QByteArray &out, const QStringList &items);

} // namespace feeddeck::codec

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
