#include "app/editor/WorkspaceSource.h"

#include "core/codec/CodecRegistry.h"
#include "core/workspace/WorkspaceFile.h"
#include "core/workspace/WorkspaceParser.h"

#include <QFile>
#include <QObject>

namespace feeddeck::app::editor {

namespace {

const QString kDemoResource = QStringLiteral(":/feeddeck/demo-workspace.json");

QStringList describe(const QList<workspace::WorkspaceProblem> &problems)
{
    QStringList lines;
    for (const workspace::WorkspaceProblem &p : problems)
        lines.append(p.toString());
    return lines;
}

} // namespace

workspace::Workspace demoWorkspace()
{
    QFile file(kDemoResource);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the built-in demo workspace is missing from this build");
    const workspace::ParseResult parsed =
        workspace::parseWorkspace(file.readAll(), QStringLiteral("demo workspace"), codec::knownProtocols());
    if (!parsed.workspace)
        qFatal("the built-in demo workspace is invalid: %s", qPrintable(describe(parsed.problems).join(u'\n')));
    return *parsed.workspace;
}

WorkspaceChoice chooseWorkspace(bool demo, const QString &configFile)
{
    WorkspaceChoice choice;
    if (demo) {
        choice.chosen = ChosenWorkspace{.workspace = demoWorkspace(), .path = {}, .isDemo = true};
        return choice;
    }
    QString path = configFile;
    if (path.isEmpty()) {
        path = workspace::defaultWorkspacePath();
        if (!QFile::exists(path)) {
            choice.chosen = ChosenWorkspace{.workspace = demoWorkspace(), .path = {}, .isDemo = true};
            return choice;
        }
    }
    const workspace::LoadResult loaded = workspace::loadWorkspaceFile(path, codec::knownProtocols());
    if (!loaded.workspace) {
        choice.problems = describe(loaded.problems);
        choice.failedPath = path;
        return choice;
    }
    choice.chosen = ChosenWorkspace{.workspace = *loaded.workspace, .path = path, .isDemo = false};
    return choice;
}

SaveTarget saveTargetFor(const ChosenWorkspace &chosen)
{
    if (!chosen.isDemo)
        return SaveTarget{.path = chosen.path, .createFolder = false, .notSavedReason = {}};
    const QString saved = workspace::defaultWorkspacePath();
    if (!QFile::exists(saved))
        return SaveTarget{.path = saved, .createFolder = true, .notSavedReason = {}};
    return SaveTarget{.path = {}, .createFolder = false,
                      .notSavedReason = QObject::tr("This is the demo: changes are not saved, so your workspace at %1 "
                                                    "stays as it is. Use File ▸ Export workspace to keep them.")
                                            .arg(saved)};
}

} // namespace feeddeck::app::editor
