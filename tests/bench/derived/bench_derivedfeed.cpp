// Derived series on the worker's path: what defining them adds to each update the network
// thread applies. A million ticker updates (price, bid, ask) over 100 symbols go into the
// chart history, as every update does; with derived series defined, each also goes through
// DerivedFeed (a lookup by symbol, and for the symbols read, the formula and a history point).
// Cases: 10 mid presets (10 of the 100 symbols read), and 10 mids plus 10 spread-percent
// formulas across two symbols each. The baseline is the history alone, the work every update
// already costs. Reported as CPU ns per update (this thread's CPU clock), medians of pairs run
// in alternating order, and the median of the per-pair ratios (with derived / history alone).
// Each line after the header (tab-separated): case, with ns per update, history-alone ns per
// update, ratio, every pair's ratio.
#include "../BenchClock.h"
#include "core/feed/DerivedFeed.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace feeddeck;

namespace {

constexpr int kUpdates = 1'000'000;
constexpr int kSymbols = 100;
constexpr int kPairs = 7;
const QString kFeed = QStringLiteral("crypto");

QString symbolName(int i)
{
    return QStringLiteral("SYM%1-USD").arg(i, 3, 10, QLatin1Char('0'));
}

std::vector<data::Update> tickerStream()
{
    QRandomGenerator rng(7);
    std::vector<double> level(kSymbols, 100.0);
    std::vector<QString> names;
    for (int i = 0; i < kSymbols; ++i)
        names.push_back(symbolName(i));
    std::vector<data::Update> stream;
    stream.reserve(kUpdates);
    const qint64 start = 1'795'392'000'000;
    for (int i = 0; i < kUpdates; ++i) {
        const int s = int(rng.bounded(kSymbols));
        double &v = level[std::size_t(s)];
        v += rng.bounded(1.0) - 0.5;
        data::Update u;
        u.symbol = names[std::size_t(s)];
        u.receivedMs = start + i / 100; // 100 updates a millisecond: 100k msg/s
        u.fields.emplace_back(data::fields::kPrice, v);
        u.fields.emplace_back(data::fields::kBid, v - 0.01);
        u.fields.emplace_back(data::fields::kAsk, v + 0.01);
        stream.push_back(std::move(u));
    }
    return stream;
}

QList<workspace::DerivedSeriesConfig> mids(int count)
{
    QList<workspace::DerivedSeriesConfig> out;
    for (int i = 0; i < count; ++i) {
        workspace::DerivedSeriesConfig c;
        c.id = QStringLiteral("mid-%1").arg(i);
        c.preset = QStringLiteral("mid");
        c.feed = kFeed;
        c.symbol = symbolName(i * 10);
        out.append(c);
    }
    return out;
}

QList<workspace::DerivedSeriesConfig> midsAndRatios(int count)
{
    QList<workspace::DerivedSeriesConfig> out = mids(count);
    for (int i = 0; i < count; ++i) {
        workspace::DerivedSeriesConfig c;
        c.id = QStringLiteral("pct-%1").arg(i);
        c.expression = QStringLiteral("(a - b) / b * 100");
        c.inputs = {workspace::DerivedInput{.name = "a", .feed = kFeed, .symbol = symbolName(i * 10 + 1),
                                            .field = "price", .extra = {}},
                    workspace::DerivedInput{.name = "b", .feed = kFeed, .symbol = symbolName(i * 10 + 2),
                                            .field = "price", .extra = {}}};
        out.append(c);
    }
    return out;
}

// ns per update; `derived` empty: the history alone.
double run(const std::vector<data::Update> &stream, const QList<workspace::DerivedSeriesConfig> &derived,
           qsizetype &sink)
{
    store::SeriesHistory history(10'000);
    feed::DerivedFeed feed;
    feed.setSeries(derived, history);
    QList<data::Update> out;
    const qint64 t0 = bench::threadCpuNs();
    for (const data::Update &u : stream) {
        history.record(kFeed, u);
        if (!feed.isEmpty()) {
            out.clear();
            feed.apply(kFeed, u, history, out);
            sink += out.size();
        }
    }
    const qint64 t1 = bench::threadCpuNs();
    sink += history.seriesCount();
    return double(t1 - t0) / double(stream.size());
}

} // namespace

int main()
{
    const std::vector<data::Update> stream = tickerStream();
    struct Case
    {
        const char *name;
        QList<workspace::DerivedSeriesConfig> derived;
    };
    const Case cases[] = {{"10 mids", mids(10)}, {"10 mids + 10 percent formulas", midsAndRatios(10)}};
    std::printf("derived series on the worker path, %d ticker updates over %d symbols, CPU ns per update, median of "
                "%d pairs\n",
                kUpdates, kSymbols, kPairs);
    std::printf("case\twith ns/update\thistory alone ns/update\tratio\tpairs\n");
    qsizetype sink = 0;
    for (const Case &c : cases) {
        run(stream, c.derived, sink); // warm-up of each side
        run(stream, {}, sink);
        std::vector<double> with, alone, ratios;
        QString pairs;
        for (int i = 0; i < kPairs; ++i) {
            double a = 0;
            if (i % 2 == 0)
                a = run(stream, c.derived, sink);
            const double b = run(stream, {}, sink);
            if (i % 2 != 0)
                a = run(stream, c.derived, sink);
            with.push_back(a);
            alone.push_back(b);
            ratios.push_back(a / b);
            pairs += QString::asprintf("%s%.2f", i ? " " : "", a / b);
        }
        std::printf("%s\t%.1f\t%.1f\t%.2f\t%s\n", c.name, bench::median(with), bench::median(alone),
                    bench::median(ratios), qPrintable(pairs));
    }
    return sink > 0 ? 0 : 1;
}
