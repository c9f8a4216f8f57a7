// Soak: the headless client (`feeddeck --headless`) against in-process servers that drop,
// freeze, close and send junk at random, for a configurable time (default 10 min). Reports
// reconnects, messages, bad messages, and the client's RSS after warm-up and at the end;
// exits 1 when RSS grew by 5% or more after warm-up. Not part of ctest: run tests/bench/soak/run.sh.
#include "../../integration/support/FaultServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using feeddeck::testing::FaultPlan;
using feeddeck::testing::FaultServer;
using Fault = FaultPlan::Fault;

namespace {

constexpr int kFeeds = 6;
// Every value is also kept in the chart history (16 bytes a point, bounded at 100,000 points
// a series): a modest data rate keeps that filling-up small, so RSS growth measures leaks.
constexpr int kSymbolsPerFeed = 2;
constexpr int kTickMs = 1000;
constexpr int kSampleMs = 5000;

// Resident set size of a process in KiB, from /proc (0 when it is gone).
qint64 rssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

// Every connection misbehaves after a random number of tickers; in between, data flows normally.
// Junk, floods and drops are common, 16 MiB frames and refused upgrades rarer.
FaultPlan randomPlan(QRandomGenerator &random)
{
    static const QList<Fault> common{Fault::Drop,       Fault::Close,  Fault::Freeze,     Fault::MalformedJson,
                                     Fault::WrongTypes, Fault::Binary, Fault::InvalidUtf8, Fault::Flood};
    static const QList<Fault> rare{Fault::Refuse, Fault::Huge};
    static const QList<int> closeCodes{1000, 1001, 1008, 1011, 4000};
    FaultPlan plan;
    plan.fault = random.bounded(100) < 94 ? common.at(int(random.bounded(common.size())))
                                          : rare.at(int(random.bounded(rare.size())));
    plan.afterMessages = 2 + int(random.bounded(30));
    plan.closeCode = closeCodes.at(int(random.bounded(closeCodes.size())));
    plan.count = plan.fault == Fault::Flood ? 200 : 1 + int(random.bounded(5));
    return plan;
}

QByteArray workspaceFor(const QUrl &url)
{
    QJsonArray feeds;
    for (int f = 0; f < kFeeds; ++f) {
        QJsonArray symbols;
        for (int s = 0; s < kSymbolsPerFeed; ++s)
            symbols.append(QStringLiteral("SYM%1-USD").arg(f * kSymbolsPerFeed + s));
        feeds.append(QJsonObject{{"id", QStringLiteral("soak-%1").arg(f)},
                                 {"protocol", "coinbase"},
                                 {"url", url.toString()},
                                 {"symbols", symbols},
                                 {"reconnect", QJsonObject{{"initial_ms", 200}, {"max_ms", 3000}}},
                                 {"stale_after_ms", 2000},
                                 {"handshake_timeout_ms", 3000}});
    }
    return QJsonDocument(QJsonObject{{"version", 1}, {"feeds", feeds}}).toJson();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("FeedDeck soak test: the headless client against misbehaving servers"));
    cli.addHelpOption();
    cli.addOption({QStringLiteral("feeddeck"), QStringLiteral("The feeddeck binary."), QStringLiteral("path"),
                   QStringLiteral(FEEDDECK_BINARY)});
    cli.addOption({QStringLiteral("duration"), QStringLiteral("Seconds to run (default 600)."), QStringLiteral("s"),
                   QStringLiteral("600")});
    cli.addOption({QStringLiteral("warmup"), QStringLiteral("Seconds before the baseline RSS (default: a tenth)."),
                   QStringLiteral("s")});
    cli.addOption({QStringLiteral("seed"), QStringLiteral("Random seed of the faults."), QStringLiteral("n"),
                   QStringLiteral("1")});
    cli.process(app);
    const int duration = cli.value(QStringLiteral("duration")).toInt();
    const int warmup = cli.isSet(QStringLiteral("warmup")) ? cli.value(QStringLiteral("warmup")).toInt()
                                                           : std::max(10, duration / 10);
    if (duration < 20 || warmup >= duration) {
        std::fprintf(stderr, "soak: --duration must be at least 20 s and longer than --warmup\n");
        return 2;
    }

    QRandomGenerator random(cli.value(QStringLiteral("seed")).toUInt());
    FaultServer server;
    server.tickIntervalMs = kTickMs;
    server.planFor = [&random](int) { return randomPlan(random); };
    server.replanAfterJunk = true;
    if (!server.listen()) {
        std::fprintf(stderr, "soak: cannot listen on 127.0.0.1\n");
        return 1;
    }

    QTemporaryDir dir;
    QFile workspace(dir.filePath(QStringLiteral("soak.json")));
    if (!workspace.open(QIODevice::WriteOnly) || workspace.write(workspaceFor(server.url())) < 0) {
        std::fprintf(stderr, "soak: cannot write the workspace in %s\n", qPrintable(dir.path()));
        return 1;
    }
    workspace.close();
    const QString statsPath = dir.filePath(QStringLiteral("stats.json"));

    QProcess client;
    client.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("feeddeck.*=false"));
    client.setProcessEnvironment(env);
    client.start(cli.value(QStringLiteral("feeddeck")),
                 {QStringLiteral("--headless"), QStringLiteral("--config"), workspace.fileName(),
                  QStringLiteral("--duration"), QString::number(duration), QStringLiteral("--stats"), statsPath});
    if (!client.waitForStarted()) {
        std::fprintf(stderr, "soak: cannot start %s\n", qPrintable(cli.value(QStringLiteral("feeddeck"))));
        return 1;
    }
    const qint64 pid = client.processId();

    QElapsedTimer clock;
    clock.start();
    qint64 baseline = 0;
    qint64 last = 0;
    qint64 peak = 0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const qint64 rss = rssKiB(pid);
        if (rss == 0)
            return;
        last = rss;
        peak = std::max(peak, rss);
        if (baseline == 0 && clock.elapsed() >= qint64(warmup) * 1000)
            baseline = rss;
        std::printf("%6llds  rss %7lld KiB  tcp connections %d  tickers sent %d\n",
                    static_cast<long long>(clock.elapsed() / 1000), static_cast<long long>(rss),
                    server.connectionCount(), server.tickersSent());
        std::fflush(stdout);
    });
    sampler.start(kSampleMs);
    QObject::connect(&client, &QProcess::finished, &app, &QCoreApplication::quit);
    app.exec();

    QFile statsFile(statsPath);
    if (client.exitCode() != 0 || !statsFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "soak: feeddeck exited with %d and wrote no stats\n", client.exitCode());
        return 1;
    }
    const QJsonObject stats = QJsonDocument::fromJson(statsFile.readAll()).object();
    qint64 connects = 0, disconnects = 0, messages = 0, bad = 0, oversize = 0, updates = 0;
    for (const QJsonValue &f : stats.value(QStringLiteral("feeds")).toArray()) {
        const QJsonObject feed = f.toObject();
        connects += feed.value(QStringLiteral("connects")).toInteger();
        disconnects += feed.value(QStringLiteral("disconnects")).toInteger();
        messages += feed.value(QStringLiteral("messages")).toInteger();
        updates += feed.value(QStringLiteral("updates")).toInteger();
        bad += feed.value(QStringLiteral("bad_messages")).toInteger();
        oversize += feed.value(QStringLiteral("oversize")).toInteger();
    }
    const double growth = baseline > 0 ? 100.0 * double(last - baseline) / double(baseline) : 0.0;
    std::printf("\nsoak: %d s, %d feeds x %d symbols, seed %u\n", duration, kFeeds, kSymbolsPerFeed,
                cli.value(QStringLiteral("seed")).toUInt());
    std::printf("  connections accepted by the servers  %d (WebSocket sessions %d)\n", server.connectionCount(),
                server.handshakeCount());
    std::printf("  client connects %lld, disconnects (reconnects) %lld\n", static_cast<long long>(connects),
                static_cast<long long>(disconnects));
    std::printf("  messages %lld, updates %lld, bad messages %lld, oversize %lld\n", static_cast<long long>(messages),
                static_cast<long long>(updates), static_cast<long long>(bad), static_cast<long long>(oversize));
    std::printf("  RSS after %d s warm-up %lld KiB, at the end %lld KiB (peak %lld KiB): %+.1f%%\n", warmup,
                static_cast<long long>(baseline), static_cast<long long>(last), static_cast<long long>(peak), growth);
    if (baseline == 0 || growth >= 5.0) {
        std::printf("soak: FAILED (RSS growth after warm-up must stay under 5%%)\n");
        return 1;
    }
    std::printf("soak: passed\n");
    return 0;
}
