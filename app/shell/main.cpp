// FeedDeck: the composition root. Parses the command line, chooses the workspace,
// and wires the feed engine to either the window or the headless run.
#include "app/chart/ChartMemory.h"
#include "app/display/DisplayClock.h"
#include "app/editor/WorkspaceDocument.h"
#include "app/editor/WorkspaceSource.h"
#include "app/settings/SettingsLocation.h"
#include "app/settings/UiSettings.h"
#include "app/shell/AlertLog.h"
#include "app/shell/CommandLine.h"
#include "app/shell/FrameMonitor.h"
#include "app/shell/RelayRun.h"
#include "app/shell/RunSession.h"
#include "app/shell/TerminationWatcher.h"
#include "app/shell/WindowParts.h"
#include "core/Version.h"
#include "core/feed/FeedManager.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>

#include <clocale>
#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(FeedDeckPlugin)
Q_LOGGING_CATEGORY(lcApp, "feeddeck.app", QtInfoMsg)

using namespace feeddeck;

namespace {

constexpr int kExitUsage = 2;

QStringList argumentList(int argc, char **argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list.append(QString::fromLocal8Bit(argv[i]));
    return list;
}

bool saveScreenshot(QQuickWindow *window, const QString &path, QString *error)
{
    const QImage image = window->grabWindow();
    if (image.isNull()) {
        *error = QStringLiteral("the window could not be captured");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        *error = QStringLiteral("cannot write \"%1\": %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int runHeadless(const app::shell::CliOptions &options, const app::editor::ChosenWorkspace &chosen)
{
    // Opened before anything starts: a path that cannot be written is bad usage, said at once.
    app::shell::AlertLog alerts;
    if (!options.alertsJsonl.isEmpty()) {
        QString error;
        if (!alerts.open(options.alertsJsonl, &error)) {
            std::fprintf(stderr, "feeddeck: %s\n", qPrintable(error));
            return kExitUsage;
        }
    }
    feed::FeedManager feeds(app::shell::engineOptions());
    app::shell::RunSession session(options, feeds);
    app::shell::TerminationWatcher termination;
    QObject::connect(&termination, &app::shell::TerminationWatcher::terminationRequested, &session, &app::shell::RunSession::finish);
    if (!options.alertsJsonl.isEmpty()) {
        alerts.setFailureSink([&session](const QString &error) { session.reportFailure(QStringLiteral("--alerts-jsonl"), error); });
        QObject::connect(&feeds, &feed::FeedManager::batchReady, &session,
                         [&alerts](const feed::EngineBatchPtr &batch) { alerts.write(batch->alerts, batch->alertsDropped); });
        // What fired since the last batch is written before the run ends.
        session.setBeforeOutputs([&feeds, &alerts](std::function<void()> ready) {
            feeds.requestBatch([&alerts, ready](const feed::EngineBatchPtr &batch) {
                if (batch)
                    alerts.write(batch->alerts, batch->alertsDropped);
                ready();
            });
        });
    }
    feeds.start(chosen.workspace);
    session.start();
    return QCoreApplication::exec();
}

// The window on `choice`: its workspace, or, when that failed to load, a screen that says
// why and offers the demo (the broken file is left as it is).
int runWindow(const app::shell::CliOptions &options, const app::editor::WorkspaceChoice &choice)
{
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    feed::FeedManager feeds(app::display::DisplayClock::engineOptions(app::shell::engineOptions()));
    app::settings::UiSettings settings;
    app::shell::WindowParts parts(feeds, settings);
    app::chart::rememberCharts(parts.charts(), settings);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties(parts.mainWindowProperties());
    engine.load(QUrl(QStringLiteral("qrc:/FeedDeck/Main.qml")));
    auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window) {
        std::fprintf(stderr, "feeddeck: the user interface failed to load (see the messages above)\n");
        return 1;
    }

    app::shell::RunSession session(options, feeds);
    app::shell::FrameMonitor frames(window);
    // Once the models have the batch's rows.
    QObject::connect(&parts.clock(), &app::display::DisplayClock::batchApplied, &frames, [&frames](const feed::EngineBatchPtr &batch) {
        if (!batch->rows.isEmpty())
            frames.noteValuesApplied();
    });
    app::shell::TerminationWatcher termination;
    session.setUiStatsProvider([&frames] { return frames.stats(); });
    if (!options.screenshot.isEmpty())
        session.setBeforeExit([window, path = options.screenshot](QString *error) { return saveScreenshot(window, path, error); });

    // Closing the window ends the run the same way as --duration, so exports are still written.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(qApp, &QGuiApplication::lastWindowClosed, &session, &app::shell::RunSession::finish);
    QObject::connect(&termination, &app::shell::TerminationWatcher::terminationRequested, &session, &app::shell::RunSession::finish);

    parts.open(choice);
    session.start();
    const int code = QCoreApplication::exec();
    // Closed without opening the demo: the run is still one on an invalid workspace.
    return parts.setup().document()->loadProblems().isEmpty() ? code : kExitUsage;
}

// Runs that exist to export (scripts, cron) report a bad workspace and exit; a window
// shows what is wrong and offers the demo instead.
bool showsLoadProblemsInWindow(const app::shell::CliOptions &options)
{
    return !options.headless && options.exportCsv.isEmpty() && options.statsFile.isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    const app::shell::CliResult cli = app::shell::parseCommandLine(argumentList(argc, argv));
    switch (cli.action) {
    case app::shell::CliResult::Action::ShowHelp:
    case app::shell::CliResult::Action::ShowVersion:
        std::fprintf(stdout, "%s\n", qPrintable(cli.text));
        return 0;
    case app::shell::CliResult::Action::Error:
        std::fprintf(stderr, "feeddeck: %s\n", qPrintable(cli.text));
        return kExitUsage;
    case app::shell::CliResult::Action::Run:
        break;
    }

    QCoreApplication::setApplicationName(app::settings::applicationName());
    QCoreApplication::setOrganizationName(app::settings::organizationName());
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    std::unique_ptr<QCoreApplication> application;
    if (cli.options.headless)
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv); // QtCharts needs a QApplication
    if (const QString moved = app::settings::moveEarlierSettings(
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation));
        !moved.isEmpty())
        qCInfo(lcApp).noquote() << moved;
    // Lets the desktop (Wayland in particular) match the window to the installed entry and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.feeddeck.FeedDeck"));
    // Exports never depend on it, but when a user reports odd numbers this says what the process
    // ran under: Qt's view and the C library's (set by QCoreApplication from the environment).
    qCDebug(lcApp).noquote() << QStringLiteral("locale: Qt %1 decimal point '%2', C library %3 decimal point '%4'")
                                    .arg(QLocale::system().name(), QLocale::system().decimalPoint(),
                                         QString::fromLocal8Bit(std::setlocale(LC_NUMERIC, nullptr)),
                                         QString::fromLocal8Bit(std::localeconv()->decimal_point));

    const app::editor::WorkspaceChoice choice = app::editor::chooseWorkspace(cli.options.demo, cli.options.configFile);
    if (!choice.chosen) {
        for (const QString &line : choice.problems)
            std::fprintf(stderr, "feeddeck: %s\n", qPrintable(line));
        std::fprintf(stderr, "feeddeck: the workspace was not changed; fix it or start with --demo\n");
        if (!showsLoadProblemsInWindow(cli.options))
            return kExitUsage;
    }
    if (cli.options.relay)
        return app::shell::runRelay(cli.options, *choice.chosen);
    return cli.options.headless ? runHeadless(cli.options, *choice.chosen) : runWindow(cli.options, choice);
}
