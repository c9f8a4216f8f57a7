#include "Harness.h"
#include "app/editor/WorkspaceSource.h"

#include "core/codec/CodecRegistry.h"
#include "core/sim/LocalSimulator.h"
#include "core/workspace/WorkspaceFile.h"
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QFile>

namespace feeddeck::testing {

Harness::Harness(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<app::settings::UiSettings>())
{
    // The window's alert log goes to this run's folder, and no notification reaches the
    // desktop of whoever runs the tests: there is no session bus at this address.
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + m_dir.filePath(QStringLiteral("no-bus")).toLocal8Bit());
}

Harness::~Harness()
{
    stop();
}

void Harness::start(const QStringList &symbols, int staleAfterMs)
{
    startWorkspace(symbols, staleAfterMs, {});
}

void Harness::startWithAlert(const QStringList &symbols, const QString &ruleId, const QString &symbol, double level)
{
    alert::AlertRule rule;
    rule.id = ruleId;
    rule.feed = QStringLiteral("crypto");
    rule.symbol = symbol;
    rule.when = alert::When::Above;
    rule.value = level;
    rule.severity = alert::Severity::Critical;
    rule.note = QStringLiteral("Check the position.");
    startWorkspace(symbols, 10000, {rule});
}

void Harness::startWorkspace(const QStringList &symbols, int staleAfterMs, const QList<alert::AlertRule> &alerts)
{
    stop();
    m_server = std::make_unique<TestFeedServer>();
    m_server->listen();
    QFile::remove(workspacePath());

    workspace::FeedConfig config;
    config.id = QStringLiteral("crypto");
    config.name = QStringLiteral("Crypto");
    config.protocol = QStringLiteral("coinbase");
    config.url = m_server->url();
    config.symbols = symbols;
    config.staleAfterMs = staleAfterMs;
    config.reconnect = {.initialMs = 100, .maxMs = 500};
    workspace::Workspace ws;
    ws.feeds = {config};
    ws.alerts = alerts;
    // As if it had been saved before: every test starts from a file on disk.
    if (!workspace::saveWorkspaceFile(workspacePath(), ws).ok)
        qWarning("the test workspace could not be written to %s", qPrintable(workspacePath()));
    startEngine(ws);
}

void Harness::startEngine(const workspace::Workspace &ws)
{
    // As the window does: the demo's sim:// feeds on the built-in simulator, and one display
    // clock taking the engine's batches to the models and the chart.
    feed::FeedWorker::Options engine;
    engine.urlResolver = sim::urlResolver;
    m_manager = std::make_unique<feed::FeedManager>(app::display::DisplayClock::engineOptions(engine));
    m_window = std::make_unique<app::shell::WindowParts>(*m_manager, *m_settings);
    m_window->setup().document()->open(ws, workspacePath(), false);
    connect(&m_window->charts(), &app::chart::ChartBoard::currentChanged, this, &Harness::chartsChanged);
    emit modelsChanged();
    emit chartsChanged();
}

QString Harness::restartFromSavedWorkspace()
{
    const workspace::LoadResult loaded = workspace::loadWorkspaceFile(workspacePath(), codec::knownProtocols());
    if (!loaded.workspace)
        return workspace::formatProblems(loaded.problems);
    m_window.reset();
    if (m_manager)
        m_manager->shutdown();
    m_manager.reset();
    startEngine(*loaded.workspace);
    return {};
}

QString Harness::serverUrl() const
{
    return m_server ? m_server->url().toString() : QString();
}

QString Harness::workspacePath() const
{
    return m_dir.filePath(QStringLiteral("workspace.json"));
}

QStringList Harness::symbolsOfRequests(const QString &type) const
{
    QStringList symbols;
    if (m_server)
        for (const QJsonObject &message : m_server->receivedOfType(type))
            symbols.append(TestFeedServer::productIds(message));
    return symbols;
}

QStringList Harness::subscribedSymbols() const
{
    return symbolsOfRequests(QStringLiteral("subscribe"));
}

QStringList Harness::unsubscribedSymbols() const
{
    return symbolsOfRequests(QStringLiteral("unsubscribe"));
}

int Harness::connectionCount() const
{
    return m_server ? m_server->connectionCount() : 0;
}

void Harness::refuseSymbols(const QStringList &symbols)
{
    if (m_server)
        m_server->invalidProducts = symbols;
}

bool Harness::openWorkspaceFile(const QString &path)
{
    // What the window does at start with --config FILE: the real loader, and on failure its
    // problems on the load-problem screen (app/shell/main.cpp).
    if (!m_window)
        return false;
    const app::editor::WorkspaceChoice choice = app::editor::chooseWorkspace(false, path);
    m_window->open(choice);
    return choice.chosen.has_value();
}

bool Harness::fileExists(const QString &path) const
{
    return QFile::exists(path);
}

QString Harness::fileHead(const QString &path, int bytes) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.read(bytes).toHex()) : QString();
}

void Harness::sendTickers(const QString &symbol, int count)
{
    if (!m_server)
        return;
    for (int i = 1; i <= count; ++i)
        m_server->sendTicker(symbol, 100.0 + (i % 1000) * 0.01, i);
}

QString Harness::readFile(const QString &path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool Harness::writeFile(const QString &path, const QString &text) const
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) >= 0;
}

void Harness::sendTicker(const QString &symbol, double price)
{
    if (m_server)
        m_server->sendTicker(symbol, price);
}

void Harness::stop()
{
    m_window.reset();
    if (m_manager)
        m_manager->shutdown();
    m_manager.reset();
    m_server.reset();
    m_secureServer.reset();
}

void Harness::stopServer()
{
    if (!m_server)
        return;
    m_server->stopListening();
    m_server->abortClients();
}

bool Harness::loadsBackAsTheOpenWorkspace(const QString &path) const
{
    const workspace::LoadResult loaded = workspace::loadWorkspaceFile(path, codec::knownProtocols());
    if (!loaded.workspace || !m_window) {
        qWarning().noquote() << "not loaded:" << workspace::formatProblems(loaded.problems);
        return false;
    }
    const QByteArray fromFile = workspace::toJsonBytes(*loaded.workspace);
    const QByteArray inWindow = workspace::toJsonBytes(m_window->setup().document()->workspace());
    if (fromFile != inWindow)
        qWarning().noquote() << "differs:\n" << fromFile << "\n---\n" << inWindow;
    return fromFile == inWindow;
}

void Harness::openDemoAsAtFirstStart()
{
    // No workspace saved yet: the demo runs, and the first change is saved as the user's workspace.
    QFile::remove(workspacePath());
    if (m_window)
        m_window->setup().document()->open(app::editor::demoWorkspace(), workspacePath(), true, {}, true);
}

QString Harness::startSecureServer()
{
    if (!m_certificates) {
        auto certificates = std::make_unique<TestCertificates>();
        QString error;
        if (!certificates->make(&error)) {
            qWarning().noquote() << error;
            return {};
        }
        m_certificates = std::move(certificates);
    }
    m_secureServer = std::make_unique<TestFeedServer>(m_certificates->serverTls());
    if (!m_secureServer->listen())
        return {};
    return m_secureServer->url().toString();
}

QString Harness::testCaFile() const
{
    return m_certificates ? m_certificates->caFile() : QString();
}

void Harness::sendSecureTicker(const QString &symbol, double price)
{
    if (m_secureServer)
        m_secureServer->sendTicker(symbol, price);
}

} // namespace feeddeck::testing
