#include "app/shell/CommandLine.h"

#include "core/Version.h"

#include <QCommandLineParser>

namespace feeddeck::app::shell {

namespace {

const char *const kDescription =
    "Live WebSocket data feeds (market quotes, stock levels) in tables and charts.\n"
    "With no options, opens the saved workspace, or the built-in demo (a simulated market,\n"
    "no network needed) when none is saved.";

// Printed after the options: what a user or a cron job needs beyond the option list.
const char *const kEpilogue =
    "\n"
    "Workspace:\n"
    "  The saved workspace is $XDG_CONFIG_HOME/feeddeck/workspace.json (~/.config when\n"
    "  XDG_CONFIG_HOME is unset): a UTF-8 JSON file listing the feeds, see man feeddeck.\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  runtime failure, e.g. the export could not be written (no partial file is left)\n"
    "  2  bad usage or an invalid workspace (stderr names the file, the JSON path and the problem)\n"
    "\n"
    "Examples:\n"
    "  feeddeck --demo\n"
    "  feeddeck --headless --config ~/feeds.json --duration 10 --export-csv ~/snap.csv\n"
    "  feeddeck --demo --headless --duration 3 --export-csv -\n"
    "  feeddeck --headless --config ~/feeds.json --alerts-jsonl ~/alerts.jsonl   (rules: the workspace's \"alerts\")\n"
    "  feeddeck relay --config ~/desk.json --nats nats://nats-host:4222   (see feeddeck relay --help)\n"
    "  crontab line, a snapshot every minute:\n"
    "  * * * * * feeddeck --headless --config ~/feeds.json --duration 10 --export-csv ~/snapshots/latest.csv\n";

const char *const kRelayDescription =
    "Runs the workspace's feeds headless and publishes every update to NATS, so a desk shares one\n"
    "upstream connection per venue: desktops read it from the nats-server's WebSocket listener\n"
    "(a workspace feed with \"protocol\": \"nats\"). Runs until SIGINT, SIGTERM or --duration.";

const char *const kRelayEpilogue =
    "\n"
    "Subjects: <prefix>.<feed-id>.<key> for updates, <prefix>.<feed-id>.$status for each feed's\n"
    "state; see man feeddeck (RELAY) for the escaping and the payloads.\n"
    "\n"
    "Environment:\n"
    "  FEEDDECK_NATS_USER, FEEDDECK_NATS_PASSWORD, FEEDDECK_NATS_TOKEN  defaults of the credential\n"
    "  options, so secrets need not appear on the command line\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  runtime failure, e.g. the stats file could not be written\n"
    "  2  bad usage or an invalid workspace\n"
    "\n"
    "Examples:\n"
    "  feeddeck relay --config ~/desk.json --nats nats://nats-host:4222\n"
    "  feeddeck relay --demo --nats nats://127.0.0.1:4222 --duration 10 --stats relay-stats.json\n";

// --duration SECONDS, as both command lines take it: the problem in words, or empty.
QString readDuration(const QCommandLineParser &parser, const QCommandLineOption &duration, CliOptions &o)
{
    if (!parser.isSet(duration))
        return {};
    bool ok = false;
    const double seconds = parser.value(duration).toDouble(&ok); // C locale: QString::toDouble ignores the user's locale
    if (!ok || !(seconds > 0) || seconds > 31'536'000)
        return QStringLiteral("--duration must be a positive number of seconds, got \"%1\"").arg(parser.value(duration));
    o.durationSeconds = seconds;
    return {};
}

CliResult parseRelayCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kRelayDescription));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The workspace FILE whose feeds are relayed."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Relay the built-in simulated feeds instead."));
    const QCommandLineOption nats(QStringLiteral("nats"),
                                  QStringLiteral("The nats-server's client listener: nats://HOST:PORT, or tls://HOST:PORT."),
                                  QStringLiteral("URL"));
    const QCommandLineOption user(QStringLiteral("nats-user"),
                                  QStringLiteral("NATS user (default: $FEEDDECK_NATS_USER)."), QStringLiteral("USER"));
    const QCommandLineOption password(QStringLiteral("nats-password"),
                                      QStringLiteral("NATS password (default: $FEEDDECK_NATS_PASSWORD)."),
                                      QStringLiteral("PASSWORD"));
    const QCommandLineOption token(QStringLiteral("nats-token"),
                                   QStringLiteral("NATS token (default: $FEEDDECK_NATS_TOKEN)."), QStringLiteral("TOKEN"));
    const QCommandLineOption ca(QStringLiteral("nats-ca"),
                                QStringLiteral("PEM file of the CA that signed a tls:// server's certificate."),
                                QStringLiteral("FILE"));
    const QCommandLineOption prefix(QStringLiteral("subject-prefix"),
                                    QStringLiteral("First tokens of every subject (default: feeddeck)."),
                                    QStringLiteral("PREFIX"));
    const QCommandLineOption buffer(QStringLiteral("buffer"),
                                    QStringLiteral("Updates held while NATS is away, in bytes (default: 8MiB); "
                                                   "beyond it the oldest are dropped and counted."),
                                    QStringLiteral("SIZE"));
    const QCommandLineOption history(QStringLiteral("history"),
                                     QStringLiteral("How long the JetStream stream keeps updates for desktops that "
                                                    "start later (default: 1h; 30m, 2d, 0 = no stream)."),
                                     QStringLiteral("DURATION"));
    const QCommandLineOption historyBytes(QStringLiteral("history-bytes"),
                                          QStringLiteral("The most that stream holds (default: 1GiB); the oldest "
                                                         "updates go first."),
                                          QStringLiteral("SIZE"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Exit cleanly after SECONDS (decimals allowed)."), QStringLiteral("SECONDS"));
    const QCommandLineOption stats(QStringLiteral("stats"),
                                   QStringLiteral("At exit, write run statistics (JSON, with a \"relay\" object) to FILE (- = stdout)."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addOptions({config, demo, nats, user, password, token, ca, prefix, buffer, history, historyBytes, duration,
                       stats});

    CliResult result;
    auto error = [&result](const QString &text) {
        result.action = CliResult::Action::Error;
        result.text = text + QStringLiteral("\nRun feeddeck relay --help for the options.");
        return result;
    };
    if (!parser.parse(arguments))
        return error(parser.errorText());
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        result.action = CliResult::Action::ShowHelp;
        result.text = parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("feeddeck relay"))
                      + QString::fromUtf8(kRelayEpilogue);
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return error(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));

    CliOptions &o = result.options;
    o.relay = true;
    o.headless = true;
    o.configFile = parser.value(config);
    o.demo = parser.isSet(demo);
    o.statsFile = parser.value(stats);
    if (o.demo && parser.isSet(config))
        return error(QStringLiteral("--demo and --config cannot be used together: choose one workspace"));
    if (!o.demo && o.configFile.isEmpty())
        return error(QStringLiteral("relay needs --config WORKSPACE (the feeds to relay), or --demo for the simulated feeds"));
    if (!parser.isSet(nats) || parser.value(nats).isEmpty())
        return error(QStringLiteral("relay needs --nats nats://HOST:PORT (the nats-server's client port, 4222 by default)"));
    if (const QString problem = readDuration(parser, duration, o); !problem.isEmpty())
        return error(problem);
    if (parser.isSet(stats) && o.statsFile.isEmpty())
        return error(QStringLiteral("--stats needs a file name"));

    relay::RelayOptions &r = o.relayOptions;
    r.natsUrl = QUrl(parser.value(nats), QUrl::StrictMode);
    if (!r.natsUrl.isValid() || r.natsUrl.host().isEmpty())
        return error(QStringLiteral("--nats must be a nats://HOST:PORT or tls://HOST:PORT address, got \"%1\"")
                         .arg(parser.value(nats)));
    // Options win over the environment, so one run can override a desk's defaults.
    auto valueOrEnv = [&parser](const QCommandLineOption &option, const char *variable) {
        return parser.isSet(option) ? parser.value(option) : qEnvironmentVariable(variable);
    };
    r.user = valueOrEnv(user, "FEEDDECK_NATS_USER");
    r.password = valueOrEnv(password, "FEEDDECK_NATS_PASSWORD");
    r.token = valueOrEnv(token, "FEEDDECK_NATS_TOKEN");
    r.caFile = parser.value(ca);
    if (parser.isSet(ca) && r.caFile.isEmpty())
        return error(QStringLiteral("--nats-ca needs a file name"));
    if (parser.isSet(prefix))
        r.subjectPrefix = parser.value(prefix);
    if (parser.isSet(buffer)) {
        const std::optional<qint64> bytes = relay::parseByteSize(parser.value(buffer));
        if (!bytes)
            return error(QStringLiteral("--buffer must be a size such as 8MiB, 512KiB or 1048576, got \"%1\"")
                             .arg(parser.value(buffer)));
        r.bufferBytes = *bytes;
    }
    if (parser.isSet(history)) {
        const std::optional<qint64> ms = relay::parseDurationMs(parser.value(history));
        if (!ms)
            return error(QStringLiteral("--history must be a duration such as 1h, 30m, 2d or 0 (no stream), got \"%1\"")
                             .arg(parser.value(history)));
        r.historyMs = *ms;
    }
    if (parser.isSet(historyBytes)) {
        const std::optional<qint64> bytes = relay::parseByteSize(parser.value(historyBytes));
        if (!bytes)
            return error(QStringLiteral("--history-bytes must be a size such as 1GiB or 512MiB, got \"%1\"")
                             .arg(parser.value(historyBytes)));
        r.historyBytes = *bytes;
    }
    if (const QString problem = relay::validate(r); !problem.isEmpty())
        return error(problem);
    return result;
}

} // namespace

CliResult parseCommandLine(const QStringList &arguments)
{
    // `feeddeck relay ...` has options of its own.
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("relay"))
        return parseRelayCommandLine(QStringList{arguments.constFirst()} + arguments.mid(2));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Use the workspace FILE instead of the saved one."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Use the built-in demo workspace (simulated, no network)."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the feeds without a window (with --duration and --export-csv)."));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Exit cleanly after SECONDS (decimals allowed), writing the exports."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption exportCsv(QStringLiteral("export-csv"),
                                       QStringLiteral("At exit, write a snapshot CSV of all latest values to FILE (- = stdout)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption stats(QStringLiteral("stats"),
                                   QStringLiteral("At exit, write run statistics (JSON) to FILE (- = stdout)."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("At exit, save a PNG of the main window to FILE (not with --headless)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption alertsJsonl(QStringLiteral("alerts-jsonl"),
                                         QStringLiteral("With --headless: write each alert the workspace's rules fire "
                                                        "as one JSON line to FILE (- = stdout), as it fires."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({config, demo, headless, duration, exportCsv, stats, screenshot, alertsJsonl});

    CliResult result;
    if (!parser.parse(arguments)) {
        result.action = CliResult::Action::Error;
        result.text = parser.errorText() + QStringLiteral("\nRun feeddeck --help for the options.");
        return result;
    }
    // addHelpOption() also adds --help-all, which only process() would act on: treat it as --help
    // rather than starting a run. Parsing happens before the application object exists, so name
    // the program in the usage line ourselves.
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        result.action = CliResult::Action::ShowHelp;
        result.text = parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("feeddeck"))
                      + QString::fromUtf8(kEpilogue);
        return result;
    }
    if (parser.isSet(version)) {
        result.action = CliResult::Action::ShowVersion;
        result.text = QStringLiteral("feeddeck %1").arg(QString::fromLatin1(kVersion));
        return result;
    }

    auto error = [&result](const QString &text) {
        result.action = CliResult::Action::Error;
        result.text = text + QStringLiteral("\nRun feeddeck --help for the options.");
        return result;
    };
    if (!parser.positionalArguments().isEmpty())
        return error(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));

    CliOptions &o = result.options;
    o.configFile = parser.value(config);
    o.demo = parser.isSet(demo);
    o.headless = parser.isSet(headless);
    o.exportCsv = parser.value(exportCsv);
    o.statsFile = parser.value(stats);
    o.screenshot = parser.value(screenshot);
    o.alertsJsonl = parser.value(alertsJsonl);
    if (o.demo && parser.isSet(config))
        return error(QStringLiteral("--demo and --config cannot be used together: choose one workspace"));
    if (parser.isSet(config) && o.configFile.isEmpty())
        return error(QStringLiteral("--config needs a file name"));
    if (const QString problem = readDuration(parser, duration, o); !problem.isEmpty())
        return error(problem);
    if (o.headless && !o.screenshot.isEmpty())
        return error(QStringLiteral("--screenshot needs a window: it cannot be used with --headless"));
    if (parser.isSet(exportCsv) && o.exportCsv.isEmpty())
        return error(QStringLiteral("--export-csv needs a file name (or - for stdout)"));
    if (parser.isSet(stats) && o.statsFile.isEmpty())
        return error(QStringLiteral("--stats needs a file name"));
    if (o.statsFile == QLatin1String("-") && o.exportCsv == QLatin1String("-"))
        return error(QStringLiteral("--export-csv and --stats cannot both write to stdout"));
    if (parser.isSet(alertsJsonl) && o.alertsJsonl.isEmpty())
        return error(QStringLiteral("--alerts-jsonl needs a file name (or - for stdout)"));
    if (!o.alertsJsonl.isEmpty() && !o.headless)
        return error(QStringLiteral("--alerts-jsonl writes the alerts of a headless run: add --headless"));
    if (o.alertsJsonl == QLatin1String("-")
        && (o.exportCsv == QLatin1String("-") || o.statsFile == QLatin1String("-")))
        return error(QStringLiteral("--alerts-jsonl cannot write to stdout when --export-csv or --stats does; "
                                    "give one of them a file name"));
    return result;
}

} // namespace feeddeck::app::shell
