#include "core/export/SnapshotCsv.h"

#include "core/export/Format.h"
#include "core/store/QuoteStore.h"

#include <QHash>
#include <QList>
#include <QtNumeric>

#include <algorithm>
#include <optional>
#include <vector>

namespace feeddeck::exporting {

namespace {

// Market rows also carry the change since the session's first price, as the window shows it.
const QString kChangeSession = QStringLiteral("change_session");
const QString kChangeSessionPct = QStringLiteral("change_session_pct");

store::SessionChange sessionChange(const feed::SnapshotRow &row)
{
    return store::sessionChange(row.fields, row.sessionOpen);
}

QList<QString> fieldColumns(const feed::Snapshot &snapshot)
{
    const QList<QString> &canonical = data::fields::canonicalOrder();
    std::vector<bool> canonicalPresent(size_t(canonical.size()), false);
    QList<QString> others;
    QHash<QString, bool> seenOthers;
    for (const feed::SnapshotRow &row : snapshot.rows) {
        for (const data::FieldValue &f : row.fields) {
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
    columns.reserve(canonical.size() + others.size() + 2);
    for (qsizetype i = 0; i < canonical.size(); ++i)
        if (canonicalPresent[size_t(i)])
            columns.append(canonical.at(i));
    const bool anySessionChange = std::any_of(snapshot.rows.cbegin(), snapshot.rows.cend(),
                                              [](const feed::SnapshotRow &row) { return sessionChange(row).change; });
    if (anySessionChange) {
        columns.append(kChangeSession);
        columns.append(kChangeSessionPct);
    }
    columns.append(others);
    return columns;
}

} // namespace

bool writeSnapshotCsv(const feed::Snapshot &snapshot, QIODevice &device, QString *error,
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

    std::vector<std::optional<double>> cells(size_t(columns.size()));
    QByteArray time;
    for (const feed::SnapshotRow &row : snapshot.rows) {
        if (csv.hasError())
            break;
        csv.addText(row.feedName.isEmpty() ? row.feedId : row.feedName);
        csv.addText(row.symbol);

        std::fill(cells.begin(), cells.end(), std::nullopt);
        // The first value of a repeated name wins, as in Update::field().
        for (const data::FieldValue &f : row.fields) {
            const qsizetype c = columnIndex.value(f.name, -1);
            if (c >= 0 && !cells[size_t(c)])
                cells[size_t(c)] = f.value;
        }
        const store::SessionChange change = sessionChange(row);
        if (const qsizetype c = columnIndex.value(kChangeSession, -1); c >= 0) {
            cells[size_t(c)] = change.change;
            cells[size_t(columnIndex.value(kChangeSessionPct))] = change.percent;
        }
        for (const std::optional<double> &value : cells) {
            if (value)
                csv.addNumber(*value);
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
        if (row.receivedMs != data::kNoTime
            && !qSubOverflow(snapshot.takenAtMs, row.receivedMs, &age))
            csv.addInteger(age);
        else
            csv.addEmpty();

        csv.addText(feed::rowStatusName(row.status));
        csv.endRow();
    }
    return csv.finish(error);
}

} // namespace feeddeck::exporting
