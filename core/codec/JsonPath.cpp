#include "core/codec/JsonPath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace feeddeck::codec {

namespace {

constexpr qsizetype kMaxQuotedChars = 60;

bool isPlainKey(const QString &key)
{
    if (key.isEmpty())
        return false;
    return std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'
            || c == u'-';
    });
}

} // namespace

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QByteArray compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString quotedText(const QString &text)
{
    if (text.size() <= kMaxQuotedChars)
        return QString::fromUtf8(compactJson(text));
    qsizetype cut = kMaxQuotedChars;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return QString::fromUtf8(compactJson(QString(text.left(cut) + QStringLiteral("..."))));
}

QString childPath(const QString &parent, const QString &key)
{
    if (!isPlainKey(key))
        return parent + u'[' + quotedText(key) + u']';
    return parent.isEmpty() ? key : parent + u'.' + key;
}

QString indexPath(const QString &parent, qsizetype index)
{
    return parent + u'[' + QString::number(index) + u']';
}

} // namespace feeddeck::codec
