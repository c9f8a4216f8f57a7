#include "core/codec/ProtocolDescription.h"

#include "core/codec/JsonPath.h"

#include <QJsonArray>

namespace feeddeck::codec {

const ProtocolOption *ProtocolDescription::option(const QString &key) const
{
    for (const ProtocolOption &candidate : options)
        if (candidate.name == key)
            return &candidate;
    return nullptr;
}

QStringList ProtocolDescription::allowedValues(const QString &key) const
{
    const ProtocolOption *found = option(key);
    return found ? found->allowed : QStringList();
}

QJsonValue ProtocolDescription::defaultValue(const QString &key) const
{
    const ProtocolOption *found = option(key);
    return found ? found->defaultValue : QJsonValue(QJsonValue::Undefined);
}

std::optional<QStringList> checkNameList(const QJsonValue &value, const QString &path, const QStringList &allowed,
                                         const QString &what, const QString &example, ProtocolProblems *problems)
{
    const auto report = [problems](const QString &where, const QString &message) {
        problems->append(ProtocolProblem{where, message});
    };
    const QString choices = allowed.join(QStringLiteral(", "));
    if (!value.isArray()) {
        report(path, QStringLiteral("must be an array of %1 names such as %2, found %3")
                         .arg(what, example, jsonTypeName(value)));
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (array.isEmpty()) {
        report(path, QStringLiteral("is empty; list the %1s to subscribe to, such as %2, or remove it for the defaults")
                         .arg(what, example));
        return std::nullopt;
    }
    QStringList names;
    bool valid = true;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = indexPath(path, i);
        const QJsonValue item = array.at(i);
        valid = valid && item.isString() && allowed.contains(item.toString());
        if (!item.isString()) {
            report(itemPath,
                   QStringLiteral("must be a %1 name, found %2; use one of: %3").arg(what, jsonTypeName(item), choices));
        } else if (item.toString().isEmpty()) {
            report(itemPath, QStringLiteral("is empty; use one of: %1").arg(choices));
        } else if (!allowed.contains(item.toString())) {
            report(itemPath, QStringLiteral("%1 is not a %2 FeedDeck reads; use one of: %3")
                                 .arg(quotedText(item.toString()), what, choices));
        } else {
            names.append(item.toString());
        }
    }
    if (!valid)
        return std::nullopt;
    return names;
}

} // namespace feeddeck::codec
