// libFuzzer target for the NATS wire vocabulary (core/codec/nats). Any bytes:
//  - as a server's stream into ServerReader, whole and cut at points the input picks, as socket
//    reads and WebSocket frames cut it: both must read the same ops and stop at the same error,
//    every op within the limits; each message's subject, headers and payload go on into
//    parseSubject, parseHeaders, parseUpdatePayload and parseStatusPayload, INFO into parseInfo;
//  - as a subject token: what unescapes escapes back to the same bytes, and any text escapes to a
//    token that unescapes back to it;
//  - as payloads: what parses writes back to a payload that parses the same, and updates and
//    statuses built from the bytes read back as written.
// A broken property is __builtin_trap(); a crash or sanitizer report fails too. Run through
// tests/fuzz/run.sh.
#include "core/codec/Excerpt.h"
#include "core/codec/nats/NatsProtocol.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

using namespace feeddeck;
using namespace feeddeck::codec::nats;

namespace {

constexpr qsizetype kMaxPayload = 4096;

void check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

[[nodiscard]] bool hasBlank(QByteArrayView bytes)
{
    for (const char c : bytes)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            return true;
    return false;
}

// escapeToken and unescapeToken are inverse on what each makes.
void checkToken(QByteArrayView token)
{
    if (const std::optional<QString> text = unescapeToken(token))
        check(escapeToken(*text) == token);
}

void checkText(const QString &text)
{
    const QByteArray token = escapeToken(text);
    check(!token.isEmpty() && !token.startsWith('$'));
    for (const char c : token) {
        const auto b = static_cast<unsigned char>(c);
        check(b > 0x20 && b < 0x7F && b != '.' && b != '*' && b != '>');
    }
    const std::optional<QString> back = unescapeToken(token);
    check(back.has_value() && *back == text);
}

void checkSubject(QByteArrayView subject)
{
    const std::optional<SubjectParts> parts = parseSubject(subject);
    if (!parts)
        return;
    // What parses is made again, byte for byte, from its parts and its prefix.
    const qsizetype keyDot = subject.lastIndexOf('.');
    const qsizetype feedDot = subject.first(keyDot).lastIndexOf('.');
    const QByteArrayView prefix = subject.first(feedDot);
    check(!prefix.isEmpty());
    if (parts->isStatus) {
        check(parts->key.isEmpty());
        check(statusSubject(prefix, parts->feedId) == subject);
    } else {
        check(updateSubject(prefix, parts->feedId, parts->key) == subject);
    }
}

[[nodiscard]] bool sameBits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

[[nodiscard]] bool sameFields(const data::Update &a, const data::Update &b)
{
    if (a.fields.size() != b.fields.size() || a.sourceMs != b.sourceMs || a.receivedMs != b.receivedMs)
        return false;
    for (qsizetype i = 0; i < a.fields.size(); ++i)
        if (a.fields[i].name != b.fields[i].name || !sameBits(a.fields[i].value, b.fields[i].value))
            return false;
    return true;
}

// A payload that parses is written back and parses the same.
void checkUpdatePayload(QByteArrayView payload)
{
    data::Update read;
    QString error;
    if (!parseUpdatePayload(payload, read, &error)) {
        check(!error.isEmpty());
        return;
    }
    for (const data::FieldValue &field : read.fields)
        check(std::isfinite(field.value));
    QByteArray written;
    appendUpdatePayload(written, read);
    data::Update again;
    check(parseUpdatePayload(written, again, &error));
    check(sameFields(read, again));
}

// A status that parses is written back and parses the same; a retry time below -1 (which no
// relay writes) reads back as none.
void checkStatusPayload(QByteArrayView payload)
{
    QString error;
    const std::optional<RelayedStatus> read = parseStatusPayload(payload, &error);
    if (!read) {
        check(!error.isEmpty());
        return;
    }
    std::optional<RelayedStatus> again = parseStatusPayload(statusPayload(*read), &error);
    check(again.has_value());
    RelayedStatus expected = *read;
    if (expected.retryAtMs < 0)
        expected.retryAtMs = -1;
    check(*again == expected);
}

// One op as bytes, to compare two readings of one stream.
[[nodiscard]] QByteArray describe(const ServerOp &op)
{
    QByteArray out = QByteArray::number(int(op.kind));
    for (const QByteArrayView part : {op.subject, op.sid, op.replyTo, op.headers, op.payload, op.text}) {
        out += '|' + QByteArray::number(part.size()) + ':';
        out.append(part);
    }
    return out;
}

// Reads the stream fed in pieces of the given sizes (the last one repeated); the ops as
// bytes, then "E:<error>" if it stopped at one.
[[nodiscard]] QList<QByteArray> readStream(QByteArrayView stream, const QList<qsizetype> &pieces, qsizetype maxControlLine,
                                           bool deep)
{
    ServerReader reader(maxControlLine, kMaxPayload);
    QList<QByteArray> ops;
    qsizetype at = 0;
    qsizetype piece = 0;
    while (at < stream.size()) {
        const qsizetype size = std::min(pieces[std::min(piece, pieces.size() - 1)], stream.size() - at);
        ++piece;
        reader.feed(stream.sliced(at, size));
        at += size;
        ServerOp op;
        for (;;) {
            const ServerReader::Status status = reader.next(op);
            if (status == ServerReader::Status::NeedMore)
                break;
            if (status == ServerReader::Status::Error) {
                check(!reader.error().isEmpty());
                // The connection is unusable from here on.
                reader.feed("PING\r\n");
                check(reader.next(op) == ServerReader::Status::Error);
                ops.append("E:" + reader.error().toUtf8());
                return ops;
            }
            ops.append(describe(op));
            switch (op.kind) {
            case ServerOp::Kind::Msg:
            case ServerOp::Kind::HMsg:
                check(!op.subject.isEmpty() && !op.sid.isEmpty());
                check(!hasBlank(op.subject) && !hasBlank(op.sid) && !hasBlank(op.replyTo));
                check(op.headers.size() + op.payload.size() <= kMaxPayload);
                check(op.kind == ServerOp::Kind::HMsg || op.headers.isEmpty());
                if (deep) {
                    checkSubject(op.subject);
                    checkUpdatePayload(op.payload);
                    checkStatusPayload(op.payload);
                    const MessageHeaders headers = parseHeaders(op.headers);
                    check(headers.status >= 0 && headers.status <= 999);
                }
                break;
            case ServerOp::Kind::Info:
                check(op.text.size() <= std::max(maxControlLine, ServerReader::kMaxInfoLine));
                if (deep)
                    (void)parseInfo(op.text, nullptr);
                break;
            case ServerOp::Kind::Err:
                check(op.text.size() <= maxControlLine);
                break;
            case ServerOp::Kind::Ping:
            case ServerOp::Kind::Pong:
            case ServerOp::Kind::Ok:
                break;
            }
        }
    }
    check(reader.buffered() <= stream.size());
    return ops;
}

// Updates and statuses built from the bytes: written, then read back as written (names in
// their printable form, fields that are not finite left out, counters up to 2^63 - 1).
void checkBuiltPayloads(FuzzedDataProvider &input)
{
    data::Update update;
    if (input.ConsumeBool())
        update.sourceMs = input.ConsumeIntegral<qint64>();
    if (input.ConsumeBool())
        update.receivedMs = input.ConsumeIntegral<qint64>();
    data::Update expected;
    expected.sourceMs = update.sourceMs;
    expected.receivedMs = update.receivedMs;
    const int count = input.ConsumeIntegralInRange(0, 8);
    for (int i = 0; i < count; ++i) {
        const std::string name = input.ConsumeRandomLengthString(24);
        const double value = std::bit_cast<double>(input.ConsumeIntegral<std::uint64_t>());
        const QString text = QString::fromUtf8(name.data(), qsizetype(name.size()));
        update.fields.emplace_back(text, value);
        if (std::isfinite(value)) {
            const QByteArray utf8 = text.toUtf8();
            expected.fields.emplace_back(codec::printable(std::string_view(utf8.constData(), std::size_t(utf8.size()))),
                                         value);
        }
    }
    QByteArray payload;
    appendUpdatePayload(payload, update);
    data::Update read;
    QString error;
    check(parseUpdatePayload(payload, read, &error));
    check(sameFields(read, expected));

    const auto text = [&input] {
        const std::string bytes = input.ConsumeRandomLengthString(32);
        return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
    };
    const auto counter = [&input] { return quint64(input.ConsumeIntegralInRange<qint64>(0, std::numeric_limits<qint64>::max())); };
    RelayedStatus status;
    status.name = text();
    status.protocol = text();
    status.state = text();
    status.lastError = text();
    status.sinceMs = input.ConsumeIntegral<qint64>();
    status.atMs = input.ConsumeIntegral<qint64>();
    status.retryAtMs = input.ConsumeBool() ? input.ConsumeIntegralInRange<qint64>(0, std::numeric_limits<qint64>::max()) : -1;
    status.messages = counter();
    status.updates = counter();
    status.connects = counter();
    status.disconnects = counter();
    status.relayDropped = counter();
    const std::optional<RelayedStatus> statusRead = parseStatusPayload(statusPayload(status), &error);
    check(statusRead.has_value() && *statusRead == status);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    // The stream whole, then cut where the input's first bytes say; one control-line limit
    // for both, small enough to be reached.
    const qsizetype maxControlLine = size > 0 ? 16 + (data[0] % 16) * 32 : 64;
    const QList<QByteArray> whole = readStream(bytes, {std::max<qsizetype>(bytes.size(), 1)}, maxControlLine, true);
    QList<qsizetype> pieces;
    for (std::size_t i = 1; i < std::min<std::size_t>(size, 9); ++i)
        pieces.append(1 + data[i] % 32);
    if (pieces.isEmpty())
        pieces.append(1);
    check(readStream(bytes, pieces, maxControlLine, false) == whole);

    // The bytes as a token, as text, as a subject and as payloads.
    checkToken(bytes);
    checkText(QString::fromUtf8(bytes));
    checkSubject(bytes);
    checkUpdatePayload(bytes);
    checkStatusPayload(bytes);

    FuzzedDataProvider input(data, size);
    checkBuiltPayloads(input);
    return 0;
}
