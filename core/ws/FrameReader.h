#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace feeddeck::ws {

// Close codes FeedDeck sends when the server breaks the protocol (RFC 6455, 7.4.1).
inline constexpr int kCloseNormal = 1000;
inline constexpr int kCloseProtocolError = 1002;
inline constexpr int kCloseNoStatus = 1005;      // never on the wire: the close frame carried no code
inline constexpr int kCloseAbnormal = 1006;      // never on the wire: the connection was lost without a close frame
inline constexpr int kCloseInvalidPayload = 1007;
inline constexpr int kCloseTooBig = 1009;

// Splits what a server sends into messages and control frames, in place: a whole
// message in one frame is handed out as a view of the caller's bytes, so the
// common case copies nothing. Fragmented messages are joined in a buffer bounded
// by maxMessageBytes. Text messages are checked to be UTF-8 before they are handed
// out. After an Error the reader is done: the connection must be closed with its code.
class FrameReader
{
public:
    enum class Kind { Message, Ping, Pong, Close, Error };

    struct Event
    {
        Kind kind = Kind::Message;
        bool text = false;      // Message: a text message (valid UTF-8 unless compressed); otherwise binary
        bool compressed = false; // Message: RSV1 was set (permessage-deflate); the payload is still compressed
        QByteArrayView payload {}; // valid until the next call to next()
        int code = 0;           // Close: the server's code (1005 when it gave none); Error: the code to close with
        QString reason {};      // Close: the server's reason; Error: what was wrong, in plain words
    };

    explicit FrameReader(qint64 maxMessageBytes);

    // The next event in data from pos on; pos moves past every frame consumed. nullopt
    // when the rest of data is not a whole frame yet (call again with more bytes).
    [[nodiscard]] std::optional<Event> next(QByteArrayView data, qsizetype &pos);

    [[nodiscard]] qint64 maxMessageBytes() const noexcept { return m_maxMessageBytes; }

    // Once the handshake agreed permessage-deflate (RFC 7692), RSV1 marks the first frame of a
    // compressed message; without it any reserved bit is a protocol error.
    void setCompressionAgreed(bool agreed) noexcept { m_compressionAgreed = agreed; }

private:
    [[nodiscard]] Event error(int code, QString reason);
    [[nodiscard]] Event closeEvent(QByteArrayView payload);
    [[nodiscard]] Event message(bool text, bool compressed, QByteArrayView payload);

    qint64 m_maxMessageBytes;
    QByteArray m_fragments;     // the parts of a fragmented message so far
    bool m_fragmented = false;  // a message has begun and not ended
    bool m_fragmentText = false;
    bool m_fragmentCompressed = false;
    bool m_compressionAgreed = false;
    bool m_releaseFragments = false; // the joined message was handed out: clear it on the next call
};

// Whether bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
[[nodiscard]] bool isValidUtf8(QByteArrayView bytes) noexcept;

} // namespace feeddeck::ws
