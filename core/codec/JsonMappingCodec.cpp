#include "core/codec/JsonMappingCodec.h"

#include "core/codec/Excerpt.h"
#include "core/codec/NumberParser.h"

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <utility>
#include <vector>

namespace feeddeck::codec {

namespace ondemand = simdjson::ondemand;

namespace {

// Deeper documents are junk, refused before they can cost stack.
constexpr int kMaxDepth = 64;
// Buffers grown for one big frame are given back afterwards, so a rare 16 MiB frame
// does not pin 16 MiB per feed for the rest of the session.
constexpr std::size_t kRetainBytes = 2 * 1024 * 1024;
// One part of a row key ("SKU-1001"); a longer one is junk, not a row.
constexpr std::size_t kMaxKeyPartBytes = 128;
constexpr std::size_t kMaxCachedSymbols = 4096;
constexpr qsizetype kFrameExcerptChars = 80;
constexpr qsizetype kValueExcerptChars = 40;
constexpr qsizetype kPathExcerptChars = 60;
// Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138).
constexpr double kSecondsLimit = 1e11;
// 9999-12-31T23:59:59.999Z, the last instant an ISO 8601 time can name.
constexpr qint64 kMaxEpochMs = Q_INT64_C(253402300799999);

enum class ValueKind : quint8 { Absent, String, Number, Null, Boolean, Object, Array };

// One captured value of a mapped path. Text points into the frame buffer or the
// parser's string buffer, both valid until the next frame.
struct Slot
{
    ValueKind kind = ValueKind::Absent;
    std::string_view text;
};

struct TransparentHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

// The mapped paths as a tree of object keys: a frame is walked once, descending only
// into objects on a mapped path, and each mapped path's value lands in its slot.
struct PathNode
{
    std::unordered_map<std::string, int, TransparentHash, std::equal_to<>> children;
    int slot = -1;
};

struct PathTree
{
    std::vector<PathNode> nodes{PathNode{}}; // nodes[0] is the root object
    std::vector<Slot> captured;
    std::vector<QString> slotNames; // the path as written, quoted and printable, for issue details

    // The slot of `path`, added on first use.
    int add(const QString &path)
    {
        int node = 0;
        for (const QString &segment : pathSegments(path)) {
            const std::string key = segment.toStdString();
            const auto found = nodes[std::size_t(node)].children.find(key);
            if (found != nodes[std::size_t(node)].children.end()) {
                node = found->second;
                continue;
            }
            const int child = int(nodes.size());
            nodes.emplace_back();
            nodes[std::size_t(node)].children.emplace(key, child);
            node = child;
        }
        PathNode &leaf = nodes[std::size_t(node)];
        if (leaf.slot < 0) {
            leaf.slot = int(captured.size());
            captured.emplace_back();
            const QByteArray utf8 = path.toUtf8();
            const std::string_view text(utf8.constData(), std::size_t(utf8.size()));
            slotNames.push_back(QLatin1Char('"') + excerpt(text, kPathExcerptChars) + QLatin1Char('"'));
        }
        return leaf.slot;
    }

    [[nodiscard]] int child(int node, std::string_view key) const noexcept
    {
        const auto &children = nodes[std::size_t(node)].children;
        const auto found = children.find(key);
        return found == children.end() ? -1 : found->second;
    }
};

// One match condition compiled against a slot.
struct Condition
{
    int slot = -1;
    ValueKind kind = ValueKind::String;
    std::string text; // String: the UTF-8 value; Boolean: "true" or "false"
    double number = 0.0;
};

// Small buffers grow in powers of two (at least 16 KiB); big ones are sized exactly.
[[nodiscard]] std::size_t roundedCapacity(std::size_t size) noexcept
{
    constexpr std::size_t kMinCapacity = 16 * 1024;
    return size > kRetainBytes ? size : std::bit_ceil(std::max(size, kMinCapacity));
}

[[nodiscard]] bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

[[nodiscard]] bool isJsonNumber(std::string_view text) noexcept
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

// A JSON number token without fraction or exponent ("1001", "-7").
[[nodiscard]] bool isJsonInteger(std::string_view text) noexcept
{
    return isJsonNumber(text) && text.find_first_of(".eE") == std::string_view::npos;
}

[[nodiscard]] std::string_view trimTrailingSpace(std::string_view text) noexcept
{
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// The text of a number token, checked against the JSON grammar (simdjson does not
// check tokens it is not asked to convert).
[[nodiscard]] simdjson::error_code numberToken(ondemand::value &value, std::string_view &out) noexcept
{
    const std::string_view token = trimTrailingSpace(value.raw_json_token());
    if (!isJsonNumber(token))
        return simdjson::NUMBER_ERROR;
    out = token;
    return simdjson::SUCCESS;
}

// simdjson reports "tru" or "fals" as a type mismatch of a boolean.
[[nodiscard]] simdjson::error_code atomError(simdjson::error_code error) noexcept
{
    return error == simdjson::INCORRECT_TYPE ? simdjson::T_ATOM_ERROR : error;
}

// Walks a value completely so that only well-formed JSON is accepted, even in
// parts the mapping does not read.
[[nodiscard]] simdjson::error_code validate(ondemand::value &value, int depth) noexcept
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
            if (const auto error = field.unescaped_key().get(key))
                return error;
            if (const auto error = validate(field.value(), depth + 1))
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
            if (const auto error = validate(element, depth + 1))
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
        return atomError(value.get_bool().get(flag));
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

[[nodiscard]] simdjson::error_code capture(ondemand::value &value, Slot &slot, int depth) noexcept
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
        return validate(value, depth);
    case ondemand::json_type::array:
        slot.kind = ValueKind::Array;
        return validate(value, depth);
    case ondemand::json_type::boolean: {
        bool flag = false;
        slot.kind = ValueKind::Boolean;
        const auto error = atomError(value.get_bool().get(flag));
        slot.text = flag ? "true" : "false";
        return error;
    }
    case ondemand::json_type::null:
        slot.kind = ValueKind::Null;
        slot.text = "null";
        return validate(value, depth);
    }
    return simdjson::TAPE_ERROR;
}

simdjson::error_code visitValue(ondemand::value &value, PathTree &tree, int node, int depth) noexcept;

// The fields of an object reached through mapped path `node`.
[[nodiscard]] simdjson::error_code visitObject(ondemand::object &object, PathTree &tree, int node, int depth) noexcept
{
    for (auto fieldResult : object) {
        ondemand::field field;
        if (const auto error = std::move(fieldResult).get(field))
            return error;
        std::string_view name;
        if (const auto error = field.unescaped_key().get(name))
            return error;
        const int child = tree.child(node, name);
        const auto error = child < 0 ? validate(field.value(), depth) : visitValue(field.value(), tree, child, depth);
        if (error)
            return error;
    }
    return simdjson::SUCCESS;
}

[[nodiscard]] simdjson::error_code visitValue(ondemand::value &value, PathTree &tree, int node, int depth) noexcept
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    const PathNode &path = tree.nodes[std::size_t(node)];
    Slot *slot = path.slot >= 0 ? &tree.captured[std::size_t(path.slot)] : nullptr;
    if (path.children.empty())
        return slot ? capture(value, *slot, depth) : validate(value, depth);
    ondemand::json_type type;
    if (const auto error = value.type().get(type))
        return error;
    if (type != ondemand::json_type::object)
        return slot ? capture(value, *slot, depth) : validate(value, depth);
    if (slot)
        slot->kind = ValueKind::Object;
    ondemand::object object;
    if (const auto error = value.get_object().get(object))
        return error;
    return visitObject(object, tree, node, depth + 1);
}

[[nodiscard]] bool matches(const std::vector<Condition> &conditions, const std::vector<Slot> &captured) noexcept
{
    for (const Condition &condition : conditions) {
        const Slot &slot = captured[std::size_t(condition.slot)];
        if (slot.kind != condition.kind)
            return false;
        if (condition.kind == ValueKind::Number) {
            const std::optional<double> value = parseDecimal(slot.text);
            if (!value || *value != condition.number)
                return false;
        } else if (slot.text != condition.text) {
            return false;
        }
    }
    return true;
}

[[nodiscard]] QString describe(const Slot &slot)
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

[[nodiscard]] DecodeResult badResult(IssueKind kind, QString detail)
{
    DecodeResult result;
    result.kind = FrameKind::Bad;
    result.issues.append(DecodeIssue{.kind = kind, .detail = std::move(detail), .symbol = {}});
    return result;
}

[[nodiscard]] QString jsonErrorReason(simdjson::error_code error)
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

[[nodiscard]] DecodeResult badJson(const QString &reason, std::string_view frame)
{
    if (frame.empty())
        return badResult(IssueKind::BadJson, reason);
    return badResult(IssueKind::BadJson, QStringLiteral("%1: %2").arg(reason, excerpt(frame, kFrameExcerptChars)));
}

[[nodiscard]] DecodeResult missing(const char *role, const QString &name)
{
    return badResult(IssueKind::MissingField, QStringLiteral("missing %1 %2").arg(QLatin1String(role), name));
}

[[nodiscard]] DecodeResult wrongType(const char *role, const QString &name, const char *expected, const Slot &slot)
{
    return badResult(IssueKind::WrongType,
                     QStringLiteral("%1 %2: expected %3, got %4")
                         .arg(QLatin1String(role), name, QLatin1String(expected), describe(slot)));
}

// Epoch seconds or milliseconds (told apart by size) as milliseconds, truncated towards
// the past like ISO times. Plain decimals are converted exactly, not through a double.
[[nodiscard]] std::optional<qint64> epochMs(std::string_view token) noexcept
{
    const std::optional<double> value = parseDecimal(token);
    if (!value || *value < 0.0)
        return std::nullopt;
    const bool seconds = *value < kSecondsLimit;
    if (*value * (seconds ? 1000.0 : 1.0) > double(kMaxEpochMs))
        return std::nullopt;
    if (token.find_first_of("eE") != std::string_view::npos)
        return qint64(std::floor(*value * (seconds ? 1000.0 : 1.0)));

    const std::size_t point = token.find('.');
    const std::string_view whole = token.substr(0, point);
    qint64 ms = 0;
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), ms);
    if (ec != std::errc() || end != whole.data() + whole.size())
        return std::nullopt;
    if (seconds) {
        ms *= 1000;
        const std::string_view fraction =
            point == std::string_view::npos ? std::string_view() : token.substr(point + 1);
        qint64 scale = 100;
        for (std::size_t i = 0; i < fraction.size() && i < 3; ++i, scale /= 10)
            ms += qint64(fraction[i] - '0') * scale;
    }
    return ms <= kMaxEpochMs ? std::optional<qint64>(ms) : std::nullopt;
}

[[nodiscard]] QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Non-empty entries, first occurrence kept.
[[nodiscard]] QStringList distinctNonEmpty(const QStringList &items)
{
    QStringList out;
    out.reserve(items.size());
    for (const QString &item : items)
        if (!item.isEmpty() && !out.contains(item))
            out.append(item);
    return out;
}

[[nodiscard]] Condition compile(const MatchCondition &condition, PathTree &tree)
{
    Condition out;
    out.slot = tree.add(condition.path);
    if (condition.expected.isBool()) {
        out.kind = ValueKind::Boolean;
        out.text = condition.expected.toBool() ? "true" : "false";
    } else if (condition.expected.isDouble()) {
        out.kind = ValueKind::Number;
        out.number = condition.expected.toDouble();
    } else {
        out.kind = ValueKind::String;
        out.text = condition.expected.toString().toStdString();
    }
    return out;
}

[[nodiscard]] std::vector<Condition> compile(const MatchConditions &conditions, PathTree &tree)
{
    std::vector<Condition> out;
    out.reserve(std::size_t(conditions.size()));
    for (const MatchCondition &condition : conditions)
        out.push_back(compile(condition, tree));
    return out;
}

} // namespace

struct JsonMappingCodec::Parser
{
    ondemand::parser json;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
};

struct JsonMappingCodec::Plan
{
    PathTree tree;
    std::vector<Condition> match;
    std::vector<Condition> ack;
    std::vector<Condition> errorMatch;
    bool hasAck = false;
    bool hasError = false;
    int errorSymbol = -1;
    int errorMessage = -1;
    std::vector<int> key;
    int time = -1;
    std::vector<int> fields;
    QList<QString> fieldNames; // shared with every update, so naming a field never allocates
};

JsonMappingCodec::JsonMappingCodec(JsonMapping mapping)
    : m_mapping(std::move(mapping))
    , m_plan(std::make_unique<Plan>())
    , m_parser(std::make_unique<Parser>())
{
    Plan &plan = *m_plan;
    plan.match = compile(m_mapping.match, plan.tree);
    if (m_mapping.ack) {
        plan.hasAck = true;
        plan.ack = compile(*m_mapping.ack, plan.tree);
    }
    if (m_mapping.error) {
        plan.hasError = true;
        plan.errorMatch = compile(m_mapping.error->match, plan.tree);
        if (!m_mapping.error->symbolPath.isEmpty())
            plan.errorSymbol = plan.tree.add(m_mapping.error->symbolPath);
        if (!m_mapping.error->messagePath.isEmpty())
            plan.errorMessage = plan.tree.add(m_mapping.error->messagePath);
    }
    for (const QString &path : std::as_const(m_mapping.key))
        plan.key.push_back(plan.tree.add(path));
    if (!m_mapping.time.isEmpty())
        plan.time = plan.tree.add(m_mapping.time);
    for (const QString &path : std::as_const(m_mapping.fields)) {
        plan.fields.push_back(plan.tree.add(path));
        plan.fieldNames.append(path);
    }
}

JsonMappingCodec::~JsonMappingCodec() = default;

QString JsonMappingCodec::protocol() const
{
    return QStringLiteral("json");
}

QList<QByteArray> JsonMappingCodec::subscribeMessages(const QStringList &symbols)
{
    const QStringList unique = distinctNonEmpty(symbols);
    if (unique.isEmpty() || m_mapping.subscribe.isUndefined())
        return {};
    return {renderTemplate(m_mapping.subscribe, unique)};
}

QList<QByteArray> JsonMappingCodec::unsubscribeMessages(const QStringList &symbols)
{
    const QStringList unique = distinctNonEmpty(symbols);
    if (unique.isEmpty() || m_mapping.unsubscribe.isUndefined())
        return {};
    return {renderTemplate(m_mapping.unsubscribe, unique)};
}

bool JsonMappingCodec::expectsSubscriptionAck() const
{
    return m_plan->hasAck;
}

DecodeResult JsonMappingCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    const std::string_view bytes(frame.data(), std::size_t(frame.size()));
    DecodeResult result;
    try {
        result = decodeDocument(bytes, receivedMs);
    } catch (const std::exception &) {
        // Only allocation can throw here (a huge frame); it costs this frame, not the feed.
        m_parser = std::make_unique<Parser>();
        return badJson(QStringLiteral("frame too large to parse"), bytes);
    }
    if (m_parser->capacity > kRetainBytes || m_parser->json.capacity() > kRetainBytes)
        m_parser = std::make_unique<Parser>();
    return result;
}

DecodeResult JsonMappingCodec::decodeDocument(std::string_view bytes, qint64 receivedMs)
{
    if (bytes.empty())
        return badJson(QStringLiteral("empty frame"), bytes);

    // simdjson reads up to SIMDJSON_PADDING bytes past the end: copy into a padded buffer,
    // and clear the padding so bytes of an earlier frame are never seen.
    Parser &parser = *m_parser;
    const std::size_t needed = bytes.size() + simdjson::SIMDJSON_PADDING;
    if (parser.capacity < needed) {
        const std::size_t capacity = roundedCapacity(needed);
        parser.buffer = std::make_unique_for_overwrite<char[]>(capacity);
        parser.capacity = capacity;
    }
    std::memcpy(parser.buffer.get(), bytes.data(), bytes.size());
    std::memset(parser.buffer.get() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
    // simdjson would grow to each new exact length; frames vary by a few bytes, so grow in steps.
    if (parser.json.capacity() < bytes.size()) {
        if (const auto error = parser.json.allocate(roundedCapacity(bytes.size())))
            return badJson(jsonErrorReason(error), bytes);
    }

    ondemand::document document;
    if (const auto error = parser.json.iterate(parser.buffer.get(), bytes.size(), parser.capacity).get(document))
        return badJson(jsonErrorReason(error), bytes);

    ondemand::object object;
    if (const auto error = document.get_object().get(object)) {
        return badJson(error == simdjson::INCORRECT_TYPE ? QStringLiteral("not a JSON object") : jsonErrorReason(error),
                       bytes);
    }

    PathTree &tree = m_plan->tree;
    std::fill(tree.captured.begin(), tree.captured.end(), Slot{});
    if (const auto error = visitObject(object, tree, 0, 1))
        return badJson(jsonErrorReason(error), bytes);
    // A location still in bounds after the root object means more text follows it.
    const char *trailing = nullptr;
    if (document.current_location().get(trailing) == simdjson::SUCCESS)
        return badJson(jsonErrorReason(simdjson::TRAILING_CONTENT), bytes);

    const Plan &plan = *m_plan;
    if (plan.hasError && matches(plan.errorMatch, tree.captured))
        return decodeError();
    if (plan.hasAck && matches(plan.ack, tree.captured)) {
        DecodeResult ack;
        ack.subscriptionAck = true;
        return ack;
    }
    if (!matches(plan.match, tree.captured))
        return {}; // another kind of message (heartbeat, status...): ignored, not bad
    return decodeData(receivedMs);
}

DecodeResult JsonMappingCodec::decodeError() const
{
    const Plan &plan = *m_plan;
    const std::vector<Slot> &captured = plan.tree.captured;
    QString message;
    if (plan.errorMessage >= 0) {
        const Slot &slot = captured[std::size_t(plan.errorMessage)];
        if (slot.kind == ValueKind::String || slot.kind == ValueKind::Number || slot.kind == ValueKind::Boolean)
            message = excerpt(slot.text, kFrameExcerptChars);
    }
    QString symbol;
    if (plan.errorSymbol >= 0) {
        const Slot &slot = captured[std::size_t(plan.errorSymbol)];
        const bool text = slot.kind == ValueKind::String && !slot.text.empty() && slot.text.size() <= kMaxKeyPartBytes;
        const bool integer = slot.kind == ValueKind::Number && isJsonInteger(slot.text);
        if (text || integer)
            symbol = toQString(slot.text);
    }

    DecodeIssue issue;
    if (!symbol.isEmpty()) {
        issue.kind = IssueKind::SymbolRejected;
        issue.symbol = symbol;
        issue.detail = message.isEmpty() ? QStringLiteral("refused by the server") : message;
    } else {
        issue.kind = IssueKind::ServerError;
        issue.detail = message.isEmpty() ? QStringLiteral("server error without a message") : message;
    }
    DecodeResult result;
    result.issues.append(std::move(issue));
    return result;
}

DecodeResult JsonMappingCodec::decodeData(qint64 receivedMs)
{
    const Plan &plan = *m_plan;
    const PathTree &tree = plan.tree;
    if (plan.key.empty())
        return badResult(IssueKind::MissingField, QStringLiteral("the mapping names no key field"));

    m_keyBuffer.clear();
    for (const int index : plan.key) {
        const Slot &slot = tree.captured[std::size_t(index)];
        const QString &name = tree.slotNames[std::size_t(index)];
        if (slot.kind == ValueKind::Absent)
            return missing("key field", name);
        const bool text = slot.kind == ValueKind::String && !slot.text.empty() && slot.text.size() <= kMaxKeyPartBytes;
        const bool integer =
            slot.kind == ValueKind::Number && isJsonInteger(slot.text) && slot.text.size() <= kMaxKeyPartBytes;
        if (!text && !integer)
            return wrongType("key field", name, "a non-empty string or an integer", slot);
        if (!m_keyBuffer.empty())
            m_keyBuffer += '/';
        m_keyBuffer += slot.text;
    }

    DecodeResult result;
    // Filled in place: moving an Update would copy its inline field array.
    store::Update &update = result.updates.emplaceBack();
    update.receivedMs = receivedMs;

    if (plan.time >= 0) {
        const Slot &slot = tree.captured[std::size_t(plan.time)];
        const QString &name = tree.slotNames[std::size_t(plan.time)];
        std::optional<qint64> sourceMs;
        if (slot.kind == ValueKind::Absent)
            return missing("time field", name);
        if (slot.kind == ValueKind::String) {
            sourceMs = parseIsoTimeMs(slot.text);
            // Some feeds quote their epoch numbers.
            if (!sourceMs && isJsonNumber(slot.text))
                sourceMs = epochMs(slot.text);
        } else if (slot.kind == ValueKind::Number) {
            sourceMs = epochMs(slot.text);
        }
        if (!sourceMs)
            return wrongType("time field", name, "an ISO 8601 time or epoch seconds or milliseconds", slot);
        update.sourceMs = *sourceMs;
    }

    for (std::size_t i = 0; i < plan.fields.size(); ++i) {
        const int index = plan.fields[i];
        const Slot &slot = tree.captured[std::size_t(index)];
        const QString &name = tree.slotNames[std::size_t(index)];
        if (slot.kind == ValueKind::Absent)
            return missing("field", name);
        // Numbers arrive as JSON numbers or as numeric strings ("118", "0.25").
        std::optional<double> value;
        if (slot.kind == ValueKind::String || slot.kind == ValueKind::Number)
            value = parseDecimal(slot.text);
        if (!value)
            return wrongType("field", name, "a number", slot);
        update.fields.emplace_back(plan.fieldNames[qsizetype(i)], *value);
    }

    update.symbol = symbolFor(m_keyBuffer);
    result.kind = FrameKind::Data;
    return result;
}

QString JsonMappingCodec::symbolFor(std::string_view key)
{
    if (const auto it = m_symbols.find(key); it != m_symbols.end())
        return it->second;
    if (m_symbols.size() >= kMaxCachedSymbols)
        m_symbols.clear(); // a feed inventing keys cannot grow the cache without bound
    QString symbol = toQString(key);
    m_symbols.emplace(std::string(key), symbol);
    return symbol;
}

} // namespace feeddeck::codec
