// bench_client: FeedDeck's own client path against a load source, headless.
//   bench_client ingest   --url U --messages N [--instruments K] [--compression auto|off]
//       FeedDeck's WebSocket transport -> CoinbaseCodec -> QuoteStore + SeriesHistory (FeedManager,
//       as the app runs it): messages/s from the first message's arrival to the moment the last
//       one had been decoded and applied to the stores (steady clock, ns; the same points at
//       which the Node baselines start and stop theirs), RSS per retained history point, and the
//       payload and wire bytes (permessage-deflate is offered unless --compression off).
//   bench_client latency  --url U --seconds S [--instruments K] [--publish-ms M]
//       frame receipt on the network thread -> value in the window's QuoteTableModel, measured
//       per batch: each batch's oldest update (the longest wait in it) and its newest. The
//       window's path (the display clock asking once a frame) unless --publish-ms M > 0: then
//       batches pushed every M ms, a headless run's path.
//   bench_client overload --url U --seconds S [--instruments K] [--history P] [--consumer-ms C]
//       a source faster than the client and a GUI thread slower than the batches: RSS over time.
// Each prints one JSON object on stdout.
#include "../load/TickerFrames.h"
#include "app/display/DisplayClock.h"
#include "app/tables/QuoteTableModel.h"
#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedManager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

using namespace feeddeck;

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double rssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0.0;
}

// The WebSocket client the feed runs on ("feeddeck" or "qtwebsockets"), from --transport.
QString g_transport = QStringLiteral("feeddeck");

workspace::Workspace loadWorkspace(const QUrl &url, int instruments, int historyPoints = 100000,
                                  workspace::Compression compression = workspace::Compression::Auto)
{
    workspace::FeedConfig feed;
    feed.transport = g_transport;
    feed.id = QStringLiteral("load");
    feed.name = QStringLiteral("Load source");
    feed.protocol = QStringLiteral("coinbase");
    feed.url = url;
    feed.symbols = bench::TickerFrames::instruments(instruments);
    feed.options = QJsonObject{{QStringLiteral("channels"), QJsonArray{QStringLiteral("ticker")}}};
    feed.historyPoints = historyPoints;
    feed.compression = compression;
    workspace::Workspace ws;
    ws.feeds.append(feed);
    return ws;
}

const feed::FeedStatus *loadStatus(const feed::EngineBatchPtr &batch)
{
    for (const feed::FeedStatus &s : batch->feeds)
        if (s.id == QLatin1String("load"))
            return &s;
    return nullptr;
}

// Numeric fields the codec takes from one load message: history points per message.
int fieldsPerMessage()
{
    const bench::TickerFrames frames(1, 1);
    codec::CoinbaseCodec codec;
    return int(codec.decode(frames.payload(0), 1).updates.value(0).fields.size());
}

void printJson(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double percentile(QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0.0;
    const auto at = qsizetype(std::min<double>(double(sorted.size() - 1), p * double(sorted.size())));
    return sorted.at(at);
}

int ingest(const QUrl &url, qint64 messages, int instruments, workspace::Compression compression)
{
    const double before = rssMiB();
    feed::FeedManager feeds;
    qint64 startNs = 0; // when the first message arrived (decoded in the same call)
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &feeds, [&](const feed::EngineBatchPtr &batch) {
        if (startNs == 0 && batch->updatesSinceLast > 0)
            startNs = batch->firstReceiptNs;
        const feed::FeedStatus *s = loadStatus(batch);
        if (!s || qint64(s->counters.updates) < messages)
            return;
        // The batch that folds in the last message says when it had been applied.
        const double seconds = double(batch->lastAppliedNs - startNs) / 1e9;
        const double after = rssMiB();
        const double points = double(s->counters.updates) * fieldsPerMessage();
        printJson({{"messages", qint64(s->counters.messages)},
                   {"updates", qint64(s->counters.updates)},
                   {"seconds", seconds},
                   {"rate", seconds > 0 ? double(s->counters.updates - 1) / seconds : 0.0},
                   {"bad", qint64(s->counters.badMessages)},
                   {"rss_before_mib", before},
                   {"rss_after_mib", after},
                   {"history_points", points},
                   {"bytes_per_point", (after - before) * 1024.0 * 1024.0 / points},
                   {"bytes", qint64(s->counters.bytes)},
                   {"wire_bytes", qint64(s->counters.wireBytes)}});
        QCoreApplication::quit();
    });
    feeds.start(loadWorkspace(url, instruments, 100000, compression));
    return QCoreApplication::exec();
}

int latency(const QUrl &url, double seconds, int instruments, int publishMs)
{
    feed::FeedWorker::Options options;
    options.publishIntervalMs = publishMs;
    feed::FeedManager feeds(options);
    std::unique_ptr<app::display::DisplayClock> clock;
    if (publishMs <= 0)
        clock = std::make_unique<app::display::DisplayClock>(feeds);
    app::tables::QuoteTableModel quotes;
    // Two measured samples per batch, nothing interpolated: the oldest update's receipt -> model
    // delay (the longest any update of the batch waited) and the newest one's (from when it had
    // been applied, a little after its receipt: the shortest).
    QList<double> oldest; // ms
    QList<double> newest; // ms
    qint64 updates = 0;
    const qint64 warmUpNs = steadyNs() + 1'000'000'000; // connection and first rows
    const auto measure = [&](const feed::EngineBatchPtr &batch) {
        const qint64 visible = steadyNs();
        if (batch->firstReceiptNs == 0 || batch->firstReceiptNs < warmUpNs)
            return;
        oldest.append(double(visible - batch->firstReceiptNs) / 1e6);
        newest.append(double(visible - batch->lastAppliedNs) / 1e6);
        updates += qint64(batch->updatesSinceLast);
    };
    if (clock) {
        clock->addModel(quotes);
        QObject::connect(clock.get(), &app::display::DisplayClock::batchApplied, &quotes, measure);
    } else {
        QObject::connect(&feeds, &feed::FeedManager::batchReady, &quotes, [&](const feed::EngineBatchPtr &batch) {
            quotes.applyBatch(batch);
            measure(batch);
        });
    }
    QTimer::singleShot(int((seconds + 1.0) * 1000), &feeds, [&] {
        std::sort(oldest.begin(), oldest.end());
        std::sort(newest.begin(), newest.end());
        printJson({{"updates", updates},
                   {"rate", double(updates) / seconds},
                   {"batches", qsizetype(oldest.size())},
                   {"rows", quotes.rowCount()},
                   {"p50_ms", percentile(oldest, 0.50)},
                   {"p99_ms", percentile(oldest, 0.99)},
                   {"max_ms", oldest.isEmpty() ? 0.0 : oldest.constLast()},
                   {"newest_p50_ms", percentile(newest, 0.50)},
                   {"newest_p99_ms", percentile(newest, 0.99)}});
        QCoreApplication::quit();
    });
    feeds.start(loadWorkspace(url, instruments));
    return QCoreApplication::exec();
}

int overload(const QUrl &url, double seconds, int instruments, int history, int consumerMs)
{
    feed::FeedManager feeds;
    app::tables::QuoteTableModel quotes;
    quint64 messages = 0;
    quint64 batches = 0;
    double lastWaitMs = 0; // how long the newest batch waited for the GUI thread
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &quotes, [&](const feed::EngineBatchPtr &batch) {
        lastWaitMs = double(steadyNs() - batch->publishedNs) / 1e6;
        quotes.applyBatch(batch);
        if (const feed::FeedStatus *s = loadStatus(batch))
            messages = s->counters.messages;
        ++batches;
        // A GUI thread busier than the display rate (a heavy chart, a slow machine).
        QElapsedTimer busy;
        busy.start();
        while (busy.elapsed() < consumerMs) {
        }
    });
    QJsonArray samples;
    QTimer sampler;
    sampler.setInterval(1000);
    QJsonArray waits;
    QObject::connect(&sampler, &QTimer::timeout, &feeds, [&] {
        samples.append(rssMiB());
        waits.append(lastWaitMs);
    });
    sampler.start();
    QTimer::singleShot(int(seconds * 1000), &feeds, [&] {
        double peak = 0;
        for (const QJsonValue &v : std::as_const(samples))
            peak = std::max(peak, v.toDouble());
        printJson({{"messages", qint64(messages)},
                   {"rate", double(messages) / seconds},
                   {"batches", qint64(batches)},
                   {"rss_mib", samples},
                   {"batch_wait_ms", waits},
                   {"rss_peak_mib", peak}});
        QCoreApplication::quit();
    });
    feeds.start(loadWorkspace(url, instruments, history));
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument("mode", "ingest, latency or overload");
    parser.addOptions({{"url", "The load source.", "url"},
                       {"messages", "ingest: messages to read.", "n", "1000000"},
                       {"seconds", "latency, overload: how long to measure.", "s", "5"},
                       {"instruments", "Instruments the source sends.", "n", "128"},
                       {"history", "overload: history points per series.", "n", "2000"},
                       {"publish-ms", "latency: 0 for the window's display clock, else the interval of pushed batches.", "ms", "0"},
                       {"consumer-ms", "overload: GUI-thread time per batch.", "ms", "40"},
                       {"compression", "ingest: auto (offer permessage-deflate) or off.", "mode", "auto"},
                       {"transport", "The WebSocket client: feeddeck or qtwebsockets.", "name", "feeddeck"}});
    parser.process(app);
    const QString mode = parser.positionalArguments().value(0);
    const QUrl url(parser.value("url"));
    const int instruments = parser.value("instruments").toInt();
    g_transport = parser.value("transport");
    if (!url.isValid() || url.scheme() != QLatin1String("ws") || instruments < 1) {
        std::fprintf(stderr, "bench_client: --url ws://HOST:PORT and --instruments N >= 1 are required\n");
        return 2;
    }
    if (mode == QLatin1String("ingest")) {
        const auto compression = workspace::compressionFromName(parser.value("compression"));
        if (!compression) {
            std::fprintf(stderr, "bench_client: --compression must be auto or off\n");
            return 2;
        }
        return ingest(url, parser.value("messages").toLongLong(), instruments, *compression);
    }
    if (mode == QLatin1String("latency"))
        return latency(url, parser.value("seconds").toDouble(), instruments, parser.value("publish-ms").toInt());
    if (mode == QLatin1String("overload"))
        return overload(url, parser.value("seconds").toDouble(), instruments, parser.value("history").toInt(),
                        parser.value("consumer-ms").toInt());
    std::fprintf(stderr, "bench_client: unknown mode \"%s\"; use ingest, latency or overload\n", qPrintable(mode));
    return 2;
}
