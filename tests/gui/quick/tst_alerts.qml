import QtQuick
import QtTest
import FeedDeck
import FeedDeckTest

// Alerts as a person meets them: a rule of the workspace fires on a price from the feed, the
// banner says so, Ctrl+5 shows the log with the alert in it, and the log exports and clears.
TestCase {
    id: testCase
    name: "Alerts"
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
        }
    }

    function cleanupTestCase() {
        Harness.stop()
    }

    // A dashboard on a feed with the rule "btc-high": BTC-USD price above 70000 (critical).
    function makeDashboard() {
        Harness.startWithAlert(["BTC-USD"], "btc-high", "BTC-USD", 70000)
        Harness.alerts.clear() // nothing left from an earlier test's log
        Harness.settings.view = 0
        const dashboard = createTemporaryObject(dashboardComponent, testCase.Window.window.contentItem)
        verify(dashboard)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        return dashboard
    }

    function test_aFiredRuleShowsInTheBannerAndTheLog() {
        const dashboard = makeDashboard()
        const banner = dashboard.alertBanner
        verify(!banner.visible)
        Harness.sendTicker("BTC-USD", 69000)
        Harness.sendTicker("BTC-USD", 70012.5)
        tryCompare(banner, "visible", true, 5000)
        const summary = findChild(banner, "alertSummary")
        verify(summary.text.startsWith("BTC-USD price above: "), summary.text)
        compare(findChild(banner, "alertSeverity").text, "Critical")
        verify(findChild(banner, "alertDetails").text.indexOf("Check the position.") >= 0)
        compare(Harness.alerts.log.count, 1)
        const tab = findChild(dashboard, "alertsTab")
        compare(tab.text, "Alerts (1)")

        // The row the rule fired on pulses in the severity's colour.
        const flash = findChild(dashboard.quotesPane, "alertFlash")
        verify(flash, "the quotes row has an alert flash")
        compare(flash.parent.alertSeverity, "critical")
        compare(flash.parent.alertFlash, 1)
        tryVerify(() => flash.opacity > 0, 2000, "the row flashes")
        tryCompare(flash, "opacity", 0, 5000)

        keySequence("Ctrl+5")
        compare(dashboard.currentView, Views.Alerts)
        compare(Harness.alerts.log.unreadCount, 0)
        compare(tab.text, "Alerts")
        const list = dashboard.alertLog.list
        tryCompare(list, "count", 1)
        const row = list.itemAtIndex(0)
        verify(row, "the alert's row is drawn")
        compare(row.rule, "btc-high")
        compare(row.feed, "crypto")
        compare(row.symbol, "BTC-USD")
        compare(row.field, "price")
        compare(row.severity, "critical")
        compare(row.note, "Check the position.")
        verify(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(row.time), row.time)

        // No session bus in the tests: the log view says the alerts stay in the window.
        tryVerify(() => findChild(dashboard.alertLog, "notificationsUnavailable").visible, 5000)

        mouseClick(findChild(banner, "alertDismiss"))
        verify(!banner.visible)
    }

    function test_theBannerHidesByItselfAndComesBackWithTheNextAlert() {
        const dashboard = makeDashboard()
        const banner = dashboard.alertBanner
        banner.showMs = 300
        Harness.sendTicker("BTC-USD", 71000)
        tryCompare(banner, "visible", true, 5000)
        tryCompare(banner, "visible", false, 3000)
        Harness.sendTicker("BTC-USD", 60000)
        Harness.sendTicker("BTC-USD", 72000) // above again: the rule fires again
        tryCompare(banner, "visible", true, 5000)
        tryCompare(Harness.alerts.log, "count", 2)
        // Seen from another view the new alerts count as unread.
        compare(findChild(dashboard, "alertsTab").text, "Alerts (2)")
    }

    function test_theLogExportsClearsAndOutlivesARestart() {
        const dashboard = makeDashboard()
        Harness.sendTicker("BTC-USD", 70500)
        tryCompare(Harness.alerts.log, "count", 1, 5000)
        keySequence("Ctrl+5")
        const pane = dashboard.alertLog

        const path = Harness.tempPath + "/alerts.csv"
        compare(pane.exportTo(path), "")
        const text = Harness.readFile(path)
        verify(text.startsWith("time,rule,feed,symbol,field,value,severity,when,note\r\n"), text)
        verify(text.indexOf(",btc-high,crypto,BTC-USD,price,70500,critical,above,Check the position.\r\n") > 0, text)

        const refused = pane.exportTo(Harness.tempPath + "/missing/alerts.csv")
        verify(refused.indexOf("does not exist") > 0, refused)
        verify(refused.indexOf("Choose a folder that exists") > 0, refused)
        verify(!Harness.fileExists(Harness.tempPath + "/missing/alerts.csv"))
        verify(findChild(pane, "exportMessage").visible)

        // The log is kept across a restart of the window.
        compare(Harness.restartFromSavedWorkspace(), "")
        compare(Harness.alerts.log.count, 1)
        tryCompare(dashboard.alertLog.list, "count", 1)

        mouseClick(findChild(pane, "clearAlertsButton"))
        compare(Harness.alerts.log.count, 0)
        compare(Harness.restartFromSavedWorkspace(), "")
        compare(Harness.alerts.log.count, 0)
    }
}
