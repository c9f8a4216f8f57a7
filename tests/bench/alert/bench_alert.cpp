// Alert rules: what they add to the network thread's work per update. 100 rules of every
// kind (above, below, crosses_up, crosses_down, move_pct over 60 s, spread_above, silent_for_s),
// 90 on one of 20 symbols and 10 on every symbol ("*"), against a stream of 200,000 ticker
// updates (10 fields each, as a Coinbase ticker) over those 20 symbols, one a millisecond.
// Each pass runs the loop FeedWorker::onUpdates runs per update — QuoteStore::apply,
// SeriesHistory::record, then AlertEngine::evaluate — with the rules, and the same loop with
// no rules, on fresh stores and engine; the fired alerts are taken every 1000 updates (a
// publish tick). Reported as this thread's CPU ns per update, medians of 7 pairs in
// alternating order. Lines after the two header lines (tab-separated): loop, with rules ns,
// without rules ns, the median of the per-pair ratios (with / without), every pair's ratio.
#include "../BenchClock.h"
#include "core/alert/AlertEngine.h"
#include "core/data/Update.h"
#include "core/store/QuoteStore.h"
#include "core/store/SeriesHistory.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace feeddeck;

namespace {

constexpr int kSymbols = 20;
constexpr int kUpdates = 200'000;
constexpr int kRules = 100;
constexpr int kTakeEvery = 1000; // a publish tick's worth of updates
constexpr int kPairs = 7;
constexpr qint64 kStartMs = 1'795'392'000'000;

const QString kBenchFeed = QStringLiteral("bench");

QStringList benchSymbols()
{
    QStringList symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols.append(QStringLiteral("SYM%1-USD").arg(i, 2, 10, QLatin1Char('0')));
    return symbols;
}

// A random walk per symbol, the ten fields of a Coinbase ticker.
std::vector<data::Update> tickerStream(const QStringList &symbols)
{
    QRandomGenerator rng(7);
    std::vector<double> prices(std::size_t(symbols.size()), 100.0);
    std::vector<data::Update> stream;
    stream.reserve(kUpdates);
    for (int i = 0; i < kUpdates; ++i) {
        const int s = int(rng.bounded(kSymbols));
        double &p = prices[std::size_t(s)];
        p = std::max(1.0, p * (1.0 + (rng.generateDouble() - 0.5) * 0.004));
        const double half = 0.01 + rng.generateDouble() * 0.05;
        data::Update u;
        u.symbol = symbols.at(s);
        u.receivedMs = kStartMs + i;
        u.fields.append({data::fields::kPrice, p});
        u.fields.append({data::fields::kBid, p - half});
        u.fields.append({data::fields::kAsk, p + half});
        u.fields.append({data::fields::kBidSize, rng.bounded(5.0)});
        u.fields.append({data::fields::kAskSize, rng.bounded(5.0)});
        u.fields.append({data::fields::kSize, rng.bounded(1.0)});
        u.fields.append({data::fields::kOpen24h, 100.0});
        u.fields.append({data::fields::kHigh24h, 130.0});
        u.fields.append({data::fields::kLow24h, 70.0});
        u.fields.append({data::fields::kVolume24h, 1e6 + i});
        stream.push_back(std::move(u));
    }
    return stream;
}

QList<alert::AlertRule> mixedRules(const QStringList &symbols)
{
    QList<alert::AlertRule> rules;
    for (int i = 0; i < kRules; ++i) {
        alert::AlertRule r;
        r.id = QStringLiteral("rule-%1").arg(i);
        r.feed = kBenchFeed;
        r.symbol = i < 90 ? symbols.at(i % kSymbols) : alert::kEverySymbol;
        r.when = alert::When(i % 7);
        switch (r.when) {
        case alert::When::Above:
        case alert::When::CrossesUp:
            r.value = 101.0 + i % 5;
            break;
        case alert::When::Below:
        case alert::When::CrossesDown:
            r.value = 99.0 - i % 5;
            break;
        case alert::When::MovePct:
            r.value = 1.0;
            r.windowS = 60;
            break;
        case alert::When::SpreadAbove:
            r.value = 0.1;
            break;
        case alert::When::SilentFor:
            r.value = 5;
            break;
        }
        r.cooldownS = i % 3 == 0 ? 10 : 0;
        rules.append(r);
    }
    return rules;
}

struct Pass
{
    double nsPerUpdate = 0;
    qsizetype fired = 0;
};

// One pass over the stream; `withStores` false times the engine alone.
Pass runPass(const std::vector<data::Update> &stream, const QList<alert::AlertRule> &rules, bool withStores)
{
    store::QuoteStore quotes;
    store::SeriesHistory history(10'000);
    alert::AlertEngine engine;
    engine.setRules(rules, kStartMs);
    Pass pass;
    const qint64 start = bench::threadCpuNs();
    for (int i = 0; i < kUpdates; ++i) {
        const data::Update &u = stream[std::size_t(i)];
        if (withStores) {
            (void)quotes.apply(kBenchFeed, u);
            history.record(kBenchFeed, u);
        }
        engine.evaluate(kBenchFeed, u);
        if (i % kTakeEvery == kTakeEvery - 1) {
            engine.checkSilence(u.receivedMs);
            pass.fired += engine.takeFired().alerts.size();
        }
    }
    pass.nsPerUpdate = double(bench::threadCpuNs() - start) / kUpdates;
    return pass;
}

} // namespace

int main()
{
    const QStringList symbols = benchSymbols();
    const std::vector<data::Update> stream = tickerStream(symbols);
    const QList<alert::AlertRule> rules = mixedRules(symbols);

    std::printf("alert rules: %d rules (7 kinds, 90 on one of %d symbols, 10 on every symbol) over %d updates of "
                "10 fields, median of %d pairs\n",
                kRules, kSymbols, kUpdates, kPairs);
    std::printf("loop\twith rules CPU ns/update\twithout rules CPU ns/update\tratio\tpairs\talerts fired a pass\n");
    for (const bool withStores : {true, false}) {
        std::vector<double> with;
        std::vector<double> without;
        std::vector<double> ratios;
        QString pairs;
        qsizetype fired = 0;
        for (int i = 0; i < kPairs; ++i) {
            Pass a;
            Pass b;
            if (i % 2 == 0)
                a = runPass(stream, rules, withStores);
            b = runPass(stream, {}, withStores);
            if (i % 2 != 0)
                a = runPass(stream, rules, withStores);
            if (b.fired != 0 || a.fired == 0) {
                std::fprintf(stderr, "bench_alert: %lld alerts with rules, %lld without\n",
                             static_cast<long long>(a.fired), static_cast<long long>(b.fired));
                return 1;
            }
            fired = a.fired;
            with.push_back(a.nsPerUpdate);
            without.push_back(b.nsPerUpdate);
            ratios.push_back(a.nsPerUpdate / b.nsPerUpdate);
            pairs += QString::asprintf("%s%.2f", i ? " " : "", a.nsPerUpdate / b.nsPerUpdate);
        }
        std::printf("%s\t%.0f\t%.1f\t%.2f\t%s\t%lld\n",
                    withStores ? "store + history + alerts (the worker's per-update path)" : "alerts alone",
                    bench::median(with), bench::median(without), bench::median(ratios), qPrintable(pairs), static_cast<long long>(fired));
    }
    return 0;
}
