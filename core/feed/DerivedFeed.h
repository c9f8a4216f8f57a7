#pragma once

#include "core/data/Update.h"
#include "core/store/DerivedSeries.h"
#include "core/store/SeriesHistory.h"
#include "core/workspace/DerivedSeriesConfig.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace feeddeck::feed {

// The workspace's derived series, computed on the network thread as their inputs' updates are
// applied. Each output is written to the chart history as the series (workspace::kDerivedFeed,
// id, workspace::kDerivedField) and handed back as an update of that feed, so charts, exports
// and alert rules take a derived series like any other.
class DerivedFeed
{
public:
    DerivedFeed();
    ~DerivedFeed();
    DerivedFeed(const DerivedFeed &) = delete;
    DerivedFeed &operator=(const DerivedFeed &) = delete;

    // Takes the workspace's derived series. One whose definition did not change keeps its
    // state and history; a new or changed one starts over from the history its inputs
    // already hold, so it has a past the moment it is defined. One that is gone is dropped
    // with its history. A definition whose expression does not parse is skipped (the
    // workspace validator refuses it before it gets here).
    void setSeries(const QList<workspace::DerivedSeriesConfig> &series, store::SeriesHistory &history);
    [[nodiscard]] bool isEmpty() const noexcept { return m_series.empty(); }
    [[nodiscard]] int count() const noexcept { return int(m_series.size()); }

    // `update` was applied to the store and history of feed `feedId`: advances every derived
    // series that reads it (all its fields at once, one instant) and appends each new output
    // to `out` (symbol: the series' id, one field: kDerivedField).
    void apply(const QString &feedId, const data::Update &update, store::SeriesHistory &history,
               QList<data::Update> &out);
    // Feed `feedId` lost its connection at `t`: every derived series reading it gets a gap,
    // and no value until all its inputs have one again.
    void markGap(const QString &feedId, qint64 t, store::SeriesHistory &history);

private:
    struct Series;
    // One input of one derived series, found by its symbol.
    struct Reader
    {
        int series = 0; // index into m_series
        int input = 0;  // index into the expression's inputs
        QString feed;
        QString field;
    };

    void rebuildReaders();
    void write(Series &series, store::Point p, store::SeriesHistory &history, QList<data::Update> *out);

    std::vector<std::unique_ptr<Series>> m_series;
    QHash<QString, std::vector<Reader>> m_readers; // by symbol; each list in series order
    std::vector<store::DerivedSeries::InputValue> m_changes; // one series' changes at one instant
};

} // namespace feeddeck::feed
