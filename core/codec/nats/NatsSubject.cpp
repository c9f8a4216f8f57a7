#include "core/codec/nats/NatsSubject.h"

#include <QByteArray>
#include <QList>

namespace feeddeck::codec::nats {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// The bytes escapeToken() writes as %XX; a leading '$' is handled by the callers.
[[nodiscard]] constexpr bool mustEscape(unsigned char byte) noexcept
{
    return byte <= 0x20 || byte >= 0x7F || byte == '.' || byte == '*' || byte == '>' || byte == '%';
}

// Upper-case hex only: escapeToken() writes no other, and one text has one token.
[[nodiscard]] constexpr int hexValue(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
[[nodiscard]] bool isValidUtf8(QByteArrayView bytes) noexcept
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p < end) {
        const unsigned char lead = *p;
        if (lead < 0x80) {
            ++p;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80; // the range of the second byte
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return false;
        }
        if (end - p < length || p[1] < low || p[1] > high)
            return false;
        for (int i = 2; i < length; ++i)
            if (p[i] < 0x80 || p[i] > 0xBF)
                return false;
        p += length;
    }
    return true;
}

[[nodiscard]] constexpr bool isPrefixChar(char16_t c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void appendToken(QByteArray &out, QStringView text)
{
    // Most feed ids and keys are plain ASCII that needs no escape: no UTF-8 conversion then.
    bool plain = !text.isEmpty() && text.front() != u'$';
    for (const QChar c : text) {
        if (c.unicode() >= 0x80 || mustEscape(static_cast<unsigned char>(c.unicode()))) {
            plain = false;
            break;
        }
    }
    if (plain) {
        for (const QChar c : text)
            out.append(char(c.unicode()));
        return;
    }
    out.append(escapeToken(text));
}

} // namespace

QByteArray escapeToken(QStringView text)
{
    if (text.isEmpty())
        return QByteArrayLiteral("%");
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 8);
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if (mustEscape(byte) || (i == 0 && byte == '$')) {
            out.append('%');
            out.append(kHexDigits[byte >> 4]);
            out.append(kHexDigits[byte & 0xF]);
        } else {
            out.append(char(byte));
        }
    }
    return out;
}

std::optional<QString> unescapeToken(QByteArrayView token)
{
    if (token.isEmpty())
        return std::nullopt;
    if (token == "%")
        return QString(); // the empty text
    QByteArray bytes;
    bytes.reserve(token.size());
    for (qsizetype i = 0; i < token.size(); ++i) {
        const auto byte = static_cast<unsigned char>(token[i]);
        if (byte == '%') {
            if (i + 2 >= token.size())
                return std::nullopt; // fewer than two characters follow
            const int high = hexValue(token[i + 1]);
            const int low = hexValue(token[i + 2]);
            if (high < 0 || low < 0)
                return std::nullopt;
            const auto decoded = static_cast<unsigned char>(high * 16 + low);
            // Only what escapeToken() escapes: "%41" for 'A' would be a second name for one text.
            if (!mustEscape(decoded) && !(i == 0 && decoded == '$'))
                return std::nullopt;
            bytes.append(char(decoded));
            i += 2;
        } else if (mustEscape(byte) || (i == 0 && byte == '$')) {
            return std::nullopt; // a byte escapeToken() never leaves as it is
        } else {
            bytes.append(char(byte));
        }
    }
    if (!isValidUtf8(bytes))
        return std::nullopt;
    return QString::fromUtf8(bytes);
}

QByteArray updateSubject(QByteArrayView prefix, QStringView feedId, QStringView key)
{
    QByteArray out;
    out.reserve(prefix.size() + feedId.size() + key.size() + 8);
    out.append(prefix);
    out.append('.');
    appendToken(out, feedId);
    out.append('.');
    appendToken(out, key);
    return out;
}

QByteArray statusSubject(QByteArrayView prefix, QStringView feedId)
{
    QByteArray out;
    out.reserve(prefix.size() + feedId.size() + kStatusToken.size() + 2);
    out.append(prefix);
    out.append('.');
    appendToken(out, feedId);
    out.append('.');
    out.append(kStatusToken);
    return out;
}

std::optional<SubjectParts> parseSubject(QByteArrayView subject)
{
    const qsizetype lastDot = subject.lastIndexOf('.');
    if (lastDot <= 0)
        return std::nullopt;
    const qsizetype feedDot = subject.first(lastDot).lastIndexOf('.');
    if (feedDot <= 0)
        return std::nullopt; // fewer than three tokens, or an empty prefix
    const QByteArrayView prefix = subject.first(feedDot);
    if (prefix.startsWith('.') || prefix.endsWith('.') || prefix.contains(QByteArrayView("..")))
        return std::nullopt;

    const QByteArrayView feedToken = subject.sliced(feedDot + 1, lastDot - feedDot - 1);
    const QByteArrayView keyToken = subject.sliced(lastDot + 1);
    std::optional<QString> feedId = unescapeToken(feedToken);
    if (!feedId)
        return std::nullopt;
    SubjectParts parts;
    parts.feedId = std::move(*feedId);
    if (keyToken == kStatusToken) {
        parts.isStatus = true;
        return parts;
    }
    std::optional<QString> key = unescapeToken(keyToken);
    if (!key)
        return std::nullopt;
    parts.key = std::move(*key);
    return parts;
}

bool isValidPrefix(QStringView prefix)
{
    if (prefix.isEmpty())
        return false;
    bool tokenStart = true;
    for (const QChar c : prefix) {
        if (c == u'.') {
            if (tokenStart)
                return false; // an empty token
            tokenStart = true;
        } else if (isPrefixChar(c.unicode())) {
            tokenStart = false;
        } else {
            return false;
        }
    }
    return !tokenStart;
}

bool isValidPattern(QStringView pattern, QString *why)
{
    const auto fail = [why](QString reason) {
        if (why)
            *why = std::move(reason);
        return false;
    };
    if (pattern.isEmpty())
        return fail(QStringLiteral("the subject is empty"));
    for (const QChar c : pattern) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return fail(QStringLiteral("a subject cannot hold whitespace or control characters"));
    }
    const QList<QStringView> tokens = pattern.split(u'.');
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QStringView token = tokens[i];
        if (token.isEmpty())
            return fail(QStringLiteral("\"%1\" has an empty token (a dot at the start or the end, or two dots in a row)")
                            .arg(pattern));
        if (token == u">") {
            if (i != tokens.size() - 1)
                return fail(QStringLiteral("\"%1\": \">\" can only be the last token").arg(pattern));
        } else if (token.contains(u'>')) {
            return fail(QStringLiteral("\"%1\": \">\" must be a whole token, as in \"a.>\"").arg(pattern));
        } else if (token != u"*" && token.contains(u'*')) {
            return fail(QStringLiteral("\"%1\": \"*\" must be a whole token, as in \"a.*.c\"").arg(pattern));
        }
    }
    if (why)
        why->clear();
    return true;
}

} // namespace feeddeck::codec::nats
