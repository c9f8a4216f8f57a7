// feeddeck-sim: serves the simulated feeds (/market, /inventory) until stopped.
// Prints one JSON line {"event":"listening","port":N,"url":"ws://HOST:N"} on stdout once listening.
// Exit codes: 0 stopped normally (signal or --duration), 1 could not listen, 2 bad usage.

#include "app/shell/TerminationWatcher.h"
#include "core/Version.h"
#include "core/sim/SimServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <optional>


namespace {

using feeddeck::sim::SimOptions;

constexpr int kExitRuntimeFailure = 1;
constexpr int kExitUsage = 2;
// The timer counts milliseconds in an int; longer runs simply omit --duration.
constexpr double kMaxDurationSeconds = 2'000'000.0;

struct Settings
{
    SimOptions options;
    std::optional<double> durationSeconds;
};

int usageError(const QString &message)
{
    std::fprintf(stderr, "feeddeck-sim: %s\nTry 'feeddeck-sim --help'.\n", qUtf8Printable(message));
    return kExitUsage;
}

// Reads the options; returns an error message, or an empty string when they are valid.
QString readSettings(const QCommandLineParser &parser, const QCommandLineOption &host, const QCommandLineOption &port,
                     const QCommandLineOption &rate, const QCommandLineOption &seed,
                     const QCommandLineOption &duration, Settings &settings)
{
    if (!parser.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst());

    const QString hostText = parser.value(host).trimmed();
    if (hostText.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0) {
        settings.options.host = QHostAddress(QHostAddress::LocalHost);
    } else if (!settings.options.host.setAddress(hostText)) {
        return QStringLiteral("--host: '%1' is not an IP address").arg(hostText);
    }

    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return QStringLiteral("--port: '%1' is not a port number (0-65535)").arg(parser.value(port));
    settings.options.port = quint16(portValue);

    if (parser.isSet(rate)) {
        const double value = parser.value(rate).toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0.0 || value > feeddeck::sim::kMaxRatePerSymbolHz)
            return QStringLiteral("--rate: '%1' is not a rate between 0 and %2 updates per second")
                .arg(parser.value(rate))
                .arg(feeddeck::sim::kMaxRatePerSymbolHz);
        settings.options.ratePerSymbolHz = value;
    }

    if (parser.isSet(seed)) {
        const quint64 value = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return QStringLiteral("--seed: '%1' is not a non-negative integer").arg(parser.value(seed));
        settings.options.seed = value;
    }

    if (parser.isSet(duration)) {
        const double value = parser.value(duration).toDouble(&ok);
        if (!ok || !std::isfinite(value) || value <= 0.0 || value > kMaxDurationSeconds)
            return QStringLiteral("--duration: '%1' is not a number of seconds between 0 and %2")
                .arg(parser.value(duration))
                .arg(kMaxDurationSeconds, 0, 'f', 0);
        settings.durationSeconds = value;
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("feeddeck-sim"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(feeddeck::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves simulated live feeds over WebSocket: /market (Coinbase Exchange protocol) "
                       "and /inventory (stock levels). Prints one JSON line with the URL once listening."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port to listen on; 0 picks a free one (default 0)."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Average updates per second for each subscribed symbol (default %1).")
                                      .arg(SimOptions().ratePerSymbolHz),
                                  QStringLiteral("hz"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the random walks (default: random)."),
                                  QStringLiteral("n"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Exit after this many seconds."),
                                      QStringLiteral("seconds"));
    parser.addOptions({host, port, rate, seed, duration});

    // parse(), not process(): bad usage must exit with 2.
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();

    Settings settings;
    if (const QString problem = readSettings(parser, host, port, rate, seed, duration, settings); !problem.isEmpty())
        return usageError(problem);

    // SIGINT and SIGTERM end the event loop cleanly, like --duration.
    feeddeck::app::shell::TerminationWatcher termination;
    QObject::connect(&termination, &feeddeck::app::shell::TerminationWatcher::terminationRequested, &app,
                     &QCoreApplication::quit);

    feeddeck::sim::SimServer server(settings.options);
    QString error;
    if (!server.listen(&error)) {
        std::fprintf(stderr, "feeddeck-sim: %s\n", qUtf8Printable(error));
        return kExitRuntimeFailure;
    }

    const QJsonObject listening{{QStringLiteral("event"), QStringLiteral("listening")},
                                {QStringLiteral("port"), int(server.port())},
                                {QStringLiteral("url"), server.url(QString()).toString()}};
    const QByteArray line = QJsonDocument(listening).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);

    if (settings.durationSeconds)
        QTimer::singleShot(int(std::lround(*settings.durationSeconds * 1000.0)), Qt::PreciseTimer, &app,
                           &QCoreApplication::quit);

    const int code = QCoreApplication::exec();
    server.close();
    return code;
}
