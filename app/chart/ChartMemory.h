#pragma once

namespace feeddeck::app::settings {
class UiSettings;
}

namespace feeddeck::app::chart {

class ChartController;

// Brings the chart back as the user left it (its series and time window) and keeps the
// settings in step with every later change. Series whose feed is gone are still restored:
// they fill in if the feed returns and can be removed from the legend like any other.
void rememberCharts(ChartController &charts, settings::UiSettings &settings);

} // namespace feeddeck::app::chart
