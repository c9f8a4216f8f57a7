#include "core/ws/FrameWriter.h"

namespace feeddeck::ws {

QByteArray FrameWriter::frame(Opcode opcode, QByteArrayView payload, quint32 mask)
{
    const quint64 length = quint64(payload.size());
    QByteArray out;
    out.reserve(14 + payload.size());
    out.append(char(0x80 | quint8(opcode)));
    if (length < 126) {
        out.append(char(0x80 | length));
    } else if (length <= 0xFFFF) {
        out.append(char(0x80 | 126));
        out.append(char(length >> 8));
        out.append(char(length & 0xFF));
    } else {
        out.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((length >> shift) & 0xFF));
    }
    const char key[4] = {char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask)};
    out.append(key, 4);
    const qsizetype start = out.size();
    out.append(payload);
    char *data = out.data() + start;
    for (qsizetype i = 0; i < payload.size(); ++i)
        data[i] = char(data[i] ^ key[i & 3]);
    return out;
}

QByteArray FrameWriter::closeFrame(int code, const QString &reason, quint32 mask)
{
    constexpr qsizetype kMaxReasonBytes = 123; // 125 minus the code
    QByteArray payload;
    payload.append(char((code >> 8) & 0xFF));
    payload.append(char(code & 0xFF));
    QByteArray text = reason.toUtf8();
    if (text.size() > kMaxReasonBytes) {
        qsizetype cut = kMaxReasonBytes;
        while (cut > 0 && (uchar(text.at(cut)) & 0xC0) == 0x80) // not inside a multi-byte sequence
            --cut;
        text.truncate(cut);
    }
    payload.append(text);
    return frame(Opcode::Close, payload, mask);
}

} // namespace feeddeck::ws
