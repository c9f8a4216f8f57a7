#pragma once

#include "core/alert/FiredAlert.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace feeddeck::app::tables {

// How a table row shows the alerts fired on it: a count the view pulses on at every change,
// and the severity of the latest (its colour). Shared by the quotes and inventory tables.
struct AlertFlash
{
    int count = 0;
    alert::Severity severity = alert::Severity::Info;

    [[nodiscard]] QString severityName() const { return alert::severityName(severity); }
};

// Rows keyed by (feed id, symbol) in `index`; `flashOf(row)` is a row's AlertFlash.
// Counts each alert on the row it fired on (the latest severity wins) and returns those rows.
// A feed-wide silence (symbol "*"), or a symbol without a row, flashes nothing.
template <typename FlashOf>
[[nodiscard]] QList<int> markAlertedRows(const QList<alert::FiredAlert> &alerts,
                                         const QHash<QPair<QString, QString>, int> &index, FlashOf &&flashOf)
{
    QList<int> flashed;
    for (const alert::FiredAlert &fired : alerts) {
        const auto it = index.constFind({fired.feed, fired.symbol});
        if (it == index.cend())
            continue;
        AlertFlash &flash = flashOf(*it);
        ++flash.count;
        flash.severity = fired.severity;
        flashed.append(*it);
    }
    return flashed;
}

} // namespace feeddeck::app::tables
