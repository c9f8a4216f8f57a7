#include "core/codec/JsonScan.h"

#include "core/codec/Excerpt.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

namespace feeddeck::codec::json_scan {

simdjson::error_code FrameParser::iterate(std::string_view bytes, ondemand::document &document)
{
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: copy into a padded buffer,
    // and clear the padding so bytes of an earlier frame are never seen.
    const std::size_t needed = bytes.size() + simdjson::SIMDJSON_PADDING;
    if (capacity < needed) {
        const std::size_t rounded = roundedCapacity(needed);
        buffer = std::make_unique_for_overwrite<char[]>(rounded);
        capacity = rounded;
    }
    std::memcpy(buffer.get(), bytes.data(), bytes.size());
    std::memset(buffer.get() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
    // simdjson would grow to each new exact length; frames vary by a few bytes, so grow in steps.
    if (json.capacity() < bytes.size()) {
        if (const auto error = json.allocate(roundedCapacity(bytes.size())))
            return error;
    }
    return json.iterate(buffer.get(), bytes.size(), capacity).get(document);
}

bool FrameParser::oversized() const noexcept
{
    return capacity > kRetainBytes || json.capacity() > kRetainBytes;
}

std::size_t roundedCapacity(std::size_t size) noexcept
{
    constexpr std::size_t kMinCapacity = 16 * 1024;
    return size > kRetainBytes ? size : std::bit_ceil(std::max(size, kMinCapacity));
}

simdjson::error_code numberToken(ondemand::value &value, std::string_view &out) noexcept
{
    const std::string_view token = trimTrailingSpace(value.raw_json_token());
    if (!isJsonNumber(token))
        return simdjson::NUMBER_ERROR;
    out = token;
    return simdjson::SUCCESS;
}

simdjson::error_code fieldKey(ondemand::field &field, std::string_view &out) noexcept
{
    // Stage one has checked that every string closes, so a quote or a backslash comes first.
    const char *raw = field.key().raw();
    std::size_t length = 0;
    while (raw[length] != '"' && raw[length] != '\\')
        ++length;
    if (raw[length] == '"') {
        out = std::string_view(raw, length);
        return simdjson::SUCCESS;
    }
    return field.unescaped_key().get(out);
}

simdjson::error_code atomError(simdjson::error_code error) noexcept
{
    return error == simdjson::INCORRECT_TYPE ? simdjson::T_ATOM_ERROR : error;
}

simdjson::error_code validate(ondemand::value &value, int depth, BadBooleans booleans) noexcept
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    ondemand::json_type type;
    if (const auto error = value.type().get(type))
        return error;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        if (const auto error = value.get_object().get(object))
            return error;
        for (auto fieldResult : object) {
            ondemand::field field;
            if (const auto error = std::move(fieldResult).get(field))
                return error;
            std::string_view key;
            if (const auto error = fieldKey(field, key))
                return error;
            if (const auto error = validate(field.value(), depth + 1, booleans))
                return error;
        }
        return simdjson::SUCCESS;
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (const auto error = value.get_array().get(array))
            return error;
        for (auto elementResult : array) {
            ondemand::value element;
            if (const auto error = std::move(elementResult).get(element))
                return error;
            if (const auto error = validate(element, depth + 1, booleans))
                return error;
        }
        return simdjson::SUCCESS;
    }
    case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text);
    }
    case ondemand::json_type::number: {
        std::string_view token;
        return numberToken(value, token);
    }
    case ondemand::json_type::boolean: {
        bool flag = false;
        const auto error = value.get_bool().get(flag);
        return booleans == BadBooleans::AsAtomError ? atomError(error) : error;
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        if (const auto error = value.is_null().get(isNull))
            return error;
        return isNull ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    }
    return simdjson::TAPE_ERROR;
}

simdjson::error_code capture(ondemand::value &value, Slot &slot, int depth, BadBooleans booleans) noexcept
{
    ondemand::json_type type;
    if (const auto error = value.type().get(type))
        return error;
    switch (type) {
    case ondemand::json_type::string:
        slot.kind = ValueKind::String;
        return value.get_string().get(slot.text);
    case ondemand::json_type::number:
        slot.kind = ValueKind::Number;
        return numberToken(value, slot.text);
    case ondemand::json_type::object:
        slot.kind = ValueKind::Object;
        return validate(value, depth, booleans);
    case ondemand::json_type::array:
        slot.kind = ValueKind::Array;
        return validate(value, depth, booleans);
    case ondemand::json_type::boolean: {
        bool flag = false;
        slot.kind = ValueKind::Boolean;
        const auto read = value.get_bool().get(flag);
        const auto error = booleans == BadBooleans::AsAtomError ? atomError(read) : read;
        slot.text = flag ? "true" : "false";
        return error;
    }
    case ondemand::json_type::null:
        slot.kind = ValueKind::Null;
        slot.text = "null";
        return validate(value, depth, booleans);
    }
    return simdjson::TAPE_ERROR;
}

QString jsonErrorReason(simdjson::error_code error)
{
    switch (error) {
    case simdjson::EMPTY:
        return QStringLiteral("empty frame");
    case simdjson::UTF8_ERROR:
        return QStringLiteral("not valid UTF-8");
    case simdjson::UNCLOSED_STRING:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return QStringLiteral("truncated JSON");
    case simdjson::DEPTH_ERROR:
        return QStringLiteral("JSON nested too deeply");
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS:
        return QStringLiteral("bad string in JSON");
    case simdjson::NUMBER_ERROR:
        return QStringLiteral("bad number in JSON");
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return QStringLiteral("bad literal in JSON");
    case simdjson::TRAILING_CONTENT:
        return QStringLiteral("text after the JSON object");
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
        return QStringLiteral("frame too large to parse");
    default:
        return QStringLiteral("not valid JSON");
    }
}

QString describe(const Slot &slot)
{
    switch (slot.kind) {
    case ValueKind::String:
        return QLatin1Char('"') + excerpt(slot.text, kValueExcerptChars) + QLatin1Char('"');
    case ValueKind::Number:
    case ValueKind::Boolean:
    case ValueKind::Null:
        return excerpt(slot.text, kValueExcerptChars);
    case ValueKind::Object:
        return QStringLiteral("an object");
    case ValueKind::Array:
        return QStringLiteral("an array");
    case ValueKind::Absent:
        break;
    }
    return QStringLiteral("nothing");
}

QByteArray symbolOfAtMost(const char *what, std::size_t maxBytes)
{
    return QByteArray(what) + " of at most " + QByteArray::number(quint64(maxBytes)) + " bytes (max_symbol_bytes)";
}

DecodeResult badResult(IssueKind kind, QString detail)
{
    DecodeResult result;
    result.kind = FrameKind::Bad;
    result.issues.append(DecodeIssue{.kind = kind, .detail = std::move(detail), .symbol = {}});
    return result;
}

DecodeResult badJson(const QString &reason, std::string_view frame, qsizetype excerptChars)
{
    if (frame.empty())
        return badResult(IssueKind::BadJson, reason);
    return badResult(IssueKind::BadJson, QStringLiteral("%1: %2").arg(reason, excerpt(frame, excerptChars)));
}

QString openRootObject(FrameParser &parser, std::string_view bytes, ondemand::document &document,
                       ondemand::object &object)
{
    if (bytes.empty())
        return QStringLiteral("empty frame");
    if (const auto error = parser.iterate(bytes, document))
        return jsonErrorReason(error);
    if (const auto error = document.get_object().get(object))
        return error == simdjson::INCORRECT_TYPE ? QStringLiteral("not a JSON object") : jsonErrorReason(error);
    return {};
}

} // namespace feeddeck::codec::json_scan
