import QtQuick
import QtQuick.Controls
import QtTest
import FeedDeck
import FeedDeckTest

// The real window (Main.qml, its menu bar and dialogs) on a real engine and in-process servers:
// workspaces imported and exported through the File menu, Test connection against a server
// that refuses a symbol, and a wss:// feed trusted through "ca_file".
TestCase {
    id: testCase
    name: "MainWindow"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 800
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

    function openWindow(symbols) {
        Harness.start(symbols)
        Harness.settings.view = 0
        const window = createTemporaryObject(mainComponent, testCase)
        verify(window)
        // As main.cpp does once the window exists: the document opens the saved workspace.
        verify(Harness.openWorkspaceFile(Harness.workspacePath))
        tryVerify(() => window.visible && window.width > 0)
        waitForRendering(window.contentItem)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 5000)
        return window
    }

    // Clicks a menu of the menu bar, then one of its entries, as a person does.
    function chooseMenu(window, menuTitle, entryText) {
        const bar = window.menuBar
        let menuIndex = -1
        for (let i = 0; i < bar.count; ++i) {
            if (bar.menuAt(i).title === menuTitle)
                menuIndex = i
        }
        verify(menuIndex >= 0, "a menu " + menuTitle)
        mouseClick(bar.itemAt(menuIndex))
        const menu = bar.menuAt(menuIndex)
        tryCompare(menu, "opened", true)
        let entry = null
        for (let i = 0; i < menu.count; ++i) {
            const item = menu.itemAt(i)
            if (item && item.text === entryText)
                entry = item
        }
        verify(entry, "an entry " + entryText)
        waitForRendering(entry)
        mouseClick(entry)
        tryCompare(menu, "visible", false)
    }

    // Picks `path` in the open file dialog as a person does: goes to its folder, then clicks the
    // file's entry twice (opening) or types its name and presses Enter (saving).
    function pickFile(window, dialog, path, saving) {
        tryCompare(dialog, "visible", true)
        const slash = path.lastIndexOf("/")
        const name = path.substring(slash + 1)
        dialog.currentFolder = "file://" + path.substring(0, slash)
        const overlay = window.contentItem.parent // the dialog lives in the window's overlay
        if (saving) {
            const field = findChild(overlay, "fileNameTextField")
            verify(field, "the dialog's file name field")
            tryCompare(field, "visible", true)
            field.forceActiveFocus()
            field.selectAll()
            for (const c of name)
                keyClick(c)
            keyClick(Qt.Key_Return) // the dialog takes the typed name when editing is finished
            const buttons = itemWhere(overlay, item => item.visible && typeof item.standardButton === "function")
            verify(buttons, "the dialog's buttons")
            // Qt 6.4's own (non-native) dialog accepts a file to save with its Open button.
            const save = buttons.standardButton(DialogButtonBox.Save) ?? buttons.standardButton(DialogButtonBox.Open)
            verify(save, "the dialog's accept button")
            tryCompare(save, "enabled", true)
            waitForRendering(save)
            mouseClick(save)
        } else {
            const list = findChild(overlay, "fileDialogListView")
            verify(list, "the dialog's file list")
            let entry = null
            tryVerify(() => {
                for (let i = 0; i < list.count; ++i) {
                    const item = findChild(list, "fileDialogDelegate" + i)
                    if (item && item.fileName === name)
                        entry = item
                }
                return entry !== null
            }, 5000, "an entry for " + name)
            waitForRendering(entry)
            mouseDoubleClickSequence(entry)
        }
        tryCompare(dialog, "visible", false)
    }

    // The first item under `item` (depth first) for which `matches` is true.
    function itemWhere(item, matches) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (matches(child))
                return child
            const found = itemWhere(child, matches)
            if (found)
                return found
        }
        return null
    }

    function dashboardOf(window) {
        const dashboard = findChild(window.contentItem, "dashboard")
        verify(dashboard, "the window's dashboard")
        return dashboard
    }

    function rowSymbols() {
        let symbols = []
        for (let row = 0; row < Harness.quotes.rowCount; ++row)
            symbols.push(Harness.quotes.data(Harness.quotes.index(row, 0), QuoteTableModel.SymbolRole))
        return symbols.sort()
    }

    function problemLines() {
        let lines = []
        for (let row = 0; row < Harness.problems.count; ++row)
            lines.push(Harness.problems.data(Harness.problems.index(row, 0), Qt.DisplayRole))
        return lines
    }

    function workspaceWith(feeds) {
        return JSON.stringify({ version: 1, feeds: feeds }, null, 2)
    }

    function test_importingAValidWorkspaceSwitchesTheRunningFeeds() {
        const window = openWindow(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 101)
        tryVerify(() => rowSymbols().indexOf("BTC-USD") >= 0, 5000, rowSymbols().join())

        const path = Harness.tempPath + "/desk.json"
        verify(Harness.writeFile(path, workspaceWith([{ id: "desk", name: "Desk", protocol: "coinbase",
                                                        url: Harness.serverUrl, symbols: ["SOL-USD", "ADA-USD"],
                                                        reconnect: { initial_ms: 100, max_ms: 500 } }])))
        chooseMenu(window, "&File", "&Import workspace…")
        pickFile(window, dashboardOf(window).importDialog, path, false)

        compare(Harness.setup.document.feedCount, 1)
        tryVerify(() => Harness.subscribedSymbols().indexOf("SOL-USD") >= 0, 5000, Harness.subscribedSymbols().join())
        Harness.sendTicker("SOL-USD", 151)
        Harness.sendTicker("ADA-USD", 0.5)
        // New rows appear and the old feed's rows go.
        tryVerify(() => JSON.stringify(rowSymbols()) === JSON.stringify(["ADA-USD", "SOL-USD"]), 5000,
                  rowSymbols().join())
        compare(findChild(dashboardOf(window), "messageDialog").visible, false)
    }

    function test_importingAnInvalidWorkspaceChangesNothingAndSaysWhyAndWhere() {
        const window = openWindow(["BTC-USD"])
        Harness.sendTicker("BTC-USD", 101)
        tryVerify(() => rowSymbols().indexOf("BTC-USD") >= 0, 5000)
        const before = Harness.readFile(Harness.workspacePath)

        const path = Harness.tempPath + "/broken.json"
        verify(Harness.writeFile(path, workspaceWith([{ id: "desk", protocol: "coinbase", url: "htp://nowhere",
                                                        symbols: ["SOL-USD"] }])))
        chooseMenu(window, "&File", "&Import workspace…")
        pickFile(window, dashboardOf(window).importDialog, path, false)

        const message = findChild(dashboardOf(window), "messageDialog")
        tryCompare(message, "visible", true)
        verify(message.text.indexOf(path) >= 0, message.text)
        verify(message.informativeText.indexOf("feeds[0].url") >= 0, message.informativeText)
        // The running feeds, their rows and the saved file are as they were.
        compare(Harness.setup.document.feedCount, 1)
        compare(Harness.feeds.summary, "1 of 1 feeds live")
        compare(rowSymbols(), ["BTC-USD"])
        compare(Harness.readFile(Harness.workspacePath), before)
        message.close()
    }

    function test_exportedWorkspaceLoadsBackEqual() {
        const window = openWindow(["BTC-USD", "ETH-USD"])
        const path = Harness.tempPath + "/exported.json"
        chooseMenu(window, "&File", "&Export workspace…")
        pickFile(window, dashboardOf(window).exportDialog, path, true)
        tryVerify(() => Harness.fileExists(path), 5000)
        verify(Harness.loadsBackAsTheOpenWorkspace(path))
        compare(findChild(dashboardOf(window), "messageDialog").visible, false)
    }

    function test_testConnectionShowsTheReasonTheServerRefusedASymbolFor() {
        const window = openWindow(["BTC-USD"])
        Harness.refuseSymbols(["NOPE-USD"])
        chooseMenu(window, "&View", "&Feeds\tCtrl+4")
        const dashboard = dashboardOf(window)
        compare(dashboard.currentView, Views.Feeds)
        const row = findChild(dashboard, "feedRow_crypto")
        verify(row)
        mouseClick(row)
        compare(Harness.setup.editor.feedId, "crypto")
        waitForRendering(dashboard.feedsEditor)
        // Typed into the draft's symbols, not applied: Test connection tries what is in the form.
        const symbols = findChild(dashboard, "symbolInput")
        symbols.forceActiveFocus()
        for (const c of "NOPE-USD")
            keyClick(c)
        keyClick(Qt.Key_Return)
        compare(Harness.setup.editor.symbols.count, 2)

        const testButton = findChild(dashboard, "testButton")
        waitForRendering(testButton)
        mouseClick(testButton)
        tryCompare(Harness.setup.tester, "running", false, 9000)
        const summary = findChild(dashboard, "testSummary")
        verify(summary.text.indexOf("the server refused NOPE-USD: NOPE-USD is not a valid product") >= 0, summary.text)
    }

    function test_caFileMakesAWssFeedTrustedAndWithoutItTheCertificateProblemIsShown() {
        const window = openWindow(["BTC-USD"])
        const url = Harness.startSecureServer()
        verify(url.startsWith("wss://127.0.0.1:"), "the test CA could be made (see the log)")
        const untrusted = Harness.tempPath + "/untrusted.json"
        const trusted = Harness.tempPath + "/trusted.json"
        const feed = { id: "secure", name: "Secure desk", protocol: "coinbase", url: url, symbols: ["BTC-USD"],
                       reconnect: { initial_ms: 100, max_ms: 300 } }
        verify(Harness.writeFile(untrusted, workspaceWith([feed])))
        feed.ca_file = Harness.testCaFile()
        verify(Harness.writeFile(trusted, workspaceWith([feed])))

        // Without ca_file: refused, and the window says it was the certificate, in plain words.
        chooseMenu(window, "&File", "&Import workspace…")
        pickFile(window, dashboardOf(window).importDialog, untrusted, false)
        const lastError = () => Harness.feeds.data(Harness.feeds.index(0, 0), FeedStatusModel.LastErrorRole) ?? ""
        tryVerify(() => lastError().startsWith("TLS certificate rejected: "), 10000, lastError())
        verify(lastError().indexOf("\"ca_file\"") >= 0, lastError())
        compare(Harness.feeds.data(Harness.feeds.index(0, 0), FeedStatusModel.NameRole), "Secure desk")
        compare(Harness.feeds.summary, "0 of 1 feeds live")

        // With ca_file: the same server is trusted, the feed goes live and shows values.
        chooseMenu(window, "&File", "&Import workspace…")
        pickFile(window, dashboardOf(window).importDialog, trusted, false)
        tryCompare(Harness.feeds, "summary", "1 of 1 feeds live", 10000)
        Harness.sendSecureTicker("BTC-USD", 202)
        tryVerify(() => rowSymbols().indexOf("BTC-USD") >= 0, 5000, rowSymbols().join())
    }

    // #19: after the first change to the demo was saved, the title still read "Demo" and the
    // welcome bar still said this was the built-in demo; after "Open the demo" from a broken
    // file, the title still named that file.
    function test_theTitleAndWelcomeBarFollowWhatIsOpen() {
        const window = openWindow(["BTC-USD"])
        Harness.settings.welcomeDismissed = false
        compare(window.title, "FeedDeck — " + Harness.workspacePath)
        const banner = findChild(dashboardOf(window), "demoBanner")
        compare(banner.visible, false)

        Harness.openDemoAsAtFirstStart()
        compare(window.title, "FeedDeck — Demo")
        tryCompare(banner, "visible", true)
        // The first change is saved as the user's workspace: no longer the demo.
        verify(Harness.setup.document.setEnabled("stock", false))
        verify(Harness.fileExists(Harness.workspacePath))
        compare(window.title, "FeedDeck — " + Harness.workspacePath)
        tryCompare(banner, "visible", false)

        const broken = Harness.tempPath + "/broken-title.json"
        verify(Harness.writeFile(broken, "{ \"version\": 1, \"feeds\": [ }"))
        verify(!Harness.openWorkspaceFile(broken))
        compare(window.title, "FeedDeck — " + broken)
        const openDemo = findChild(dashboardOf(window), "openDemoButton")
        tryCompare(openDemo, "visible", true)
        waitForRendering(openDemo)
        mouseClick(openDemo)
        tryCompare(window, "title", "FeedDeck — Demo")
        compare(Harness.readFile(broken), "{ \"version\": 1, \"feeds\": [ }")
    }

    // #19: a feed on a dead port showed "reconnects 0", "last never", a blue dot and nothing in
    // Problems while attempt after attempt failed.
    function test_aFeedThatKeepsFailingLooksLikeIt() {
        const window = openWindow(["BTC-USD"])
        const dashboard = dashboardOf(window)
        Harness.stopServer()
        const health = () => Harness.feeds.data(Harness.feeds.index(0, 0), FeedStatusModel.HealthRole)
        tryCompare(Harness.feeds, "summary", "0 of 1 feeds live", 5000)
        tryVerify(() => health() === "failing", 10000, health())
        const badge = findChild(dashboard, "feedBadge")
        verify(Qt.colorEqual(badge.dotColor, Theme.error), badge.dotColor)
        const counters = findChild(dashboard, "feedCounters")
        const attempts = Number(counters.text.match(/^attempts\u00a0(\d+) · /)[1])
        verify(attempts >= 4, counters.text) // the first, live, then three that failed

        const failing = () => problemLines().filter(line => line.indexOf("Crypto: cannot connect") === 0)
        tryVerify(() => failing().length === 1, 5000, problemLines().join("\n"))
        const first = failing()[0]
        // Later attempts update that one line rather than adding lines.
        tryVerify(() => failing().length === 1 && failing()[0] !== first, 10000, failing().join("\n"))
        compare(failing().length, 1)
    }

    // #19: the theme button's tooltip stayed up over the welcome bar's Dismiss button.
    function test_theThemeTipStaysClearOfDismissAndGoesOnClick() {
        const window = openWindow(["BTC-USD"])
        Harness.settings.welcomeDismissed = false
        Harness.openDemoAsAtFirstStart()
        const dashboard = dashboardOf(window)
        const banner = findChild(dashboard, "demoBanner")
        tryCompare(banner, "visible", true)
        const button = findChild(dashboard, "themeButton")
        const tip = findChild(button, "themeTip")
        const dismiss = findChild(dashboard, "welcomeDismiss")
        waitForRendering(button)
        mouseMove(button, button.width / 2, button.height / 2)
        tryCompare(button, "hovered", true)
        tryCompare(tip, "visible", true, 3000)
        tryCompare(tip, "opened", true)
        const tipRect = tip.contentItem.mapToItem(null, 0, 0, tip.contentItem.width, tip.contentItem.height)
        const dismissRect = dismiss.mapToItem(null, 0, 0, dismiss.width, dismiss.height)
        verify(tipRect.y + tipRect.height <= dismissRect.y || tipRect.x + tipRect.width <= dismissRect.x,
               "the tip " + JSON.stringify(tipRect) + " does not cover Dismiss " + JSON.stringify(dismissRect))
        const wasDark = Harness.settings.dark
        mouseClick(button)
        compare(Harness.settings.dark, !wasDark)
        // The window and what is in it follow the application's palette, which UiSettings sets.
        tryVerify(() => (window.palette.window.hslLightness < 0.5) === !wasDark, 3000, "the window's palette follows")
        tryVerify(() => (dashboard.palette.base.hslLightness < 0.5) === !wasDark, 3000, "the dashboard's palette follows")
        tryCompare(tip, "visible", false)
        mouseClick(dismiss)
        compare(Harness.settings.welcomeDismissed, true)
        tryCompare(banner, "visible", false)
        Harness.settings.theme = wasDark ? "dark" : "light"
    }

    // F11 and View ▸ Full screen are one action: the key goes in and out of full screen, the
    // menu names the key.
    function test_f11TogglesFullScreen() {
        const window = openWindow(["BTC-USD"])
        window.requestActivate()
        tryCompare(window, "active", true)
        keyClick(Qt.Key_F11)
        tryCompare(window, "visibility", Window.FullScreen)
        keyClick(Qt.Key_F11)
        tryVerify(() => window.visibility !== Window.FullScreen)
        compare(window.fullScreenAction.shortcut, "F11")
    }

    // #19: modal dialogs had no dimmed backdrop; the window behind read as active.
    function test_theWindowDimsBehindAModalDialog() {
        const window = openWindow(["BTC-USD"])
        const dashboard = dashboardOf(window)
        const backdrop = findChild(window.Overlay.overlay, "modalBackdrop")
        verify(backdrop, "the backdrop in the window's overlay")
        compare(backdrop.visible, false)
        keySequence("Ctrl+E")
        tryCompare(dashboard.exportCsvDialog, "opened", true)
        compare(backdrop.visible, true)
        compare(backdrop.color, Theme.backdrop)
        verify(backdrop.color.a > 0.3, "dim enough to read as behind")
        compare(backdrop.width, window.width)
        compare(backdrop.height, window.height)
        keyClick(Qt.Key_Escape)
        tryCompare(dashboard.exportCsvDialog, "visible", false)
        compare(backdrop.visible, false)
        chooseMenu(window, qsTr("&Help"), qsTr("&About FeedDeck"))
        const about = findChild(window, "aboutDialog")
        tryCompare(about, "opened", true)
        compare(backdrop.visible, true)
        keyClick(Qt.Key_Escape)
        tryCompare(about, "visible", false)
        compare(backdrop.visible, false)
    }

    // A dark choice is dark from the start in the window, its tables, menus and dialogs: Qt Quick
    // Controls start a window from the platform's palette, so Theme.dress() gives it the
    // application's (which UiSettings chose), every group, the disabled one included.
    function test_aDarkChoiceIsDarkFromTheStartInMenusAndDialogs() {
        const wasTheme = Harness.settings.theme
        Harness.settings.theme = "dark"
        const window = openWindow(["BTC-USD"])
        const dashboard = dashboardOf(window)
        verify(window.palette.window.hslLightness < 0.5, "the window " + window.palette.window)
        verify(dashboard.quotesPane.palette.base.hslLightness < 0.5, "the quotes table " + dashboard.quotesPane.palette.base)
        const fileMenu = window.menuBar.menuAt(0)
        verify(fileMenu.palette.window.hslLightness < 0.5, "the File menu " + fileMenu.palette.window)
        keySequence("Ctrl+E")
        tryCompare(dashboard.exportCsvDialog, "opened", true)
        verify(dashboard.exportCsvDialog.palette.window.hslLightness < 0.5,
               "the export dialog " + dashboard.exportCsvDialog.palette.window)
        // A disabled control's text is the palette's disabled colour, not the enabled one.
        verify(!Qt.colorEqual(window.palette.disabled.buttonText, window.palette.active.buttonText),
               "disabled " + window.palette.disabled.buttonText)
        keyClick(Qt.Key_Escape)
        tryCompare(dashboard.exportCsvDialog, "visible", false)
        Harness.settings.theme = wasTheme
    }
}
