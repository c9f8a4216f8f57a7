#include "app/alerts/AlertCsv.h"

#include "core/export/CsvWriter.h"
#include "core/export/Format.h"

namespace feeddeck::app::alerts {

bool writeAlertCsv(QIODevice &device, const QList<alert::FiredAlert> &oldestFirst, QString *error)
{
    feeddeck::exporting::CsvWriter csv(device);
    for (const char *name : {"time", "rule", "feed", "symbol", "field", "value", "severity", "when", "note"})
        csv.addRaw(name);
    csv.endRow();
    for (const alert::FiredAlert &alert : oldestFirst) {
        csv.addRaw(feeddeck::exporting::formatIsoTimeMs(alert.timeMs));
        csv.addText(alert.ruleId);
        csv.addText(alert.feed);
        csv.addText(alert.symbol);
        csv.addText(alert.field);
        csv.addNumber(alert.value);
        csv.addText(alert::severityName(alert.severity));
        csv.addText(alert::whenName(alert.when));
        csv.addText(alert.note);
        csv.endRow();
    }
    return csv.finish(error);
}

feeddeck::exporting::ExportResult exportAlertCsv(const QString &path, const QList<alert::FiredAlert> &oldestFirst)
{
    feeddeck::exporting::ExportResult result = feeddeck::exporting::writeAtomically(
        path, [&oldestFirst](QIODevice &device, QString *error) { return writeAlertCsv(device, oldestFirst, error); });
    if (!result.ok)
        result.error = QStringLiteral("Alert log not exported: %1. Choose a folder that exists and that you can write to, then export again.")
                           .arg(result.error);
    return result;
}

} // namespace feeddeck::app::alerts
