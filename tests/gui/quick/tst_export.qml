import QtQuick
import QtTest
import FeedDeck
import FeedDeckTest

// CSV export from the window: Ctrl+E and the File menu's action, the scopes, the options,
// and a cancelled history export that leaves nothing behind.
TestCase {
    id: testCase
    name: "Export"
    when: windowShown
    width: 1280
    height: 800

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

    function makeDashboard(symbols) {
        Harness.start(symbols)
        Harness.settings.view = 0
        Harness.settings.csvDelimiter = ","
        Harness.settings.csvBom = false
        const dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        verify(dashboard)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        return dashboard
    }

    function lines(path) {
        return Harness.readFile(path).split("\r\n").filter(l => l.length > 0)
    }

    function exportTo(dashboard, path) {
        const dialog = dashboard.exportCsvDialog
        tryCompare(dialog, "opened", true)
        const field = dialog.pathField
        field.forceActiveFocus()
        field.selectAll()
        field.text = path
        keyClick(Qt.Key_Return)
        tryCompare(Harness.exporter, "running", false, 5000)
    }

    function test_ctrlEExportsTheRowsTheTableShowsInItsOrder() {
        const dashboard = makeDashboard(["AAA-USD", "BBB-EUR", "CCC-USD", "XYZ-USD"])
        Harness.sendTicker("AAA-USD", 9)
        Harness.sendTicker("BBB-EUR", 100)
        Harness.sendTicker("CCC-USD", 10)
        Harness.sendTicker("XYZ-USD", 5)
        const proxy = dashboard.quotesPane.proxy
        waitForValues(proxy, 4)
        proxy.sortBy(2)          // by price, ascending
        proxy.filterText = "USD" // BBB-EUR is filtered out
        compare(proxy.count, 3)
        const expectedOrder = [proxy.symbolAt(0), proxy.symbolAt(1), proxy.symbolAt(2)]
        compare(expectedOrder, ["XYZ-USD", "AAA-USD", "CCC-USD"])

        keySequence("Ctrl+E")
        const dialog = dashboard.exportCsvDialog
        tryCompare(dialog, "opened", true)
        verify(dialog.pathField.text.indexOf("feeddeck-snapshot-") >= 0, dialog.pathField.text)
        verify(/feeddeck-snapshot-\d{8}-\d{6}\.csv$/.test(dialog.pathField.text), dialog.pathField.text)
        mouseClick(findChild(dialog.contentItem, "scopeVisible"))
        const path = Harness.tempPath + "/visible.csv"
        exportTo(dashboard, path)

        const rows = lines(path)
        compare(rows[0].split(",").slice(0, 3), ["feed", "symbol", "price"])
        compare(rows.slice(1).map(r => r.split(",")[1]), expectedOrder)
        compare(rows[1].split(",")[2], "5")
        const message = findChild(dashboard, "exportMessage")
        tryVerify(() => message.text.indexOf("Exported 3 rows to " + path) === 0, 2000, message.text)
        compare(Harness.exporter.lastRows, 3)
    }

    function test_theMenuActionExportsOneFeedWithTheRememberedOptions() {
        const dashboard = makeDashboard(["AAA-USD", "BBB-USD"])
        Harness.sendTicker("AAA-USD", 1.5)
        Harness.sendTicker("BBB-USD", 2.5)
        waitForValues(dashboard.quotesPane.proxy, 2)
        dashboard.exportSnapshot() // what File ▸ Export snapshot… does
        const dialog = dashboard.exportCsvDialog
        tryCompare(dialog, "opened", true)
        mouseClick(findChild(dialog.contentItem, "scopeFeed"))
        const delimiter = findChild(dialog.contentItem, "delimiterBox")
        delimiter.currentIndex = 1
        delimiter.activated(1)
        mouseClick(findChild(dialog.contentItem, "bomCheck"))
        compare(Harness.settings.csvDelimiter, ";")
        compare(Harness.settings.csvBom, true)
        const path = Harness.tempPath + "/feed.csv"
        exportTo(dashboard, path)

        compare(Harness.fileHead(path, 4), "efbbbf66") // a UTF-8 byte order mark, then "f"
        const text = Harness.readFile(path)
        verify(text.indexOf("feed;symbol;price;") >= 0, text.substring(0, 40))
        const rows = lines(path)
        compare(rows.length, 3)
        compare(rows[1].split(";").slice(0, 3), ["Crypto", "AAA-USD", "1.5"])
        compare(Harness.settings.exportFolder, Harness.tempPath)
    }

    function test_cancellingAHistoryExportLeavesTheOldFileAndNoOther() {
        const dashboard = makeDashboard(["BTC-USD"])
        Harness.charts.addSeries("crypto", "BTC-USD", "price")
        keySequence("Ctrl+3") // the chart (and its retained count) updates while it is shown
        const messages = () => Harness.feeds.data(Harness.feeds.index(0, 0), FeedStatusModel.MessagesRole)
        const sent = messages() + 5000
        Harness.sendTickers("BTC-USD", 5000)
        // Every ticker read (and so in the history) before the export starts, however slow the build.
        tryVerify(() => messages() >= sent, 20000, "the feed has read every ticker")
        // Points are kept per millisecond of arrival: a burst makes fewer points than messages.
        const retained = () => Harness.charts.series.data(Harness.charts.series.index(0, 0), ChartSeriesModel.RetainedRole)
        tryVerify(() => retained() > 10, 10000, "the history holds the points")
        const path = Harness.tempPath + "/history.csv"
        verify(Harness.writeFile(path, "an earlier export\r\n"))

        dashboard.exportHistory()
        const dialog = dashboard.exportCsvDialog
        tryCompare(dialog, "opened", true)
        mouseClick(findChild(dialog.contentItem, "windowAll"))
        dialog.pathField.text = path
        dialog.accept()
        verify(Harness.exporter.running)
        // Cancel at once, before the data has even come back from the network thread: the
        // button's own action, without an event loop turn in which the export could finish.
        const cancel = findChild(dashboard, "cancelExportButton")
        verify(cancel.visible && cancel.enabled)
        cancel.clicked()
        tryCompare(Harness.exporter, "running", false, 5000)
        compare(Harness.readFile(path), "an earlier export\r\n")
        compare(Harness.fileExists(Harness.tempPath + "/history.csv.tmp"), false)
        const message = findChild(dashboard, "exportMessage")
        compare(message.text, "Export cancelled; no file was written")

        // The same export, not cancelled: every retained point, gap rows where the feed dropped.
        dashboard.exportHistory()
        tryCompare(dialog, "opened", true)
        mouseClick(findChild(dialog.contentItem, "windowAll"))
        exportTo(dashboard, path)
        const rows = lines(path)
        compare(rows[0], "feed,symbol,field,time,value")
        // The history no longer changes: the chart's count of retained points comes to the rows written.
        tryVerify(() => retained() === rows.length - 1, 5000,
                  "the export holds every retained point (" + (rows.length - 1) + " rows)")
        compare(rows[1].split(",").slice(0, 3), ["Crypto", "BTC-USD", "price"])
    }
}
