#include "core/feed/CloseCodes.h"

namespace feeddeck::feed {

QString closeCodeMeaning(int code)
{
    switch (code) {
    case 1000: return QStringLiteral("normal closure");
    case 1001: return QStringLiteral("the server is going away (restart or shutdown)");
    case 1002: return QStringLiteral("protocol error");
    case 1003: return QStringLiteral("the server does not accept this kind of data");
    case 1005: return QStringLiteral("closed without a status code");
    case 1006: return QStringLiteral("connection lost without a close frame");
    case 1007: return QStringLiteral("invalid data (e.g. text that is not UTF-8)");
    case 1008: return QStringLiteral("policy violation (often authentication or rate limits)");
    case 1009: return QStringLiteral("message too big for the configured limit");
    case 1010: return QStringLiteral("a required extension was not negotiated");
    case 1011: return QStringLiteral("internal server error");
    case 1012: return QStringLiteral("the service is restarting");
    case 1013: return QStringLiteral("the server is overloaded; try again later");
    case 1015: return QStringLiteral("TLS handshake failed");
    default: break;
    }
    if (code >= 4000 && code <= 4999)
        return QStringLiteral("application-defined code");
    if (code >= 3000 && code <= 3999)
        return QStringLiteral("library-defined code");
    return QStringLiteral("unknown close code");
}

QString describeClose(int code, const QString &reason)
{
    QString text = QStringLiteral("connection closed (%1: %2)").arg(code).arg(closeCodeMeaning(code));
    if (!reason.trimmed().isEmpty())
        text += QStringLiteral(": ") + reason.trimmed().left(200);
    return text;
}

} // namespace feeddeck::feed
