#include "core/export/HistoryCsv.h"

#include "core/export/Format.h"

namespace feeddeck::exporting {

namespace {

constexpr qint64 kProgressEveryRows = 4096;

} // namespace

qint64 historyRowCount(const QList<HistorySeries> &series)
{
    qint64 rows = 0;
    for (const HistorySeries &s : series)
        rows += s.points.size();
    return rows;
}

bool writeHistoryCsv(const QList<HistorySeries> &series, QIODevice &device, QString *error, CsvOptions options,
                     const ExportProgress &progress)
{
    CsvWriter csv(device, options);
    for (const char *column : {"feed", "symbol", "field", "time", "value"})
        csv.addRaw(QByteArrayView(column));
    csv.endRow();

    qint64 rows = 0;
    for (const HistorySeries &s : series) {
        for (const store::Point &p : s.points) {
            csv.addText(s.feedName);
            csv.addText(s.symbol);
            csv.addText(s.field);
            csv.addRaw(formatIsoTimeMs(p.t));
            if (store::SeriesHistory::isGap(p))
                csv.addRaw(QByteArrayView(kGapCell.data(), kGapCell.size()));
            else
                csv.addNumber(p.v);
            csv.endRow();
            if (++rows % kProgressEveryRows == 0) {
                if (csv.hasError())
                    return csv.finish(error);
                if (progress && !progress(rows)) {
                    if (error)
                        *error = QStringLiteral("the export was cancelled");
                    return false;
                }
            }
        }
    }
    if (progress && !progress(rows)) {
        if (error)
            *error = QStringLiteral("the export was cancelled");
        return false;
    }
    return csv.finish(error);
}

} // namespace feeddeck::exporting
