#include "core/codec/CoinbaseCodec.h"

#include "core/codec/Excerpt.h"
#include "core/codec/JsonPath.h"
#include "core/codec/JsonScan.h"

#include "core/codec/NumberParser.h"

#include <simdjson.h>

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <exception>
#include <span>
#include <utility>

namespace feeddeck::codec {

namespace ondemand = simdjson::ondemand;

namespace {


// The keys FeedDeck reads. The first ten map one-to-one, in order, onto the
// canonical fields they feed (change_pct is derived).
enum Key : int {
    kPrice,
    kBestBid,
    kBestAsk,
    kBestBidSize,
    kBestAskSize,
    kLastSize,
    kOpen24h,
    kHigh24h,
    kLow24h,
    kVolume24h,
    kNumericKeyCount,
    kType = kNumericKeyCount,
    kProductId,
    kTime,
    kMessage,
    kReason,
    kKeyCount,
    kUnknown = kKeyCount,
};

constexpr std::array<std::string_view, kKeyCount> kKeyNames = {
    "price",    "best_bid", "best_ask", "best_bid_size", "best_ask_size", "last_size", "open_24h", "high_24h",
    "low_24h",  "volume_24h", "type",   "product_id",    "time",          "message",   "reason",
};

const std::array<const QString *, kNumericKeyCount> &canonicalNames()
{
    static const std::array<const QString *, kNumericKeyCount> names = {
        &data::fields::kPrice,   &data::fields::kBid,     &data::fields::kAsk,    &data::fields::kBidSize,
        &data::fields::kAskSize, &data::fields::kSize,    &data::fields::kOpen24h, &data::fields::kHigh24h,
        &data::fields::kLow24h,  &data::fields::kVolume24h,
    };
    return names;
}

// key's size is already known to match: a fixed-size memcmp compiles to a few compares.
template <std::size_t N>
[[nodiscard]] bool is(std::string_view key, const char (&name)[N]) noexcept
{
    return std::memcmp(key.data(), name, N - 1) == 0;
}

[[nodiscard]] Key keyFor(std::string_view key) noexcept
{
    // Dispatch on length first: most keys are rejected or found with one comparison.
    switch (key.size()) {
    case 4:
        if (is(key, "type"))
            return kType;
        if (is(key, "time"))
            return kTime;
        break;
    case 5:
        if (is(key, "price"))
            return kPrice;
        break;
    case 6:
        if (is(key, "reason"))
            return kReason;
        break;
    case 7:
        if (is(key, "low_24h"))
            return kLow24h;
        if (is(key, "message"))
            return kMessage;
        break;
    case 8:
        if (is(key, "best_bid"))
            return kBestBid;
        if (is(key, "best_ask"))
            return kBestAsk;
        if (is(key, "open_24h"))
            return kOpen24h;
        if (is(key, "high_24h"))
            return kHigh24h;
        break;
    case 9:
        if (is(key, "last_size"))
            return kLastSize;
        break;
    case 10:
        if (is(key, "product_id"))
            return kProductId;
        if (is(key, "volume_24h"))
            return kVolume24h;
        break;
    case 13:
        if (is(key, "best_bid_size"))
            return kBestBidSize;
        if (is(key, "best_ask_size"))
            return kBestAskSize;
        break;
    default:
        break;
    }
    return kUnknown;
}

// The shared simdjson helpers (JsonScan.h).
using json_scan::badJson;
using json_scan::badResult;
using json_scan::kFrameExcerptChars;
using json_scan::describe;
using json_scan::jsonErrorReason;
using json_scan::Slot;
using json_scan::ValueKind;
using json_scan::kMaxDepth;
using json_scan::kRetainBytes;
using json_scan::kValueExcerptChars;
using json_scan::numberToken;
using json_scan::trimTrailingSpace;

// Walks a value completely so that only well-formed JSON is accepted, even in parts
// FeedDeck does not read. This codec reports a "tru" as simdjson does ("not valid JSON").
[[nodiscard]] simdjson::error_code validateUnknownValue(ondemand::value &value, int depth) noexcept
{
    return json_scan::validate(value, depth, json_scan::BadBooleans::AsReported);
}

[[nodiscard]] simdjson::error_code capture(ondemand::value &value, Slot &slot) noexcept
{
    return json_scan::capture(value, slot, 1, json_scan::BadBooleans::AsReported);
}

[[nodiscard]] QString quotedKey(Key key)
{
    const std::string_view name = kKeyNames[std::size_t(key)];
    return QLatin1Char('"') + QLatin1String(name.data(), qsizetype(name.size())) + QLatin1Char('"');
}

[[nodiscard]] DecodeResult wrongType(Key key, const char *expected, const Slot &slot)
{
    return badResult(IssueKind::WrongType, QStringLiteral("field %1: expected %2, got %3")
                                               .arg(quotedKey(key), QLatin1String(expected), describe(slot)));
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

// "FOO-USD is not a valid product" -> "FOO-USD"; empty when the reason is about something else.
// A "product" longer than maxSymbolBytes is no product id: a server error, not a refused symbol.
[[nodiscard]] QString rejectedProduct(std::string_view reason, std::size_t maxSymbolBytes)
{
    constexpr std::string_view kNotValid = " is not a valid product";
    const std::size_t at = reason.find(kNotValid);
    if (at == std::string_view::npos)
        return {};
    std::string_view product = trimTrailingSpace(reason.substr(0, at));
    if (const std::size_t space = product.find_last_of(" \t\n\r"); space != std::string_view::npos)
        product.remove_prefix(space + 1);
    if (product.size() > maxSymbolBytes)
        return {};
    return printable(product);
}


using Captured = std::array<Slot, kKeyCount>;

// Ticker messages are one flat object of 17 or so members.
constexpr std::size_t kMaxFlatMembers = 64;
using FlatMembers = std::array<json_scan::FlatMember, kMaxFlatMembers>;

// The quick path: fills captured from a flat frame (JsonText.h), or returns false and
// leaves it to captureAny().
[[nodiscard]] bool captureFlat(std::string_view bytes, FlatMembers &members, Captured &captured) noexcept
{
    const int count = json_scan::scanFlatObject(bytes, members);
    if (count < 0)
        return false;
    for (const json_scan::FlatMember &member : std::span(members).first(std::size_t(count)))
        if (const Key key = keyFor(member.key); key != kUnknown)
            captured[key] = member.value;
    return true;
}

// Any frame, through simdjson: fills captured, or returns why the frame is bad.
[[nodiscard]] QString captureAny(json_scan::FrameParser &parser, std::string_view bytes, Captured &captured)
{
    ondemand::document document;
    ondemand::object object;
    if (QString bad = json_scan::openRootObject(parser, bytes, document, object); !bad.isEmpty())
        return bad;

    // One pass over the fields, in whatever order they come: "type" need not be first.
    for (auto fieldResult : object) {
        ondemand::field field;
        if (const auto error = std::move(fieldResult).get(field))
            return jsonErrorReason(error);
        std::string_view name;
        if (const auto error = json_scan::fieldKey(field, name))
            return jsonErrorReason(error);
        const Key key = keyFor(name);
        const auto error = key == kUnknown ? validateUnknownValue(field.value(), 1) : capture(field.value(), captured[key]);
        if (error)
            return jsonErrorReason(error);
    }
    // A location still in bounds after the root object means more text follows it.
    const char *trailing = nullptr;
    if (document.current_location().get(trailing) == simdjson::SUCCESS)
        return jsonErrorReason(simdjson::TRAILING_CONTENT);
    return {};
}

} // namespace

struct CoinbaseCodec::Parser : json_scan::FrameParser
{
    FlatMembers members; // of the current frame, when it is flat
    // The values of the current frame's keys. Kept from frame to frame: marking fifteen slots
    // absent is cheaper than clearing the whole array (tests/bench/RESULTS.md, the profile).
    Captured captured;

    Captured &clearedCapture() noexcept
    {
        for (Slot &slot : captured)
            slot.kind = ValueKind::Absent;
        return captured;
    }
};

CoinbaseCodec::CoinbaseCodec(QStringList channels)
    : m_channels(distinctNonEmpty(channels))
    , m_parser(std::make_unique<Parser>())
{
    // Subscribing to no channel is refused by the venue: fall back to the defaults.
    if (m_channels.isEmpty())
        m_channels = defaultChannels();
}

QStringList CoinbaseCodec::defaultChannels()
{
    return {QStringLiteral("ticker"), QStringLiteral("heartbeat")};
}

QStringList CoinbaseCodec::supportedChannels()
{
    return {QStringLiteral("ticker"), QStringLiteral("heartbeat"), QStringLiteral("level2"), QStringLiteral("matches"),
            QStringLiteral("status")};
}

ProtocolDescription CoinbaseCodec::description()
{
    const QString channels = QStringLiteral("channels");
    return ProtocolDescription{
        .name = QStringLiteral("coinbase"),
        .displayName = QStringLiteral("Coinbase Exchange"),
        .starter = {.name = QStringLiteral("Coinbase"),
                    .url = QStringLiteral("wss://ws-feed.exchange.coinbase.com"),
                    .symbols = {},
                    .options = {{channels, QJsonArray::fromStringList(defaultChannels())}},
                    .mapping = {}},
        .options = {ProtocolOption{.name = channels,
                                   .defaultValue = QJsonArray::fromStringList(defaultChannels()),
                                   .allowed = supportedChannels()}},
        .validate = [channels](const ProtocolSettings &settings) {
            ProtocolProblems problems;
            const QJsonValue value = settings.options.value(channels);
            if (value.isUndefined() || value.isNull())
                return problems; // the defaults
            const QString path = QStringLiteral("options.channels");
            const auto names = checkNameList(value, path, supportedChannels(), QStringLiteral("Coinbase channel"),
                                             QStringLiteral("[\"ticker\", \"heartbeat\"]"), &problems);
            // Prices come only from the ticker channel; without it the feed would never show a value.
            if (names && !names->contains(QStringLiteral("ticker")))
                problems.append({path, QStringLiteral("does not include \"ticker\", the channel FeedDeck shows "
                                                      "prices from; add it")});
            return problems;
        },
    };
}

CoinbaseCodec::~CoinbaseCodec() = default;

QString CoinbaseCodec::protocol() const
{
    return QStringLiteral("coinbase");
}

QList<QByteArray> CoinbaseCodec::subscribeMessages(const QStringList &symbols)
{
    const QStringList products = distinctNonEmpty(symbols);
    if (products.isEmpty())
        return {};
    return {subscriptionFrame("subscribe", products)};
}

QList<QByteArray> CoinbaseCodec::unsubscribeMessages(const QStringList &symbols)
{
    const QStringList products = distinctNonEmpty(symbols);
    if (products.isEmpty())
        return {};
    return {subscriptionFrame("unsubscribe", products)};
}

QByteArray CoinbaseCodec::subscriptionFrame(const char *type, const QStringList &symbols) const
{
    QByteArray out;
    out.reserve(64 + 16 * (symbols.size() + m_channels.size()));
    out += R"({"type":")";
    out += type;
    out += R"(","product_ids":)";
    appendJsonStringArray(out, symbols);
    out += R"(,"channels":)";
    appendJsonStringArray(out, m_channels);
    out += '}';
    return out;
}

DecodeResult CoinbaseCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    const std::string_view bytes(frame.data(), std::size_t(frame.size()));
    return json_scan::guardedDecode(
        m_parser, [&] { return decodeDocument(bytes, receivedMs); },
        [&](const QString &reason) { return badJson(reason, bytes); });
}

DecodeResult CoinbaseCodec::decodeDocument(std::string_view bytes, qint64 receivedMs)
{
    Captured &captured = m_parser->clearedCapture();
    if (!captureFlat(bytes, m_parser->members, captured)) {
        if (const QString bad = captureAny(*m_parser, bytes, captured); !bad.isEmpty())
            return badJson(bad, bytes);
    }

    const Slot &typeSlot = captured[kType];
    if (typeSlot.kind == ValueKind::Absent)
        return badJson(QStringLiteral("no \"type\" in message"), bytes);
    if (typeSlot.kind != ValueKind::String)
        return badJson(QStringLiteral("\"type\" is not a string"), bytes);

    DecodeResult result;
    result.kind = FrameKind::Control;
    const std::string_view type = typeSlot.text;

    if (type == "subscriptions") {
        result.subscriptionAck = true;
        return result;
    }
    if (type == "error") {
        const Slot &message = captured[kMessage];
        const Slot &reason = captured[kReason];
        const std::string_view messageText = message.kind == ValueKind::String ? message.text : std::string_view();
        const std::string_view reasonText = reason.kind == ValueKind::String ? reason.text : std::string_view();
        DecodeIssue issue;
        issue.symbol = rejectedProduct(reasonText, maxSymbolBytes());
        if (!issue.symbol.isEmpty()) {
            issue.kind = IssueKind::SymbolRejected;
            issue.detail = excerpt(reasonText, kFrameExcerptChars);
        } else {
            issue.kind = IssueKind::ServerError;
            if (!messageText.empty() && !reasonText.empty())
                issue.detail = excerpt(messageText, kFrameExcerptChars) + QStringLiteral(": ")
                    + excerpt(reasonText, kFrameExcerptChars);
            else if (!messageText.empty() || !reasonText.empty())
                issue.detail = excerpt(messageText.empty() ? reasonText : messageText, kFrameExcerptChars);
            else
                issue.detail = QStringLiteral("server error without a message");
        }
        result.issues.append(std::move(issue));
        return result;
    }
    if (type != "ticker")
        return result; // heartbeat, status, l2update, match, ...: understood, no values

    const Slot &product = captured[kProductId];
    if (product.kind == ValueKind::Absent)
        return badResult(IssueKind::MissingField, QStringLiteral("missing field %1").arg(quotedKey(kProductId)));
    if (product.kind != ValueKind::String || product.text.empty())
        return wrongType(kProductId, "a product id", product);
    // Product ids are short ("BTC-USD"); a longer one is junk, not a row.
    if (product.text.size() > maxSymbolBytes())
        return wrongType(kProductId, json_scan::symbolOfAtMost("a product id", maxSymbolBytes()).constData(), product);
    if (captured[kPrice].kind == ValueKind::Absent)
        return badResult(IssueKind::MissingField, QStringLiteral("missing field %1").arg(quotedKey(kPrice)));

    data::Update &update = newUpdate();
    update.receivedMs = receivedMs;
    const Slot &time = captured[kTime];
    if (time.kind != ValueKind::Absent) {
        const std::optional<qint64> sourceMs =
            time.kind == ValueKind::String ? m_times.read(time.text) : std::nullopt;
        if (!sourceMs)
            return wrongType(kTime, "an ISO 8601 time", time);
        update.sourceMs = *sourceMs;
    }

    const auto &names = canonicalNames();
    double price = 0.0; // present: checked above
    double open = 0.0;  // 0 when absent: no change_pct
    for (int key = 0; key < kNumericKeyCount; ++key) {
        const Slot &slot = captured[std::size_t(key)];
        if (slot.kind == ValueKind::Absent)
            continue;
        // Numbers arrive as strings ("43000.12") or, from some relays, as JSON numbers.
        const bool numeric = slot.kind == ValueKind::String || slot.kind == ValueKind::Number;
        double value = 0.0;
        if (!numeric || !readDecimal(slot.text, value))
            return wrongType(Key(key), "a number", slot);
        update.fields.emplace_back(*names[std::size_t(key)], value);
        if (key == kPrice)
            price = value;
        else if (key == kOpen24h)
            open = value;
    }
    if (open != 0.0) {
        const double change = (price - open) / open * 100.0;
        if (std::isfinite(change))
            update.fields.emplace_back(data::fields::kChangePct, change);
    }

    update.symbol = m_symbols.symbol(product.text);
    return dataResult();
}


} // namespace feeddeck::codec
