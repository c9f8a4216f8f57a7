#include "core/codec/JsonMappingCodec.h"

#include "core/codec/Excerpt.h"
#include "core/codec/JsonPath.h"
#include "core/codec/JsonScan.h"
#include "core/codec/NumberParser.h"

#include <simdjson.h>

#include <QJsonArray>

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

namespace feeddeck::codec {

namespace ondemand = simdjson::ondemand;

namespace {

constexpr qsizetype kPathExcerptChars = 60;

// The shared simdjson helpers (JsonScan.h).
using json_scan::badJson;
using json_scan::badResult;
using json_scan::kFrameExcerptChars;
using json_scan::describe;
using json_scan::jsonErrorReason;
using json_scan::Slot;
using json_scan::ValueKind;
using json_scan::capture;
using json_scan::kRetainBytes;
using json_scan::kValueExcerptChars;
using json_scan::validate;
using json_scan::isJsonNumber;
using json_scan::kMaxDepth;

// The mapped paths as a tree of object keys: a frame is walked once, descending only
// into objects on a mapped path, and each mapped path's value lands in its slot.
struct PathNode
{
    // A mapping names a handful of keys per object: a linear scan beats hashing every field name.
    std::vector<std::pair<std::string, int>> children;

    [[nodiscard]] int find(std::string_view key) const noexcept
    {
        for (const auto &[name, child] : children)
            if (name.size() == key.size() && (key.empty() || name[0] == key[0]) && name == key)
                return child;
        return -1;
    }
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
            if (const int found = nodes[std::size_t(node)].find(key); found >= 0) {
                node = found;
                continue;
            }
            const int child = int(nodes.size());
            nodes.emplace_back();
            nodes[std::size_t(node)].children.emplace_back(key, child);
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
        return nodes[std::size_t(node)].find(key);
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

// A JSON number token without fraction or exponent ("1001", "-7").
[[nodiscard]] bool isJsonInteger(std::string_view text) noexcept
{
    return isJsonNumber(text) && text.find_first_of(".eE") == std::string_view::npos;
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
        if (const auto error = json_scan::fieldKey(field, name))
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

struct JsonMappingCodec::Parser : json_scan::FrameParser
{
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

ProtocolDescription JsonMappingCodec::description()
{
    const auto request = [](const QString &type) {
        return QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("symbols"), QStringLiteral("$symbols")}};
    };
    const QJsonObject starterMapping{
        {QStringLiteral("subscribe"), request(QStringLiteral("subscribe"))},
        {QStringLiteral("unsubscribe"), request(QStringLiteral("unsubscribe"))},
        {QStringLiteral("match"), QJsonObject{{QStringLiteral("type"), QStringLiteral("update")}}},
        {QStringLiteral("key"), QJsonArray{QStringLiteral("symbol")}},
        {QStringLiteral("fields"), QJsonArray{QStringLiteral("value")}},
    };
    return ProtocolDescription{
        .name = QStringLiteral("json"),
        .displayName = QStringLiteral("JSON mapping"),
        .starter = {.name = QStringLiteral("JSON feed"),
                    .url = QStringLiteral("ws://localhost:9000/feed"),
                    .symbols = {},
                    .options = {},
                    .mapping = starterMapping},
        .options = {},
        .validate = [](const ProtocolSettings &settings) {
            ProtocolProblems problems;
            const QString section = QStringLiteral("json");
            if (settings.mapping.isUndefined()) {
                problems.append({section, QStringLiteral("missing; a feed with protocol \"json\" needs a \"json\" "
                                                         "object with subscribe, match, key and fields")});
                return problems;
            }
            if (!settings.mapping.isObject())
                return problems; // the file's structure, reported by whoever read it
            JsonMapping::Problems mappingProblems;
            if (JsonMapping::fromJson(settings.mapping.toObject(), &mappingProblems))
                return problems;
            for (const auto &[relative, message] : std::as_const(mappingProblems)) {
                const QString path = relative.isEmpty()          ? section
                                     : relative.startsWith(u'[') ? section + relative
                                                                 : section + u'.' + relative;
                problems.append({path, message});
            }
            return problems;
        },
    };
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

bool JsonMappingCodec::producesQuotes() const
{
    return m_mapping.fields.contains(data::fields::kPrice) || m_mapping.fields.contains(data::fields::kBid)
        || m_mapping.fields.contains(data::fields::kAsk);
}

bool JsonMappingCodec::expectsSubscriptionAck() const
{
    return m_plan->hasAck;
}

DecodeResult JsonMappingCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    const std::string_view bytes(frame.data(), std::size_t(frame.size()));
    return json_scan::guardedDecode(
        m_parser, [&] { return decodeDocument(bytes, receivedMs); },
        [&](const QString &reason) { return badJson(reason, bytes); });
}

DecodeResult JsonMappingCodec::decodeDocument(std::string_view bytes, qint64 receivedMs)
{
    ondemand::document document;
    ondemand::object object;
    if (const QString bad = json_scan::openRootObject(*m_parser, bytes, document, object); !bad.isEmpty())
        return badJson(bad, bytes);

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
        const bool text = slot.kind == ValueKind::String && !slot.text.empty() && slot.text.size() <= maxSymbolBytes();
        const bool integer = slot.kind == ValueKind::Number && isJsonInteger(slot.text);
        if (text || integer)
            symbol = printable(slot.text);
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
        const bool text = slot.kind == ValueKind::String && !slot.text.empty();
        const bool integer = slot.kind == ValueKind::Number && isJsonInteger(slot.text);
        if (!text && !integer)
            return wrongType("key field", name, "a non-empty string or an integer", slot);
        // One part of a row key ("SKU-1001"); a longer one is junk, not a row.
        if (slot.text.size() > maxSymbolBytes())
            return wrongType("key field", name, json_scan::symbolOfAtMost("a key", maxSymbolBytes()).constData(), slot);
        if (!m_keyBuffer.empty())
            m_keyBuffer += '/';
        m_keyBuffer += slot.text;
    }

    data::Update &update = newUpdate();
    update.receivedMs = receivedMs;

    if (plan.time >= 0) {
        const Slot &slot = tree.captured[std::size_t(plan.time)];
        const QString &name = tree.slotNames[std::size_t(plan.time)];
        std::optional<qint64> sourceMs;
        if (slot.kind == ValueKind::Absent)
            return missing("time field", name);
        if (slot.kind == ValueKind::String) {
            sourceMs = m_times.read(slot.text);
            // Some feeds quote their epoch numbers.
            if (!sourceMs && isJsonNumber(slot.text))
                sourceMs = parseEpochSecondsOrMs(slot.text);
        } else if (slot.kind == ValueKind::Number) {
            sourceMs = parseEpochSecondsOrMs(slot.text);
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
        const bool numeric = slot.kind == ValueKind::String || slot.kind == ValueKind::Number;
        double value = 0.0;
        if (!numeric || !readDecimal(slot.text, value))
            return wrongType("field", name, "a number", slot);
        update.fields.emplace_back(plan.fieldNames[qsizetype(i)], value);
    }

    update.symbol = m_symbols.symbol(m_keyBuffer);
    return dataResult();
}


} // namespace feeddeck::codec
