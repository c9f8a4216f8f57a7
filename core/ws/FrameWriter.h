#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

namespace feeddeck::ws {

// Builds the frames a client sends: always final, always masked (RFC 6455 5.3).
// The mask comes from the caller so that tests can check exact bytes.
class FrameWriter
{
public:
    enum class Opcode : quint8 { Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    [[nodiscard]] static QByteArray frame(Opcode opcode, QByteArrayView payload, quint32 mask);

    // A close frame with a code and a reason cut to fit the 125-byte control frame limit
    // (never inside a UTF-8 sequence).
    [[nodiscard]] static QByteArray closeFrame(int code, const QString &reason, quint32 mask);
};

} // namespace feeddeck::ws
