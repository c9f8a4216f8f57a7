#pragma once

#include "../../integration/support/TestFeedServer.h"

#include "app/ChartController.h"
#include "app/FeedStatusModel.h"
#include "app/InventoryModel.h"
#include "app/ProblemListModel.h"
#include "app/QuoteTableModel.h"
#include "app/UiSettings.h"
#include "core/feed/FeedManager.h"

#include <QObject>

#include <memory>

namespace feeddeck::testing {

// What the Qt Quick tests drive the dashboard with: the real engine and models, fed by
// an in-process server on 127.0.0.1 that the tests tell what to send.
class Harness : public QObject
{
    Q_OBJECT
    Q_PROPERTY(feeddeck::app::QuoteTableModel *quotes READ quotes NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::FeedStatusModel *feeds READ feeds NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::InventoryModel *inventory READ inventory NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::ProblemListModel *problems READ problems NOTIFY modelsChanged)
    Q_PROPERTY(feeddeck::app::UiSettings *settings READ settings CONSTANT)
    Q_PROPERTY(feeddeck::app::ChartController *charts READ charts NOTIFY modelsChanged)

public:
    explicit Harness(QObject *parent = nullptr);
    ~Harness() override;

    [[nodiscard]] app::QuoteTableModel *quotes() { return m_quotes.get(); }
    [[nodiscard]] app::FeedStatusModel *feeds() { return m_feeds.get(); }
    [[nodiscard]] app::InventoryModel *inventory() { return m_inventory.get(); }
    [[nodiscard]] app::ProblemListModel *problems() { return m_problems.get(); }
    [[nodiscard]] app::UiSettings *settings() { return m_settings.get(); }
    [[nodiscard]] app::ChartController *charts() { return m_charts.get(); }

    // A fresh engine, fresh models (nothing left from an earlier test) and a server: one feed "crypto" ("Crypto") with these symbols.
    Q_INVOKABLE void start(const QStringList &symbols, int staleAfterMs = 10000);
    Q_INVOKABLE void sendTicker(const QString &symbol, double price);
    Q_INVOKABLE void stop();

signals:
    void modelsChanged();

private:
    std::unique_ptr<TestFeedServer> m_server;
    std::unique_ptr<feed::FeedManager> m_manager;
    std::unique_ptr<app::ChartController> m_charts; // uses m_manager: declared after it, destroyed before it
    std::unique_ptr<app::QuoteTableModel> m_quotes;
    std::unique_ptr<app::FeedStatusModel> m_feeds;
    std::unique_ptr<app::InventoryModel> m_inventory;
    std::unique_ptr<app::ProblemListModel> m_problems;
    std::unique_ptr<app::UiSettings> m_settings;
};

} // namespace feeddeck::testing
