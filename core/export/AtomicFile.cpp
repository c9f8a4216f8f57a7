#include "core/export/AtomicFile.h"

#include "core/export/Format.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <exception>
#include <utility>

namespace feeddeck::exporting {

namespace {

// What the writer sees instead of the file. QFile reports a disk that fills up
// part-way as a short write without an error, so a writer that ignores write()'s
// result could commit a truncated file. This device writes everything or fails,
// keeps the OS reason, and lets the export refuse to commit.
class CheckedDevice final : public QIODevice
{
public:
    explicit CheckedDevice(QFileDevice &target) : m_target(target)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

    [[nodiscard]] bool failed() const noexcept { return !m_failure.isEmpty(); }
    [[nodiscard]] const QString &failure() const noexcept { return m_failure; }
    [[nodiscard]] bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }

    qint64 writeData(const char *data, qint64 len) override
    {
        if (failed())
            return -1;
        qint64 done = 0;
        while (done < len) {
            // After a short write, the next attempt fails with the OS reason.
            const qint64 written = m_target.write(data + done, len - done);
            if (written <= 0) {
                m_failure = written < 0 ? osReason(m_target.errorString())
                                        : QStringLiteral("the device accepted no more data");
                setErrorString(m_failure);
                return -1;
            }
            done += written;
        }
        return len;
    }

private:
    QFileDevice &m_target;
    QString m_failure;
};

QString cannotWrite(const QString &path, const QString &reason)
{
    return QStringLiteral("cannot write \"%1\": %2").arg(path, reason);
}

ExportResult failure(QString error)
{
    return {false, std::move(error)};
}

// Runs the writer and returns the reason it failed, or an empty string.
// An exception from the writer must not escape the export.
QString runWriter(const ExportWriter &writer, CheckedDevice &device)
{
    QString error;
    bool ok = false;
    try {
        ok = writer && writer(device, &error);
    } catch (const std::exception &e) {
        error = QString::fromLocal8Bit(e.what());
    } catch (...) {
        error = QStringLiteral("unexpected error while writing");
    }
    // The device's own reason is the most precise ("no space left on device").
    if (device.failed())
        return device.failure();
    if (ok)
        return {};
    return error.isEmpty() ? QStringLiteral("the export failed") : error;
}

ExportResult writeToStdout(const ExportWriter &writer)
{
    const QString name = QStringLiteral("standard output");
    QFile out;
    // Through the stdio handle so the output stays in order with other stdout text.
    if (!out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle))
        return failure(cannotWrite(name, osReason(out.errorString())));
    CheckedDevice device(out);
    const QString reason = runWriter(writer, device);
    if (!reason.isEmpty())
        return failure(cannotWrite(name, reason));
    if (!out.flush())
        return failure(cannotWrite(name, osReason(out.errorString())));
    return {true, {}};
}

} // namespace

ExportResult writeAtomically(const QString &path, const ExportWriter &writer)
{
    if (path == QLatin1String("-"))
        return writeToStdout(writer);
    if (path.isEmpty())
        return failure(QStringLiteral("cannot write the export: no file name given"));

    const QFileInfo target(path);
    const QString folder = target.path();
    const QFileInfo folderInfo(folder);
    if (!folderInfo.exists())
        return failure(
            cannotWrite(path, QStringLiteral("the folder \"%1\" does not exist").arg(folder)));
    if (!folderInfo.isDir())
        return failure(cannotWrite(path, QStringLiteral("\"%1\" is not a folder").arg(folder)));
    if (target.isDir())
        return failure(cannotWrite(path, QStringLiteral("it is a folder")));
    if (target.exists() && !target.isWritable())
        return failure(cannotWrite(path, QStringLiteral("permission denied")));

    QSaveFile file(path);
    // Never trade atomicity for writing in place when the folder is locked.
    file.setDirectWriteFallback(false);
    // Writers buffer on their own (CsvWriter); unbuffered, a full disk shows at once.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return failure(cannotWrite(path, osReason(file.errorString())));

    CheckedDevice device(file);
    const QString reason = runWriter(writer, device);
    if (!reason.isEmpty()) {
        file.cancelWriting(); // the QSaveFile destructor then removes the temporary file
        return failure(cannotWrite(path, reason));
    }
    if (!file.commit())
        return failure(cannotWrite(path, osReason(file.errorString())));
    return {true, {}};
}

} // namespace feeddeck::exporting
