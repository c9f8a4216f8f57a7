#include "core/ws/Handshake.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace feeddeck::ws {

namespace {

constexpr QByteArrayView kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

} // namespace

bool isHandshakeHeader(QByteArrayView name)
{
    static constexpr std::array<QByteArrayView, 4> kOwn = {"host", "upgrade", "connection", "content-length"};
    const QByteArray lower = name.toByteArray().toLower();
    if (lower.startsWith("sec-websocket-"))
        return true;
    for (QByteArrayView own : kOwn)
        if (lower == own)
            return true;
    return false;
}

namespace {

// The value of a header in a reply head (first occurrence, trimmed), or a null array.
QByteArray headerValue(const QList<QByteArray> &lines, QByteArrayView name)
{
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

bool hasToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QString hintForStatus(int status)
{
    if (status == 401 || status == 403)
        return QStringLiteral("; check the feed's credentials (its \"headers\")");
    if (status == 404)
        return QStringLiteral("; check the path in the feed's URL");
    if (status >= 300 && status < 400)
        return QStringLiteral("; the server redirects: put the new address in the feed's URL");
    if (status == 429 || status >= 500)
        return QStringLiteral("; FeedDeck will try again");
    return {};
}

} // namespace

QByteArray newHandshakeKey()
{
    std::array<quint32, 4> random{};
    QRandomGenerator::global()->fillRange(random.data(), random.size());
    return QByteArray(reinterpret_cast<const char *>(random.data()), 16).toBase64();
}

QByteArray acceptKeyFor(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(kAcceptGuid);
    return sha1.result().toBase64();
}

QByteArray handshakeRequest(const QUrl &url, QByteArrayView key, const HeaderList &extraHeaders,
                            QByteArrayView userAgent, const QList<QByteArray> &subprotocols)
{
    QByteArray resource = url.path(QUrl::FullyEncoded).toLatin1();
    if (resource.isEmpty())
        resource = "/";
    if (url.hasQuery())
        resource += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 literal
    const bool secure = url.scheme() == QLatin1String("wss");
    const int port = url.port(secure ? 443 : 80);
    if (port != (secure ? 443 : 80))
        host += ':' + QByteArray::number(port);

    QByteArray request;
    request.reserve(256);
    request += "GET " + resource + " HTTP/1.1\r\n";
    request += "Host: " + host + "\r\n";
    request += "Upgrade: websocket\r\n";
    request += "Connection: Upgrade\r\n";
    request += "Sec-WebSocket-Key: " + key.toByteArray() + "\r\n";
    request += "Sec-WebSocket-Version: 13\r\n";
    if (!subprotocols.isEmpty())
        request += "Sec-WebSocket-Protocol: " + subprotocols.join(", ") + "\r\n";
    bool userAgentGiven = false;
    for (const auto &[name, value] : extraHeaders) {
        if (isHandshakeHeader(name))
            continue;
        userAgentGiven = userAgentGiven || name.compare("user-agent", Qt::CaseInsensitive) == 0;
        request += name + ": " + value + "\r\n";
    }
    if (!userAgentGiven && !userAgent.isEmpty())
        request += "User-Agent: " + userAgent.toByteArray() + "\r\n";
    request += "\r\n";
    return request;
}

qsizetype handshakeReplyEnd(QByteArrayView data) noexcept
{
    const qsizetype at = data.indexOf(QByteArrayView("\r\n\r\n"));
    return at < 0 ? -1 : at + 4;
}

QString checkHandshakeReply(QByteArrayView head, QByteArrayView key)
{
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    const QByteArray statusLine = lines.value(0).trimmed();
    // "HTTP/1.1 101 Switching Protocols"
    const QList<QByteArray> parts = statusLine.split(' ');
    bool numeric = false;
    const int status = parts.size() >= 2 ? parts.at(1).toInt(&numeric) : 0;
    if (!statusLine.startsWith("HTTP/") || !numeric)
        return QStringLiteral("the server did not answer the WebSocket handshake with HTTP; check that the URL is a "
                              "WebSocket endpoint (and ws:// vs wss://)");
    if (status != 101) {
        const QString text = QString::fromLatin1(statusLine.mid(statusLine.indexOf(' ') + 1)).left(80);
        return QStringLiteral("the server refused the WebSocket upgrade: HTTP %1%2").arg(text, hintForStatus(status));
    }
    QList<QByteArray> headerLines;
    for (const QByteArray &line : lines)
        headerLines.append(line.trimmed());
    if (!hasToken(headerValue(headerLines, "upgrade"), "websocket")
        || !hasToken(headerValue(headerLines, "connection"), "upgrade"))
        return QStringLiteral("the server answered 101 without \"Upgrade: websocket\"; it is not a WebSocket server");
    if (headerValue(headerLines, "sec-websocket-accept") != acceptKeyFor(key))
        return QStringLiteral("the server's Sec-WebSocket-Accept does not match the key sent; it is not a WebSocket "
                              "server, or a proxy changed the handshake");
    // Sec-WebSocket-Extensions is checked against what was offered by checkExtensions().
    return {};
}

QString checkSubprotocol(QByteArrayView head, const QList<QByteArray> &offered, QByteArray *chosen)
{
    QList<QByteArray> lines;
    for (const QByteArray &line : head.toByteArray().split('\n'))
        lines.append(line.trimmed());
    const QByteArray reply = headerValue(lines, "sec-websocket-protocol");
    const QString problem = checkChosenSubprotocol(reply, offered);
    if (problem.isEmpty() && chosen)
        *chosen = reply;
    return problem;
}

QString checkChosenSubprotocol(const QByteArray &reply, const QList<QByteArray> &offered)
{
    const QString offeredText = QString::fromLatin1(offered.join(", "));
    if (reply.isEmpty()) {
        if (offered.isEmpty())
            return {};
        return QStringLiteral("the server accepted none of the subprotocols offered (%1); check the feed's "
                              "\"subprotocols\" against what the server speaks")
            .arg(offeredText);
    }
    const QString replyText = QString::fromLatin1(reply.left(80));
    if (offered.isEmpty())
        return QStringLiteral("the server chose the subprotocol \"%1\" although none was offered; add it to the "
                              "feed's \"subprotocols\" if the feed speaks it")
            .arg(replyText);
    // Exactly one of those offered, as sent (subprotocol names are case-sensitive).
    if (!offered.contains(reply))
        return QStringLiteral("the server chose the subprotocol \"%1\", which was not offered (%2)").arg(replyText, offeredText);
    return {};
}

} // namespace feeddeck::ws
