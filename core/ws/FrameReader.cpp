#include "core/ws/FrameReader.h"

#include <simdjson.h>

#include <cstring>
#include <utility>

namespace feeddeck::ws {

namespace {

enum Opcode : quint8 {
    kContinuation = 0x0,
    kText = 0x1,
    kBinary = 0x2,
    kClose = 0x8,
    kPing = 0x9,
    kPong = 0xA,
};

// The join buffer of a fragmented message is given back after a message this large.
constexpr qsizetype kKeepFragmentCapacity = 2 * 1024 * 1024;

quint64 bigEndian(const uchar *p, int bytes) noexcept
{
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value = value << 8 | p[i];
    return value;
}

// Codes a server may send (RFC 6455 7.4 and the IANA registry); 1005, 1006 and 1015 never travel.
bool isSendableCloseCode(int code) noexcept
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

// Whether no byte has its high bit set, eight bytes at a time. Feed messages are mostly ASCII,
// and for a message of a few hundred bytes this is several times quicker than the call into
// simdjson's dispatched validator.
bool isAscii(QByteArrayView bytes) noexcept
{
    constexpr quint64 kHighBits = 0x8080808080808080ull;
    const char *at = bytes.data();
    const char *const end = at + bytes.size();
    quint64 high = 0;
    for (; end - at >= 8; at += 8) {
        quint64 word;
        std::memcpy(&word, at, sizeof word);
        high |= word;
    }
    for (; at != end; ++at)
        high |= quint64(static_cast<uchar>(*at));
    return (high & kHighBits) == 0;
}

} // namespace

bool isValidUtf8(QByteArrayView bytes) noexcept
{
    // Only short messages take the ASCII scan first: a long non-ASCII one would be read twice.
    constexpr qsizetype kAsciiFirstBytes = 4096;
    if (bytes.size() <= kAsciiFirstBytes && isAscii(bytes))
        return true;
    return simdjson::validate_utf8(bytes.data(), std::size_t(bytes.size()));
}

FrameReader::FrameReader(qint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{
}

FrameReader::Event FrameReader::error(int code, QString reason)
{
    return {.kind = Kind::Error, .code = code, .reason = std::move(reason)};
}

FrameReader::Event FrameReader::message(bool text, bool compressed, QByteArrayView payload)
{
    // A compressed text message is checked once inflated, by whoever inflates it.
    if (text && !compressed && !isValidUtf8(payload))
        return error(kCloseInvalidPayload, QStringLiteral("a text message was not valid UTF-8"));
    return {.kind = Kind::Message, .text = text, .compressed = compressed, .payload = payload};
}

FrameReader::Event FrameReader::closeEvent(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {.kind = Kind::Close, .code = kCloseNoStatus};
    if (payload.size() == 1)
        return error(kCloseProtocolError, QStringLiteral("a close frame with a one-byte code"));
    const int code = int(bigEndian(reinterpret_cast<const uchar *>(payload.data()), 2));
    if (!isSendableCloseCode(code))
        return error(kCloseProtocolError, QStringLiteral("a close frame with the invalid code %1").arg(code));
    const QByteArrayView reason = payload.sliced(2);
    if (!isValidUtf8(reason))
        return error(kCloseInvalidPayload, QStringLiteral("a close reason that was not valid UTF-8"));
    return {.kind = Kind::Close, .code = code, .reason = QString::fromUtf8(reason)};
}

std::optional<FrameReader::Event> FrameReader::next(QByteArrayView data, qsizetype &pos)
{
    if (m_releaseFragments) {
        m_releaseFragments = false;
        if (m_fragments.capacity() > kKeepFragmentCapacity)
            m_fragments = QByteArray();
        else
            m_fragments.clear(); // keeps its capacity for the next fragmented message
    }
    for (;;) {
        const auto *p = reinterpret_cast<const uchar *>(data.data()) + pos;
        const qsizetype available = data.size() - pos;
        if (available < 2)
            return std::nullopt;
        const bool fin = p[0] & 0x80;
        const int opcode = p[0] & 0x0F;
        const bool masked = p[1] & 0x80;
        quint64 length = p[1] & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            header = 4;
            if (available < header)
                return std::nullopt;
            length = bigEndian(p + 2, 2);
        } else if (length == 127) {
            header = 10;
            if (available < header)
                return std::nullopt;
            length = bigEndian(p + 2, 8);
        }

        const bool rsv1 = p[0] & 0x40;
        if (p[0] & (m_compressionAgreed ? 0x30 : 0x70))
            return error(kCloseProtocolError, m_compressionAgreed
                                                  ? QStringLiteral("a frame with RSV2 or RSV3 set (no extension uses them)")
                                                  : QStringLiteral("a frame with reserved bits set (no extension was agreed)"));
        if (masked)
            return error(kCloseProtocolError, QStringLiteral("a masked frame from the server"));
        const bool control = opcode & 0x8;
        if (control) {
            if (opcode != kClose && opcode != kPing && opcode != kPong)
                return error(kCloseProtocolError, QStringLiteral("a frame with the unknown opcode %1").arg(opcode));
            if (!fin || length > 125)
                return error(kCloseProtocolError, QStringLiteral("a fragmented or oversized control frame"));
            if (rsv1) // RFC 7692 6.1: control frames are never compressed
                return error(kCloseProtocolError, QStringLiteral("a control frame with RSV1 set"));
        } else {
            if (opcode != kContinuation && opcode != kText && opcode != kBinary)
                return error(kCloseProtocolError, QStringLiteral("a frame with the unknown opcode %1").arg(opcode));
            if (opcode == kContinuation && !m_fragmented)
                return error(kCloseProtocolError, QStringLiteral("a continuation frame without a message to continue"));
            if (opcode != kContinuation && m_fragmented)
                return error(kCloseProtocolError, QStringLiteral("a new message before the previous one ended"));
            if (rsv1 && opcode == kContinuation) // RFC 7692 6.1: only a message's first frame carries it
                return error(kCloseProtocolError, QStringLiteral("a continuation frame with RSV1 set"));
            // Refused from its header: an oversized message is never read in.
            const quint64 soFar = opcode == kContinuation ? quint64(m_fragments.size()) : 0;
            if (length > quint64(m_maxMessageBytes) || soFar + length > quint64(m_maxMessageBytes))
                return error(kCloseTooBig, QStringLiteral("a message larger than %1 bytes").arg(m_maxMessageBytes));
        }
        if (quint64(available - header) < length)
            return std::nullopt;

        const QByteArrayView payload(reinterpret_cast<const char *>(p) + header, qsizetype(length));
        pos += header + qsizetype(length);
        switch (opcode) {
        case kPing:
            return Event{.kind = Kind::Ping, .payload = payload};
        case kPong:
            return Event{.kind = Kind::Pong, .payload = payload};
        case kClose:
            return closeEvent(payload);
        default:
            break;
        }
        if (fin && opcode != kContinuation)
            return message(opcode == kText, rsv1, payload); // the common case: one frame, no copy
        if (opcode != kContinuation) {
            m_fragmentText = opcode == kText;
            m_fragmentCompressed = rsv1;
        }
        m_fragments.append(payload);
        m_fragmented = !fin;
        if (fin) {
            m_releaseFragments = true;
            return message(m_fragmentText, m_fragmentCompressed, m_fragments);
        }
    }
}

} // namespace feeddeck::ws
