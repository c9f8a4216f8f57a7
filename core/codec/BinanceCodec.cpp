#include "core/codec/BinanceCodec.h"

#include "core/codec/Excerpt.h"
#include "core/codec/JsonScan.h"
#include "core/codec/NumberParser.h"

#include <QJsonArray>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <exception>
#include <span>
#include <utility>

namespace feeddeck::codec {

namespace ondemand = simdjson::ondemand;

namespace {

// Binance frames are quoted shorter in problems than the other protocols' (kFrameExcerptChars).
constexpr qsizetype kBinanceExcerptChars = 60;
constexpr qsizetype kReasonExcerptChars = 120;
constexpr qsizetype kListedSymbols = 5;

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

// Payload keys are single letters, and case matters: "b" is the bid, "B" its size.
constexpr int kLetterCount = 52;
using Letters = std::array<Slot, kLetterCount>;

[[nodiscard]] constexpr int letterIndex(char c) noexcept
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return 26 + (c - 'A');
    return -1;
}

[[nodiscard]] const Slot &letter(const Letters &letters, char key) noexcept
{
    return letters[std::size_t(letterIndex(key))];
}

// The keys of replies and of the combined-stream wrapper.
enum Named : int { kStream, kData, kResult, kId, kError, kCode, kMsg, kNamedCount, kUnnamed = kNamedCount };

[[nodiscard]] Named namedKey(std::string_view key) noexcept
{
    constexpr std::array<std::string_view, kNamedCount> kNames = {"stream", "data", "result", "id",
                                                                  "error",  "code", "msg"};
    for (int i = 0; i < kNamedCount; ++i)
        if (key == kNames[std::size_t(i)])
            return Named(i);
    return kUnnamed;
}

// Captures the value into slot; when it is an object, its single-letter keys land in letters.
[[nodiscard]] simdjson::error_code captureLetters(ondemand::value &value, Slot &slot, Letters &letters,
                                                 int depth) noexcept
{
    ondemand::json_type type;
    if (const auto error = value.type().get(type))
        return error;
    if (type != ondemand::json_type::object)
        return capture(value, slot, depth);
    slot = Slot{.kind = ValueKind::Object, .text = {}};
    letters = Letters{}; // a repeated key replaces the earlier object
    ondemand::object object;
    if (const auto error = value.get_object().get(object))
        return error;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (const auto error = std::move(fieldResult).get(field))
            return error;
        std::string_view key;
        if (const auto error = json_scan::fieldKey(field, key))
            return error;
        const int index = key.size() == 1 ? letterIndex(key[0]) : -1;
        const auto error = index >= 0 ? capture(field.value(), letters[std::size_t(index)], depth + 1)
                                      : validate(field.value(), depth + 1);
        if (error)
            return error;
    }
    return simdjson::SUCCESS;
}

// {"error":{"code":2,"msg":"..."}}: code and msg are read, the rest only checked.
[[nodiscard]] simdjson::error_code captureError(ondemand::value &value, Slot &slot, Slot &code, Slot &msg,
                                               int depth) noexcept
{
    ondemand::json_type type;
    if (const auto error = value.type().get(type))
        return error;
    if (type != ondemand::json_type::object)
        return capture(value, slot, depth);
    slot = Slot{.kind = ValueKind::Object, .text = {}};
    code = Slot{};
    msg = Slot{};
    ondemand::object object;
    if (const auto error = value.get_object().get(object))
        return error;
    for (auto fieldResult : object) {
        ondemand::field field;
        if (const auto error = std::move(fieldResult).get(field))
            return error;
        std::string_view key;
        if (const auto error = json_scan::fieldKey(field, key))
            return error;
        const auto error = key == "code" ? capture(field.value(), code, depth + 1)
            : key == "msg"               ? capture(field.value(), msg, depth + 1)
                                         : validate(field.value(), depth + 1);
        if (error)
            return error;
    }
    return simdjson::SUCCESS;
}

[[nodiscard]] QString quoted(std::string_view name)
{
    return QLatin1Char('"') + QLatin1String(name.data(), qsizetype(name.size())) + QLatin1Char('"');
}

[[nodiscard]] DecodeResult wrongType(std::string_view key, const char *expected, const Slot &slot,
                                     std::string_view frame)
{
    return badResult(IssueKind::WrongType, QStringLiteral("field %1: expected %2, got %3; frame: %4")
                                               .arg(quoted(key), QLatin1String(expected), describe(slot),
                                                    excerpt(frame, kBinanceExcerptChars)));
}

[[nodiscard]] DecodeResult missingField(std::string_view key, std::string_view frame)
{
    return badResult(IssueKind::MissingField,
                     QStringLiteral("missing field %1; frame: %2").arg(quoted(key), excerpt(frame, kBinanceExcerptChars)));
}

// "E"/"T": epoch milliseconds (or microseconds, see parseEpochMsOrMicros), as a number or a string.
[[nodiscard]] std::optional<qint64> parseEpochMs(const Slot &slot) noexcept
{
    if (slot.kind != ValueKind::Number && slot.kind != ValueKind::String)
        return std::nullopt;
    return parseEpochMsOrMicros(slot.text);
}

[[nodiscard]] QString listSymbols(const QStringList &symbols)
{
    QString text = symbols.first(std::min(symbols.size(), kListedSymbols)).join(QStringLiteral(", "));
    if (symbols.size() > kListedSymbols)
        text += QStringLiteral(" and %1 more").arg(symbols.size() - kListedSymbols);
    return text;
}

enum class Event { Ticker, BookTicker, Trade };

// One canonical field fed by one payload key; the lists follow data::fields::canonicalOrder().
struct FieldSpec
{
    char key;
    const QString *name;
    bool required;
};

[[nodiscard]] std::span<const FieldSpec> fieldSpecs(Event event)
{
    namespace f = data::fields;
    static const std::array<FieldSpec, 11> ticker = {{
        {'c', &f::kPrice, true},
        {'b', &f::kBid, false},
        {'a', &f::kAsk, false},
        {'B', &f::kBidSize, false},
        {'A', &f::kAskSize, false},
        {'Q', &f::kSize, false},
        {'o', &f::kOpen24h, false},
        {'h', &f::kHigh24h, false},
        {'l', &f::kLow24h, false},
        {'v', &f::kVolume24h, false},
        {'P', &f::kChangePct, false},
    }};
    static const std::array<FieldSpec, 4> bookTicker = {{
        {'b', &f::kBid, true},
        {'a', &f::kAsk, true},
        {'B', &f::kBidSize, false},
        {'A', &f::kAskSize, false},
    }};
    static const std::array<FieldSpec, 2> trade = {{
        {'p', &f::kPrice, true},
        {'q', &f::kSize, false},
    }};
    switch (event) {
    case Event::Ticker:
        return ticker;
    case Event::BookTicker:
        return bookTicker;
    case Event::Trade:
        return trade;
    }
    return {};
}

} // namespace

// Everything FeedDeck reads from one frame, captured in a single pass.
struct BinanceCodec::Captured
{
    Letters top{};
    Letters data{}; // the payload of a combined-stream wrapper
    std::array<Slot, kNamedCount> named{};
    Slot errorCode{}; // inside "error":{...}
    Slot errorMsg{};
};

struct BinanceCodec::Parser : json_scan::FrameParser
{
    // The values of the current frame's keys. Kept from frame to frame: marking the slots
    // absent is cheaper than clearing all 2.7 KB of them, which a new Captured does.
    Captured captured;

    Captured &clearedCapture() noexcept
    {
        for (Letters *letters : {&captured.top, &captured.data})
            for (Slot &slot : *letters)
                slot.kind = ValueKind::Absent;
        for (Slot &slot : captured.named)
            slot.kind = ValueKind::Absent;
        captured.errorCode.kind = ValueKind::Absent;
        captured.errorMsg.kind = ValueKind::Absent;
        return captured;
    }
};

BinanceCodec::BinanceCodec(QStringList streams)
    : m_parser(std::make_unique<Parser>())
{
    const QStringList supported = supportedStreams();
    for (const QString &stream : streams)
        if (supported.contains(stream) && !m_streams.contains(stream))
            m_streams.append(stream);
    // Subscribing to no stream would subscribe to nothing: fall back to the default.
    if (m_streams.isEmpty())
        m_streams = defaultStreams();
}

BinanceCodec::~BinanceCodec() = default;

QStringList BinanceCodec::supportedStreams()
{
    return {QStringLiteral("ticker"), QStringLiteral("bookTicker"), QStringLiteral("trade")};
}

QStringList BinanceCodec::defaultStreams()
{
    return {QStringLiteral("ticker")};
}

ProtocolDescription BinanceCodec::description()
{
    const QString streams = QStringLiteral("streams");
    return ProtocolDescription{
        .name = QStringLiteral("binance"),
        .displayName = QStringLiteral("Binance spot"),
        .starter = {.name = QStringLiteral("Binance spot"),
                    .url = QStringLiteral("wss://stream.binance.com:9443/ws"),
                    .symbols = {},
                    .options = {{streams, QJsonArray::fromStringList(defaultStreams())}},
                    .mapping = {}},
        .options = {ProtocolOption{.name = streams,
                                   .defaultValue = QJsonArray::fromStringList(defaultStreams()),
                                   .allowed = supportedStreams()}},
        .validate = [streams](const ProtocolSettings &settings) {
            ProtocolProblems problems;
            const QJsonValue value = settings.options.value(streams);
            if (!value.isUndefined() && !value.isNull())
                (void)checkNameList(value, QStringLiteral("options.streams"), supportedStreams(),
                                    QStringLiteral("Binance stream"), QStringLiteral("[\"ticker\", \"bookTicker\"]"),
                                    &problems);
            return problems;
        },
    };
}

QString BinanceCodec::protocol() const
{
    return QStringLiteral("binance");
}

QString BinanceCodec::displaySymbol(const QString &configured) const
{
    return configured.toUpper();
}

// When Binance refuses a SUBSCRIBE it refuses the whole request and does not say which stream
// was wrong. A refused one-symbol request names its symbol (SymbolRejected). Marking every
// symbol of a refused multi-symbol request would hide the valid ones, so those symbols are
// reported once as a ServerError and remembered: the next subscribeMessages() call (the
// resubscription on the next open) asks for each of them in a request of its own, and the
// reply to each then names the refused symbol exactly.
QList<QByteArray> BinanceCodec::subscribeMessages(const QStringList &symbols)
{
    QStringList together;
    QStringList alone;
    for (const QString &symbol : symbols) {
        const QString display = displaySymbol(symbol);
        if (display.isEmpty() || together.contains(display) || alone.contains(display))
            continue;
        (m_splitNext.removeAll(display) > 0 ? alone : together).append(display);
    }
    QList<QByteArray> frames;
    if (!together.isEmpty())
        frames.append(requestFrame(true, together));
    for (const QString &symbol : std::as_const(alone))
        frames.append(requestFrame(true, {symbol}));
    return frames;
}

QList<QByteArray> BinanceCodec::unsubscribeMessages(const QStringList &symbols)
{
    QStringList wanted;
    for (const QString &symbol : symbols) {
        const QString display = displaySymbol(symbol);
        if (!display.isEmpty() && !wanted.contains(display))
            wanted.append(display);
        m_splitNext.removeAll(display);
    }
    if (wanted.isEmpty())
        return {};
    return {requestFrame(false, wanted)};
}

QByteArray BinanceCodec::requestFrame(bool subscribe, const QStringList &symbols)
{
    const quint64 id = m_nextId++;
    QByteArray out;
    out.reserve(64 + 24 * symbols.size() * m_streams.size());
    out += subscribe ? R"({"method":"SUBSCRIBE","params":[)" : R"({"method":"UNSUBSCRIBE","params":[)";
    bool first = true;
    for (const QString &symbol : symbols) {
        // Stream names are lower case ("btcusdt@ticker"); Binance refuses upper-case ones.
        const QString lower = symbol.toLower();
        for (const QString &stream : std::as_const(m_streams)) {
            if (!first)
                out += ',';
            first = false;
            appendJsonString(out, lower + QLatin1Char('@') + stream);
        }
    }
    out += R"(],"id":)";
    out += QByteArray::number(id);
    out += '}';

    m_pending.push_back(Request{.id = id, .subscribe = subscribe, .symbols = symbols});
    while (qsizetype(m_pending.size()) > kMaxPendingRequests)
        m_pending.pop_front(); // a server that never answers cannot grow this list
    return out;
}

DecodeResult BinanceCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    const std::string_view bytes(frame.data(), std::size_t(frame.size()));
    return json_scan::guardedDecode(
        m_parser, [&] { return decodeDocument(bytes, receivedMs); },
        [&](const QString &reason) { return badJson(reason, bytes, kBinanceExcerptChars); });
}

DecodeResult BinanceCodec::decodeDocument(std::string_view bytes, qint64 receivedMs)
{
    ondemand::document document;
    ondemand::object object;
    if (const QString bad = json_scan::openRootObject(*m_parser, bytes, document, object); !bad.isEmpty())
        return badJson(bad, bytes, kBinanceExcerptChars);

    // One pass over the fields, in whatever order they come.
    Captured &captured = m_parser->clearedCapture();
    for (auto fieldResult : object) {
        ondemand::field field;
        if (const auto error = std::move(fieldResult).get(field))
            return badJson(jsonErrorReason(error), bytes, kBinanceExcerptChars);
        std::string_view name;
        if (const auto error = json_scan::fieldKey(field, name))
            return badJson(jsonErrorReason(error), bytes, kBinanceExcerptChars);
        ondemand::value &value = field.value();
        simdjson::error_code error = simdjson::SUCCESS;
        if (const int index = name.size() == 1 ? letterIndex(name[0]) : -1; index >= 0) {
            error = capture(value, captured.top[std::size_t(index)], 1);
        } else {
            switch (const Named key = namedKey(name)) {
            case kData:
                error = captureLetters(value, captured.named[kData], captured.data, 1);
                break;
            case kError:
                error = captureError(value, captured.named[kError], captured.errorCode, captured.errorMsg, 1);
                break;
            case kUnnamed:
                error = validate(value, 1);
                break;
            default:
                error = capture(value, captured.named[std::size_t(key)], 1);
                break;
            }
        }
        if (error)
            return badJson(jsonErrorReason(error), bytes, kBinanceExcerptChars);
    }
    // A location still in bounds after the root object means more text follows it.
    const char *trailing = nullptr;
    if (document.current_location().get(trailing) == simdjson::SUCCESS)
        return badJson(jsonErrorReason(simdjson::TRAILING_CONTENT), bytes, kBinanceExcerptChars);

    const auto &named = captured.named;
    const Slot &data = named[kData];
    if (data.kind == ValueKind::Object)
        return decodePayload(captured, true, bytes, receivedMs);
    if (data.kind != ValueKind::Absent && named[kStream].kind != ValueKind::Absent)
        return wrongType("data", "an object", data, bytes);
    if (named[kError].kind != ValueKind::Absent
        || (named[kCode].kind != ValueKind::Absent && named[kMsg].kind != ValueKind::Absent))
        return decodeError(captured);
    if (named[kResult].kind != ValueKind::Absent)
        return decodeReply(captured);
    return decodePayload(captured, false, bytes, receivedMs);
}

std::optional<BinanceCodec::Request> BinanceCodec::takeRequest(const Captured &captured)
{
    const Slot &idSlot = captured.named[kId];
    if (idSlot.kind != ValueKind::Number)
        return std::nullopt; // Binance echoes our numeric ids; anything else is not ours
    const std::optional<quint64> id = parseUnsigned(idSlot.text);
    if (!id)
        return std::nullopt;
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Request &r) { return r.id == *id; });
    if (it == m_pending.end())
        return std::nullopt;
    Request request = std::move(*it);
    m_pending.erase(it);
    return request;
}

DecodeResult BinanceCodec::decodeReply(const Captured &captured)
{
    DecodeResult result;
    result.kind = FrameKind::Control;
    // {"result":null,"id":N} confirms a SUBSCRIBE; other replies (an UNSUBSCRIBE, an id that is
    // not ours, a result with a value) are understood and carry nothing.
    const std::optional<Request> request = takeRequest(captured);
    result.subscriptionAck = request && request->subscribe && captured.named[kResult].kind == ValueKind::Null;
    return result;
}

DecodeResult BinanceCodec::decodeError(const Captured &captured)
{
    const auto &named = captured.named;
    Slot code = named[kCode];
    Slot msg = named[kMsg];
    if (named[kError].kind == ValueKind::Object) {
        code = captured.errorCode;
        msg = captured.errorMsg;
    } else if (named[kError].kind == ValueKind::String) {
        msg = named[kError];
    }
    QString reason = msg.kind == ValueKind::String && !msg.text.empty() ? excerpt(msg.text, kReasonExcerptChars)
                                                                       : QStringLiteral("no reason given");
    if ((code.kind == ValueKind::Number || code.kind == ValueKind::String) && !code.text.empty())
        reason += QStringLiteral(" (code %1)").arg(excerpt(code.text, kValueExcerptChars));

    DecodeResult result;
    result.kind = FrameKind::Control;
    const std::optional<Request> request = takeRequest(captured);
    if (request && request->subscribe && request->symbols.size() == 1) {
        const QString &symbol = request->symbols.first();
        m_splitNext.removeAll(symbol);
        result.issues.append(DecodeIssue{.kind = IssueKind::SymbolRejected, .detail = reason, .symbol = symbol});
        return result;
    }
    QString detail = reason;
    if (request && !request->symbols.isEmpty()) {
        if (!request->subscribe) {
            detail = QStringLiteral("unsubscribing from %1 refused: %2").arg(listSymbols(request->symbols), reason);
        } else {
            addSplitSymbols(request->symbols);
            result.resubscribe = true; // split up at once, so the valid symbols do not wait for a reconnect
            detail = QStringLiteral("subscription to %1 refused: %2; asking for each symbol separately")
                         .arg(listSymbols(request->symbols), reason);
        }
    }
    result.issues.append(DecodeIssue{.kind = IssueKind::ServerError, .detail = std::move(detail), .symbol = {}});
    return result;
}

void BinanceCodec::addSplitSymbols(const QStringList &symbols)
{
    for (const QString &symbol : symbols)
        if (m_splitNext.size() < kMaxSplitSymbols && !m_splitNext.contains(symbol))
            m_splitNext.append(symbol);
}

DecodeResult BinanceCodec::decodePayload(const Captured &captured, bool wrapped, std::string_view bytes,
                                         qint64 receivedMs)
{
    const Letters &payload = wrapped ? captured.data : captured.top;
    DecodeResult result;
    result.kind = FrameKind::Control;

    const Slot &eventSlot = letter(payload, 'e');
    Event event = Event::BookTicker;
    if (eventSlot.kind == ValueKind::Absent) {
        // bookTicker is the one payload without "e"; its update id "u" marks it.
        if (letter(payload, 'u').kind == ValueKind::Absent)
            return result;
    } else if (eventSlot.kind != ValueKind::String) {
        return wrongType("e", "an event name", eventSlot, bytes);
    } else if (eventSlot.text == "24hrTicker") {
        event = Event::Ticker;
    } else if (eventSlot.text == "trade") {
        event = Event::Trade;
    } else {
        return result; // kline, aggTrade, depthUpdate, ...: understood, no values
    }

    const Slot &symbol = letter(payload, 's');
    if (symbol.kind == ValueKind::Absent)
        return missingField("s", bytes);
    if (symbol.kind != ValueKind::String || symbol.text.empty())
        return wrongType("s", "a symbol", symbol, bytes);
    // Binance symbols are short ("BTCUSDT"); a longer one is junk, not a row.
    if (symbol.text.size() > maxSymbolBytes())
        return wrongType("s", json_scan::symbolOfAtMost("a symbol", maxSymbolBytes()).constData(), symbol, bytes);

    data::Update &update = newUpdate();
    update.receivedMs = receivedMs;
    for (const FieldSpec &spec : fieldSpecs(event)) {
        const Slot &slot = letter(payload, spec.key);
        if (slot.kind == ValueKind::Absent) {
            if (spec.required)
                return missingField(std::string_view(&spec.key, 1), bytes);
            continue;
        }
        // Numbers arrive as strings ("0.0025") or, from some relays, as JSON numbers.
        const bool numeric = slot.kind == ValueKind::String || slot.kind == ValueKind::Number;
        double value = 0.0;
        if (!numeric || !readDecimal(slot.text, value))
            return wrongType(std::string_view(&spec.key, 1), "a number", slot, bytes);
        update.fields.emplace_back(*spec.name, value);
    }

    // The ticker's event time, the trade's own time (or its event time); bookTicker has none.
    char timeKey = 0;
    if (event == Event::Ticker)
        timeKey = 'E';
    else if (event == Event::Trade)
        timeKey = letter(payload, 'T').kind != ValueKind::Absent ? 'T' : 'E';
    if (timeKey != 0) {
        const Slot &time = letter(payload, timeKey);
        if (time.kind != ValueKind::Absent) {
            const std::optional<qint64> sourceMs = parseEpochMs(time);
            if (!sourceMs)
                return wrongType(std::string_view(&timeKey, 1), "a time in epoch milliseconds", time, bytes);
            update.sourceMs = *sourceMs;
        }
    }

    update.symbol = m_symbols.symbol(symbol.text);
    return dataResult();
}


} // namespace feeddeck::codec
