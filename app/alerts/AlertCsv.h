#pragma once

#include "core/alert/FiredAlert.h"
#include "core/export/AtomicFile.h"

#include <QList>
#include <QString>

class QIODevice;

namespace feeddeck::app::alerts {

// The alert log as CSV, oldest first:
// time,rule,feed,symbol,field,value,severity,when,note
// time in ISO 8601 UTC with milliseconds, numbers locale-free, text quoted and guarded by
// core/export's CsvWriter.
[[nodiscard]] bool writeAlertCsv(QIODevice &device, const QList<alert::FiredAlert> &oldestFirst, QString *error);

// The same written to `path` all or nothing (QSaveFile). On failure the error says what went
// wrong and what to do ("... the folder "/x" does not exist; choose a folder that exists and
// that you can write to").
[[nodiscard]] feeddeck::exporting::ExportResult exportAlertCsv(const QString &path, const QList<alert::FiredAlert> &oldestFirst);

} // namespace feeddeck::app::alerts
