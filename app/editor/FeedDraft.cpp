#include "app/editor/FeedDraft.h"

#include "core/workspace/WorkspaceSerializer.h"

namespace feeddeck::app::editor {

QJsonObject FeedDraft::toJson(const QString &id) const
{
    workspace::FeedConfig feed = config;
    feed.id = id;
    QJsonObject object = workspace::toJson(feed);
    object.insert(QStringLiteral("name"), config.name); // toJson writes the id for an empty name
    object.insert(QStringLiteral("url"), urlText);
    return object;
}

} // namespace feeddeck::app::editor
