// The chart panels: rows that open and close as panels are split and closed, the current
// panel that follows what the user made or clicked, the limit on panels, and the last panel
// that stays (emptied) when closed.
#include "app/chart/ChartBoard.h"
#include "app/display/DisplayClock.h"
#include "core/feed/FeedManager.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace feeddeck;
using app::chart::ChartBoard;
using app::chart::ChartController;

class TstChartBoard : public QObject
{
    Q_OBJECT

private slots:
    void splitsMakeRowsAndTheNewPanelCurrent();
    void closingAPanelClosesAnEmptiedRowAndMovesTheCurrentOne();
    void theLastPanelIsEmptiedNotClosed();
    void noMoreThanEightPanels();
    void maximisingIsUndoneBySplittingOrClosing();
    void aRestoredLayoutWithHolesIsOneRow();

private:
    feed::FeedManager m_engine{app::display::DisplayClock::engineOptions()};
    app::display::DisplayClock m_clock{m_engine};
};

void TstChartBoard::splitsMakeRowsAndTheNewPanelCurrent()
{
    ChartBoard board(m_engine, m_clock);
    ChartController *first = board.current();
    first->setWindow(ChartController::Window::FifteenMinutes);
    QSignalSpy added(&board, &ChartBoard::panelAdded);

    ChartController *right = board.splitRight(first);
    QCOMPARE(board.current(), right);
    QCOMPARE(right->window(), ChartController::Window::FifteenMinutes);
    ChartController *below = board.splitDown(first);
    ChartController *belowRight = board.splitRight(below);
    // Splitting the first row down again puts a new row between the first and the one below.
    ChartController *middle = board.splitDown(right);
    QCOMPARE(added.count(), 4);
    QCOMPARE(board.panels(), (QList<ChartController *>{first, right, middle, below, belowRight}));
    QCOMPARE(board.rowOfPanels(), (QList<int>{0, 0, 1, 2, 2}));
    QCOMPARE(board.rows().size(), 3);
    QCOMPARE(board.rows().at(2).toList().size(), 2);
    QCOMPARE(board.splitRight(nullptr), nullptr);
}

void TstChartBoard::closingAPanelClosesAnEmptiedRowAndMovesTheCurrentOne()
{
    ChartBoard board(m_engine, m_clock);
    ChartController *first = board.current();
    ChartController *middle = board.splitDown(first);
    ChartController *last = board.splitDown(middle);
    QCOMPARE(last->addSeries(QStringLiteral("crypto"), QStringLiteral("BTC-USD")), 0);
    QCOMPARE(board.seriesCount(), 1);
    QSignalSpy series(&board, &ChartBoard::seriesCountChanged);

    board.setCurrent(middle);
    board.removePanel(middle);
    QCOMPARE(board.rowOfPanels(), (QList<int>{0, 1})); // the row below moved up
    QCOMPARE(board.current(), last); // the panel that took its place
    board.removePanel(last);
    QCOMPARE(board.current(), first);
    QCOMPARE(board.seriesCount(), 0);
    QVERIFY(series.count() >= 1);
}

void TstChartBoard::theLastPanelIsEmptiedNotClosed()
{
    ChartBoard board(m_engine, m_clock);
    ChartController *only = board.current();
    QCOMPARE(only->addSeries(QStringLiteral("crypto"), QStringLiteral("BTC-USD")), 0);
    board.removePanel(only);
    QCOMPARE(board.count(), 1);
    QCOMPARE(board.current(), only);
    QCOMPARE(only->seriesCount(), 0);
}

void TstChartBoard::noMoreThanEightPanels()
{
    ChartBoard board(m_engine, m_clock);
    QSignalSpy notice(&board, &ChartBoard::notice);
    for (int i = 1; i < ChartBoard::kMaxPanels; ++i)
        QVERIFY(board.splitRight(board.current()));
    QCOMPARE(board.count(), 8);
    QCOMPARE(board.splitDown(board.current()), nullptr);
    QCOMPARE(board.count(), 8);
    QCOMPARE(notice.count(), 1);
    QCOMPARE(notice.at(0).at(0).toString(), QStringLiteral("Up to 8 chart panels fit: close one first."));
}

void TstChartBoard::maximisingIsUndoneBySplittingOrClosing()
{
    ChartBoard board(m_engine, m_clock);
    ChartController *first = board.current();
    ChartController *second = board.splitRight(first);
    board.toggleMaximised(first);
    QCOMPARE(board.maximised(), first);
    QCOMPARE(board.current(), first);
    board.toggleMaximised(first);
    QCOMPARE(board.maximised(), nullptr);

    board.toggleMaximised(second);
    board.splitDown(second);
    QCOMPARE(board.maximised(), nullptr); // the new panel is seen
    board.toggleMaximised(second);
    board.removePanel(second);
    QCOMPARE(board.maximised(), nullptr);
}

void TstChartBoard::aRestoredLayoutWithHolesIsOneRow()
{
    ChartBoard board(m_engine, m_clock);
    board.rebuild({0, 0, 1});
    QCOMPARE(board.rowOfPanels(), (QList<int>{0, 0, 1}));
    board.rebuild({0, 2});
    QCOMPARE(board.rowOfPanels(), QList<int>{0});
    board.rebuild({1});
    QCOMPARE(board.rowOfPanels(), QList<int>{0});
    board.rebuild(QList<int>(9, 0)); // more than fit
    QCOMPARE(board.rowOfPanels(), QList<int>{0});
}

QTEST_MAIN(TstChartBoard)
#include "tst_chartboard.moc"
