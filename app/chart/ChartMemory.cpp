#include "app/chart/ChartMemory.h"

#include "app/chart/ChartBoard.h"
#include "app/chart/ChartController.h"
#include "app/settings/UiSettings.h"

#include <QMetaEnum>
#include <QObject>
#include <QVariantMap>

namespace feeddeck::app::chart {

namespace {

const QString kRowKey = QStringLiteral("row");
const QString kWindowKey = QStringLiteral("window");
const QString kSeriesKey = QStringLiteral("series");

QVariantList seriesOf(ChartController &panel)
{
    QVariantList list;
    const ChartSeriesModel &model = *panel.series();
    for (int row = 0; row < model.count(); ++row) {
        const store::SeriesKey &key = model.at(row).key;
        list.append(QVariantMap{{QStringLiteral("feed"), key.feedId},
                                {QStringLiteral("symbol"), key.symbol},
                                {QStringLiteral("field"), key.field}});
    }
    return list;
}

void restorePanel(ChartController &panel, const QVariant &window, const QVariantList &series)
{
    bool isNumber = false;
    const int value = window.toInt(&isNumber);
    if (isNumber && QMetaEnum::fromType<ChartController::Window>().valueToKey(value))
        panel.setWindow(ChartController::Window(value));
    for (const QVariant &entry : series) {
        const QVariantMap map = entry.toMap();
        panel.addSeries(map.value(QStringLiteral("feed")).toString(), map.value(QStringLiteral("symbol")).toString(),
                        map.value(QStringLiteral("field"), QStringLiteral("price")).toString());
    }
}

QVariantList panelsOf(const ChartBoard &board)
{
    QVariantList panels;
    const QList<ChartController *> all = board.panels();
    const QList<int> rows = board.rowOfPanels();
    for (qsizetype i = 0; i < all.size(); ++i)
        panels.append(QVariantMap{{kRowKey, rows.at(i)},
                                  {kWindowKey, int(all.at(i)->window())},
                                  {kSeriesKey, seriesOf(*all.at(i))}});
    return panels;
}

} // namespace

void rememberCharts(ChartBoard &board, settings::UiSettings &settings)
{
    const QVariantList saved = settings.chartPanels();
    if (!saved.isEmpty()) {
        QList<int> rows;
        for (const QVariant &panel : saved)
            rows.append(panel.toMap().value(kRowKey).toInt());
        board.rebuild(rows);
        const QList<ChartController *> panels = board.panels();
        // A layout the board refused (rows out of order) comes back as one panel with the first's series.
        for (qsizetype i = 0; i < panels.size() && i < saved.size(); ++i) {
            const QVariantMap panel = saved.at(i).toMap();
            restorePanel(*panels.at(i), panel.value(kWindowKey), panel.value(kSeriesKey).toList());
        }
    } else {
        restorePanel(*board.panels().constFirst(), settings.chartWindow(), settings.chartSeries());
    }

    const auto save = [&board, &settings] { settings.setChartPanels(panelsOf(board)); };
    const auto watch = [&board, save](ChartController *panel) {
        QObject::connect(panel, &ChartController::windowChanged, &board, save);
        QObject::connect(panel, &ChartController::seriesCountChanged, &board, save);
    };
    for (ChartController *panel : board.panels())
        watch(panel);
    QObject::connect(&board, &ChartBoard::panelAdded, &board, watch);
    QObject::connect(&board, &ChartBoard::panelsChanged, &board, save);
}

} // namespace feeddeck::app::chart
