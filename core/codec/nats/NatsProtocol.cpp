#include "core/codec/nats/NatsProtocol.h"

#include "core/Version.h"
#include "core/codec/Excerpt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <string_view>

namespace feeddeck::codec::nats {

namespace {

// How much of a wrong operation or argument an error quotes.
constexpr qsizetype kExcerptChars = 40;
// Bytes already read are dropped from the front of the buffer once there are this many and
// they are at least half of it: one move now and then, never one per operation.
constexpr qsizetype kCompactAfter = 64 * 1024;
// A buffer grown past this for one big message is given back once that message is read.
constexpr qsizetype kRetainBytes = 2 * 1024 * 1024;
// At most: subject, sid, reply-to, header size, total size.
constexpr qsizetype kMaxArgs = 5;

[[nodiscard]] QString quoted(QByteArrayView bytes)
{
    return QLatin1Char('"') + excerpt(std::string_view(bytes.data(), std::size_t(bytes.size())), kExcerptChars)
        + QLatin1Char('"');
}

[[nodiscard]] constexpr bool isBlank(char c) noexcept
{
    return c == ' ' || c == '\t';
}

[[nodiscard]] QByteArrayView trimmedBlanks(QByteArrayView text) noexcept
{
    while (!text.isEmpty() && isBlank(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isBlank(text.back()))
        text.chop(1);
    return text;
}

// ASCII case-insensitive comparison with an upper-case name.
[[nodiscard]] bool isOperation(QByteArrayView word, std::string_view upper) noexcept
{
    if (std::size_t(word.size()) != upper.size())
        return false;
    for (qsizetype i = 0; i < word.size(); ++i) {
        char c = word[i];
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        if (c != upper[std::size_t(i)])
            return false;
    }
    return true;
}

// Splits the arguments of a control line at runs of spaces, tabs and stray carriage returns
// (as nats.go does: no subject holds one); false when there are more than fit (then the line
// is malformed anyway).
[[nodiscard]] bool splitArgs(QByteArrayView text, std::array<QByteArrayView, kMaxArgs> &args, qsizetype &count)
{
    const auto separates = [](char c) { return isBlank(c) || c == '\r'; };
    count = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && separates(text[i]))
            ++i;
        if (i == text.size())
            break;
        const qsizetype start = i;
        while (i < text.size() && !separates(text[i]))
            ++i;
        if (count == kMaxArgs)
            return false;
        args[std::size_t(count++)] = text.sliced(start, i - start);
    }
    return true;
}

// A byte count: decimal digits only, no sign, no overflow.
[[nodiscard]] bool readSize(QByteArrayView text, qint64 &out) noexcept
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

void appendNumber(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, qsizetype(result.ptr - digits));
}

[[nodiscard]] QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue item : value.toArray())
        if (item.isString())
            out.append(item.toString());
    return out;
}

[[nodiscard]] bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b) noexcept
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

} // namespace

std::optional<ServerInfo> parseInfo(QByteArrayView json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("INFO is not valid JSON (%1 at offset %2)")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("INFO is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    ServerInfo info;
    info.serverId = object.value(QLatin1String("server_id")).toString();
    info.serverName = object.value(QLatin1String("server_name")).toString();
    info.version = object.value(QLatin1String("version")).toString();
    // A missing or nonsensical limit keeps the server default.
    if (const qint64 maxPayload = object.value(QLatin1String("max_payload")).toInteger(0); maxPayload > 0)
        info.maxPayload = maxPayload;
    info.headers = object.value(QLatin1String("headers")).toBool();
    info.jetstream = object.value(QLatin1String("jetstream")).toBool();
    info.authRequired = object.value(QLatin1String("auth_required")).toBool();
    info.tlsRequired = object.value(QLatin1String("tls_required")).toBool();
    info.connectUrls = stringList(object.value(QLatin1String("connect_urls")));
    info.wsConnectUrls = stringList(object.value(QLatin1String("ws_connect_urls")));
    return info;
}

QByteArray connectCommand(const ConnectOptions &options)
{
    QJsonObject object;
    object.insert(QLatin1String("verbose"), false);
    object.insert(QLatin1String("pedantic"), false);
    object.insert(QLatin1String("tls_required"), false);
    if (!options.name.isEmpty())
        object.insert(QLatin1String("name"), options.name);
    object.insert(QLatin1String("lang"), QLatin1String("c++"));
    object.insert(QLatin1String("version"), QLatin1String(kVersion));
    object.insert(QLatin1String("protocol"), 1);
    object.insert(QLatin1String("headers"), options.headers);
    // A request nobody subscribes to is answered at once with a 503 status (needs headers):
    // a server without JetStream says so instead of leaving the request unanswered.
    object.insert(QLatin1String("no_responders"), options.headers);
    object.insert(QLatin1String("echo"), options.echo);
    if (!options.user.isEmpty())
        object.insert(QLatin1String("user"), options.user);
    if (!options.password.isEmpty())
        object.insert(QLatin1String("pass"), options.password);
    if (!options.token.isEmpty())
        object.insert(QLatin1String("auth_token"), options.token);
    return QByteArrayLiteral("CONNECT ") + QJsonDocument(object).toJson(QJsonDocument::Compact)
        + QByteArrayLiteral("\r\n");
}

void appendPub(QByteArray &out, QByteArrayView subject, QByteArrayView payload, QByteArrayView replyTo)
{
    out.append("PUB ", 4);
    out.append(subject);
    out.append(' ');
    if (!replyTo.isEmpty()) {
        out.append(replyTo);
        out.append(' ');
    }
    appendNumber(out, payload.size());
    out.append("\r\n", 2);
    out.append(payload);
    out.append("\r\n", 2);
}

void appendSub(QByteArray &out, QByteArrayView subject, QByteArrayView sid)
{
    out.append("SUB ", 4);
    out.append(subject);
    out.append(' ');
    out.append(sid);
    out.append("\r\n", 2);
}

void appendUnsub(QByteArray &out, QByteArrayView sid, int maxMessages)
{
    out.append("UNSUB ", 6);
    out.append(sid);
    // The server treats a maximum of 0 as none: the plain form says the same.
    if (maxMessages > 0) {
        out.append(' ');
        appendNumber(out, maxMessages);
    }
    out.append("\r\n", 2);
}

ServerReader::ServerReader(qsizetype maxControlLine, qsizetype maxPayload)
    : m_maxControlLine(maxControlLine)
    , m_maxPayload(maxPayload)
{
}

void ServerReader::feed(QByteArrayView bytes)
{
    if (m_failed)
        return; // the connection is unusable: nothing more is read
    if (m_offset > 0) {
        const qsizetype remaining = m_buffer.size() - m_offset;
        if (remaining == 0) {
            m_buffer.resize(0); // keeps the allocation
            m_offset = 0;
        } else if (m_offset >= kCompactAfter && m_offset >= remaining) {
            if (m_buffer.capacity() > kRetainBytes && remaining < kRetainBytes / 2)
                m_buffer = m_buffer.sliced(m_offset); // a fresh, small buffer
            else
                m_buffer.remove(0, m_offset);
            m_offset = 0;
        }
    }
    if (m_buffer.isEmpty() && m_buffer.capacity() > kRetainBytes)
        m_buffer = QByteArray();
    m_buffer.append(bytes);
}

void ServerReader::reset()
{
    m_buffer = QByteArray();
    m_offset = 0;
    m_scanned = 0;
    m_error.clear();
    m_failed = false;
}

ServerReader::Status ServerReader::next(ServerOp &op)
{
    if (m_failed)
        return Status::Error;
    const auto fail = [this](QString reason) {
        m_error = std::move(reason);
        m_failed = true;
        return Status::Error;
    };

    const QByteArrayView available = QByteArrayView(m_buffer).sliced(m_offset);
    // INFO (or what may still become one) has a limit of its own.
    const bool maybeInfo = isOperation(available.first(std::min<qsizetype>(available.size(), 4)),
                                       std::string_view("INFO", std::size_t(std::min<qsizetype>(available.size(), 4))))
        && (available.size() < 5 || isBlank(available[4]));
    const qsizetype limit = maybeInfo ? std::max(m_maxControlLine, kMaxInfoLine) : m_maxControlLine;
    const auto tooLong = [&] {
        // Whatever is quoted is the start of a line that goes on.
        return fail(QStringLiteral("%1 longer than %2 bytes: \"%3\u2026\"")
                        .arg(maybeInfo ? QStringLiteral("INFO") : QStringLiteral("control line"))
                        .arg(limit)
                        .arg(excerpt(std::string_view(available.data(), std::size_t(std::min(limit, kExcerptChars))),
                                     kExcerptChars)));
    };
    // The line with its line end lies within the first limit + 2 bytes. Bytes searched by an
    // earlier call are not searched again, so a long line arriving in small pieces costs its
    // length once.
    const qsizetype window = std::min(available.size(), limit + 2);
    qsizetype newline = -1;
    if (m_scanned < window) {
        newline = available.sliced(m_scanned, window - m_scanned).indexOf('\n');
        if (newline >= 0)
            newline += m_scanned;
    }
    if (newline < 0) {
        m_scanned = window;
        // Too long already, unless all that is past the limit is the '\r' of the line end.
        if (available.size() > limit && !(available.size() == limit + 1 && available[limit] == '\r'))
            return tooLong();
        return Status::NeedMore;
    }
    m_scanned = newline;
    const qsizetype lineEnd = newline > 0 && available[newline - 1] == '\r' ? newline - 1 : newline;
    if (lineEnd > limit)
        return tooLong();
    const QByteArrayView line = available.first(lineEnd);
    const qsizetype afterLine = newline + 1;

    qsizetype nameEnd = 0;
    while (nameEnd < line.size() && !isBlank(line[nameEnd]))
        ++nameEnd;
    const QByteArrayView name = line.first(nameEnd);
    const QByteArrayView rest = line.sliced(nameEnd);

    const auto complete = [&](ServerOp::Kind kind, qsizetype consumed) {
        op = ServerOp{};
        op.kind = kind;
        m_offset += consumed;
        m_scanned = 0;
        return Status::Op;
    };

    const bool isMsg = isOperation(name, "MSG");
    const bool isHMsg = !isMsg && isOperation(name, "HMSG");
    if (isMsg || isHMsg) {
        const char *opName = isMsg ? "MSG" : "HMSG";
        const auto malformed = [&](const QString &what) {
            return fail(QStringLiteral("malformed %1 (%2): %3").arg(QLatin1String(opName), what, quoted(line)));
        };
        std::array<QByteArrayView, kMaxArgs> args;
        qsizetype count = 0;
        const qsizetype minArgs = isMsg ? 3 : 4;
        if (!splitArgs(rest, args, count) || count < minArgs || count > minArgs + 1)
            return malformed(isMsg ? QStringLiteral("expected <subject> <sid> [reply-to] <#bytes>")
                                   : QStringLiteral("expected <subject> <sid> [reply-to] <#header bytes> <#total bytes>"));
        const bool hasReply = count == minArgs + 1;
        qint64 total = 0;
        qint64 headerSize = 0;
        const QByteArrayView totalText = args[std::size_t(count - 1)];
        if (!readSize(totalText, total))
            return malformed(QStringLiteral("size %1 is not a number").arg(quoted(totalText)));
        if (isHMsg) {
            const QByteArrayView headerText = args[std::size_t(count - 2)];
            if (!readSize(headerText, headerSize))
                return malformed(QStringLiteral("header size %1 is not a number").arg(quoted(headerText)));
            if (headerSize > total)
                return malformed(
                    QStringLiteral("header size %1 is larger than the total size %2").arg(headerSize).arg(total));
        }
        if (total > m_maxPayload)
            return fail(QStringLiteral("%1 payload of %2 bytes is larger than the limit of %3 bytes")
                            .arg(QLatin1String(opName))
                            .arg(total)
                            .arg(m_maxPayload));
        // The payload ends in "\r\n" (or a bare "\n", as after a control line).
        const qsizetype bodyEnd = afterLine + qsizetype(total);
        qsizetype consumed = 0;
        if (available.size() > bodyEnd && available[bodyEnd] == '\n')
            consumed = bodyEnd + 1;
        else if (available.size() > bodyEnd + 1 && available[bodyEnd] == '\r' && available[bodyEnd + 1] == '\n')
            consumed = bodyEnd + 2;
        else if (available.size() > bodyEnd + 1 || (available.size() == bodyEnd + 1 && available[bodyEnd] != '\r'))
            return fail(QStringLiteral("%1 payload of %2 bytes is not followed by \\r\\n (wrong size?)")
                            .arg(QLatin1String(opName))
                            .arg(total));
        else
            return Status::NeedMore;
        const QByteArrayView body = available.sliced(afterLine, qsizetype(total));
        complete(isMsg ? ServerOp::Kind::Msg : ServerOp::Kind::HMsg, consumed);
        op.subject = args[0];
        op.sid = args[1];
        if (hasReply)
            op.replyTo = args[2];
        op.headers = body.first(qsizetype(headerSize));
        op.payload = body.sliced(qsizetype(headerSize));
        return Status::Op;
    }
    if (isOperation(name, "PING"))
        return complete(ServerOp::Kind::Ping, afterLine);
    if (isOperation(name, "PONG"))
        return complete(ServerOp::Kind::Pong, afterLine);
    if (isOperation(name, "+OK"))
        return complete(ServerOp::Kind::Ok, afterLine);
    if (isOperation(name, "INFO")) {
        const QByteArrayView json = trimmedBlanks(rest);
        complete(ServerOp::Kind::Info, afterLine);
        op.text = json;
        return Status::Op;
    }
    if (isOperation(name, "-ERR")) {
        QByteArrayView message = trimmedBlanks(rest);
        if (message.size() >= 2 && message.front() == '\'' && message.back() == '\'')
            message = message.sliced(1, message.size() - 2);
        complete(ServerOp::Kind::Err, afterLine);
        op.text = message;
        return Status::Op;
    }
    if (line.isEmpty())
        return fail(QStringLiteral("empty control line where an operation was expected"));
    if (name.isEmpty())
        return fail(QStringLiteral("no operation at the start of %1").arg(quoted(line)));
    return fail(QStringLiteral("unknown operation %1").arg(quoted(name)));
}

QByteArray MessageHeaders::value(QByteArrayView name) const
{
    for (const auto &entry : entries)
        if (equalsIgnoringCase(entry.first, name))
            return entry.second;
    return {};
}

bool isNoResponders(const ServerOp &op)
{
    return op.kind == ServerOp::Kind::HMsg && parseHeaders(op.headers).status == 503;
}

MessageHeaders parseHeaders(QByteArrayView block)
{
    MessageHeaders headers;
    bool first = true;
    while (!block.isEmpty()) {
        const qsizetype newline = block.indexOf('\n');
        QByteArrayView line = newline < 0 ? block : block.first(newline);
        block = newline < 0 ? QByteArrayView() : block.sliced(newline + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            first = false;
            // "NATS/1.0", "NATS/1.0 503", "NATS/1.0 100 Idle Heartbeat"
            if (line.startsWith("NATS/")) {
                qsizetype i = 5;
                while (i < line.size() && !isBlank(line[i]))
                    ++i; // the version
                const QByteArrayView status = trimmedBlanks(line.sliced(i));
                qsizetype codeEnd = 0;
                while (codeEnd < status.size() && !isBlank(status[codeEnd]))
                    ++codeEnd;
                // A three-digit code, then its description; without a code the whole text
                // describes the status.
                qint64 code = 0;
                if (codeEnd == 3 && readSize(status.first(codeEnd), code)) {
                    headers.status = int(code);
                    headers.description = trimmedBlanks(status.sliced(codeEnd)).toByteArray();
                } else {
                    headers.description = status.toByteArray();
                }
                continue;
            }
        }
        if (line.isEmpty())
            break; // the end of the block
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue; // not a header line: skipped
        headers.entries.append({trimmedBlanks(line.first(colon)).toByteArray(),
                                trimmedBlanks(line.sliced(colon + 1)).toByteArray()});
    }
    return headers;
}

} // namespace feeddeck::codec::nats
