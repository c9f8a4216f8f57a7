#pragma once

#include "core/export/CsvWriter.h"
#include "core/feed/Snapshot.h"

#include <QString>

class QIODevice;

namespace feeddeck::exporting {

// Writes the snapshot CSV of DESIGN.md ("Snapshot CSV"):
//   feed,symbol,<fields...>,source_time,received_time,age_ms,status
// Field columns are the canonical market fields present in any row (canonical
// order), then other fields in first-seen order. Rows keep the snapshot's order.
// Returns false with the reason in *error when the device fails.
[[nodiscard]] bool writeSnapshotCsv(const feed::Snapshot &snapshot, QIODevice &device,
                                    QString *error, CsvOptions options = {});

} // namespace feeddeck::exporting
