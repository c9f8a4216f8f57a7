#include "core/workspace/SectionReader.h"

#include "core/codec/JsonPath.h"
#include "core/workspace/KnownFeeds.h"

namespace feeddeck::workspace {

SectionReader::SectionReader(Wording wording, qsizetype maxElements, const SectionProblemSink &report)
    : m_wording(std::move(wording))
    , m_max(maxElements)
    , m_report(report)
{
}

void SectionReader::report(const QString &path, const QString &message)
{
    ++m_problems;
    m_report(path, message);
}

void SectionReader::forEachObject(const QJsonValue &section,
                                  const std::function<void(const QJsonObject &, const QString &)> &read)
{
    const QString &path = m_wording.section;
    if (section.isUndefined())
        return;
    if (!section.isArray()) {
        report(path, QStringLiteral("must be an array of %1 such as %2, found %3")
                         .arg(m_wording.things, m_wording.example, codec::jsonTypeName(section)));
        return;
    }
    const QJsonArray array = section.toArray();
    if (array.size() > m_max) {
        report(path, QStringLiteral("has %1 %2 but a workspace takes at most %3; remove some")
                         .arg(QString::number(array.size()), m_wording.things, QString::number(m_max)));
        return;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString elementPath = codec::indexPath(path, i);
        if (!array.at(i).isObject()) {
            report(elementPath, QStringLiteral("must be an object describing one %1, found %2")
                                    .arg(m_wording.thing, codec::jsonTypeName(array.at(i))));
            continue;
        }
        read(array.at(i).toObject(), elementPath);
    }
}

QString SectionReader::readId(const QJsonValue &value, const QString &path)
{
    const QString hint = QStringLiteral("give the %1 a unique id such as \"%2\"").arg(m_wording.thing, m_wording.idExample);
    if (value.isUndefined()) {
        report(path, QStringLiteral("missing; %1").arg(hint));
        return {};
    }
    if (!value.isString()) {
        report(path, QStringLiteral("must be a string, found %1; %2").arg(codec::jsonTypeName(value), hint));
        return {};
    }
    const QString id = value.toString();
    if (id.isEmpty()) {
        report(path, QStringLiteral("is empty; %1").arg(hint));
    } else if (!isWorkspaceId(id)) {
        report(path, QStringLiteral("%1 may only contain letters, digits, \"_\", \".\" and \"-\"; %2")
                         .arg(codec::quotedText(id), hint));
    } else if (const auto first = m_idPaths.constFind(id); first != m_idPaths.cend()) {
        report(path, QStringLiteral("duplicate id %1 (also %2); give each %3 its own id")
                         .arg(codec::quotedText(id), *first, m_wording.thing));
    } else {
        m_idPaths.insert(id, path);
    }
    return id;
}

std::optional<QString> SectionReader::readText(const QJsonObject &object, const QString &key, const QString &parent)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString()) {
        report(codec::childPath(parent, key), QStringLiteral("must be a string, found %1").arg(codec::jsonTypeName(value)));
        return std::nullopt;
    }
    return value.toString();
}

} // namespace feeddeck::workspace
