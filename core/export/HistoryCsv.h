#pragma once

#include "core/export/CsvWriter.h"
#include "core/store/SeriesHistory.h"

#include <QList>
#include <QString>

#include <functional>

class QIODevice;

namespace feeddeck::exporting {

// One charted series as exported: the feed's name (as in the snapshot's `feed` column),
// the symbol, the field, and its points oldest first (NaN values are gaps).
struct HistorySeries
{
    QString feedName;
    QString symbol;
    QString field;
    QList<store::Point> points;
};

// Called every few thousand rows with the rows written so far; returning false abandons
// the export (the caller's atomic file then leaves nothing behind).
using ExportProgress = std::function<bool(qint64 rowsWritten)>;

// The long format "feed,symbol,field,time,value", one row per point, series after series.
// A disconnection is a row whose value is "gap", so nobody mistakes the line across it
// for data. Times are ISO 8601 UTC with milliseconds; numbers as in the snapshot.
// Returns false with the reason in *error when the device fails or `progress` cancels.
[[nodiscard]] bool writeHistoryCsv(const QList<HistorySeries> &series, QIODevice &device, QString *error,
                                   CsvOptions options = {}, const ExportProgress &progress = {});

// Rows writeHistoryCsv() writes for `series`, not counting the header.
[[nodiscard]] qint64 historyRowCount(const QList<HistorySeries> &series);

inline constexpr QLatin1StringView kGapCell{"gap"};

} // namespace feeddeck::exporting
