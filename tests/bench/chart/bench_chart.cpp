// Chart slicing: what a chart's frame costs the network thread. Eight series of 100,000
// retained points each (rings that have wrapped, as in a long session), sliced and
// min/max-decimated to 1000 pixel columns per frame, for the whole history ("all") and for
// its newest quarter. Reported as CPU microseconds per frame (all eight series) and frames
// per second of CPU, for the way FeedWorker::sliceSeries slices (the window decimated in
// place, over the ring's chunks) and the way it did before (the window copied out with
// pointsAround(), then decimated). Both run today's decimateMinMax, so their ratio is what
// the copy costs. Each line after the header (tab-separated): window, in place CPU
// us/frame and frames/s, copy first CPU us/frame and frames/s (medians of the pairs), the
// median of the per-pair ratios (copy first / in place), every pair's ratio.
#include "../BenchClock.h"
#include "core/data/Update.h"
#include "core/store/Decimation.h"
#include "core/store/SeriesHistory.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <vector>

using namespace feeddeck;

namespace {

constexpr int kCapacity = 100'000;
constexpr int kTicks = 125'000; // per symbol: the rings have wrapped
constexpr qint64 kTickMs = 10;
constexpr int kColumns = 1000;
constexpr int kFramesPerSample = 60; // two seconds of a 30 Hz chart
constexpr int kPairs = 7; // a shared machine is noisy: the median of more pairs is steadier
constexpr qint64 kAll = std::numeric_limits<qint64>::min(); // the chart's "all" window

const QString kFeed = QStringLiteral("bench");

// Two symbols with four fields each: eight series, a gap (a disconnect) now and then.
store::SeriesHistory filledHistory(QList<store::SeriesKey> &keys)
{
    store::SeriesHistory history(kCapacity);
    const QStringList symbols{QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD")};
    const QStringList names{data::fields::kPrice, data::fields::kBid, data::fields::kAsk, data::fields::kSize};
    QRandomGenerator rng(42);
    const qint64 start = 1'795'392'000'000;
    for (int s = 0; s < symbols.size(); ++s) {
        double price = 100.0 * (s + 1);
        for (int i = 0; i < kTicks; ++i) {
            const qint64 t = start + i * kTickMs;
            if (i % 20'000 == 19'999)
                history.markGap(kFeed, t);
            price += rng.bounded(2.0) - 1.0;
            data::Update u;
            u.symbol = symbols.at(s);
            u.receivedMs = t;
            u.fields.append({names.at(0), price});
            u.fields.append({names.at(1), price - 0.5});
            u.fields.append({names.at(2), price + 0.5});
            u.fields.append({names.at(3), rng.bounded(10.0)});
            history.record(kFeed, u);
        }
        for (const QString &name : names)
            keys.append(store::SeriesKey{kFeed, symbols.at(s), name});
    }
    return history;
}

struct Window
{
    const char *name;
    qint64 fromMs;
    qint64 toMs;
};

// One series the way FeedWorker::sliceSeries did it: copy the window's points out of the
// ring, then decimate the copy.
QList<store::Point> copyThenDecimate(const store::SeriesHistory &history, const store::SeriesKey &k, Window w)
{
    const QList<store::Point> around = history.pointsAround(k.feedId, k.symbol, k.field, w.fromMs, w.toMs);
    const qint64 from = w.fromMs == kAll ? (around.isEmpty() ? w.toMs : around.constFirst().t) : w.fromMs;
    return store::decimateMinMax(around, from, w.toMs, kColumns);
}

// The way it does now: decimate the window where the ring holds it.
QList<store::Point> decimateInPlace(const store::SeriesHistory &history, const store::SeriesKey &k, Window w)
{
    const store::PointRuns around = history.runsAround(k.feedId, k.symbol, k.field, w.fromMs, w.toMs);
    const qint64 from = w.fromMs == kAll ? (around.isEmpty() ? w.toMs : around.at(0).t) : w.fromMs;
    return store::decimateMinMax(around, from, w.toMs, kColumns);
}

bool samePoints(const QList<store::Point> &a, const QList<store::Point> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const store::Point &p, const store::Point &q) {
        return p.t == q.t && (p.v == q.v || (std::isnan(p.v) && std::isnan(q.v)));
    });
}

using SliceFn = QList<store::Point> (*)(const store::SeriesHistory &, const store::SeriesKey &, Window);

// CPU microseconds per frame (every series once), over kFramesPerSample frames.
double microsPerFrame(SliceFn slice, const store::SeriesHistory &history, const QList<store::SeriesKey> &keys,
                     Window w, qsizetype &sink)
{
    const qint64 start = bench::threadCpuNs();
    for (int frame = 0; frame < kFramesPerSample; ++frame)
        for (const store::SeriesKey &k : keys)
            sink += slice(history, k, w).size();
    return double(bench::threadCpuNs() - start) / 1e3 / kFramesPerSample;
}

} // namespace

int main()
{
    QList<store::SeriesKey> keys;
    const store::SeriesHistory history = filledHistory(keys);
    const qint64 last = 1'795'392'000'000 + (kTicks - 1) * kTickMs;
    const Window windows[] = {
        {"all (100k points a series)", kAll, std::numeric_limits<qint64>::max()},
        {"newest quarter (25k points a series)", last - kCapacity / 4 * kTickMs, last},
    };

    // Both ways must draw the same chart, or the comparison means nothing.
    for (const Window &w : windows)
        for (const store::SeriesKey &k : keys)
            if (!samePoints(copyThenDecimate(history, k, w), decimateInPlace(history, k, w))) {
                std::fprintf(stderr, "bench_chart: the two ways disagree on %s\n", qPrintable(k.field));
                return 1;
            }

    // Pairs in alternating order (A B, B A, ...); the ratio is the median of the pairs' ratios.
    qsizetype sink = 0;
    std::printf("chart slice + decimate, %lld series x %d points, %d columns, median of %d pairs of %d frames\n",
                static_cast<long long>(keys.size()), kCapacity, kColumns, kPairs, kFramesPerSample);
    std::printf("window\tin place CPU us/frame\tframes/s\tcopy then decimate CPU us/frame\tframes/s\tratio\tpairs\n");
    for (const Window &w : windows) {
        std::vector<double> inPlace;
        std::vector<double> copy;
        std::vector<double> ratios;
        QString pairs;
        for (int i = 0; i < kPairs; ++i) {
            const bool inPlaceFirst = i % 2 == 0;
            double a = 0;
            double b = 0;
            if (inPlaceFirst)
                a = microsPerFrame(decimateInPlace, history, keys, w, sink);
            b = microsPerFrame(copyThenDecimate, history, keys, w, sink);
            if (!inPlaceFirst)
                a = microsPerFrame(decimateInPlace, history, keys, w, sink);
            inPlace.push_back(a);
            copy.push_back(b);
            ratios.push_back(b / a);
            pairs += QString::asprintf("%s%.2f", i ? " " : "", b / a);
        }
        const double ours = bench::median(inPlace);
        const double theirs = bench::median(copy);
        std::printf("%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t%s\n", w.name, ours, 1e6 / ours, theirs, 1e6 / theirs,
                    bench::median(ratios), qPrintable(pairs));
    }
    return sink > 0 ? 0 : 1;
}
