// FeedDeck: the composition root. Parses the command line, chooses the workspace,
// and wires the feed engine to either the window or the headless run.
#include "app/ChartController.h"
#include "app/ChartMemory.h"
#include "app/CommandLine.h"
#include "app/CsvExporter.h"
#include "app/FeedSetup.h"
#include "app/FeedStatusModel.h"
#include "app/FrameMonitor.h"
#include "app/InventoryModel.h"
#include "app/ProblemListModel.h"
#include "app/QuoteTableModel.h"
#include "app/RelayRun.h"
#include "app/RunSession.h"
#include "app/TerminationWatcher.h"
#include "app/UiSettings.h"
#include "app/WorkspaceSource.h"
#include "core/Version.h"
#include "core/feed/FeedManager.h"
#include "core/sim/LocalSimulator.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSaveFile>
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

// The feed engine of every run: sim:// feeds run on the simulator built into this process.
feed::FeedWorker::Options engineOptions()
{
    feed::FeedWorker::Options options;
    options.urlResolver = sim::urlResolver;
    return options;
}

int runHeadless(const app::CliOptions &options, const app::ChosenWorkspace &chosen)
{
    feed::FeedManager feeds(engineOptions());
    app::RunSession session(options, feeds);
    app::TerminationWatcher termination;
    QObject::connect(&termination, &app::TerminationWatcher::terminationRequested, &session, &app::RunSession::finish);
    feeds.start(chosen.workspace);
    session.start();
    return QCoreApplication::exec();
}

// The window on `choice`: its workspace, or, when that failed to load, a screen that says
// why and offers the demo (the broken file is left as it is).
int runWindow(const app::CliOptions &options, const app::WorkspaceChoice &choice)
{
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    feed::FeedManager feeds(engineOptions());
    app::QuoteTableModel quotes;
    app::FeedStatusModel feedStatus;
    app::ProblemListModel problems;
    app::InventoryModel inventory;
    app::UiSettings settings;
    app::ChartController charts(feeds);
    app::rememberCharts(charts, settings);
    app::FeedSetup setup(feeds, feedStatus);
    app::CsvExporter exporter(feeds, charts, feedStatus, settings);
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &quotes, &app::QuoteTableModel::applyBatch);
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &feedStatus, &app::FeedStatusModel::applyBatch);
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &problems, &app::ProblemListModel::applyBatch);
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &inventory, &app::InventoryModel::applyBatch);
    // The Problems list keeps as many lines as the workspace's "max_problems".
    QObject::connect(setup.document(), &app::WorkspaceDocument::changed, &problems,
                     [&problems, &setup] { problems.setMaxProblems(setup.document()->workspace().maxProblems); });

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("quotes"), QVariant::fromValue(&quotes)},
                                 {QStringLiteral("inventory"), QVariant::fromValue(&inventory)},
                                 {QStringLiteral("feeds"), QVariant::fromValue(&feedStatus)},
                                 {QStringLiteral("problems"), QVariant::fromValue(&problems)},
                                 {QStringLiteral("settings"), QVariant::fromValue(&settings)},
                                 {QStringLiteral("charts"), QVariant::fromValue(&charts)},
                                 {QStringLiteral("setup"), QVariant::fromValue(&setup)},
                                 {QStringLiteral("exporter"), QVariant::fromValue(&exporter)}});
    engine.load(QUrl(QStringLiteral("qrc:/FeedDeck/Main.qml")));
    auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window) {
        std::fprintf(stderr, "feeddeck: the user interface failed to load (see the messages above)\n");
        return 1;
    }

    app::RunSession session(options, feeds);
    app::FrameMonitor frames(window);
    // Connected after the models: by the time this runs, the batch's rows are in them.
    QObject::connect(&feeds, &feed::FeedManager::batchReady, &frames, [&frames](const feed::EngineBatchPtr &batch) {
        if (!batch->rows.isEmpty())
            frames.noteValuesApplied();
    });
    app::TerminationWatcher termination;
    session.setUiStatsProvider([&frames] { return frames.stats(); });
    if (!options.screenshot.isEmpty())
        session.setBeforeExit([window, path = options.screenshot](QString *error) { return saveScreenshot(window, path, error); });

    // Closing the window ends the run the same way as --duration, so exports are still written.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(qApp, &QGuiApplication::lastWindowClosed, &session, &app::RunSession::finish);
    QObject::connect(&termination, &app::TerminationWatcher::terminationRequested, &session, &app::RunSession::finish);

    if (choice.chosen) {
        const app::SaveTarget target = app::saveTargetFor(*choice.chosen);
        setup.document()->open(choice.chosen->workspace, target.path, target.createFolder, target.notSavedReason,
                               choice.chosen->isDemo);
    } else {
        setup.document()->showLoadProblems(choice.failedPath, choice.problems.join(u'\n'));
    }
    session.start();
    const int code = QCoreApplication::exec();
    // Closed without opening the demo: the run is still one on an invalid workspace.
    return setup.document()->loadProblems().isEmpty() ? code : kExitUsage;
}

// Runs that exist to export (scripts, cron) report a bad workspace and exit; a window
// shows what is wrong and offers the demo instead.
bool showsLoadProblemsInWindow(const app::CliOptions &options)
{
    return !options.headless && options.exportCsv.isEmpty() && options.statsFile.isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    const app::CliResult cli = app::parseCommandLine(argumentList(argc, argv));
    switch (cli.action) {
    case app::CliResult::Action::ShowHelp:
    case app::CliResult::Action::ShowVersion:
        std::fprintf(stdout, "%s\n", qPrintable(cli.text));
        return 0;
    case app::CliResult::Action::Error:
        std::fprintf(stderr, "feeddeck: %s\n", qPrintable(cli.text));
        return kExitUsage;
    case app::CliResult::Action::Run:
        break;
    }

    QCoreApplication::setApplicationName(QStringLiteral("feeddeck"));
    QCoreApplication::setOrganizationName(QStringLiteral("FeedDeck"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    std::unique_ptr<QCoreApplication> application;
    if (cli.options.headless)
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv); // QtCharts needs a QApplication
    // Lets the desktop (Wayland in particular) match the window to the installed entry and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.feeddeck.FeedDeck"));
    // Exports never depend on it, but when a user reports odd numbers this says what the process
    // ran under: Qt's view and the C library's (set by QCoreApplication from the environment).
    qCDebug(lcApp).noquote() << QStringLiteral("locale: Qt %1 decimal point '%2', C library %3 decimal point '%4'")
                                    .arg(QLocale::system().name(), QLocale::system().decimalPoint(),
                                         QString::fromLocal8Bit(std::setlocale(LC_NUMERIC, nullptr)),
                                         QString::fromLocal8Bit(std::localeconv()->decimal_point));

    const app::WorkspaceChoice choice = app::chooseWorkspace(cli.options);
    if (!choice.chosen) {
        for (const QString &line : choice.problems)
            std::fprintf(stderr, "feeddeck: %s\n", qPrintable(line));
        std::fprintf(stderr, "feeddeck: the workspace was not changed; fix it or start with --demo\n");
        if (!showsLoadProblemsInWindow(cli.options))
            return kExitUsage;
    }
    if (cli.options.relay)
        return app::runRelay(cli.options, *choice.chosen);
    return cli.options.headless ? runHeadless(cli.options, *choice.chosen) : runWindow(cli.options, choice);
}
