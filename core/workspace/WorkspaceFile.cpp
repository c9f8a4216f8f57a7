#include "core/workspace/WorkspaceFile.h"

#include "core/workspace/WorkspaceSerializer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace feeddeck::workspace {

namespace {

constexpr qint64 kReadChunk = 64 * 1024;

WorkspaceProblem fileProblem(const QString &path, const QString &message)
{
    return WorkspaceProblem{path, {}, message};
}

SaveResult saveFailure(const QString &path, const QString &reason)
{
    return SaveResult{false, QStringLiteral("Could not save the workspace to %1: %2; the previous file, if any, "
                                            "is unchanged. Free some space, check the folder's permissions or choose another location.")
                                 .arg(QDir::toNativeSeparators(path), reason)};
}

QString reasonOf(const QFileDevice &file)
{
    const QString reason = file.errorString();
    if (reason.isEmpty() || reason == QStringLiteral("Unknown error"))
        return QStringLiteral("the system refused the write");
    return reason;
}

} // namespace

QString defaultWorkspacePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/feeddeck/workspace.json");
}

LoadResult loadWorkspaceFile(const QString &path, const QStringList &knownProtocols)
{
    LoadResult result;
    const QFileInfo info(path);
    if (info.isDir()) {
        result.problems.append(
            fileProblem(path, QStringLiteral("is a folder, not a workspace file; give the path of a .json file")));
        return result;
    }

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.fileMissing = !QFileInfo::exists(path);
        const QString hint = result.fileMissing ? QStringLiteral("check the path") : QStringLiteral("check its permissions");
        result.problems.append(
            fileProblem(path, QStringLiteral("cannot read the file: %1; %2").arg(file.errorString(), hint)));
        return result;
    }
    // Read at most one byte past the limit, so a huge or endless file (a device, a pipe) is refused
    // without being held in memory.
    QByteArray data;
    while (data.size() <= kMaxWorkspaceFileBytes) {
        const qint64 wanted = std::min<qint64>(kReadChunk, kMaxWorkspaceFileBytes + 1 - data.size());
        const QByteArray chunk = file.read(wanted);
        if (chunk.isEmpty())
            break;
        data.append(chunk);
    }
    if (file.error() != QFileDevice::NoError) {
        result.problems.append(fileProblem(
            path, QStringLiteral("cannot read the file: %1; check the disk and try again").arg(file.errorString())));
        return result;
    }
    if (data.size() > kMaxWorkspaceFileBytes) {
        result.problems.append(fileProblem(
            path, QStringLiteral("is larger than %1 MiB, far more than a workspace needs; check that this is "
                                 "the right file")
                      .arg(kMaxWorkspaceFileBytes / (1024 * 1024))));
        return result;
    }

    ParseResult parsed = parseWorkspace(data, path, knownProtocols);
    result.workspace = std::move(parsed.workspace);
    result.problems = std::move(parsed.problems);
    return result;
}

SaveResult saveWorkspaceFile(const QString &path, const Workspace &workspace, bool createParent)
{
    if (path.isEmpty())
        return saveFailure(path, QStringLiteral("no file name was given"));
    const QFileInfo info(path);
    const QString parent = info.absolutePath();
    if (!QFileInfo(parent).isDir()) {
        if (QFileInfo::exists(parent))
            return saveFailure(path, QStringLiteral("%1 is a file, not a folder").arg(QDir::toNativeSeparators(parent)));
        if (!createParent)
            return saveFailure(path, QStringLiteral("the folder %1 does not exist").arg(QDir::toNativeSeparators(parent)));
        if (!QDir().mkpath(parent))
            return saveFailure(path,
                               QStringLiteral("the folder %1 could not be created").arg(QDir::toNativeSeparators(parent)));
    }
    if (info.isDir())
        return saveFailure(path, QStringLiteral("a folder has that name"));

    const QByteArray bytes = toJsonBytes(workspace);
    QSaveFile file(path);
    // Unbuffered, so a refused write (disk full, quota) fails here with the system's reason.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return saveFailure(path, reasonOf(file));
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        // A short write without an error code is how a full disk or a size quota shows up.
        const QString reason = written > 0 && file.error() == QFileDevice::NoError
                                   ? QStringLiteral("only %1 of %2 bytes could be written (is the disk full?)")
                                         .arg(QString::number(written), QString::number(bytes.size()))
                                   : reasonOf(file);
        file.cancelWriting();
        return saveFailure(path, reason);
    }
    // commit() syncs and renames over the old file; if any step fails the old file stays.
    if (!file.commit())
        return saveFailure(path, reasonOf(file));
    return SaveResult{true, {}};
}

} // namespace feeddeck::workspace
