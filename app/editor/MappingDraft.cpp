#include "app/editor/MappingDraft.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

namespace feeddeck::app::editor {

namespace {

QString jsonText(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString listText(const QJsonValue &value)
{
    QStringList parts;
    for (const QJsonValue &item : value.toArray())
        parts.append(item.toString());
    return parts.join(QStringLiteral(", "));
}

QJsonArray listFromText(const QString &text)
{
    QJsonArray array;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            array.append(part.trimmed());
    return array;
}

} // namespace

MappingDraft::MappingDraft(std::function<void()> edited, QObject *parent)
    : QObject(parent)
    , m_edited(std::move(edited))
{
}

void MappingDraft::load(const QJsonObject &mapping)
{
    m_subscribe = jsonText(mapping.value(QStringLiteral("subscribe")));
    m_unsubscribe = jsonText(mapping.value(QStringLiteral("unsubscribe")));
    m_match = jsonText(mapping.value(QStringLiteral("match")));
    m_key = listText(mapping.value(QStringLiteral("key")));
    m_time = mapping.value(QStringLiteral("time")).toString();
    m_fields = listText(mapping.value(QStringLiteral("fields")));
    emit changed();
}

void MappingDraft::set(QString &text, const QString &value)
{
    text = value;
    emit changed();
    m_edited();
}

QVariantMap MappingDraft::applyTo(QJsonObject &mapping) const
{
    QVariantMap problems;
    const auto setJson = [&](const QString &key, const QString &text, bool objectOnly) {
        if (text.trimmed().isEmpty()) {
            mapping.remove(key);
            return;
        }
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            problems.insert(QStringLiteral("json.") + key,
                            tr("not valid JSON at character %1: %2").arg(error.offset + 1).arg(error.errorString()));
        } else if (objectOnly && !document.isObject()) {
            problems.insert(QStringLiteral("json.") + key, tr("must be an object such as {\"type\": \"update\"}"));
        } else {
            mapping.insert(key, document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
        }
    };
    setJson(QStringLiteral("subscribe"), m_subscribe, false);
    setJson(QStringLiteral("unsubscribe"), m_unsubscribe, false);
    setJson(QStringLiteral("match"), m_match, true);
    mapping.insert(QStringLiteral("key"), listFromText(m_key));
    mapping.insert(QStringLiteral("fields"), listFromText(m_fields));
    if (m_time.trimmed().isEmpty())
        mapping.remove(QStringLiteral("time"));
    else
        mapping.insert(QStringLiteral("time"), m_time.trimmed());
    return problems;
}

} // namespace feeddeck::app::editor
