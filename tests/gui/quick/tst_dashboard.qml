import QtQuick
import QtQuick.Controls
import QtTest
import FeedDeck
import FeedDeckTest

// The dashboard as a person uses it: clicks, keys, and what the screen then shows.
TestCase {
    id: testCase
    name: "Dashboard"
    when: windowShown
    width: 1200
    height: 700

    Component {
        id: dashboardComponent
        Dashboard {
            width: testCase.width
            height: testCase.height
            quotes: Harness.quotes
            inventory: Harness.inventory
            feeds: Harness.feeds
            problems: Harness.problems
            settings: Harness.settings
            charts: Harness.board
            derivedSeries: Harness.derivedSeries
            sparklines: Harness.sparklines
            setup: Harness.setup
            exporter: Harness.exporter
            alerts: Harness.alerts
            alertRules: Harness.alertRules
        }
    }

    SignalSpy {
        id: pickedSpy
        signalName: "seriesPicked"
    }


    // Rows that have values: subscribed symbols are listed (as waiting) before their first one.
    function waitForValues(proxy, rows) {
        tryVerify(() => {
            let withValues = 0
            for (let i = 0; i < proxy.count; ++i)
                if (proxy.data(proxy.index(i, 0), QuoteTableModel.StatusRole) !== "waiting")
                    ++withValues
            return withValues === rows
        }, 5000, rows + " rows with values")
    }
    function cleanupTestCase() {
        Harness.stop()
    }

    function makeDashboard(symbols, staleAfterMs) {
        Harness.start(symbols, staleAfterMs === undefined ? 10000 : staleAfterMs)
        Harness.settings.view = 0 // every test starts on Quotes, whatever the last one left remembered
        // The TestCase item itself is not visible: show the dashboard in the window's content.
        const dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        verify(dashboard)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        return dashboard
    }

    function columnX(pane, column) {
        let x = 0
        for (let c = 0; c < column; ++c)
            x += pane.columnWidth(c)
        return x + pane.columnWidth(column) / 2
    }

    function test_clickingAHeaderSortsByItNumericallyAndAgainReverses() {
        const dashboard = makeDashboard(["AAA", "BBB", "CCC"])
        Harness.sendTicker("AAA", 9)
        Harness.sendTicker("BBB", 100)
        Harness.sendTicker("CCC", 10)
        const pane = dashboard.quotesPane
        waitForValues(pane.proxy, 3)

        const header = findChild(pane, "quotesHeader")
        verify(header)
        waitForRendering(header)
        mouseClick(header, columnX(pane, 2), header.height / 2)   // Price
        compare(pane.proxy.sortColumn, 2)
        compare(pane.proxy.symbolAt(0), "AAA")
        compare(pane.proxy.symbolAt(1), "CCC")
        compare(pane.proxy.symbolAt(2), "BBB")

        mouseClick(header, columnX(pane, 2), header.height / 2)
        compare(pane.proxy.symbolAt(0), "BBB")
        compare(pane.proxy.symbolAt(2), "AAA")
    }

    function test_theTrendColumnDrawsEachRowsRecentPricesAndPicksItsSpan() {
        const dashboard = makeDashboard(["UPP", "DWN", "NEW"])
        for (const price of [10, 10.5, 10.2, 11])
            Harness.sendTicker("UPP", price)
        for (const price of [50, 49, 49.5, 48])
            Harness.sendTicker("DWN", price)
        const pane = dashboard.quotesPane
        waitForValues(pane.proxy, 2)
        const table = findChild(pane, "quotesTable")
        waitForRendering(table)
        const lineOf = symbol => {
            for (let row = 0; row < pane.proxy.count; ++row)
                if (pane.proxy.symbolAt(row) === symbol) {
                    const cell = table.itemAtCell(Qt.point(QuoteTableModel.TrendColumn, row))
                    return cell ? findChild(cell, "trendLine") : null
                }
            return null
        }
        tryVerify(() => lineOf("UPP") && lineOf("UPP").points.length === 4, 5000, "UPP's line has its four prices")
        tryVerify(() => lineOf("DWN") && lineOf("DWN").points.length === 4, 5000, "DWN's line has its four prices")
        verify(lineOf("UPP").visible)
        compare(lineOf("UPP").direction, 1)
        verify(Qt.colorEqual(lineOf("UPP").color, Theme.up))
        compare(lineOf("DWN").direction, -1)
        verify(Qt.colorEqual(lineOf("DWN").color, Theme.down))
        compare(lineOf("NEW").points.length, 0) // no history yet: an empty cell, not a flat line
        compare(lineOf("NEW").direction, 0)
        // Only the trend column draws a line.
        verify(!findChild(table.itemAtCell(Qt.point(QuoteTableModel.PriceColumn, 0)), "trendLine").visible)

        // Its header does not sort: it offers the span of the lines.
        const header = findChild(pane, "quotesHeader")
        mouseClick(header, columnX(pane, QuoteTableModel.PriceColumn), header.height / 2)
        compare(pane.proxy.sortColumn, QuoteTableModel.PriceColumn)
        compare(Harness.sparklines.minutes, 5)
        mouseClick(header, columnX(pane, QuoteTableModel.TrendColumn), header.height / 2)
        compare(pane.proxy.sortColumn, QuoteTableModel.PriceColumn)
        const menu = findChild(pane, "trendMenu")
        tryCompare(menu, "opened", true)
        verify(menu.itemAt(1).checked && !menu.itemAt(0).checked && !menu.itemAt(2).checked, "5 minutes checked")
        mouseClick(menu.itemAt(0))
        compare(Harness.sparklines.minutes, 1)
        tryCompare(menu, "opened", false)
        mouseClick(header, columnX(pane, QuoteTableModel.TrendColumn), header.height / 2)
        tryCompare(menu, "opened", true)
        verify(menu.itemAt(0).checked && !menu.itemAt(1).checked, "1 minute checked")
        mouseClick(menu.itemAt(0)) // the checked span again: still checked, still 1 minute
        compare(Harness.sparklines.minutes, 1)
        tryCompare(menu, "opened", false)
        Harness.sparklines.minutes = 15
        mouseClick(header, columnX(pane, QuoteTableModel.TrendColumn), header.height / 2)
        tryCompare(menu, "opened", true)
        verify(menu.itemAt(2).checked && !menu.itemAt(0).checked, "15 minutes checked")
        menu.close()
        tryCompare(menu, "opened", false)

        // Not on screen, not asked for.
        verify(Harness.sparklines.active)
        dashboard.showView(Views.Inventory)
        tryCompare(Harness.sparklines, "active", false)
        dashboard.showView(Views.Quotes)
        tryCompare(Harness.sparklines, "active", true)
        Harness.sparklines.minutes = 5
    }

    function test_columnWidthsRememberedBeforeTheTrendColumnStillApply() {
        const saved = [150, 90, 110, 120, 140, 101, 97, 95, 70, 99, 81, 83]
        Harness.settings.quoteColumnWidths = saved
        const pane = makeDashboard(["BTC-USD"]).quotesPane
        compare(pane.columnWidth(QuoteTableModel.FeedColumn), 150)
        compare(pane.columnWidth(QuoteTableModel.Change24hPctColumn), 101)
        compare(pane.columnWidth(QuoteTableModel.TrendColumn), pane.defaultWidths[QuoteTableModel.TrendColumn])
        compare(pane.columnWidth(QuoteTableModel.BidColumn), 97)
        compare(pane.columnWidth(QuoteTableModel.StatusColumn), 83)
        Harness.settings.quoteColumnWidths = []
    }

    function test_ctrlFThenTypingFiltersAndEscapeClears() {
        const dashboard = makeDashboard(["BTC-USD", "ETH-USD", "SOL-USD"])
        Harness.sendTicker("BTC-USD", 1)
        Harness.sendTicker("ETH-USD", 2)
        Harness.sendTicker("SOL-USD", 3)
        const proxy = dashboard.quotesPane.proxy
        waitForValues(proxy, 3)

        keySequence("Ctrl+F")
        const field = findChild(dashboard, "filterField")
        tryVerify(() => field.activeFocus)
        keyClick(Qt.Key_E)
        keyClick(Qt.Key_T)
        keyClick(Qt.Key_H)
        compare(field.text, "eth")
        tryCompare(proxy, "count", 1)
        compare(proxy.symbolAt(0), "ETH-USD")

        keyClick(Qt.Key_Escape)
        compare(field.text, "")
        tryCompare(proxy, "count", 3)
    }

    function test_filterThatMatchesNothingSaysSo() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 1)
        waitForValues(dashboard.quotesPane.proxy, 1)
        keySequence("Ctrl+F")
        keyClick(Qt.Key_Z)
        const empty = findChild(dashboard, "quotesEmptyState")
        tryCompare(empty, "visible", true)
        verify(empty.text.indexOf("No rows match") >= 0)
    }

    function test_doubleClickingARowPicksItForACHart() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 42)
        waitForValues(dashboard.quotesPane.proxy, 1)
        pickedSpy.target = dashboard.quotesPane
        pickedSpy.clear()
        const table = findChild(dashboard, "quotesTable")
        waitForRendering(table)
        mouseDoubleClickSequence(table, columnX(dashboard.quotesPane, 1), 14)
        compare(pickedSpy.count, 1)
        compare(pickedSpy.signalArguments[0][0], "crypto")
        compare(pickedSpy.signalArguments[0][1], "BTC-USD")
        compare(pickedSpy.signalArguments[0][2], "price")
    }

    function test_doubleClickChartsTheRowAndSpacePausesTheChart() {
        const dashboard = makeDashboard(["BTC-USD", "ETH-USD"])
        Harness.sendTicker("BTC-USD", 42)
        Harness.sendTicker("ETH-USD", 7)
        waitForValues(dashboard.quotesPane.proxy, 2)
        const table = findChild(dashboard, "quotesTable")
        waitForRendering(table)
        mouseDoubleClickSequence(table, columnX(dashboard.quotesPane, 1), 14)
        tryCompare(Harness.charts, "seriesCount", 1)
        compare(dashboard.currentView, 2) // the chart is shown at once
        compare(Harness.charts.paused, false)
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, true)
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, false)
        keySequence("Ctrl+1")
        compare(dashboard.currentView, 0)
        keyClick(Qt.Key_Space) // no chart showing: Space does nothing to it
        compare(Harness.charts.paused, false)
        keySequence("Ctrl+2")
        compare(dashboard.currentView, 1)
        keySequence("Ctrl+3")
        compare(dashboard.currentView, 2)
    }

    function test_aSilentFeedShowsStaleThenLiveWhenDataResumes() {
        const dashboard = makeDashboard(["BTC-USD"], 300)
        Harness.sendTicker("BTC-USD", 1)
        const panel = findChild(dashboard, "feedsPanel")
        let detail = null
        tryVerify(() => (detail = findChild(panel, "stateDetail")) !== null, 5000)
        tryVerify(() => detail.text.startsWith("stale for"), 5000, "the feed panel says the feed is stale")
        compare(Harness.quotes.data(Harness.quotes.index(0, 0), QuoteTableModel.StatusRole), "stale")

        Harness.sendTicker("BTC-USD", 2)
        tryCompare(detail, "text", "live", 5000)
        compare(Harness.quotes.data(Harness.quotes.index(0, 0), QuoteTableModel.StatusRole), "live")
    }

    function test_themeButtonSwitchesBetweenLightAndDark() {
        const dashboard = makeDashboard(["BTC-USD"])
        const button = findChild(dashboard, "themeButton")
        const wasDark = Harness.settings.dark
        mouseClick(button)
        compare(Harness.settings.dark, !wasDark)
        compare(Harness.settings.theme, wasDark ? "light" : "dark")
        mouseClick(button)
        compare(Harness.settings.dark, wasDark)
    }

    function test_timeWindowButtonsChangeWhatTheChartSpans() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 42)
        waitForValues(dashboard.quotesPane.proxy, 1)
        Harness.charts.addSeries("crypto", "BTC-USD", "price")
        keySequence("Ctrl+3")
        const selector = findChild(dashboard, "windowSelector")
        waitForRendering(selector)
        mouseClick(findChild(selector, "window_1h"))
        compare(Harness.charts.window, ChartController.OneHour)
        tryVerify(() => Harness.charts.xMaxMs - Harness.charts.xMinMs === 3600 * 1000, 2000, "the axis spans an hour")
        mouseClick(findChild(selector, "window_1m"))
        compare(Harness.charts.window, ChartController.OneMinute)
        tryVerify(() => Harness.charts.xMaxMs - Harness.charts.xMinMs === 60 * 1000, 2000, "the axis spans a minute")
    }

    // #19: after Ctrl+3, a click on the chart or on the Charts tab, Space went into the hidden
    // symbol field of the feeds editor instead of pausing the chart.
    function test_spacePausesTheChartWhateverHadTheFocusBefore() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 42)
        verify(Harness.charts.addSeries("crypto", "BTC-USD", "price") === 0)
        // Typing into the feeds editor's symbol field first.
        keySequence("Ctrl+4")
        const symbols = findChild(dashboard, "symbolInput")
        tryCompare(symbols, "visible", true)
        symbols.forceActiveFocus()
        verify(symbols.activeFocus)
        keyClick(Qt.Key_A)
        compare(symbols.text, "a")

        keySequence("Ctrl+3")
        compare(dashboard.currentView, 2)
        verify(!symbols.activeFocus) // a hidden view does not keep the keys
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, true)
        compare(symbols.text, "a")

        // From the filter box (Space types there), a click on the chart gives it the keys.
        const filter = findChild(dashboard, "filterField")
        mouseClick(filter)
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, true)
        compare(filter.text, " ")
        const chart = findChild(dashboard, "chartView")
        waitForRendering(chart)
        mouseClick(chart)
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, false)

        // Clicking the Charts tab after the Feeds tab: the same.
        mouseClick(findChild(dashboard, "feedsTab"))
        mouseClick(symbols)
        mouseClick(findChild(dashboard, "chartsTab"))
        keyClick(Qt.Key_Space)
        compare(Harness.charts.paused, true)
        compare(symbols.text, "a")
        filter.text = ""
    }

    // #19: after dragging back in time the view kept moving with the clock, and the window's
    // button stayed highlighted while zoomed.
    function test_aPannedChartHoldsStillShowsItAndGoesBackToLive() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 42)
        verify(Harness.charts.addSeries("crypto", "BTC-USD", "price") === 0)
        keySequence("Ctrl+3")
        const plot = findChild(dashboard, "plotMouse")
        tryVerify(() => plot.visible && plot.width > 100, 5000)
        waitForRendering(plot)
        const back = findChild(dashboard, "resetViewButton")
        const windows = ["window_1m", "window_5m", "window_15m", "window_1h", "window_All"].map(
                    name => findChild(dashboard, name))
        const highlighted = () => windows.filter(button => button.highlighted).length
        compare(back.visible, false)
        compare(highlighted(), 1)

        mouseDrag(plot, plot.width / 2, plot.height / 2, plot.width / 4, 0) // back in time
        tryCompare(Harness.charts, "detached", true)
        tryCompare(back, "visible", true)
        compare(highlighted(), 0)
        verify(findChild(dashboard, "pausedNote").text.indexOf("holds still") >= 0)
        // A second later, with new data and many frames (every 33 ms) between: a view that
        // followed the clock would end a second later; this one ends where the drag left it.
        const draggedAt = Date.now()
        Harness.sendTicker("BTC-USD", 43)
        tryVerify(() => Date.now() > draggedAt + 1000, 5000)
        const held = Harness.charts.xMaxMs
        verify(held <= draggedAt + 50, held - draggedAt)

        waitForRendering(back)
        mouseClick(back)
        compare(Harness.charts.detached, false)
        tryCompare(back, "visible", false)
        compare(highlighted(), 1)
        tryVerify(() => Harness.charts.xMaxMs > held + 300, 5000)
    }

    // #19: the CSV listed subscribed symbols without data, the window did not.
    function test_subscribedSymbolsWithoutValuesWaitAsDimmedRows() {
        const dashboard = makeDashboard(["BTC-USD", "ETH-USD"])
        const pane = dashboard.quotesPane
        Harness.sendTicker("BTC-USD", 42)
        waitForValues(pane.proxy, 1)
        compare(pane.proxy.count, 2)
        const ethRow = pane.proxy.symbolAt(0) === "ETH-USD" ? 0 : 1
        compare(pane.proxy.symbolAt(ethRow), "ETH-USD")
        compare(pane.proxy.data(pane.proxy.index(ethRow, 0), QuoteTableModel.StatusRole), "waiting")
        compare(pane.proxy.data(pane.proxy.index(ethRow, QuoteTableModel.StatusColumn)), "waiting")
        compare(pane.proxy.data(pane.proxy.index(ethRow, QuoteTableModel.PriceColumn)), "")
        // On screen: its symbol cell is there, dimmed; BTC-USD's is not.
        const table = findChild(pane, "quotesTable")
        verify(table, "the quotes table")
        waitForRendering(table)
        const ethCell = table.itemAtCell(Qt.point(QuoteTableModel.SymbolColumn, ethRow))
        const btcCell = table.itemAtCell(Qt.point(QuoteTableModel.SymbolColumn, 1 - ethRow))
        verify(ethCell && btcCell, "both rows are drawn")
        const ethText = findChild(ethCell, "cellText")
        const btcText = findChild(btcCell, "cellText")
        compare(ethText.text, "ETH-USD")
        verify(ethText.opacity < 0.7, "the waiting row is dimmed")
        compare(btcText.opacity, 1.0)

        Harness.sendTicker("ETH-USD", 7)
        waitForValues(pane.proxy, 2)
        compare(pane.proxy.count, 2)
        tryCompare(ethText, "opacity", 1.0)
    }

    // #19: the tool bar did not show at a glance which view is in front.
    function test_theSwitcherMarksTheViewInFront() {
        const dashboard = makeDashboard(["BTC-USD"])
        const names = ["quotesTab", "inventoryTab", "chartsTab", "feedsTab"]
        const tabs = names.map(name => findChild(dashboard, name))
        const markers = tabs.map(tab => findChild(tab, "activeMarker"))
        waitForRendering(tabs[1])
        for (let view = 0; view < tabs.length; ++view) {
            mouseClick(tabs[view])
            compare(dashboard.currentView, view)
            for (let other = 0; other < tabs.length; ++other) {
                compare(markers[other].visible, other === view, names[other] + " marked with " + names[view] + " in front")
                compare(tabs[other].font.bold, other === view)
            }
        }
        keySequence("Ctrl+2")
        compare(markers[1].visible, true)
        compare(markers[3].visible, false)
    }

    // #19: the value axis had no unit and no mark of the latest value; time ticks fell on odd
    // milliseconds.
    function test_theChartMarksTheLastValueAndNamesItsUnits() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 42.5)
        waitForValues(dashboard.quotesPane.proxy, 1)
        verify(Harness.charts.addSeries("crypto", "BTC-USD", "price") === 0)
        keySequence("Ctrl+3")
        const chart = findChild(dashboard, "chartView")
        tryVerify(() => chart.visible && chart.plotArea.width > 100, 5000)
        compare(dashboard.chartPane.currentPane.valueAxis.titleText, "price · USD")
        compare(dashboard.chartPane.currentPane.timeAxis.titleText, "local time")
        let marker = null
        tryVerify(() => (marker = findChild(dashboard, "lastValueMarker")) !== null && marker.visible, 5000,
                  "a marker on the value axis")
        compare(findChild(marker, "lastValueText").text, "42.5")
        compare(marker.color, Harness.charts.series.data(Harness.charts.series.index(0, 0), ChartSeriesModel.SeriesColorRole))
        // Level with the value: its middle sits where 42.5 is on the axis, beside the plot.
        const plot = chart.plotArea
        const expectedY = plot.y + (Harness.charts.yMax - 42.5) / (Harness.charts.yMax - Harness.charts.yMin) * plot.height
        fuzzyCompare(marker.y + marker.height / 2, expectedY, 1)
        compare(marker.x + marker.width, plot.x)
        // Every time label is a round time.
        const labels = dashboard.chartPane.currentPane.timeAxis.categoriesLabels
        verify(labels.length >= 2, labels)
        for (const label of labels)
            verify(/^\d\d:\d\d(:\d\d)?$/.test(label) && (label.length === 5 || label.endsWith("0") || label.endsWith("5")),
                   "a round time: " + label)
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function replaceText(field, text) {
        field.forceActiveFocus()
        field.selectAll()
        keyClick(Qt.Key_Delete)
        typeText(text)
    }

    // The value of the charted series `row` on the value axis marker, or NaN when it has none.
    function lastValueOf(row) {
        const colour = Harness.charts.series.data(Harness.charts.series.index(row, 0), ChartSeriesModel.SeriesColorRole)
        for (const v of Harness.charts.lastValues)
            if (Qt.colorEqual(v.seriesColor, colour))
                return v.value
        return NaN
    }

    function test_aDerivedSeriesIsTypedOverTheChartedOnesAndFollowsThem() {
        const dashboard = makeDashboard(["BTC-USD", "ETH-USD"])
        Harness.sendTicker("BTC-USD", 200)
        Harness.sendTicker("ETH-USD", 50)
        waitForValues(dashboard.quotesPane.proxy, 2)
        compare(Harness.charts.addSeries("crypto", "BTC-USD", "price"), 0)
        compare(Harness.charts.addSeries("crypto", "ETH-USD", "price"), 1)
        keySequence("Ctrl+3")
        const button = findChild(dashboard, "newDerivedButton")
        tryVerify(() => button.visible && button.enabled, 5000)
        mouseClick(button)
        const dialog = dashboard.chartPane.currentPane.derivedDialog
        tryCompare(dialog, "opened", true)
        // The charted series are the formula's a and b, in legend order.
        const inputs = Harness.derivedSeries.inputs
        compare(inputs.length, 2)
        compare(inputs[0].letter, "a")
        compare(inputs[0].name, "Crypto · BTC-USD · price")
        compare(inputs[1].letter, "b")

        // A name that is not charted is refused where it was typed, and Add stays off.
        const formula = findChild(dialog.contentItem, "formulaField")
        const problem = findChild(dialog.contentItem, "formulaProblem")
        const add = dialog.standardButton(Dialog.Ok)
        verify(formula.activeFocus)
        typeText("(a - c) / b * 100")
        compare(problem.text, "column 6: unknown series \"c\" (bound: a, b)")
        verify(!add.enabled)
        replaceText(formula, "(a - b) / b * 100")
        compare(problem.text, "")
        const name = findChild(dialog.contentItem, "derivedNameField")
        replaceText(name, "btc over eth")
        compare(findChild(dialog.contentItem, "nameProblem").text,
                "Use only letters, digits, \"_\", \".\" and \"-\" in the name, such as btc-mid.")
        verify(!add.enabled)
        replaceText(name, "btc-eth-pct")
        verify(add.enabled)
        mouseClick(add)
        tryCompare(dialog, "opened", false)

        // Saved in the workspace, charted, and computed from what the inputs hold: (200 - 50) / 50 * 100.
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath))
        compare(saved.derived.length, 1)
        compare(saved.derived[0].id, "btc-eth-pct")
        compare(saved.derived[0].expression, "(a - b) / b * 100")
        compare(saved.derived[0].inputs.a.symbol, "BTC-USD")
        compare(saved.derived[0].inputs.b.symbol, "ETH-USD")
        compare(Harness.charts.seriesCount, 3)
        compare(Harness.charts.series.data(Harness.charts.series.index(2, 0), ChartSeriesModel.NameRole),
                "Derived · btc-eth-pct · value")
        tryCompare(testCase, "lastDerived", 300, 5000)
        // ...and live from then on.
        Harness.sendTicker("ETH-USD", 100)
        tryCompare(testCase, "lastDerived", 100, 5000)
        Harness.sendTicker("BTC-USD", 150)
        tryCompare(testCase, "lastDerived", 50, 5000)
    }
    // What the derived series (the third charted) shows last.
    readonly property real lastDerived: {
        Harness.charts?.lastValues // re-evaluated on each frame
        return Harness.charts && Harness.charts.seriesCount > 2 ? lastValueOf(2) : NaN
    }

    function test_aPresetOfTheFirstChartedSymbolNeedsNoFormula() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 200)
        waitForValues(dashboard.quotesPane.proxy, 1)
        compare(Harness.charts.addSeries("crypto", "BTC-USD", "price"), 0)
        keySequence("Ctrl+3")
        mouseClick(findChild(dashboard, "newDerivedButton"))
        const dialog = dashboard.chartPane.currentPane.derivedDialog
        tryCompare(dialog, "opened", true)
        const spread = findChild(dialog.contentItem, "preset_spread")
        compare(spread.text, "spread of BTC-USD")
        mouseClick(spread)
        compare(findChild(dialog.contentItem, "formulaField").text, "ask - bid")
        compare(findChild(dialog.contentItem, "derivedNameField").text, "btc-usd-spread")
        mouseClick(dialog.standardButton(Dialog.Ok))
        tryCompare(dialog, "opened", false)
        const saved = JSON.parse(Harness.readFile(Harness.workspacePath))
        compare(saved.derived[0].preset, "spread")
        compare(saved.derived[0].feed, "crypto")
        compare(saved.derived[0].symbol, "BTC-USD")
        compare(Harness.charts.seriesCount, 2)

        // Taken off the chart, it can be charted again from the list of saved ones, or deleted.
        Harness.charts.removeSeries(1)
        mouseClick(findChild(dashboard, "newDerivedButton"))
        tryCompare(dialog, "opened", true)
        const chartAgain = findChild(dialog.contentItem, "chartSaved_btc-usd-spread")
        verify(chartAgain && chartAgain.enabled)
        mouseClick(chartAgain)
        compare(Harness.charts.seriesCount, 2)
        tryVerify(() => !findChild(dialog.contentItem, "chartSaved_btc-usd-spread").enabled, 1000, "marked charted")
        mouseClick(findChild(dialog.contentItem, "deleteSaved_btc-usd-spread"))
        compare(Harness.charts.seriesCount, 1)
        verify(JSON.parse(Harness.readFile(Harness.workspacePath)).derived === undefined)
        tryCompare(findChild(dialog.contentItem, "savedDerived"), "count", 0)
        dialog.reject()
    }

    // The chart panels on screen, row by row, left to right.
    function panelItems(item, out) {
        out = out || []
        if (item.objectName === "chartPanel" && item.visible)
            out.push(item)
        for (let i = 0; i < item.children.length; ++i)
            panelItems(item.children[i], out)
        return out
    }

    function test_chartPanelsSplitTakeRowsMaximiseAndClose() {
        const dashboard = makeDashboard(["BTC-USD", "ETH-USD"])
        Harness.sendTicker("BTC-USD", 42)
        Harness.sendTicker("ETH-USD", 7)
        waitForValues(dashboard.quotesPane.proxy, 2)
        keySequence("Ctrl+3")
        const board = Harness.board
        compare(board.count, 1)
        let panels = panelItems(dashboard.chartPane)
        compare(panels.length, 1)
        verify(!findChild(panels[0], "closePanelButton").visible) // the last panel stays
        // The view just came to the front: clicks land once it is laid out and drawn.
        waitForRendering(dashboard.chartPane)

        // Split right: a second panel beside the first, current from then on.
        mouseClick(findChild(panels[0], "splitRightButton"))
        compare(board.count, 2)
        compare(board.rows.length, 1)
        compare(board.rows[0].length, 2)
        compare(board.current, board.rows[0][1])
        tryVerify(() => panelItems(dashboard.chartPane).length === 2)
        panels = panelItems(dashboard.chartPane)
        tryVerify(() => Math.abs(panels[0].width - panels[1].width) < 4 && panels[0].width > 200, 2000, "side by side")
        compare(panels[0].y, panels[1].y)

        // A row double-clicked in Quotes goes to the current panel.
        keySequence("Ctrl+1")
        const table = findChild(dashboard, "quotesTable")
        waitForRendering(table)
        mouseDoubleClickSequence(table, columnX(dashboard.quotesPane, 1), 14)
        compare(dashboard.currentView, Views.Charts)
        compare(board.rows[0][1].seriesCount, 1)
        compare(board.rows[0][0].seriesCount, 0)
        compare(board.seriesCount, 1)
        compare(findChild(dashboard, "chartsTab").text, "Charts (1)")

        // Clicking into the first panel makes it current.
        panels = panelItems(dashboard.chartPane)
        mouseClick(findChild(panels[0], "panelTitle"))
        compare(board.current, board.rows[0][0])

        // Split down: a new row under the first.
        mouseClick(findChild(panels[1], "splitDownButton"))
        compare(board.rows.length, 2)
        compare(board.rows[1].length, 1)
        compare(board.current, board.rows[1][0])
        tryVerify(() => panelItems(dashboard.chartPane).length === 3)
        panels = panelItems(dashboard.chartPane)
        tryVerify(() => panels[2].mapToItem(dashboard.chartPane, 0, 0).y
                         > panels[0].mapToItem(dashboard.chartPane, 0, 0).y + 100, 2000, "below the first row")

        // Double-clicking a title maximises its panel; again brings the others back.
        const charted = board.rows[0][1]
        mouseDoubleClickSequence(findChild(panels[1], "panelTitle"))
        compare(board.maximised, charted)
        tryVerify(() => panelItems(dashboard.chartPane).length === 1)
        const alone = panelItems(dashboard.chartPane)[0]
        tryVerify(() => alone.width > dashboard.chartPane.width - 10 && alone.height > dashboard.chartPane.height - 10,
                  2000, "the maximised panel takes the view")
        mouseDoubleClickSequence(findChild(alone, "panelTitle"))
        compare(board.maximised, null)
        tryVerify(() => panelItems(dashboard.chartPane).length === 3)

        // Closing the charted panel takes its series off; the others stay.
        panels = panelItems(dashboard.chartPane)
        mouseClick(findChild(panels[1], "closePanelButton"))
        compare(board.count, 2)
        compare(board.seriesCount, 0)
        compare(board.rows.length, 2)
        tryVerify(() => panelItems(dashboard.chartPane).length === 2)
    }
}
