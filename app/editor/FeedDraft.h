#pragma once

#include "core/workspace/FeedConfig.h"

#include <QJsonObject>
#include <QString>

namespace feeddeck::app::editor {

// The feed being edited, typed: the settings as they would be applied, with the defaults the
// workspace file gives (FeedConfig's own, and the parser's for a new feed). The address is kept
// as typed beside it, since a QUrl would rewrite a half-typed one.
struct FeedDraft
{
    bool open = false; // a feed, or a new one, is being edited
    workspace::FeedConfig config;
    QString urlText;

    // The feed in the workspace file's form, address and name as typed, under `id`: what the
    // file's own rules check.
    [[nodiscard]] QJsonObject toJson(const QString &id) const;
};

} // namespace feeddeck::app::editor
