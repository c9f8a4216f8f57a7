// bench_relay_desk: N headless desktops in one process, each a FeedManager with one feed and the
// window's QuoteTableModel, as the app runs them.
//   bench_relay_desk --url U [--protocol nats|coinbase] [--desktops N] [--instruments K]
//                    [--expect M] [--seconds S] [--quiet-ms Q] [--warm-up-ms W] [--samples FILE]
//   nats:     a feed {"protocol":"nats","symbols":["feeddeck.>"],"options":{"history":false}} on a
//             nats-server's WebSocket listener, reading what a `feeddeck relay` publishes.
//   coinbase: a feed straight on the load source (the direct desk), K instruments.
// Per update that reaches a table model, one sample: the wall clock (system_clock, us) right
// after the batch holding it was applied to the model, minus the update's receivedMs — for a
// nats feed the relay's receipt stamp "r" (Unix ms, stamped once per socket read at the relay),
// for a direct feed this desktop's own receipt. Every update is sampled, also one that a later
// update of its row superseded before the batch went out (it reached the model as part of that
// batch), except those received in the first W ms of the flow (each desktop's first receipt
// stamp + W).
// Prints {"event":"ready",...} once every desktop's feed is open and subscribed, then one result
// object when every desktop has received M updates (--expect), or with what came at --seconds or
// when nothing came for Q ms. --samples writes every sample for the caller to merge across
// processes: one line per update, "total to_decoded to_model" in ms, where to_decoded is the
// receipt stamp -> decoded and stored on the desktop's network thread, to_model the rest.
#include "../load/TickerFrames.h"
#include "app/tables/QuoteTableModel.h"
#include "core/feed/FeedManager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

using namespace feeddeck;

namespace {

double wallMs()
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count())
        / 1000.0;
}

void printJson(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double percentile(const std::vector<float> &sorted, double p)
{
    if (sorted.empty())
        return 0.0;
    const auto at = std::size_t(std::min<double>(double(sorted.size() - 1), p * double(sorted.size())));
    return sorted[at];
}

struct Setup
{
    QUrl url;
    bool nats = true;
    int instruments = 128;
    qint64 warmUpMs = 1000;
};

// The workspace feed of a desktop (a nats feed stores the relay's rows under "desk/load").
QString statusFeedId(const Setup &setup)
{
    return setup.nats ? QStringLiteral("desk") : QStringLiteral("load");
}

workspace::Workspace desktopWorkspace(const Setup &setup)
{
    workspace::FeedConfig feed;
    feed.url = setup.url;
    if (setup.nats) {
        feed.id = QStringLiteral("desk");
        feed.name = QStringLiteral("Desk relay");
        feed.protocol = QStringLiteral("nats");
        feed.symbols = {QStringLiteral("feeddeck.>")};
        // No JetStream on the benchmark's server: straight to the live path.
        feed.options = QJsonObject{{QStringLiteral("history"), false}};
    } else {
        feed.id = QStringLiteral("load");
        feed.name = QStringLiteral("Load source");
        feed.protocol = QStringLiteral("coinbase");
        feed.symbols = bench::TickerFrames::instruments(setup.instruments);
        feed.options = QJsonObject{{QStringLiteral("channels"), QJsonArray{QStringLiteral("ticker")}}};
    }
    workspace::Workspace ws;
    ws.feeds.append(feed);
    return ws;
}

// Latency samples of every desktop of the process, ms.
struct Samples
{
    std::vector<float> total;     // receipt stamp -> in the table model
    std::vector<float> toDecoded; // receipt stamp -> decoded and stored on the desktop's network thread
    std::vector<float> toModel;   // decoded and stored -> in the table model
};

// One desktop: its feeds (network thread of its own) and its table model on this thread.
// Every update's receipt stamp is taken on the network thread as it is applied to the stores
// (the worker's update tap, called in the same step that counts it into the next batch), and
// sampled when the batch that folds it in has been applied to the table model: batches carry
// their count of updates, in order, so the first `updatesSinceLast` stamps not yet sampled are
// exactly that batch's, superseded ones included.
class Desktop
{
public:
    Desktop(const Setup &setup, Samples &samples)
        : m_setup(setup)
        , m_statusId(statusFeedId(setup))
    {
        // Before start(): the tap is in place before the feed can deliver anything.
        m_feeds.attach([this](feed::FeedWorker &worker) -> std::unique_ptr<QObject> {
            worker.setUpdateTap([this](const QString &, const QList<data::Update> &updates) {
                const double decodedMs = wallMs();
                const std::lock_guard guard(m_tapLock);
                for (const data::Update &u : updates)
                    m_tapped.push_back({u.receivedMs, decodedMs});
            });
            return {};
        });
        QObject::connect(&m_feeds, &feed::FeedManager::batchReady, &m_quotes,
                         [this, &samples](const feed::EngineBatchPtr &batch) {
                             m_quotes.applyBatch(batch); // what the window's table does with every batch
                             const double visibleMs = wallMs();
                             m_updates += batch->updatesSinceLast;
                             {
                                 const std::lock_guard guard(m_tapLock);
                                 m_pending.insert(m_pending.end(), m_tapped.begin(), m_tapped.end());
                                 m_tapped.clear();
                             }
                             const std::size_t n = std::min<std::size_t>(batch->updatesSinceLast,
                                                                         m_pending.size() - m_head);
                             for (std::size_t i = 0; i < n; ++i) {
                                 const Stamp &stamp = m_pending[m_head + i];
                                 if (stamp.receivedMs == data::kNoTime)
                                     continue;
                                 if (m_firstReceiptMs < 0)
                                     m_firstReceiptMs = stamp.receivedMs;
                                 if (stamp.receivedMs < m_firstReceiptMs + m_setup.warmUpMs)
                                     continue;
                                 samples.total.push_back(float(visibleMs - double(stamp.receivedMs)));
                                 samples.toDecoded.push_back(float(stamp.decodedMs - double(stamp.receivedMs)));
                                 samples.toModel.push_back(float(visibleMs - stamp.decodedMs));
                             }
                             m_head += n;
                             m_unmatched += batch->updatesSinceLast - n;
                             if (m_head > 65536) {
                                 m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(m_head));
                                 m_head = 0;
                             }
                             for (const feed::FeedStatus &s : batch->feeds)
                                 if (s.id == m_statusId)
                                     m_state = s.state;
                         });
    }

    void start() { m_feeds.start(desktopWorkspace(m_setup)); }

    // Updates that reached the table model (every batch's updatesSinceLast, summed).
    [[nodiscard]] quint64 updates() const noexcept { return m_updates; }
    // Updates a batch counted that the tap had not seen (0 unless the hand-off is broken).
    [[nodiscard]] quint64 unmatched() const noexcept { return m_unmatched; }
    [[nodiscard]] int rows() const { return m_quotes.rowCount(); }
    [[nodiscard]] bool subscribed() const noexcept
    {
        return m_state == feed::FeedState::Subscribing || m_state == feed::FeedState::Live;
    }

private:
    struct Stamp
    {
        qint64 receivedMs;  // the update's receivedMs
        double decodedMs;   // wall clock when the network thread had decoded and stored it
    };

    const Setup &m_setup;
    QString m_statusId;
    // Declared before m_feeds, so they outlive its network thread, which calls the tap.
    std::mutex m_tapLock;             // the network thread appends, this thread takes
    std::vector<Stamp> m_tapped;      // guarded by m_tapLock
    feed::FeedManager m_feeds;
    app::tables::QuoteTableModel m_quotes;
    std::vector<Stamp> m_pending;     // this thread: stamps not yet sampled from m_head on
    std::size_t m_head = 0;
    qint64 m_firstReceiptMs = -1;
    quint64 m_updates = 0;
    quint64 m_unmatched = 0;
    feed::FeedState m_state = feed::FeedState::Connecting;
};

int run(const Setup &setup, int count, qint64 expect, double seconds, qint64 quietMs, const QString &samplesPath)
{
    Samples samples;
    const auto expected = std::size_t(std::max<qint64>(expect, 0)) * std::size_t(count);
    samples.total.reserve(expected);
    samples.toDecoded.reserve(expected);
    samples.toModel.reserve(expected);
    std::vector<std::unique_ptr<Desktop>> desktops;
    for (int i = 0; i < count; ++i)
        desktops.push_back(std::make_unique<Desktop>(setup, samples));
    for (auto &d : desktops)
        d->start();
    const double startMs = wallMs();

    auto finish = [&](bool complete) {
        QJsonArray received;
        qint64 rows = 0;
        qint64 unmatched = 0;
        for (const auto &d : desktops) {
            received.append(qint64(d->updates()));
            rows += d->rows();
            unmatched += qint64(d->unmatched());
        }
        if (!samplesPath.isEmpty()) {
            QFile out(samplesPath);
            if (out.open(QIODevice::WriteOnly)) {
                // In arrival order, before sorting: total, to decoded, to model.
                QByteArray text;
                text.reserve(qsizetype(samples.total.size()) * 20);
                for (std::size_t i = 0; i < samples.total.size(); ++i) {
                    text += QByteArray::number(double(samples.total[i]), 'f', 3) + ' '
                        + QByteArray::number(double(samples.toDecoded[i]), 'f', 3) + ' '
                        + QByteArray::number(double(samples.toModel[i]), 'f', 3) + '\n';
                }
                out.write(text);
            } else {
                std::fprintf(stderr, "bench_relay_desk: cannot write %s\n", qPrintable(samplesPath));
            }
        }
        std::sort(samples.total.begin(), samples.total.end());
        std::sort(samples.toDecoded.begin(), samples.toDecoded.end());
        std::sort(samples.toModel.begin(), samples.toModel.end());
        printJson({{"event", "result"},
                   {"protocol", setup.nats ? "nats" : "coinbase"},
                   {"desktops", count},
                   {"complete", complete},
                   {"seconds", (wallMs() - startMs) / 1000.0},
                   {"received", received},
                   {"rows", rows},
                   {"samples", qint64(samples.total.size())},
                   {"unmatched", unmatched},
                   {"p50_ms", percentile(samples.total, 0.50)},
                   {"p99_ms", percentile(samples.total, 0.99)},
                   {"max_ms", samples.total.empty() ? 0.0 : double(samples.total.back())},
                   // The two legs: receipt stamp -> decoded and stored on this desktop's network
                   // thread, and from there -> in the table model.
                   {"to_decoded_p50_ms", percentile(samples.toDecoded, 0.50)},
                   {"to_decoded_p99_ms", percentile(samples.toDecoded, 0.99)},
                   {"to_model_p50_ms", percentile(samples.toModel, 0.50)},
                   {"to_model_p99_ms", percentile(samples.toModel, 0.99)}});
        QCoreApplication::quit();
    };

    bool ready = false;
    quint64 lastTotal = 0;
    double lastChangeMs = wallMs();
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
        if (!ready && std::all_of(desktops.begin(), desktops.end(), [](const auto &d) { return d->subscribed(); })) {
            ready = true;
            printJson({{"event", "ready"}, {"desktops", count}, {"ms", wallMs() - startMs}});
        }
        if (expect > 0
            && std::all_of(desktops.begin(), desktops.end(), [expect](const auto &d) { return qint64(d->updates()) >= expect; })) {
            poll.stop();
            finish(true);
            return;
        }
        // The flow has stopped short of --expect: report what came rather than wait on.
        quint64 total = 0;
        for (const auto &d : desktops)
            total += d->updates();
        const double now = wallMs();
        if (total != lastTotal) {
            lastTotal = total;
            lastChangeMs = now;
        } else if (total > 0 && quietMs > 0 && now - lastChangeMs > double(quietMs)) {
            poll.stop();
            finish(expect <= 0);
        }
    });
    poll.start();
    QTimer::singleShot(int(seconds * 1000), &poll, [&] {
        if (!poll.isActive())
            return;
        poll.stop();
        finish(expect <= 0);
    });
    const int code = QCoreApplication::exec();
    desktops.clear(); // each FeedManager stops its feeds and thread
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{"url", "nats: the nats-server's WebSocket listener; coinbase: the load source.", "url"},
                       {"protocol", "nats (through a relay) or coinbase (direct).", "name", "nats"},
                       {"desktops", "Desktops in this process, one FeedManager and model each.", "n", "1"},
                       {"instruments", "coinbase: instruments to subscribe.", "n", "128"},
                       {"expect", "Updates each desktop should receive; ends the run when all have them.", "n", "0"},
                       {"seconds", "The longest the run may take.", "s", "30"},
                       {"quiet-ms", "End the run when no update came for this long after the first (0: never).",
                        "ms", "3000"},
                       {"warm-up-ms", "Not sampled: the first W ms of each desktop's flow.", "ms", "1000"},
                       {"samples", "Write every latency sample (total, to decoded, to model; ms) to this file.", "file"}});
    parser.process(app);
    Setup setup;
    setup.url = QUrl(parser.value("url"));
    setup.nats = parser.value("protocol") == QLatin1String("nats");
    setup.instruments = parser.value("instruments").toInt();
    setup.warmUpMs = parser.value("warm-up-ms").toLongLong();
    const int desktops = parser.value("desktops").toInt();
    const double seconds = parser.value("seconds").toDouble();
    if (!setup.url.isValid() || setup.url.scheme() != QLatin1String("ws") || desktops < 1 || setup.instruments < 1
        || seconds <= 0
        || (!setup.nats && parser.value("protocol") != QLatin1String("coinbase"))) {
        std::fprintf(stderr, "bench_relay_desk: --url ws://HOST:PORT, --protocol nats|coinbase, --desktops N >= 1 "
                             "and --seconds S > 0 are required\n");
        return 2;
    }
    return run(setup, desktops, parser.value("expect").toLongLong(), seconds, parser.value("quiet-ms").toLongLong(),
               parser.value("samples"));
}
