#include "core/export/SnapshotCsv.h"

#include "core/export/Format.h"

#include <QHash>
#include <QList>
#include <QtNumeric>

#include <algorithm>
#include <vector>

namespace feeddeck::exporting {

namespace {

QList<QString> fieldColumns(const store::Snapshot &snapshot)
{
    const QList<QString> &canonical = store::fields::canonicalOrder();
    std::vector<bool> canonicalPresent(size_t(canonical.size()), false);
    QList<QString> others;
    QHash<QString, bool> seenOthers;
    for (const store::SnapshotRow &row : snapshot.rows) {
        for (const store::FieldValue &f : row.fields) {
            const qsizetype c = canonical.indexOf(f.name);
            if (c >= 0) {
                canonicalPresent[size_t(c)] = true;
            } else if (!seenOthers.contains(f.name)) {
                seenOthers.insert(f.name, true);
                others.append(f.name);
            }
        }
    }
    QList<QString> columns;
    columns.reserve(canonical.size() + others.size());
    for (qsizetype i = 0; i < canonical.size(); ++i)
        if (canonicalPresent[size_t(i)])
            columns.append(canonical.at(i));
    columns.append(others);
    return columns;
}

} // namespace

bool writeSnapshotCsv(const store::Snapshot &snapshot, QIODevice &device, QString *error,
                      CsvOptions options)
{
    const QList<QString> columns = fieldColumns(snapshot);
    QHash<QString, qsizetype> columnIndex;
    columnIndex.reserve(columns.size());
    for (qsizetype i = 0; i < columns.size(); ++i)
        columnIndex.insert(columns.at(i), i);

    CsvWriter csv(device, options);
    csv.addText(u"feed");
    csv.addText(u"symbol");
    for (const QString &name : columns)
        csv.addText(name);
    csv.addText(u"source_time");
    csv.addText(u"received_time");
    csv.addText(u"age_ms");
    csv.addText(u"status");
    csv.endRow();

    std::vector<const store::FieldValue *> cells(size_t(columns.size()), nullptr);
    QByteArray time;
    for (const store::SnapshotRow &row : snapshot.rows) {
        if (csv.hasError())
            break;
        csv.addText(row.feedName.isEmpty() ? row.feedId : row.feedName);
        csv.addText(row.symbol);

        std::fill(cells.begin(), cells.end(), nullptr);
        // The first value of a repeated name wins, as in Update::field().
        for (const store::FieldValue &f : row.fields) {
            const qsizetype c = columnIndex.value(f.name, -1);
            if (c >= 0 && !cells[size_t(c)])
                cells[size_t(c)] = &f;
        }
        for (const store::FieldValue *f : cells) {
            if (f)
                csv.addNumber(f->value);
            else
                csv.addEmpty();
        }

        time.clear();
        appendIsoTimeMs(time, row.sourceMs);
        csv.addRaw(time);
        time.clear();
        appendIsoTimeMs(time, row.receivedMs);
        csv.addRaw(time);

        qint64 age = 0;
        if (row.receivedMs != store::kNoTime
            && !qSubOverflow(snapshot.takenAtMs, row.receivedMs, &age))
            csv.addInteger(age);
        else
            csv.addEmpty();

        csv.addText(store::rowStatusName(row.status));
        csv.endRow();
    }
    return csv.finish(error);
}

} // namespace feeddeck::exporting
