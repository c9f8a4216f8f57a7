#pragma once

#include "app/alerts/AlertCenter.h"
#include "app/alerts/AlertRules.h"
#include "app/chart/ChartBoard.h"
#include "app/chart/DerivedSeriesDraft.h"
#include "app/display/DisplayClock.h"
#include "app/editor/FeedSetup.h"
#include "app/editor/WorkspaceSource.h"
#include "app/export/CsvExporter.h"
#include "app/health/FeedStatusModel.h"
#include "app/health/ProblemListModel.h"
#include "app/tables/InventoryModel.h"
#include "app/tables/QuoteTableModel.h"
#include "app/tables/SparklineSource.h"

#include <QVariantMap>

namespace feeddeck::feed {
class FeedManager;
}

namespace feeddeck::app::settings {
class UiSettings;
}

namespace feeddeck::app::shell {

// What one dashboard window shows, on one engine: the models, the display clock that applies
// the engine's batches to them, the charts, the feed setup and the exporter, wired to each
// other as the window needs. The application's window and the Qt Quick tests build the same.
class WindowParts
{
public:
    WindowParts(feed::FeedManager &feeds, settings::UiSettings &settings);
    WindowParts(const WindowParts &) = delete;
    WindowParts &operator=(const WindowParts &) = delete;

    [[nodiscard]] tables::QuoteTableModel &quotes() { return m_quotes; }
    [[nodiscard]] tables::InventoryModel &inventory() { return m_inventory; }
    [[nodiscard]] health::FeedStatusModel &feedStatus() { return m_feedStatus; }
    [[nodiscard]] health::ProblemListModel &problems() { return m_problems; }
    [[nodiscard]] display::DisplayClock &clock() { return m_clock; }
    [[nodiscard]] chart::ChartBoard &charts() { return m_charts; }
    [[nodiscard]] tables::SparklineSource &sparklines() { return m_sparklines; }
    [[nodiscard]] editor::FeedSetup &setup() { return m_setup; }
    [[nodiscard]] exporting::CsvExporter &exporter() { return m_exporter; }
    [[nodiscard]] alerts::AlertCenter &alerts() { return m_alerts; }
    [[nodiscard]] chart::DerivedSeriesDraft &derivedSeries() { return m_derivedSeries; }
    [[nodiscard]] alerts::AlertRules &alertRules() { return m_alertRules; }

    // Main.qml's required properties.
    [[nodiscard]] QVariantMap mainWindowProperties();

    // Opens what startup chose: its workspace (saved where it came from), or, when it failed
    // to load, the screen that says why and offers the demo (the broken file is left as it is).
    void open(const editor::WorkspaceChoice &choice);

private:
    settings::UiSettings &m_settings;
    // The clock holds the models and the charts hold the clock: declared in that order, so
    // each is destroyed before what it uses.
    tables::QuoteTableModel m_quotes;
    tables::InventoryModel m_inventory;
    health::FeedStatusModel m_feedStatus;
    health::ProblemListModel m_problems;
    alerts::AlertCenter m_alerts; // the log in the user's data folder (AlertCenter::defaultLogPath)
    display::DisplayClock m_clock;
    chart::ChartBoard m_charts;
    tables::SparklineSource m_sparklines; // the quotes' trend column: uses the clock and m_quotes
    editor::FeedSetup m_setup;
    chart::DerivedSeriesDraft m_derivedSeries; // adds to m_setup's workspace and charts in m_charts
    alerts::AlertRules m_alertRules; // edits the workspace of m_setup's document
    exporting::CsvExporter m_exporter;
};

} // namespace feeddeck::app::shell
