#pragma once

#include <QString>

#include <functional>

class QIODevice;

namespace feeddeck::exporting {

struct ExportResult
{
    bool ok = false;
    // Names the path and the reason: `cannot write "/data/x.csv": no space left on device`.
    QString error;
};

// Fills one device; returns false (with a reason in *error) to abandon the file.
using ExportWriter = std::function<bool(QIODevice &device, QString *error)>;

// Writes `path` through a QSaveFile: the file appears only when the writer succeeded
// and everything reached the disk. On any failure nothing new is left behind and a
// previous file of that name is untouched. The parent folder is never created.
// "-" writes to standard output instead (which cannot be rolled back).
[[nodiscard]] ExportResult writeAtomically(const QString &path, const ExportWriter &writer);

} // namespace feeddeck::exporting
