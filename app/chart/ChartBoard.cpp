#include "app/chart/ChartBoard.h"

#include <QQmlEngine>

#include <algorithm>

namespace feeddeck::app::chart {

ChartBoard::ChartBoard(feed::FeedManager &feeds, display::DisplayClock &clock, QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
    , m_clock(clock)
{
    m_current = insertPanel(0, 0);
}

ChartBoard::~ChartBoard() = default;

ChartController *ChartBoard::insertPanel(std::size_t at, int row)
{
    auto chart = std::make_unique<ChartController>(m_feeds, m_clock);
    // Owned here, not by the QML that shows it.
    QQmlEngine::setObjectOwnership(chart.get(), QQmlEngine::CppOwnership);
    ChartController *made = chart.get();
    connect(made, &ChartController::seriesCountChanged, this, &ChartBoard::seriesCountChanged);
    connect(made, &ChartController::notice, this, &ChartBoard::notice);
    m_panels.insert(m_panels.begin() + std::ptrdiff_t(at), Panel{std::move(chart), row});
    return made;
}

std::size_t ChartBoard::indexOf(const ChartController *panel) const
{
    const auto it = std::find_if(m_panels.cbegin(), m_panels.cend(),
                                 [panel](const Panel &p) { return p.chart.get() == panel; });
    return std::size_t(it - m_panels.cbegin());
}

ChartController *ChartBoard::splitRight(ChartController *panel)
{
    return split(panel, false);
}

ChartController *ChartBoard::splitDown(ChartController *panel)
{
    return split(panel, true);
}

ChartController *ChartBoard::split(ChartController *panel, bool down)
{
    const std::size_t i = indexOf(panel);
    if (i == m_panels.size())
        return nullptr;
    if (count() >= kMaxPanels) {
        emit notice(tr("Up to %1 chart panels fit: close one first.").arg(kMaxPanels));
        return nullptr;
    }
    const int row = m_panels[i].row;
    ChartController *made = nullptr;
    if (down) {
        // A new row right under this panel's row: the rows below move down one.
        std::size_t at = i;
        while (at < m_panels.size() && m_panels[at].row == row)
            ++at;
        for (std::size_t j = at; j < m_panels.size(); ++j)
            ++m_panels[j].row;
        made = insertPanel(at, row + 1);
    } else {
        made = insertPanel(i + 1, row);
    }
    // A new panel starts with the window of the one it was split from.
    made->setWindow(panel->window());
    if (m_maximised) {
        m_maximised = nullptr;
        emit maximisedChanged();
    }
    m_current = made;
    emit panelsChanged();
    emit currentChanged();
    emit panelAdded(made);
    return made;
}

void ChartBoard::removePanel(ChartController *panel)
{
    const std::size_t i = indexOf(panel);
    if (i == m_panels.size())
        return;
    if (m_panels.size() == 1) {
        panel->clear();
        return;
    }
    const int row = m_panels[i].row;
    const bool rowEmpties = (i == 0 || m_panels[i - 1].row != row)
                            && (i + 1 == m_panels.size() || m_panels[i + 1].row != row);
    // Taken out of the list before it goes: nothing reaches it while it is destroyed.
    std::unique_ptr<ChartController> gone = std::move(m_panels[i].chart);
    m_panels.erase(m_panels.begin() + std::ptrdiff_t(i));
    if (rowEmpties) {
        for (std::size_t j = i; j < m_panels.size(); ++j)
            --m_panels[j].row;
    }
    if (m_maximised == panel) {
        m_maximised = nullptr;
        emit maximisedChanged();
    }
    const bool wasCurrent = m_current == panel;
    if (wasCurrent)
        m_current = m_panels[std::min(i, m_panels.size() - 1)].chart.get();
    emit panelsChanged();
    if (wasCurrent)
        emit currentChanged();
    emit seriesCountChanged();
    // The view lets go of it on panelsChanged; it is deleted once that is done.
    gone.release()->deleteLater();
}

void ChartBoard::setCurrent(ChartController *panel)
{
    if (panel == m_current || indexOf(panel) == m_panels.size())
        return;
    m_current = panel;
    emit currentChanged();
}

void ChartBoard::toggleMaximised(ChartController *panel)
{
    if (indexOf(panel) == m_panels.size())
        return;
    m_maximised = m_maximised == panel ? nullptr : panel;
    setCurrent(panel);
    emit maximisedChanged();
}

QVariantList ChartBoard::rows() const
{
    QVariantList rows;
    QVariantList row;
    int rowIndex = 0;
    for (const Panel &p : m_panels) {
        if (p.row != rowIndex) {
            rows.append(QVariant(row));
            row.clear();
            rowIndex = p.row;
        }
        row.append(QVariant::fromValue(p.chart.get()));
    }
    rows.append(QVariant(row));
    return rows;
}

int ChartBoard::seriesCount() const
{
    int n = 0;
    for (const Panel &p : m_panels)
        n += p.chart->seriesCount();
    return n;
}

QList<ChartController *> ChartBoard::panels() const
{
    QList<ChartController *> out;
    for (const Panel &p : m_panels)
        out.append(p.chart.get());
    return out;
}

QList<int> ChartBoard::rowOfPanels() const
{
    QList<int> out;
    for (const Panel &p : m_panels)
        out.append(p.row);
    return out;
}

void ChartBoard::rebuild(const QList<int> &rowOfPanels)
{
    // Rows from 0 without holes, in order; anything else is one row.
    bool valid = !rowOfPanels.isEmpty() && rowOfPanels.size() <= kMaxPanels && rowOfPanels.constFirst() == 0;
    for (qsizetype i = 1; valid && i < rowOfPanels.size(); ++i)
        valid = rowOfPanels[i] == rowOfPanels[i - 1] || rowOfPanels[i] == rowOfPanels[i - 1] + 1;
    const QList<int> layout = valid ? rowOfPanels : QList<int>{0};

    std::vector<Panel> old = std::move(m_panels);
    m_panels.clear();
    for (qsizetype i = 0; i < layout.size(); ++i)
        insertPanel(std::size_t(i), layout[i]);
    m_current = m_panels.front().chart.get();
    m_maximised = nullptr;
    emit panelsChanged();
    emit currentChanged();
    emit maximisedChanged();
    emit seriesCountChanged();
    for (Panel &p : old)
        p.chart.release()->deleteLater();
    for (const Panel &p : m_panels)
        emit panelAdded(p.chart.get());
}

} // namespace feeddeck::app::chart
