#include "core/codec/Excerpt.h"

#include <QList>

#include <algorithm>

namespace feeddeck::codec {

// A short, printable rendering of untrusted bytes for issue details and logs:
// invalid UTF-8 and control or invisible characters become U+FFFD, line breaks and
// tabs become spaces, and long text is cut with an ellipsis.
QString excerpt(std::string_view bytes, qsizetype maxChars)
{
    const std::size_t maxBytes = std::size_t(maxChars) * 4;
    bool cut = false;
    if (bytes.size() > maxBytes) {
        std::size_t end = maxBytes;
        while (end > 0 && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80)
            --end; // do not split a UTF-8 sequence
        bytes = bytes.substr(0, end);
        cut = true;
    }
    const QList<uint> codePoints = QString::fromUtf8(bytes.data(), qsizetype(bytes.size())).toUcs4();
    QList<char32_t> clean;
    clean.reserve(std::min(codePoints.size(), maxChars) + 1);
    for (const uint codePoint : codePoints) {
        if (clean.size() == maxChars) {
            cut = true;
            break;
        }
        if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r')
            clean.append(U' ');
        else if (codePoint == ' ' || QChar::isPrint(char32_t(codePoint)))
            clean.append(char32_t(codePoint));
        else
            clean.append(U'\uFFFD');
    }
    if (cut)
        clean.append(U'\u2026');
    return QString::fromUcs4(clean.constData(), clean.size());
}

QString printable(std::string_view bytes)
{
    // Most symbols are plain ASCII: no decoding needed.
    if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
        return QString::fromLatin1(bytes.data(), qsizetype(bytes.size()));
    const QList<uint> codePoints = QString::fromUtf8(bytes.data(), qsizetype(bytes.size())).toUcs4();
    QList<char32_t> clean;
    clean.reserve(codePoints.size());
    for (const uint codePoint : codePoints)
        clean.append(codePoint == ' ' || QChar::isPrint(char32_t(codePoint)) ? char32_t(codePoint) : U'\uFFFD');
    return QString::fromUcs4(clean.constData(), clean.size());
}

} // namespace feeddeck::codec
