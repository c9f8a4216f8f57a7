#include "app/chart/ChartMemory.h"

#include "app/chart/ChartController.h"
#include "app/settings/UiSettings.h"

#include <QMetaEnum>
#include <QObject>
#include <QVariantMap>

namespace feeddeck::app::chart {

namespace {

QVariantList seriesOf(ChartController &charts)
{
    QVariantList list;
    const ChartSeriesModel &model = *charts.series();
    for (int row = 0; row < model.count(); ++row) {
        const store::SeriesKey &key = model.at(row).key;
        list.append(QVariantMap{{QStringLiteral("feed"), key.feedId},
                                {QStringLiteral("symbol"), key.symbol},
                                {QStringLiteral("field"), key.field}});
    }
    return list;
}

} // namespace

void rememberCharts(ChartController &charts, settings::UiSettings &settings)
{
    const int window = settings.chartWindow();
    if (QMetaEnum::fromType<ChartController::Window>().valueToKey(window))
        charts.setWindow(ChartController::Window(window));
    for (const QVariant &entry : settings.chartSeries()) {
        const QVariantMap map = entry.toMap();
        charts.addSeries(map.value(QStringLiteral("feed")).toString(), map.value(QStringLiteral("symbol")).toString(),
                         map.value(QStringLiteral("field"), QStringLiteral("price")).toString());
    }

    QObject::connect(&charts, &ChartController::windowChanged, &settings,
                     [&charts, &settings] { settings.setChartWindow(int(charts.window())); });
    QObject::connect(&charts, &ChartController::seriesCountChanged, &settings,
                     [&charts, &settings] { settings.setChartSeries(seriesOf(charts)); });
}

} // namespace feeddeck::app::chart
