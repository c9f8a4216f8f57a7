#pragma once

#include "../../integration/support/TestCertificates.h"
#include "../../integration/support/TestFeedServer.h"

#include "app/settings/UiSettings.h"
#include "app/shell/WindowParts.h"
#include "core/feed/FeedManager.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace feeddeck::testing {

// What the Qt Quick tests drive the dashboard with: the real engine and models, fed by
// an in-process server on 127.0.0.1 that the tests tell what to send.
class Harness : public QObject
{
    Q_OBJECT
    Q_PROPERTY(feeddeck::app::tables::QuoteTableModel *quotes READ quotes NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::health::FeedStatusModel *feeds READ feeds NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::tables::InventoryModel *inventory READ inventory NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::health::ProblemListModel *problems READ problems NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::settings::UiSettings *settings READ settings CONSTANT)
    // The chart panels, and the current one.
    Q_PROPERTY(feeddeck::app::chart::ChartBoard *board READ board NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::chart::ChartController *charts READ charts NOTIFY chartsChanged)
    Q_PROPERTY(feeddeck::app::chart::DerivedSeriesDraft *derivedSeries READ derivedSeries NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::tables::SparklineSource *sparklines READ sparklines NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::editor::FeedSetup *setup READ setup NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::exporting::CsvExporter *exporter READ exporter NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::alerts::AlertCenter *alerts READ alerts NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::alerts::AlertRules *alertRules READ alertRules NOTIFY modelsChanged)
    Q_PROPERTY(QString tempPath READ tempPath CONSTANT)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY modelsChanged)
    Q_PROPERTY(QString workspacePath READ workspacePath CONSTANT)

public:
    explicit Harness(QObject *parent = nullptr);
    ~Harness() override;

    // What the window shows; null before start() and after stop().
    [[nodiscard]] app::tables::QuoteTableModel *quotes() { return m_window ? &m_window->quotes() : nullptr; }
    [[nodiscard]] app::health::FeedStatusModel *feeds() { return m_window ? &m_window->feedStatus() : nullptr; }
    [[nodiscard]] app::tables::InventoryModel *inventory() { return m_window ? &m_window->inventory() : nullptr; }
    [[nodiscard]] app::health::ProblemListModel *problems() { return m_window ? &m_window->problems() : nullptr; }
    [[nodiscard]] app::settings::UiSettings *settings() { return m_settings.get(); }
    [[nodiscard]] app::chart::ChartBoard *board() { return m_window ? &m_window->charts() : nullptr; }
    [[nodiscard]] app::chart::ChartController *charts() { return m_window ? m_window->charts().current() : nullptr; }
    [[nodiscard]] app::chart::DerivedSeriesDraft *derivedSeries()
    {
        return m_window ? &m_window->derivedSeries() : nullptr;
    }
    [[nodiscard]] app::tables::SparklineSource *sparklines() { return m_window ? &m_window->sparklines() : nullptr; }
    [[nodiscard]] app::editor::FeedSetup *setup() { return m_window ? &m_window->setup() : nullptr; }
    [[nodiscard]] app::exporting::CsvExporter *exporter() { return m_window ? &m_window->exporter() : nullptr; }
    [[nodiscard]] app::alerts::AlertCenter *alerts() { return m_window ? &m_window->alerts() : nullptr; }
    [[nodiscard]] app::alerts::AlertRules *alertRules() { return m_window ? &m_window->alertRules() : nullptr; }
    // A temporary folder of this run for the tests' files.
    [[nodiscard]] QString tempPath() const { return m_dir.path(); }
    [[nodiscard]] QString serverUrl() const;
    // Where the test workspace is saved (a temporary folder of this run).
    [[nodiscard]] QString workspacePath() const;

    // A fresh engine, fresh models (nothing left from an earlier test) and a server: one feed "crypto" ("Crypto") with these symbols.
    Q_INVOKABLE void start(const QStringList &symbols, int staleAfterMs = 10000);
    // The same with one alert rule: `ruleId` fires when `symbol`'s price goes above `level`
    // (severity critical, with a note).
    Q_INVOKABLE void startWithAlert(const QStringList &symbols, const QString &ruleId, const QString &symbol,
                                    double level);
    Q_INVOKABLE void sendTicker(const QString &symbol, double price);
    // The server goes away: connections dropped, new ones refused (a dead port).
    Q_INVOKABLE void stopServer();
    Q_INVOKABLE void stop();
    // A restart: a fresh engine, models and editor on the workspace file as saved.
    // Returns the file's problems, or "" when it loaded.
    Q_INVOKABLE QString restartFromSavedWorkspace();
    // The symbols of every subscribe / unsubscribe request the server received, in order.
    Q_INVOKABLE QStringList subscribedSymbols() const;
    Q_INVOKABLE QStringList unsubscribedSymbols() const;
    Q_INVOKABLE int connectionCount() const;
    // Symbols the server refuses from now on ("X is not a valid product").
    Q_INVOKABLE void refuseSymbols(const QStringList &symbols);
    // As at a start whose workspace file failed to load with these problems.
    // Opens a workspace file through the window's own loader; false when it failed to load
    // (its problems are then shown as at start-up).
    Q_INVOKABLE bool openWorkspaceFile(const QString &path);
    Q_INVOKABLE bool fileExists(const QString &path) const;
    // The first `bytes` bytes of a file in hex ("efbbbf66").
    Q_INVOKABLE QString fileHead(const QString &path, int bytes) const;
    // Fills the chart history of "crypto" BTC-USD price with `points` points, one per ms.
    Q_INVOKABLE void sendTickers(const QString &symbol, int count);
    Q_INVOKABLE QString readFile(const QString &path) const;
    Q_INVOKABLE bool writeFile(const QString &path, const QString &text) const;
    // Whether the file loads (with the window's loader) into the workspace the window holds now.
    Q_INVOKABLE bool loadsBackAsTheOpenWorkspace(const QString &path) const;
    // The built-in demo as at a first start (nothing saved yet; changes go to workspacePath).
    Q_INVOKABLE void openDemoAsAtFirstStart();
    // A second server, wss:// with a certificate from a CA made for this run; returns its URL,
    // or "" when the certificates could not be made (the reason goes to the test log).
    Q_INVOKABLE QString startSecureServer();
    // The PEM file of that CA, for a feed's "ca_file".
    Q_INVOKABLE QString testCaFile() const;
    Q_INVOKABLE void sendSecureTicker(const QString &symbol, double price);

signals:
    void modelsChanged();
    void chartsChanged();

private:
    void startEngine(const workspace::Workspace &workspace);
    void startWorkspace(const QStringList &symbols, int staleAfterMs, const QList<alert::AlertRule> &alerts);
    [[nodiscard]] QStringList symbolsOfRequests(const QString &type) const;

    QTemporaryDir m_dir;
    std::unique_ptr<TestFeedServer> m_server;
    std::unique_ptr<TestCertificates> m_certificates; // made once, on first use
    std::unique_ptr<TestFeedServer> m_secureServer;
    std::unique_ptr<app::settings::UiSettings> m_settings;
    std::unique_ptr<feed::FeedManager> m_manager;
    std::unique_ptr<app::shell::WindowParts> m_window; // uses m_manager and m_settings: reset first
};

} // namespace feeddeck::testing
