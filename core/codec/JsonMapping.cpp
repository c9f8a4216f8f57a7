#include "core/codec/JsonMapping.h"

#include "core/codec/JsonPath.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace feeddeck::codec {

namespace {

const QString kSymbolsPlaceholder = QStringLiteral("$symbols");

const QString kPathAdvice = QStringLiteral("write field names separated by dots, such as \"price\" or \"meta.kind\"");

QString pathProblem(const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral("is an empty field path; %1").arg(kPathAdvice);
    if (path.size() > kMaxPathChars)
        return QStringLiteral("is %1 characters long; a field path has at most %2")
            .arg(QString::number(path.size()), QString::number(kMaxPathChars));
    if (path.count(u'.') >= kMaxPathSegments)
        return QStringLiteral("%1 is nested more than %2 levels deep; use a shorter path")
            .arg(quotedText(path), QString::number(kMaxPathSegments));
    return QStringLiteral("%1 is not a field path: it has an empty name between dots; %2")
        .arg(quotedText(path), kPathAdvice);
}

QJsonValue substitute(const QJsonValue &value, const QJsonArray &symbols)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString() == kSymbolsPlaceholder ? QJsonValue(symbols) : value;
    case QJsonValue::Array: {
        QJsonArray out;
        const QJsonArray in = value.toArray();
        for (const QJsonValue &item : in)
            out.append(substitute(item, symbols));
        return out;
    }
    case QJsonValue::Object: {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), substitute(it.value(), symbols));
        return out;
    }
    default:
        return value;
    }
}

class Validator
{
public:
    explicit Validator(JsonMapping::Problems *problems)
        : m_problems(problems)
    {
    }

    [[nodiscard]] bool ok() const noexcept { return m_ok; }

    void report(const QString &path, const QString &message)
    {
        m_ok = false;
        if (m_problems)
            m_problems->append({path, message});
    }

    // A template is any JSON value; null reads as "nothing to send".
    QJsonValue readTemplate(const QJsonObject &json, const QString &key)
    {
        const QJsonValue value = json.value(key);
        return value.isNull() ? QJsonValue(QJsonValue::Undefined) : value;
    }

    // A match object of field path -> expected string, number or boolean.
    MatchConditions readConditions(const QJsonValue &value, const QString &path, const QString &example)
    {
        MatchConditions conditions;
        if (!value.isObject()) {
            report(path, QStringLiteral("must be an object of field paths and the values to compare with, such as "
                                        "%1, found %2")
                             .arg(example, jsonTypeName(value)));
            return conditions;
        }
        const QJsonObject object = value.toObject();
        if (object.size() > kMaxMappingConditions) {
            report(path, QStringLiteral("has %1 conditions; a match takes at most %2")
                             .arg(QString::number(object.size()), QString::number(kMaxMappingConditions)));
            return conditions;
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString conditionPath = childPath(path, it.key());
            if (!isValidFieldPath(it.key())) {
                report(conditionPath, pathProblem(it.key()));
                continue;
            }
            const QJsonValue expected = it.value();
            if (!expected.isString() && !expected.isDouble() && !expected.isBool()) {
                report(conditionPath, QStringLiteral("must be a string, a number or true/false to compare with, "
                                                     "found %1")
                                          .arg(jsonTypeName(expected)));
                continue;
            }
            conditions.append(MatchCondition{.path = it.key(), .expected = expected});
        }
        return conditions;
    }

    // One field path, or nothing (reported).
    std::optional<QString> readPath(const QJsonValue &value, const QString &path, const QString &example)
    {
        if (!value.isString()) {
            report(path,
                   QStringLiteral("must be a field path string such as %1, found %2").arg(example, jsonTypeName(value)));
            return std::nullopt;
        }
        const QString text = value.toString();
        if (!isValidFieldPath(text)) {
            report(path, pathProblem(text));
            return std::nullopt;
        }
        return text;
    }

    // A required, non-empty array of distinct field paths.
    QStringList readPathList(const QJsonObject &json, const QString &key, qsizetype maxCount, const QString &purpose,
                             const QString &example)
    {
        QStringList paths;
        const QJsonValue value = json.value(key);
        if (value.isUndefined()) {
            report(key, QStringLiteral("missing; list the field paths %1, such as %2").arg(purpose, example));
            return paths;
        }
        if (!value.isArray()) {
            report(key, QStringLiteral("must be an array of field paths such as %1, found %2")
                            .arg(example, jsonTypeName(value)));
            return paths;
        }
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            report(key, QStringLiteral("is empty; list at least one field path %1, such as %2").arg(purpose, example));
            return paths;
        }
        if (array.size() > maxCount) {
            report(key, QStringLiteral("has %1 paths; at most %2 are allowed")
                            .arg(QString::number(array.size()), QString::number(maxCount)));
            return paths;
        }
        QHash<QString, QString> seen; // path -> where it was first listed
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = indexPath(key, i);
            const auto fieldPath = readPath(array.at(i), itemPath, QStringLiteral("\"price\""));
            if (!fieldPath)
                continue;
            if (const auto first = seen.constFind(*fieldPath); first != seen.cend()) {
                report(itemPath,
                       QStringLiteral("duplicate path %1 (also %2); remove one").arg(quotedText(*fieldPath), *first));
                continue;
            }
            seen.insert(*fieldPath, itemPath);
            paths.append(*fieldPath);
        }
        return paths;
    }

    std::optional<MatchConditions> readAck(const QJsonObject &json)
    {
        const QJsonValue value = json.value(QStringLiteral("ack"));
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        const QString example = QStringLiteral("{\"type\": \"subscribed\"}");
        if (value.isObject() && value.toObject().isEmpty()) {
            report(QStringLiteral("ack"),
                   QStringLiteral("is empty, so every message would count as the server's confirmation; "
                                  "say what it contains, such as %1, or remove \"ack\"")
                       .arg(example));
            return std::nullopt;
        }
        return readConditions(value, QStringLiteral("ack"), example);
    }

    std::optional<ErrorRule> readError(const QJsonObject &json)
    {
        const QString path = QStringLiteral("error");
        const QJsonValue value = json.value(path);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isObject()) {
            report(path, QStringLiteral("must be an object such as {\"match\": {\"type\": \"error\"}, "
                                        "\"symbol\": \"sku\", \"message\": \"message\"}, found %1")
                             .arg(jsonTypeName(value)));
            return std::nullopt;
        }
        const QJsonObject object = value.toObject();
        ErrorRule rule;
        const QString matchPath = childPath(path, QStringLiteral("match"));
        const QJsonValue match = object.value(QStringLiteral("match"));
        const QString example = QStringLiteral("{\"type\": \"error\"}");
        if (match.isUndefined()) {
            report(matchPath, QStringLiteral("missing; say what an error message contains, such as %1").arg(example));
        } else if (match.isObject() && match.toObject().isEmpty()) {
            report(matchPath, QStringLiteral("is empty, so every message would be an error; say what an error message "
                                             "contains, such as %1")
                                  .arg(example));
        } else {
            rule.match = readConditions(match, matchPath, example);
        }
        const QJsonValue symbol = object.value(QStringLiteral("symbol"));
        if (!symbol.isUndefined() && !symbol.isNull()) {
            if (const auto symbolPath =
                    readPath(symbol, childPath(path, QStringLiteral("symbol")), QStringLiteral("\"sku\"")))
                rule.symbolPath = *symbolPath;
        }
        const QJsonValue message = object.value(QStringLiteral("message"));
        if (!message.isUndefined() && !message.isNull()) {
            if (const auto messagePath =
                    readPath(message, childPath(path, QStringLiteral("message")), QStringLiteral("\"message\"")))
                rule.messagePath = *messagePath;
        }
        return rule;
    }

private:
    JsonMapping::Problems *m_problems = nullptr;
    bool m_ok = true;
};

} // namespace

std::optional<JsonMapping> JsonMapping::fromJson(const QJsonObject &json, Problems *problems)
{
    Validator check(problems);
    JsonMapping mapping;
    mapping.subscribe = check.readTemplate(json, QStringLiteral("subscribe"));
    mapping.unsubscribe = check.readTemplate(json, QStringLiteral("unsubscribe"));

    const QJsonValue match = json.value(QStringLiteral("match"));
    if (!match.isUndefined() && !match.isNull())
        mapping.match =
            check.readConditions(match, QStringLiteral("match"), QStringLiteral("{\"type\": \"inventory\"}"));
    mapping.ack = check.readAck(json);
    mapping.error = check.readError(json);

    mapping.key = check.readPathList(json, QStringLiteral("key"), kMaxMappingKeyPaths,
                                     QStringLiteral("that identify a row"), QStringLiteral("[\"sku\", \"warehouse\"]"));

    const QJsonValue time = json.value(QStringLiteral("time"));
    if (!time.isUndefined() && !time.isNull()) {
        if (const auto path = check.readPath(time, QStringLiteral("time"), QStringLiteral("\"ts\"")))
            mapping.time = *path;
    }

    mapping.fields =
        check.readPathList(json, QStringLiteral("fields"), kMaxMappingFields, QStringLiteral("of the numbers to show"),
                           QStringLiteral("[\"on_hand\", \"delta\"]"));

    if (!check.ok())
        return std::nullopt;
    return mapping;
}

QByteArray renderTemplate(const QJsonValue &templ, const QStringList &symbols)
{
    return compactJson(substitute(templ, QJsonArray::fromStringList(symbols)));
}

QStringList pathSegments(const QString &path)
{
    return path.split(u'.');
}

bool isValidFieldPath(const QString &path)
{
    if (path.isEmpty() || path.size() > kMaxPathChars)
        return false;
    const QStringList segments = pathSegments(path);
    return segments.size() <= kMaxPathSegments
        && std::none_of(segments.cbegin(), segments.cend(), [](const QString &s) { return s.isEmpty(); });
}

} // namespace feeddeck::codec
