#include "core/sim/SimSession.h"

#include "core/sim/JsonLineWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace feeddeck::sim {

bool SimSession::parseObject(const QByteArray &utf8, QJsonObject &object, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        error = QStringLiteral("expected a JSON object");
        return false;
    }
    object = document.object();
    return true;
}

bool SimSession::readTextList(const QJsonValue &value, QStringList &out)
{
    if (!value.isArray())
        return false;
    const QJsonArray array = value.toArray();
    QStringList texts;
    texts.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (!item.isString())
            return false;
        texts.append(item.toString());
    }
    out = texts;
    return true;
}

QString SimSession::clipped(const QString &text)
{
    constexpr qsizetype kMaxQuoted = 64;
    if (text.size() <= kMaxQuoted)
        return text;
    return text.left(kMaxQuoted) + QStringLiteral("...");
}

QByteArray SimSession::errorMessage(QStringView message, const QString &reason)
{
    return JsonLineWriter().text("type", u"error").text("message", message).text("reason", reason).finish();
}

} // namespace feeddeck::sim
