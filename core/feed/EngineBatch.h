#pragma once

#include "core/alert/FiredAlert.h"
#include "core/feed/FeedState.h"
#include "core/store/QuoteStore.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <memory>

namespace feeddeck::feed {

struct RowUpdate
{
    QString feedId;
    store::Quote quote; // the row's latest merged values
};

// What the network thread publishes at display rate: the latest value of each row
// that changed since the previous batch (conflated: one entry per row however many
// messages arrived), every feed's status, and new problems. Immutable once sent.
struct EngineBatch
{
    qint64 atMs = 0;
    bool resetRows = false;          // rows were removed: drop everything, `rows` then holds every row
    QList<RowUpdate> rows;
    QList<FeedStatus> feeds;         // in workspace order
    QStringList problems;            // new since the previous batch
    quint64 updatesSinceLast = 0;    // decoded updates folded into this batch
    // Alerts fired since the previous batch, oldest first (bounded: see FeedWorker::Options), and
    // how many more fired but did not fit.
    QList<alert::FiredAlert> alerts {};
    quint64 alertsDropped = 0;
    // Steady clock (std::chrono::steady_clock, ns): when the oldest update folded into this
    // batch was received, when the newest had been decoded and applied to the stores (stamped
    // once per socket read), and when the batch was published. Latency and ingest rate are
    // measured from these.
    qint64 firstReceiptNs = 0;       // 0 when the batch folds no update
    qint64 lastAppliedNs = 0;        // 0 when the batch folds no update
    qint64 publishedNs = 0;
};

using EngineBatchPtr = std::shared_ptr<const EngineBatch>;

} // namespace feeddeck::feed

Q_DECLARE_METATYPE(feeddeck::feed::EngineBatchPtr)
