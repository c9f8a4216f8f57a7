#pragma once

#include "app/chart/ChartController.h"

#include <QList>
#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace feeddeck::feed {
class FeedManager;
}
namespace feeddeck::app::display {
class DisplayClock;
}

namespace feeddeck::app::chart {

// The Charts view's panels: rows of charts, each panel with its own series and time window.
// A panel is split to the right (a new panel in its row) or down (a new row under its row);
// the splitters between them are the view's. One panel is current (the last one clicked or
// made): rows picked in the tables are charted there, and it is what Export and Derived… use.
// One panel can be maximised (the others hidden until it is restored). Never fewer than one
// panel, at most kMaxPanels.
class ChartBoard : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChartBoard is provided by the application")
    // The panels by row: a list of rows, each a list of ChartController.
    Q_PROPERTY(QVariantList rows READ rows NOTIFY panelsChanged)
    Q_PROPERTY(int count READ count NOTIFY panelsChanged)
    Q_PROPERTY(feeddeck::app::chart::ChartController *current READ current NOTIFY currentChanged)
    // The maximised panel, or null.
    Q_PROPERTY(feeddeck::app::chart::ChartController *maximised READ maximised NOTIFY maximisedChanged)
    // Series charted over all panels (the Charts tab counts them).
    Q_PROPERTY(int seriesCount READ seriesCount NOTIFY seriesCountChanged)
    Q_PROPERTY(int maxPanels READ maxPanels CONSTANT)

public:
    static constexpr int kMaxPanels = 8;

    ChartBoard(feed::FeedManager &feeds, display::DisplayClock &clock, QObject *parent = nullptr);
    ~ChartBoard() override;

    // A new empty panel right of `panel` in its row (down: in a new row under it), made
    // current; null when kMaxPanels are open (`notice` says so) or `panel` is not one of these.
    Q_INVOKABLE feeddeck::app::chart::ChartController *splitRight(feeddeck::app::chart::ChartController *panel);
    Q_INVOKABLE feeddeck::app::chart::ChartController *splitDown(feeddeck::app::chart::ChartController *panel);
    // Closes a panel; the last one is emptied instead.
    Q_INVOKABLE void removePanel(feeddeck::app::chart::ChartController *panel);
    Q_INVOKABLE void setCurrent(feeddeck::app::chart::ChartController *panel);
    // Maximises `panel`, or restores the grid when it already is.
    Q_INVOKABLE void toggleMaximised(feeddeck::app::chart::ChartController *panel);

    [[nodiscard]] QVariantList rows() const;
    [[nodiscard]] int count() const { return int(m_panels.size()); }
    [[nodiscard]] ChartController *current() const { return m_current; }
    [[nodiscard]] ChartController *maximised() const { return m_maximised; }
    [[nodiscard]] int seriesCount() const;
    [[nodiscard]] static constexpr int maxPanels() noexcept { return kMaxPanels; }

    // Every panel, row by row, left to right.
    [[nodiscard]] QList<ChartController *> panels() const;
    // The row each panel of panels() is in (0 = top).
    [[nodiscard]] QList<int> rowOfPanels() const;
    // Panels laid out as `rowOfPanels` says (one per entry, in order; rows numbered from 0
    // without holes): the panels of a restored layout. Replaces every panel.
    void rebuild(const QList<int> &rowOfPanels);

signals:
    void panelsChanged();
    void currentChanged();
    void maximisedChanged();
    void seriesCountChanged();
    // A panel was made (by a split or a rebuild): for whoever remembers the panels' series.
    void panelAdded(feeddeck::app::chart::ChartController *panel);
    void notice(const QString &text);

private:
    struct Panel
    {
        std::unique_ptr<ChartController> chart;
        int row = 0;
    };

    ChartController *insertPanel(std::size_t at, int row);
    [[nodiscard]] std::size_t indexOf(const ChartController *panel) const; // m_panels.size() when absent
    ChartController *split(ChartController *panel, bool down);

    feed::FeedManager &m_feeds;
    display::DisplayClock &m_clock;
    std::vector<Panel> m_panels; // row by row, left to right
    ChartController *m_current = nullptr;
    ChartController *m_maximised = nullptr;
};

} // namespace feeddeck::app::chart
