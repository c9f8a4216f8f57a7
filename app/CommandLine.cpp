#include "app/CommandLine.h"

#include "core/Version.h"

#include <QCommandLineParser>

namespace feeddeck::app {

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
    "  crontab line, a snapshot every minute:\n"
    "  * * * * * feeddeck --headless --config ~/feeds.json --duration 10 --export-csv ~/snapshots/latest.csv\n";

} // namespace

CliResult parseCommandLine(const QStringList &arguments)
{
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
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({config, demo, headless, duration, exportCsv, stats, screenshot});

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
    if (o.demo && parser.isSet(config))
        return error(QStringLiteral("--demo and --config cannot be used together: choose one workspace"));
    if (parser.isSet(config) && o.configFile.isEmpty())
        return error(QStringLiteral("--config needs a file name"));
    if (parser.isSet(duration)) {
        bool ok = false;
        const double seconds = parser.value(duration).toDouble(&ok); // C locale: QString::toDouble ignores the user's locale
        if (!ok || !(seconds > 0) || seconds > 31'536'000)
            return error(QStringLiteral("--duration must be a positive number of seconds, got \"%1\"").arg(parser.value(duration)));
        o.durationSeconds = seconds;
    }
    if (o.headless && !o.screenshot.isEmpty())
        return error(QStringLiteral("--screenshot needs a window: it cannot be used with --headless"));
    if (parser.isSet(exportCsv) && o.exportCsv.isEmpty())
        return error(QStringLiteral("--export-csv needs a file name (or - for stdout)"));
    if (parser.isSet(stats) && o.statsFile.isEmpty())
        return error(QStringLiteral("--stats needs a file name"));
    if (o.statsFile == QLatin1String("-") && o.exportCsv == QLatin1String("-"))
        return error(QStringLiteral("--export-csv and --stats cannot both write to stdout"));
    return result;
}

} // namespace feeddeck::app
