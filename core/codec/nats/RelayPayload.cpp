#include "core/codec/nats/RelayPayload.h"

#include "core/codec/Excerpt.h"
#include "core/codec/JsonScan.h"
#include "core/codec/SymbolCache.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <charconv>
#include <cmath>
#include <exception>
#include <memory>
#include <string_view>
#include <utility>

namespace feeddeck::codec::nats {

namespace ondemand = simdjson::ondemand;

namespace {

constexpr qsizetype kValueExcerptChars = 40;
// Field names up to this long are kept for the next payload. Longer ones are made anew each
// time: the cache keeps up to 4096 names, and 4096 names of any length could hold gigabytes.
constexpr std::size_t kMaxCachedNameBytes = 128;

void appendInteger(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, qsizetype(result.ptr - digits));
}

void appendUnsigned(QByteArray &out, quint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, qsizetype(result.ptr - digits));
}

// The shortest text that reads back to the same double ("0.1", "1e-07", "1e+300").
void appendDouble(QByteArray &out, double value)
{
    char digits[32];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, qsizetype(result.ptr - digits));
}

// The parser of the thread that reads payloads, and the names of the fields it has seen
// (a field name costs a lookup, not a UTF-8 conversion, from the second payload on).
struct PayloadParser
{
    json_scan::FrameParser frame;
    SymbolCache names;
};

thread_local std::unique_ptr<PayloadParser> t_parser;

[[nodiscard]] QString quotedToken(ondemand::value &value)
{
    const std::string_view token = json_scan::trimTrailingSpace(value.raw_json_token());
    // The token of an array or an object is only its opening bracket.
    if (token.starts_with('['))
        return QStringLiteral("an array");
    if (token.starts_with('{'))
        return QStringLiteral("an object");
    return excerpt(token, kValueExcerptChars);
}

// "t" or "r": an integer number of milliseconds.
[[nodiscard]] bool readTime(ondemand::value value, const char *name, qint64 &out, QString *error)
{
    int64_t read = 0;
    if (value.get_int64().get(read) == simdjson::SUCCESS) {
        out = read;
        return true;
    }
    if (error)
        *error = QStringLiteral("\"%1\" is not an integer (got %2)").arg(QLatin1String(name), quotedToken(value));
    return false;
}

[[nodiscard]] bool readFields(ondemand::value value, PayloadParser &parser, data::FieldList &fields, QString *error)
{
    ondemand::object object;
    if (const auto failure = value.get_object().get(object)) {
        if (error)
            *error = failure == simdjson::INCORRECT_TYPE ? QStringLiteral("\"f\" is not an object")
                                                           : json_scan::jsonErrorReason(failure);
        return false;
    }
    for (auto fieldResult : object) {
        ondemand::field field;
        std::string_view name;
        if (const auto failure = std::move(fieldResult).get(field)) {
            if (error)
                *error = json_scan::jsonErrorReason(failure);
            return false;
        }
        if (const auto failure = json_scan::fieldKey(field, name)) {
            if (error)
                *error = json_scan::jsonErrorReason(failure);
            return false;
        }
        ondemand::value number = field.value();
        double read = 0.0;
        if (number.get_double().get(read) != simdjson::SUCCESS || !std::isfinite(read)) {
            if (error)
                *error = QStringLiteral("field \"%1\" is not a number (got %2)")
                             .arg(excerpt(name, kValueExcerptChars), quotedToken(number));
            return false;
        }
        fields.emplace_back(name.size() <= kMaxCachedNameBytes ? parser.names.symbol(name) : printable(name), read);
    }
    return true;
}

[[nodiscard]] bool parseWith(PayloadParser &parser, std::string_view bytes, data::Update &into, QString *error)
{
    const auto fail = [error](QString reason) {
        if (error)
            *error = std::move(reason);
        return false;
    };
    if (bytes.empty())
        return fail(QStringLiteral("empty payload"));
    ondemand::document document;
    ondemand::object object;
    if (QString bad = json_scan::openRootObject(parser.frame, bytes, document, object); !bad.isEmpty())
        return fail(std::move(bad));

    bool haveFields = false;
    for (auto fieldResult : object) {
        ondemand::field field;
        std::string_view key;
        if (const auto failure = std::move(fieldResult).get(field))
            return fail(json_scan::jsonErrorReason(failure));
        if (const auto failure = json_scan::fieldKey(field, key))
            return fail(json_scan::jsonErrorReason(failure));
        if (key == "t") {
            if (!readTime(field.value(), "t", into.sourceMs, error))
                return false;
        } else if (key == "r") {
            if (!readTime(field.value(), "r", into.receivedMs, error))
                return false;
        } else if (key == "f") {
            if (!readFields(field.value(), parser, into.fields, error))
                return false;
            haveFields = true;
        } else if (const auto failure = json_scan::validate(field.value(), 1)) {
            return fail(json_scan::jsonErrorReason(failure)); // keys of later versions are skipped
        }
    }
    // A location still in bounds after the root object means more text follows it.
    const char *trailing = nullptr;
    if (document.current_location().get(trailing) == simdjson::SUCCESS)
        return fail(json_scan::jsonErrorReason(simdjson::TRAILING_CONTENT));
    if (!haveFields)
        return fail(QStringLiteral("no \"f\" (the fields) in the payload"));
    return true;
}

[[nodiscard]] bool readInteger(const QJsonValue &value, qint64 &out) noexcept
{
    // toInteger() gives its default for anything but a whole number: two defaults tell.
    const qint64 a = value.toInteger(0);
    if (!value.isDouble() || a != value.toInteger(1))
        return false;
    out = a;
    return true;
}

} // namespace

void appendUpdatePayload(QByteArray &out, const data::Update &update)
{
    out.append('{');
    bool comma = false;
    if (update.sourceMs != data::kNoTime) {
        out.append("\"t\":", 4);
        appendInteger(out, update.sourceMs);
        comma = true;
    }
    if (update.receivedMs != data::kNoTime) {
        if (comma)
            out.append(',');
        out.append("\"r\":", 4);
        appendInteger(out, update.receivedMs);
        comma = true;
    }
    if (comma)
        out.append(',');
    out.append("\"f\":{", 5);
    bool first = true;
    for (const data::FieldValue &field : update.fields) {
        if (!std::isfinite(field.value))
            continue;
        if (!first)
            out.append(',');
        first = false;
        appendJsonString(out, field.name);
        out.append(':');
        appendDouble(out, field.value);
    }
    out.append("}}", 2);
}

bool parseUpdatePayload(QByteArrayView json, data::Update &into, QString *error)
{
    into.fields.clear();
    into.sourceMs = data::kNoTime;
    into.receivedMs = data::kNoTime;
    if (!t_parser)
        t_parser = std::make_unique<PayloadParser>();
    bool ok = false;
    try {
        ok = parseWith(*t_parser, std::string_view(json.data(), std::size_t(json.size())), into, error);
    } catch (const std::exception &) {
        // Only allocation throws there (a huge payload): that costs the payload.
        t_parser.reset();
        if (error)
            *error = QStringLiteral("payload too large to parse");
        return false;
    }
    if (t_parser->frame.oversized())
        t_parser->frame = json_scan::FrameParser(); // one big payload does not pin its buffers
    return ok;
}

QByteArray statusPayload(const RelayedStatus &status)
{
    QByteArray out;
    out.reserve(256);
    out.append("{\"name\":");
    appendJsonString(out, status.name);
    out.append(",\"protocol\":");
    appendJsonString(out, status.protocol);
    out.append(",\"state\":");
    appendJsonString(out, status.state);
    out.append(",\"since\":");
    appendInteger(out, status.sinceMs);
    if (status.retryAtMs >= 0) {
        out.append(",\"retry_at\":");
        appendInteger(out, status.retryAtMs);
    }
    if (!status.lastError.isEmpty()) {
        out.append(",\"error\":");
        appendJsonString(out, status.lastError);
    }
    out.append(",\"at\":");
    appendInteger(out, status.atMs);
    out.append(",\"counters\":{\"messages\":");
    appendUnsigned(out, status.messages);
    out.append(",\"updates\":");
    appendUnsigned(out, status.updates);
    out.append(",\"connects\":");
    appendUnsigned(out, status.connects);
    out.append(",\"disconnects\":");
    appendUnsigned(out, status.disconnects);
    out.append("},\"relay\":{\"dropped\":");
    appendUnsigned(out, status.relayDropped);
    out.append("}}");
    return out;
}

std::optional<RelayedStatus> parseStatusPayload(QByteArrayView json, QString *error)
{
    const auto fail = [error](QString reason) -> std::optional<RelayedStatus> {
        if (error)
            *error = std::move(reason);
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject object = document.object();

    RelayedStatus status;
    const auto text = [&](const char *key, QString &out, bool required) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined() && !required)
            return true;
        if (!value.isString())
            return false;
        out = value.toString();
        return true;
    };
    const auto integer = [](const QJsonObject &in, const char *key, qint64 &out, bool required) {
        const QJsonValue value = in.value(QLatin1String(key));
        if (value.isUndefined())
            return !required;
        return readInteger(value, out);
    };
    const auto counter = [](const QJsonObject &in, const char *key, quint64 &out) {
        const QJsonValue value = in.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        qint64 read = 0;
        if (!readInteger(value, read) || read < 0)
            return false;
        out = quint64(read);
        return true;
    };

    const std::pair<const char *, QString *> texts[] = {
        {"name", &status.name}, {"protocol", &status.protocol}, {"state", &status.state}};
    for (const auto &[key, out] : texts)
        if (!text(key, *out, true))
            return fail(QStringLiteral("\"%1\" is missing or not a string").arg(QLatin1String(key)));
    if (!text("error", status.lastError, false))
        return fail(QStringLiteral("\"error\" is not a string"));
    if (!integer(object, "since", status.sinceMs, true))
        return fail(QStringLiteral("\"since\" is missing or not an integer"));
    if (!integer(object, "at", status.atMs, true))
        return fail(QStringLiteral("\"at\" is missing or not an integer"));
    if (!integer(object, "retry_at", status.retryAtMs, false))
        return fail(QStringLiteral("\"retry_at\" is not an integer"));

    const QJsonValue counters = object.value(QLatin1String("counters"));
    if (!counters.isUndefined()) {
        if (!counters.isObject())
            return fail(QStringLiteral("\"counters\" is not an object"));
        const QJsonObject in = counters.toObject();
        const std::pair<const char *, quint64 *> items[] = {{"messages", &status.messages},
                                                            {"updates", &status.updates},
                                                            {"connects", &status.connects},
                                                            {"disconnects", &status.disconnects}};
        for (const auto &[key, out] : items)
            if (!counter(in, key, *out))
                return fail(QStringLiteral("\"counters.%1\" is not a whole number").arg(QLatin1String(key)));
    }
    const QJsonValue relay = object.value(QLatin1String("relay"));
    if (!relay.isUndefined()) {
        if (!relay.isObject())
            return fail(QStringLiteral("\"relay\" is not an object"));
        if (!counter(relay.toObject(), "dropped", status.relayDropped))
            return fail(QStringLiteral("\"relay.dropped\" is not a whole number"));
    }
    return status;
}

} // namespace feeddeck::codec::nats
