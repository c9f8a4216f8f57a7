#pragma once

#include "app/CommandLine.h"
#include "core/workspace/FeedConfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::app {

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
};

// --demo: the built-in demo; --config FILE: that file; neither: the saved workspace,
// or the demo when none is saved. An invalid file is reported, never replaced.
[[nodiscard]] WorkspaceChoice chooseWorkspace(const CliOptions &options);

// The built-in demo workspace (a simulated market, no network).
[[nodiscard]] workspace::Workspace demoWorkspace();

} // namespace feeddeck::app
