#include "Harness.h"

namespace feeddeck::testing {

Harness::Harness(QObject *parent)
    : QObject(parent)
    , m_quotes(std::make_unique<app::QuoteTableModel>())
    , m_feeds(std::make_unique<app::FeedStatusModel>())
    , m_inventory(std::make_unique<app::InventoryModel>())
    , m_problems(std::make_unique<app::ProblemListModel>())
    , m_settings(std::make_unique<app::UiSettings>())
{
}

Harness::~Harness()
{
    stop();
}

void Harness::start(const QStringList &symbols, int staleAfterMs)
{
    stop();
    m_quotes = std::make_unique<app::QuoteTableModel>();
    m_feeds = std::make_unique<app::FeedStatusModel>();
    m_inventory = std::make_unique<app::InventoryModel>();
    m_problems = std::make_unique<app::ProblemListModel>();
    m_server = std::make_unique<TestFeedServer>();
    m_server->listen();
    m_manager = std::make_unique<feed::FeedManager>();
    m_charts = std::make_unique<app::ChartController>(*m_manager);
    connect(m_manager.get(), &feed::FeedManager::batchReady, m_quotes.get(), &app::QuoteTableModel::applyBatch);
    connect(m_manager.get(), &feed::FeedManager::batchReady, m_feeds.get(), &app::FeedStatusModel::applyBatch);
    connect(m_manager.get(), &feed::FeedManager::batchReady, m_problems.get(), &app::ProblemListModel::applyBatch);
    connect(m_manager.get(), &feed::FeedManager::batchReady, m_inventory.get(), &app::InventoryModel::applyBatch);

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
    m_manager->start(ws);
    emit modelsChanged();
}

void Harness::sendTicker(const QString &symbol, double price)
{
    if (m_server)
        m_server->sendTicker(symbol, price);
}

void Harness::stop()
{
    m_charts.reset();
    if (m_manager)
        m_manager->shutdown();
    m_manager.reset();
    m_server.reset();
}

} // namespace feeddeck::testing
