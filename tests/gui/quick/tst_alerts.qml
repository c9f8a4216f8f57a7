import QtQuick
import QtTest
import FeedDeck
import FeedDeckTest

// Alerts as a person meets them: a rule of the workspace fires on a price from the feed, the
// banner says so, Ctrl+5 shows the log with the alert in it, and the log exports and clears.
// Rules are added, edited, switched off and deleted in the Alerts view, and saved at once.
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
            alertRules: Harness.alertRules
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

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function replaceText(field, text) {
        clickShown(field)
        field.selectAll()
        keyClick(Qt.Key_Delete)
        typeText(text)
    }

    // Clicks `item` once it is shown and laid out (a bar or form that just appeared).
    function clickShown(item) {
        verify(item, "the item exists")
        tryVerify(() => item.visible && item.width > 0 && item.height > 0, 2000)
        waitForRendering(item) // every layout placed (a frame is drawn after they are)
        mouseClick(item)
    }

    // Opens the combo box and clicks the entry that reads `text`.
    function pick(combo, text) {
        const at = combo.find(text)
        verify(at >= 0, "the combo box offers " + text)
        clickShown(combo)
        tryCompare(combo.popup, "opened", true)
        const list = combo.popup.contentItem
        list.positionViewAtIndex(at, ListView.Contain)
        let item = null
        tryVerify(() => (item = list.itemAtIndex(at)) !== null, 2000)
        mouseClick(item)
        tryCompare(combo.popup, "visible", false)
        compare(combo.currentText, text)
    }

    function savedRules() {
        return JSON.parse(Harness.readFile(Harness.workspacePath)).alerts ?? []
    }

    function test_aRuleAddedInTheAlertsViewIsSavedListedAndFires() {
        const dashboard = makeDashboard()
        keySequence("Ctrl+5")
        const view = dashboard.alertsView
        const rules = view.ruleList.list
        tryCompare(rules, "count", 1)
        compare(rules.itemAtIndex(0).ruleId, "btc-high")
        compare(rules.itemAtIndex(0).condition, "price above 70000")

        const form = view.ruleForm
        verify(!form.visible)
        clickShown(findChild(view, "addRuleButton"))
        tryCompare(form, "visible", true)
        compare(findChild(form, "ruleFormTitle").text, "New alert rule")
        // The id comes selected, ready to be typed over.
        tryCompare(form.idField, "activeFocus", true)
        typeText("btc-low")
        compare(Harness.alertRules.editor.ruleId, "btc-low")
        pick(findChild(form, "ruleFeedCombo"), "crypto")
        replaceText(findChild(form, "ruleSymbolField"), "BTC-USD")
        pick(findChild(form, "ruleWhenCombo"), "is below")
        pick(findChild(form, "ruleSeverityCombo"), "info")
        replaceText(findChild(form, "ruleNoteField"), "Buy some.")

        // A value that is not a number is explained at the field, and nothing is saved.
        replaceText(findChild(form, "ruleValueField"), "65k")
        const valueProblem = findChild(form, "ruleValueProblem")
        tryCompare(valueProblem, "visible", true)
        verify(valueProblem.text.indexOf("is not a number") >= 0, valueProblem.text)
        clickShown(findChild(form, "saveRuleButton"))
        verify(form.visible)
        verify(findChild(form, "ruleSaveError").text.indexOf("fix the settings marked in red") >= 0)
        compare(savedRules().length, 1)
        compare(rules.count, 1)

        // An id another rule has is explained too.
        replaceText(form.idField, "btc-high")
        tryVerify(() => findChild(form, "ruleIdProblem").text.indexOf("another rule") >= 0, 1000)
        replaceText(form.idField, "btc-low")
        compare(findChild(form, "ruleIdProblem").visible, false)

        replaceText(findChild(form, "ruleValueField"), "65000")
        compare(valueProblem.visible, false)
        clickShown(findChild(form, "saveRuleButton"))
        tryCompare(form, "visible", false)

        // In the workspace file on disk, and in the list.
        const saved = savedRules()
        compare(saved.length, 2)
        compare(saved[1].id, "btc-low")
        compare(saved[1].feed, "crypto")
        compare(saved[1].symbol, "BTC-USD")
        compare(saved[1].field, "price")
        compare(saved[1].when, "below")
        compare(saved[1].value, 65000)
        compare(saved[1].severity, "info")
        compare(saved[1].note, "Buy some.")
        compare(saved[1].enabled, true)
        tryCompare(rules, "count", 2)
        const row = rules.itemAtIndex(1)
        verify(row, "the new rule's row is drawn")
        compare(row.ruleId, "btc-low")
        compare(row.condition, "price below 65000")
        compare(row.severity, "info")

        // The running feed takes the rule at once: a price below the level fires it.
        Harness.sendTicker("BTC-USD", 64000)
        tryCompare(Harness.alerts.log, "count", 1, 5000)
        tryCompare(dashboard.alertLog.list, "count", 1)
        compare(dashboard.alertLog.list.itemAtIndex(0).rule, "btc-low")
    }

    function test_aMoveRuleAsksForItsWindowAndAnEditIsSaved() {
        const dashboard = makeDashboard()
        keySequence("Ctrl+5")
        const view = dashboard.alertsView
        const rules = view.ruleList.list
        tryCompare(rules, "count", 1)
        clickShown(findChild(rules.itemAtIndex(0), "editRuleButton"))
        const form = view.ruleForm
        tryCompare(form, "visible", true)
        compare(findChild(form, "ruleValueField").text, "70000")
        const windowField = findChild(form, "ruleWindowField")
        verify(!windowField.visible)
        pick(findChild(form, "ruleWhenCombo"), "moves by (% within a window)")
        tryCompare(windowField, "visible", true)
        replaceText(findChild(form, "ruleValueField"), "2.5")
        const windowProblem = findChild(form, "ruleWindowProblem")
        tryCompare(windowProblem, "visible", true)
        replaceText(windowField, "0")
        verify(windowProblem.text.indexOf("more than 0 seconds") >= 0, windowProblem.text)
        replaceText(findChild(form, "ruleCooldownField"), "-1")
        verify(findChild(form, "ruleCooldownProblem").text.indexOf("must not be negative") >= 0)
        keyClick(Qt.Key_Return) // Enter does not save what is invalid
        verify(form.visible)
        compare(savedRules()[0].when, "above")

        replaceText(windowField, "60")
        replaceText(findChild(form, "ruleCooldownField"), "30")
        keyClick(Qt.Key_Return)
        tryCompare(form, "visible", false)
        const saved = savedRules()[0]
        compare(saved.id, "btc-high")
        compare(saved.when, "move_pct")
        compare(saved.value, 2.5)
        compare(saved.window_s, 60)
        compare(saved.cooldown_s, 30)
        compare(saved.note, "Check the position.") // what the form did not touch stays
        tryCompare(rules.itemAtIndex(0), "condition", "price moves 2.5% within 60 s")
        compare(rules.itemAtIndex(0).cooldown, "30 s")
    }

    function test_aRuleIsSwitchedOffInPlaceAndADeletedOneComesBackWithUndo() {
        const dashboard = makeDashboard()
        keySequence("Ctrl+5")
        const view = dashboard.alertsView
        const rules = view.ruleList.list
        tryCompare(rules, "count", 1)

        const toggle = findChild(rules.itemAtIndex(0), "ruleEnabledSwitch")
        clickShown(toggle)
        compare(savedRules()[0].enabled, false)
        tryCompare(rules.itemAtIndex(0), "ruleEnabled", false)
        // Switched off, it does not fire.
        Harness.sendTicker("BTC-USD", 71000)
        wait(300)
        compare(Harness.alerts.log.count, 0)
        clickShown(toggle)
        compare(savedRules()[0].enabled, true)
        verify(toggle.checked)

        clickShown(findChild(rules.itemAtIndex(0), "deleteRuleButton"))
        compare(savedRules().length, 0)
        tryCompare(rules, "count", 0)
        const empty = findChild(view, "noRules")
        verify(empty.visible)
        verify(empty.text.indexOf("No rules yet — ") === 0, empty.text)
        const undoBar = findChild(dashboard, "undoBar")
        tryCompare(undoBar, "visible", true)
        compare(undoBar.text, "Alert rule removed.")
        clickShown(findChild(dashboard, "undoButton"))
        tryCompare(rules, "count", 1)
        compare(savedRules()[0].id, "btc-high")
        compare(undoBar.visible, false)

        // Duplicate: a copy under its own id, open in the form.
        clickShown(findChild(rules.itemAtIndex(0), "duplicateRuleButton"))
        tryCompare(rules, "count", 2)
        compare(savedRules()[1].id, "btc-high-2")
        tryCompare(view.ruleForm, "visible", true)
        compare(findChild(view.ruleForm, "ruleFormTitle").text, "Edit rule “btc-high-2”")
        clickShown(findChild(view.ruleForm, "cancelRuleButton"))
        tryCompare(view.ruleForm, "visible", false)
    }
}
