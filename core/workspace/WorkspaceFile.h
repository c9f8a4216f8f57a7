#pragma once

#include "core/workspace/FeedConfig.h"
#include "core/workspace/WorkspaceParser.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::workspace {

inline constexpr qint64 kMaxWorkspaceFileBytes = 16 * 1024 * 1024; // far beyond any real workspace

// $XDG_CONFIG_HOME/feeddeck/workspace.json (QStandardPaths::GenericConfigLocation).
[[nodiscard]] QString defaultWorkspacePath();

struct LoadResult
{
    std::optional<Workspace> workspace; // set only when `problems` is empty
    QList<WorkspaceProblem> problems;   // each names the file
    bool fileMissing = false;           // nothing at the path: the caller may fall back to the demo
};

// Reads and validates a workspace file. A missing, unreadable or oversized file is a problem
// naming the path and the reason; the file itself is never modified.
[[nodiscard]] LoadResult loadWorkspaceFile(const QString &path, const QStringList &knownProtocols);

struct SaveResult
{
    bool ok = false;
    QString error; // names the path, the reason and what to do; empty when ok
};

// Writes the workspace atomically (QSaveFile): on any failure the previous file is left
// byte-for-byte as it was and no partial file remains. With `createParent` a missing parent
// folder is created (meant for the default location); otherwise a missing folder is an error.
[[nodiscard]] SaveResult saveWorkspaceFile(const QString &path, const Workspace &workspace,
                                           bool createParent = false);

} // namespace feeddeck::workspace
