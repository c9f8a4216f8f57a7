#pragma once

#include "core/workspace/FeedConfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::app::editor {

struct ChosenWorkspace
{
    workspace::Workspace workspace;
    QString path;       // the file it came from; empty for the built-in demo
    bool isDemo = false;
};

struct WorkspaceChoice
{
    std::optional<ChosenWorkspace> chosen;
    QStringList problems; // "file: json.path: what is wrong" lines when loading failed
    QString failedPath;   // the file that failed to load
};

// Where the window saves the user's changes to a workspace.
struct SaveTarget
{
    QString path;           // empty: changes stay in memory
    bool createFolder = false;
    QString notSavedReason; // with no path: why, and what to do instead
};

// A file the user chose is saved in place. The demo becomes the saved workspace on the
// first change when none exists yet; an existing workspace is never overwritten by it.
[[nodiscard]] SaveTarget saveTargetFor(const ChosenWorkspace &chosen);

// The demo when asked for (--demo); else `configFile` (--config FILE) when given; else the
// saved workspace, or the demo when none is saved. An invalid file is reported, never replaced.
[[nodiscard]] WorkspaceChoice chooseWorkspace(bool demo, const QString &configFile);

// The built-in demo workspace (a simulated market, no network).
[[nodiscard]] workspace::Workspace demoWorkspace();

} // namespace feeddeck::app::editor
