// Derived series: what computing one costs the network thread per input point. A million
// input points (1 ms apart) go through DerivedSeries one at a time, as live points will, for
// "(a - b) / b * 100" (a and b alternating) and "ma(a, 30s)" (a alone: ~30,000 values in its
// window), and once over history (the percent change computed from two finished histories).
// The baseline is a plain loop that only copies each input point to an output list: the least
// any per-point stage does. Both sides append their points to a reserved QList. Reported as
// CPU ns per input point (this thread's CPU clock: other processes' turns on a shared machine
// do not count), medians of pairs run in alternating order, and the median of the per-pair
// ratios (derived / copy). Each line after the header (tab-separated): case, derived ns per
// point, copy ns per point, ratio, every pair's ratio.
#include "../BenchClock.h"
#include "core/store/DerivedSeries.h"
#include "core/store/Expression.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace feeddeck::store;

namespace {

constexpr int kPoints = 1'000'000;
constexpr int kPairs = 7;

struct BenchInput
{
    int input;
    Point p;
};

// Random walks, one point a millisecond, the inputs taking turns.
std::vector<BenchInput> benchStream(int inputs)
{
    QRandomGenerator rng(42);
    std::vector<BenchInput> stream;
    stream.reserve(kPoints);
    std::vector<double> level(static_cast<std::size_t>(inputs), 100.0);
    const qint64 start = 1'795'392'000'000;
    for (int i = 0; i < kPoints; ++i) {
        const int input = i % inputs;
        double &v = level[std::size_t(input)];
        v += rng.bounded(1.0) - 0.5;
        stream.push_back({input, Point{start + i, v}});
    }
    return stream;
}

// One side of a pair: ns per input point; its output count goes to the sink.
using BenchSide = double (*)(const Expression &, const std::vector<BenchInput> &, qsizetype &);

double copyOnly(const Expression &, const std::vector<BenchInput> &stream, qsizetype &sink)
{
    QList<Point> out;
    out.reserve(qsizetype(stream.size()));
    const qint64 t0 = feeddeck::bench::threadCpuNs();
    for (const BenchInput &in : stream)
        out.append(in.p);
    const qint64 t1 = feeddeck::bench::threadCpuNs();
    sink += out.size();
    return double(t1 - t0) / double(stream.size());
}

double derivedLive(const Expression &e, const std::vector<BenchInput> &stream, qsizetype &sink)
{
    DerivedSeries series(e);
    QList<Point> out;
    out.reserve(qsizetype(stream.size()));
    const qint64 t0 = feeddeck::bench::threadCpuNs();
    for (const BenchInput &in : stream)
        if (const std::optional<Point> p = series.push(in.input, in.p))
            out.append(*p);
    const qint64 t1 = feeddeck::bench::threadCpuNs();
    sink += out.size();
    return double(t1 - t0) / double(stream.size());
}

// The same stream split into one history per input, then computed in one go. The split is
// done before the clock starts: a history already exists when a series is added.
double derivedHistory(const Expression &e, const std::vector<BenchInput> &stream, qsizetype &sink)
{
    std::vector<QList<Point>> histories(static_cast<std::size_t>(e.inputs().size()));
    for (const BenchInput &in : stream)
        histories[std::size_t(in.input)].append(in.p);
    std::vector<PointRuns> runs;
    for (const QList<Point> &h : histories)
        runs.emplace_back(std::span<const Point>(h.constData(), std::size_t(h.size())));
    DerivedSeries series(e);
    QList<Point> out;
    out.reserve(qsizetype(stream.size()));
    const qint64 t0 = feeddeck::bench::threadCpuNs();
    series.feedHistories(runs, out);
    const qint64 t1 = feeddeck::bench::threadCpuNs();
    sink += out.size();
    return double(t1 - t0) / double(stream.size());
}

struct BenchCase
{
    const char *name;
    const char *expression;
    BenchSide side;
};

} // namespace

int main()
{
    const QStringList bound{QStringLiteral("a"), QStringLiteral("b")};
    const BenchCase cases[] = {
        {"(a - b) / b * 100, live", "(a - b) / b * 100", derivedLive},
        {"ma(a, 30s), live", "ma(a, 30s)", derivedLive},
        {"(a - b) / b * 100, over history", "(a - b) / b * 100", derivedHistory},
    };
    std::printf("derived series, %d input points 1 ms apart, CPU ns per input point, median of %d pairs\n", kPoints,
                kPairs);
    std::printf("case\tderived ns/point\tcopy ns/point\tratio\tpairs\n");
    qsizetype sink = 0;
    for (const BenchCase &c : cases) {
        const ExpressionParse parse = Expression::parse(QString::fromLatin1(c.expression), bound);
        if (!parse.ok()) {
            std::fprintf(stderr, "bench_derived: %s\n", qPrintable(parse.error.text()));
            return 1;
        }
        const Expression &e = *parse.expression;
        const std::vector<BenchInput> stream = benchStream(int(e.inputs().size()));
        std::vector<double> ours;
        std::vector<double> copies;
        std::vector<double> ratios;
        QString pairs;
        // One untimed round of each first: the first touches of fresh memory and cold caches
        // would otherwise land on whichever side runs first.
        c.side(e, stream, sink);
        copyOnly(e, stream, sink);
        for (int i = 0; i < kPairs; ++i) {
            const bool oursFirst = i % 2 == 0;
            double a = 0;
            if (oursFirst)
                a = c.side(e, stream, sink);
            const double b = copyOnly(e, stream, sink);
            if (!oursFirst)
                a = c.side(e, stream, sink);
            ours.push_back(a);
            copies.push_back(b);
            ratios.push_back(a / b);
            pairs += QString::asprintf("%s%.2f", i ? " " : "", a / b);
        }
        std::printf("%s\t%.1f\t%.1f\t%.2f\t%s\n", c.name, feeddeck::bench::median(ours), feeddeck::bench::median(copies), feeddeck::bench::median(ratios),
                    qPrintable(pairs));
    }
    return sink > 0 ? 0 : 1;
}
