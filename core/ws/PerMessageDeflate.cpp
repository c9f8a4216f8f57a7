#include "core/ws/PerMessageDeflate.h"

#include <QList>

namespace feeddeck::ws {

namespace {

const QString kHint = QStringLiteral("; set the feed's \"compression\" to \"off\" if the server cannot negotiate it");

// Every Sec-WebSocket-Extensions value of a reply head, joined as one list (RFC 7230 3.2.2).
QByteArray extensionsValue(QByteArrayView head)
{
    QByteArray joined;
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.first(colon).trimmed().compare("sec-websocket-extensions", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (value.isEmpty())
            continue;
        if (!joined.isEmpty())
            joined += ',';
        joined += value;
    }
    return joined;
}

// A window size value: 8..15 as plain digits, possibly quoted (RFC 7692 7.1.2.1).
int windowBits(QByteArray value)
{
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    if (value.isEmpty() || value.size() > 2 || value.startsWith('0'))
        return -1;
    bool ok = false;
    const int bits = value.toInt(&ok);
    return ok && bits >= 8 && bits <= 15 ? bits : -1;
}

} // namespace

QByteArray withDeflateOffer(QByteArray request)
{
    const qsizetype end = request.lastIndexOf("\r\n\r\n");
    if (end < 0)
        return request;
    request.insert(end + 2, "Sec-WebSocket-Extensions: " + kDeflateOffer.toByteArray() + "\r\n");
    return request;
}

QString checkExtensions(QByteArrayView head, bool deflateOffered, DeflateAgreement *agreement)
{
    *agreement = {};
    const QByteArray value = extensionsValue(head);
    if (value.isEmpty())
        return {};
    if (!deflateOffered)
        return QStringLiteral("the server chose a WebSocket extension that was not offered");
    const QString shown = QString::fromLatin1(value.left(120));
    const QList<QByteArray> elements = value.split(',');
    if (elements.size() != 1)
        return QStringLiteral("the server chose more than one WebSocket extension (\"%1\"); FeedDeck offered only "
                              "permessage-deflate%2").arg(shown, kHint);
    const QList<QByteArray> parts = elements.first().split(';');
    if (parts.first().trimmed().compare("permessage-deflate", Qt::CaseInsensitive) != 0)
        return QStringLiteral("the server chose the WebSocket extension \"%1\", which was not offered").arg(shown);

    DeflateAgreement result;
    result.agreed = true;
    QList<QByteArray> seen;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = (eq < 0 ? part : part.first(eq)).trimmed().toLower();
        const bool hasValue = eq >= 0;
        const QByteArray paramValue = hasValue ? part.mid(eq + 1).trimmed() : QByteArray();
        const auto invalid = [&] {
            return QStringLiteral("the server's permessage-deflate response has an invalid parameter \"%1\" (\"%2\")%3")
                .arg(QString::fromLatin1(part.left(60)), shown, kHint);
        };
        if (seen.contains(name))
            return QStringLiteral("the server's permessage-deflate response repeats \"%1\" (\"%2\")%3")
                .arg(QString::fromLatin1(name.left(60)), shown, kHint);
        seen.append(name);
        if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
            if (hasValue)
                return invalid();
            (name.startsWith("server") ? result.serverNoContextTakeover : result.clientNoContextTakeover) = true;
        } else if (name == "server_max_window_bits" || name == "client_max_window_bits") {
            // Both need a value in a response; client_max_window_bits is allowed because it was offered.
            const int bits = hasValue ? windowBits(paramValue) : -1;
            if (bits < 0)
                return invalid();
            (name.startsWith("server") ? result.serverMaxWindowBits : result.clientMaxWindowBits) = bits;
        } else {
            return QStringLiteral("the server's permessage-deflate response has the unknown parameter \"%1\" (\"%2\")%3")
                .arg(QString::fromLatin1(name.left(60)), shown, kHint);
        }
    }
    *agreement = result;
    return {};
}

} // namespace feeddeck::ws
