#pragma once

namespace feeddeck::app::settings {
class UiSettings;
}

namespace feeddeck::app::chart {

class ChartBoard;

// Brings the chart panels back as the user left them (their rows, each one's series and time
// window) and keeps the settings in step with every later change. Settings from before panels
// existed (one chart's series and window) become the first panel. Series whose feed is gone are
// still restored: they fill in if the feed returns and can be removed from the legend.
void rememberCharts(ChartBoard &board, settings::UiSettings &settings);

} // namespace feeddeck::app::chart
